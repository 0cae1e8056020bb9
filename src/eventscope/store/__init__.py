"""The embedded store: SQLite (WAL + FTS5) holding articles and everything extracted from them.

``Store.open(path)`` creates and migrates the file; ``Store.open(path, readonly=True)`` is for
readers such as the web server. Queries return the typed rows defined in ``store.rows``.
"""

from __future__ import annotations

from .rows import ActorRow, AddResult, ArticleRow, EventFilter, EventRow, SearchHit, Stats
from .sqlite import Store

__all__ = ["Store", "EventFilter", "EventRow", "ActorRow", "ArticleRow", "SearchHit", "Stats", "AddResult"]
