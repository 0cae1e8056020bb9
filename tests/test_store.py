"""Tests of the SQLite store (no spaCy): round trip, idempotence, transactions, filters, search."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from eventscope.errors import InputError, NotFoundError, StoreError
from eventscope.records import (
    PLOVER_TYPES,
    Actor,
    Article,
    DateMention,
    Entity,
    Event,
    Place,
    Provenance,
    Quote,
    content_id,
)
from eventscope.store import AddResult, EventFilter, Store
from eventscope.store import writer as store_writer
from eventscope.store.bench import BenchResult, bench_store
from eventscope.store.schema import LATEST_VERSION, MIGRATIONS

ASTANA = Place(
    name="Astana",
    start=0,
    end=6,
    text="Astana",
    lat=51.18,
    lon=71.45,
    country="KZ",
    geonameid=1526273,
    admin1="05",
    feature_class="P",
    feature_code="PPLC",
    population=345604,
    confidence=0.9,
)
KABUL = Place(name="Kabul", start=0, end=5, text="Kabul", lat=34.5, lon=69.2, country="AF", geonameid=1138958)


def make_article(
    title: str,
    sentences: list[str],
    *,
    events: list[dict],
    actors: list[Actor],
    published: str = "2024-03-05",
) -> Article:
    """An article whose events point at the given sentences (offsets computed from the text)."""
    text = " ".join(sentences)
    aid = content_id(text, title)
    art = Article(
        id=aid,
        text=text,
        title=title,
        url=f"https://example.org/{aid}",
        published=published,
        source="Example",
        language="en",
        author="A. Writer",
        origin="test",
        focus_country="KZ",
        actors=actors,
        provenance=Provenance(pipeline="p1", model="m1", actors="a1", classifier="c1"),
    )
    for spec in events:
        sent = sentences[spec.pop("sentence_index", 0)]
        start = text.index(sent)
        etype = spec.pop("type")
        art.events.append(
            Event(
                id=Event.make_id(aid, start, start + len(sent), etype),
                type=etype,
                sentence=sent,
                start=start,
                end=start + len(sent),
                **spec,
            )
        )
    return art


KZ_GOV = Actor(
    id="KAZ-GOV",
    name="Government of Kazakhstan",
    kind="government",
    country="KAZ",
    sector="GOV",
    label="ORG",
    mentions=[[0, 10]],
)
TOKAYEV = Actor(
    id="tokayev-kassym",
    name="Kassym-Jomart Tokayev",
    kind="person",
    country="KAZ",
    sector="GOV",
    role="President",
    wikidata="Q318471",
    label="PERSON",
    mentions=[[12, 19], [40, 42]],
)
TALIBAN = Actor(id="taliban", name="Taliban", kind="armed_group", country="AFG", sector="REB", label="ORG")
PROTESTERS = Actor(id="u:protesters", name="protesters", kind=None, resolved=False, label="NORP")


def full_article() -> Article:
    sentences = [
        "Tokayev met Taliban envoys in Astana on Monday.",
        "Protesters rallied against fuel prices in Kabul.",
        "The government threatened sanctions.",
    ]
    art = make_article(
        "Tokayev meets Taliban",
        sentences,
        actors=[TOKAYEV, TALIBAN, PROTESTERS, KZ_GOV],
        events=[
            dict(
                type="CONSULT",
                source=["tokayev-kassym"],
                target=["taliban"],
                location=ASTANA,
                date="2024-03-04",
                date_granularity="day",
                trigger="met",
                trigger_start=8,
                trigger_end=11,
                mode="visit",
                context=["diplomatic"],
                acled_type="Strategic developments",
                acled_subtype="Agreement",
                quad_class=1,
                confidence=0.8,
                sentence_index=0,
            ),
            dict(
                type="PROTEST",
                source=["u:protesters"],
                target=["taliban"],
                location=KABUL,
                date="2024-02-20",
                date_granularity="week",
                date_from_publication=False,
                acled_type="Protests",
                acled_subtype="Peaceful protest",
                quad_class=3,
                confidence=0.6,
                killed=0,
                injured=2,
                sentence_index=1,
            ),
            dict(
                type="THREATEN",
                source=["KAZ-GOV"],
                target=[],
                date=None,
                modality="hypothetical",
                confidence=0.4,
                sentence_index=2,
            ),
        ],
    )
    art.entities = [Entity("Tokayev", "PERSON", 0, 7), Entity("Astana", "GPE", 29, 35, origin="gazetteer")]
    art.places = [ASTANA, KABUL]
    art.dates = [
        DateMention("Monday", 39, 45, "2024-03-04", "day", False),
        DateMention("", 0, 0, "2024-03-05", "day", True),
    ]
    q = Quote(
        id=Quote.make_id(art.id, 0, 10),
        text="We will talk",
        start=0,
        end=10,
        speaker="tokayev-kassym",
        direct=True,
        speaker_text="Tokayev",
    )
    art.quotes = [q]
    art.events[0].quote = q.id
    return art


def other_article(
    i: int, *, country_place: Place | None = None, actor: Actor = KZ_GOV, date: str = "2023-06-01"
) -> Article:
    return make_article(
        f"Story {i}",
        [f"Officials announced aid number {i} for farmers.", f"Nothing else happened {i}."],
        actors=[actor],
        events=[
            dict(type="AID", source=[actor.id], target=[], location=country_place, date=date, confidence=0.3)
        ],
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "sub" / "dir" / "es.db") as st:
        yield st


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_article(full_article())
    store.add_article(other_article(1))
    store.add_article(other_article(2, country_place=KABUL, actor=TALIBAN, date="2023-07-15"))
    return store


# ---------------------------------------------------------------------- round trip, idempotence
def test_round_trip_all_record_kinds(store: Store) -> None:
    art = full_article()
    assert store.add_article(art) is True
    assert store.has_article(art.id)
    back = store.get_article(art.id)
    assert back.to_dict() == art.to_dict()


def test_re_add_is_idempotent(store: Store) -> None:
    art = full_article()
    assert store.add_article(art) is True
    assert store.add_article(art) is False
    res = store.add_articles([art, other_article(1), other_article(1)])
    assert res == AddResult(added=1, skipped=2)
    assert store.count_articles() == 2
    assert store.count_events() == 4
    # counters were not bumped by the skipped re-adds
    assert store.get_actor("taliban").n_articles == 1


def test_get_missing_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.get_article("nope")
    with pytest.raises(NotFoundError):
        store.get_event("e:nope")
    with pytest.raises(NotFoundError):
        store.get_actor("nope")


def test_failed_article_leaves_nothing_and_others_intact(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    good1, bad, good2 = other_article(1), full_article(), other_article(2)
    real = store_writer._insert_events

    def failing(cur, keyed, actors, **kw):  # type: ignore[no-untyped-def]
        real(cur, keyed, actors, **kw)  # the rows are written, then the failure comes
        if any(a.id == bad.id for _, a in keyed):
            raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(store_writer, "_insert_events", failing)
    with pytest.raises(StoreError, match="simulated"):
        store.add_articles([good1, bad, good2])
    assert store.has_article(good1.id)
    assert not store.has_article(bad.id)
    assert not store.has_article(good2.id)  # the batch stopped at the failure
    conn = sqlite3.connect(store.path)
    # only good1's rows exist: one actor link, one event, nothing of the bad article's annotations
    expected = {
        "entities": 0,
        "places": 0,
        "dates": 0,
        "quotes": 0,
        "article_actors": 1,
        "events": 1,
        "event_actors": 1,
        "articles_fts": 1,
        "events_fts": 1,
    }
    for table, n in expected.items():
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n, table
    assert conn.execute("SELECT count(*) FROM actors WHERE id = 'taliban'").fetchone()[0] == 0
    conn.close()
    # a re-run (failure gone) skips what was stored and adds the rest
    monkeypatch.setattr(store_writer, "_insert_events", real)
    assert store.add_articles([good1, bad, good2]) == AddResult(added=2, skipped=1)
    assert store.get_article(bad.id).to_dict() == bad.to_dict()


def test_batched_add_keeps_good_articles_when_one_fails(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    arts = [other_article(i) for i in range(5)]
    real = store_writer._insert_events

    def failing(cur, keyed, actors, **kw):  # type: ignore[no-untyped-def]
        if any(a.id == arts[3].id for _, a in keyed):
            raise sqlite3.OperationalError("simulated failure")
        real(cur, keyed, actors, **kw)

    monkeypatch.setattr(store_writer, "_insert_events", failing)
    with pytest.raises(StoreError, match=arts[3].id):
        store.add_articles(arts, batch=10)
    assert [store.has_article(a.id) for a in arts] == [True, True, True, False, False]


def test_actor_upsert_keeps_richer_record(store: Store) -> None:
    thin = Actor(id="taliban", name="taliban", resolved=False)
    store.add_article(other_article(1, actor=thin))
    assert store.get_actor("taliban").actor.resolved is False
    store.add_article(other_article(2, actor=TALIBAN))
    row = store.get_actor("taliban")
    assert row.actor.name == "Taliban" and row.actor.resolved and row.actor.country == "AFG"
    store.add_article(other_article(3, actor=thin))
    assert store.get_actor("taliban").actor.name == "Taliban"
    assert store.get_actor("taliban").n_articles == 3
    # the actor gained a country after its first event: the country filter sees that event too
    assert store.count_events(EventFilter(country="AF")) == 3


def test_actor_merge_inside_one_batch(store: Store) -> None:
    a1 = Actor(id="u:elders", name="elders", kind="civilians", resolved=False)
    a2 = Actor(id="u:elders", name="Elders", country="AFG", resolved=False)
    res = store.add_articles(
        [other_article(1, actor=a1), other_article(2, actor=a2), other_article(1)], batch=10
    )
    assert res == AddResult(added=2, skipped=1)
    got = store.get_actor("u:elders")
    assert (got.actor.name, got.actor.kind, got.actor.country, got.n_articles) == (
        "elders",
        "civilians",
        "AFG",
        2,
    )


def test_actor_country_correction_moves_its_events(store: Store) -> None:
    wrong = Actor(id="taliban", name="Taliban", country="PAK", resolved=False)
    store.add_article(other_article(1, actor=wrong, country_place=KABUL))
    store.add_article(other_article(2, actor=wrong))
    assert store.count_events(EventFilter(country="PK")) == 2
    assert store.count_events(EventFilter(country="AF")) == 1  # via the Kabul location
    store.add_article(other_article(3, actor=TALIBAN))  # resolved record: AFG wins over PAK
    assert store.get_actor("taliban").actor.country == "AFG"
    for country, n in (("PK", 0), ("AF", 3)):
        assert store.count_events(EventFilter(country=country)) == n  # from the per-day counts
        assert len(store.events(EventFilter(country=country, modality="asserted"), limit=None)) == n
    assert sum(n for *_, n in store.timeline(EventFilter(country="PK"))) == 0


# ---------------------------------------------------------------------- filters
def _ids(rows) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.event.type for r in rows}


def test_event_filters(filled: Store) -> None:
    st = filled
    assert st.count_events() == 5
    assert _ids(st.events(EventFilter(actor="taliban"))) == {"CONSULT", "PROTEST", "AID"}
    assert _ids(st.events(EventFilter(actor="TOKAY"))) == {"CONSULT"}  # name substring, any case
    assert st.events(EventFilter(actor="nobody-at-all")) == []
    # country: location or actor country, ISO2 / ISO3 / name
    for c in ("KZ", "kaz", "Kazakhstan"):
        assert _ids(st.events(EventFilter(country=c))) == {"CONSULT", "THREATEN", "AID"}, c
    assert _ids(st.events(EventFilter(country="Afghanistan"))) == {"CONSULT", "PROTEST", "AID"}
    with pytest.raises(InputError):
        st.events(EventFilter(country="Atlantis"))
    # type: PLOVER, ACLED type, ACLED subtype
    assert _ids(st.events(EventFilter(type="protest"))) == {"PROTEST"}
    assert _ids(st.events(EventFilter(type="protests"))) == {"PROTEST"}
    assert _ids(st.events(EventFilter(type="peaceful PROTEST"))) == {"PROTEST"}
    assert _ids(st.events(EventFilter(modality="hypothetical"))) == {"THREATEN"}
    assert _ids(st.events(EventFilter(since="2024-01-01"))) == {"CONSULT", "PROTEST"}
    assert _ids(st.events(EventFilter(until="2023-06"))) == {"AID"}
    assert st.count_events(EventFilter(since="2023-06-01", until="2023-06-01")) == 1
    with pytest.raises(InputError):
        st.events(EventFilter(since="last tuesday"))
    assert _ids(st.events(EventFilter(text="rallied"))) == {"PROTEST"}
    assert _ids(st.events(EventFilter(text="rally"))) == {"PROTEST"}  # stemmed
    assert st.count_events(EventFilter(text="farmers")) == 2
    art = full_article()
    assert st.count_events(EventFilter(article_id=art.id)) == 3
    # combinations
    assert _ids(st.events(EventFilter(actor="taliban", country="KZ", since="2024-01-01"))) == {"CONSULT"}
    assert _ids(st.events(EventFilter(actor="taliban", text="farmers"))) == {"AID"}
    assert st.count_events(EventFilter(actor="taliban", type="AID", until="2023-12-31")) == 1


def test_count_by_type_agrees_with_per_type_counts(filled: Store) -> None:
    st = filled
    filters = [
        None,
        EventFilter(country="KZ"),  # answered by the per-day counts
        EventFilter(country="AF", since="2024-01-01"),
        EventFilter(text="farmers"),  # answered by one grouped query
        EventFilter(actor="taliban"),
        EventFilter(modality="hypothetical"),
    ]
    for flt in filters:
        by_type = st.count_by_type(flt)
        base = flt or EventFilter()
        expected = {t: st.count_events(dataclasses.replace(base, type=t)) for t in PLOVER_TYPES}
        assert by_type == {t: n for t, n in expected.items() if n}, flt
    assert sum(st.count_by_type().values()) == st.count_events() == 5  # the undated event counts
    assert st.count_by_type(EventFilter(type="protest")) == {"PROTEST": 1}
    assert st.count_by_type(EventFilter(text="no-such-word-anywhere")) == {}


def test_event_rows_sort_and_page(filled: Store) -> None:
    rows = filled.events(sort="date", desc=True)
    dates = [r.event.date for r in rows]
    assert dates[:4] == ["2024-03-04", "2024-02-20", "2023-07-15", "2023-06-01"] and dates[4] is None
    assert [r.event.date for r in filled.events(sort="date", desc=True, limit=2, offset=1)] == dates[1:3]
    confs = [r.event.confidence for r in filled.events(sort="confidence", desc=False)]
    assert confs == sorted(confs)
    assert [r.event.type for r in filled.events(sort="type", desc=False)] == sorted(
        r.event.type for r in filled.events()
    )
    with pytest.raises(InputError):
        filled.events(sort="nonsense")
    consult = filled.events(EventFilter(type="CONSULT"))[0]
    assert consult.source_names == ["Kassym-Jomart Tokayev"] and consult.target_names == ["Taliban"]
    assert consult.article_title == "Tokayev meets Taliban" and consult.published == "2024-03-05"
    assert filled.get_event(consult.event.id) == consult


def test_timeline_dyads_stats_actors_quotes(filled: Store) -> None:
    tl = filled.timeline(bucket="week")
    assert ("2024-03-04", "CONSULT", 1) in tl and ("2024-02-19", "PROTEST", 1) in tl
    assert all(p is not None for p, _, _ in tl) and sum(n for *_, n in tl) == 4  # undated event left out
    assert filled.timeline(bucket="month") == sorted(filled.timeline(bucket="month"))
    assert ("2023-06-01", "AID", 1) in filled.timeline(bucket="month")
    assert filled.timeline(EventFilter(country="KZ"), bucket="day") == [
        ("2023-06-01", "AID", 1),
        ("2024-03-04", "CONSULT", 1),
    ]
    assert filled.timeline(EventFilter(country="KZ", type="aid"), bucket="day") == [("2023-06-01", "AID", 1)]
    assert filled.timeline(EventFilter(country="AF", actor="Talib"), bucket="year") == [
        ("2023-01-01", "AID", 1),
        ("2024-01-01", "CONSULT", 1),
        ("2024-01-01", "PROTEST", 1),
    ]
    with pytest.raises(InputError):
        filled.timeline(bucket="fortnight")

    assert set(filled.dyads()) == {("tokayev-kassym", "taliban", 1), ("u:protesters", "taliban", 1)}
    assert filled.dyads(EventFilter(type="PROTEST")) == [("u:protesters", "taliban", 1)]

    s = filled.stats()
    assert (s.articles, s.events, s.places, s.quotes) == (3, 5, 2, 1)
    assert s.actors == 4 and s.by_type["AID"] == 2 and sum(s.by_type.values()) == 5
    assert (s.first_date, s.last_date, s.schema_version) == ("2023-06-01", "2024-03-04", LATEST_VERSION)

    taliban = filled.get_actor("taliban")
    assert (taliban.n_articles, taliban.n_events, taliban.as_source, taliban.as_target) == (2, 3, 1, 2)
    rows = filled.actors()
    assert rows[0].actor.id == "taliban" and len(rows) == 4 == filled.count_actors()
    assert {r.actor.id for r in filled.actors(country="Kazakhstan")} == {"KAZ-GOV", "tokayev-kassym"}
    assert [r.actor.id for r in filled.actors(query="protest")] == ["u:protesters"]
    assert filled.count_actors(query="taliban", country="AF") == 1

    quotes = filled.quotes(speaker="Tokayev")
    assert len(quotes) == 1 and quotes[0].text == "We will talk"
    assert filled.quotes(article_id=other_article(1).id) == []
    assert filled.quotes(speaker="taliban") == []

    arts = filled.articles(limit=2)
    assert [a.title for a in arts] == ["Story 2", "Story 1"] and arts[0].n_events == 1 and arts[0].ingested_at


# ---------------------------------------------------------------------- search
def test_search_and_malformed_queries(filled: Store) -> None:
    hits = filled.search("Taliban envoys")
    assert [h.article_id for h in hits] == [full_article().id]
    assert "«envoys»" in hits[0].snippet
    assert {h.title for h in filled.search("farmers")} == {"Story 1", "Story 2"}
    assert filled.search("title:Story 1")[0].title == "Story 1"  # FTS syntax honoured
    # not valid FTS5 syntax: searched as plain words instead of failing
    assert [h.title for h in filled.search('Taliban "envoys')] == ["Tokayev meets Taliban"]
    assert filled.search("AND") == []
    assert [h.title for h in filled.search("fuel:prices")] == ["Tokayev meets Taliban"]  # "no such column"
    assert filled.search("(((") == []
    assert filled.count_events(EventFilter(text='fuel "prices')) == 1
    with pytest.raises(InputError):
        filled.search("   ")


def test_search_orders_and_ranking_window(store: Store) -> None:
    # "farmers" twice in story 1 (better bm25), once in the later stories
    store.add_article(make_article("Story 1", ["Farmers and farmers asked for aid."], events=[], actors=[]))
    for i in (2, 3, 4):
        store.add_article(other_article(i))
    ranked = store.search("farmers")
    assert ranked[0].title == "Story 1" and len(ranked) == 4
    assert [h.rank for h in ranked] == sorted(h.rank for h in ranked)
    assert store.search("farmers", window=4) == ranked  # window covers every match: exact ranking
    # a window of the 2 newest matches ranks only stories 3 and 4
    assert {h.title for h in store.search("farmers", window=2)} == {"Story 3", "Story 4"}
    newest = [h.title for h in store.search("farmers", order="newest")]
    assert newest == ["Story 4", "Story 3", "Story 2", "Story 1"]
    assert [h.title for h in store.search("farmers", order="newest", limit=1)] == ["Story 4"]
    assert "«farmers»" in store.search("farmers", order="newest")[0].snippet
    # not valid FTS5 syntax: retried with quoted terms in either order
    assert [h.title for h in store.search('farmers "aid', order="newest", limit=1)] == ["Story 4"]
    with pytest.raises(InputError):
        store.search("farmers", order="best")
    with pytest.raises(InputError):
        store.search("farmers", window=0)


# ---------------------------------------------------------------------- files, modes, migrations
def test_migrations_on_empty_db(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert [r[0] for r in conn.execute("SELECT version FROM migrations ORDER BY version")] == [
        m.version for m in MIGRATIONS
    ]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    Store.open(path).close()  # re-opening applies nothing twice
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    conn.close()


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite " * 200)
    with pytest.raises(StoreError, match="not .*database") as info:
        Store.open(bad)
    assert "\n" not in str(info.value) and str(bad) in str(info.value)
    with pytest.raises(StoreError):
        Store.open(bad, readonly=True)
    with pytest.raises(StoreError, match="no such file"):
        Store.open(tmp_path / "missing.db", readonly=True)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_readonly_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with Store.open(path) as st:
        st.add_article(other_article(1))
    with Store.open(path, readonly=True) as ro:
        assert ro.count_articles() == 1
        with pytest.raises(StoreError, match="read-only"):
            ro.add_article(other_article(2))
        with pytest.raises(StoreError, match="read-only"):
            ro.add_articles([other_article(3)])
        assert ro.count_articles() == 1


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "c.db")
    st.close()
    with pytest.raises(StoreError, match="closed"):
        st.count_articles()


def test_reader_while_writer_writes(tmp_path: Path) -> None:
    path = tmp_path / "concurrent.db"
    Store.open(path).close()
    n = 40
    errors: list[BaseException] = []
    readers_started = threading.Barrier(3, timeout=30)
    counts: list[list[int]] = [[], []]

    def write() -> None:
        try:
            with Store.open(path) as w:
                readers_started.wait()
                for i in range(n):
                    w.add_article(other_article(i))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    def read(seen: list[int]) -> None:
        try:
            with Store.open(path, readonly=True) as r:
                seen.append(r.count_articles())
                readers_started.wait()
                deadline = time.monotonic() + 30
                while seen[-1] < n and time.monotonic() < deadline:
                    r.events(EventFilter(actor="Kazakhstan"), limit=5)
                    r.search("farmers")
                    seen.append(r.count_articles())
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read, args=(c,)) for c in counts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    for seen in counts:
        assert seen == sorted(seen)  # each reader sees whole, growing snapshots
        assert seen[0] == 0 and seen[-1] == n


def test_bench_store_tiny(tmp_path: Path) -> None:
    res = bench_store(2000, path=tmp_path / "bench.db", runs=5)
    assert isinstance(res, BenchResult)
    assert res.n_events == 2000 and res.normal.rate > 0
    assert res.bulk is not None and res.bulk.rate > 0 and res.bulk.events + res.normal.events == 2000
    for lat in (res.filtered, res.aggregate, res.fts_articles, res.fts_events):
        assert 0 < lat.p50_ms <= lat.p95_ms
    with Store.open(tmp_path / "bench.db", readonly=True) as st:
        assert st.count_events() == 2000
        assert st.stats().actors > 100
        # the top-N shortcut for a lone actor/country filter pages exactly like the full query
        busiest = st.actors(limit=1)[0].actor
        every_event = [r.event for r in st.events(limit=None)]
        country = Counter(e.location.country for e in every_event if e.location).most_common(1)[0][0]
        top_type = Counter(e.type for e in every_event).most_common(1)[0][0]
        for flt in (
            EventFilter(actor=busiest.id),
            EventFilter(actor=busiest.name[:3]),
            EventFilter(country=country, since="2022-06-01"),
            EventFilter(country=country, type=top_type),
        ):
            for desc in (True, False):
                every = [r.event.id for r in st.events(flt, limit=None, desc=desc)]
                assert len(every) == st.count_events(flt) > 5
                assert [r.event.id for r in st.events(flt, limit=5, offset=3, desc=desc)] == every[3:8]
        # the kept dyad counts agree with counting over the events (every bench event is dated)
        assert st.dyads(limit=10) == st.dyads(EventFilter(since="1900-01-01"), limit=10)
        assert st.timeline(EventFilter(country=country)) == st.timeline(
            EventFilter(country=country, modality="asserted")
        )  # fast path == general path


def test_event_argument_spans_round_trip(tmp_path):
    from eventscope.records import Article, Event
    from eventscope.store import Store

    text = "A car bomb in Kiev killed another ethnic Chechen."
    ev = Event(id="e:1", type="ASSAULT", sentence=text, start=0, end=len(text),
               source_spans=[[0, 10]], target_spans=[[26, 48]])
    art = Article(id="a1", text=text, events=[ev])
    with Store.open(tmp_path / "s.db") as store:
        store.add_article(art)
        back = store.get_article("a1")
    assert back.events[0].source_spans == [[0, 10]]
    assert back.events[0].target_spans == [[26, 48]]


def test_migration_from_version_1_keeps_data(tmp_path):
    import sqlite3

    from eventscope.store import Store
    from eventscope.store.schema import MIGRATIONS, migrate

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, migrations=MIGRATIONS[:1])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    with Store.open(db) as store:
        assert store.stats().schema_version == MIGRATIONS[-1].version


# ---------------------------------------------------------------------- bulk load
@functools.lru_cache(maxsize=1)
def _bench_articles(n_events: int, seed: int = 3) -> tuple[Article, ...]:
    """Synthetic articles of the store benchmark (built once: the records are not mutated)."""
    import random

    from eventscope.store.bench import _articles, _world

    rng = random.Random(seed)
    return tuple(_articles(_world(rng), rng, n_events))


_COMPARED = {
    "articles": "SELECT key, id, title, text, published, provenance, n_events FROM articles",
    "entities": "SELECT * FROM entities",
    "actors": "SELECT * FROM actors",
    "article_actors": "SELECT * FROM article_actors",
    "places": "SELECT * FROM places",
    "dates": "SELECT * FROM dates",
    "quotes": "SELECT * FROM quotes",
    "events": "SELECT * FROM events",
    "event_actors": "SELECT * FROM event_actors",
    "event_countries": "SELECT * FROM event_countries",
    "event_counts": "SELECT * FROM event_counts WHERE n <> 0",
    "dyad_counts": "SELECT * FROM dyad_counts",
    "indexes": "SELECT name, sql FROM sqlite_master WHERE type = 'index'",
}


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every stored row (ingested_at aside), the index definitions and both full-text indexes."""
    conn = sqlite3.connect(path)
    out = {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in _COMPARED.items()}
    for fts in ("articles_fts", "events_fts"):
        conn.execute(f"CREATE VIRTUAL TABLE temp.v_{fts} USING fts5vocab(main, {fts}, 'instance')")
        out[fts] = sorted(conn.execute(f"SELECT * FROM temp.v_{fts}").fetchall())
    conn.close()
    return out


