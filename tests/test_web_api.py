"""Web app: JSON API, pages, the one error shape, escaping and the access token (FastAPI TestClient)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webdata import MALICIOUS_TITLE, build_store  # noqa: E402

from eventscope.errors import ConfigError  # noqa: E402
from eventscope.records import RawArticle  # noqa: E402
from eventscope.web import create_app, is_loopback, serve  # noqa: E402
from eventscope.web.highlight import highlight  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "store.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def assert_error(resp: Any, status: int | None = None) -> dict[str, Any]:
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.text[:300])
    if status is not None:
        assert resp.status_code == status, resp.text[:300]
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "message", "detail"}
    assert err["status"] == resp.status_code
    assert isinstance(err["message"], str) and err["message"]
    return err


def first_id(client: TestClient, what: str) -> str:
    return str(client.get(f"/api/{what}").json()["items"][0]["id"])


# ---------------------------------------------------------------- JSON API


def test_list_endpoints_have_items_and_total(client: TestClient) -> None:
    for path, total in (("/api/events", 10), ("/api/articles", 6), ("/api/actors", 8)):
        body = client.get(path).json()
        assert body["total"] == total, path
        assert len(body["items"]) == total
    page = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert page["total"] == 10 and len(page["items"]) == 3
    all_ids = [e["id"] for e in client.get("/api/events").json()["items"]]
    assert [e["id"] for e in page["items"]] == all_ids[3:6]


def test_event_filters(client: TestClient) -> None:
    body = client.get("/api/events", params={"type": "assault"}).json()
    assert body["total"] == 2 and {e["type"] for e in body["items"]} == {"ASSAULT"}
    body = client.get("/api/events", params={"since": "2024-06-10", "until": "2024-06-12"}).json()
    assert body["items"] and all("2024-06-10" <= e["date"] <= "2024-06-12" for e in body["items"])
    body = client.get("/api/events", params={"modality": "hypothetical"}).json()
    assert [e["type"] for e in body["items"]] == ["MOBILIZE"]
    body = client.get("/api/events", params={"actor": "AFG-TALIBAN"}).json()
    assert body["total"] == 4
    body = client.get("/api/events", params={"country": "TJ", "type": "ACCUSE"}).json()
    assert body["total"] == 1 and body["items"][0]["source_names"] == ["Tajikistan"]
    asc = client.get("/api/events", params={"sort": "date", "order": "asc"}).json()["items"]
    dates = [e["date"] for e in asc]
    assert dates == sorted(dates)


def test_detail_endpoints(client: TestClient) -> None:
    event = client.get("/api/events", params={"type": "ASSAULT"}).json()["items"][0]
    one = client.get(f"/api/events/{event['id']}").json()
    assert one["id"] == event["id"] and one["sentence"] and one["location"]["name"] == "Dushanbe"
    article = client.get(f"/api/articles/{one['article_id']}").json()
    assert article["text"][one["start"] : one["end"]] == one["sentence"]
    actor = client.get("/api/actors/AFG-TALIBAN").json()
    assert actor["name"] == "Taliban" and actor["as_source"] >= 3
    assert {"source": "AFG-TALIBAN", "target": "TJK", "n": 2} in actor["dyads"]
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 6 and stats["events"] == 10
    tl = client.get("/api/timeline", params={"bucket": "month"}).json()
    assert tl["total"] == len(tl["items"]) and sum(i["n"] for i in tl["items"]) == 10


def test_csv_and_geojson_follow_the_filter(client: TestClient) -> None:
    resp = client.get("/api/events.csv", params={"type": "ASSAULT"})
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 2 and {r["type"] for r in rows} == {"ASSAULT"} and rows[0]["killed"] == "2"
    geo = client.get("/api/events.geojson", params={"country": "KZ"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for f in geo["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert len(client.get("/api/events.geojson").json()["features"]) == 10


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/actors",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events/{event_id}",
        "/api/stats",
        "/api/timeline",
        "/api/events.csv",
        "/api/events.geojson",
    ):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/events.geojson" in docs.text
    assert "cdn" not in docs.text.lower()


# ---------------------------------------------------------------- one error shape

BAD_REQUESTS = [
    "/api/events?since=not-a-date",
    "/api/events?until=2024-13-45",
    "/api/events?since=2024-06-10&until=2024-06-01",
    "/api/events?limit=0",
    "/api/events?limit=abc",
    "/api/events?offset=-1",
    "/api/events?modality=maybe",
    "/api/events?sort=nonsense",
    "/api/events?order=sideways",
    "/api/events.csv?since=yesterday",
    "/api/events.geojson?limit=x&since=bad",
    "/api/events/e:doesnotexist",
    "/api/actors?limit=100000",
    "/api/actors/no-such-actor",
    "/api/articles?offset=x",
    "/api/articles/ffffffffffffffff",
    "/api/timeline?bucket=decade",
    "/api/timeline?since=bad",
    "/api/nowhere",
    "/?since=not-a-date",
    "/map?until=31/12/2024",
    "/timeline?bucket=decade",
    "/actors/no-such-actor",
    "/articles/nope",
    "/events/nope",
]


@pytest.mark.parametrize("url", BAD_REQUESTS)
def test_bad_requests_have_the_one_error_shape(client: TestClient, url: str) -> None:
    assert_error(client.get(url))


def test_error_statuses_and_details(client: TestClient) -> None:
    err = assert_error(client.get("/api/events", params={"since": "not-a-date"}), 422)
    assert "since" in err["message"] and err["detail"][0]["loc"] == ["query", "since"]
    err = assert_error(client.get("/api/events", params={"limit": "abc"}), 422)
    assert err["detail"][0]["loc"] == ["query", "limit"]
    assert_error(client.get("/api/events/e:nope"), 404)
    assert_error(client.get("/api/nowhere"), 404)
    assert_error(client.post("/api/stats"), 405)
    assert_error(client.post("/api/ingest", data={"text": "hello"}), 403)


def test_browser_gets_an_html_error_page(client: TestClient) -> None:
    resp = client.get("/events/nope", headers={"accept": "text/html"})
    assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
    resp = client.get("/api/events/nope", headers={"accept": "text/html"})
    assert resp.status_code == 404 and resp.json()["error"]["status"] == 404


# ---------------------------------------------------------------- pages


def test_pages_render(client: TestClient) -> None:
    article_id = first_id(client, "articles")
    event_id = first_id(client, "events")
    for path, needle in (
        ("/", "of 10 events"),
        ("/?type=ASSAULT", "Dushanbe"),
        ("/map", 'id="map"'),
        ("/timeline", "timeline-data"),
        ("/actors", "Taliban"),
        ("/actors/AFG-TALIBAN", "<svg"),
        ("/articles", "Protest in Astana"),
        (f"/articles/{article_id}", "hl-actor"),
        (f"/events/{event_id}", "evidence"),
        ("/docs", "API reference"),
    ):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert needle in resp.text, path
        assert (
            "http://" not in resp.text.split("<main>")[0] and "https://" not in resp.text.split("<main>")[0]
        )


def test_events_page_filters_sorts_and_pages(client: TestClient) -> None:
    html = client.get("/", params={"type": "ASSAULT"}).text
    assert '<strong id="total">2</strong>' in html
    html = client.get("/", params={"limit": 4}).text
    assert html.count('class="event-link"') == 4 and "offset=4" in html
    html = client.get("/", params={"sort": "confidence", "order": "asc"}).text
    assert "sort=confidence&amp;order=desc" in html


def test_timeline_page_counts(client: TestClient) -> None:
    html = client.get("/timeline", params={"bucket": "month", "type": "ASSAULT"}).text
    assert '"label": "ASSAULT"' in html and '"data": [2]' in html


def test_vendored_assets_are_served_with_licences(client: TestClient) -> None:
    for path in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/LICENSE",
        "markercluster/leaflet.markercluster.js",
        "markercluster/MIT-LICENCE.txt",
        "chartjs/chart.umd.min.js",
        "chartjs/LICENSE.md",
        "topojson-client/topojson-client.min.js",
        "world-atlas/countries-110m.json",
        "world-atlas/LICENSE",
    ):
        resp = client.get(f"/static/vendor/{path}")
        assert resp.status_code == 200 and len(resp.content) > 100, path
    for page in ("/map", "/timeline"):
        html = client.get(page).text
        assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html


# ---------------------------------------------------------------- escaping


def test_malicious_article_renders_as_text(client: TestClient) -> None:
    items = client.get("/api/articles").json()["items"]
    evil = next(a for a in items if a["title"] == MALICIOUS_TITLE)
    pages = [f"/articles/{evil['id']}", "/articles", "/", "/?text=Taliban", "/actors/AFG-TALIBAN"]
    event = client.get("/api/events", params={"article": evil["id"]}).json()["items"][0]
    pages.append(f"/events/{event['id']}")
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and "<b>" not in html, path
        assert "&lt;script&gt;" in html or "&lt;img" in html, path
    # The API returns the raw text (JSON is not HTML); the article page shows it escaped.
    assert "<script>" in client.get(f"/api/articles/{evil['id']}").json()["text"]
    assert client.get("/").headers["content-security-policy"].startswith("default-src 'self'")


def test_highlight_escapes_every_piece_and_nests(db: Path) -> None:
    from eventscope.store import Store

    with Store.open(db, readonly=True) as store:
        rows = store.articles(limit=10)
        articles = [store.get_article(r.id) for r in rows]
    for article in articles:
        html = str(highlight(article))
        assert "<script" not in html and "<img" not in html
        # Every opened mark is closed in order (well nested).
        stack: list[str] = []
        import re

        for m in re.finditer(r"<(/?)(a|span)\b", html):
            if m.group(1):
                assert stack and stack.pop() == m.group(2)
            else:
                stack.append(m.group(2))
        assert not stack
        # Removing the markup gives back the text plus labels only.
        plain = re.sub(r'<span class="hl-label">.*?</span>', "", html)
        plain = re.sub(r"<[^>]+>", "", plain)
        import html as html_mod

        assert html_mod.unescape(plain) == article.text


# ---------------------------------------------------------------- token and ingest


def test_token_required_for_every_request(db: Path) -> None:
    client = TestClient(create_app(db, token="s3cret"), raise_server_exceptions=False)
    for path in ("/", "/api/events", "/static/app.css", "/openapi.json", "/docs", "/api/nowhere"):
        err = assert_error(client.get(path), 401)
        assert "token" in err["message"]
    assert_error(client.get("/api/events", headers={"Authorization": "Bearer wrong"}), 401)
    assert_error(client.get("/api/events", params={"token": "s3cre"}), 401)
    assert client.get("/api/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    resp = client.get("/", params={"token": "s3cret"})
    assert resp.status_code == 200
    # The query token becomes a cookie so the page's links and assets work.
    assert client.get("/static/app.css").status_code == 200
    fresh = TestClient(create_app(db, token="s3cret"), raise_server_exceptions=False)
    assert fresh.get("/static/app.css").status_code == 401


def test_serve_refuses_public_bind_without_token(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTSCOPE_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="token"):
        serve(db, host="0.0.0.0", port=8765)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_ingest_only_when_allowed(db: Path) -> None:
    received: list[RawArticle] = []

    def fake_ingest(articles: list[RawArticle]) -> dict[str, int]:
        received.extend(articles)
        return {"added": len(articles), "skipped": 0}

    client = TestClient(create_app(db, allow_ingest=True, ingest=fake_ingest), raise_server_exceptions=False)
    resp = client.post("/api/ingest", data={"text": "Russia met Kazakhstan.", "title": "T"})
    assert resp.status_code == 200 and resp.json() == {"result": {"added": 1, "skipped": 0}}
    resp = client.post("/api/ingest", files={"file": ("a.txt", b"Tajikistan protested.", "text/plain")})
    assert resp.status_code == 200 and received[-1].text == "Tajikistan protested."
    assert_error(client.post("/api/ingest", data={"text": "   "}), 422)
    assert_error(
        client.post("/api/ingest", files={"file": ("b.bin", b"\xff\xfe\x00", "application/octet-stream")}),
        400,
    )
    assert [a.title for a in received] == ["T", None]
    readonly = TestClient(create_app(db, ingest=fake_ingest), raise_server_exceptions=False)
    assert_error(readonly.post("/api/ingest", data={"text": "x"}), 403)


# ---------------------------------------------------------------- store access


def test_sees_writes_made_while_serving(tmp_path: Path) -> None:
    from webdata import DOCS, make_article

    from eventscope.store import Store

    db = tmp_path / "live.db"
    with Store.open(db) as writer:
        writer.add_article(make_article(*DOCS[0]))
        client = TestClient(create_app(db), raise_server_exceptions=False)
        assert client.get("/api/articles").json()["total"] == 1
        writer.add_article(make_article(*DOCS[1]))  # e.g. `eventscope ingest` running meanwhile
        assert client.get("/api/articles").json()["total"] == 2
        assert client.get("/api/events").json()["total"] == 4


def test_missing_store_is_an_error_in_the_shape(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "absent.db"), raise_server_exceptions=False)
    resp = client.get("/api/events")
    assert resp.status_code == 503
    body = resp.json()
    assert body["error"]["status"] == 503 and "store" in body["error"]["message"]


def test_timeline_fills_empty_periods() -> None:
    from eventscope.web.pages import fill_periods

    assert fill_periods(["2024-05-20", "2024-06-03"], "week") == ["2024-05-20", "2024-05-27", "2024-06-03"]
    assert fill_periods(["2024-11-01", "2025-02-01"], "month") == [
        "2024-11-01",
        "2024-12-01",
        "2025-01-01",
        "2025-02-01",
    ]
    assert fill_periods(["2023-01-01", "2024-01-01"], "year") == ["2023-01-01", "2024-01-01"]
    assert len(fill_periods(["2024-05-20", "2024-06-17"], "day")) == 29
    assert fill_periods([], "day") == []


def test_default_ingest_runs_a_pipeline_into_the_store(tmp_path: Path) -> None:
    """allow_ingest without a function: PipelineIngest with a fake pipeline (no model in this test)."""
    from webdata import DOCS, make_article

    from eventscope.store import Store
    from eventscope.web.ingest import PipelineIngest

    db = tmp_path / "ingest.db"
    Store.open(db).close()
    loads: list[int] = []

    class FakeNlp:
        pass

    def fake_load() -> FakeNlp:
        loads.append(1)
        return FakeNlp()

    import eventscope.nlp.pipeline as pipeline_mod

    def fake_process(nlp: object, raws: list[RawArticle]) -> list[object]:
        assert isinstance(nlp, FakeNlp)
        return [make_article(raw.title or "", "2024-06-01", "web", raw.text, []) for raw in raws]

    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline_mod, "process", fake_process)
    try:
        assert isinstance(create_app(db, allow_ingest=True).state.config.ingest, PipelineIngest)
        app = create_app(db, allow_ingest=True, ingest=PipelineIngest(db, load=fake_load))
        client = TestClient(app, raise_server_exceptions=False)
        text = DOCS[0][3]
        first = client.post("/api/ingest", data={"text": text, "title": "A"}).json()["result"]
        again = client.post("/api/ingest", data={"text": text, "title": "A"}).json()["result"]
    finally:
        mp.undo()
    assert first["added"] == 1 and again == {
        "added": 0,
        "skipped": 1,
        "article_ids": first["article_ids"],
        "failures": [],
    }
    assert loads == [1]  # the pipeline is loaded once, on first use
    assert client.get("/api/articles").json()["total"] == 1
