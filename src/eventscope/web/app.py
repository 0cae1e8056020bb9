"""The FastAPI application: configuration, access token, security headers, store per request.

``create_app`` builds the app without touching the database; every request opens its own
read-only store connection (in the thread that serves it), so the CLI can write meanwhile.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..errors import ConfigError
from ..records import RawArticle
from ..settings import get_setting
from ..store import Store
from .errors import error_response, install_error_handlers

__all__ = ["create_app", "serve", "WebConfig", "IngestFn", "is_loopback", "open_store"]

# What POST /api/ingest calls: the raw articles of the request; returns something with
# ``added``/``skipped`` (e.g. store.AddResult) or any JSON-able value.
IngestFn = Callable[[list[RawArticle]], Any]

TOKEN_COOKIE = "eventscope_token"
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@dataclass(frozen=True)
class WebConfig:
    db_path: Path
    token: str | None = None
    allow_ingest: bool = False
    ingest: IngestFn | None = None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@contextmanager
def open_store(request: Request) -> Iterator[Store]:
    """A read-only store for this request, closed afterwards (opened in the serving thread)."""
    config: WebConfig = request.app.state.config
    store = Store.open(config.db_path, readonly=True)
    try:
        yield store
    finally:
        store.close()


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("eventscope.web").joinpath(name)))


def _presented_token(request: Request) -> tuple[str | None, bool]:
    """The token the client sent and whether it came in the query string."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    if "token" in request.query_params:
        return request.query_params["token"], True
    return request.cookies.get(TOKEN_COOKIE), False


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    allow_ingest: bool = False,
    ingest: IngestFn | None = None,
) -> FastAPI:
    """The web app over the store at ``db_path``; with ``token`` every request must present it.

    With ``allow_ingest`` and no ``ingest`` function, posted articles go through the full pipeline
    (loaded on first use) into the same store.
    """
    if allow_ingest and ingest is None:
        from .ingest import PipelineIngest

        ingest = PipelineIngest(db_path)
    config = WebConfig(Path(db_path), token=token or None, allow_ingest=allow_ingest, ingest=ingest)
    app = FastAPI(
        title="eventscope",
        version=__version__,
        description="Political events extracted from news, with their evidence. Read-only unless started "
        "with --allow-ingest. Errors always have the shape "
        '{"error": {"status": N, "message": "...", "detail": ...}}.',
        docs_url=None,  # Swagger UI needs CDN assets; /docs is our own offline page
        redoc_url=None,
    )
    app.state.config = config
    app.state.templates = Jinja2Templates(directory=str(_package_dir("templates")))
    install_error_handlers(app)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        set_cookie = False
        if config.token is not None:
            given, from_query = _presented_token(request)
            if given is None or not hmac.compare_digest(given.encode(), config.token.encode()):
                return error_response(
                    request,
                    401,
                    "a valid access token is required (Authorization: Bearer TOKEN or ?token=)",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            set_cookie = from_query
        response = await call_next(request)
        if set_cookie:
            # So links and assets of pages opened with ?token= keep working.
            response.set_cookie(TOKEN_COOKIE, config.token or "", httponly=True, samesite="strict")
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    from . import api, pages  # routes import the app module's helpers

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(_package_dir("static"))), name="static")
    return app


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    allow_ingest: bool = False,
    ingest: IngestFn | None = None,
) -> None:
    """Run the app with uvicorn. Any non-loopback bind needs a token (argument or EVENTSCOPE_TOKEN)."""
    token = get_setting("token", token)
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"binding to {host} exposes the store to the network: give --token or set EVENTSCOPE_TOKEN"
        )
    # Create/migrate once with a writable connection, so per-request read-only opens succeed.
    Store.open(db_path).close()
    import uvicorn

    uvicorn.run(
        create_app(db_path, token=token, allow_ingest=allow_ingest, ingest=ingest),
        host=host,
        port=port,
        log_level="info",
    )
