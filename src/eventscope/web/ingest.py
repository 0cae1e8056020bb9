"""The default ingest function for ``--allow-ingest``: run the pipeline on posted text, store the result.

The pipeline is loaded on first use (seconds, hundreds of MB), not when the server starts, and only
one ingest runs at a time: SQLite has one writer, and spaCy pipelines are not shared across threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EventscopeError
from ..records import RawArticle
from ..store import Store

__all__ = ["IngestResult", "PipelineIngest"]


@dataclass
class IngestResult:
    added: int = 0
    skipped: int = 0
    article_ids: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


class PipelineIngest:
    """Callable ``(list[RawArticle]) -> IngestResult`` writing into the store at ``db_path``."""

    def __init__(self, db_path: str | Path, *, load: Callable[[], Any] | None = None) -> None:
        self.db_path = Path(db_path)
        self._load = load
        self._nlp: Any = None
        self._lock = threading.Lock()

    def _pipeline(self) -> Any:
        if self._nlp is None:
            if self._load is None:
                from ..workflow import load_pipeline

                self._load = load_pipeline
            self._nlp = self._load()
        return self._nlp

    def __call__(self, raws: list[RawArticle]) -> IngestResult:
        from ..nlp.pipeline import process

        result = IngestResult()
        with self._lock, Store.open(self.db_path) as store:
            new = []
            for raw in raws:
                if store.has_article(raw.id):
                    result.skipped += 1
                    result.article_ids.append(raw.id)
                else:
                    new.append(raw)
            if not new:
                return result
            nlp = self._pipeline()
            for raw in new:  # one at a time: a failure on one input keeps the others
                try:
                    for article in process(nlp, [raw]):
                        if store.add_article(article):
                            result.added += 1
                        else:
                            result.skipped += 1
                        result.article_ids.append(article.id)
                except EventscopeError as exc:
                    result.failures.append(f"{raw.origin or raw.id}: {exc}")
        return result