def _mixed_articles() -> list[Article]:
    return [full_article(), *(other_article(i, country_place=KABUL) for i in range(3)), *_bench_articles(500)]


def test_bulk_load_stores_what_the_normal_path_stores(tmp_path: Path) -> None:
    arts = _mixed_articles()
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts, batch=100)
    with Store.open(tmp_path / "bulk.db") as st:
        with st.bulk_load():
            assert st.bulk_pending()
            res = st.add_articles(arts[:40], batch=100)
            res2 = st.add_articles(arts[40:], batch=100, bulk=True)  # nests into the open load
            assert st.search("officials") == []  # full text waits for the end of the load
        assert not st.bulk_pending()
        assert res.added + res2.added == len(arts)
    normal, bulk = _snapshot(tmp_path / "normal.db"), _snapshot(tmp_path / "bulk.db")
    assert normal["events_fts"] and normal["event_counts"]
    for name in normal:
        assert bulk[name] == normal[name], name
    with Store.open(tmp_path / "bulk.db", readonly=True) as st:
        assert st.get_article(arts[0].id).to_dict() == arts[0].to_dict()
        assert [h.article_id for h in st.search("officials", limit=50)]


def test_bulk_load_into_a_filled_store_and_rerun_never_duplicates(tmp_path: Path) -> None:
    arts = _mixed_articles()
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts, batch=50)
    with Store.open(tmp_path / "bulk.db") as st:
        st.add_articles(arts[:30], batch=50)  # a store that holds data already
        assert st.add_articles(arts, batch=50, bulk=True) == AddResult(added=len(arts) - 30, skipped=30)
        assert st.add_articles(arts, batch=50, bulk=True) == AddResult(added=0, skipped=len(arts))
    assert _snapshot(tmp_path / "bulk.db") == _snapshot(tmp_path / "normal.db")


