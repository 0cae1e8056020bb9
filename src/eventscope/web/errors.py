"""The one error shape of the web app: ``{"error": {"status": N, "message": "...", "detail": ...}}``.

Every failure (validation, 404 of a route or record, bad token, store problems) goes through
:func:`error_response`, so API clients see one shape; browsers asking for HTML get the same
status with a readable page.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, InputError, NotFoundError, StoreError

__all__ = ["ApiError", "error_body", "error_response", "install_error_handlers"]


class ApiError(Exception):
    """An HTTP error raised by a route: status, one-line message, optional structured detail."""

    def __init__(self, status: int, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "detail": detail}}


def _wants_html(request: Request) -> bool:
    # API paths always answer JSON; pages answer HTML only when the client asks for it.
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, message: str, detail: Any = None, *, headers: dict[str, str] | None = None
) -> Response:
    if _wants_html(request):
        page = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>Error {status}</title>"
            "<link rel='stylesheet' href='/static/app.css'></head><body><main class='error'>"
            f"<h1>Error {status}</h1><p>{escape(message)}</p>"
            "<p><a href='/'>Back to events</a></p></main></body></html>"
        )
        return HTMLResponse(page, status_code=status, headers=headers)
    return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        out.append({"loc": loc, "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception type we expect to the one error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        detail = _validation_detail(exc)
        names = ", ".join(d["loc"][-1] for d in detail if d["loc"]) or "request"
        return error_response(request, 422, f"invalid parameter(s): {names}", detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "HTTP error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        return error_response(request, exc.status_code, message, None, headers=getattr(exc, "headers", None))

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(ValueError)
    async def _value(request: Request, exc: ValueError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(ConfigError)
    async def _config(request: Request, exc: ConfigError) -> Response:
        return error_response(request, 500, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, f"store unavailable: {exc}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, "internal error", type(exc).__name__)
