"""Browser tests: Debian's Chromium driven by Playwright against a live server on a fixture store.

They load every page, apply a filter, open an event, check the map draws markers and the world
outline (no network: all assets are vendored), and save screenshots to docs/screenshots/.
Needs `apt-get install chromium` and `pip install playwright` (never `playwright install`).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webdata import MALICIOUS_TITLE, build_store  # noqa: E402

from eventscope.web import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hand-made store with exactly known counts and a hostile article."""
    yield from _serve(build_store(tmp_path_factory.mktemp("browser") / "store.db"))


@pytest.fixture(scope="module")
def examples_url(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A store built by the real pipeline from the project's example articles."""
    from eventscope.store import Store
    from eventscope.workflow import ingest

    db = tmp_path_factory.mktemp("examples") / "store.db"
    with Store.open(db) as store:
        report = ingest([str(EXAMPLES)], store=store, nlp=pipeline)
    assert report.ok and report.added == 7, report.summary()
    yield from _serve(db)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    pg = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("request", lambda req: None if req.url.startswith((base_url, "data:")) else outside.append(req.url))
    yield pg
    context.close()
    assert not errors, errors
    assert not outside, f"requests outside the app (must work offline): {outside}"


def test_events_page_filter_and_open_event(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#total")).to_have_text("10")
    page.fill("input[name=actor]", "AFG-TALIBAN")
    page.select_option("select[name=type]", "ASSAULT")
    page.click("form.filter button[type=submit]")
    expect(page.locator("#total")).to_have_text("2")
    assert "type=ASSAULT" in page.url
    page.locator("a.event-link").first.click()
    expect(page.locator("#evidence")).to_contain_text("Taliban fighters attacked")
    page.locator("main p a[href^='/articles/']").first.click()
    expect(page.locator(".hl-trigger").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)


def test_sorting_and_paging(page: Page) -> None:
    page.goto("/?limit=4")
    assert page.locator("a.event-link").count() == 4
    page.click("a[rel=next]")
    assert "offset=4" in page.url and page.locator("a.event-link").count() == 4
    page.click("th >> text=Conf.")
    confidences = [float(t) for t in page.locator("table.events tbody tr td:nth-child(7)").all_inner_texts()]
    assert confidences == sorted(confidences, reverse=True)


def test_map_shows_markers_and_world(page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/map")
    expect(page.locator("#map-status")).to_contain_text("10 located events")
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_attached()  # the vector world
    markers = page.locator(".event-marker, .event-cluster")
    expect(markers.first).to_be_visible()
    assert markers.count() >= 2
    # Filter: only Kazakhstan's events.
    page.goto("/map?country=KZ")
    expect(page.locator("#map-status")).to_contain_text("6 located events")
    # Clicking a single marker shows the event and its evidence.
    page.goto("/map?type=PROTEST")
    page.locator(".event-marker").first.click()
    expect(page.locator(".leaflet-popup-content .evidence")).to_contain_text("protesters rallied")


def test_timeline_and_actor_pages(page: Page) -> None:
    page.goto("/timeline?bucket=day")
    expect(page.locator("#timeline-chart")).to_be_visible()
    box = page.locator("#timeline-chart").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    page.goto("/actors/AFG-TALIBAN")
    expect(page.locator("svg.network circle")).to_have_count(3)  # Taliban, Tajikistan, Kazakhstan
    expect(page.locator("blockquote").first).to_be_visible()


def test_article_view_and_escaping(page: Page) -> None:
    page.goto("/articles")
    page.click("text=Clashes near the Tajik border")
    expect(page.locator("#article-text .hl-actor").first).to_be_visible()
    expect(page.locator("#article-text .hl-place").first).to_be_visible()
    expect(page.locator("#article-text .hl-quote").first).to_be_visible()
    # The hostile article: its markup is shown as text and never runs.
    page.goto("/articles")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_text(MALICIOUS_TITLE).click()
    expect(page.locator("#article-text")).to_contain_text("<script>alert('pwned')</script>")
    expect(page.locator("h1")).to_have_text(MALICIOUS_TITLE)
    assert page.locator("#article-text script, #article-text img, h1 script").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []


def test_every_page_loads(page: Page) -> None:
    for path in ("/", "/map", "/timeline", "/actors", "/articles", "/docs", "/actors/RUS"):
        resp = page.goto(path)
        assert resp is not None and resp.status == 200, path
    # (Fetched, not navigated to: a page load with a 404 is logged as a console error.)
    resp = page.request.get("/events/nope", headers={"accept": "text/html"})
    assert resp.status == 404 and "Error 404" in resp.text()


def _examples_page(browser: Browser, examples_url: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=examples_url)
    return context.new_page()


def test_examples_store_pages_filter_event_map(browser: Browser, examples_url: str) -> None:
    """The README's screenshots come from here: the example articles through the real pipeline."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _examples_page(browser, examples_url)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in ("/", "/map", "/timeline", "/actors", "/articles"):
        resp = page.goto(path)
        assert resp is not None and resp.status == 200, path
    page.goto("/")
    total = int(page.locator("#total").inner_text())
    assert total >= 10
    page.select_option("select[name=type]", "ASSAULT")
    page.click("form.filter button[type=submit]")
    filtered = int(page.locator("#total").inner_text())
    assert 0 < filtered < total
    page.locator("a.event-link").first.click()
    expect(page.locator("#evidence")).not_to_be_empty()
    page.goto("/map")
    markers = page.locator(".event-marker, .event-cluster")
    expect(markers.first).to_be_visible()
    assert markers.count() >= 2
    located = int(page.locator("#map-status").inner_text().split(" located")[0].split()[-1])
    assert located >= 5
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "map.png"))
    page.goto("/timeline?bucket=month")
    expect(page.locator("#timeline-chart")).to_be_visible()
    page.wait_for_timeout(200)
    page.screenshot(path=str(SHOTS / "timeline.png"))
    page.goto("/actors/taliban")
    expect(page.locator("svg.network circle").first).to_be_attached()
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    page.goto("/articles")
    page.click("text=Women protest in Herat against ban on education")
    expect(page.locator("#article-text .hl-actor").first).to_be_visible()
    expect(page.locator("#article-text .hl-place").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)
    page.context.close()
    assert not errors, errors