def test_failure_mid_bulk_load_leaves_a_consistent_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arts = _mixed_articles()
    bad = arts[25]
    real = store_writer._insert_events

    def failing(cur, keyed, actors, **kw):  # type: ignore[no-untyped-def]
        real(cur, keyed, actors, **kw)
        if any(a.id == bad.id for _, a in keyed):
            raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(store_writer, "_insert_events", failing)
    path = tmp_path / "bulk.db"
    with Store.open(path) as st:
        with pytest.raises(StoreError, match="simulated"):
            with st.bulk_load():
                st.add_articles(arts, batch=10)
        assert not st.bulk_pending()
        stored = st.count_articles()
        assert 0 < stored < len(arts) and not st.has_article(bad.id)
    # what was stored is complete: same rows, indexes, full text and counts as a normal store of it
    kept = [a for a in arts if a is not bad][: stored]
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(kept, batch=10)
    assert _snapshot(path) == _snapshot(tmp_path / "normal.db")
    # the re-run (failure gone) adds the rest and nothing twice
    monkeypatch.setattr(store_writer, "_insert_events", real)
    with Store.open(path) as st:
        res = st.add_articles(arts, batch=10, bulk=True)
        assert res == AddResult(added=len(arts) - stored, skipped=stored)
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts, batch=10)
    assert _snapshot(path)["events"] == _snapshot(tmp_path / "normal.db")["events"]
    assert _snapshot(path)["event_counts"] == _snapshot(tmp_path / "normal.db")["event_counts"]


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(proc.stdout)


