"""Event-sentence search by date through date-ordered full-text rowids (store/fts_order.py)."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest

from eventscope.records import Actor, Article, Event
from eventscope.store import EventFilter, Store
from eventscope.store import writer as store_writer
from eventscope.store.fts_order import KEY_BITS, KEY_MASK, ROWID_SQL, date_code, fts_rowid, register
from eventscope.store.schema import LATEST_VERSION, MIGRATIONS, migrate

WORDS = ["alpha", "bravo", "charlie", "delta", "echo"]
# ISO days, months and years as eventscope writes them, plus text it does not write but an
# import could: all of it must come back in the stored date's order.
ODD_DATES = [None, "", "2024", "2024-03", "2024-03-05T10:00", "2024/03/05", "junk", "2023-13-40", "20240305"]
ACTOR = Actor(id="a1", name="Someone", kind="person")


def _dates(rng: random.Random) -> str | None:
    if rng.random() < 0.3:
        return rng.choice(ODD_DATES)
    return f"2024-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"


def _articles(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    arts = []
    for i in range(n):
        n = rng.randint(1, 6)
        sentences = [" ".join(rng.choices(WORDS, k=4)) + f" number{i}x{j}." for j in range(n)]
        text = " ".join(sentences)
        art = Article(id=f"art{i}", text=text, actors=[ACTOR])
        pos = 0
        for s in sentences:
            etype = rng.choice(["PROTEST", "ASSAULT", "AID"])
            art.events.append(
                Event(
                    id=Event.make_id(art.id, pos, pos + len(s), etype),
                    type=etype,
                    sentence=s,
                    start=pos,
                    end=pos + len(s),
                    source=["a1"],
                    date=_dates(rng),
                )
            )
            pos += len(s) + 1
        arts.append(art)
    rng.shuffle(arts)  # dates do not follow the insertion order
    return arts


def _expected(store: Store, flt: EventFilter, *, limit: int, offset: int, desc: bool) -> list[str]:
    # limit=None takes the plan that reads every match and sorts them all.
    every = store.events(flt, limit=None, desc=desc)
    return [r.event.id for r in every[offset : offset + limit]]


def test_date_code_is_weakly_monotone_and_exact_on_iso_dates() -> None:
    rng = random.Random(1)
    alphabet = "0123456789-/T :aZ\u00e9\uffff"
    texts = {"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)}
    for _ in range(20_000):
        iso = f"{rng.randint(0, 9999):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
        texts.add(iso[: rng.choice([4, 7, 10])])
    ordered = sorted(texts, key=lambda t: t.encode())  # SQLite's BINARY order on UTF-8 text
    codes = [date_code(t) for t in ordered]
    assert all(a <= b for a, b in zip(codes, codes[1:]))
    iso = [t for t in ordered if re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", t)]
    iso_codes = [date_code(t) for t in iso]
    assert all(a < b for a, b in zip(iso_codes, iso_codes[1:]))
    assert date_code(None) == date_code("") == 0 < date_code("0000")
    assert fts_rowid("9999-99-99", (1 << KEY_BITS) - 1) < 1 << 63
    with pytest.raises(ValueError):
        fts_rowid("2024-01-01", 1 << KEY_BITS)
    # The SQL form used by bulk loads and the migration gives the same rowids.
    conn = sqlite3.connect(":memory:")
    register(conn)
    conn.execute("CREATE TABLE events (key INTEGER PRIMARY KEY, date TEXT)")
    sample = [*ordered[::7], *ODD_DATES, "0000-00-00", "9999-99-99", "2024-02-30", "2024-1-05"]
    conn.executemany("INSERT INTO events (date) VALUES (?)", [(t,) for t in sample])
    for key, date, rowid in conn.execute(f"SELECT key, date, {ROWID_SQL} FROM events"):
        assert rowid == fts_rowid(date, key), date


@pytest.mark.parametrize("bulk", [False, True])
def test_text_search_by_date_matches_a_full_sort(tmp_path: Path, bulk: bool) -> None:
    arts = _articles(120)
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles(arts, batch=17, bulk=bulk)
        filters = [
            EventFilter(text="alpha"),
            EventFilter(text="bravo charlie"),
            EventFilter(text="delta OR echo"),
            EventFilter(text='"alpha bravo"'),
            EventFilter(text="echo", since="2024-02-10", until="2024-03"),
            EventFilter(text="alpha", since="2024"),
            EventFilter(text="charlie", until="2024-02-15"),
            EventFilter(text="alpha", type="PROTEST"),
            EventFilter(text="bravo", type="AID", since="2024-01-20"),
            EventFilter(text="number5x0"),
            EventFilter(text="nomatch"),
            EventFilter(text="alpha AND (bravo"),  # not FTS syntax: searched as plain words
        ]
        checked = 0
        for flt in filters:
            for desc in (True, False):
                for limit, offset in ((1, 0), (3, 0), (10, 0), (10, 5), (25, 40), (500, 0)):
                    got = [r.event.id for r in store.events(flt, limit=limit, offset=offset, desc=desc)]
                    want = _expected(store, flt, limit=limit, offset=offset, desc=desc)
                    assert got == want, (flt, desc, limit, offset)
                    checked += bool(got)
            assert store.count_events(flt) == len(store.events(flt, limit=None))
        assert checked > 100


def test_text_search_with_an_actor_keeps_its_plan(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles(_articles(30), batch=10)
        flt = EventFilter(text="alpha", actor="a1")
        got = [r.event.id for r in store.events(flt, limit=5)]
        assert got == _expected(store, flt, limit=5, offset=0, desc=True)
        assert store.count_events(flt) == store.count_events(EventFilter(text="alpha"))


def test_text_search_stops_early(tmp_path: Path) -> None:
    """The page costs about the page, not every match: count the event rows SQLite reads."""
    arts = _articles(300, seed=3)
    with Store.open(tmp_path / "s.db") as store:
        store.add_articles(arts, batch=50)
        n_match = store.count_events(EventFilter(text="alpha"))
        assert n_match > 400
    steps = []

    def count() -> int:
        steps.append(1)
        return 0

    with Store.open(tmp_path / "s.db", readonly=True) as store:
        store._live().set_progress_handler(count, 100)
        store.events(EventFilter(text="alpha"), limit=5)
        fast = len(steps)
        steps.clear()
        store.events(EventFilter(text="alpha"), limit=None)
        full = len(steps)
    assert fast * 5 < full


def _v4_store(path: Path, arts: list[Article]) -> tuple[sqlite3.Connection, sqlite3.Cursor]:
    """A store at schema version 4 holding ``arts``, written by the current writer."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, migrations=MIGRATIONS[:4])
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    store_writer.insert_articles(cur, arts)
    cur.execute("COMMIT")
    return conn, cur


