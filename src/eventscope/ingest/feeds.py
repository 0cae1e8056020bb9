"""Downloads (http/https with a size limit and timeout) and RSS/Atom feeds.

Every function that touches the network takes an optional ``client: httpx.Client`` so tests
(and callers with their own proxies or headers) can pass one, e.g. with ``httpx.MockTransport``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..records import RawArticle
from .html import html_fragment_to_text, read_html
from .text import DEFAULT_MAX_BYTES, decode_bytes, normalise_published

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Fetched",
    "fetch",
    "new_client",
    "is_url",
    "iter_feed",
    "read_feed",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
]

DEFAULT_TIMEOUT = 20.0
USER_AGENT = "eventscope/0.1 (+https://github.com/eventscope)"
# Entry content shorter than this is a teaser: fetching the linked page gives the full article.
_FULL_CONTENT_CHARS = 600


def is_url(value: str) -> bool:
    """True for http(s) URLs (the only schemes we fetch)."""
    return value.lower().startswith(("http://", "https://"))


def new_client(*, timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An HTTP client with our defaults (timeout, redirects, user agent); the caller closes it."""
    import httpx

    return httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})


@dataclass(frozen=True)
class Fetched:
    """A downloaded resource."""

    url: str  # final URL after redirects
    content: bytes
    content_type: str  # lower-case media type without parameters, "" if unknown


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
) -> Fetched:
    """Download ``url`` (following redirects), refusing bodies larger than ``max_bytes``.

    Raises ``InputError`` on network errors, HTTP errors and oversize bodies.
    """
    import httpx

    own = client is None
    if client is None:
        client = new_client(timeout=timeout)
    try:
        with client.stream("GET", url, timeout=timeout, follow_redirects=True) as resp:
            if resp.status_code >= 400:
                raise InputError(
                    url, f"download failed: HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
                )
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(url, _too_large(int(declared), max_bytes))
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(url, _too_large(size, max_bytes, at_least=True))
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(url=str(resp.url), content=b"".join(chunks), content_type=ctype)
    except httpx.TimeoutException:
        raise InputError(url, f"download failed: timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InputError(url, f"download failed: {type(exc).__name__}: {exc}") from None
    finally:
        if own:
            client.close()


def _too_large(size: int, max_bytes: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"too large ({more}{size:,} bytes; limit {max_bytes:,}, raise it with --max-bytes)"


def iter_feed(
    source: str | bytes,
    *,
    origin: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
    fetch_links: bool = True,
) -> Iterator[RawArticle | InputError]:
    """Articles of an RSS/Atom feed given as a URL, a file path or the feed's bytes.

    Each entry becomes one article: its full content when the feed carries it, else the page
    at its link (when ``fetch_links``), else its summary. Failures are yielded as ``InputError``
    so the other entries are still read.
    """
    http = _LazyClient(client, timeout=timeout)  # one connection pool for the feed and its links
    try:
        yield from _iter_feed(
            source, origin=origin, max_bytes=max_bytes, timeout=timeout, http=http, fetch_links=fetch_links
        )
    finally:
        http.close()


class _LazyClient:
    """The caller's client, or one of ours created on first use (a local feed may need none)."""

    def __init__(self, client: httpx.Client | None, *, timeout: float) -> None:
        self._client = client
        self._own = False
        self._timeout = timeout

    def get(self) -> httpx.Client:
        if self._client is None:
            self._client = new_client(timeout=self._timeout)
            self._own = True
        return self._client

    def close(self) -> None:
        if self._own and self._client is not None:
            self._client.close()


def _iter_feed(
    source: str | bytes,
    *,
    origin: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float,
    http: _LazyClient,
    fetch_links: bool,
) -> Iterator[RawArticle | InputError]:
    import feedparser

    if isinstance(source, bytes):
        data, where = source, origin or "<feed>"
    elif is_url(source):
        try:
            data = fetch(source, max_bytes=max_bytes, timeout=timeout, client=http.get()).content
        except InputError as exc:
            yield exc
            return
        where = origin or source
    else:
        where = origin or source
        try:
            data = _read_file(Path(source), max_bytes=max_bytes)
        except InputError as exc:
            yield exc
            return
    try:
        decode_bytes(data, where)  # clear empty/binary errors before feedparser guesses
    except InputError as exc:
        yield exc
        return
    parsed = feedparser.parse(data)
    feed: Any = parsed.get("feed", {})
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable RSS/Atom feed ({problem})" if problem else "feed has no entries"
        yield InputError(where, reason)
        return
    site = feed.get("title") or None
    language = (feed.get("language") or "").split("-")[0].lower() or None
    for index, entry in enumerate(parsed.entries, start=1):
        yield _entry_article(
            entry,
            where=f"{where}#{index}",
            site=site,
            language=language,
            max_bytes=max_bytes,
            timeout=timeout,
            http=http,
            fetch_links=fetch_links,
        )


def read_feed(
    source: str | bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    client: httpx.Client | None = None,
    fetch_links: bool = True,
) -> list[RawArticle]:
    """All articles of a feed; raises the first ``InputError`` (use ``iter_feed`` to go on past errors)."""
    articles = []
    for item in iter_feed(
        source, max_bytes=max_bytes, timeout=timeout, client=client, fetch_links=fetch_links
    ):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles


def _entry_article(
    entry: Any,
    *,
    where: str,
    site: str | None,
    language: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float,
    http: _LazyClient,
    fetch_links: bool,
) -> RawArticle | InputError:
    link = entry.get("link") or None
    title = html_fragment_to_text(entry.get("title", "")) or None
    published = _entry_date(entry)
    contents = [c.get("value", "") for c in entry.get("content", []) or []]
    content_text = max((html_fragment_to_text(c) for c in contents), key=len, default="")
    summary_text = html_fragment_to_text(entry.get("summary", "") or "")
    text = content_text
    author = entry.get("author") or None
    origin = link or where
    fetch_error: InputError | None = None
    if len(text) < _FULL_CONTENT_CHARS and fetch_links and link and is_url(link):
        try:
            page = fetch(link, max_bytes=max_bytes, timeout=timeout, client=http.get())
            article = read_html(page.content, url=page.url, origin=link)
        except InputError as exc:
            fetch_error = exc
        else:
            # The feed's metadata is usually cleaner than what is guessed from the page.
            article.title = title or article.title
            article.published = published or article.published
            article.source = site or article.source
            article.language = article.language or language
            article.author = article.author or author
            return article
    text = text or summary_text
    if not text:
        return fetch_error or InputError(
            where, "feed entry has no text (no content, summary or readable link)"
        )
    return RawArticle(
        text=text,
        title=title,
        url=link,
        published=published,
        source=site,
        language=language,
        author=author,
        origin=origin,
    )


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            # feedparser normalises entry dates to UTC struct_time.
            year, month, day, hour, minute, second = value[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    for key in ("published", "updated"):
        if entry.get(key):
            return normalise_published(entry[key])
    return None


def _read_file(path: Path, *, max_bytes: int) -> bytes:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(origin, _too_large(size, max_bytes))
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(origin, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(origin, "is a directory, expected a feed file") from None
    except PermissionError:
        raise InputError(origin, "permission denied") from None
