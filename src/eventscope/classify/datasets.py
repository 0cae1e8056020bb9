"""Readers for labelled training data: ACLED CSV, plain TSV and CASE-2021 TSV.

Formats (``format`` argument of :func:`read_labelled`):

- ``acled``: an ACLED export (CSV) with at least ``notes`` and ``sub_event_type`` columns.
- ``tsv``:   ``id<TAB>text<TAB>label`` lines, no header (a header line starting ``id<TAB>`` is skipped).
- ``case``:  CASE-2021 Task 2 TSV with a header ``id<TAB>EventSnippet<TAB>SubType``.
- ``auto``:  decided from the extension and the header line.

Labels may be given as CASE labels ("ARMED_CLASH") or ACLED display names ("Armed clash").
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import DataError
from .labels import normalise_label

__all__ = ["FORMATS", "read_labelled", "parse_labelled", "detect_format"]

FORMATS: tuple[str, ...] = ("auto", "acled", "tsv", "case")


def detect_format(path: Path, first_line: str) -> str:
    """Guess the format from the header line and the file extension."""
    header = first_line.lower()
    if "eventsnippet" in header:
        return "case"
    if "sub_event_type" in header and "notes" in header:
        return "acled"
    if path.suffix.lower() == ".csv":
        return "acled"
    return "tsv"


def read_labelled(path: str | Path, format: str = "auto") -> list[tuple[str, str]]:  # noqa: A002
    """Read ``(text, label)`` pairs from a labelled file; ``DataError`` if it is malformed."""
    p = Path(path)
    try:
        content = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(f"{p}: cannot read labelled data ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{p}: not UTF-8 text") from exc
    return parse_labelled(content, format, origin=str(p), suffix=p.suffix)


def parse_labelled(content: str, format: str = "auto", *, origin: str = "<text>",  # noqa: A002
                   suffix: str = "") -> list[tuple[str, str]]:
    """Parse labelled data already read into a string (see :func:`read_labelled`)."""
    if format not in FORMATS:
        raise DataError(f"unknown data format {format!r}; use one of {', '.join(FORMATS)}")
    first = content.split("\n", 1)[0]
    if format == "auto":
        format = detect_format(Path("x" + suffix), first)
    if format == "acled":
        pairs = _read_acled(content, origin)
    elif format == "case":
        pairs = _read_case(content, origin)
    else:
        pairs = _read_tsv(content, origin)
    if not pairs:
        raise DataError(f"{origin}: no labelled examples found (format {format})")
    return pairs


def _label(value: str, origin: str, line: int) -> str:
    try:
        return normalise_label(value)
    except DataError as exc:
        raise DataError(f"{origin}:{line}: {exc}") from None


def _read_acled(content: str, origin: str) -> list[tuple[str, str]]:
    reader = csv.DictReader(io.StringIO(content))
    fields = set(reader.fieldnames or ())
    if not {"notes", "sub_event_type"} <= fields:
        raise DataError(f"{origin}: an ACLED CSV needs 'notes' and 'sub_event_type' columns")
    pairs = []
    for row in reader:
        text = (row.get("notes") or "").strip()
        if text:  # ACLED has a few rows without notes; nothing to learn from them
            pairs.append((text, _label(row["sub_event_type"], origin, reader.line_num)))
    return pairs


def _read_case(content: str, origin: str) -> list[tuple[str, str]]:
    lines = content.splitlines()
    header = [h.strip() for h in lines[0].split("\t")] if lines else []
    try:
        i_text, i_label = header.index("EventSnippet"), header.index("SubType")
    except ValueError:
        raise DataError(f"{origin}: a CASE TSV needs a header with 'EventSnippet' and 'SubType'") from None
    pairs = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) <= max(i_text, i_label):
            raise DataError(f"{origin}:{n}: expected {len(header)} tab-separated columns")
        pairs.append((cols[i_text].strip(), _label(cols[i_label], origin, n)))
    return pairs


def _read_tsv(content: str, origin: str) -> list[tuple[str, str]]:
    pairs = []
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if n == 1 and cols[0].strip().lower() == "id":
            continue
        if len(cols) != 3:
            raise DataError(f"{origin}:{n}: expected id<TAB>text<TAB>label, got {len(cols)} columns")
        pairs.append((cols[1].strip(), _label(cols[2], origin, n)))
    return pairs
