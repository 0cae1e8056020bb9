"""Tables and migrations of the SQLite store.

Migrations are applied in order, each in its own transaction; the version reached is kept in
``PRAGMA user_version`` and every applied step is recorded in the ``migrations`` table.

Design notes (target: 10M events):
- every main table has an INTEGER ``key`` (the rowid) besides its text ``id``: link tables and
  FTS indexes use the compact integer, text ids only get one unique index each;
- ``event_actors`` repeats the event date so "actor X between two dates" is one index range scan;
- ``event_countries`` holds, per event, the location country and every actor's country (ISO2),
  with date ('' when unknown) and type: it is the events-by-country+date index, and the country
  filter and the per-country timeline read it as one covering index;
- ``actors.resolved`` is 1 (dictionary), 0 (unresolved name) or -1 (placeholder for an id that an
  event named but no article listed), so an upsert can keep the richer record;
- ``event_counts`` keeps the number of events per (country, day, type), country '' meaning all
  events and day '' undated ones: timelines and totals by country read at most days x types
  rows, however many events there are;
- ``events_fts`` rows are keyed by event date, then key (store/fts_order.py), so a text query
  sorted by date reads a page of matches, not all of them;
- ``dyad_counts`` keeps (source actor, target actor) pair counts so the unfiltered dyad list
  reads an index instead of joining every event's actors;
- actor counters (n_articles, n_events, as_source, as_target) are kept up to date on insert so
  listing actors by activity never scans the link tables;
- ``article_actors`` is read by article only (its primary key): it has no index by actor (v6).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from ..errors import StoreError
from . import fts_order

__all__ = ["Migration", "MIGRATIONS", "LATEST_VERSION", "migrate", "schema_version"]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE IF NOT EXISTS migrations (
        version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    """CREATE TABLE articles (
        key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, url TEXT, published TEXT,
        source TEXT, language TEXT, author TEXT, origin TEXT, text TEXT NOT NULL, focus_country TEXT,
        provenance TEXT NOT NULL DEFAULT '{}', n_events INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL)""",
    """CREATE TABLE entities (
        article_key INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, origin TEXT)""",
    "CREATE INDEX entities_article ON entities(article_key)",
    """CREATE TABLE actors (
        key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_fold TEXT NOT NULL,
        kind TEXT, country TEXT, sector TEXT, role TEXT, wikidata TEXT, label TEXT,
        resolved INTEGER NOT NULL DEFAULT 1,
        n_articles INTEGER NOT NULL DEFAULT 0, n_events INTEGER NOT NULL DEFAULT 0,
        as_source INTEGER NOT NULL DEFAULT 0, as_target INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX actors_country ON actors(country)",
    "CREATE INDEX actors_events ON actors(n_events)",
    """CREATE TABLE article_actors (
        article_key INTEGER NOT NULL, actor_key INTEGER NOT NULL, position INTEGER NOT NULL,
        mentions TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (article_key, actor_key)) WITHOUT ROWID""",
    "CREATE INDEX article_actors_actor ON article_actors(actor_key)",
    """CREATE TABLE places (
        article_key INTEGER NOT NULL, name TEXT NOT NULL, text TEXT, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, lat REAL, lon REAL, country TEXT, geonameid INTEGER, admin1 TEXT,
        feature_class TEXT, feature_code TEXT, population INTEGER, confidence REAL)""",
    "CREATE INDEX places_article ON places(article_key)",
    """CREATE TABLE dates (
        article_key INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        date TEXT, granularity TEXT, from_publication INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX dates_article ON dates(article_key)",
    """CREATE TABLE quotes (
        key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article_key INTEGER NOT NULL, speaker TEXT,
        speaker_text TEXT, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        direct INTEGER NOT NULL DEFAULT 1)""",
    "CREATE INDEX quotes_article ON quotes(article_key)",
    "CREATE INDEX quotes_speaker ON quotes(speaker)",
    """CREATE TABLE events (
        key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article_key INTEGER NOT NULL,
        type TEXT NOT NULL, mode TEXT, context TEXT NOT NULL DEFAULT '[]',
        acled_type TEXT COLLATE NOCASE, acled_subtype TEXT COLLATE NOCASE, quad_class INTEGER,
        modality TEXT NOT NULL DEFAULT 'asserted' COLLATE NOCASE, confidence REAL NOT NULL DEFAULT 0.5,
        date TEXT, date_granularity TEXT, date_from_publication INTEGER NOT NULL DEFAULT 0,
        sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        trigger TEXT, trigger_start INTEGER, trigger_end INTEGER,
        loc_name TEXT, loc_text TEXT, loc_start INTEGER, loc_end INTEGER, lat REAL, lon REAL,
        country TEXT, geonameid INTEGER, admin1 TEXT, feature_class TEXT, feature_code TEXT,
        population INTEGER, loc_confidence REAL,
        quote_id TEXT, killed INTEGER, injured INTEGER)""",
    "CREATE INDEX events_date ON events(date)",
    "CREATE INDEX events_type_date ON events(type, date)",
    "CREATE INDEX events_article ON events(article_key)",
    """CREATE TABLE event_actors (
        event_key INTEGER NOT NULL, actor_key INTEGER NOT NULL, role TEXT NOT NULL,
        position INTEGER NOT NULL, date TEXT)""",
    "CREATE INDEX event_actors_event ON event_actors(event_key)",
    "CREATE INDEX event_actors_actor ON event_actors(actor_key, role, date, event_key)",
    """CREATE TABLE event_countries (
        country TEXT NOT NULL, date TEXT, type TEXT NOT NULL, event_key INTEGER NOT NULL,
        PRIMARY KEY (country, date, type, event_key)) WITHOUT ROWID""",
    """CREATE TABLE event_counts (
        country TEXT NOT NULL, date TEXT NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (country, date, type)) WITHOUT ROWID""",
    """CREATE TABLE dyad_counts (
        source_key INTEGER NOT NULL, target_key INTEGER NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (source_key, target_key)) WITHOUT ROWID""",
    "CREATE INDEX dyad_counts_n ON dyad_counts(n)",
    # External-content FTS indexes: the text lives once, in articles/events.
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='key',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE events_fts USING fts5(
        sentence, content='events', content_rowid='key',
        tokenize='porter unicode61 remove_diacritics 2')""",
)

