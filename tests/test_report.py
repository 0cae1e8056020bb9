"""Briefing report: sections, figures against the previous period, escaping, determinism, HTML and PDF."""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webdata import build_store  # noqa: E402

from eventscope.errors import ConfigError  # noqa: E402
from eventscope.report import build_briefing, render_report, write_report  # noqa: E402
from eventscope.report.geo import load_world  # noqa: E402
from eventscope.store import Store  # noqa: E402

SECTIONS = ("scope", "headlines", "timeline", "map", "actors", "notable", "quotes", "claimed-once")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = build_store(tmp_path_factory.mktemp("report") / "store.db")
    with Store.open(path, readonly=True) as s:
        yield s


def test_html_has_every_section_and_is_self_contained(store: Store) -> None:
    html = render_report(store).decode("utf-8")
    for section in SECTIONS:
        assert f'<section id="{section}">' in html, section
    for heading in (
        "Period and scope",
        "Headline figures",
        "Events by type over time",
        "Map",
        "Most active actors and dyads",
        "Notable events",
        "Key quotes",
        "Claimed once only",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert html.count("<svg") >= 3  # timeline chart, map, actor bars
    assert not re.search(r"<(script|link|img)\b", html)
    assert not re.search(r'(src|href)="https?://', html)


def test_report_is_deterministic(store: Store) -> None:
    assert render_report(store) == render_report(store)
    args = dict(countries=["TJ"], since="2024-06-08", until="2024-06-14")
    assert render_report(store, **args) == render_report(store, **args)


def test_figures_compare_with_previous_period(store: Store) -> None:
    b = build_briefing(store, since="2024-06-08", until="2024-06-21")
    assert (b.previous_since, b.previous_until) == ("2024-05-25", "2024-06-07")
    fig = {f.label: f for f in b.figures}
    # In range: ASSAULT x2 (same story, two articles), ACCUSE, MOBILIZE, THREATEN, PROTEST, REJECT.
    assert fig["Events"].value == 7 and fig["Events"].previous == 2  # AGREE + SUPPORT on 06-03
    assert fig["Violent events"].value == 2 and fig["Violent events"].previous == 0
    assert fig["Reported fatalities"].value == 2  # one story reported twice is counted once
    assert fig["Events"].change == "+5 (+250%)"


def test_stories_notable_and_single_source(store: Store) -> None:
    b = build_briefing(store)
    lead = b.notable[0]
    assert lead.violent and lead.n_sources == 2 and lead.lead.event.type == "ASSAULT"
    assert "Taliban fighters attacked" in lead.lead.event.sentence
    single_types = {s.lead.event.type for s in b.single_source}
    assert "ASSAULT" not in single_types and {"ACCUSE", "MOBILIZE"} <= single_types
    assert b.n_single_source == len(b.single_source) == 8
    assert b.top_actors[0][1] in ("Taliban", "Tajikistan")
    assert any(q.speaker == "Sergey Lavrov" for q in b.quotes)


def test_scope_filters_countries_and_actors(store: Store) -> None:
    b = build_briefing(store, countries=["KZ"])
    assert b.figures[0].value == 6 and all("Dushanbe" not in p[0] for p in b.places)
    b = build_briefing(store, actors=["lavrov-sergey"])
    assert b.figures[0].value == 1 and b.by_type == [("CONSULT", 1)]
    b = build_briefing(store, countries=["TJ", "KZ"])
    assert b.figures[0].value == 10  # union, no duplicates
    html = render_report(store, countries=["TJ"], actors=["AFG-TALIBAN"]).decode()
    assert "countries: TJ" in html and "actors: AFG-TALIBAN" in html


def test_malicious_text_is_escaped(store: Store) -> None:
    html = render_report(store).decode()
    assert "&lt;script&gt;" in html and "<script" not in html and "<img" not in html


def test_empty_period_and_bad_arguments(store: Store, tmp_path: Path) -> None:
    html = render_report(store, since="2030-01-01", until="2030-01-31").decode()
    assert "No dated events in this period." in html and '<section id="claimed-once">' in html
    with pytest.raises(ConfigError):
        render_report(store, since="not-a-date")
    with pytest.raises(ConfigError):
        render_report(store, since="2024-06-10", until="2024-06-01")
    with pytest.raises(ConfigError):
        render_report(store, fmt="docx")
    with pytest.raises(ConfigError):
        write_report(store, tmp_path / "brief.txt")


def test_world_outline_decodes() -> None:
    world = load_world()
    assert len(world) > 150
    names = {p.name for p in world}
    assert {"Kazakhstan", "Russia", "Brazil"} <= names
    kz = next(p for p in world if p.name == "Kazakhstan")
    assert 45 < kz.bbox[0] < 50 and 85 < kz.bbox[2] < 90 and 39 < kz.bbox[1] < 42 and 55 < kz.bbox[3] < 56


def test_pdf_written_with_weasyprint(store: Store, tmp_path: Path) -> None:
    out = write_report(store, tmp_path / "brief.pdf", since="2024-05-01", until="2024-06-30")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 5000
    assert data == render_report(store, since="2024-05-01", until="2024-06-30", fmt="pdf")
    html_out = write_report(store, tmp_path / "brief.html")
    assert html_out.read_text(encoding="utf-8").startswith("<!doctype html>")
    # WeasyPrint writes the headings as the PDF outline (bookmarks): every section must be there.
    titles = set()
    for raw in re.findall(rb"stream\n(.*?)\nendstream", data, re.S):
        try:
            titles.update(re.findall(rb"/Title ?\(([^)]*)\)", zlib.decompress(raw)))
        except zlib.error:
            continue
    for heading in (
        b"Period and scope",
        b"Headline figures",
        b"Events by type over time",
        b"Map",
        b"Most active actors and dyads",
        b"Notable events",
        b"Key quotes",
        b"Claimed once only",
    ):
        assert heading in titles, heading