def _crashed_bulk_load(path: Path, arts: list[Article], owner: str) -> None:
    """What a bulk load killed mid-way leaves: the session row, dropped indexes, deferred rows."""
    from eventscope.store import bulk

    with Store.open(path) as st:
        st.add_articles(arts[:5])
    conn = sqlite3.connect(path, isolation_level=None)
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    state = bulk.begin(cur, owner)
    cur.execute("COMMIT")
    cur.execute("BEGIN IMMEDIATE")
    store_writer.insert_articles(cur, arts[5:], deferred_after=state.after_event)
    cur.execute("COMMIT")
    conn.close()


@pytest.mark.skipif(os.name != "posix", reason="owner liveness is checked on POSIX only")
def test_bulk_load_of_a_dead_process_is_finished_on_next_open(tmp_path: Path) -> None:
    import socket

    arts = _mixed_articles()
    path = tmp_path / "crashed.db"
    _crashed_bulk_load(path, arts, f"{socket.gethostname()}:{_dead_pid()}")
    with contextlib.closing(sqlite3.connect(path)) as conn:  # deferred indexes are owed meanwhile
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert not {"events_id", "event_actors_actor", "dyad_counts_n"} & names
    with Store.open(path, readonly=True) as st:  # readers work meanwhile; full text lags
        assert st.count_articles() == len(arts) and st.bulk_pending()
    with Store.open(path) as st:
        assert not st.bulk_pending()
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts)
    assert _snapshot(path) == _snapshot(tmp_path / "normal.db")