_V2 = (
    # The argument phrases (character spans) of each event's source and target, resolved or not.
    "ALTER TABLE events ADD COLUMN arguments TEXT NOT NULL DEFAULT '{}'",
)

_V3 = (
    # An open bulk load (at most one row): which rows still owe their full-text and count rows,
    # and the SQL of the indexes dropped meanwhile (see store/bulk.py).
    """CREATE TABLE bulk_load (
        id INTEGER PRIMARY KEY CHECK (id = 1), after_article INTEGER NOT NULL,
        after_event INTEGER NOT NULL, owner TEXT NOT NULL, started_at TEXT NOT NULL,
        indexes TEXT NOT NULL DEFAULT '[]')""",
)

_EVENT_COLUMNS_V2 = """
        key INTEGER PRIMARY KEY, id TEXT NOT NULL, article_key INTEGER NOT NULL,
        type TEXT NOT NULL, mode TEXT, context TEXT NOT NULL DEFAULT '[]',
        acled_type TEXT COLLATE NOCASE, acled_subtype TEXT COLLATE NOCASE, quad_class INTEGER,
        modality TEXT NOT NULL DEFAULT 'asserted' COLLATE NOCASE, confidence REAL NOT NULL DEFAULT 0.5,
        date TEXT, date_granularity TEXT, date_from_publication INTEGER NOT NULL DEFAULT 0,
        sentence TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        trigger TEXT, trigger_start INTEGER, trigger_end INTEGER,
        loc_name TEXT, loc_text TEXT, loc_start INTEGER, loc_end INTEGER, lat REAL, lon REAL,
        country TEXT, geonameid INTEGER, admin1 TEXT, feature_class TEXT, feature_code TEXT,
        population INTEGER, loc_confidence REAL,
        quote_id TEXT, killed INTEGER, injured INTEGER, arguments TEXT NOT NULL DEFAULT '{}'"""

