"""Typed rows returned by store queries, and the event filter they take."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Actor, Event

__all__ = ["EventFilter", "EventRow", "ActorRow", "ArticleRow", "SearchHit", "Stats", "AddResult"]


@dataclass
class EventFilter:
    """Which events a query selects; every field left ``None`` selects everything."""

    actor: str | None = None  # actor id, or case-insensitive substring of an actor name (source or target)
    country: str | None = None  # ISO2, ISO3 or English name; event location country or any actor's country
    type: str | None = None  # PLOVER type (case-insensitive) or ACLED event type / sub-event type
    modality: str | None = None
    since: str | None = None  # ISO date, inclusive, on the event date
    until: str | None = None  # ISO date, inclusive, on the event date
    text: str | None = None  # full-text query over the event sentence
    article_id: str | None = None
    context: str | None = None  # a context tag the event carries (terrorism, border, ...)
    quad_class: int | None = None  # CAMEO quad class 1-4
    min_confidence: float | None = None  # only events at least this confident

    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in self.__dataclass_fields__)


@dataclass
class EventRow:
    """An event with the article it came from and its actors' display names."""

    event: Event
    article_id: str
    article_title: str | None
    article_url: str | None
    published: str | None
    source_names: list[str] = field(default_factory=list)
    target_names: list[str] = field(default_factory=list)


@dataclass
class ActorRow:
    """A global actor record with how often it appears."""

    actor: Actor
    n_articles: int
    n_events: int
    as_source: int
    as_target: int


@dataclass
class ArticleRow:
    id: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None
    n_events: int
    ingested_at: str


@dataclass
class SearchHit:
    article_id: str
    title: str | None
    snippet: str  # matched terms are wrapped in the marks given to ``Store.search`` (default « »)
    rank: float  # bm25 rank: lower is better


@dataclass
class Stats:
    articles: int
    events: int
    actors: int
    places: int
    quotes: int
    by_type: dict[str, int]
    first_date: str | None
    last_date: str | None
    schema_version: int


@dataclass
class AddResult:
    added: int
    skipped: int