def test_bulk_load_of_a_live_owner_is_left_alone_until_finished(tmp_path: Path) -> None:
    arts = _mixed_articles()
    path = tmp_path / "busy.db"
    _crashed_bulk_load(path, arts[:-3], "some-other-host:1")
    with Store.open(path) as st:
        assert st.bulk_pending()  # another host's load may still run: not ours to finish
        st.add_articles(arts[-3:])  # writes meanwhile defer their full text and counts too
        assert st.finish_bulk_load() is True
        assert st.finish_bulk_load() is False
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts)
    assert _snapshot(path) == _snapshot(tmp_path / "normal.db")


def test_actor_country_correction_during_a_bulk_load(tmp_path: Path) -> None:
    wrong = Actor(id="taliban", name="Taliban", country="PAK", resolved=False)
    arts = [
        other_article(1, actor=wrong, country_place=KABUL),
        other_article(2, actor=wrong),
        other_article(3, actor=TALIBAN),  # resolved record: AFG wins, the earlier events move
        other_article(4, actor=wrong),
    ]
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts)
    with Store.open(tmp_path / "bulk.db") as st:
        st.add_article(arts[0])  # counted before the load
        st.add_articles(arts[1:], bulk=True)  # corrected during it
        for country, n in (("PK", 0), ("AF", 4)):
            assert st.count_events(EventFilter(country=country)) == n
    assert _snapshot(tmp_path / "bulk.db") == _snapshot(tmp_path / "normal.db")


