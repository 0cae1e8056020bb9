"""Packaged data and its loaders: actor dictionary, lexicons, gazetteer index.

``Resources`` bundles the heavy, loaded-once objects that pipeline components need;
it is built explicitly (``Resources.load``) and passed in, never loaded at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Resources"]


@dataclass
class Resources:
    """Loaded resources handed to the pipeline components through their ``setup`` method."""

    gazetteer: Any = None  # resources.gazetteer.Gazetteer
    actors: Any = None  # resources.actors.ActorDictionary
    classifier: Any = None  # classify.EventClassifier
    plover: Any = None  # classify.plover.PloverClassifier (events with no lexicon trigger)

    def require_actors_and_gazetteer(self, stage: str) -> None:
        """Raise a clear ConfigError when a stage that needs both is set up without them."""
        if self.actors is None or self.gazetteer is None:
            from ..errors import ConfigError

            raise ConfigError(
                f"{stage} needs resources.actors and resources.gazetteer; build them with Resources.load()"
            )

    @classmethod
    def load(cls, *, actors_path: str | None = None, event_model: str | None = None) -> Resources:
        """Load the bundled gazetteer, actor dictionary (plus a user's file), event and PLOVER classifiers."""
        from ..classify import load_classifier
        from ..classify.plover import load_plover_classifier
        from .actors import ActorDictionary
        from .gazetteer import Gazetteer

        return cls(
            gazetteer=Gazetteer.load(),
            actors=ActorDictionary.load(extra=actors_path),
            classifier=load_classifier(event_model),
            plover=load_plover_classifier(),
        )
