"""Read articles from paths, directories, stdin and URLs: plain text, HTML, JSON Lines, CSV and feeds.

``iter_sources`` is the batch entry point: it yields one ``SourceResult`` per article or per
failure, so one bad input never stops a batch. ``read_path`` and friends are the strict
single-input forms (they raise ``InputError``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import InputError
from ..records import RawArticle
from .feeds import DEFAULT_TIMEOUT, _too_large, fetch, is_url, iter_feed, new_client
from .html import read_html
from .text import (
    DEFAULT_MAX_BYTES,
    clean_text,
    decode_bytes,
    find_dateline,
    find_headline,
    normalise_published,
    sniff_kind,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SourceResult",
    "iter_sources",
    "read_path",
    "read_text",
    "read_stream",
    "read_url",
    "kind_for_path",
    "TEXT_COLUMNS",
]


_KINDS_BY_EXT: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
# Text column names, best first; compared after lower-casing and dropping non-letters,
# so "EventSnippet", "event_snippet" and "Event Snippet" all match "eventsnippet".
TEXT_COLUMNS: tuple[str, ...] = (
    "text",
    "content",
    "body",
    "notes",
    "eventsnippet",
    "snippet",
    "article",
    "articletext",
    "fulltext",
    "story",
    "description",
    "summary",
    "sentence",
)
_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link", "sourceurl"),
    "published": ("published", "publishedat", "pubdate", "date", "datetime", "eventdate", "publicationdate"),
    "source": ("source", "publisher", "site", "sitename"),
    "language": ("language", "lang"),
    "author": ("author", "byline"),
}


@dataclass
class SourceResult:
    """One outcome of reading inputs: an article, or the error that stopped one input."""

    origin: str
    article: RawArticle | None = None
    error: InputError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def kind_for_path(path: Path) -> str | None:
    """Input kind from a file's extension (text, html, json, csv, feed), None when unknown."""
    return _KINDS_BY_EXT.get(path.suffix.lower())


def iter_sources(
    inputs: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    csv_column: str | None = None,
    recursive: bool = True,
    stdin: IO[bytes] | IO[str] | None = None,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    fetch_links: bool = True,
) -> Iterator[SourceResult]:
    """Read every input (path, directory, ``-`` = stdin, http(s) URL, feed): one result per article or error.

    ``stdin`` replaces ``sys.stdin`` for ``-``; ``client`` is used for all downloads.
    """
    opts = _Options(
        max_bytes=max_bytes, csv_column=csv_column, client=client, timeout=timeout, fetch_links=fetch_links
    )
    own_client = client is None and any(is_url(item) for item in inputs)
    if own_client:
        opts.client = new_client(timeout=timeout)  # one connection pool for all URLs
    try:
        for item in inputs:
            if item == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _results(_stream_items(stream, "stdin", opts), "stdin")
            elif is_url(item):
                yield from _results(_url_items(item, opts), item)
            else:
                path = Path(item).expanduser()
                if path.is_dir():
                    for file in _walk(path, recursive=recursive):
                        yield from _results(_file_items(file, opts), str(file))
                else:
                    yield from _results(_file_items(path, opts), str(path))
    finally:
        if own_client:
            opts.client.close()


def read_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    csv_column: str | None = None,
    recursive: bool = True,
) -> list[RawArticle]:
    """All articles in a file or directory; raises the first ``InputError`` met."""
    return _strict(iter_sources([str(path)], max_bytes=max_bytes, csv_column=csv_column, recursive=recursive))


def read_url(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    fetch_links: bool = True,
) -> list[RawArticle]:
    """Articles at an http(s) URL (a page, a feed, JSONL, ...); raises the first ``InputError``."""
    return _strict(
        iter_sources([url], max_bytes=max_bytes, client=client, timeout=timeout, fetch_links=fetch_links)
    )


def read_stream(
    stream: IO[bytes] | IO[str],
    *,
    origin: str = "stdin",
    max_bytes: int = DEFAULT_MAX_BYTES,
    csv_column: str | None = None,
) -> list[RawArticle]:
    """Articles from an open stream (any supported format, sniffed); raises the first ``InputError``."""
    opts = _Options(max_bytes=max_bytes, csv_column=csv_column)
    return _strict(_results(_stream_items(stream, origin, opts), origin))


