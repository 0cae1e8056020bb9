"""Ingestion: files, directories, stdin, URLs and feeds -> ``RawArticle`` records.

Modules, bottom up: ``text`` (decoding, cleanup, datelines), ``html`` (main-text extraction),
``feeds`` (downloads, RSS/Atom), ``sources`` (dispatch by type, batches with per-input errors).
"""

from __future__ import annotations

from .feeds import Fetched, fetch, is_url, iter_feed, read_feed
from .html import html_fragment_to_text, read_html
from .sources import (
    DEFAULT_MAX_BYTES,
    SourceResult,
    iter_sources,
    kind_for_path,
    read_path,
    read_stream,
    read_text,
    read_url,
)
from .text import decode_bytes, find_dateline, normalise_published, strip_boilerplate

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SourceResult",
    "iter_sources",
    "read_path",
    "read_stream",
    "read_text",
    "read_url",
    "read_html",
    "read_feed",
    "iter_feed",
    "fetch",
    "Fetched",
    "is_url",
    "kind_for_path",
    "html_fragment_to_text",
    "decode_bytes",
    "find_dateline",
    "normalise_published",
    "strip_boilerplate",
]
