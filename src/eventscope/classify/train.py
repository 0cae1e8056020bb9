"""Loading the bundled classifiers and training on a user's labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import DataError
from .embed import Embedder, get_embedder
from .engine import Weights
from .labels import normalise_label
from .model import EventClassifier, select_weights
from .prior import data_text, load_prior

__all__ = ["load_classifier", "train_classifier", "train_from_file", "bundled_weights"]

_MIN_FOR_VALIDATION = 40  # below this a held-out split is too small to choose weights from


def bundled_weights(kind: str) -> Weights:
    """The signal weights chosen by ``python -m eventscope.classify.build`` (defaults if not built)."""
    try:
        return Weights.from_dict(json.loads(data_text(f"{kind}_weights.json")))
    except DataError:
        return Weights()


def load_classifier(path: str | Path | None = None, *, embedder: Embedder | None = None) -> EventClassifier:
    """Load a trained event classifier directory, or the bundled default when ``path`` is None."""
    if path is not None:
        model = EventClassifier.load(path, embedder=embedder)
        assert isinstance(model, EventClassifier)
        return model
    clf = EventClassifier(load_prior("event"), weights=bundled_weights("event"))
    clf.fit(embedder=embedder)
    return clf


def train_classifier(
    texts: list[str],
    labels: list[str],
    *,
    out: str | Path,
    base: str = "default",
    holdout: float = 0.2,
    seed: int = 0,
    embedder: Embedder | None = None,
) -> EventClassifier:
    """Train on user examples combined with the project prior (``base="default"``) and save to ``out``.

    Labels may be CASE labels or ACLED display names. With enough data, a held-out split
    (``holdout``) chooses how much each signal counts; the final model is then fit on everything.
    """
    if len(texts) != len(labels):
        raise DataError(f"{len(texts)} texts but {len(labels)} labels")
    pairs = [(normalise_label(lab), " ".join(t.split())) for t, lab in zip(texts, labels, strict=True)]
    pairs = [(lab, t) for lab, t in pairs if t]
    if not pairs:
        raise DataError("no training examples with text")
    embedder = embedder or get_embedder()
    emb = embedder.embed([t for _, t in pairs])
    prior = load_prior("event")
    weights = bundled_weights("event") if base == "default" else Weights(desc=0.0)
    if len(pairs) >= _MIN_FOR_VALIDATION and 0 < holdout < 1:
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(pairs))
        n_val = max(1, int(len(pairs) * holdout))
        val, fit_idx = order[:n_val], order[n_val:]
        trial = EventClassifier(prior, user_examples=[pairs[i] for i in fit_idx],
                                user_embeddings=emb[fit_idx], base=base)
        trial._embedder = embedder
        engine, _ = trial._fit_engine(trial.user_examples, trial.user_embeddings)
        sig = engine.signals(emb[val], [pairs[i][1] for i in val])
        index = {lab: i for i, lab in enumerate(trial.labels)}
        y = np.array([index[pairs[i][0]] for i in val])
        weights = select_weights(sig, y)
        if base != "default":
            weights.desc = 0.0
    clf = EventClassifier(prior, user_examples=pairs, user_embeddings=emb, weights=weights, base=base)
    clf.fit(embedder=embedder)
    clf.save(out)
    return clf


def train_from_file(
    data: str | Path,
    *,
    out: str | Path,
    format: str = "auto",  # noqa: A002
    base: str = "default",
    embedder: Embedder | None = None,
) -> EventClassifier:
    """``eventscope train events --data FILE``: read labelled data (see ``datasets``) and train."""
    from .datasets import read_labelled

    pairs = read_labelled(data, format)
    return train_classifier([t for t, _ in pairs], [lab for _, lab in pairs], out=out, base=base,
                            embedder=embedder)