def test_migration_to_date_ordered_full_text_keeps_search(tmp_path: Path) -> None:
    """A version-4 store (full-text rowid = event key) is re-indexed by date on open."""
    arts = _articles(40)
    old = tmp_path / "v4.db"
    conn, cur = _v4_store(old, arts)
    # The v4 layout: rowid = key (rewrite what the current writer put there).
    cur.execute("DELETE FROM events_fts")
    cur.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
    conn.close()
    with Store.open(old) as st:
        assert st.stats().schema_version == LATEST_VERSION
        rowids = st._live().execute("SELECT rowid FROM events_fts ORDER BY rowid").fetchall()
        stored = st._live().execute("SELECT date, key FROM events").fetchall()
        assert sorted(r[0] for r in rowids) == sorted(fts_rowid(d, k) for d, k in stored)
        flt = EventFilter(text="bravo")
        want = _expected(st, flt, limit=7, offset=0, desc=True)
        assert [r.event.id for r in st.events(flt, limit=7)] == want
    with Store.open(tmp_path / "new.db") as st:
        st.add_articles(arts, batch=100)
        fresh = st._live().execute("SELECT rowid FROM events_fts ORDER BY rowid").fetchall()
    assert rowids == fresh


def test_migration_during_an_open_bulk_load_leaves_its_events_owed(tmp_path: Path) -> None:
    """Migration 5 indexes the events stored before an open load; finishing the load adds the rest."""
    from eventscope.store import bulk

    arts = _articles(40)
    old = tmp_path / "v4.db"
    conn, cur = _v4_store(old, arts[:20])
    cur.execute("BEGIN IMMEDIATE")
    state = bulk.begin(cur, "some-other-host:1")  # another host's load: not finished on open
    cur.execute("COMMIT")
    cur.execute("BEGIN IMMEDIATE")
    store_writer.insert_articles(cur, arts[20:], deferred_after=state.after_event)
    cur.execute("COMMIT")
    conn.close()
    with Store.open(old) as st:
        assert st.bulk_pending()
        indexed = st._live().execute("SELECT max(rowid & ?) FROM events_fts", (KEY_MASK,)).fetchone()[0]
        assert indexed == state.after_event
        assert st.finish_bulk_load()
        rowids = st._live().execute("SELECT rowid FROM events_fts ORDER BY rowid").fetchall()
    with Store.open(tmp_path / "new.db") as st:
        st.add_articles(arts, batch=100)
        assert st._live().execute("SELECT rowid FROM events_fts ORDER BY rowid").fetchall() == rowids