_V4 = (
    # The events table again, with its text id unique through a named index instead of a column
    # constraint: an index SQLite made for a UNIQUE constraint cannot be dropped, a named one
    # can, so a bulk load defers it (random inserts into a unique index on hashed ids were a
    # third of the event row's cost, and grow with the store). Same columns, order and keys, so
    # the full-text index (by key) stays valid; the copy reads every event once.
    f"CREATE TABLE events_v4 ({_EVENT_COLUMNS_V2})",
    "INSERT INTO events_v4 SELECT * FROM events ORDER BY key",
    "DROP TABLE events",
    "ALTER TABLE events_v4 RENAME TO events",
    "CREATE UNIQUE INDEX events_id ON events(id)",
    "CREATE INDEX IF NOT EXISTS events_date ON events(date)",
    "CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date)",
    "CREATE INDEX IF NOT EXISTS events_article ON events(article_key)",
)

# The event sentences' full-text index again, keyed by date (store/fts_order.py): its rowid is
# the event's date code above its key, so a text query sorted by date walks FTS5's matches in
# order and stops after a page. Contentless (the sentence lives in events; nothing reads it
# back from the index, and events are never deleted). Rows go in in rowid order: FTS5 flushes
# its pending segment whenever a rowid goes down, so an unsorted insert makes thousands of tiny
# segments (fts_order.index_statements). An open bulk load's events stay owed (bulk.finish
# indexes them).
EVENTS_FTS_V5 = (
    "CREATE VIRTUAL TABLE events_fts USING fts5(sentence, content='', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
_V5 = (
    "DROP TABLE events_fts",
    EVENTS_FTS_V5,
    *fts_order.index_statements(
        "key <= coalesce((SELECT after_event FROM bulk_load WHERE id = 1), key)"
    ),
)

# The index of article-actor links by actor: no query reads it (an article lists its actors by
# its own key, the primary key; actor queries go through event_actors), yet every stored link
# paid an index entry, and a bulk load's final step sorted all of them (1.2-1.9 us of CPU per
# event of its 28-31 at 1M events). An open bulk load saved it among the indexes to recreate: dropped there
# too, so its final step does not build it again.
ARTICLE_ACTORS_ACTOR = "article_actors_actor"
_V6 = (
    f"DROP INDEX IF EXISTS {ARTICLE_ACTORS_ACTOR}",
    "UPDATE bulk_load SET indexes = (SELECT json_group_array(json(j.value)) "
    f"FROM json_each(bulk_load.indexes) j WHERE json_extract(j.value, '$[0]') <> '{ARTICLE_ACTORS_ACTOR}') "
    "WHERE id = 1",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _V1),
    Migration(2, "event argument spans", _V2),
    Migration(3, "bulk load state", _V3),
    Migration(4, "events.id unique through a named index", _V4),
    Migration(5, "event full-text rows ordered by date", _V5),
    Migration(6, "no index of article-actor links by actor", _V6),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Apply pending migrations in order; return the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Each step runs in a
    ``BEGIN IMMEDIATE`` transaction and re-reads the version inside it, so two processes
    opening a new store at once do not both apply the same step.
    """
    fts_order.register(conn)  # migration 5 computes the date-ordered full-text rowids in SQL
    for step in migrations:
        if schema_version(conn) >= step.version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= step.version:
                conn.execute("ROLLBACK")
                continue
            for statement in step.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations(version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"cannot migrate store to version {step.version}: {exc}") from exc
    return schema_version(conn)
