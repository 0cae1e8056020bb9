"""Rebuild the shipped classifier data: ``python -m eventscope.classify.build``.

1. Embeds every project-written description and example (event and PLOVER) into ``data/embeddings.npz``
   (float16), so loading a classifier needs no embedding work.
2. Calibrates each classifier's output temperature by k-fold cross-validation over the project-written
   examples only (never over the dev sets or third-party data) and writes ``data/<kind>_weights.json``.
   The signal weights themselves stay at the a-priori ``Weights()`` defaults: choosing them by
   cross-validation over examples written by the same hand over-trusted the description signal and did
   worse on held-out sentences (see docs/classifier.md), so only the calibration is fitted.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from .embed import get_embedder
from .engine import Engine
from .engine import Weights
from .model import select_temperature
from .prior import EMBEDDINGS_FILE, PRIOR_KINDS, bundled_cache, embed_with_cache, load_prior

DATA_DIR = Path(__file__).resolve().parent / "data"


def build_embeddings(*, full: bool = False) -> dict[str, np.ndarray]:
    """Embed every description and example into ``data/embeddings.npz`` (reusing stored vectors unless full)."""
    texts: list[str] = []
    for kind in PRIOR_KINDS:
        prior = load_prior(kind)
        texts += [t for _, t in (*prior.descriptions, *prior.examples)]
    texts = list(dict.fromkeys(texts))
    old = {} if full else bundled_cache()
    vectors = embed_with_cache(texts, get_embedder(), old)
    np.savez_compressed(DATA_DIR / EMBEDDINGS_FILE, texts=np.array(texts), vectors=vectors.astype(np.float16))
    return dict(zip(texts, vectors, strict=True))


def cv_weights(kind: str, cache: dict[str, np.ndarray], *, folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Fit the output temperature of ``kind`` by cross-validation over its examples and save the weights."""
    prior = load_prior(kind)
    labels = list(prior.labels)
    index = {lab: i for i, lab in enumerate(labels)}
    ex = list(prior.examples)
    emb = embed_with_cache([t for _, t in ex], get_embedder(), cache)
    d_emb = embed_with_cache([t for _, t in prior.descriptions], get_embedder(), cache)
    fold = np.random.default_rng(seed).permutation(len(ex)) % folds
    sig_parts: dict[str, list[np.ndarray]] = {}
    ys = []
    for f in range(folds):
        tr, te = np.where(fold != f)[0], np.where(fold == f)[0]
        engine = Engine(labels).fit(
            [ex[i][1] for i in tr], [ex[i][0] for i in tr], emb[tr],
            desc_labels=[lab for lab, _ in prior.descriptions], desc_emb=d_emb,
            desc_texts=[t for _, t in prior.descriptions])
        for name, mat in engine.signals(emb[te], [ex[i][1] for i in te]).items():
            sig_parts.setdefault(name, []).append(mat)
        ys.append(np.array([index[ex[i][0]] for i in te]))
    signals = {k: np.concatenate(v) for k, v in sig_parts.items()}
    weights = Weights()
    weights.temperature = select_temperature(signals, np.concatenate(ys), weights)
    (DATA_DIR / f"{kind}_weights.json").write_text(json.dumps(weights.as_dict(), indent=2) + "\n", encoding="utf-8")
    return weights.as_dict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-weights", action="store_true", help="only rebuild the embeddings")
    parser.add_argument("--full", action="store_true", help="re-embed everything (after a model change)")
    args = parser.parse_args(argv)
    cache = build_embeddings(full=args.full)
    print(f"embedded {len(cache)} texts -> {DATA_DIR / EMBEDDINGS_FILE}")
    if not args.no_weights:
        for kind in PRIOR_KINDS:
            print(kind, cv_weights(kind, cache))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
