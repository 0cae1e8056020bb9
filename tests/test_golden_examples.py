"""Golden end-to-end tests: the example articles through the whole pipeline.

Each article's records (a stable projection: entities, actors, places, events, quotes) are compared
with tests/golden/<file>.json. When a change of behaviour is intended, regenerate them with
``EVENTSCOPE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_examples.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from eventscope.ingest import read_path
from eventscope.nlp.pipeline import process

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
GOLDEN = ROOT / "tests" / "golden"
REGEN = os.environ.get("EVENTSCOPE_REGEN_GOLDEN") == "1"


def project(article: Any) -> dict[str, Any]:
    names = {a.id: a.name for a in article.actors}
    return {
        "title": article.title,
        "published": article.published,
        "focus_country": article.focus_country,
        "entities": sorted({f"{e.text}|{e.label}" for e in article.entities}),
        "actors": sorted(f"{a.id}|{a.kind}|{a.country}|{a.sector}" for a in article.actors),
        "places": sorted({f"{p.text}|{p.name}|{p.country}|{p.geonameid}" for p in article.places}),
        "events": sorted(
            f"{e.type}|{e.modality}|{'+'.join(names.get(i, i) for i in e.source)}"
            f">{'+'.join(names.get(i, i) for i in e.target)}|{e.location.name if e.location else ''}"
            f"|{e.trigger}|{e.date}"
            for e in article.events
        ),
        "quotes": sorted(f"{names.get(q.speaker or '', q.speaker)}|{q.direct}|{q.text[:60]}" for q in article.quotes),
    }


def _articles():
    for path in sorted(EXAMPLES.iterdir()):
        for i, raw in enumerate(read_path(path)):
            yield f"{path.name}.{i}", raw


@pytest.mark.parametrize("key,raw", list(_articles()), ids=lambda v: v if isinstance(v, str) else "")
def test_example_article_matches_golden(pipeline, key, raw):
    (article,) = list(process(pipeline, [raw]))
    got = project(article)
    path = GOLDEN / f"{key}.json"
    if REGEN or not path.exists():
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
        if not REGEN:
            pytest.fail(f"golden file {path.name} was missing and has been written: review it and re-run")
    assert got == json.loads(path.read_text())