def test_bulk_load_derives_country_rows_like_the_normal_path(tmp_path: Path) -> None:
    """The bulk load's final step (SQL) applies the writer's country rule (Python) exactly."""
    codes = ["AF", "afg", " pak ", "", "XYZ", "gb", None, "AFG", "  "]
    arts = []
    for i, (loc_code, actor_code) in enumerate(zip(codes, reversed(codes), strict=True)):
        place = None if loc_code is None else Place(name=f"P{i}", start=0, end=5, country=loc_code)
        source = Actor(id=f"src-{i}", name=f"Source {i}", country=actor_code)
        target = Actor(id=f"tgt-{i}", name=f"Target {i}", country=loc_code)
        arts.append(
            make_article(
                f"Codes {i}",
                [f"Clashes number {i} were reported.", "Nothing else."],
                actors=[source, target],
                events=[
                    dict(
                        type="FIGHT",
                        source=[source.id],
                        target=[target.id],
                        location=place,
                        date=None if i % 3 == 0 else f"2023-06-0{1 + i % 3}",
                    ),
                    dict(type="AID", source=[source.id, "named-only"], target=[], location=place),
                ],
            )
        )
    with Store.open(tmp_path / "normal.db") as st:
        st.add_articles(arts, batch=4)
    with Store.open(tmp_path / "bulk.db") as st:
        st.add_articles(arts[:4], batch=4)  # stored before the load, with its country rows
        st.add_articles(arts[4:], batch=4, bulk=True)
    normal, bulk = _snapshot(tmp_path / "normal.db"), _snapshot(tmp_path / "bulk.db")
    assert {row[0] for row in normal["event_countries"]} >= {"AF", "PK", "XYZ", "GB"}
    assert bulk == normal


