"""Pure helpers for building store queries: country codes, FTS query text, the event filter's SQL."""

from __future__ import annotations

import json

import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..errors import InputError
from ..records import PLOVER_TYPES, normalise_text
from .fts_order import KEY_MASK
from .rows import EventFilter

__all__ = [
    "country_iso2",
    "normalise_country_filter",
    "quote_fts_query",
    "check_iso_date",
    "date_bounds",
    "FilterSQL",
    "build_event_filter",
    "check_bucket",
    "bucket_start",
    "bucket_sql",
    "sum_buckets",
]

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@lru_cache(maxsize=1)
def _iso3_to_iso2() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def country_iso2(code: str | None) -> str | None:
    """Stored country code (ISO2 or ISO3) -> ISO2; unknown codes are kept upper-cased."""
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 3:
        return _iso3_to_iso2().get(code, code)
    return code


# English names and codes in common use that ISO 3166 (pycountry) spells differently.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "turkey": "TR",
    "ivory coast": "CI",
    "drc": "CD",
    "dr congo": "CD",
    "congo-kinshasa": "CD",
    "democratic republic of the congo": "CD",
    "congo-brazzaville": "CG",
    "republic of the congo": "CG",
    "kosovo": "XK",
    "burma": "MM",
    "macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "vatican": "VA",
    "holland": "NL",
    "america": "US",
    "north korea": "KP",
    "south korea": "KR",
    "gaza": "PS",
    "west bank": "PS",
    "czechia": "CZ",
    "russia": "RU",
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "moldova": "MD",
    "tanzania": "TZ",
    "venezuela": "VE",
    "bolivia": "BO",
    "vietnam": "VN",
    "taiwan": "TW",
    "brunei": "BN",
    "micronesia": "FM",
    "palestine": "PS",
    "uae": "AE",
    "usa": "US",
    "us": "US",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[_fold(value)] = c.alpha_2
    names.update(_COUNTRY_ALIASES)
    return names


def normalise_country_filter(value: str) -> str:
    """A user's country (ISO2, ISO3 or English name, any case or accents) -> ISO2; InputError if unknown."""
    text = _fold(value)
    found = _country_names().get(text) or _country_names().get(text.removeprefix("the "))
    if found:
        return found
    # Codes outside ISO 3166 that gazetteers use (e.g. XK for Kosovo) are still valid filters.
    if re.fullmatch(r"[a-z]{2}", text):
        return text.upper()
    raise InputError("country", f"unknown country {value!r}; use an ISO code (KZ, KAZ) or an English name")


def check_iso_date(value: str, what: str) -> str:
    """Validate an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) given as a filter bound."""
    text = value.strip()
    if not _ISO_DATE.match(text):
        raise InputError(what, f"not an ISO date: {value!r} (use YYYY-MM-DD)")
    if len(text) == 10:
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            raise InputError(what, f"not a valid date: {value!r}") from exc
    return text


def _until_bound(value: str) -> str:
    # Inclusive upper bound on a prefix: "2024-03" must include "2024-03-31".
    text = check_iso_date(value, "until")
    return text + "\uffff" if len(text) < 10 else text


def date_bounds(flt: EventFilter) -> tuple[str | None, str | None]:
    """The filter's inclusive (since, until) bounds on the stored date text, validated."""
    since = check_iso_date(flt.since, "since") if flt.since else None
    return since, (_until_bound(flt.until) if flt.until else None)


_TERM = re.compile(r'"[^"]*"|\S+')


def quote_fts_query(query: str) -> str:
    """Make any user text a safe FTS5 query: each whitespace term becomes a quoted phrase (AND-ed)."""
    terms = [t.strip('"') for t in _TERM.findall(query)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms if t.strip('"'))


def fts_match_variants(query: str) -> list[str]:
    """The FTS query as typed, then its quoted-terms form (used if the first is not valid FTS syntax)."""
    text = query.strip()
    if not text:
        raise InputError("search", "empty query")
    quoted = quote_fts_query(text)
    return [text] if quoted == text or not quoted else [text, quoted]


