"""Ingestion: every input type and every error kind, fully offline (httpx.MockTransport for URLs)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from eventscope.errors import InputError
from eventscope.ingest import (
    SourceResult,
    decode_bytes,
    fetch,
    find_dateline,
    html_fragment_to_text,
    iter_feed,
    iter_sources,
    normalise_published,
    read_feed,
    read_html,
    read_path,
    read_stream,
    read_text,
    read_url,
    strip_boilerplate,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[2] / "shared"
MB = 5_000_000


def _ok(results: list[SourceResult]) -> list:
    return [r.article for r in results if r.ok]


def _errors(results: list[SourceResult]) -> list[InputError]:
    return [r.error for r in results if not r.ok]


# --------------------------------------------------------------------------- a fake web


def _handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/riverton":
        return httpx.Response(
            200,
            content=(FIXTURES / "article.html").read_bytes(),
            headers={"content-type": "text/html; charset=utf-8"},
        )
    if path == "/feed.rss":
        return httpx.Response(
            200, content=(FIXTURES / "feed.xml").read_bytes(), headers={"content-type": "application/rss+xml"}
        )
    if path == "/plain":
        return httpx.Response(
            200,
            text="Protesters marched through the capital on Sunday.\n\nPost a comment",
            headers={"content-type": "text/plain"},
        )
    if path == "/big":
        return httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/plain"})
    if path == "/report.pdf":
        return httpx.Response(200, content=b"%PDF-1.7 ...", headers={"content-type": "application/pdf"})
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    return httpx.Response(404)


@pytest.fixture
def client() -> httpx.Client:
    with httpx.Client(transport=httpx.MockTransport(_handler)) as c:
        yield c


# --------------------------------------------------------------------------- plain text


def test_plain_text_strips_comment_form_and_reads_dateline() -> None:
    [article] = read_path(FIXTURES / "dateline.txt")
    assert article.published == "2024-06-24"
    assert article.text.endswith("agreed to meet them.")
    assert "Leave a Reply" not in article.text
    assert article.origin == str(FIXTURES / "dateline.txt")
    assert article.title is None and article.language is None


def test_real_article_trailing_leave_a_reply_removed() -> None:
    path = SHARED / "articles" / "csto-almaty-2024-06.txt"
    [article] = read_path(path)
    assert not article.text.rstrip().endswith("Leave a Reply")
    assert article.text.rstrip().endswith("Afghanistan.")
    assert article.published is None  # no dateline in the scraped text


@pytest.mark.parametrize(
    "tail",
    ["Leave a Reply", "Leave a Comment", "Post a comment", "leave a reply\n\n", "Share this:\nLeave a Reply"],
)
def test_strip_boilerplate_variants(tail: str) -> None:
    body = "The council met on Monday.\nIt agreed a budget."
    assert strip_boilerplate(body + "\n" + tail) == body


def test_strip_boilerplate_keeps_prose_mentioning_replies() -> None:
    text = "The minister did not reply.\nHe said he would leave a reply to the letter later."
    assert strip_boilerplate(text) == text


def test_read_text_empty_is_error() -> None:
    with pytest.raises(InputError, match="empty"):
        read_text("  \n Leave a Reply\n", origin="x.txt")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published: 3 March 2024\nRebels attacked.", "2024-03-03"),
        ("KABUL, Afghanistan, June 21, 2024 - Officials said.", "2024-06-21"),
        ("Friday, 21 June 2024\nText", "2024-06-21"),
        ("2024-06-21\nText", "2024-06-21"),
        ("The talks of 21 June 2024 failed.", None),  # not a leading date line
        ("Title\nSubtitle\nByline\n21 June 2024", None),  # beyond the first lines
        ("31 February 2024\nText", None),
    ],
)
def test_find_dateline(text: str, expected: str | None) -> None:
    assert find_dateline(text) == expected


# --------------------------------------------------------------------------- decoding errors


def test_decode_variants() -> None:
    assert decode_bytes("Café talks".encode(), "a") == "Café talks"
    assert decode_bytes("\ufeffCafé".encode("utf-8"), "a") == "Café"
    assert decode_bytes("Café talks in Zürich".encode("cp1252"), "a") == "Café talks in Zürich"
    assert decode_bytes("Café".encode("utf-16"), "a") == "Café"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"some text\x00\x00\x01binary", "binary"),
        (b"%PDF-1.7 stuff", "binary file (PDF)"),
        (bytes(range(0x80, 0x100)) * 4, "undecodable"),
        (b"\x01\x02\x03\x04\x05 text \x06\x07\x08\x0e\x0f", "binary"),
    ],
)
def test_decode_errors(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "in.txt")
    assert reason in info.value.reason
    assert str(info.value).startswith("in.txt: ")
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- HTML


def test_html_main_text_and_metadata() -> None:
    article = read_html((FIXTURES / "article.html").read_bytes(), url="https://courier.example.org/x")
    assert article.title == "Ministers meet in Riverton to discuss border security"
    assert article.author == "Dana Whitfield"
    assert article.published == "2024-03-14"
    assert article.source == "The Valley Courier"
    assert article.language == "en"
    assert article.url == "https://courier.example.org/x"
    assert article.text.startswith("Foreign ministers from four neighbouring countries")
    assert "parliamentary debate" in article.text
    for junk in ("Leave a Reply", "Contact us", "Most read", "newsletter", "Copyright", "Post Comment"):
        assert junk not in article.text


def test_html_without_main_text_is_error() -> None:
    with pytest.raises(InputError, match="no main text"):
        read_html(
            "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World news today</a></li>"
            "<li><a href='/s'>Sport and more sport</a></li></ul></nav></body></html>",
            origin="nav.html",
        )


def test_html_fragment_to_text() -> None:
    assert html_fragment_to_text("<p>One &amp; two.</p><p>Three</p>") == "One & two.\nThree"
    assert html_fragment_to_text("plain &quot;text&quot;") == 'plain "text"'


# --------------------------------------------------------------------------- JSON Lines and JSON


def test_jsonl_good_lines_read_despite_bad_ones() -> None:
    results = list(iter_sources([str(FIXTURES / "records.jsonl")]))
    articles, errors = _ok(results), _errors(results)
    assert len(articles) == 2
    first = articles[0]
    assert first.title == "Farmers block road in Keswick"
    assert first.url == "https://news.example.org/keswick"
    assert first.published == "2024-05-02T08:15:00+00:00"
    assert first.source == "Example News" and first.language == "en"
    assert first.origin.endswith("records.jsonl:1")
    assert articles[1].published == "2024-06-25T10:00:00+00:00"
    reasons = sorted(e.reason for e in errors)
    assert any(r.startswith("malformed JSON on line 2") for r in reasons)
    assert any("no 'text' field" in r for r in reasons)
    assert all(str(FIXTURES / "records.jsonl") in str(e) for e in errors)


def test_json_array_and_single_object(tmp_path: Path) -> None:
    arr = tmp_path / "a.json"
    arr.write_text('[{"text": "First item."}, {"content": "Second item."}, 3]', encoding="utf-8")
    results = list(iter_sources([str(arr)]))
    assert [a.text for a in _ok(results)] == ["First item.", "Second item."]
    assert "expected a JSON object" in _errors(results)[0].reason
    single = tmp_path / "one.json"
    single.write_text('{\n  "text": "Pretty printed.",\n  "title": "T"\n}\n', encoding="utf-8")
    [article] = read_path(single)
    assert article.text == "Pretty printed." and article.title == "T"


# --------------------------------------------------------------------------- CSV


def test_csv_detects_eventsnippet_column() -> None:
    results = list(iter_sources([str(FIXTURES / "snippets.csv")]))
    articles = _ok(results)
    assert [a.text.split()[0] for a in articles] == ["Demonstrators", "Soldiers"]
    assert articles[0].published == "2024-03-01"
    assert articles[0].origin.endswith("snippets.csv:2")
    [error] = _errors(results)
    assert "empty 'EventSnippet'" in error.reason and error.origin.endswith(":4")


def test_csv_named_column_and_tsv(tmp_path: Path) -> None:
    path = tmp_path / "data.tsv"
    path.write_text(
        "headline\tstory_text\tlink\nStrike ends\tDock workers returned to work.\thttp://x\n",
        encoding="utf-8",
    )
    [article] = read_path(path, csv_column="story_text")
    assert article.text == "Dock workers returned to work."
    assert article.title == "Strike ends" and article.url == "http://x"


def test_csv_missing_text_column(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("id,count\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing text column.*id, count"):
        read_path(path)
    with pytest.raises(InputError, match="no column 'nope'"):
        read_path(FIXTURES / "snippets.csv", csv_column="nope")


def test_real_acled_csv_notes_column() -> None:
    path = SHARED / "data" / "acled-2020-05-global" / "acled.csv"
    first = next(iter_sources([str(path)], max_bytes=50_000_000))
    assert first.ok and len(first.article.text) > 20


# --------------------------------------------------------------------------- files, dirs, stdin


def test_directory_with_good_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The army withdrew from the town.\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "page.html").write_bytes((FIXTURES / "article.html").read_bytes())
    (sub / "empty.txt").write_bytes(b"")
    (sub / "bin.txt").write_bytes(b"\x00\x01\x02garbage")
    (sub / "big.md").write_text("word " * 100, encoding="utf-8")
    (sub / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    (sub / "notes.log").write_text(
        "Rebels seized the airport.", encoding="utf-8"
    )  # unknown ext, text: sniffed
    (tmp_path / ".hidden.txt").write_text("never read", encoding="utf-8")
    results = list(iter_sources([str(tmp_path)], max_bytes=300))
    by_name = {Path(r.origin).name: r for r in results}
    assert set(by_name) == {
        "good.txt",
        "page.html",
        "empty.txt",
        "bin.txt",
        "big.md",
        "scan.pdf",
        "notes.log",
    }
    assert by_name["good.txt"].ok and by_name["notes.log"].ok
    assert "empty" in by_name["empty.txt"].error.reason
    assert "binary" in by_name["bin.txt"].error.reason
    assert "too large" in by_name["big.md"].error.reason
    assert "too large" in by_name["page.html"].error.reason  # the fixture page is over 300 bytes
    assert "unsupported file type '.pdf'" in by_name["scan.pdf"].error.reason
    flat = list(iter_sources([str(tmp_path)], recursive=False))
    assert [Path(r.origin).name for r in flat] == ["good.txt"]


def test_missing_path_and_strict_read_path(tmp_path: Path) -> None:
    [result] = list(iter_sources([str(tmp_path / "nope.txt")]))
    assert not result.ok and "no such file" in result.error.reason
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")


def test_stdin_text_and_jsonl() -> None:
    results = list(iter_sources(["-"], stdin=io.BytesIO(b"Troops entered the city.\nLeave a Comment\n")))
    assert [r.article.text for r in results] == ["Troops entered the city."]
    assert results[0].origin == "stdin"
    lines = io.StringIO('{"text": "One."}\n{"text": "Two."}\n')
    assert [a.text for a in read_stream(lines)] == ["One.", "Two."]
    [error] = list(iter_sources(["-"], stdin=io.BytesIO(b"")))
    assert error.error.origin == "stdin" and "empty" in error.error.reason
    [big] = list(iter_sources(["-"], stdin=io.BytesIO(b"a" * 101), max_bytes=100))
    assert "too large" in big.error.reason


def test_stdin_csv_when_column_named() -> None:
    data = io.BytesIO(b"body,date\nThe court jailed the activist.,2024-01-05\n")
    [article] = read_stream(data, csv_column="body")
    assert article.text == "The court jailed the activist." and article.published == "2024-01-05"


# --------------------------------------------------------------------------- URLs and feeds


def test_url_html_and_plain(client: httpx.Client) -> None:
    [page] = read_url("https://courier.example.org/riverton", client=client)
    assert page.title.startswith("Ministers meet") and page.url == "https://courier.example.org/riverton"
    [plain] = read_url("https://courier.example.org/plain", client=client)
    assert plain.text == "Protesters marched through the capital on Sunday."


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://x.example/missing", "HTTP 404"),
        ("https://x.example/slow", "timed out"),
        ("https://x.example/big", "too large"),
        ("https://x.example/report.pdf", "unsupported content type application/pdf"),
    ],
)
def test_url_errors(client: httpx.Client, url: str, reason: str) -> None:
    [result] = list(iter_sources([url], client=client, max_bytes=1000))
    assert not result.ok and result.origin == url
    assert reason in result.error.reason


def test_fetch_respects_limit(client: httpx.Client) -> None:
    assert len(fetch("https://x.example/big", max_bytes=5000, client=client).content) == 5000
    with pytest.raises(InputError, match="too large"):
        fetch("https://x.example/big", max_bytes=4999, client=client)


def test_feed_file_entries(client: httpx.Client) -> None:
    results = list(iter_sources([str(FIXTURES / "feed.xml")], client=client))
    articles, errors = _ok(results), _errors(results)
    assert [a.title for a in articles] == [
        "Ministers meet in Riverton",
        "Aid convoy reaches the valley",
        "Talks on fishing rights stall",
    ]
    fetched, full, summary = articles
    # Short description -> the linked page was fetched; feed metadata wins over the page's.
    assert fetched.text.startswith("Foreign ministers from four neighbouring countries")
    assert fetched.published == "2024-03-14T09:30:00+00:00"
    assert fetched.source == "Example Wire" and fetched.author == "Dana Whitfield"
    # Full content:encoded -> used as is, no fetch.
    assert full.text.startswith("An aid convoy") and full.url == "https://wire.example.org/convoy"
    assert full.language == "en"
    # Link 404s -> the summary is the text.
    assert (
        summary.text == "Negotiators from the two coastal states failed to agree on fishing quotas, "
        "the chief negotiator said."
    )
    [error] = errors
    assert "HTTP 404" in error.reason


def test_feed_url_without_fetching_links(client: httpx.Client) -> None:
    items = list(
        iter_feed("https://wire.example.org/feed.rss", client=client, max_bytes=MB, fetch_links=False)
    )
    assert items[0].text == "Foreign ministers met in Riverton."
    assert isinstance(items[-1], InputError) and "no text" in items[-1].reason
    with pytest.raises(InputError):  # the empty last entry is an error in strict mode
        read_feed("https://wire.example.org/feed.rss", client=client, max_bytes=MB)


def test_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "bad.rss"
    path.write_text("<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>", encoding="utf-8")
    [result] = list(iter_sources([str(path)]))
    assert "no entries" in result.error.reason


# --------------------------------------------------------------------------- metadata dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-25", "2024-06-25"),
        ("04 May 2020", "2020-05-04"),
        ("Tue, 25 Jun 2024 10:00:00 +0000", "2024-06-25T10:00:00+00:00"),
        ("2024-06-25T10:00:00Z", "2024-06-25T10:00:00+00:00"),
        ("yesterday", None),  # relative words are not metadata dates
        ("", None),
        (None, None),
    ],
)
def test_normalise_published(value: object, expected: str | None) -> None:
    assert normalise_published(value) == expected


def test_crlf_text_and_default_limit_matches_setting() -> None:
    from eventscope.ingest import DEFAULT_MAX_BYTES
    from eventscope.settings import SETTINGS

    article = read_text("Troops withdrew.\r\nThey left.\r\nLeave a Reply\r\n", origin="win.txt")
    assert article.text == "Troops withdrew.\nThey left."
    setting = next(s for s in SETTINGS if s.name == "max_bytes")
    assert setting.default is not None and int(setting.default) == DEFAULT_MAX_BYTES


def test_plain_text_headline_and_place_dateline(tmp_path):
    from eventscope.ingest import read_path

    path = tmp_path / "wire.txt"
    path.write_text(
        "Floods cut the main road north of the capital\n\n"
        "TERMEZ, Uzbekistan, 3 April 2025 - Heavy rain washed away a bridge on Thursday, officials said.\n"
    )
    (article,) = read_path(path)
    assert article.title == "Floods cut the main road north of the capital"
    assert article.published == "2025-04-03"