def read_text(
    text: str,
    *,
    origin: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    source: str | None = None,
    language: str | None = None,
    author: str | None = None,
) -> RawArticle:
    """A plain-text article: trailing comment-form lines removed, date from a leading dateline if not given.

    Raises ``InputError`` when nothing is left.
    """
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise InputError(origin, "empty input (no text)")
    return RawArticle(
        text=cleaned,
        title=title.strip() if title and title.strip() else find_headline(cleaned),
        url=url or None,
        published=normalise_published(published) or find_dateline(cleaned),
        source=source or None,
        language=language or None,
        author=author or None,
        origin=origin,
    )


# --------------------------------------------------------------------------- internals


@dataclass
class _Options:
    max_bytes: int
    csv_column: str | None = None
    client: Any = None
    timeout: float = DEFAULT_TIMEOUT
    fetch_links: bool = True


_Item = RawArticle | InputError


def _strict(results: Iterable[SourceResult]) -> list[RawArticle]:
    articles = []
    for result in results:
        if result.error is not None:
            raise result.error
        assert result.article is not None
        articles.append(result.article)
    return articles


def _results(items: Iterable[_Item], origin: str) -> Iterator[SourceResult]:
    try:
        for item in items:
            if isinstance(item, InputError):
                yield SourceResult(origin=item.origin, error=item)
            else:
                yield SourceResult(origin=item.origin or origin, article=item)
    except InputError as exc:
        yield SourceResult(origin=exc.origin, error=exc)


def _walk(root: Path, *, recursive: bool) -> Iterator[Path]:
    """Files under ``root`` in a stable order, skipping hidden files and folders."""
    entries = sorted(root.rglob("*") if recursive else root.iterdir())
    for path in entries:
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel):
            continue
        if path.is_file():
            yield path


def _file_items(path: Path, opts: _Options) -> Iterator[_Item]:
    origin = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(origin, "no such file or directory") from None
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from None
    kind = kind_for_path(path)
    if size > opts.max_bytes:
        raise InputError(origin, _too_large(size, opts.max_bytes))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from None
    if kind is None:
        try:
            text = decode_bytes(data, origin)
        except InputError:
            raise InputError(
                origin,
                f"unsupported file type {path.suffix or '(no extension)'!r}; "
                "expected text, HTML, JSON Lines, CSV or an RSS/Atom feed",
            ) from None
        kind = sniff_kind(text)
        if kind == "text" and opts.csv_column:
            kind = "csv"
        yield from _parse(text, kind=kind, origin=origin, opts=opts, raw=data)
        return
    if kind == "feed":
        yield from iter_feed(
            data,
            origin=origin,
            max_bytes=opts.max_bytes,
            timeout=opts.timeout,
            client=opts.client,
            fetch_links=opts.fetch_links,
        )
        return
    text = decode_bytes(data, origin)
    yield from _parse(
        text,
        kind=kind,
        origin=origin,
        opts=opts,
        raw=data,
        delimiter="\t" if path.suffix.lower() == ".tsv" else None,
    )


def _stream_items(stream: IO[bytes] | IO[str], origin: str, opts: _Options) -> Iterator[_Item]:
    try:
        data = stream.read(opts.max_bytes + 1)
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc}") from None
    except UnicodeDecodeError:
        raise InputError(origin, "undecodable: not valid text in the stream's encoding") from None
    if len(data) > opts.max_bytes:
        raise InputError(origin, _too_large(len(data), opts.max_bytes, at_least=True))
    raw = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    text = decode_bytes(raw, origin)
    kind = sniff_kind(text)
    if kind == "text" and opts.csv_column:
        kind = "csv"
    yield from _parse(text, kind=kind, origin=origin, opts=opts, raw=raw)


def _url_items(url: str, opts: _Options) -> Iterator[_Item]:
    page = fetch(url, max_bytes=opts.max_bytes, timeout=opts.timeout, client=opts.client)
    ctype = page.content_type
    if ctype.startswith(("image/", "audio/", "video/")) or ctype in ("application/pdf", "application/zip"):
        raise InputError(url, f"unsupported content type {ctype}")
    text = decode_bytes(page.content, url)
    kind = sniff_kind(text)
    if kind == "text":
        if "html" in ctype:
            kind = "html"
        elif "csv" in ctype or "tab-separated" in ctype:
            kind = "csv"
    yield from _parse(text, kind=kind, origin=url, opts=opts, raw=page.content, url=page.url)


