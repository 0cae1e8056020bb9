"""Readers for the evaluation data sets, each returning typed items.

Formats (all read as UTF-8; a malformed file raises :class:`~eventscope.errors.DataError`):

============  =====================================================================  ==================
format        shape                                                                  reader
============  =====================================================================  ==================
``acled``     ACLED CSV export (``notes``, ``event_type``, ``sub_event_type``, ...)   :func:`read_acled`
``case``      CASE 2021 Task 2 TSV, header ``id<TAB>EventSnippet<TAB>SubType``       :func:`read_case`
``tsv``       ``id<TAB>text<TAB>label`` (optional header ``id text label``)         :func:`read_tsv`
``plover``    PLOVER gold-standard records (JSON array)                             :func:`read_plover`
``cameo``     ``sentence<TAB>label`` (CAMEO quad class 0-4), no header               :func:`read_cameo`
``cameo-bio`` ``token TAG`` lines, blank line between sentences; tags B/I-S|T|R      :func:`read_cameo_bio`
``lgl``       LGL / TR-News XML (``<toponym><start/><end/><phrase/><gaztag>``)      :func:`read_lgl`
``trnews``    as ``lgl``; offsets that miss the phrase are re-anchored nearby        :func:`read_trnews`
``geovirus``  GeoVirus XML (``<location>``, 1-based offsets)                        :func:`read_geovirus`
``gwn``       GeoWebNews XML (``<toponym>`` with ``extractedName`` ...)             :func:`read_gwn`
``jsonl``     our geoparse JSON Lines, see :func:`read_geo_jsonl`                   :func:`read_geo_jsonl`
``conll``     CoNLL-2003 ``token POS chunk NER`` (IOB1 or IOB2)                     :func:`read_conll`
``bbc``       BBC full-text folders ``<topic>/<NNN>.txt`` (headline, blank, body)   :func:`read_bbc`
============  =====================================================================  ==================
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..classify.labels import label_from_acled
from ..errors import DataError
from ..records import RawArticle, _Record

__all__ = [
    "LabelledText",
    "AcledItem",
    "PloverActor",
    "PloverItem",
    "TaggedSentence",
    "GoldToponym",
    "GeoDoc",
    "EVENT_FORMATS",
    "GEO_FORMATS",
    "read_acled",
    "read_case",
    "read_tsv",
    "read_plover",
    "read_cameo",
    "read_cameo_bio",
    "read_conll",
    "read_lgl",
    "read_trnews",
    "read_geovirus",
    "read_gwn",
    "read_geo_jsonl",
    "read_geo",
    "read_events",
    "read_bbc",
    "tag_spans",
]

EVENT_FORMATS = ("acled", "case", "tsv", "plover", "cameo")
GEO_FORMATS = ("lgl", "trnews", "geovirus", "gwn", "jsonl")


# ---------------------------------------------------------------- items


@dataclass
class LabelledText(_Record):
    """A text with one gold label (CASE, plain TSV, CAMEO quad class)."""

    id: str
    text: str
    label: str


@dataclass
class AcledItem(_Record):
    """One distinct ACLED ``notes`` text; rows sharing the note are merged.

    ``label`` is the CASE code of the sub-event type (``ARMED_CLASH`` ...). Fields that can
    differ between merged rows (actor1, coordinates, dates) keep every value, so a system
    answer that matches any of them counts as right.
    """

    id: str
    text: str
    label: str
    event_type: str
    sub_event_type: str
    actor1: list[str] = field(default_factory=list)
    actor2: list[str] = field(default_factory=list)
    coords: list[tuple[float, float]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO dates
    country: str = ""
    iso3: str = ""
    location: str = ""
    fatalities: int = 0

    @property
    def date(self) -> str:
        """The earliest event date (ISO), used to split the file by time."""
        return min(self.dates) if self.dates else ""


@dataclass
class PloverActor(_Record):
    text: str
    code: str | None = None
    sector: str | None = None


@dataclass
class PloverItem(_Record):
    id: str
    text: str
    label: str  # PLOVER event type as coded in the file (may be a legacy name, e.g. DEMAND)
    source: list[PloverActor] = field(default_factory=list)
    target: list[PloverActor] = field(default_factory=list)
    event_text: str | None = None
    location: str | None = None
    location_country: str | None = None


@dataclass
class TaggedSentence(_Record):
    """A tokenised sentence with one BIO tag per token (CoNLL NER, CAMEO roles)."""

    tokens: list[str]
    tags: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def spans(self) -> list[tuple[int, int, str]]:
        """Gold spans as (start_token, end_token_exclusive, type)."""
        return tag_spans(self.tags)

    def token_offsets(self) -> list[tuple[int, int]]:
        """Character (start, end) of each token in :attr:`text`."""
        out, pos = [], 0
        for tok in self.tokens:
            out.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        return out

    def detokenized(self) -> tuple[str, list[tuple[int, int]]]:
        """The sentence as running text, with each token's character (start, end) in it.

        Undoes the splits a word tokenizer made inside words, so the parser reads the prose as
        written: possessive and negative clitics ("Japan ’ s" -> "Japan’s", "Biden 's" -> "Biden's",
        "won ’ t" -> "won’t") and letters outside ASCII cut out of a name ("L ó pez" -> "López").
        """
        glue = [False] * len(self.tokens)  # glue[i]: no space before token i
        toks = self.tokens
        for i, tok in enumerate(toks):
            if i == 0:
                continue
            prev, nxt = toks[i - 1], toks[i + 1] if i + 1 < len(toks) else ""
            if tok in _APOSTROPHES and prev[-1:].isalpha() and (
                    nxt in ("s", "S") or (nxt == "t" and prev.endswith("n"))
                    # a plural's apostrophe, where a straight one could also open a quote ("was 'X")
                    or (prev[-1:] in ("s", "S") and nxt[:1].isalpha() and (tok != "'" or prev[:1].isupper()))):
                glue[i] = True  # "Japan ’ s", "won ’ t", "citizens ’ rights", "Kurds ' role"
                if nxt in ("s", "S", "t"):
                    glue[i + 1] = True
            elif tok.lower() == "'s" and prev[-1:].isalnum():
                glue[i] = True
            elif (tok == "-" and prev[-1:].isalnum() and nxt[:1].isalnum()) or (
                    tok == "," and prev.isdigit() and len(nxt) == 3 and nxt.isdigit()):
                glue[i] = glue[i + 1] = True  # "Saudi - led", "4 , 300"
            elif tok == "." and nxt:
                # "1 . 5", "U . S", "a . m", "Mr . Erdogan", "Nov . 18": a decimal point or an
                # abbreviation's full stop, not a sentence end.
                if prev.isdigit() and nxt.isdigit():
                    glue[i] = glue[i + 1] = True
                elif len(prev) == 1 and prev.isalpha():
                    glue[i] = True
                    glue[i + 1] = len(nxt) == 1 and nxt.isalpha()
                elif prev.istitle() and prev.isalpha() and len(prev) <= 4 and (
                        nxt[:1].isupper() or nxt[:1].isdigit()):
                    glue[i] = True
            elif len(tok) == 1 and tok.isalpha() and not tok.isascii() and prev.isalpha():
                glue[i] = True  # "Andr é s": the letter and the rest of the word after it
                if nxt.isalpha() and nxt.islower():
                    glue[i + 1] = True
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        pos = 0
        for i, tok in enumerate(toks):
            if i and not glue[i]:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
        return "".join(parts), offsets


_APOSTROPHES = frozenset({"’", "´", "'"})


@dataclass
class GoldToponym(_Record):
    name: str
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature_code: str | None = None

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GeoDoc(_Record):
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    title: str | None = None
    # The corpus tags demonyms and place adjectives ("Russian") as toponyms (LGL, TR-News do,
    # GeoVirus does not); the evaluator then counts the pipeline's demonyms as found places.
    demonyms: bool = False


# ---------------------------------------------------------------- helpers


def _open_text(path: str | Path) -> str:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{p}: no such file; check --data") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{p}: not UTF-8 text ({exc.reason})") from None


def _parse_xml(path: str | Path) -> ET.Element:
    try:
        return ET.fromstring(_open_text(path))
    except ET.ParseError as exc:
        raise DataError(f"{path}: malformed XML ({exc})") from None


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _child(el: ET.Element, tag: str) -> str | None:
    c = el.find(tag)
    return None if c is None or c.text is None else c.text.strip()


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans from BIO tags; accepts IOB1 (an ``I-`` after a different type starts a span)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and typ != kind)
        if start >= 0 and (prefix == "O" or begins):
            spans.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and begins:
            start, kind = i, typ
    return spans


def _acled_label(sub_event_type: str, path: str | Path) -> str:
    try:
        return label_from_acled(sub_event_type)
    except DataError:
        raise DataError(f"{path}: unknown ACLED sub_event_type {sub_event_type!r}") from None


def _acled_date(value: str) -> str:
    for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d-%B-%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    raise DataError(f"unrecognised ACLED event_date {value!r} (expected e.g. 4-May-20 or 2020-05-04)")


# ---------------------------------------------------------------- event data


def read_acled(path: str | Path) -> list[AcledItem]:
    """ACLED CSV: one item per distinct non-empty ``notes`` (duplicate rows merged)."""
    text = _open_text(path)
    reader = csv.DictReader(text.splitlines())
    need = {"notes", "event_type", "sub_event_type", "actor1", "latitude", "longitude", "event_date"}
    if reader.fieldnames is None or not need <= set(reader.fieldnames):
        missing = sorted(need - set(reader.fieldnames or []))
        raise DataError(f"{path}: not an ACLED export, missing columns {missing}")
    by_note: dict[str, AcledItem] = {}
    for row in reader:
        note = (row["notes"] or "").strip()
        if not note:
            continue
        sub = row["sub_event_type"].strip()
        item = by_note.get(note)
        if item is None:
            item = AcledItem(
                id=row.get("event_id_cnty") or row.get("data_id") or str(len(by_note)),
                text=note,
                label=_acled_label(sub, path),
                event_type=row["event_type"].strip(),
                sub_event_type=sub,
                country=row.get("country", "") or "",
                iso3=row.get("iso3", "") or "",
                location=row.get("location", "") or "",
            )
            by_note[note] = item
        for attr, col in (("actor1", "actor1"), ("actor2", "actor2")):
            val = (row.get(col) or "").strip()
            if val and val not in getattr(item, attr):
                getattr(item, attr).append(val)
        lat, lon = _float(row["latitude"]), _float(row["longitude"])
        if lat is not None and lon is not None and (lat, lon) not in item.coords:
            item.coords.append((lat, lon))
        if row["event_date"].strip():
            d = _acled_date(row["event_date"])
            if d not in item.dates:
                item.dates.append(d)
        try:
            item.fatalities = max(item.fatalities, int(row.get("fatalities") or 0))
        except ValueError:
            pass
    return list(by_note.values())


def _read_tsv_rows(path: str | Path, ncols: int) -> list[list[str]]:
    rows = []
    for lineno, line in enumerate(_open_text(path).splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != ncols:
            raise DataError(f"{path}:{lineno}: expected {ncols} tab-separated columns, got {len(parts)}")
        rows.append([p.strip() for p in parts])
    return rows


def read_case(path: str | Path) -> list[LabelledText]:
    """CASE 2021 Task 2 TSV with header ``id  EventSnippet  SubType``."""
    rows = _read_tsv_rows(path, 3)
    if not rows or [c.lower() for c in rows[0]] != ["id", "eventsnippet", "subtype"]:
        raise DataError(f"{path}: CASE file must start with the header id<TAB>EventSnippet<TAB>SubType")
    return [LabelledText(id=r[0], text=r[1], label=r[2]) for r in rows[1:]]


def read_tsv(path: str | Path) -> list[LabelledText]:
    """Plain ``id<TAB>text<TAB>label``; a first row ``id text label`` is skipped as a header."""
    rows = _read_tsv_rows(path, 3)
    if rows and [c.lower() for c in rows[0]] == ["id", "text", "label"]:
        rows = rows[1:]
    return [LabelledText(id=r[0], text=r[1], label=r[2]) for r in rows]


def read_cameo(path: str | Path) -> list[LabelledText]:
    """CAMEO quad class ``sentence<TAB>label`` (label 0-4), no header."""
    items = []
    for i, (text, label) in enumerate(_read_tsv_rows(path, 2)):
        if label not in {"0", "1", "2", "3", "4"}:
            raise DataError(f"{path}: row {i + 1}: CAMEO label must be 0-4, got {label!r}")
        items.append(LabelledText(id=str(i + 1), text=text, label=label))
    return items


def _plover_actors(value: object) -> list[PloverActor]:
    if not isinstance(value, list):
        return []
    return [
        PloverActor(text=str(a.get("actorText", "")), code=a.get("code"), sector=a.get("sector"))
        for a in value
        if isinstance(a, dict)
    ]


def read_plover(path: str | Path) -> list[PloverItem]:
    """PLOVER gold-standard records (a JSON array); ``DOCUMENT`` records are skipped."""
    p = Path(path)
    files = sorted(p.glob("*.txt")) + sorted(p.glob("*.json")) if p.is_dir() else [p]
    items: list[PloverItem] = []
    for f in files:
        try:
            data = json.loads(_open_text(f))
        except json.JSONDecodeError as exc:
            raise DataError(f"{f}: not a JSON array of PLOVER records ({exc})") from None
        if not isinstance(data, list):
            raise DataError(f"{f}: not a JSON array of PLOVER records")
        for rec in data:
            if not isinstance(rec, dict) or rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
                continue
            loc = rec.get("eventLoc") if isinstance(rec.get("eventLoc"), dict) else {}
            items.append(
                PloverItem(
                    id=str(rec.get("id", len(items))),
                    text=str(rec["text"]),
                    label=str(rec["event"]).upper(),
                    source=_plover_actors(rec.get("source")),
                    target=_plover_actors(rec.get("target")),
                    event_text=rec.get("eventText"),
                    location=loc.get("name") if loc else None,
                    location_country=(loc.get("country code") or loc.get("code")) if loc else None,
                )
            )
    if not items:
        raise DataError(f"{path}: no PLOVER records found")
    return items


def read_events(path: str | Path, fmt: str) -> list[LabelledText] | list[AcledItem] | list[PloverItem]:
    """Dispatch on an event-data format name (see :data:`EVENT_FORMATS`)."""
    readers = {
        "acled": read_acled,
        "case": read_case,
        "tsv": read_tsv,
        "plover": read_plover,
        "cameo": read_cameo,
    }
    if fmt not in readers:
        raise DataError(f"unknown event data format {fmt!r}; use one of {', '.join(readers)}")
    return readers[fmt](path)  # type: ignore[return-value]


# ---------------------------------------------------------------- token-tagged data


def _read_columns(path: str | Path, tag_col: int) -> Iterator[TaggedSentence]:
    tokens: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate(_open_text(path).splitlines(), 1):
        parts = line.split()
        if not parts:
            if tokens:
                yield TaggedSentence(tokens, tags)
            tokens, tags = [], []
            continue
        if parts[0] == "-DOCSTART-":
            continue
        if len(parts) < 2:
            raise DataError(f"{path}:{lineno}: expected 'token ... TAG', got {line!r}")
        tag = parts[tag_col]
        if tag != "O" and not re.fullmatch(r"[BI]-\S+", tag):
            raise DataError(f"{path}:{lineno}: bad tag {tag!r} (expected O, B-X or I-X)")
        tokens.append(parts[0])
        tags.append(tag)
    if tokens:
        yield TaggedSentence(tokens, tags)


def read_conll(path: str | Path) -> list[TaggedSentence]:
    """CoNLL-2003 (``token POS chunk NER``; the NER tag is the last column)."""
    return list(_read_columns(path, -1))


def read_cameo_bio(path: str | Path) -> list[TaggedSentence]:
    """CAMEO role spans: ``token TAG``, tags O / B-S I-S (source) / B-T I-T (target) / B-R I-R."""
    return list(_read_columns(path, -1))


# ---------------------------------------------------------------- geoparsing data


def _lgl_like(path: str | Path, *, reanchor: bool) -> list[GeoDoc]:
    root = _parse_xml(path)
    docs = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            phrase = (_child(t, "phrase") or "").strip()
            start, end = int(_child(t, "start") or -1), int(_child(t, "end") or -1)
            if reanchor and text[start:end] != phrase:
                start, end = _reanchor(text, phrase, start)
            if start < 0:
                continue
            gaz = t.find("gaztag")
            lat = lon = None
            gid = fcode = None
            if gaz is not None:
                lat, lon = _float(_child(gaz, "lat")), _float(_child(gaz, "lon"))
                gid = int(gaz.get("geonameid")) if (gaz.get("geonameid") or "").isdigit() else None
                fcode = _child(gaz, "fcode")
            tops.append(GoldToponym(phrase, start, end, lat, lon, gid, fcode))
        docs.append(
            GeoDoc(
                id=art.get("docid") or str(i),
                text=text,
                toponyms=tops,
                title=(art.findtext("title") or "").strip() or None,
                demonyms=True,
            )
        )
    return docs


def _reanchor(text: str, phrase: str, near: int, window: int = 20) -> tuple[int, int]:
    """Find ``phrase`` closest to offset ``near`` (TR-News offsets are sometimes off by a few)."""
    best = -1
    lo = max(0, near - window)
    pos = text.find(phrase, lo)
    while pos != -1 and pos <= near + window:
        if best < 0 or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(phrase, pos + 1)
    return (best, best + len(phrase)) if best >= 0 else (-1, -1)


def read_lgl(path: str | Path) -> list[GeoDoc]:
    """LGL XML; toponyms without a ``gaztag`` are kept with no coordinates (recognition only)."""
    return _lgl_like(path, reanchor=False)


def read_trnews(path: str | Path) -> list[GeoDoc]:
    """TR-News XML (LGL layout); spans that miss ``phrase`` are re-anchored to the nearest match."""
    return _lgl_like(path, reanchor=True)


def read_geovirus(path: str | Path) -> list[GeoDoc]:
    """GeoVirus XML; its offsets are 1-based, so the span is ``text[start-1:end-1]``."""
    root = _parse_xml(path)
    docs = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for loc in art.iter("location"):
            start, end = int(_child(loc, "start") or 0) - 1, int(_child(loc, "end") or 0) - 1
            name = _child(loc, "name") or text[start:end]
            tops.append(GoldToponym(name, start, end, _float(_child(loc, "lat")), _float(_child(loc, "lon"))))
        docs.append(GeoDoc(id=(art.findtext("source") or "").strip() + f"#{i}", text=text, toponyms=tops))
    return docs


def read_gwn(path: str | Path) -> list[GeoDoc]:
    """GeoWebNews XML; toponyms with ``nonLocational`` Yes or without coordinates are skipped."""
    root = _parse_xml(path)
    docs = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            if (_child(t, "nonLocational") or "").lower() in ("yes", "true", "1"):
                continue
            lat, lon = _float(_child(t, "latitude")), _float(_child(t, "longitude"))
            if lat is None or lon is None:
                continue
            gid = _child(t, "geonamesID")
            tops.append(
                GoldToponym(
                    _child(t, "extractedName") or "",
                    int(_child(t, "start") or 0),
                    int(_child(t, "end") or 0),
                    lat,
                    lon,
                    int(gid) if gid and gid.isdigit() else None,
                )
            )
        docs.append(
            GeoDoc(
                id=(art.findtext("link") or "").strip() or str(i),
                text=text,
                toponyms=tops,
                title=(art.findtext("title") or "").strip() or None,
            )
        )
    return docs


def read_geo_jsonl(path: str | Path) -> list[GeoDoc]:
    """eventscope's own geoparse format: one JSON object per line::

        {"id": "doc1", "text": "Floods hit Dhaka.", "title": null,
         "toponyms": [{"name": "Dhaka", "start": 11, "end": 16,
                       "lat": 23.71, "lon": 90.41, "geonameid": 1185241}]}

    ``start``/``end`` are 0-based character offsets (end exclusive); ``lat``, ``lon``,
    ``geonameid`` and ``title`` are optional (a toponym without coordinates counts for
    recognition only). ``id`` defaults to the line number.
    """
    docs = []
    for lineno, line in enumerate(_open_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            tops = [
                GoldToponym(
                    str(t.get("name") or obj["text"][t["start"] : t["end"]]),
                    int(t["start"]),
                    int(t["end"]),
                    _float(str(t["lat"])) if t.get("lat") is not None else None,
                    _float(str(t["lon"])) if t.get("lon") is not None else None,
                    int(t["geonameid"]) if t.get("geonameid") is not None else None,
                )
                for t in obj.get("toponyms", [])
            ]
            docs.append(
                GeoDoc(
                    id=str(obj.get("id", lineno)),
                    text=str(obj["text"]),
                    toponyms=tops,
                    title=obj.get("title"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(f"{path}:{lineno}: bad geoparse record ({exc!r})") from None
    return docs


def read_geo(path: str | Path, fmt: str) -> list[GeoDoc]:
    """Dispatch on a geoparsing format name (see :data:`GEO_FORMATS`)."""
    readers = {
        "lgl": read_lgl,
        "trnews": read_trnews,
        "geovirus": read_geovirus,
        "gwn": read_gwn,
        "jsonl": read_geo_jsonl,
    }
    if fmt not in readers:
        raise DataError(f"unknown geoparse format {fmt!r}; use one of {', '.join(readers)}")
    return readers[fmt](path)


# ---------------------------------------------------------------- benchmark corpus


def read_bbc(root: str | Path, *, limit: int | None = None) -> list[RawArticle]:
    """BBC full-text corpus (or any folder tree of ``.txt`` files): headline, blank line, body."""
    base = Path(root)
    if not base.is_dir():
        raise DataError(f"{base}: not a directory of .txt articles")
    out = []
    for f in sorted(base.rglob("*.txt")):
        if f.name.upper() == "README.TXT":
            continue
        try:
            raw = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raw = f.read_text(encoding="latin-1")  # a few BBC files are not UTF-8
        head, _, body = raw.strip().partition("\n")
        body = body.strip()
        if not body:
            head, body = "", head
        out.append(RawArticle(text=body, title=head.strip() or None, source=f.parent.name, origin=str(f)))
        if limit is not None and len(out) >= limit:
            break
    return out
