"""The project-written prior: class descriptions and news-style examples, and their cached embeddings.

Files in ``classify/data/`` (all written for this project, none copied from a dataset):

- ``event_descriptions.tsv`` / ``event_examples.tsv``: ``label<TAB>text`` for the 30 event classes;
- ``plover_descriptions.tsv`` / ``plover_examples.tsv``: the same for the PLOVER types;
- ``dev_news.tsv`` / ``dev_plover.tsv``: held-out ``id<TAB>text<TAB>label`` sentences for measuring;
- ``embeddings.npz``: embeddings of every description and example, built by
  ``python -m eventscope.classify.build`` so that loading needs no embedding work. Texts missing from it
  (e.g. after editing the examples) are embedded at load time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import numpy as np

from ..errors import DataError
from .embed import Embedder

__all__ = ["Prior", "load_prior", "embed_with_cache", "bundled_cache", "data_text", "PRIOR_KINDS"]

PRIOR_KINDS: tuple[str, ...] = ("event", "plover")
EMBEDDINGS_FILE = "embeddings.npz"


@dataclass(frozen=True)
class Prior:
    """Descriptions and examples of one label set."""

    kind: str
    labels: tuple[str, ...]
    descriptions: tuple[tuple[str, str], ...]  # (label, text)
    examples: tuple[tuple[str, str], ...]  # (label, text)

    @property
    def digest(self) -> str:
        """Short hash of the content: part of the classifier version."""
        h = hashlib.sha256()
        for lab, text in (*self.descriptions, *self.examples):
            h.update(f"{lab}\t{text}\n".encode())
        return h.hexdigest()[:8]


def data_text(name: str) -> str:
    """Text of a file in ``classify/data``."""
    try:
        return resources.files("eventscope.classify").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"classifier data file {name!r} is missing; reinstall eventscope") from None


def _read_pairs(name: str, labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    known = set(labels)
    pairs = []
    for n, line in enumerate(data_text(name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or cols[0] not in known or not cols[1].strip():
            raise DataError(f"classify/data/{name}:{n}: expected <label><TAB><text> with a known label")
        pairs.append((cols[0], cols[1].strip()))
    return tuple(pairs)


def load_prior(kind: str) -> Prior:
    """Read the bundled descriptions and examples of ``kind`` ("event" or "plover")."""
    if kind == "event":
        from .labels import LABEL_NAMES as labels
    elif kind == "plover":
        from ..records import PLOVER_TYPES as labels
    else:
        raise DataError(f"unknown prior {kind!r}; use one of {PRIOR_KINDS}")
    return Prior(
        kind=kind,
        labels=tuple(labels),
        descriptions=_read_pairs(f"{kind}_descriptions.tsv", tuple(labels)),
        examples=_read_pairs(f"{kind}_examples.tsv", tuple(labels)),
    )


def bundled_cache() -> dict[str, np.ndarray]:
    """The shipped text -> embedding table (empty if the file is absent)."""
    ref = resources.files("eventscope.classify").joinpath("data", EMBEDDINGS_FILE)
    if not ref.is_file():
        return {}
    with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        texts = [str(t) for t in npz["texts"]]
        vectors = npz["vectors"].astype(np.float32)
    return dict(zip(texts, vectors, strict=True))


def embed_with_cache(texts: list[str], embedder: Embedder, cache: dict[str, np.ndarray]) -> np.ndarray:
    """Embeddings of ``texts``, taken from ``cache`` where present, else computed."""
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    if missing:
        cache.update(zip(missing, embedder.embed(missing), strict=True))
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([cache[t] for t in texts]).astype(np.float32)
