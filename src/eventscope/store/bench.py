"""Synthetic store benchmark: insert rate and query latencies at a chosen number of events.

The data imitate real distributions closely enough for the indexes to matter: ~2,000 actors
and 200 countries with skewed (Zipf-like) popularity, the 16 PLOVER types, three years of
dates (articles arrive in date order, as a feed or a dated archive does; events fall on the
publication day or up to two days before), 5-15 events per article, sentences drawn from a
fixed vocabulary with Zipf frequencies.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..records import PLOVER_TYPES, Actor, Article, Event, Place, Provenance
from .rows import EventFilter
from .sqlite import Store

__all__ = ["Latency", "InsertRate", "BenchResult", "bench_store", "query_latencies"]

N_ACTORS = 2000
N_COUNTRIES = 200
N_PLACES = 4000
N_WORDS = 2000
START = date(2022, 1, 1)
N_DAYS = 3 * 365
BATCH = 1000  # articles per transaction, on both paths
NORMAL_SHARE = 10  # the last 1/10 of the events (at most NORMAL_MAX) go in through the normal path
NORMAL_MAX = 100_000


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    runs: int
    # The same runs in process CPU time: on a shared machine the wall clock also counts the
    # time other jobs hold the CPU, the CPU time only this query's work (I/O waits aside).
    cpu_p50_ms: float = 0.0
    cpu_p95_ms: float = 0.0

    def __str__(self) -> str:
        return (
            f"p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms ({self.runs} runs; CPU "
            f"p50 {self.cpu_p50_ms:.1f} ms, p95 {self.cpu_p95_ms:.1f} ms)"
        )


@dataclass
class InsertRate:
    """Events stored through one write path, with wall-clock and process CPU time."""

    events: int
    seconds: float
    cpu_seconds: float  # the wall time suffers on a busy machine; CPU time much less
    rate: float = 0.0  # events per wall-clock second (derived; a field so JSON output has it)
    cpu_rate: float = 0.0  # events per CPU second

    def __post_init__(self) -> None:
        self.rate = self.events / self.seconds if self.seconds else 0.0
        self.cpu_rate = self.events / self.cpu_seconds if self.cpu_seconds else 0.0

    def __str__(self) -> str:
        return (
            f"{self.rate:,.0f} events/s ({self.events:,} events, {self.seconds:.1f} s wall, "
            f"{self.cpu_seconds:.1f} s CPU = {self.cpu_rate:,.0f} events/CPU-s)"
        )


@dataclass
class BenchResult:
    n_events: int
    n_articles: int
    n_actors: int
    bulk: InsertRate | None  # Store.bulk_load() around add_articles(batch=1000), its final step included
    normal: InsertRate  # add_articles(batch=1000) into the store the bulk load left
    db_bytes: int
    filtered: Latency  # events(actor id + 90-day range), limit 100
    aggregate: Latency  # timeline(country), weekly buckets by type
    fts_articles: Latency  # search() of two words, top 20 with snippets
    fts_events: Latency  # events(text=two words), limit 100
    bulk_finish_seconds: float = 0.0  # of bulk.seconds: recreating indexes, full text and counts

    def lines(self) -> list[str]:
        out = [
            f"events {self.n_events:,}, articles {self.n_articles:,}, actors {self.n_actors:,}, "
            f"db {self.db_bytes / 1e6:.1f} MB",
        ]
        if self.bulk is not None:
            out.append(f"insert, bulk load: {self.bulk} (final step {self.bulk_finish_seconds:.1f} s)")
        out += [
            f"insert, normal path: {self.normal}",
            f"filtered query (actor + date range): {self.filtered}",
            f"aggregate (type x week, one country): {self.aggregate}",
            f"full text, articles: {self.fts_articles}",
            f"full text, event sentences: {self.fts_events}",
        ]
        return out


def _words(rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < N_WORDS:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))


def _draw_table(items: list[str], cum_weights: list[float], size: int = 1 << 16) -> list[str]:
    """``items`` repeated in proportion to their weights: a uniform pick from it is a weighted draw.

    Generating 10M events draws ~170M words; a table lookup per word costs a fraction of
    ``random.choices`` with weights (a bisection per draw) and keeps the Zipf distribution.
    """
    total = cum_weights[-1]
    return [items[bisect.bisect_right(cum_weights, (i + 0.5) / size * total)] for i in range(size)]


@dataclass
class _World:
    words: list[str]
    word_table: list[str]
    actors: list[Actor]
    actor_cw: list[float]
    places: list[Place]
    place_cw: list[float]
    type_cw: list[float]


def _world(rng: random.Random) -> _World:
    import pycountry

    countries = [c for c in pycountry.countries][:N_COUNTRIES]
    country_cw = _zipf(len(countries), 0.9)
    kinds = ["state", "government", "military", "police", "armed_group", "party", "person", "ngo", "media"]
    words = _words(rng)
    actors = []
    for i in range(N_ACTORS):
        c = rng.choices(countries, cum_weights=country_cw)[0]
        name = f"{words[rng.randrange(N_WORDS)].title()} {words[rng.randrange(N_WORDS)].title()}"
        actors.append(
            Actor(
                id=f"act-{i:05d}",
                name=name,
                kind=rng.choice(kinds),
                country=c.alpha_3,
                sector="GOV",
                resolved=rng.random() < 0.8,
            )
        )
    places = []
    for i in range(N_PLACES):
        c = rng.choices(countries, cum_weights=country_cw)[0]
        places.append(
            Place(
                name=f"Town {i}",
                start=0,
                end=4,
                text=f"Town {i}",
                lat=rng.uniform(-60, 70),
                lon=rng.uniform(-180, 180),
                country=c.alpha_2,
                geonameid=10_000_000 + i,
                feature_class="P",
                feature_code="PPL",
                population=rng.randint(500, 2_000_000),
            )
        )
    return _World(
        words,
        _draw_table(words, _zipf(N_WORDS)),
        actors,
        _zipf(N_ACTORS, 0.8),
        places,
        _zipf(N_PLACES, 0.9),
        _zipf(len(PLOVER_TYPES), 0.7),
    )


def _articles(w: _World, rng: random.Random, n_events: int) -> Iterator[Article]:
    made = 0
    serial = 0
    table, n_table, pick = w.word_table, len(w.word_table), rng.random
    provenance = Provenance(pipeline="bench", model="synthetic", actors="synthetic", classifier="synthetic")
    while made < n_events:
        k = min(rng.randint(5, 15), n_events - made)
        serial += 1
        sentences = [
            " ".join([table[int(pick() * n_table)] for _ in range(rng.randint(12, 22))]) + "."
            for _ in range(k)
        ]
        text = " ".join(sentences)
        title = " ".join(sentences[0].split()[:6]).title()
        aid = hashlib.sha256(f"{serial}\n{text}".encode()).hexdigest()[:16]  # unique, like content ids
        # News arrives roughly in date order: publication follows the stream, with a little jitter.
        day = START + timedelta(
            days=min(N_DAYS - 1, max(0, int(made / n_events * N_DAYS) + rng.randint(-3, 3)))
        )
        art = Article(
            id=aid,
            text=text,
            title=title,
            url=f"https://bench.example/{aid}",
            published=day.isoformat(),
            source="bench",
            language="en",
            provenance=provenance,
        )
        used: dict[str, Actor] = {}
        places: dict[int, Place] = {}
        pos = 0
        for s in sentences:
            src = rng.choices(w.actors, cum_weights=w.actor_cw)[0]
            tgt = rng.choices(w.actors, cum_weights=w.actor_cw)[0] if rng.random() < 0.7 else None
            loc = rng.choices(w.places, cum_weights=w.place_cw)[0] if rng.random() < 0.8 else None
            etype = rng.choices(PLOVER_TYPES, cum_weights=w.type_cw)[0]
            used[src.id] = src
            if tgt is not None and tgt.id != src.id:
                used[tgt.id] = tgt
            if loc is not None:
                places[loc.geonameid or 0] = loc
            when = day - timedelta(days=rng.randrange(3))
            art.events.append(
                Event(
                    id=Event.make_id(aid, pos, pos + len(s), etype),
                    type=etype,
                    sentence=s,
                    start=pos,
                    end=pos + len(s),
                    source=[src.id],
                    target=[tgt.id] if tgt is not None and tgt.id != src.id else [],
                    location=loc,
                    date=when.isoformat(),
                    date_granularity="day",
                    confidence=round(rng.random(), 2),
                )
            )
            pos += len(s) + 1
        art.actors = list(used.values())
        art.places = list(places.values())
        made += k
        yield art


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def _measure(fn: Callable[[], object], runs: int) -> Latency:
    fn()  # warm the page cache and statement cache
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return Latency(
        p50_ms=statistics.median(times),
        p95_ms=_p95(times),
        runs=runs,
        cpu_p50_ms=statistics.median(cpu),
        cpu_p95_ms=_p95(cpu),
    )


def query_latencies(path: Path, *, seed: int = 0, runs: int = 50) -> dict[str, Latency]:
    """Time the four benchmark queries on a store that ``bench_store(seed=seed)`` built.

    Separate from the build so a kept store (``--path``) can be measured again, e.g. on a
    quieter machine. Keys are the query fields of ``BenchResult``.
    """
    world = _world(random.Random(seed))  # the same world the build drew first from its seed
    qrng = random.Random(seed + 1)
    top_actors = world.actors[:200]
    top_countries = sorted({p.country for p in world.places[:50] if p.country})
    mid_words = world.words[30:600]
    with Store.open(path, readonly=True) as store:

        def filtered() -> object:
            a = qrng.choice(top_actors)
            d0 = START + timedelta(days=qrng.randrange(N_DAYS - 90))
            return store.events(
                EventFilter(actor=a.id, since=d0.isoformat(), until=(d0 + timedelta(days=90)).isoformat()),
                limit=100,
            )

        def aggregate() -> object:
            return store.timeline(EventFilter(country=qrng.choice(top_countries)), bucket="week")

        def fts_articles() -> object:
            return store.search(" ".join(qrng.sample(mid_words, 2)), limit=20)

        def fts_events() -> object:
            return store.events(EventFilter(text=" ".join(qrng.sample(mid_words, 2))), limit=100)

        return {
            "filtered": _measure(filtered, runs),
            "aggregate": _measure(aggregate, runs),
            "fts_articles": _measure(fts_articles, runs),
            "fts_events": _measure(fts_events, runs),
        }


def _timed_load(store: Store, articles: Iterator[Article], n_events: int) -> tuple[InsertRate, int]:
    """Store ``n_events`` events' worth of ``articles`` in batches; only ``add_articles`` is timed."""
    wall = cpu = 0.0
    done = n_articles = 0
    while done < n_events:
        chunk: list[Article] = []
        while done < n_events and len(chunk) < BATCH and (art := next(articles, None)) is not None:
            chunk.append(art)
            done += len(art.events)
        if not chunk:
            break
        t0, c0 = time.perf_counter(), time.process_time()
        store.add_articles(chunk, batch=BATCH)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        n_articles += len(chunk)
    return InsertRate(events=done, seconds=wall, cpu_seconds=cpu), n_articles


