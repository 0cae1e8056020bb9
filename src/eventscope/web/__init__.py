"""The web app: FastAPI pages and JSON API over a store (read-only unless ingest is allowed).

create_app(db_path, *, token=None, allow_ingest=False, ingest=None) -> FastAPI
serve(db_path, *, host="127.0.0.1", port=8000, token=None, allow_ingest=False, ingest=None)
"""

from __future__ import annotations

from .app import IngestFn, create_app, is_loopback, serve

__all__ = ["create_app", "serve", "is_loopback", "IngestFn"]
