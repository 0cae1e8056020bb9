"""JSON, CSV and GeoJSON forms of store rows (the API's schema is the records' JSON form)."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from typing import Any

from ..store import ActorRow, ArticleRow, EventRow

__all__ = ["event_json", "actor_json", "article_row_json", "events_csv", "events_geojson", "CSV_COLUMNS"]


def event_json(row: EventRow) -> dict[str, Any]:
    d = row.event.to_dict()
    d.update(
        article_id=row.article_id,
        article_title=row.article_title,
        article_url=row.article_url,
        published=row.published,
        source_names=list(getattr(row, "source_names", []) or []),
        target_names=list(getattr(row, "target_names", []) or []),
    )
    return d


def actor_json(row: ActorRow) -> dict[str, Any]:
    d = row.actor.to_dict()
    d.pop("mentions", None)  # offsets into one article mean nothing across the store
    d.update(
        n_articles=row.n_articles, n_events=row.n_events, as_source=row.as_source, as_target=row.as_target
    )
    return d


def article_row_json(row: ArticleRow) -> dict[str, Any]:
    return dataclasses.asdict(row)


CSV_COLUMNS = (
    "id",
    "date",
    "type",
    "acled_type",
    "acled_subtype",
    "modality",
    "confidence",
    "source",
    "target",
    "location",
    "country",
    "lat",
    "lon",
    "killed",
    "injured",
    "trigger",
    "sentence",
    "article_id",
    "article_title",
    "article_url",
)


def _cell(value: Any) -> Any:
    # Spreadsheet formula injection: text starting with = + - @ would be evaluated when opened.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _names(row: EventRow, side: str) -> str:
    names = getattr(row, f"{side}_names", None) or getattr(row.event, side)
    return "; ".join(names)


def events_csv(rows: Iterable[EventRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        e, loc = row.event, row.event.location
        writer.writerow(
            [
                _cell(v)
                for v in (
                    e.id,
                    e.date,
                    e.type,
                    e.acled_type,
                    e.acled_subtype,
                    e.modality,
                    e.confidence,
                    _names(row, "source"),
                    _names(row, "target"),
                    loc.name if loc else None,
                    loc.country if loc else None,
                    loc.lat if loc else None,
                    loc.lon if loc else None,
                    e.killed,
                    e.injured,
                    e.trigger,
                    e.sentence,
                    row.article_id,
                    row.article_title,
                    row.article_url,
                )
            ]
        )
    return buf.getvalue()


def events_geojson(rows: Iterable[EventRow]) -> dict[str, Any]:
    features = []
    for row in rows:
        e, loc = row.event, row.event.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": e.id,
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": {
                    "id": e.id,
                    "type": e.type,
                    "date": e.date,
                    "modality": e.modality,
                    "confidence": e.confidence,
                    "trigger": e.trigger,
                    "sentence": e.sentence,
                    "source": _names(row, "source"),
                    "target": _names(row, "target"),
                    "place": loc.name,
                    "country": loc.country,
                    "article_id": row.article_id,
                    "article_title": row.article_title,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
