"""The SQLite store: open/migrate, write Articles, query events, actors, quotes, full text.

One connection per ``Store``, in autocommit mode with explicit transactions (writes use
``BEGIN IMMEDIATE`` so a writer never deadlocks upgrading a read lock). WAL journal plus a busy
timeout let one writer and several readers (CLI, web server) work on the same file. A lock
makes one ``Store`` safe to share between threads. No sqlite3 exception leaves the public API:
they become one-line ``StoreError``s. ``Store.bulk_load()`` (store/bulk.py) is the fast path for
large imports.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import EventscopeError, InputError, NotFoundError, StoreError
from ..records import PLOVER_TYPES, Actor, Article, Event, Place, Quote
from . import bulk as bulk_module
from . import fts_order, writer
from .queries import (
    FilterSQL,
    bucket_sql,
    build_event_filter,
    check_bucket,
    date_bounds,
    fts_match_variants,
    is_fts_syntax_error,
    name_fold,
    normalise_country_filter,
    sum_buckets,
)
from .rows import ActorRow, AddResult, ArticleRow, EventFilter, EventRow, SearchHit, Stats
from .schema import LATEST_VERSION, migrate, schema_version

__all__ = ["Store"]

BUSY_TIMEOUT_MS = 10_000
MMAP_BYTES = 1 << 30
CACHE_KIB = 131_072  # 128 MiB of page cache per connection, at most
# During a bulk load: a larger cache (index builds sort in it) and rarer checkpoints, so the
# pages every batch touches again (index tails, counters) are copied to the database once per
# 256 MiB of WAL instead of once per commit.
BULK_CACHE_KIB = 1_048_576
BULK_AUTOCHECKPOINT_PAGES = 65_536
# Article search ranks at most this many matches, the most recently stored (see Store.search).
RANK_WINDOW = 2000
SEARCH_ORDERS = ("rank", "newest")
_SORTS = {"date": "e.date", "confidence": "e.confidence", "type": "e.type"}


def _walks_text_by_date(flt: EventFilter) -> bool:
    """True when ``Store._text_by_date`` answers the filter: full text with no keyed filter.

    An actor, country or article filter is usually more selective than the text: those keep
    the plan that intersects their indexes with the full-text matches.
    """
    return bool(flt.text) and not (flt.actor or flt.country or flt.article_id)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _deferred_after(cur: sqlite3.Cursor) -> int | None:
    """The last event key before the open bulk load, if one is open (see store/bulk.py).

    Read inside each write transaction: the file, not this object, says whether a load is
    open, since another process may start or finish one meanwhile.
    """
    state = bulk_module.current(cur)
    return None if state is None else state.after_event


def _finish_abandoned_bulk_load(conn: sqlite3.Connection) -> None:
    """Complete a bulk load whose process died (its indexes and full-text rows are owed)."""
    cur = conn.cursor()
    state = bulk_module.current(cur)
    if state is None or not bulk_module.owner_gone(state.owner):
        return
    cur.execute("BEGIN IMMEDIATE")
    try:
        bulk_module.finish(cur)
        cur.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class Store:
    """An eventscope store in one SQLite file. Use ``Store.open(path)``; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self._lock = threading.RLock()
        self._bulk_depth = 0  # nesting of this Store's bulk_load() contexts
        self._written_actors: writer.WrittenActors | None = None  # during bulk_load() only

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
        """Open (creating and migrating when writable) the store at ``path``; StoreError on failure."""
        p = Path(path).expanduser()
        conn: sqlite3.Connection | None = None
        try:
            if readonly:
                if not p.is_file():
                    raise StoreError(f"cannot open store at {p}: no such file (create it by ingesting first)")
                conn = sqlite3.connect(
                    p.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False
                )
            else:
                p.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Read pages through a memory map and keep a larger page cache: both only use what the
            # file needs, and they spare a syscall and a copy per page on large stores.
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute("PRAGMA schema_version").fetchone()  # fails here if the file is not a database
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(
                    "PRAGMA synchronous = NORMAL"
                )  # durable at checkpoints; safe against app crashes
                migrate(conn)
            version = schema_version(conn)
            if version > LATEST_VERSION:
                raise StoreError(
                    f"cannot open store at {p}: schema version {version} is newer than this eventscope "
                    f"({LATEST_VERSION}); upgrade eventscope"
                )
            if version < LATEST_VERSION:
                raise StoreError(
                    f"cannot open store at {p} read-only: schema version {version} needs migration to "
                    f"{LATEST_VERSION}; open it once without read-only"
                )
            if not readonly:
                _finish_abandoned_bulk_load(conn)
        except EventscopeError:
            if conn is not None:
                conn.close()
            raise
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            reason = _one_line(exc)
            if "not a database" in reason or "malformed" in reason:
                reason = "not an eventscope database (" + reason + ")"
            raise StoreError(f"cannot open store at {p}: {reason}") from exc
        return cls(conn, p, readonly=readonly)

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                if not self.readonly:
                    self._conn.execute("PRAGMA analysis_limit = 1000")  # bounded work on a big store
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass  # optimisation hints only; closing must still happen
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def optimize(self) -> None:
        """Refresh the query planner's statistics (sampled): worth running after a large import."""
        with self._write("optimizing the store") as cur:
            cur.execute("PRAGMA analysis_limit = 1000")
            cur.execute("ANALYZE")

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _read(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise StoreError(f"{action}: the store at {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise self._error(action, exc) from exc

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Cursor]:
        """One write transaction: commit on success, roll back on any exception."""
        if self.readonly:
            raise StoreError(f"{action}: the store at {self.path} is open read-only")
        with self._read(action) as conn:
            cur = conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store at {self.path} is closed")
        return self._conn

    def _error(self, action: str, exc: sqlite3.Error) -> StoreError:
        msg = _one_line(exc)
        if "locked" in msg or "busy" in msg:
            return StoreError(
                f"{action}: the store at {self.path} is busy (another writer holds it); try again"
            )
        if "readonly" in msg or "read-only" in msg:
            return StoreError(f"{action}: the store at {self.path} is read-only")
        return StoreError(f"{action}: {msg}")

    def _fts(self, action: str, run: Any, query: str) -> Any:
        """Run an FTS query as typed; on a syntax error retry with each term quoted."""
        variants = fts_match_variants(query)
        for i, variant in enumerate(variants):
            try:
                with self._lock:
                    return run(variant)
            except sqlite3.Error as exc:
                if not (isinstance(exc, sqlite3.OperationalError) and is_fts_syntax_error(exc)):
                    raise self._error(action, exc) from exc
                if i == len(variants) - 1:
                    raise InputError(
                        "search", f"cannot parse full-text query {query!r}: {_one_line(exc)}"
                    ) from exc
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------ writing
    def has_article(self, article_id: str) -> bool:
        with self._read("checking article") as conn:
            return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article) -> bool:
        """Store an article and all its records in one transaction; False if it was already stored."""
        return bool(self._insert(f"storing article {article.id}", [article]))

    def _insert(self, what: str, articles: Sequence[Article]) -> int:
        """Store a batch in one transaction; the number of articles added."""
        memo = self._written_actors
        try:
            with self._write(what) as cur:
                return len(
                    writer.insert_articles(
                        cur, articles, deferred_after=_deferred_after(cur), written_actors=memo
                    )
                )
        except BaseException:
            if memo is not None:
                memo.clear()  # rolled back: the actors it noted as written may not be
            raise

    def add_articles(self, articles: Iterable[Article], *, batch: int = 1, bulk: bool = False) -> AddResult:
        """Store many articles, committing every ``batch`` articles (default: each one).

        If an article fails, the articles before it stay stored (a re-run skips them) and a
        StoreError names the failing one. With ``batch > 1`` a failing batch is retried one
        article at a time so only the bad article is lost. ``bulk=True`` runs the whole call
        as one ``bulk_load()`` (worth it for large imports; see there).
        """
        if self.readonly:
            raise StoreError(f"storing articles: the store at {self.path} is open read-only")
        if bulk:
            with self.bulk_load():
                return self.add_articles(articles, batch=batch)
        added = skipped = 0
        pending: list[Article] = []

        def flush() -> None:
            nonlocal added, skipped
            try:
                n = self._insert("storing articles", pending)
                added += n
                skipped += len(pending) - n
            except EventscopeError as exc:
                if len(pending) == 1:
                    raise StoreError(
                        f"storing article {pending[0].id} failed after {added} added: {exc}"
                    ) from exc
                for art in pending:
                    try:
                        ok = self.add_article(art)
                    except EventscopeError as exc:
                        raise StoreError(
                            f"storing article {art.id} failed after {added} added: {exc}"
                        ) from exc
                    added += ok
                    skipped += not ok
            pending.clear()

        for art in articles:
            pending.append(art)
            if len(pending) >= max(1, batch):
                flush()
        if pending:
            flush()
        return AddResult(added=added, skipped=skipped)

    @contextmanager
    def bulk_load(self) -> Iterator[Store]:
        """Load many articles fast: ``with store.bulk_load(): store.add_articles(chunk, batch=1000)``.

        On entry the secondary indexes of the per-event tables and the unique index on event ids
        are dropped (each batch's event ids are then checked in Python; see store/bulk.py for ids
        that two batches share); inside, writes skip the full-text and per-day count rows; on
        exit (also after an exception) one transaction recreates the indexes, indexes the new
        rows for full text and adds their counts. Every
        step is atomic and recorded in the file, so after a crash the store's rows are intact
        and the next writable ``Store.open`` (or ``finish_bulk_load()``) completes the rest.
        Meanwhile readers see every stored row, but full-text search, the country filter and
        the per-day counts miss the new ones.
        Worth it when the load is large next to the store: the exit step rebuilds the indexes
        of the whole store.
        """
        if self.readonly:
            raise StoreError(f"bulk loading: the store at {self.path} is open read-only")
        if self._bulk_depth:
            self._bulk_depth += 1
            try:
                yield self
            finally:
                self._bulk_depth -= 1
            return
        with self._write("starting a bulk load") as cur:
            bulk_module.begin(cur, bulk_module.this_owner())
        self._set_bulk_pragmas(on=True)
        self._bulk_depth = 1
        self._written_actors = {}
        try:
            yield self
        finally:
            self._bulk_depth = 0
            self._written_actors = None
            try:
                self.finish_bulk_load()
            finally:
                self._set_bulk_pragmas(on=False)

    def finish_bulk_load(self) -> bool:
        """Complete an open (or interrupted) bulk load now; False if there was none."""
        with self._write("finishing the bulk load") as cur:
            done = bulk_module.finish(cur)
        if done:
            with self._read("checkpointing") as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # do not leave a large WAL file behind
        return done

    def bulk_pending(self) -> bool:
        """True while a bulk load is open or was interrupted (full-text misses its rows)."""
        with self._read("reading bulk load state") as conn:
            return bulk_module.current(conn.cursor()) is not None

    def _set_bulk_pragmas(self, *, on: bool) -> None:
        with self._read("setting bulk pragmas") as conn:
            conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB if on else CACHE_KIB}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_AUTOCHECKPOINT_PAGES if on else 1000}")

    # ------------------------------------------------------------------ articles
    def get_article(self, article_id: str) -> Article:
        with self._read(f"reading article {article_id}") as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no article with id {article_id!r} in the store")
            return self._article_from_row(conn, row)

    def _article_from_row(self, conn: sqlite3.Connection, row: sqlite3.Row) -> Article:
        key = row["key"]
        data: dict[str, Any] = {
            c: row[c]
            for c in (
                "id",
                "text",
                "title",
                "url",
                "published",
                "source",
                "language",
                "author",
                "origin",
                "focus_country",
            )
        }
        data["provenance"] = json.loads(row["provenance"])
        data["entities"] = [
            {
                "text": r["text"],
                "label": r["label"],
                "start": r["start"],
                "end": r["end"],
                "origin": r["origin"],
            }
            for r in conn.execute("SELECT * FROM entities WHERE article_key = ? ORDER BY rowid", (key,))
        ]
        actors = []
        for r in conn.execute(
            "SELECT a.*, aa.mentions FROM article_actors aa JOIN actors a ON a.key = aa.actor_key "
            "WHERE aa.article_key = ? ORDER BY aa.position",
            (key,),
        ):
            d = _actor_dict(r)
            d["mentions"] = json.loads(r["mentions"])
            actors.append(d)
        data["actors"] = actors
        data["places"] = [
            {c: r[c] for c in r.keys() if c != "article_key"}
            for r in conn.execute("SELECT * FROM places WHERE article_key = ? ORDER BY rowid", (key,))
        ]
        data["dates"] = [
            {
                "text": r["text"],
                "start": r["start"],
                "end": r["end"],
                "date": r["date"],
                "granularity": r["granularity"],
                "from_publication": bool(r["from_publication"]),
            }
            for r in conn.execute("SELECT * FROM dates WHERE article_key = ? ORDER BY rowid", (key,))
        ]
        data["quotes"] = [
            _quote(r).to_dict()
            for r in conn.execute("SELECT * FROM quotes WHERE article_key = ? ORDER BY key", (key,))
        ]
        ev_rows = conn.execute("SELECT * FROM events WHERE article_key = ? ORDER BY key", (key,)).fetchall()
        roles = self._event_actor_ids(conn, [r["key"] for r in ev_rows])
        data["events"] = [_event(r, roles.get(r["key"], {})).to_dict() for r in ev_rows]
        return Article.from_dict(data)

    def _event_actor_ids(
        self, conn: sqlite3.Connection, keys: Sequence[int]
    ) -> dict[int, dict[str, list[tuple[str, str]]]]:
        """event key -> role -> [(actor id, actor name)] in position order."""
        out: dict[int, dict[str, list[tuple[str, str]]]] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            q = (
                "SELECT ea.event_key, ea.role, a.id, a.name FROM event_actors ea "
                "JOIN actors a ON a.key = ea.actor_key "
                f"WHERE ea.event_key IN ({','.join('?' * len(chunk))}) "
                "ORDER BY ea.event_key, ea.role, ea.position"
            )
            for ek, role, aid, name in conn.execute(q, chunk):
                out.setdefault(ek, {}).setdefault(role, []).append((aid, name))
        return out

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Most recently stored first."""
        with self._read("listing articles") as conn:
            rows = conn.execute(
                "SELECT id, title, url, published, source, n_events, ingested_at FROM articles "
                "ORDER BY key DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [ArticleRow(*r) for r in rows]

    def count_articles(self) -> int:
        with self._read("counting articles") as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    # ------------------------------------------------------------------ events
    def _run_filtered(self, action: str, flt: EventFilter | None, make_sql: Any, **opts: Any) -> list[Any]:
        """Run ``make_sql(FilterSQL) -> (sql, params)``; FTS text in the filter gets the quoting fallback."""
        if flt is not None and flt.text:

            def run(match: str) -> list[Any]:
                sql, params = make_sql(build_event_filter(flt, fts=match, **opts))
                return self._live().execute(sql, params).fetchall()

            return self._fts(action, run, flt.text)  # type: ignore[no-any-return]
        fsql = build_event_filter(flt, **opts)
        sql, params = make_sql(fsql)
        with self._read(action) as conn:
            return conn.execute(sql, params).fetchall()

    def events(
        self,
        flt: EventFilter | None = None,
        *,
        limit: int | None = 100,
        offset: int = 0,
        sort: str = "date",
        desc: bool = True,
    ) -> list[EventRow]:
        if sort not in _SORTS:
            raise InputError("sort", f"unknown sort {sort!r}; use one of {', '.join(_SORTS)}")
        order = "DESC" if desc else "ASC"

        def make(f: FilterSQL) -> tuple[str, list[object]]:
            by = f"{_SORTS[sort]} {order}, e.key {order}"
            cols = (
                "e.*, a.id AS article_id, a.title AS article_title, a.url AS article_url, "
                "a.published AS article_published"
            )
            page = [*f.params, -1 if limit is None else limit, offset]
            if flt is not None and flt.text:
                # Keys first, rows after: a full-text filter can match thousands of events for
                # the 100 shown; the page is chosen reading only each match's sort column, and
                # only its events are decoded whole and joined to their article.
                sql = (
                    f"WITH page AS (SELECT e.key AS k FROM events e WHERE {f.where} ORDER BY {by} "
                    f"LIMIT ? OFFSET ?) SELECT {cols} FROM page JOIN events e ON e.key = page.k "
                    f"JOIN articles a ON a.key = e.article_key ORDER BY {by}"
                )
                return sql, page
            sql = (
                f"SELECT {cols} FROM events e JOIN articles a ON a.key = e.article_key WHERE {f.where} "
                f"ORDER BY {by} LIMIT ? OFFSET ?"
            )
            return sql, page

        if flt is not None and sort == "date" and limit is not None and _walks_text_by_date(flt):
            if limit <= 0:
                return []
            rows = self._text_by_date(flt, limit=limit, offset=max(0, offset), desc=desc)
        else:
            top = None if (limit is None or sort != "date") else limit + offset
            rows = self._run_filtered("querying events", flt, make, top_by_date=top, desc=desc)
        with self._read("reading event actors") as conn:
            roles = self._event_actor_ids(conn, [r["key"] for r in rows])
        return [_event_row(r, roles.get(r["key"], {})) for r in rows]

    def _text_by_date(self, flt: EventFilter, *, limit: int, offset: int, desc: bool) -> list[Any]:
        """A page of the events matching ``flt.text`` (and plain column filters), by date, exactly.

        The full-text rowids follow (date, key) order (store/fts_order.py), so FTS5 walks the
        matches newest (or oldest) first and stops at the (limit + offset)-th that passes the
        other filters. Dates that share a date code (codes are exact on ISO dates; other date
        text shares a code with its neighbours) can be out of key order, so the rest of the last
        one's code group is read too; the page is then sorted by the stored date and key, as
        ``events()`` always does. The cost follows the page and one day's matches, not the
        number of matches; a query whose matches are mostly undated still reads them all.
        """
        rest = build_event_filter(dataclasses.replace(flt, text=None))
        lo, hi = fts_order.code_range(*date_bounds(flt))
        order = "DESC" if desc else "ASC"
        by = f"e.date {order}, e.key {order}"
        bits, mask = fts_order.KEY_BITS, fts_order.KEY_MASK
        # The other filters need the event row; without them FTS5 alone walks the matches.
        join = "" if rest.where == "1" else f"CROSS JOIN events e ON e.key = events_fts.rowid & {mask}"
        also = "" if rest.where == "1" else f"AND {rest.where}"
        walk = (
            f"SELECT events_fts.rowid FROM events_fts {join} WHERE events_fts MATCH ? "
            f"AND events_fts.rowid BETWEEN ? AND ? {also} ORDER BY events_fts.rowid {order} LIMIT ?"
        )
        tail = "SELECT rowid FROM events_fts WHERE events_fts MATCH ? AND rowid BETWEEN ? AND ?"
        page = (
            "WITH page AS (SELECT e.key AS k FROM json_each(?) j CROSS JOIN events e ON e.key = j.value "
            f"WHERE {rest.where} ORDER BY {by} LIMIT ? OFFSET ?) "
            "SELECT e.*, a.id AS article_id, a.title AS article_title, a.url AS article_url, "
            "a.published AS article_published FROM page CROSS JOIN events e ON e.key = page.k "
            f"JOIN articles a ON a.key = e.article_key ORDER BY {by}"
        )

        def run(match: str) -> list[Any]:
            conn = self._live()
            top = limit + offset
            found = [r[0] for r in conn.execute(walk, [match, lo, hi, *rest.params, top])]
            if len(found) == top:  # the page may end inside a date group: read the rest of it
                last = found[-1]
                group = last >> bits
                if desc:
                    span = (max(lo, group << bits), last - 1)
                else:
                    span = (last + 1, min(hi, ((group + 1) << bits) - 1))
                found += [r[0] for r in conn.execute(tail, [match, *span])]
            keys = json.dumps([r & mask for r in found])
            return conn.execute(page, [keys, *rest.params, limit, offset]).fetchall()

        return self._fts("querying events", run, flt.text or "")  # type: ignore[no-any-return]

    def count_events(self, flt: EventFilter | None = None) -> int:
        counted = self._counted(flt, dated=False, total=True)
        if counted is not None:
            return int(counted[0][0] or 0)
        if flt is not None and flt.text and dataclasses.replace(flt, text=None).is_empty():
            # Text alone: FTS5 counts its matches without reading an event row.
            def run(match: str) -> list[Any]:
                sql = "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?"
                return self._live().execute(sql, (match,)).fetchall()

            return int(self._fts("counting events", run, flt.text)[0][0])
        rows = self._run_filtered(
            "counting events", flt, lambda f: (f"SELECT count(*) FROM events e WHERE {f.where}", f.params)
        )
        return int(rows[0][0]) if rows else 0

    def count_by_type(self, flt: EventFilter | None = None) -> dict[str, int]:
        """Events per PLOVER type under the filter, undated events included, in one query.

        The per-day counts answer it when they can (no filter, or country, dates and type);
        otherwise one grouped count replaces a ``count_events`` call per type.
        """
        counts: dict[str, int] = {}
        fast = self._counted(flt, dated=False, bucket="year")
        if fast is None:
            fast = self._run_filtered(
                "counting events by type",
                flt,
                lambda f: (f"SELECT '', e.type, count(*) FROM events e WHERE {f.where} GROUP BY e.type", f.params),
            )
        for _period, type_, n in fast:
            if n:
                counts[type_] = counts.get(type_, 0) + int(n)
        return counts

    def get_event(self, event_id: str) -> EventRow:
        with self._read(f"reading event {event_id}") as conn:
            row = conn.execute(
                "SELECT e.*, a.id AS article_id, a.title AS article_title, a.url AS article_url, "
                "a.published AS article_published FROM events e JOIN articles a ON a.key = e.article_key "
                "WHERE e.id = ?",
                (event_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no event with id {event_id!r} in the store")
            roles = self._event_actor_ids(conn, [row["key"]])
        return _event_row(row, roles.get(row["key"], {}))

    def dyads(self, flt: EventFilter | None = None, *, limit: int = 50) -> list[tuple[str, str, int]]:
        """Most frequent (source actor id, target actor id) pairs among the filtered events."""
        if flt is None or flt.is_empty():
            with self._read("counting dyads") as conn:
                rows = conn.execute(
                    "SELECT sa.id, ta.id, d.n FROM dyad_counts d JOIN actors sa ON sa.key = d.source_key "
                    "JOIN actors ta ON ta.key = d.target_key WHERE d.n > 0 "
                    "ORDER BY d.n DESC, sa.id, ta.id LIMIT ?",
                    (limit,),
                ).fetchall()
            return [(s, t, int(n)) for s, t, n in rows]

        def make(f: FilterSQL) -> tuple[str, list[object]]:
            where = (
                "" if f.where == "1" else f"AND s.event_key IN (SELECT e.key FROM events e WHERE {f.where})"
            )
            sql = (
                "SELECT sa.id, ta.id, count(*) AS n FROM event_actors s "
                "JOIN event_actors t ON t.event_key = s.event_key AND t.role = 'target' "
                "JOIN actors sa ON sa.key = s.actor_key JOIN actors ta ON ta.key = t.actor_key "
                f"WHERE s.role = 'source' {where} GROUP BY s.actor_key, t.actor_key "
                "ORDER BY n DESC, sa.id, ta.id LIMIT ?"
            )
            return sql, [*f.params, limit]

        return [(s, t, int(n)) for s, t, n in self._run_filtered("counting dyads", flt, make)]

    def timeline(self, flt: EventFilter | None = None, *, bucket: str = "week") -> list[tuple[str, str, int]]:
        """(period start ISO date, PLOVER type, n events) for dated events, in period order.

        Weeks start on Monday; months and years on their first day.
        """
        check_bucket(bucket)
        fast = self._counted(flt, dated=True, bucket=bucket)
        if fast is not None:
            return [(p, t, int(n)) for p, t, n in fast if p]

        def make(f: FilterSQL) -> tuple[str, list[object]]:
            sql = (
                f"SELECT e.date, e.type, count(*) FROM events e WHERE {f.where} AND e.date IS NOT NULL "
                "AND e.date <> '' GROUP BY e.date, e.type"
            )
            return sql, f.params

        return sum_buckets(self._run_filtered("building timeline", flt, make), bucket)

    def _counted(
        self, flt: EventFilter | None, *, dated: bool, total: bool = False, bucket: str | None = None
    ) -> list[Any] | None:
        """(date, type, n) rows from the event_counts table when it can answer ``flt``, else None.

        It can for no filter, or a country with optional dates and PLOVER type.
        """
        if flt is not None and (flt.actor or flt.text or flt.article_id or flt.modality):
            return None
        if flt is not None and flt.type and flt.type.strip().upper() not in PLOVER_TYPES:
            return None
        where = ["country = ?"]
        params: list[object] = [
            normalise_country_filter(flt.country) if flt is not None and flt.country else ""
        ]
        if dated:
            where.append("date <> ''")
        if flt is not None:
            if flt.type:
                where.append("type = ?")
                params.append(flt.type.strip().upper())
            f = build_event_filter(EventFilter(since=flt.since, until=flt.until))
            where.append(f.where.replace("e.date", "date"))
            params.extend(f.params)
        sql = f"SELECT sum(n) FROM event_counts WHERE {' AND '.join(where)} AND n > 0"
        if not total:
            period = bucket_sql(bucket or "day")
            sql = (
                f"SELECT {period} AS period, type, sum(n) FROM event_counts WHERE {' AND '.join(where)} "
                "AND n > 0 GROUP BY period, type ORDER BY period, type"
            )
        with self._read("counting events") as conn:
            return conn.execute(sql, params).fetchall()

    # ------------------------------------------------------------------ actors, quotes
    def _actor_where(self, query: str | None, country: str | None) -> tuple[str, list[object]]:
        where: list[str] = ["1"]
        params: list[object] = []
        if query:
            where.append("(id = ? OR instr(name_fold, ?) > 0)")
            params.extend([query.strip(), name_fold(query.strip())])
        if country:
            import pycountry

            iso2 = normalise_country_filter(country)
            rec = pycountry.countries.get(alpha_2=iso2)
            where.append("country IN (?, ?)")
            params.extend([iso2, rec.alpha_3 if rec else iso2])
        return " AND ".join(where), params

    def actors(
        self,
        *,
        query: str | None = None,
        country: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[ActorRow]:
        """Actors by activity (most events first)."""
        where, params = self._actor_where(query, country)
        with self._read("listing actors") as conn:
            rows = conn.execute(
                f"SELECT * FROM actors WHERE {where} "
                "ORDER BY n_events DESC, n_articles DESC, id LIMIT ? OFFSET ?",
                [*params, -1 if limit is None else limit, offset],
            ).fetchall()
        return [_actor_row(r) for r in rows]

    def count_actors(self, *, query: str | None = None, country: str | None = None) -> int:
        where, params = self._actor_where(query, country)
        with self._read("counting actors") as conn:
            return int(conn.execute(f"SELECT count(*) FROM actors WHERE {where}", params).fetchone()[0])

    def get_actor(self, actor_id: str) -> ActorRow:
        with self._read(f"reading actor {actor_id}") as conn:
            row = conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no actor with id {actor_id!r} in the store")
        return _actor_row(row)

    def quotes(
        self, *, speaker: str | None = None, article_id: str | None = None, limit: int = 100
    ) -> list[Quote]:
        """Quotes, newest stored first; ``speaker`` is an actor id or a substring of its name."""
        where, params = ["1"], []
        if speaker:
            where.append("speaker IN (SELECT id FROM actors WHERE id = ? OR instr(name_fold, ?) > 0)")
            params.extend([speaker.strip(), name_fold(speaker.strip())])
        if article_id:
            where.append("article_key = (SELECT key FROM articles WHERE id = ?)")
            params.append(article_id)
        with self._read("listing quotes") as conn:
            rows = conn.execute(
                f"SELECT * FROM quotes WHERE {' AND '.join(where)} ORDER BY article_key DESC, key LIMIT ?",
                [*params, limit],
            ).fetchall()
        return [_quote(r) for r in rows]

    # ------------------------------------------------------------------ search, stats
    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        marks: tuple[str, str] = ("«", "»"),
        order: str = "rank",
        window: int = RANK_WINDOW,
    ) -> list[SearchHit]:
        """Full-text search over article titles and texts.

        ``order="rank"`` (default): best first by bm25 among the ``window`` most recently stored
        matching articles, which is exact ranking whenever at most ``window`` articles match. A
        query matching more (a common word in a large store) ranks its newest ``window`` matches
        only: scoring every match costs time in proportion to their number (about 100 ms for
        24,000 matches), while finding the newest ones lets FTS5 stop early.
        ``order="newest"``: the most recently stored matches first, unranked (the cheapest).

        FTS5 syntax (AND/OR/NOT, "phrases", prefix*) is honoured; text that is not valid FTS
        syntax is searched as plain words instead. InputError for an empty query.
        """
        if order not in SEARCH_ORDERS:
            choices = ", ".join(SEARCH_ORDERS)
            raise InputError("order", f"unknown search order {order!r}; use one of {choices}")
        if window < 1:
            raise InputError("window", f"the ranking window must be at least 1, not {window}")
        snippet = "snippet(articles_fts, -1, :open, :close, '…', 16)"
        page = "FROM articles_fts JOIN articles a ON a.key = articles_fts.rowid WHERE articles_fts MATCH :q"
        cols = f"a.id, a.title, {snippet}, articles_fts.rank"
        newest = f"SELECT {cols} {page} ORDER BY articles_fts.rowid DESC LIMIT :n"
        ranked = f"SELECT {cols} {page} ORDER BY articles_fts.rank LIMIT :n"
        # FTS5 walks matches by rowid, so the window-th newest match costs at most ``window`` of them.
        bound = (
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"
        )
        # More matches than the window: rank those from the bound up. bm25() sorted by SQLite costs
        # half of FTS5's ORDER BY rank there; the snippets are made for the page only, seeking each
        # of its rows by rowid (CROSS JOIN keeps that loop order).
        windowed = (
            "WITH top AS (SELECT rowid AS k, bm25(articles_fts) AS score FROM articles_fts "
            "WHERE articles_fts MATCH :q AND rowid >= :bound ORDER BY score, k LIMIT :n) "
            f"SELECT a.id, a.title, {snippet}, top.score FROM top "
            "CROSS JOIN articles_fts ON articles_fts.rowid = top.k "
            "CROSS JOIN articles a ON a.key = top.k "
            "WHERE articles_fts MATCH :q ORDER BY top.score, top.k"
        )

        def run(match: str) -> list[Any]:
            conn = self._live()
            params = {"open": marks[0], "close": marks[1], "q": match, "n": limit, "skip": window - 1}
            if order == "newest":
                return conn.execute(newest, params).fetchall()
            first = conn.execute(bound, params).fetchone()
            if first is None:  # at most ``window`` matches: FTS5 ranks them all, exactly
                return conn.execute(ranked, params).fetchall()
            return conn.execute(windowed, {**params, "bound": first[0]}).fetchall()

        rows = self._fts("searching", run, query)
        return [SearchHit(article_id=r[0], title=r[1], snippet=r[2] or "", rank=float(r[3])) for r in rows]

    def stats(self) -> Stats:
        with self._read("reading statistics") as conn:

            def one(sql: str) -> Any:
                return conn.execute(sql).fetchone()[0]

            by_type = {
                t: int(n)
                for t, n in conn.execute(
                    "SELECT type, sum(n) FROM event_counts WHERE country = '' "
                    "GROUP BY type HAVING sum(n) > 0 "
                    "ORDER BY 2 DESC, 1"
                )
            }
            return Stats(
                articles=int(one("SELECT count(*) FROM articles")),
                events=sum(by_type.values()),
                actors=int(one("SELECT count(*) FROM actors")),
                places=int(one("SELECT count(*) FROM places")),
                quotes=int(one("SELECT count(*) FROM quotes")),
                by_type=by_type,
                first_date=one("SELECT min(date) FROM events WHERE date > ''"),
                last_date=one("SELECT max(date) FROM events"),
                schema_version=schema_version(conn),
            )


# ---------------------------------------------------------------------- row -> record
def _actor_dict(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"],
        "name": r["name"],
        "kind": r["kind"],
        "country": r["country"],
        "sector": r["sector"],
        "role": r["role"],
        "wikidata": r["wikidata"],
        "label": r["label"],
        "resolved": r["resolved"] > 0,
    }


def _actor_row(r: sqlite3.Row) -> ActorRow:
    return ActorRow(
        actor=Actor(**_actor_dict(r)),
        n_articles=r["n_articles"],
        n_events=r["n_events"],
        as_source=r["as_source"],
        as_target=r["as_target"],
    )


def _quote(r: sqlite3.Row) -> Quote:
    return Quote(
        id=r["id"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
        speaker=r["speaker"],
        direct=bool(r["direct"]),
        speaker_text=r["speaker_text"],
    )


def _event(r: sqlite3.Row, roles: dict[str, list[tuple[str, str]]]) -> Event:
    location = None
    if r["loc_name"] is not None:
        location = Place(
            name=r["loc_name"],
            start=r["loc_start"],
            end=r["loc_end"],
            text=r["loc_text"] or "",
            lat=r["lat"],
            lon=r["lon"],
            country=r["country"],
            geonameid=r["geonameid"],
            admin1=r["admin1"],
            feature_class=r["feature_class"],
            feature_code=r["feature_code"],
            population=r["population"],
            confidence=r["loc_confidence"],
        )
    arguments = json.loads(r["arguments"]) if "arguments" in r.keys() and r["arguments"] else {}
    return Event(
        id=r["id"],
        type=r["type"],
        sentence=r["sentence"],
        start=r["start"],
        end=r["end"],
        trigger=r["trigger"],
        trigger_start=r["trigger_start"],
        trigger_end=r["trigger_end"],
        mode=r["mode"],
        context=json.loads(r["context"]),
        acled_type=r["acled_type"],
        acled_subtype=r["acled_subtype"],
        quad_class=r["quad_class"],
        source=[a for a, _ in roles.get("source", [])],
        target=[a for a, _ in roles.get("target", [])],
        location=location,
        date=r["date"],
        date_granularity=r["date_granularity"],
        date_from_publication=bool(r["date_from_publication"]),
        modality=r["modality"],
        confidence=r["confidence"],
        quote=r["quote_id"],
        killed=r["killed"],
        injured=r["injured"],
        source_spans=arguments.get("source_spans", []),
        target_spans=arguments.get("target_spans", []),
    )


def _event_row(r: sqlite3.Row, roles: dict[str, list[tuple[str, str]]]) -> EventRow:
    return EventRow(
        event=_event(r, roles),
        article_id=r["article_id"],
        article_title=r["article_title"],
        article_url=r["article_url"],
        published=r["article_published"],
        source_names=[n for _, n in roles.get("source", [])],
        target_names=[n for _, n in roles.get("target", [])],
    )