def is_fts_syntax_error(exc: sqlite3.Error) -> bool:
    msg = str(exc).lower()
    return any(
        s in msg for s in ("fts5", "syntax error", "no such column", "unterminated", "unknown special")
    )


@dataclass
class FilterSQL:
    """A WHERE clause over ``events e`` with its parameters."""

    where: str = "1"
    params: list[object] = field(default_factory=list)


def build_event_filter(
    flt: EventFilter | None, *, fts: str | None = None, top_by_date: int | None = None, desc: bool = True
) -> FilterSQL:
    """SQL for an EventFilter over ``events e``; ``fts`` is the FTS5 MATCH text for ``flt.text``.

    Selective filters (actor, country, text) become ``e.key IN (subquery)`` on their own index;
    when one is present the remaining plain comparisons are written ``+e.col`` so SQLite looks
    events up by key instead of scanning a date or type index and probing the subquery.

    ``top_by_date`` (limit + offset of a query sorted by date, key) lets a lone actor or country
    filter pick its first events from the link index alone, so a busy actor or country costs
    index entries, not an events-table lookup per matching event.
    """
    if flt is None:
        return FilterSQL()
    extra = flt.context or flt.quad_class is not None or flt.min_confidence is not None
    if top_by_date is not None and not (flt.text or flt.article_id or flt.modality or extra):
        lone = _top_subquery(flt, top_by_date, desc)
        if lone is not None:
            return lone
    keyed: list[str] = []
    plain: list[str] = []
    kparams: list[object] = []
    pparams: list[object] = []
    since = check_iso_date(flt.since, "since") if flt.since else None
    until = _until_bound(flt.until) if flt.until else None

    def date_range(sub: str) -> str:
        if since:
            sub += " AND date >= ?"
            kparams.append(since)
        if until:
            sub += " AND date <= ?"
            kparams.append(until)
        return sub

    if flt.actor:
        needle = flt.actor.strip()
        kparams.extend([needle, name_fold(needle)])
        keyed.append(
            "e.key IN ("
            + date_range(
                "SELECT event_key FROM event_actors WHERE actor_key IN "
                "(SELECT key FROM actors WHERE id = ? OR instr(name_fold, ?) > 0) "
                "AND role IN ('source','target')"
            )
            + ")"
        )
    if flt.country:
        kparams.append(normalise_country_filter(flt.country))
        keyed.append(
            "e.key IN (" + date_range("SELECT event_key FROM event_countries WHERE country = ?") + ")"
        )
    if flt.text:
        # The full-text rowid carries the event date above the key (store/fts_order.py).
        keyed.append(f"e.key IN (SELECT rowid & {KEY_MASK} FROM events_fts WHERE events_fts MATCH ?)")
        kparams.append(fts if fts is not None else flt.text)
    if flt.article_id:
        keyed.append("e.article_key = (SELECT key FROM articles WHERE id = ?)")
        kparams.append(flt.article_id)
    p = "+" if keyed else ""
    if flt.type:
        t = flt.type.strip()
        # PLOVER names and ACLED type/sub-type names are disjoint vocabularies: a PLOVER name
        # goes to the indexed ``type`` column, anything else to the ACLED columns.
        if t.upper() in PLOVER_TYPES:
            plain.append(f"{p}e.type = ?")
            pparams.append(t.upper())
        else:
            plain.append("(e.acled_type = ? OR e.acled_subtype = ?)")
            pparams.extend([t, t])
    if flt.modality:
        plain.append("e.modality = ?")
        pparams.append(flt.modality.strip())
    if flt.context:
        # context is a JSON list of plain lower-case tags
        plain.append("instr(e.context, ?) > 0")
        pparams.append(json.dumps(flt.context.strip().lower()))
    if flt.quad_class is not None:
        plain.append("e.quad_class = ?")
        pparams.append(int(flt.quad_class))
    if flt.min_confidence is not None:
        plain.append("e.confidence >= ?")
        pparams.append(float(flt.min_confidence))
    if since:
        plain.append(f"{p}e.date >= ?")
        pparams.append(since)
    if until:
        plain.append(f"{p}e.date <= ?")
        pparams.append(until)
    return FilterSQL(" AND ".join(keyed + plain) or "1", kparams + pparams)


