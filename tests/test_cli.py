"""CLI tests: run the real commands in-process on the project's example articles.

The pipeline is the session fixture (the spaCy model is loaded once per test run).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eventscope.cli.main import main

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


@pytest.fixture(autouse=True)
def _shared_pipeline(monkeypatch, pipeline):
    import eventscope.workflow as workflow

    monkeypatch.setattr(workflow, "load_pipeline", lambda **kw: pipeline)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli") / "store.db"


@pytest.fixture()
def ingested(capsys, db) -> Path:
    code, out, err = run(capsys, "ingest", str(EXAMPLES), "--db", str(db), "--quiet")
    assert code == 0, err
    return db


def test_ingest_is_idempotent(capsys, ingested):
    code, out, err = run(capsys, "stats", "--db", str(ingested), "--json")
    before = {i["metric"]: i["value"] for i in json.loads(out)["items"]}
    assert before["articles"] == 7  # 4 files + 3 JSONL lines
    assert before["events"] > 0
    code, out, err = run(capsys, "ingest", str(EXAMPLES), "--db", str(ingested))
    assert code == 0
    assert "0 added" in err and "7 already stored" in err
    code, out, err = run(capsys, "stats", "--db", str(ingested), "--json")
    after = {i["metric"]: i["value"] for i in json.loads(out)["items"]}
    assert after == before


def test_events_filters_and_formats(capsys, ingested):
    code, out, err = run(capsys, "events", "--db", str(ingested), "--json", "--limit", "0")
    assert code == 0
    doc = json.loads(out)
    assert doc["total"] == len(doc["items"]) > 5
    types = {i["type"] for i in doc["items"]}
    assert {"ASSAULT", "CONSULT", "AGREE"} <= types

    code, out, _ = run(capsys, "events", "--db", str(ingested), "--type", "ASSAULT", "--jsonl")
    lines = [json.loads(x) for x in out.splitlines()]
    assert lines and all(x["type"] == "ASSAULT" for x in lines)

    code, out, _ = run(capsys, "events", "--db", str(ingested), "--actor", "Taliban", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all("Taliban" in (r["source"] + r["target"]) for r in rows)

    code, out, _ = run(capsys, "events", "--db", str(ingested), "--country", "TJK", "--json")
    assert json.loads(out)["items"]

    code, out, _ = run(capsys, "events", "--db", str(ingested), "--since", "2025-05-01", "--json", "--limit", "0")
    assert all(i["date"] >= "2025-05-01" for i in json.loads(out)["items"])

    code, out, _ = run(capsys, "events", "--db", str(ingested))
    assert code == 0 and "Events" in out


def test_bad_filter_is_one_line_error(capsys, ingested):
    code, out, err = run(capsys, "events", "--db", str(ingested), "--since", "not-a-date")
    assert code == 1
    assert err.startswith("Error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_actors_search_show(capsys, ingested):
    code, out, _ = run(capsys, "actors", "--db", str(ingested), "--json")
    names = {a["name"] for a in json.loads(out)["items"]}
    assert any("Taliban" in n for n in names)
    code, out, _ = run(capsys, "search", "wheat", "--db", str(ingested), "--json")
    hits = json.loads(out)["items"]
    assert len(hits) == 1
    code, out, _ = run(capsys, "show", hits[0]["article_id"], "--db", str(ingested))
    assert code == 0 and "Tokayev" in out
    code, out, err = run(capsys, "show", "nope", "--db", str(ingested))
    assert code == 1 and err.startswith("Error: ")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet"])
def test_export(capsys, ingested, tmp_path, fmt):
    out_file = tmp_path / f"events.{fmt}"
    code, _, err = run(capsys, "export", "--db", str(ingested), "--format", fmt, "--out", str(out_file))
    assert code == 0, err
    assert out_file.stat().st_size > 0
    if fmt == "csv":
        rows = list(csv.DictReader(out_file.open()))
        assert rows and {"event_date", "event_type", "sub_event_type", "actor1", "latitude", "notes"} <= set(rows[0])
    elif fmt == "geojson":
        doc = json.loads(out_file.read_text())
        assert doc["type"] == "FeatureCollection" and doc["features"]
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out_file).num_rows > 0


def test_bad_inputs_do_not_stop_the_batch(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Afghan forces clashed with Islamic State fighters in Nangarhar on Monday, officials said.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    db = tmp_path / "s.db"
    code, out, err = run(capsys, "ingest", str(good), str(empty), str(binary), "--db", str(db), "--quiet")
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2
    assert any("empty.txt" in e for e in errors) and any("blob.txt" in e for e in errors)
    code, out, _ = run(capsys, "stats", "--db", str(db), "--json")
    stats = {i["metric"]: i["value"] for i in json.loads(out)["items"]}
    assert stats["articles"] == 1


def test_extract_json_shape(capsys):
    code, out, err = run(capsys, "extract", str(EXAMPLES / "herat-protest.txt"), "--json")
    assert code == 0, err
    doc = json.loads(out)
    (art,) = doc["articles"]
    for key in ("id", "title", "published", "url", "entities", "actors", "places", "events", "quotes"):
        assert key in art
    place = art["places"][0]
    for key in ("name", "lat", "lon", "country", "geonameid", "start", "end"):
        assert key in place
    ev = art["events"][0]
    for key in ("type", "mode", "context", "acled_type", "acled_subtype", "quad_class", "source", "target",
                "location", "date", "date_granularity", "modality", "confidence", "sentence", "start", "end",
                "quote", "killed", "injured"):
        assert key in ev
    actor = art["actors"][0]
    for key in ("id", "name", "kind", "country", "sector", "role", "wikidata", "mentions"):
        assert key in actor


def test_missing_store_is_a_clear_error(capsys, tmp_path):
    code, out, err = run(capsys, "events", "--db", str(tmp_path / "nope.db"))
    assert code == 1 and "no store" in err


def test_events_filter_on_context_quad_class_and_confidence(capsys, ingested):
    code, out, _ = run(capsys, "events", "--db", str(ingested), "--json", "--limit", "0")
    items = json.loads(out)["items"]
    tags = {t for i in items for t in i["context"]}
    assert tags
    tag = sorted(tags)[0]
    code, out, _ = run(capsys, "events", "--db", str(ingested), "--context", tag, "--json", "--limit", "0")
    got = json.loads(out)["items"]
    assert got and all(tag in i["context"] for i in got)
    code, out, _ = run(capsys, "events", "--db", str(ingested), "--quad-class", "4", "--json", "--limit", "0")
    got = json.loads(out)["items"]
    assert got and all(i["quad_class"] == 4 for i in got)
    code, out, _ = run(capsys, "events", "--db", str(ingested), "--min-confidence", "0.8", "--json", "--limit", "0")
    got = json.loads(out)["items"]
    assert all(i["confidence"] >= 0.8 for i in got) and len(got) < len(items)


def test_a_pipeline_crash_on_one_article_does_not_stop_the_batch(capsys, tmp_path, pipeline, monkeypatch):
    """A bug in a stage on one input: that input is reported, the others are stored."""
    comp = pipeline.get_pipe("eventscope_quotes")
    original = type(comp).__call__

    def flaky(self, doc):
        if "POISON" in doc.text:
            raise RuntimeError("boom")
        return original(self, doc)

    monkeypatch.setattr(type(comp), "__call__", flaky)
    for i in range(3):
        (tmp_path / f"ok{i}.txt").write_text(f"Police arrested {i + 2} men in Kabul on Monday, officials said.")
    (tmp_path / "bad.txt").write_text("POISON: troops shelled the town of Kunduz on Monday.")
    db = tmp_path / "s.db"
    code, out, err = run(capsys, "ingest", str(tmp_path), "--db", str(db), "--quiet")
    assert code == 1
    assert "bad.txt" in err and "boom" in err
    code, out, _ = run(capsys, "stats", "--db", str(db), "--json")
    assert {i["metric"]: i["value"] for i in json.loads(out)["items"]}["articles"] == 3
