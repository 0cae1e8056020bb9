"""The event classifiers: 30 CASE-2021 event classes and the PLOVER types, small and offline.

Description- and example-first: each class has project-written descriptions and news-style example
sentences (``classify/data``), embedded with all-MiniLM-L6-v2 (int8 ONNX). Prototype similarity, nearest
examples, a logistic-regression head on embeddings and TF-IDF lexical cues are mixed log-linearly.
A user's labelled data (``train_classifier``) adds examples and re-weights the signals.

Nothing is loaded at import time: ``load_classifier()`` / ``load_plover_classifier()`` do the work.
"""

from __future__ import annotations

from .datasets import read_labelled
from .labels import LABEL_NAMES, LABELS, LabelInfo, label_from_acled, label_info
from .model import EventClassifier, Prediction
from .plover import PloverClassifier, load_plover_classifier
from .train import load_classifier, train_classifier, train_from_file

__all__ = [
    "Prediction",
    "EventClassifier",
    "PloverClassifier",
    "load_classifier",
    "load_plover_classifier",
    "train_classifier",
    "train_from_file",
    "read_labelled",
    "LabelInfo",
    "LABELS",
    "LABEL_NAMES",
    "label_info",
    "label_from_acled",
]
