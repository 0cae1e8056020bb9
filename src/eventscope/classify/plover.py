"""PLOVER-type classifier for general political sentences (meetings, appeals, accusations, threats ...).

The ACLED-style event classes cover violence, protest and territory; most diplomatic and verbal events
(CONSULT, REQUEST, ACCUSE, REJECT, THREATEN, SANCTION, AID, SUPPORT ...) have no class there. This
classifier scores a sentence against project-written descriptions and examples of each PLOVER type
(``classify/data/plover_*.tsv``) with the same engine as the event classifier.
"""

from __future__ import annotations

from .embed import Embedder
from .model import PriorClassifier
from .prior import load_prior

__all__ = ["PloverClassifier", "load_plover_classifier"]


class PloverClassifier(PriorClassifier):
    """Predicts one of ``records.PLOVER_TYPES`` with a confidence."""

    kind = "plover"
    family = "ploverclf"


def load_plover_classifier(*, embedder: Embedder | None = None) -> PloverClassifier:
    """The bundled PLOVER classifier, fitted and ready to predict."""
    from .train import bundled_weights

    clf = PloverClassifier(load_prior("plover"), weights=bundled_weights("plover"))
    clf.fit(embedder=embedder)
    return clf