def _parse(
    text: str,
    *,
    kind: str,
    origin: str,
    opts: _Options,
    raw: bytes,
    url: str | None = None,
    delimiter: str | None = None,
) -> Iterator[_Item]:
    if kind == "html":
        yield read_html(text, url=url, origin=origin)
    elif kind == "feed":
        yield from iter_feed(
            raw,
            origin=origin,
            max_bytes=opts.max_bytes,
            timeout=opts.timeout,
            client=opts.client,
            fetch_links=opts.fetch_links,
        )
    elif kind == "json":
        yield from _json_items(text, origin)
    elif kind == "csv":
        yield from _csv_items(text, origin, column=opts.csv_column, delimiter=delimiter)
    else:
        yield read_text(text, origin=origin, url=url)


@lru_cache(maxsize=1024)
def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _keyed(row: dict[str, Any]) -> dict[str, Any]:
    """A record's fields under normalised names ("Event Snippet" -> "eventsnippet")."""
    return {_key(k): v for k, v in row.items() if isinstance(k, str)}


def _json_items(text: str, origin: str) -> Iterator[_Item]:
    stripped = text.lstrip("\ufeff \t\r\n")
    # A whole JSON document (array of records, or one record) first; else JSON Lines.
    if stripped.startswith("["):
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, list):
            for index, obj in enumerate(whole, start=1):
                yield _record(obj, f"{origin}[{index}]")
            return
    n_records = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            if n_records == 0 and lineno == 1 and stripped.startswith("{"):
                try:  # a pretty-printed single JSON object
                    obj = json.loads(stripped)
                except json.JSONDecodeError:
                    pass
                else:
                    yield _record(obj, origin)
                    return
            yield InputError(origin, f"malformed JSON on line {lineno}: {exc.msg}")
            continue
        n_records += 1
        yield _record(obj, where)


def _pick(keyed: dict[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value = keyed.get(name)
        if value not in (None, ""):
            return value
    return None


def _record(obj: Any, where: str) -> _Item:
    if not isinstance(obj, dict):
        return InputError(where, f"expected a JSON object with a 'text' field, got {type(obj).__name__}")
    keyed = _keyed(obj)
    text = _pick(keyed, TEXT_COLUMNS)
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "record has no 'text' field (or it is empty)")
    return _article_from_fields(text, keyed, where)


def _article_from_fields(text: str, keyed: dict[str, Any], where: str) -> _Item:
    meta = {name: _pick(keyed, keys) for name, keys in _FIELDS.items()}
    try:
        return read_text(
            text,
            origin=where,
            title=_str_or_none(meta["title"]),
            url=_str_or_none(meta["url"]),
            published=normalise_published(meta["published"]),
            source=_str_or_none(meta["source"]),
            language=_str_or_none(meta["language"]),
            author=_str_or_none(meta["author"]),
        )
    except InputError as exc:
        return exc


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _csv_items(text: str, origin: str, *, column: str | None, delimiter: str | None) -> Iterator[_Item]:
    if delimiter is None:
        # The header line decides: prose in the rows has commas of its own and fools csv.Sniffer.
        header_line = text.lstrip("\ufeff").split("\n", 1)[0]
        delimiter = max(",;\t|", key=lambda d: (header_line.count(d), d == ","))
    # Long article texts exceed csv's default 128 KiB field limit; our own size limit applies instead.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h for h in (reader.fieldnames or []) if h is not None]
    text_col = _text_column(header, column)
    if text_col is None:
        wanted = (
            f"column {column!r}" if column else "a text column (" + ", ".join(TEXT_COLUMNS[:5]) + ", ...)"
        )
        raise InputError(
            origin,
            f"missing text column: no {wanted}; columns are {', '.join(header) or 'none'}"
            " (name one with --csv-column)",
        )
    n_rows = 0
    try:
        for row in reader:
            n_rows += 1
            where = f"{origin}:{reader.line_num}"
            value = row.get(text_col)
            if not value or not value.strip():
                yield InputError(where, f"empty {text_col!r} column")
                continue
            others = _keyed({k: v for k, v in row.items() if k != text_col})
            yield _article_from_fields(value, others, where)
    except csv.Error as exc:
        yield InputError(origin, f"malformed CSV near line {reader.line_num}: {exc}")
        return
    if n_rows == 0:
        yield InputError(origin, "CSV has a header but no rows")


def _text_column(header: list[str], wanted: str | None) -> str | None:
    keyed = {_key(h): h for h in header}
    if wanted:
        exact = [h for h in header if h == wanted] or [h for h in header if _key(h) == _key(wanted)]
        return exact[0] if exact else None
    for name in TEXT_COLUMNS:
        if name in keyed:
            return keyed[name]
    # Names like "event_notes" or "article_body": a known name as a suffix.
    for name in ("text", "snippet", "body", "content", "notes"):
        for key, h in keyed.items():
            if key.endswith(name):
                return h
    return None