def test_bulk_load_upserts_an_unchanged_actor_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upserted: list[str] = []
    real = store_writer._actor_params

    def counting(a: Actor, resolved: int) -> tuple[object, ...]:
        upserted.append(a.id)
        return real(a, resolved)

    monkeypatch.setattr(store_writer, "_actor_params", counting)
    richer = Actor(id=KZ_GOV.id, name=KZ_GOV.name, country="KAZ", role="Ministry")  # fills a gap
    arts = [other_article(1), other_article(2), other_article(3, actor=richer), other_article(4)]
    with Store.open(tmp_path / "bulk.db") as st:
        st.add_articles(arts, bulk=True)  # one batch per article
        assert upserted == [KZ_GOV.id, richer.id, KZ_GOV.id]  # the repeat of a written record is skipped
        st.add_articles([other_article(5)])  # after the load: the normal path upserts as always
        assert len(upserted) == 4
    conn = sqlite3.connect(tmp_path / "bulk.db")
    assert conn.execute("SELECT role, n_articles FROM actors WHERE id = ?", (KZ_GOV.id,)).fetchall() == [
        ("Ministry", 5)
    ]
    conn.close()


def test_bulk_load_needs_a_writable_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as st:
        st.add_article(full_article())
    with Store.open(tmp_path / "s.db", readonly=True) as st:
        with pytest.raises(StoreError, match="read-only"):
            with st.bulk_load():
                pass