def bench_store(
    n_events: int, *, path: Path | None = None, seed: int = 0, runs: int = 50, bulk: bool = True
) -> BenchResult:
    """Build a synthetic store of ``n_events`` events (a temporary file unless ``path``) and time it.

    With ``bulk`` the first 90% of the events go in through ``Store.bulk_load()`` and the rest
    (at most 100,000) through the normal path, into the store the bulk load left; without it,
    all of them take the normal path. Only the time spent inside ``Store`` counts toward the
    insert rates (building the synthetic records does not). ``path`` must not exist yet, so
    runs compare like with like.
    """
    tmpdir = None
    if path is None:
        tmpdir = Path(tempfile.mkdtemp(prefix="eventscope-bench-"))
        path = tmpdir / "bench.db"
    elif path.exists():
        from ..errors import InputError

        raise InputError(str(path), "benchmark store exists already; give a new path")
    try:
        rng = random.Random(seed)
        world = _world(rng)
        n_normal = min(NORMAL_MAX, n_events // NORMAL_SHARE) if bulk else n_events
        bulk_rate: InsertRate | None = None
        finish_s = 0.0
        with Store.open(path) as store:
            gen = _articles(world, rng, n_events)
            n_articles = 0
            if bulk:
                t0, c0 = time.perf_counter(), time.process_time()
                with store.bulk_load():
                    begin_s, begin_cpu = time.perf_counter() - t0, time.process_time() - c0
                    loaded, n_articles = _timed_load(store, gen, n_events - n_normal)
                    t1, c1 = time.perf_counter(), time.process_time()
                finish_s, finish_cpu = time.perf_counter() - t1, time.process_time() - c1
                bulk_rate = InsertRate(
                    events=loaded.events,
                    seconds=begin_s + loaded.seconds + finish_s,
                    cpu_seconds=begin_cpu + loaded.cpu_seconds + finish_cpu,
                )
            normal, more = _timed_load(store, gen, n_events - (bulk_rate.events if bulk_rate else 0))
            n_articles += more
            store.optimize()
        queries = query_latencies(path, seed=seed, runs=runs)
        with Store.open(path, readonly=True) as store:
            n_actors = store.count_actors()
        result = BenchResult(
            n_events=n_events,
            n_articles=n_articles,
            n_actors=n_actors,
            bulk=bulk_rate,
            normal=normal,
            bulk_finish_seconds=finish_s,
            db_bytes=sum(f.stat().st_size for f in path.parent.glob(path.name + "*")),
            **queries,
        )
        return result
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
