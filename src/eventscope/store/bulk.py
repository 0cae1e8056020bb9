"""Bulk loading: defer index and full-text maintenance while a large batch of articles goes in.

A bulk session is a row in ``bulk_load`` (schema v3), written in the same transaction that
drops the secondary indexes of the per-event tables and the unique index on event ids (schema
v4), so the file always says which work is owed. While the row exists every write transaction
(whoever makes it) skips the full-text, event-country and per-day count rows; ``finish`` then,
in one transaction, recreates the indexes from their saved SQL, indexes the new rows for full
text, derives their country rows with two INSERT ... SELECTs, adds their counts with one
GROUP BY, and deletes the row. Each step is atomic, so a failure at
any point leaves a store whose rows are all correct; only the owed work can be missing, and
``finish`` (run by the owner in a ``finally``, by the next writer that finds the owner gone, or
by a re-run of the bulk load) completes it. A re-run never duplicates: articles are still
checked by their unique id, which is never dropped.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from . import fts_order
from .queries import country_iso2

__all__ = ["BulkState", "begin", "current", "finish", "owner_gone", "this_owner"]

log = logging.getLogger(__name__)

_CREATE_INDEX = re.compile(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!IF\s)", re.IGNORECASE)
# Tables whose secondary indexes are dropped during a bulk load: the ones that grow with every
# event or article, and dyad_counts, whose index on n every batch's upserts rewrite (about half
# of their cost; rebuilding it at the end is one sort of a table bounded by actor pairs).
# Unique indexes and primary keys stay (articles.id keeps re-runs idempotent), except the unique
# index on the hashed event ids: inserting into it lands on a random page of a B-tree as large
# as the store, and every page a batch touches is written again at its commit.
# While it is dropped, the writer checks each batch's event ids itself and ``finish`` rebuilds it
# in one sorted pass (see _create_unique_event_index for ids that two batches share).
_DEFERRED_TABLES = (
    "events",
    "event_actors",
    "article_actors",
    "entities",
    "places",
    "dates",
    "quotes",
    "dyad_counts",
)
_DEFERRED_UNIQUE = ("events_id",)


@dataclass(frozen=True)
class BulkState:
    """An open bulk session: rows with keys above these were stored without deferred work."""

    after_article: int
    after_event: int
    owner: str
    started_at: str
    indexes: tuple[tuple[str, str], ...]  # (name, CREATE INDEX sql) dropped at the start


def this_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_gone(owner: str) -> bool:
    """True when ``owner`` was a process of this host that no longer runs (POSIX only).

    Elsewhere, or for another host, the owner is assumed alive: the session then waits for an
    explicit ``Store.finish_bulk_load()`` or a re-run of the bulk load, never for a guess.
    """
    host, _, pid = owner.rpartition(":")
    if os.name != "posix" or host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: existence check only
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def current(cur: sqlite3.Cursor) -> BulkState | None:
    row = cur.execute(
        "SELECT after_article, after_event, owner, started_at, indexes FROM bulk_load WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return BulkState(
        after_article=int(row[0]),
        after_event=int(row[1]),
        owner=str(row[2]),
        started_at=str(row[3]),
        indexes=tuple((str(n), str(s)) for n, s in json.loads(row[4])),
    )


def begin(cur: sqlite3.Cursor, owner: str) -> BulkState:
    """Open a session (or return the one already open) inside the caller's transaction."""
    state = current(cur)
    if state is not None:
        return state
    marks = ",".join("?" * len(_DEFERRED_TABLES))
    indexes = tuple(
        (str(n), str(s))
        for n, s in cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name",
            _DEFERRED_TABLES,
        )
        # keep UNIQUE ones, but for those listed in _DEFERRED_UNIQUE
        if not (m := _CREATE_INDEX.match(s)) or not m.group(1) or n in _DEFERRED_UNIQUE
    )
    state = BulkState(
        after_article=_max_key(cur, "articles"),
        after_event=_max_key(cur, "events"),
        owner=owner,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        indexes=indexes,
    )
    cur.execute(
        "INSERT INTO bulk_load(id, after_article, after_event, owner, started_at, indexes) "
        "VALUES (1, ?, ?, ?, ?, ?)",
        (state.after_article, state.after_event, owner, state.started_at, json.dumps(indexes)),
    )
    for name, _ in indexes:
        cur.execute(f'DROP INDEX IF EXISTS "{name}"')
    return state


def finish(cur: sqlite3.Cursor) -> bool:
    """Do the owed work of an open session inside the caller's transaction; False if none was open."""
    state = current(cur)
    if state is None:
        return False
    for name, sql in state.indexes:
        create = _CREATE_INDEX.sub(r"\g<0>IF NOT EXISTS ", sql, count=1)
        if name in _DEFERRED_UNIQUE:
            _create_unique_event_index(cur, create)
        else:
            cur.execute(create)
    cur.execute(
        "INSERT INTO articles_fts(rowid, title, text) SELECT key, title, text FROM articles WHERE key > ?",
        (state.after_article,),
    )
    fts_order.register(cur.connection)
    for statement in fts_order.index_statements(f"key > {int(state.after_event)}"):
        cur.execute(statement)
    _insert_event_countries(cur, state.after_event)
    # Per-day counts of the new events: all events under country '', then each country row.
    # Grouping by (type, date) lets SQLite read the events_type_date index instead of the wide
    # event rows; NULL and '' dates both count as '' (the upsert adds them up). "WHERE true"
    # lets SQLite parse an upsert after a SELECT.
    cur.execute(
        """INSERT INTO event_counts(country, date, type, n)
           SELECT country, date, type, n FROM (
             SELECT '' AS country, coalesce(date, '') AS date, type, count(*) AS n
               FROM events WHERE key > :ev GROUP BY type, events.date
             UNION ALL
             SELECT country, date, type, count(*) FROM event_countries
               WHERE event_key > :ev GROUP BY country, date, type) WHERE true
           ON CONFLICT(country, date, type) DO UPDATE SET n = n + excluded.n""",
        {"ev": state.after_event},
    )
    cur.execute("DELETE FROM bulk_load WHERE id = 1")
    return True


