"""Server-rendered pages. Each route reads what it needs from the store and hands typed rows to a template."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..errors import NotFoundError
from ..records import MODALITIES, PLOVER_TYPES
from ..report.palette import TYPE_COLOURS
from ..store import EventFilter, Store
from .app import open_store
from .errors import ApiError
from .highlight import highlight
from .network import ego_network
from .query import BUCKETS, SORT_KEYS, EventQuery, Paging, event_query, paging

__all__ = ["router", "TYPE_COLOURS"]

router = APIRouter(include_in_schema=False)
Q = Annotated[EventQuery, Depends(event_query)]
P = Annotated[Paging, Depends(paging)]


def _render(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    templates = request.app.state.templates
    ctx.setdefault("colours", TYPE_COLOURS)
    return templates.TemplateResponse(request, name, ctx)  # type: ignore[no-any-return]


MAX_PERIODS = 3000


def fill_periods(periods: list[str], bucket: str) -> list[str]:
    """All period starts from the first to the last (empty periods are gaps in time, not absent)."""
    if not periods:
        return []
    try:
        cur, last = dt.date.fromisoformat(periods[0][:10]), dt.date.fromisoformat(periods[-1][:10])
    except ValueError:
        return periods  # undated buckets from the store: show what we have
    out: list[str] = []
    while cur <= last and len(out) < MAX_PERIODS:
        out.append(cur.isoformat())
        if bucket in ("month", "year"):
            month = cur.month + (1 if bucket == "month" else 12)
            cur = dt.date(cur.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        else:
            cur += dt.timedelta(days=7 if bucket == "week" else 1)
    return sorted(set(out) | set(periods))


def _type_counts(store: Store, flt: EventFilter) -> list[tuple[str, int]]:
    """Events per type under the filter, undated events included (the timeline would drop them)."""
    counts = store.count_by_type(flt)
    return sorted(((t, n) for t, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0]))


@router.get("/", response_class=HTMLResponse)
def events_page(request: Request, q: Q, page: P) -> HTMLResponse:
    flt = q.to_filter()
    with open_store(request) as store:
        rows = store.events(flt, limit=page.limit, offset=page.offset, sort=q.sort, desc=q.order == "desc")
        total = store.count_events(flt)
        stats = store.stats()
        counts = _type_counts(store, flt)
    return _render(
        request,
        "events.html",
        q=q,
        page=page,
        rows=rows,
        total=total,
        stats=stats,
        counts=counts,
        sort_keys=SORT_KEYS,
        modalities=MODALITIES,
        types=PLOVER_TYPES,
        active="events",
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, q: Q) -> HTMLResponse:
    with open_store(request) as store:
        total = store.count_events(q.to_filter())
    return _render(
        request, "map.html", q=q, total=total, modalities=MODALITIES, types=PLOVER_TYPES, active="map"
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    q: Q,
    bucket: Annotated[str, Query(description="day, week or month")] = "week",
) -> HTMLResponse:
    if bucket not in BUCKETS:
        raise ApiError(422, f"bucket must be one of {', '.join(BUCKETS)}")
    with open_store(request) as store:
        rows = store.timeline(q.to_filter(), bucket=bucket)
    periods = fill_periods(sorted({p for p, _, _ in rows}), bucket)
    series = sorted(
        {t for _, t, _ in rows}, key=lambda t: (PLOVER_TYPES.index(t) if t in PLOVER_TYPES else 99, t)
    )
    cell = {(p, t): n for p, t, n in rows}
    chart = {
        "labels": periods,
        "datasets": [
            {
                "label": t,
                "data": [cell.get((p, t), 0) for p in periods],
                "backgroundColor": TYPE_COLOURS.get(t, "#888888"),
            }
            for t in series
        ],
    }
    return _render(
        request,
        "timeline.html",
        q=q,
        bucket=bucket,
        buckets=BUCKETS,
        chart=chart,
        rows=rows,
        periods=periods,
        cell=cell,
        modalities=MODALITIES,
        types=PLOVER_TYPES,
        active="timeline",
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    page: P,
    q: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    with open_store(request) as store:
        rows = store.actors(query=q or None, country=country or None, limit=page.limit, offset=page.offset)
        total = store.count_actors(query=q or None, country=country or None)
    return _render(
        request,
        "actors.html",
        rows=rows,
        total=total,
        page=page,
        query=q or "",
        country=country or "",
        active="actors",
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    flt = EventFilter(actor=actor_id)
    with open_store(request) as store:
        row = store.get_actor(actor_id)
        dyads = [d for d in store.dyads(flt, limit=200) if actor_id in (d[0], d[1])]
        names: dict[str, str] = {}
        for s, t, _ in dyads:
            for other in (s, t):
                if other not in names:
                    try:
                        names[other] = store.get_actor(other).actor.name
                    except NotFoundError:
                        names[other] = other
        mix = _type_counts(store, flt)
        quotes = store.quotes(speaker=actor_id, limit=30)
        events = store.events(flt, limit=20)
    net = ego_network(actor_id, row.actor.name, dyads, names)
    return _render(
        request,
        "actor.html",
        row=row,
        net=net,
        mix=mix,
        quotes=quotes,
        events=events,
        dyads=dyads,
        names=names,
        active="actors",
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, page: P) -> HTMLResponse:
    with open_store(request) as store:
        rows = store.articles(limit=page.limit, offset=page.offset)
        total = store.count_articles()
    return _render(request, "articles.html", rows=rows, total=total, page=page, active="articles")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    with open_store(request) as store:
        article = store.get_article(article_id)
    actor_names = {a.id: a.name for a in article.actors}
    return _render(
        request,
        "article.html",
        article=article,
        body=highlight(article),
        actor_names=actor_names,
        active="articles",
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    with open_store(request) as store:
        row = store.get_event(event_id)
    return _render(request, "event.html", row=row, e=row.event, active="events")


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """Offline API reference rendered from the OpenAPI schema (Swagger UI would need a CDN)."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                (p.get("name"), p.get("in"), p.get("description", ""), p.get("required", False))
                for p in op.get("parameters", [])
            ]
            ops.append(
                {"path": path, "method": method.upper(), "summary": op.get("summary", ""), "params": params}
            )
    return _render(request, "docs.html", ops=ops, spec=spec, active="docs")
