"""Date-ordered full-text rowids for event sentences (schema v5).

Event lists are ordered by event date, and FTS5 can only walk its matches in rowid order. So
the rowid of an event's full-text row is ``date_code(date) << KEY_BITS | key``: FTS5's rowid
order is then (date, key) order, and a full-text query sorted by date reads its newest (or
oldest) matches first and stops after a page instead of reading every match's date.

``date_code`` is *weakly* order-preserving for any text: ``a <= b`` implies
``date_code(a) <= date_code(b)`` (SQLite compares text byte-wise in UTF-8, which is Python's
code-point order). It is exact (strictly increasing) on ISO dates ``YYYY``, ``YYYY-MM`` and
``YYYY-MM-DD``, which is what eventscope writes; any other text gets the code of the largest
ISO form not above it, so it shares a code with its neighbours but never jumps out of order.
Queries therefore read whole code groups and sort them by the stored date (see
``Store.events``): the results are exact whatever the dates hold. NULL and text below every
ISO form (such as '') get code 0, below every date, as NULL sorts in SQLite.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

__all__ = [
    "KEY_BITS",
    "KEY_MASK",
    "SQL_FUNCTION",
    "date_code",
    "fts_rowid",
    "code_range",
    "ROWID_SQL",
    "index_statements",
    "register",
]

KEY_BITS = 36  # event keys up to 68.7 billion; the date code takes the 27 bits above them
KEY_MASK = (1 << KEY_BITS) - 1
MAX_ROWID = (1 << 63) - 1
SQL_FUNCTION = "eventscope_fts_rowid"  # (date, key) -> rowid, for INSERT ... SELECT and migrations
_RANKS = 101  # a month or day part: 0 when absent, its two-digit value + 1 otherwise


def _floor_digits(text: str, n: int) -> str | None:
    """The largest string of ``n`` ASCII digits that is <= ``text`` in code-point order, or None."""
    out: list[str] = []
    for j in range(n):
        c = text[j] if j < len(text) else ""
        if "0" <= c <= "9":
            out.append(c)
            continue
        if c > "9":  # every digit here is below ``text``: the rest can be the largest
            return "".join(out) + "9" * (n - j)
        # ``text`` ends here or has a character below '0': lower the last digit that can go down.
        for k in range(j - 1, -1, -1):
            if out[k] > "0":
                return "".join(out[:k]) + chr(ord(out[k]) - 1) + "9" * (n - k - 1)
        return None
    return "".join(out)


@lru_cache(maxsize=65_536)
def date_code(value: str | None) -> int:
    """The order code of a stored event date (see the module docstring); 0 for None."""
    if not value or not isinstance(value, str):
        return 0  # SQLite sorts NULL and numbers below all text
    year = _floor_digits(value, 4)
    if year is None:
        return 0
    ranks = [0, 0]
    exact = year == value[:4]  # else ``year`` is below ``value`` at a digit: so is "year-99-99"
    pos = 4
    for part in range(2):  # month, then day: each "-" and two digits
        if not exact:
            ranks[part] = _RANKS - 1
            continue
        rest = value[pos:]
        if not rest or rest[0] < "-":
            break  # "YYYY-.." would sort above ``value``: the part is absent
        if rest[0] > "-":  # every "-.." sorts below ``value``
            ranks[part], exact = _RANKS - 1, False
            continue
        digits = _floor_digits(rest[1:], 2)
        if digits is None:
            break
        ranks[part] = int(digits) + 1
        exact = digits == rest[1:3]
        pos += 3
    return 1 + (int(year) * _RANKS + ranks[0]) * _RANKS + ranks[1]


def fts_rowid(date: str | None, key: int) -> int:
    """The full-text rowid of the event with this key and stored date."""
    if not 0 < key <= KEY_MASK:
        raise ValueError(f"event key {key} does not fit the full-text rowid ({KEY_BITS} bits)")
    return (date_code(date) << KEY_BITS) | key


def code_range(since: str | None, until: str | None) -> tuple[int, int]:
    """Inclusive rowid bounds holding every event dated in [since, until] (a superset: see above)."""
    lo = date_code(since) << KEY_BITS if since else 0
    hi = ((date_code(until) + 1) << KEY_BITS) - 1 if until else MAX_ROWID
    return lo, hi


def register(conn: sqlite3.Connection) -> None:
    """Make ``eventscope_fts_rowid(date, key)`` available to this connection's SQL."""
    conn.create_function(SQL_FUNCTION, 2, fts_rowid, deterministic=True)


# ``fts_rowid(date, key)`` in SQL: the usual ISO day computed in place (a Python call per row
# costs about 1 us more), any other text through the registered function. Equal by test.
ROWID_SQL = (
    "CASE WHEN date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN "
    f"((1 + (substr(date, 1, 4) * {_RANKS} + substr(date, 6, 2) + 1) * {_RANKS} "
    f"+ substr(date, 9, 2) + 1) << {KEY_BITS}) | key "
    f"ELSE {SQL_FUNCTION}(date, key) END"
)


def index_statements(where: str) -> tuple[str, ...]:
    """SQL that adds the full-text rows of the events selected by ``where`` (over ``events``).

    Rows go in in rowid order: FTS5 flushes its pending segment whenever a rowid goes down, so
    an unsorted insert leaves thousands of tiny segments (5 times the CPU on 200,000 rows).
    Sorting the sentences with their rowids cost less than sorting (rowid, key) pairs and
    reading each sentence back (6 against 7 us per event, 200,000 events).
    """
    return (
        f"INSERT INTO events_fts(rowid, sentence) SELECT {ROWID_SQL}, sentence FROM events "
        f"WHERE {where} ORDER BY 1",
    )
