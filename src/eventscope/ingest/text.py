"""Bytes to clean text: decoding, binary detection, boilerplate removal, datelines, metadata dates.

Pure functions with no I/O, shared by the file, HTML and feed readers.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache

from ..errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "decode_bytes",
    "sniff_kind",
    "clean_text",
    "strip_boilerplate",
    "find_dateline",
    "normalise_published",
]

# Largest input accepted by default (the "max_bytes" setting's default).
DEFAULT_MAX_BYTES = 5_000_000

# Magic numbers of common binary formats, to name them in the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "OLE/Office"),
    (b"SQLite format 3", "SQLite"),
    (b"\x7fELF", "executable"),
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode an input's bytes to text, or raise ``InputError`` (empty, binary, undecodable).

    Tries UTF-8 (with or without BOM), UTF-16 when it has a BOM, and then cp1252, accepting
    cp1252 only when the result looks like prose: real garbage is reported as undecodable
    rather than turned into mojibake.
    """
    if not data.strip():
        raise InputError(origin, "empty input (no text)")
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise InputError(origin, f"binary file ({name}), not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), origin)
        except UnicodeDecodeError:
            raise InputError(origin, "undecodable: invalid UTF-16 despite its byte-order mark") from None
    if b"\x00" in data[:65536]:
        raise InputError(origin, "binary file (contains NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8-sig"), origin)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(origin, "undecodable: not UTF-8 or cp1252 text") from None
    # Legacy-encoded prose is overwhelmingly ASCII; random bytes are about half high bytes.
    high = sum(1 for ch in text if ord(ch) > 127)
    if high > max(8, len(text) * 0.2):
        raise InputError(origin, "undecodable: not UTF-8, and not plausible cp1252 text")
    return _check_text(text, origin)


def _check_text(text: str, origin: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(origin, "binary file (control characters), not text")
    if not text.strip():
        raise InputError(origin, "empty input (no text)")
    return text


_FEED_RE = re.compile(r"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)


def sniff_kind(text: str) -> str:
    """Guess an input's kind from its content: ``feed``, ``html``, ``json`` or ``text``."""
    head = text.lstrip("\ufeff \t\r\n")[:2048]
    if head.startswith("<"):
        if _FEED_RE.search(head):
            return "feed"
        if _HTML_RE.search(head):
            return "html"
    if head.startswith(("{", "[")):
        return "json"
    return "text"


# Comment forms and share widgets that scrapers leave at the end of an article.
_TRAILING_BOILERPLATE = re.compile(
    r"""^\W*(
        leave\ a\ (reply|comment)(\ to\ \S.*)?
      | post\ a\ comment | add\ (a|your)\ comment | write\ a\ comment | comments?
      | \d+\ comments? | no\ comments(\ yet)? | cancel\ reply | reply
      | you\ must\ be\ logged\ in\ to\ post\ a\ comment\.?
      | your\ email\ address\ will\ not\ be\ published\..*
      | share\ this(\ article|\ story)?:? | share\ on\ (facebook|twitter|x) | related(\ posts|\ articles)?:?
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_boilerplate(text: str) -> str:
    """Remove trailing comment-form / share lines ("Leave a Reply", "Post a comment", ...)."""
    lines = text.rstrip().split("\n")
    while len(lines) > 1 and (not lines[-1].strip() or _TRAILING_BOILERPLATE.match(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines).rstrip()


def clean_text(text: str) -> str:
    """Normalise newlines, drop NULs and trailing boilerplate; keep everything else as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = text.lstrip("\ufeff")
    return strip_boilerplate(text).strip("\n")


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
)
# A dateline sits at the very start of a line: optional "Published:"/place prefix, then the date.
_DATELINE_PREFIX = re.compile(
    r"^(?:(?:published|posted|updated|date)(?:\s+on)?:?\s*|(?:[A-Z][\w .'-]{0,40},\s*){1,2})?", re.I
)


def find_headline(text: str) -> str | None:
    """The first line of a plain-text article when it reads like a headline, else None.

    A headline is a short first line (at most 200 characters, no sentence-final period) followed by a
    blank line; wire copy and blog exports usually look like this.
    """
    lines = text.lstrip().split("\n")
    if len(lines) < 3 or lines[1].strip():
        return None
    first = lines[0].strip()
    if not first or len(first) > 200 or first.endswith((".", ":", ",")) or len(first.split()) < 3:
        return None
    if len(first) < 40 and find_dateline(first):  # a date line, not a headline
        return None
    return first


def find_dateline(text: str, *, max_lines: int = 3) -> str | None:
    """ISO date of a leading date line or dateline (first few non-empty lines), else None.

    Cheap and conservative: only full dates (day, month and year) right at the start of a line.
    """
    seen = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            break
        prefix = _DATELINE_PREFIX.match(line)
        # The date right at the start, after a "Published:" prefix, or after a place ("KABUL, ",
        # "HERAT, Afghanistan, "): try each comma in the first few words as the end of the place.
        rests = [line, line[prefix.end() :] if prefix else line]
        rests += [line[m.end() :] for m in re.finditer(r",\s*", line[:60])]
        for rest in rests:
            rest = re.sub(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", "", rest, flags=re.I)
            for pattern in _DATE_PATTERNS:
                m = pattern.match(rest)
                if m:
                    parsed = _date_from_match(m)
                    return parsed.isoformat() if parsed is not None else None
    return None


def _date_from_match(m: re.Match[str]) -> date | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def normalise_published(value: object) -> str | None:
    """Metadata date (ISO, RFC 2822, epoch seconds, common written forms) -> ISO string or None.

    A date-only value stays a date (``2024-06-25``); a timestamp becomes an ISO datetime.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return _normalise_date_text(unicodedata.normalize("NFKC", str(value)).strip())


# Cached: a CSV or feed repeats the same few date strings, and the dateparser fallback is slow.
@lru_cache(maxsize=4096)
def _normalise_date_text(text: str) -> str | None:
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    if re.search(r"\d:\d\d", text):  # RFC 2822 with a time ("Tue, 25 Jun 2024 10:00:00 +0000")
        try:
            return email.utils.parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            parsed = _date_from_match(m)
            if parsed is not None:
                return parsed.isoformat()
    # Last resort for odd formats; dateparser is slow, but metadata dates are one per article.
    import dateparser

    parsed_dt = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "PARSERS": ["custom-formats", "absolute-time"]},
    )
    if parsed_dt is None:
        return None
    if (parsed_dt.hour, parsed_dt.minute, parsed_dt.second, parsed_dt.microsecond) == (0, 0, 0, 0):
        return parsed_dt.date().isoformat()
    return parsed_dt.isoformat()
