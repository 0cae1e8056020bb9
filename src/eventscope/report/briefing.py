"""What a briefing says, computed from the store: a typed ``Briefing`` the template only lays out.

Scope is the union of the given countries and actors (each empty list means "any"), on event dates
in [since, until]. Events reported by several articles are grouped into one *story* (same type,
date, place and actors) so "many sources" and "claimed once only" can be told apart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError, NotFoundError
from ..records import Quote
from ..store import EventFilter, EventRow, Store

__all__ = ["Briefing", "Figure", "Story", "QuoteItem", "build_briefing", "VIOLENT_TYPES", "parse_day"]

VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
VIOLENT_ACLED = frozenset({"battles", "violence against civilians", "explosions/remote violence"})
MAX_ROWS = 100_000


def parse_day(value: str | None, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ConfigError(f"{what} must be an ISO date (YYYY-MM-DD), got {value!r}") from None


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    previous: int

    @property
    def change(self) -> str:
        delta = self.value - self.previous
        if self.previous == 0:
            return "new" if self.value else "no change"
        sign = "+" if delta > 0 else ""
        return f"{sign}{delta} ({sign}{round(100 * delta / self.previous)}%)"


@dataclass
class Story:
    """One reported happening: the events of all articles that describe it."""

    key: tuple[str, ...]
    rows: list[EventRow]

    @property
    def lead(self) -> EventRow:  # the most confident report, ties broken by id for determinism
        return sorted(self.rows, key=lambda r: (-r.event.confidence, r.event.id))[0]

    @property
    def articles(self) -> list[EventRow]:
        seen: dict[str, EventRow] = {}
        for r in sorted(self.rows, key=lambda r: (r.published or "", r.article_id)):
            seen.setdefault(r.article_id, r)
        return list(seen.values())

    @property
    def n_sources(self) -> int:
        return len(self.articles)

    @property
    def violent(self) -> bool:
        return any(_violent(r) for r in self.rows)

    @property
    def killed(self) -> int | None:
        figures = [r.event.killed for r in self.rows if r.event.killed is not None]
        return max(figures) if figures else None

    @property
    def killed_figures(self) -> list[int]:
        return sorted({r.event.killed for r in self.rows if r.event.killed is not None})


@dataclass(frozen=True)
class QuoteItem:
    text: str
    speaker: str
    article_title: str | None
    published: str | None


@dataclass
class Briefing:
    since: str
    until: str
    previous_since: str
    previous_until: str
    countries: list[str]
    actors: list[str]
    bucket: str
    figures: list[Figure]
    periods: list[str]
    series: dict[str, list[int]]
    by_type: list[tuple[str, int]]
    places: list[tuple[str, float, float, int, str]]  # name, lon, lat, n, dominant type
    top_actors: list[tuple[str, str, int]]  # id, name, n events
    dyads: list[tuple[str, str, int]]  # source name, target name, n
    notable: list[Story]
    quotes: list[QuoteItem]
    single_source: list[Story]
    n_single_source: int
    conflicting: list[Story] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.periods and not self.notable and not self.single_source


def _violent(row: EventRow) -> bool:
    e = row.event
    return e.type.upper() in VIOLENT_TYPES or (e.acled_type or "").lower() in VIOLENT_ACLED or bool(e.killed)


def _select(
    store: Store, countries: Sequence[str], actors: Sequence[str], since: str | None, until: str | None
) -> list[EventRow]:
    """Union of the events matching any (country, actor) pair, sorted by date then id."""
    found: dict[str, EventRow] = {}
    scope_countries: list[str | None] = [*countries] or [None]
    scope_actors: list[str | None] = [*actors] or [None]
    for country in scope_countries:
        for actor in scope_actors:
            flt = EventFilter(country=country, actor=actor, since=since, until=until)
            for row in store.events(flt, limit=MAX_ROWS, sort="date", desc=False):
                found.setdefault(row.event.id, row)
    return sorted(found.values(), key=lambda r: (r.event.date or "", r.event.id))


def _bucket(days: int) -> str:
    return "day" if days <= 31 else "week" if days <= 366 else "month"


def _period_start(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _periods(start: dt.date, end: dt.date, bucket: str) -> list[str]:
    out, cur = [], _period_start(start, bucket)
    while cur <= end:
        out.append(cur.isoformat())
        if bucket == "month":
            cur = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            cur += dt.timedelta(days=7 if bucket == "week" else 1)
    return out


def _story_key(row: EventRow) -> tuple[str, ...]:
    e, loc = row.event, row.event.location
    where = str(loc.geonameid) if loc and loc.geonameid else (loc.name if loc else "")
    return (e.type, e.date or "", where, ",".join(sorted(e.source)), ",".join(sorted(e.target)))


def _names(rows: Sequence[EventRow]) -> dict[str, str]:
    names: dict[str, str] = {}
    for r in rows:
        for ids, labels in ((r.event.source, r.source_names), (r.event.target, r.target_names)):
            for i, actor_id in enumerate(ids):
                names.setdefault(actor_id, labels[i] if i < len(labels) else actor_id)
    return names


def _figures(rows: Sequence[EventRow], prev: Sequence[EventRow]) -> list[Figure]:
    def measure(rs: Sequence[EventRow]) -> tuple[int, int, int, int, int]:
        stories: dict[tuple[str, ...], list[EventRow]] = defaultdict(list)
        for r in rs:
            stories[_story_key(r)].append(r)
        killed = sum(Story(k, v).killed or 0 for k, v in stories.items())
        actors = {a for r in rs for a in (*r.event.source, *r.event.target)}
        return (
            len(rs),
            len({r.article_id for r in rs}),
            len(actors),
            sum(1 for r in rs if _violent(r)),
            killed,
        )

    now, before = measure(rows), measure(prev)
    labels = ("Events", "Articles", "Actors involved", "Violent events", "Reported fatalities")
    return [Figure(label, a, b) for label, a, b in zip(labels, now, before, strict=True)]


def _quotes(store: Store, rows: Sequence[EventRow], names: dict[str, str], limit: int) -> list[QuoteItem]:
    by_article: dict[str, EventRow] = {}
    for r in rows:
        by_article.setdefault(r.article_id, r)
    active = Counter(a for r in rows for a in (*r.event.source, *r.event.target))
    found: list[tuple[int, str, str, Quote, EventRow]] = []
    for article_id in sorted(by_article):
        for q in store.quotes(article_id=article_id, limit=50):
            if not q.speaker or len(q.text.split()) < 3:
                continue
            found.append(
                (
                    -active.get(q.speaker, 0),
                    by_article[article_id].published or "",
                    q.id,
                    q,
                    by_article[article_id],
                )
            )
    found.sort(key=lambda t: t[:3])
    out = []
    for _, _, _, q, row in found[:limit]:
        speaker = names.get(q.speaker or "") or q.speaker_text or q.speaker or "unknown"
        if q.speaker and q.speaker not in names:
            try:
                speaker = store.get_actor(q.speaker).actor.name
            except NotFoundError:
                pass
        out.append(QuoteItem(q.text, speaker, row.article_title, row.published))
    return out


def build_briefing(
    store: Store,
    *,
    countries: Sequence[str] = (),
    actors: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    top: int = 10,
) -> Briefing:
    """Compute every section of the briefing; deterministic for the same store and arguments."""
    start, end = parse_day(since, "since"), parse_day(until, "until")
    if start and end and start > end:
        raise ConfigError(f"since ({start}) is after until ({end})")
    rows = _select(
        store, countries, actors, start.isoformat() if start else None, end.isoformat() if end else None
    )
    dated = [dt.date.fromisoformat(r.event.date[:10]) for r in rows if r.event.date]
    start = start or (min(dated) if dated else dt.date(1970, 1, 1))
    end = end or (max(dated) if dated else start)
    days = (end - start).days + 1
    prev_end = start - dt.timedelta(days=1)
    prev_start = prev_end - dt.timedelta(days=days - 1)
    prev = _select(store, countries, actors, prev_start.isoformat(), prev_end.isoformat())

    bucket = _bucket(days)
    periods = _periods(start, end, bucket)
    index = {p: i for i, p in enumerate(periods)}
    series: dict[str, list[int]] = {}
    type_counts = Counter(r.event.type for r in rows)
    for t, _ in sorted(type_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        series[t] = [0] * len(periods)
    for r, day in ((r, r.event.date) for r in rows):
        if day:
            key = _period_start(dt.date.fromisoformat(day[:10]), bucket).isoformat()
            if key in index:
                series[r.event.type][index[key]] += 1

    place_rows: dict[tuple[str, float, float], list[str]] = defaultdict(list)
    for r in rows:
        loc = r.event.location
        if loc and loc.lat is not None and loc.lon is not None:
            place_rows[(loc.name, round(loc.lon, 3), round(loc.lat, 3))].append(r.event.type)
    places = sorted(
        (
            (name, lon, lat, len(ts), sorted(Counter(ts).items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
            for (name, lon, lat), ts in place_rows.items()
        ),
        key=lambda p: (-p[3], p[0]),
    )

    names = _names(rows)
    involvement = Counter(a for r in rows for a in {*r.event.source, *r.event.target})
    top_actors = [
        (a, names.get(a, a), n) for a, n in sorted(involvement.items(), key=lambda kv: (-kv[1], kv[0]))
    ][:top]
    dyad_counts = Counter((s, t) for r in rows for s in r.event.source for t in r.event.target if s != t)
    dyads = [
        (names.get(s, s), names.get(t, t), n)
        for (s, t), n in sorted(dyad_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ][:top]

    groups: dict[tuple[str, ...], list[EventRow]] = defaultdict(list)
    for r in rows:
        groups[_story_key(r)].append(r)
    stories = [Story(k, v) for k, v in sorted(groups.items())]
    notable = [s for s in stories if s.violent or s.lead.event.confidence >= 0.85 or s.n_sources >= 2]
    notable.sort(key=lambda s: (-int(s.violent), -s.n_sources, -s.lead.event.confidence, s.key))
    single = sorted((s for s in stories if s.n_sources == 1), key=lambda s: (s.key[1], s.key))
    conflicting = [s for s in stories if len(s.killed_figures) > 1]

    return Briefing(
        since=start.isoformat(),
        until=end.isoformat(),
        previous_since=prev_start.isoformat(),
        previous_until=prev_end.isoformat(),
        countries=list(countries),
        actors=list(actors),
        bucket=bucket,
        figures=_figures(rows, prev),
        periods=periods,
        series=series,
        by_type=sorted(type_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        places=places,
        top_actors=top_actors,
        dyads=dyads,
        notable=notable[:top],
        quotes=_quotes(store, rows, names, top),
        single_source=single[: 2 * top],
        n_single_source=len(single),
        conflicting=conflicting,
    )