def _insert_event_countries(cur: sqlite3.Cursor, after_event: int) -> None:
    """The country rows of the load's events, by the writer's rule, in two INSERT ... SELECTs.

    An event has a row per distinct ISO2 code among its location's country and its actors'
    countries (writer._insert_events). The codes are mapped by ``country_iso2`` itself, through
    temporary tables of the distinct stored codes and of the actors' ISO2 codes, so SQL applies
    exactly the Python mapping. Actor countries are read as they are now, as the normal path's
    repair leaves them. OR IGNORE drops the repeats (an actor of the location's country, or a
    session opened by an older version, which wrote these rows as it went).
    """
    iso2_of: dict[str, str | None] = {}

    def iso2(code: str) -> str | None:
        if code not in iso2_of:
            iso2_of[code] = country_iso2(code)
        return iso2_of[code]

    actor_rows = [
        (key, code)
        for key, country in cur.execute("SELECT key, country FROM actors WHERE country IS NOT NULL")
        if (code := iso2(country))
    ]
    for (country,) in cur.execute(
        "SELECT DISTINCT country FROM events WHERE key > ? AND country IS NOT NULL", (after_event,)
    ).fetchall():
        iso2(country)
    cur.execute("DROP TABLE IF EXISTS temp.iso2_of")
    cur.execute("DROP TABLE IF EXISTS temp.actor_iso2")
    cur.execute("CREATE TEMP TABLE iso2_of(code TEXT PRIMARY KEY, iso2 TEXT NOT NULL) WITHOUT ROWID")
    cur.execute("CREATE TEMP TABLE actor_iso2(key INTEGER PRIMARY KEY, iso2 TEXT NOT NULL)")
    cur.executemany(
        "INSERT INTO temp.iso2_of(code, iso2) VALUES (?, ?)", [(c, i) for c, i in iso2_of.items() if i]
    )
    cur.executemany("INSERT INTO temp.actor_iso2(key, iso2) VALUES (?, ?)", actor_rows)
    # Two statements, not a UNION: a UNION (or an ORDER BY) first sorts every row, which cost
    # more than the sorted inserts saved. CROSS JOIN keeps the scan in event order (otherwise
    # SQLite may start from the small actor table and visit the events in random order).
    cur.execute(
        """INSERT OR IGNORE INTO event_countries(country, date, type, event_key)
           SELECT m.iso2, coalesce(e.date, ''), e.type, e.key
             FROM events e JOIN temp.iso2_of m ON m.code = e.country WHERE e.key > ?""",
        (after_event,),
    )
    cur.execute(
        """INSERT OR IGNORE INTO event_countries(country, date, type, event_key)
           SELECT ai.iso2, coalesce(e.date, ''), e.type, e.key
             FROM event_actors ea CROSS JOIN temp.actor_iso2 ai ON ai.key = ea.actor_key
             CROSS JOIN events e ON e.key = ea.event_key
            WHERE ea.event_key > ?""",
        (after_event,),
    )
    cur.execute("DROP TABLE temp.iso2_of")
    cur.execute("DROP TABLE temp.actor_iso2")


def _create_unique_event_index(cur: sqlite3.Cursor, sql: str) -> None:
    """Rebuild the unique index on event ids, first renaming ids that two batches of the load share.

    The writer rejects a batch that repeats an event id, but while the index is dropped it cannot
    see an id stored by an earlier batch (the normal path raises a StoreError for that article).
    Such an id is a clash of content hashes or of ids given by an import. The first stored copy
    keeps the id, each later one is kept as ``<id>#<key>`` with a warning, so the index builds
    and no row is lost. Checked only when the build fails: the usual load pays nothing for it.
    """
    cur.execute("SAVEPOINT event_ids")
    try:
        cur.execute(sql)
    except sqlite3.IntegrityError:
        cur.execute("ROLLBACK TO event_ids")
        repeated = cur.execute(
            "SELECT id, group_concat(key) FROM events GROUP BY id HAVING count(*) > 1"
        ).fetchall()
        for id_, keys in repeated:
            for key in sorted(int(k) for k in str(keys).split(","))[1:]:
                new_id = f"{id_}#{key}"
                cur.execute("UPDATE events SET id = ? WHERE key = ?", (new_id, key))
                log.warning(
                    "bulk load: event id %s was stored twice; the later copy is kept as %s", id_, new_id
                )
        cur.execute(sql)
    cur.execute("RELEASE event_ids")


def _max_key(cur: sqlite3.Cursor, table: str) -> int:
    return int(cur.execute(f"SELECT coalesce(max(key), 0) FROM {table}").fetchone()[0])