def _top_subquery(flt: EventFilter, top: int, desc: bool) -> FilterSQL | None:
    params: list[object] = []
    if flt.actor and not flt.country and not flt.type:
        needle = flt.actor.strip()
        params.extend([needle, name_fold(needle)])
        # DISTINCT: an event can name the actor twice (source and target) or two matching actors.
        sub = (
            "SELECT DISTINCT event_key, date FROM event_actors WHERE actor_key IN "
            "(SELECT key FROM actors WHERE id = ? OR instr(name_fold, ?) > 0) AND role IN ('source','target')"
        )
    elif flt.country and not flt.actor and (not flt.type or flt.type.strip().upper() in PLOVER_TYPES):
        params.append(normalise_country_filter(flt.country))
        sub = "SELECT event_key, date FROM event_countries WHERE country = ?"
        if flt.type:
            sub += " AND type = ?"
            params.append(flt.type.strip().upper())
    else:
        return None
    if flt.since:
        sub += " AND date >= ?"
        params.append(check_iso_date(flt.since, "since"))
    if flt.until:
        sub += " AND date <= ?"
        params.append(_until_bound(flt.until))
    order = "DESC" if desc else "ASC"
    # event_countries keeps '' for an unknown date, events keeps NULL: both sort below every date.
    sub += f" ORDER BY date {order}, event_key {order} LIMIT ?"
    params.append(top)
    return FilterSQL(f"e.key IN (SELECT event_key FROM ({sub}))", params)


BUCKETS = ("day", "week", "month", "year")


def check_bucket(bucket: str) -> str:
    if bucket not in BUCKETS:
        raise InputError("bucket", f"unknown bucket {bucket!r}; use day, week, month or year")
    return bucket


def bucket_sql(bucket: str, column: str = "date") -> str:
    """SQL expression for ``bucket_start`` (used where the rows are few: the per-day counts)."""
    return {
        "day": f"substr({column}, 1, 10)",
        # 'weekday 0' moves forward to Sunday (or stays there); six days back is that week's Monday.
        "week": f"date(substr({column}, 1, 10), 'weekday 0', '-6 days')",
        "month": f"substr({column}, 1, 7) || '-01'",
        "year": f"substr({column}, 1, 4) || '-01-01'",
    }[check_bucket(bucket)]


@lru_cache(maxsize=65536)
def bucket_start(iso: str, bucket: str) -> str | None:
    """First day of the day/week (Monday)/month/year holding an ISO date; None if not a date."""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    if bucket == "day":
        return d.isoformat()
    if bucket == "week":
        return date.fromordinal(d.toordinal() - d.weekday()).isoformat()
    if bucket == "month":
        return d.replace(day=1).isoformat()
    return d.replace(month=1, day=1).isoformat()


def sum_buckets(rows: Iterable[tuple[str, str, int]], bucket: str) -> list[tuple[str, str, int]]:
    """(date, type, n) grouped by day -> (period start, type, n) in period, type order.

    Grouping by the raw date in SQL streams along the (.., date, type) indexes with no
    per-row function call; the few thousand (date, type) groups are bucketed here.
    """
    out: dict[tuple[str, str], int] = {}
    for d, t, n in rows:
        if not d:
            continue
        period = bucket_start(d, bucket)
        if period is not None:
            out[(period, t)] = out.get((period, t), 0) + int(n)
    return [(p, t, n) for (p, t), n in sorted(out.items())]


def name_fold(name: str) -> str:
    """Folded actor name used for case-insensitive substring search."""
    return normalise_text(name)
