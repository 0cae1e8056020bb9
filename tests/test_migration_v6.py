"""Migration 6: the unused index of article-actor links by actor is dropped, rows and queries kept."""

from __future__ import annotations

import functools
import random
import sqlite3
from pathlib import Path

from eventscope.records import Article
from eventscope.store import EventFilter, Store
from eventscope.store import bulk
from eventscope.store import writer as store_writer
from eventscope.store.bench import _articles, _world
from eventscope.store.schema import ARTICLE_ACTORS_ACTOR, LATEST_VERSION, MIGRATIONS, migrate

_TABLES = (
    "articles",
    "entities",
    "actors",
    "article_actors",
    "places",
    "dates",
    "quotes",
    "events",
    "event_actors",
    "event_countries",
    "event_counts",
    "dyad_counts",
)


@functools.lru_cache(maxsize=1)
def _bench_articles(n_events: int = 600) -> tuple[Article, ...]:
    rng = random.Random(5)
    return tuple(_articles(_world(rng), rng, n_events))


def _v5_store(path: Path, arts: tuple[Article, ...]) -> sqlite3.Connection:
    """A store at schema version 5 holding ``arts``, written by the current writer."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, migrations=MIGRATIONS[:5])
    assert _indexes(conn) >= {ARTICLE_ACTORS_ACTOR}
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    store_writer.insert_articles(cur, arts)
    cur.execute("COMMIT")
    return conn


def _indexes(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in _TABLES}
    out["articles"] = [r[:-1] for r in out["articles"]]  # ingested_at aside
    out["events_fts"] = sorted(conn.execute("SELECT rowid FROM events_fts").fetchall())
    conn.close()
    return out


def test_fresh_store_has_no_article_actor_index(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as st:
        st.add_articles(_bench_articles(), batch=20)
        assert ARTICLE_ACTORS_ACTOR not in _indexes(st._live())
        assert st.stats().schema_version == LATEST_VERSION == 6


def test_migration_6_keeps_every_row_and_query(tmp_path: Path) -> None:
    arts = _bench_articles()
    old = tmp_path / "v5.db"
    _v5_store(old, arts).close()
    before = _rows(old)
    with Store.open(old, readonly=False) as st:
        assert st.stats().schema_version == LATEST_VERSION
        assert ARTICLE_ACTORS_ACTOR not in _indexes(st._live())
        got = st.get_article(arts[3].id)
        busiest = st.actors(limit=1)[0].actor.id
        by_actor = [r.event.id for r in st.events(EventFilter(actor=busiest), limit=None)]
    assert got.to_dict()["actors"] == arts[3].to_dict()["actors"]
    assert _rows(old) == before
    with Store.open(tmp_path / "new.db") as st:
        st.add_articles(arts, batch=len(arts))
        assert [r.event.id for r in st.events(EventFilter(actor=busiest), limit=None)] == by_actor
    assert _rows(tmp_path / "new.db") == before


def test_migration_6_during_an_open_bulk_load_does_not_rebuild_the_index(tmp_path: Path) -> None:
    """A load opened by a version-5 store saved the index to recreate; its final step must not."""
    arts = _bench_articles()
    old = tmp_path / "v5.db"
    conn = _v5_store(old, arts[:20])
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    state = bulk.begin(cur, "some-other-host:1")  # another host's load: left open on open
    cur.execute("COMMIT")
    assert ARTICLE_ACTORS_ACTOR in {name for name, _ in state.indexes}
    cur.execute("BEGIN IMMEDIATE")
    store_writer.insert_articles(cur, arts[20:], deferred_after=state.after_event)
    cur.execute("COMMIT")
    conn.close()
    with Store.open(old) as st:
        assert st.bulk_pending()
        saved = bulk.current(st._live().cursor())
        assert saved is not None
        assert [n for n, _ in saved.indexes] == [n for n, _ in state.indexes if n != ARTICLE_ACTORS_ACTOR]
        assert st.finish_bulk_load()
        assert ARTICLE_ACTORS_ACTOR not in _indexes(st._live())
    with Store.open(tmp_path / "new.db") as st:
        st.add_articles(arts, batch=100)
    assert _rows(old) == _rows(tmp_path / "new.db")
    assert _indexes(sqlite3.connect(old)) == _indexes(sqlite3.connect(tmp_path / "new.db"))
