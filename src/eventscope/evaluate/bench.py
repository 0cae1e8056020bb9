"""Pipeline throughput benchmark: the whole pipeline (ingest to stored events) against the bare model.

``pipeline`` = texts -> ``nlp.pipeline.process`` (all eventscope stages) -> records ->
``Store.add_articles`` into a fresh SQLite file in a temporary directory.
``baseline`` = the bare spaCy model (``nlp_base.pipe``) on the same texts, same batch size
and the same number of processes. Words are whitespace-separated tokens of the article text.

With ``n_process > 1`` both runs use the same fork-based worker pool: the loaded pipelines are
inherited by the workers (no reload), workers return finished records and the parent stores
them, as ``ingest`` would. ``peak_rss_mb`` is the parent's peak resident memory plus, for each
worker, the largest proportional set size (PSS) seen at the end of its tasks: forked workers
share the parent's pages, and PSS counts a shared page once across the processes.

Single process: the two are interleaved chunk by chunk (bare model on a chunk, then the
pipeline on the same chunk, timed separately and summed), so both see the same machine load
and a busy neighbour cannot flatter or spoil the ratio. With a worker pool: the bare model is
timed before and after the pipeline and the faster run is kept, so warm-up, cache and
neighbour-load effects cannot flatter the ratio.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import Article, RawArticle, _Record

__all__ = ["BenchResult", "bench_pipeline"]


@dataclass
class BenchResult(_Record):
    pipeline_words_per_s: float
    baseline_words_per_s: float
    ratio: float  # pipeline / baseline throughput (1.0 = no cost over the bare model)
    peak_rss_mb: float
    n_docs: int
    n_words: int
    n_process: int = 1
    batch_size: int = 16
    pipeline_seconds: float = 0.0
    baseline_seconds: float = 0.0
    n_events: int = 0


def _maxrss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024  # bytes on macOS, KiB on Linux


def _child_mb() -> float:
    """A worker's memory: its proportional set size (shared pages split between the processes
    sharing them) where Linux reports it, else its peak RSS."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _maxrss_mb()


def _as_raw(texts: Sequence[str | RawArticle]) -> list[RawArticle]:
    return [t if isinstance(t, RawArticle) else RawArticle(text=t) for t in texts]


# Set in the parent just before the worker pool forks, read by the workers; cleared afterwards.
_WORKER_STATE: dict[str, Any] = {}


def _worker_pipeline(chunk: list[RawArticle]) -> tuple[int, float, list[Article]]:
    from ..nlp.pipeline import process

    arts = list(process(_WORKER_STATE["nlp"], chunk, batch_size=_WORKER_STATE["batch_size"]))
    return os.getpid(), _child_mb(), arts


def _worker_baseline(chunk: list[str]) -> tuple[int, float, int]:
    n = sum(1 for _ in _WORKER_STATE["nlp"].pipe(chunk, batch_size=_WORKER_STATE["batch_size"]))
    return os.getpid(), _child_mb(), n


def _chunks(seq: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(seq), size):
        yield list(seq[i : i + size])


def _pool_map(
    nlp: Any,
    fn: Any,
    chunks: list[list[Any]],
    *,
    n_process: int,
    batch_size: int,
    child_rss: dict[int, float],
) -> Iterator[Any]:
    _WORKER_STATE.update(nlp=nlp, batch_size=batch_size)
    try:
        with mp.get_context("fork").Pool(n_process) as pool:
            for pid, rss, payload in pool.imap(fn, chunks):
                child_rss[pid] = max(child_rss.get(pid, 0.0), rss)
                yield payload
    finally:
        _WORKER_STATE.clear()


def _open_store(path: Path) -> Any:
    from ..store import Store

    return Store.open(path)


def bench_pipeline(
    texts: Sequence[str | RawArticle],
    *,
    nlp_full: Any,
    nlp_base: Any,
    n_process: int = 1,
    batch_size: int = 16,
    warmup: int = 4,
) -> BenchResult:
    """Measure pipeline vs bare-model throughput on the same texts (see module docstring)."""
    from ..nlp.pipeline import process

    raws = _as_raw(texts)
    plain = [r.text for r in raws]
    n_words = sum(len(t.split()) for t in plain)
    if n_process > 1 and "fork" not in mp.get_all_start_methods():
        n_process = 1  # no fork (Windows): measure single-process rather than reload models per worker
    # Warm both up (lazy vectors, caches, first-call allocations) outside the timed runs.
    for _ in nlp_base.pipe(plain[:warmup]):
        pass
    for _ in process(nlp_full, raws[:warmup]):
        pass

    child_rss: dict[int, float] = {}
    base_children: dict[int, float] = {}
    chunk = max(batch_size * 2, 1)

    def baseline() -> float:  # worker pool only; a single process interleaves, below
        t0 = time.perf_counter()
        for _ in _pool_map(
            nlp_base,
            _worker_baseline,
            list(_chunks(plain, chunk)),
            n_process=n_process,
            batch_size=batch_size,
            child_rss=base_children,
        ):
            pass
        return time.perf_counter() - t0

    n_events = 0
    if n_process <= 1:
        base_s = pipe_s = 0.0
        with tempfile.TemporaryDirectory(prefix="eventscope-bench-") as tmp:
            store = _open_store(Path(tmp) / "bench.db")
            try:
                for part in _chunks(raws, chunk):
                    texts = [r.text for r in part]
                    t0 = time.perf_counter()
                    for _ in nlp_base.pipe(texts, batch_size=batch_size):
                        pass
                    t1 = time.perf_counter()
                    arts = list(process(nlp_full, part, batch_size=batch_size))
                    store.add_articles(arts, batch=len(arts))
                    t2 = time.perf_counter()
                    base_s += t1 - t0
                    pipe_s += t2 - t1
                    n_events += sum(len(a.events) for a in arts)
            finally:
                store.close()
        return _result(raws, n_words, pipe_s, base_s, _maxrss_mb(), n_process, batch_size, n_events)

    base_s = baseline()
    with tempfile.TemporaryDirectory(prefix="eventscope-bench-") as tmp:
        store = _open_store(Path(tmp) / "bench.db")
        try:
            t0 = time.perf_counter()
            for arts in _pool_map(
                nlp_full,
                _worker_pipeline,
                list(_chunks(raws, chunk)),
                n_process=n_process,
                batch_size=batch_size,
                child_rss=child_rss,
            ):
                store.add_articles(arts, batch=len(arts))
                n_events += sum(len(a.events) for a in arts)
            pipe_s = time.perf_counter() - t0
        finally:
            store.close()
    base_s = min(base_s, baseline())

    peak = _maxrss_mb() + max(sum(base_children.values()), sum(child_rss.values()))
    return _result(raws, n_words, pipe_s, base_s, peak, n_process, batch_size, n_events)


def _result(
    raws: list[RawArticle], n_words: int, pipe_s: float, base_s: float, peak: float,
    n_process: int, batch_size: int, n_events: int,
) -> BenchResult:
    pipe_wps = n_words / pipe_s if pipe_s else 0.0
    base_wps = n_words / base_s if base_s else 0.0
    return BenchResult(
        pipeline_words_per_s=pipe_wps,
        baseline_words_per_s=base_wps,
        ratio=pipe_wps / base_wps if base_wps else 0.0,
        peak_rss_mb=peak,
        n_docs=len(raws),
        n_words=n_words,
        n_process=n_process,
        batch_size=batch_size,
        pipeline_seconds=pipe_s,
        baseline_seconds=base_s,
        n_events=n_events,
    )
