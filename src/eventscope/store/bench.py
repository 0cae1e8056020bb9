"""Synthetic store benchmark: insert rate and query latencies at a chosen number of events.

The data imitate real distributions closely enough for the indexes to matter: ~2,000 actors
and 200 countries with skewed (Zipf-like) popularity, the 16 PLOVER types, three years of
dates (articles arrive in date order, as a feed or a dated archive does; events fall on the
publication day or up to two days before), 5-15 events per article, sentences drawn from a
fixed vocabulary with Zipf frequencies.
"""

from __future__ import annotations

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

from ..records import PLOVER_TYPES, Actor, Article, Event, Place, Provenance, content_id
from .rows import EventFilter
from .sqlite import Store

__all__ = ["Latency", "BenchResult", "bench_store"]

N_ACTORS = 2000
N_COUNTRIES = 200
N_PLACES = 4000
N_WORDS = 2000
START = date(2022, 1, 1)
N_DAYS = 3 * 365
BATCH = 1000  # articles per transaction on the bulk path


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    runs: int

    def __str__(self) -> str:
        return f"p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms ({self.runs} runs)"


@dataclass
class BenchResult:
    n_events: int
    n_articles: int
    n_actors: int
    insert_seconds: float
    insert_rate: float  # events per second (wall clock) through Store.add_articles(batch=1000)
    insert_cpu_seconds: (
        float  # process CPU time of the same inserts (the wall time suffers on a busy machine)
    )
    db_bytes: int
    filtered: Latency  # events(actor id + 90-day range), limit 100
    aggregate: Latency  # timeline(country), weekly buckets by type
    fts_articles: Latency  # search() of two words, top 20 with snippets
    fts_events: Latency  # events(text=two words), limit 100

    def lines(self) -> list[str]:
        return [
            f"events {self.n_events:,}, articles {self.n_articles:,}, actors {self.n_actors:,}, "
            f"db {self.db_bytes / 1e6:.1f} MB",
            f"insert: {self.insert_rate:,.0f} events/s ({self.insert_seconds:.1f} s wall, "
            f"{self.insert_cpu_seconds:.1f} s CPU = "
            f"{self.n_events / max(self.insert_cpu_seconds, 1e-9):,.0f} events/CPU-s)",
            f"filtered query (actor + date range): {self.filtered}",
            f"aggregate (type x week, one country): {self.aggregate}",
            f"full text, articles: {self.fts_articles}",
            f"full text, event sentences: {self.fts_events}",
        ]


def _words(rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: set[str] = set()
    while len(words) < N_WORDS:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))


@dataclass
class _World:
    words: list[str]
    word_cw: list[float]
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
        _zipf(N_WORDS),
        actors,
        _zipf(N_ACTORS, 0.8),
        places,
        _zipf(N_PLACES, 0.9),
        _zipf(len(PLOVER_TYPES), 0.7),
    )


def _articles(w: _World, rng: random.Random, n_events: int) -> Iterator[Article]:
    made = 0
    serial = 0
    provenance = Provenance(pipeline="bench", model="synthetic", actors="synthetic", classifier="synthetic")
    while made < n_events:
        k = min(rng.randint(5, 15), n_events - made)
        serial += 1
        sentences = [
            " ".join(rng.choices(w.words, cum_weights=w.word_cw, k=rng.randint(12, 22))) + "."
            for _ in range(k)
        ]
        text = " ".join(sentences)
        title = " ".join(sentences[0].split()[:6]).title()
        aid = content_id(text, f"{title} {serial}")
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


def _measure(fn: Callable[[], object], runs: int) -> Latency:
    fn()  # warm the page cache and statement cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return Latency(p50_ms=statistics.median(times), p95_ms=p95, runs=runs)


def bench_store(n_events: int, *, path: Path | None = None, seed: int = 0, runs: int = 50) -> BenchResult:
    """Build a synthetic store of ``n_events`` events (a temporary file unless ``path``) and time it.

    Only the time spent inside ``Store.add_articles`` counts toward the insert rate (building
    the synthetic records does not). ``path`` must not exist yet, so runs compare like with like.
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
        insert_s = insert_cpu = 0.0
        n_articles = 0
        with Store.open(path) as store:
            gen = _articles(world, rng, n_events)
            while chunk := list(itertools.islice(gen, BATCH)):
                t0, c0 = time.perf_counter(), time.process_time()
                store.add_articles(chunk, batch=BATCH)
                insert_s += time.perf_counter() - t0
                insert_cpu += time.process_time() - c0
                n_articles += len(chunk)
            store.optimize()
        with Store.open(path, readonly=True) as store:
            qrng = random.Random(seed + 1)
            top_actors = world.actors[:200]
            top_countries = sorted({p.country for p in world.places[:50] if p.country})
            mid_words = world.words[30:600]

            def filtered() -> object:
                a = qrng.choice(top_actors)
                d0 = START + timedelta(days=qrng.randrange(N_DAYS - 90))
                return store.events(
                    EventFilter(
                        actor=a.id, since=d0.isoformat(), until=(d0 + timedelta(days=90)).isoformat()
                    ),
                    limit=100,
                )

            def aggregate() -> object:
                return store.timeline(EventFilter(country=qrng.choice(top_countries)), bucket="week")

            def fts_articles() -> object:
                return store.search(" ".join(qrng.sample(mid_words, 2)), limit=20)

            def fts_events() -> object:
                return store.events(EventFilter(text=" ".join(qrng.sample(mid_words, 2))), limit=100)

            result = BenchResult(
                n_events=n_events,
                n_articles=n_articles,
                n_actors=store.count_actors(),
                insert_seconds=insert_s,
                insert_cpu_seconds=insert_cpu,
                insert_rate=n_events / insert_s if insert_s else 0.0,
                db_bytes=sum(f.stat().st_size for f in path.parent.glob(path.name + "*")),
                filtered=_measure(filtered, runs),
                aggregate=_measure(aggregate, runs),
                fts_articles=_measure(fts_articles, runs),
                fts_events=_measure(fts_events, runs),
            )
        return result
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
