"""Exports of stored events: CSV (ACLED-style columns), JSON Lines (PLOVER-style), Parquet, GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError

__all__ = ["FORMATS", "event_row_dict", "acled_row", "plover_record", "export_events"]

FORMATS = ("csv", "jsonl", "parquet", "geojson")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    # eventscope's own columns beside the ACLED ones
    "plover_type", "plover_mode", "modality", "quad_class", "confidence", "date_granularity",
    "injured", "article_id", "url", "trigger",
)


def event_row_dict(row: Any) -> dict[str, Any]:
    """Flat dict of an EventRow for tables and the CLI's JSON/CSV output."""
    e = row.event
    loc = e.location
    return {
        "id": e.id,
        "date": e.date,
        "type": e.type,
        "mode": e.mode,
        "modality": e.modality,
        "source": list(getattr(row, "source_names", []) or e.source),
        "target": list(getattr(row, "target_names", []) or e.target),
        "source_ids": list(e.source),
        "target_ids": list(e.target),
        "location": loc.name if loc else None,
        "country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "acled_type": e.acled_type,
        "acled_subtype": e.acled_subtype,
        "quad_class": e.quad_class,
        "context": list(e.context),
        "confidence": round(e.confidence, 3) if e.confidence is not None else None,
        "killed": e.killed,
        "injured": e.injured,
        "trigger": e.trigger,
        "sentence": e.sentence,
        "article_id": row.article_id,
        "article_title": row.article_title,
        "url": row.article_url,
    }


def acled_row(row: Any) -> dict[str, Any]:
    """An ACLED-style CSV row (ACLED's column names where one exists)."""
    e = row.event
    loc = e.location
    precision = None
    if loc is not None:
        precision = 1 if loc.feature_class == "P" else 2 if loc.feature_code and loc.feature_code.startswith("ADM") else 3
    names_s = list(getattr(row, "source_names", []) or e.source)
    names_t = list(getattr(row, "target_names", []) or e.target)
    return {
        "event_id_cnty": e.id,
        "event_date": e.date,
        "event_type": e.acled_type,
        "sub_event_type": e.acled_subtype,
        "actor1": "; ".join(names_s),
        "actor2": "; ".join(names_t),
        "country": loc.country if loc else None,
        "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": precision,
        "source": row.article_url or row.article_title,
        "notes": e.sentence,
        "fatalities": e.killed if e.killed is not None else 0,
        "plover_type": e.type,
        "plover_mode": e.mode,
        "modality": e.modality,
        "quad_class": e.quad_class,
        "confidence": e.confidence,
        "date_granularity": e.date_granularity,
        "injured": e.injured,
        "article_id": row.article_id,
        "url": row.article_url,
        "trigger": e.trigger,
    }


def plover_record(row: Any) -> dict[str, Any]:
    """A PLOVER-style JSON record: event, mode, context, actors, location, evidence."""
    e = row.event
    loc = e.location
    return {
        "id": e.id,
        "date": e.date,
        "date_granularity": e.date_granularity,
        "event": e.type,
        "mode": e.mode,
        "context": list(e.context),
        "modality": e.modality,
        "quad_class": e.quad_class,
        "acled_event_type": e.acled_type,
        "acled_sub_event_type": e.acled_subtype,
        "source": [{"id": i, "name": n} for i, n in zip(e.source, getattr(row, "source_names", e.source))],
        "target": [{"id": i, "name": n} for i, n in zip(e.target, getattr(row, "target_names", e.target))],
        "location": loc.to_dict() if loc else None,
        "fatalities": e.killed,
        "injuries": e.injured,
        "confidence": e.confidence,
        "trigger": {"text": e.trigger, "start": e.trigger_start, "end": e.trigger_end},
        "evidence": {"sentence": e.sentence, "start": e.start, "end": e.end, "quote": e.quote},
        "article": {"id": row.article_id, "title": row.article_title, "url": row.article_url,
                    "published": row.published},
    }


def _geojson_feature(row: Any) -> dict[str, Any] | None:
    loc = row.event.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    props = event_row_dict(row)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]}, "properties": props}


def export_events(rows: Iterable[Any], fmt: str, out: IO[str] | Path) -> int:
    """Write rows in ``fmt`` to a text stream (or a file path for parquet); returns how many were written."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ConfigError("parquet export needs --out FILE (it is a binary format)")
        import pyarrow as pa
        import pyarrow.parquet as pq

        data = [acled_row(r) for r in rows]
        table = pa.Table.from_pylist(data) if data else pa.table({c: pa.array([], pa.string()) for c in ACLED_COLUMNS})
        pq.write_table(table, out)
        return len(data)
    stream: IO[str]
    close = False
    if isinstance(out, Path):
        stream = out.open("w", encoding="utf-8", newline="")
        close = True
    else:
        stream = out
    try:
        if fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=list(ACLED_COLUMNS))
            writer.writeheader()
            for r in rows:
                writer.writerow(acled_row(r))
                n += 1
        elif fmt == "jsonl":
            for r in rows:
                stream.write(json.dumps(plover_record(r), ensure_ascii=False) + "\n")
                n += 1
        else:
            features = [f for f in (_geojson_feature(r) for r in rows) if f is not None]
            json.dump({"type": "FeatureCollection", "features": features}, stream, ensure_ascii=False)
            stream.write("\n")
            n = len(features)
    finally:
        if close:
            stream.close()
    return n


def export_to_string(rows: Iterable[Any], fmt: str) -> str:
    buf = io.StringIO()
    export_events(rows, fmt, buf)
    return buf.getvalue()
