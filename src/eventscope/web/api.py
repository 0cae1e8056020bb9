"""JSON API under /api/: thin routes over the Store; list endpoints return {"items": [...], "total": N}."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from ..errors import InputError
from ..records import RawArticle
from ..store import EventFilter
from .app import WebConfig, open_store
from .errors import ApiError
from .query import BUCKETS, EventQuery, Paging, event_query, paging
from .serialize import actor_json, article_row_json, event_json, events_csv, events_geojson

__all__ = ["router", "EXPORT_LIMIT"]

router = APIRouter(prefix="/api", tags=["api"])
EXPORT_LIMIT = 100_000  # downloads of "the current filter" are bounded, not paged
MAX_UPLOAD = 5_000_000

Q = Annotated[EventQuery, Depends(event_query)]
P = Annotated[Paging, Depends(paging)]


def _events(request: Request, q: EventQuery, *, limit: int | None, offset: int = 0) -> tuple[list[Any], int]:
    flt = q.to_filter()
    with open_store(request) as store:
        rows = store.events(flt, limit=limit, offset=offset, sort=q.sort, desc=q.order == "desc")
        total = store.count_events(flt)
    return rows, total


@router.get("/events", summary="Events matching the filter (paged)")
def list_events(request: Request, q: Q, page: P) -> dict[str, Any]:
    rows, total = _events(request, q, limit=page.limit, offset=page.offset)
    return {
        "items": [event_json(r) for r in rows],
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
    }


@router.get("/events.csv", summary="CSV download of all events matching the filter", response_class=Response)
def download_csv(request: Request, q: Q) -> Response:
    rows, _ = _events(request, q, limit=EXPORT_LIMIT)
    return Response(
        events_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )


@router.get("/events.geojson", summary="GeoJSON of located events matching the filter")
def download_geojson(request: Request, q: Q) -> JSONResponse:
    rows, _ = _events(request, q, limit=EXPORT_LIMIT)
    return JSONResponse(events_geojson(rows), media_type="application/geo+json")


@router.get("/events/{event_id}", summary="One event with its article reference")
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    with open_store(request) as store:
        return event_json(store.get_event(event_id))


@router.get("/actors", summary="Actors (paged), optionally by name and country")
def list_actors(
    request: Request,
    page: P,
    q: Annotated[str | None, Query(max_length=200, description="part of a name or alias")] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    with open_store(request) as store:
        rows = store.actors(query=q or None, country=country or None, limit=page.limit, offset=page.offset)
        total = store.count_actors(query=q or None, country=country or None)
    return {
        "items": [actor_json(r) for r in rows],
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
    }


@router.get("/actors/{actor_id}", summary="One actor with its counts and top dyads")
def get_actor(request: Request, actor_id: str) -> dict[str, Any]:
    with open_store(request) as store:
        row = store.get_actor(actor_id)
        dyads = store.dyads(EventFilter(actor=actor_id), limit=50)
    d = actor_json(row)
    d["dyads"] = [{"source": s, "target": t, "n": n} for s, t, n in dyads if actor_id in (s, t)]
    return d


@router.get("/articles", summary="Stored articles (paged, newest first)")
def list_articles(request: Request, page: P) -> dict[str, Any]:
    with open_store(request) as store:
        rows = store.articles(limit=page.limit, offset=page.offset)
        total = store.count_articles()
    return {
        "items": [article_row_json(r) for r in rows],
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
    }


@router.get("/articles/{article_id}", summary="One article with all its records")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with open_store(request) as store:
        return store.get_article(article_id).to_dict()


@router.get("/stats", summary="Counts over the whole store")
def stats(request: Request) -> dict[str, Any]:
    with open_store(request) as store:
        return dataclasses.asdict(store.stats())


@router.get("/timeline", summary="Events per period and type for the filter")
def timeline(
    request: Request,
    q: Q,
    bucket: Annotated[str, Query(description="one of " + ", ".join(BUCKETS))] = "week",
) -> dict[str, Any]:
    if bucket not in BUCKETS:
        raise ApiError(
            422,
            "invalid parameter(s): bucket",
            [{"loc": ["query", "bucket"], "msg": f"must be one of {', '.join(BUCKETS)}", "type": "enum"}],
        )
    with open_store(request) as store:
        rows = store.timeline(q.to_filter(), bucket=bucket)
    items = [{"period": p, "type": t, "n": n} for p, t, n in rows]
    return {"items": items, "total": len(items), "bucket": bucket}


@router.post("/ingest", summary="Add articles (only when the server runs with --allow-ingest)")
async def ingest(
    request: Request,
    text: Annotated[str | None, Form(max_length=MAX_UPLOAD)] = None,
    title: Annotated[str | None, Form(max_length=1000)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    published: Annotated[str | None, Form(max_length=40)] = None,
    file: Annotated[UploadFile | None, File()] = None,
) -> dict[str, Any]:
    config: WebConfig = request.app.state.config
    if not config.allow_ingest or config.ingest is None:
        raise ApiError(403, "this server is read-only: start it with --allow-ingest to add articles")
    articles: list[RawArticle] = []
    if text and text.strip():
        articles.append(
            RawArticle(
                text=text, title=title or None, url=url or None, published=published or None, origin="web"
            )
        )
    if file is not None:
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise ApiError(413, f"upload larger than {MAX_UPLOAD} bytes")
        try:
            body = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(file.filename or "upload", "not UTF-8 text") from None
        if body.strip():
            articles.append(
                RawArticle(text=body, title=title or None, origin=f"upload:{file.filename or ''}")
            )
    if not articles:
        raise ApiError(422, "nothing to ingest: send a non-empty 'text' field or a 'file' upload")
    result = config.ingest(articles)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return {"result": dataclasses.asdict(result)}
    return {"result": result}
