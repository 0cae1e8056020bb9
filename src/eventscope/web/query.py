"""Query parameters shared by pages and API: parsed and validated once, turned into an EventFilter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

from ..records import MODALITIES
from ..store import EventFilter
from .errors import ApiError

__all__ = ["EventQuery", "Paging", "event_query", "paging", "parse_date", "SORT_KEYS", "BUCKETS"]

SORT_KEYS: tuple[str, ...] = ("date", "type", "confidence")
BUCKETS: tuple[str, ...] = ("day", "week", "month", "year")
MAX_LIMIT = 1000


def parse_date(name: str, value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD, or YYYY-MM / YYYY meaning the first day) or None; 422 otherwise."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    candidates = [raw, raw + "-01", raw + "-01-01"] if len(raw) in (4, 7) else [raw]
    for cand in candidates:
        try:
            return dt.date.fromisoformat(cand).isoformat()
        except ValueError:
            continue
    raise ApiError(
        422,
        f"invalid parameter(s): {name}",
        [
            {
                "loc": ["query", name],
                "msg": f"{value!r} is not an ISO date (YYYY-MM-DD)",
                "type": "date_parsing",
            }
        ],
    )


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@dataclass(frozen=True)
class EventQuery:
    """The event filter of a request, plus sorting; knows how to render itself back into a query string."""

    text: str | None = None
    actor: str | None = None
    country: str | None = None
    type: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    sort: str = "date"
    order: str = "desc"

    def to_filter(self) -> EventFilter:
        return EventFilter(
            actor=self.actor,
            country=self.country,
            type=self.type,
            modality=self.modality,
            since=self.since,
            until=self.until,
            text=self.text,
            article_id=self.article,
        )

    def params(self, **override: str | int | None) -> dict[str, str]:
        """Non-empty filter parameters (for links that keep the current filter)."""
        base: dict[str, str | int | None] = {
            "text": self.text,
            "actor": self.actor,
            "country": self.country,
            "type": self.type,
            "modality": self.modality,
            "since": self.since,
            "until": self.until,
            "article": self.article,
        }
        if self.sort != "date":
            base["sort"] = self.sort
        if self.order != "desc":
            base["order"] = self.order
        base.update(override)
        return {k: str(v) for k, v in base.items() if v not in (None, "")}

    def qs(self, **override: str | int | None) -> str:
        return urlencode(self.params(**override))

    @property
    def active(self) -> bool:
        return any(
            (
                self.text,
                self.actor,
                self.country,
                self.type,
                self.modality,
                self.since,
                self.until,
                self.article,
            )
        )


def event_query(
    text: Annotated[
        str | None, Query(max_length=500, description="full-text search over event sentences")
    ] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor id or part of a name")] = None,
    country: Annotated[str | None, Query(max_length=100, description="ISO2, ISO3 or country name")] = None,
    type: Annotated[str | None, Query(max_length=100, description="PLOVER type or ACLED (sub)type")] = None,
    modality: Annotated[str | None, Query(description="one of " + ", ".join(MODALITIES))] = None,
    since: Annotated[str | None, Query(description="first event date, ISO (inclusive)")] = None,
    until: Annotated[str | None, Query(description="last event date, ISO (inclusive)")] = None,
    article: Annotated[
        str | None, Query(max_length=100, description="only events of this article id")
    ] = None,
    sort: Annotated[str, Query(description="one of " + ", ".join(SORT_KEYS))] = "date",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
) -> EventQuery:
    mod = _clean(modality)
    if mod is not None and mod.lower() not in MODALITIES:
        raise ApiError(
            422,
            "invalid parameter(s): modality",
            [
                {
                    "loc": ["query", "modality"],
                    "msg": f"must be one of {', '.join(MODALITIES)}",
                    "type": "enum",
                }
            ],
        )
    if sort not in SORT_KEYS:
        raise ApiError(
            422,
            "invalid parameter(s): sort",
            [{"loc": ["query", "sort"], "msg": f"must be one of {', '.join(SORT_KEYS)}", "type": "enum"}],
        )
    start, end = parse_date("since", since), parse_date("until", until)
    if start and end and start > end:
        raise ApiError(
            422,
            "invalid parameter(s): since, until",
            [{"loc": ["query", "since"], "msg": "since is after until", "type": "value_error"}],
        )
    return EventQuery(
        text=_clean(text),
        actor=_clean(actor),
        country=_clean(country),
        type=_clean(type),
        modality=mod.lower() if mod else None,
        since=start,
        until=end,
        article=_clean(article),
        sort=sort,
        order=order,
    )


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)