def test_ingest_bulk_stores_like_the_normal_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventscope import workflow
    from eventscope.records import RawArticle

    arts = {a.id: a for a in _mixed_articles()[:30]}
    raws = [RawArticle(text=a.text, title=a.title) for a in arts.values()]
    ids = list(arts)

    def read(inputs, **kw):  # type: ignore[no-untyped-def]
        kw["report"].read += len(raws)
        yield from raws

    def process(nlp, raws_in, report):  # type: ignore[no-untyped-def]
        # the pipeline is not under test: the n-th raw article becomes the n-th prepared one
        for raw in raws_in:
            yield arts[ids[raws.index(raw)]]

    monkeypatch.setattr(workflow, "_read", read)
    monkeypatch.setattr(workflow, "_process_safely", process)
    for name, bulk in (("normal.db", False), ("bulk.db", True)):
        with Store.open(tmp_path / name) as st:
            report = workflow.ingest(["x"], store=st, nlp=None, bulk=bulk)  # type: ignore[arg-type]
            assert report.added == len(arts) and not st.bulk_pending()
    assert _snapshot(tmp_path / "bulk.db") == _snapshot(tmp_path / "normal.db")


# ---------------------------------------------------------------------- write-path details (issue 4)
def test_empty_optional_values_are_stored_as_null(tmp_path: Path) -> None:
    """The writer binds None as NaN (cheaper in Python's sqlite3); SQLite must store it as NULL."""
    conn = sqlite3.connect(":memory:")
    null = store_writer.NULL_VALUE
    assert conn.execute("SELECT ? IS NULL, typeof(?)", (null, null)).fetchone() == (1, "null")
    conn.close()
    ev = Event(id="e:bare", type="PROTEST", sentence="Crowds gathered.", start=0, end=16)
    art = Article(id="bare", text="Crowds gathered.", events=[ev], places=[Place(name="X", start=0, end=1)])
    with Store.open(tmp_path / "s.db") as st:
        st.add_article(art)
        assert st.get_article("bare").events[0] == ev
    conn = sqlite3.connect(tmp_path / "s.db")
    row = conn.execute(
        "SELECT typeof(mode), typeof(date), typeof(lat), typeof(killed), typeof(quote_id) FROM events"
    ).fetchone()
    assert row == ("null",) * 5
    assert conn.execute("SELECT typeof(lat), typeof(admin1) FROM places").fetchone() == ("null", "null")
    assert conn.execute("SELECT count(*) FROM events WHERE lat <> lat").fetchone()[0] == 0  # no NaN kept
    conn.close()


def test_migration_to_named_event_id_index_keeps_data(tmp_path: Path) -> None:
    """A version-3 store (UNIQUE column constraint on events.id) migrates with every row kept."""
    from eventscope.store.schema import migrate

    arts = _mixed_articles()[:40]
    old = tmp_path / "v3.db"
    conn = sqlite3.connect(old, isolation_level=None)
    migrate(conn, migrations=MIGRATIONS[:3])
    cur = conn.cursor()
    cur.execute("BEGIN IMMEDIATE")
    store_writer.insert_articles(cur, arts)
    cur.execute("COMMIT")
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'events_id'").fetchone()[0] == 0
    conn.close()
    with Store.open(old) as st:
        assert st.stats().schema_version == LATEST_VERSION
        with pytest.raises(StoreError, match="duplicate event id"):
            st.add_article(Article(id="dup", text="x", events=[arts[0].events[0]]))  # an id stored already
    with Store.open(tmp_path / "new.db") as st:
        st.add_articles(arts, batch=100)
    assert _snapshot(old) == _snapshot(tmp_path / "new.db")


def test_bulk_load_checks_event_ids(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Deferred unique index: a batch repeating an id is refused, an id two batches share is renamed."""
    arts = [other_article(i) for i in range(4)]
    twice = Article(id="twice", text="x", events=[arts[0].events[0], arts[0].events[0]])
    with Store.open(tmp_path / "s.db") as st:
        with pytest.raises(StoreError, match="duplicate event id"):
            st.add_articles([arts[0], twice], batch=10, bulk=True)
        assert st.has_article(arts[0].id) and not st.has_article("twice") and not st.bulk_pending()
        clash = Article(id="clash", text="y", events=[arts[1].events[0]])  # id stored by an earlier batch
        with caplog.at_level("WARNING"):
            res = st.add_articles([arts[1], arts[2], clash], batch=1, bulk=True)
        assert res == AddResult(added=3, skipped=0) and "stored twice" in caplog.text
        ids = [e.id for a in (arts[1], clash) for e in st.get_article(a.id).events]
        key = sqlite3.connect(tmp_path / "s.db").execute(
            "SELECT key FROM events WHERE article_key = (SELECT key FROM articles WHERE id = 'clash')"
        ).fetchone()[0]
        assert ids == [arts[1].events[0].id, f"{arts[1].events[0].id}#{key}"]
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_id'").fetchone()[0].startswith(
        "CREATE UNIQUE INDEX"
    )
    conn.close()
