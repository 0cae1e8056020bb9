"""Typed records: the one data contract between the pipeline, the store, exports and the API.

Everything downstream of the NLP pipeline speaks these dataclasses, never spaCy objects.
Every record that comes from text carries character offsets (``start``, ``end``) into
``Article.text`` so any view can show its evidence.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "RawArticle",
    "Entity",
    "Actor",
    "Place",
    "DateMention",
    "Quote",
    "Event",
    "Article",
    "Provenance",
    "content_id",
    "normalise_text",
    "PLOVER_TYPES",
    "MODALITIES",
    "GRANULARITIES",
]

SCHEMA_VERSION = 1

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "demanded")
GRANULARITIES: tuple[str, ...] = ("day", "week", "month", "year")

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Normalise text for identity: Unicode NFKC, casefold, collapsed whitespace."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_id(text: str, title: str | None = None) -> str:
    """Stable article id from normalised content (title + body), 16 hex chars."""
    basis = normalise_text((title or "") + "\n" + text)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _short_hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


class _Record:
    """Mixin: JSON form of a dataclass (nested records become dicts)."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


@dataclass
class RawArticle(_Record):
    """An article as read by ingestion, before any NLP."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as known from metadata
    source: str | None = None  # publisher / feed / site name
    language: str | None = None
    author: str | None = None
    origin: str | None = None  # where it was read from: path, URL, "stdin", "file.jsonl:12"

    @property
    def id(self) -> str:
        return content_id(self.text, self.title)


@dataclass
class Entity(_Record):
    """A named-entity mention after the gazetteer/actor layer corrected the model."""

    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC, DATE, ...
    start: int
    end: int
    origin: str = "model"  # "model" | "gazetteer" | "actors" | "rules" (context rules in nlp/entity_context.py)


@dataclass
class Actor(_Record):
    """An actor in one article: resolved to the dictionary, or unresolved (kept with its label).

    ``id`` is stable across articles: the dictionary id, or ``"u:" + normalised name``.
    ``mentions`` are [start, end] character spans in the article text.
    """

    id: str
    name: str
    kind: str | None = None  # state, government, military, police, armed_group, igo, ngo, party, media, person, ...
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV, MIL, COP, REB, IGO, NGO, PTY, MED, CVL, BUS, OPP
    role: str | None = None  # e.g. "Foreign Minister"
    wikidata: str | None = None
    label: str | None = None  # entity label it came from (PERSON, ORG, GPE, NORP)
    resolved: bool = True
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class Place(_Record):
    """A place mention resolved to a GeoNames feature (or unresolved: geonameid None)."""

    name: str  # canonical GeoNames name
    start: int
    end: int
    text: str = ""  # surface form in the article
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 country code of the place
    geonameid: int | None = None
    admin1: str | None = None
    feature_class: str | None = None  # GeoNames class: A (country/region), P (populated place), ...
    feature_code: str | None = None  # PCLI, PPLC, PPLA, ...
    population: int | None = None
    confidence: float | None = None


@dataclass
class DateMention(_Record):
    """A date expression resolved against the publication date."""

    text: str
    start: int
    end: int
    date: str | None  # ISO date (first day of the period for week/month/year)
    granularity: str = "day"  # one of GRANULARITIES
    from_publication: bool = False  # True when only the publication date is known


@dataclass
class Quote(_Record):
    id: str
    text: str
    start: int
    end: int
    speaker: str | None = None  # actor id
    direct: bool = True
    speaker_text: str | None = None

    @staticmethod
    def make_id(article_id: str, start: int, end: int) -> str:
        return "q:" + _short_hash(article_id, start, end)


@dataclass
class Event(_Record):
    """One political event: who did or said what to whom, where and when, with its evidence."""

    id: str
    type: str  # PLOVER type
    sentence: str
    start: int  # offsets of the evidence sentence in the article text
    end: int
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    acled_type: str | None = None
    acled_subtype: str | None = None
    quad_class: int | None = None  # CAMEO quad class 1-4 (0 = none)
    source: list[str] = field(default_factory=list)  # actor ids
    target: list[str] = field(default_factory=list)  # actor ids
    # Character spans [start, end] of the argument phrases, also where no actor was resolved
    # ("a car bomb", "another ethnic Chechen").
    source_spans: list[list[int]] = field(default_factory=list)
    target_spans: list[list[int]] = field(default_factory=list)
    location: Place | None = None
    date: str | None = None
    date_granularity: str | None = None
    date_from_publication: bool = False
    modality: str = "asserted"  # one of MODALITIES
    confidence: float = 0.5
    quote: str | None = None  # quote id
    killed: int | None = None
    injured: int | None = None

    @staticmethod
    def make_id(article_id: str, start: int, end: int, type_: str) -> str:
        return "e:" + _short_hash(article_id, start, end, type_)


@dataclass
class Provenance(_Record):
    """Which versions of each part produced a record set."""

    pipeline: str = ""
    model: str = ""
    actors: str = ""
    classifier: str = ""
    entities: str = ""  # the entity-correction word lists (e.g. "ner-lexicons-v4")


@dataclass
class Article(_Record):
    """A processed article with all its annotations."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    author: str | None = None
    origin: str | None = None
    focus_country: str | None = None  # ISO alpha-2 of the document's main country
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    provenance: Provenance = field(default_factory=Provenance)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article (and nested records) from its JSON form."""
        d = dict(data)
        d["entities"] = [Entity(**e) for e in d.get("entities", [])]
        d["actors"] = [Actor(**a) for a in d.get("actors", [])]
        d["places"] = [Place(**p) for p in d.get("places", [])]
        d["dates"] = [DateMention(**x) for x in d.get("dates", [])]
        d["quotes"] = [Quote(**q) for q in d.get("quotes", [])]
        events = []
        for e in d.get("events", []):
            e = dict(e)
            if e.get("location") is not None:
                e["location"] = Place(**e["location"])
            events.append(Event(**e))
        d["events"] = events
        d["provenance"] = Provenance(**d.get("provenance", {}))
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})
