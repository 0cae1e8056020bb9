"""Dates stage: find date expressions and resolve them against the publication date.

Candidates come from the model's DATE entities plus a regex pass (weekday names, "last week",
"yesterday", "21 June 2024", "June 2024", "in 2024"). Relative expressions are resolved with our
own calendar arithmetic (weekday = most recent such day on/before publication, "last week" = the
Monday of that week, ...); everything else goes to dateparser, which is slow, so results are
cached per (text, publication date) and spans with no date-like word never reach it.
Durations ("two years", "for decades") and ages ("35-year-old") are not dates and are skipped.

Writes ``doc._.dates: list[DateMention]``; ``event_date`` picks the date for one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..records import DateMention
from ..resources import Resources
from .extensions import doc_text

__all__ = ["DatesStage", "make_dates", "resolve_date", "find_date_mentions", "event_date", "parse_published"]

DATES_VERSION = "eventscope-dates-v1"

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
_MONTH_ABBR = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_NUMBER = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|several|few|a\s+few|many|some)"
)
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century|centuries)s?"
_GRAN = {"day": "day", "week": "week", "fortnight": "week", "month": "month", "year": "year"}

# ----------------------------------------------------------------------------- pure resolution

_LEAD = re.compile(
    r"^(?:on|in|during|since|by|until|till|from|as\s+of|of|the|early|late|mid|around|about"
    r"|spring|summer|autumn|fall|winter)(?:\s+|-)",  # "spring 2006" -> the year
    re.I,
)
_AGE = re.compile(r"\b(?:years?|months?)[\s-]+old\b|\baged?\s+\d|\b\d+[\s-]*(?:year|month)s?[\s-]*old", re.I)
_DURATION = re.compile(
    rf"^(?:for\s+|over\s+|nearly\s+|almost\s+|about\s+|more\s+than\s+|less\s+than\s+|at\s+least\s+|up\s+to\s+)*"
    rf"(?:(?:the\s+)?(?:past|last|previous|next|coming|recent|first)\s+)?"
    rf"(?:{_NUMBER}[\s-]+)?(?:(?:and\s+)?(?:a\s+)?half\s+)?{_UNIT}(?:[\s-]+long)?$",
    re.I,
)
_VAGUE = re.compile(
    r"^(?:recent|these|those|the|some|many|several|past|coming)?\s*"
    r"(?:days|weeks|months|years|decades|times|period|moment|now|daily|weekly|monthly|annually|yearly)$",
    re.I,
)
_AGO = re.compile(rf"^({_NUMBER})\s+({_UNIT})\s+ago$", re.I)
# "two days later" counts from another event the text names, not from publication: unknowable here.
_RELATIVE_TO_OTHER = re.compile(rf"^(?:{_NUMBER}\s+)?{_UNIT}\s+(?:later|earlier|before|after)\b", re.I)
_REL_PERIOD = re.compile(
    r"^(?:(earlier|later)\s+)?(last|this|next|past|previous|current|coming)\s+(week|month|year)$", re.I
)
_REL_MONTH = re.compile(r"^(last|this|next)\s+(" + "|".join(_MONTHS) + r")$", re.I)
_WEEKDAY = re.compile(
    r"^(?:(last|this|next|past|previous)\s+)?(" + "|".join(_WEEKDAYS) + r")(?:'s)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.I,
)
_SIMPLE = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "last night": -1,
    "yesterday morning": -1,
    "yesterday evening": -1,
    "yesterday afternoon": -1,
}
_YEAR_ONLY = re.compile(r"^((?:19|20)\d\d)$")
_DECADE = re.compile(r"^(?:the\s+)?(?:19|20)?\d0'?s$", re.I)
_DATEISH = re.compile(
    r"\d|\b(?:" + "|".join(_MONTHS + _MONTH_ABBR + _WEEKDAYS) + r"|today|yesterday|tomorrow|tonight|ago"
    r"|week|month|year)\b",
    re.I,
)
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def parse_published(value: str | date | None) -> date | None:
    """The publication date of an ISO date/datetime string (its local calendar date), or None."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _period_start(day: date, granularity: str) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "year":
        return day.replace(month=1, day=1)
    return day


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip(" ,.;:()[]\"'").lower()
    previous = None
    while previous != text:
        previous = text
        text = _LEAD.sub("", text)
    return text


def resolve_date(text: str, published: date | None) -> tuple[str | None, str] | None:
    """Resolve a date expression: ``(ISO first day of the period or None, granularity)``.

    Returns None when ``text`` is not a date (durations, ages, vague periods, garbage), and
    ``(None, granularity)`` for a relative date when the publication date is unknown.
    """
    return _resolve_cached(_normalise(text), published)


@lru_cache(maxsize=8192)
def _resolve_cached(norm: str, published: date | None) -> tuple[str | None, str] | None:
    if not norm or not _DATEISH.search(norm) or _AGE.search(norm) or _DECADE.match(norm):
        return None
    own = _resolve_own(norm, published)  # before the duration test: "last week" is a date
    if own is not None:
        return own
    if _DURATION.match(norm) or _VAGUE.match(norm) or _RELATIVE_TO_OTHER.match(norm):
        return None
    return _resolve_dateparser(norm, published)


def _resolve_own(norm: str, published: date | None) -> tuple[str | None, str] | None:
    """Relative expressions whose meaning we fix ourselves (dateparser's choices differ)."""
    if norm in _SIMPLE:
        return ((published + timedelta(days=_SIMPLE[norm])).isoformat() if published else None), "day"
    m = _YEAR_ONLY.match(norm)
    if m:
        return f"{m.group(1)}-01-01", "year"
    m = _WEEKDAY.match(norm)
    if m:
        if published is None:
            return None, "day"
        modifier, target = (m.group(1) or "").lower(), _WEEKDAYS.index(m.group(2).lower())
        back = (published.weekday() - target) % 7
        if modifier == "next":
            day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        elif modifier in ("last", "past", "previous"):
            day = published - timedelta(days=back or 7)
        else:  # bare or "this": the most recent such day on or before publication (news reports the past)
            day = published - timedelta(days=back)
        return day.isoformat(), "day"
    m = _REL_MONTH.match(norm)
    if m:
        if published is None:
            return None, "month"
        which, month = (m.group(1) or "").lower(), _MONTHS.index(m.group(2).lower()) + 1
        year = published.year
        if which == "next":
            year += 1 if month <= published.month else 0
        elif which == "last":
            year -= 1 if month >= published.month else 0
        return date(year, month, 1).isoformat(), "month"
    m = _REL_PERIOD.match(norm)
    if m:
        which, unit = m.group(2).lower(), m.group(3).lower()
        if published is None:
            return None, unit
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "week":
            day = _period_start(published, "week") + timedelta(weeks=step)
        elif unit == "month":
            day = _shift_months(published, step)
        else:
            day = date(published.year + step, 1, 1)
        return day.isoformat(), unit
    m = _AGO.match(norm)
    if m:
        count_word, unit = m.group(1).lower(), m.group(2).lower().rstrip("s")
        count = int(count_word) if count_word.isdigit() else _WORD_NUMBERS.get(count_word)
        gran = _GRAN.get(unit)
        if count is None or gran is None:
            return None
        if published is None:
            return None, gran
        if unit in ("day", "week", "fortnight"):
            day = published - timedelta(days=count * {"day": 1, "week": 7, "fortnight": 14}[unit])
        elif unit == "month":
            day = _shift_months(published, -count)
        else:
            day = date(published.year - count, 1, 1)
        return _period_start(day, gran).isoformat(), gran
    return None


_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _resolve_dateparser(norm: str, published: date | None) -> tuple[str | None, str] | None:
    if published is None and not _HAS_YEAR.search(norm):
        # Without a publication date only absolute dates can be resolved; still say it is a date.
        probe = _probe(norm, date(2000, 1, 1))
        return (None, probe[1]) if probe else None
    return _probe(norm, published or date(2000, 1, 1), max_year=published.year + 20 if published else 2100)


def _probe(norm: str, base: date, *, max_year: int = 2100) -> tuple[str, str] | None:
    from dateparser.date import DateDataParser  # slow import; only for spans that look like dates

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    data = parser.get_date_data(norm)
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    if period == "time":
        # dateparser returns "time" for things it half understood ("the 1990s" -> a clock time).
        if not re.search(r"\d{1,2}:\d\d|\b(?:am|pm)\b", norm):
            return None
        period = "day"
    granularity = period if period in ("day", "week", "month", "year") else "day"
    day = data.date_obj.date()
    if not 1800 <= day.year <= max_year:
        return None
    return _period_start(day, granularity).isoformat(), granularity


# ----------------------------------------------------------------------------- finding mentions

_MONTH_RE = (
    r"(?:"
    + "|".join(m.capitalize() for m in _MONTHS)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
)
_DAY_RE = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:19|20)\d\d"
_WEEKDAY_RE = r"(?:" + "|".join(d.capitalize() for d in _WEEKDAYS) + r")"
# Case-sensitive on purpose: capitalised month/weekday names ("May" the month, not "may" the verb).
_CANDIDATES = re.compile(
    "|".join(
        [
            r"\b\d{4}-\d\d-\d\d\b",
            rf"\b{_DAY_RE}(?:\s+of)?\s+{_MONTH_RE}(?:,?\s+{_YEAR_RE})?\b",
            rf"\b{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+{_YEAR_RE})?\b",
            rf"\b{_MONTH_RE}\s+{_YEAR_RE}\b",
            rf"\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious)\s+)?{_WEEKDAY_RE}\b",
            r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow)\b",
            r"\b(?:(?:[Ee]arlier|[Ll]ater)\s+)?(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious)\s+(?:week|month|year)\b",
            rf"\b{_NUMBER}\s+(?:day|week|month|year)s?\s+ago\b",
        ]
    )
)
# A bare year only after a preposition: "in 2023" is a date, "2023 protesters" is a count.
_YEAR_CONTEXT = re.compile(
    rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Uu]ntil|[Bb]efore|[Aa]fter|[Oo]f|[Ff]rom)\s+({_YEAR_RE})\b"
)


def _model_dates(doc: Doc) -> list[tuple[int, int]]:
    return [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "DATE"]


def find_date_mentions(doc: Doc, published: date | None) -> list[DateMention]:
    """All resolvable date mentions of ``doc``: model DATE entities first, then regex matches elsewhere."""
    text = doc_text(doc)
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    def add(start: int, end: int) -> bool:
        surface = text[start:end]
        resolved = resolve_date(surface, published)
        if resolved is None:
            return False
        taken.append((start, end))
        mentions.append(
            DateMention(
                text=surface,
                start=start,
                end=end,
                date=resolved[0],
                granularity=resolved[1],
                from_publication=False,
            )
        )
        return True

    for start, end in _model_dates(doc):
        start, end = _trim(text, start, end)
        if end > start and (not _YEAR_ONLY.match(text[start:end]) or _year_in_context(text, start, end)):
            add(start, end)
    # The regex pass finds what the model missed, and the precise date inside a model
    # span that could not be resolved as a whole.
    spans = [m.span() for m in _CANDIDATES.finditer(text)] + [m.span(1) for m in _YEAR_CONTEXT.finditer(text)]
    for start, end in sorted(spans, key=lambda se: (se[0], -se[1])):
        if not overlaps(start, end):
            add(start, end)
            continue
        # "Around 4 May 2020": the model may tag only "May 2020"; a regex match that contains
        # such a span and resolves more precisely replaces it.
        inner = [i for i, (s, e) in enumerate(taken) if start < e and s < end]
        if all(start <= taken[i][0] and taken[i][1] <= end for i in inner):
            better = resolve_date(text[start:end], published)
            if better is not None and all(
                _GRAN_RANK.get(better[1], 9) < _GRAN_RANK.get(mentions[i].granularity, 9) for i in inner
            ):
                for i in sorted(inner, reverse=True):
                    del taken[i], mentions[i]
                add(start, end)
    mentions.sort(key=lambda d: d.start)
    return mentions


_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|during|by|until|before|after|of|from|early|late|mid|year|the|its|their|his|her)\s+"
    r"|'s\s+|^\s*)$",  # "the 2005 election" is dated; "2023 protesters" is a count
    re.I,
)
_YEAR_AFTER = re.compile(r"^\s*(?:[,.;:)\]]|$|\b(?:and|or|to|when|after|before|the|a|an|was|is)\b)", re.I)


def _year_in_context(text: str, start: int, end: int) -> bool:
    """A bare year the model tagged as DATE: believe it after a preposition or before punctuation,
    not in front of a noun ("2023 protesters" is a count)."""
    return bool(
        _YEAR_BEFORE.search(text[max(0, start - 12) : start]) or _YEAR_AFTER.match(text[end : end + 12])
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing possessive and surrounding punctuation from an entity span."""
    while end > start and text[end - 1] in " ,.;:)\"'\u2019":
        end -= 1
    if text[start:end].endswith(("'s", "\u2019s")):
        end -= 2
    while start < end and text[start] in " ,(\"'\u2018\u201c":
        start += 1
    return start, end


_GRAN_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_CARRY_SENTENCES = 4  # how far back in a paragraph a date carries over to undated sentences


def event_date(doc: Doc, sent_start_char: int, sent_end_char: int) -> tuple[str | None, str | None, bool]:
    """Date of an event in a sentence: ``(date, granularity, from_publication)``.

    The sentence is ``doc.text[sent_start_char:sent_end_char]``. Its date is the most specific
    resolved mention inside it (the first on ties); else the most specific one in the nearest
    earlier sentence of the same paragraph that has one, up to four back (needs sentence
    boundaries: "On Friday ministers met. They agreed ..."); else the publication date
    ("day", from_publication=True); else ``(None, None, True)``.
    """
    resolved = [d for d in doc._.dates if d.date is not None]
    inside = [d for d in resolved if d.start >= sent_start_char and d.end <= sent_end_char]
    if inside:
        best = min(inside, key=lambda d: (_GRAN_RANK.get(d.granularity, 9), d.start))
        return best.date, best.granularity, False
    # The nearest earlier sentence of the same paragraph that has a date ("On 3 May 2020, X
    # attacked Y. Two were killed. Police arrested Z." - all on 3 May).
    start = sent_start_char
    for _ in range(_CARRY_SENTENCES):
        previous = _previous_sentence(doc, start)
        if previous is None:
            break
        before = [d for d in resolved if previous[0] <= d.start and d.end <= previous[1]]
        if before:
            best = min(before, key=lambda d: (_GRAN_RANK.get(d.granularity, 9), d.start))
            return best.date, best.granularity, False
        start = previous[0]
    published = parse_published(doc._.published)
    if published is not None:
        return published.isoformat(), "day", True
    return None, None, True


def _previous_sentence(doc: Doc, sent_start_char: int) -> tuple[int, int] | None:
    """Char span of the sentence just before ``sent_start_char`` in the same paragraph, if known."""
    if sent_start_char <= 0:
        return None
    spans = _sentence_spans(doc)
    if spans is None:
        return None
    # The last sentence ending at or before sent_start_char (sentence ends only grow).
    k = bisect_right(spans[1], sent_start_char)
    if k == 0:
        return None
    prev = (spans[0][k - 1], spans[1][k - 1])
    between = doc_text(doc)[prev[0] : sent_start_char]
    if "\n" in between[len(between.rstrip()) :]:  # the break may be a token of the sentence before
        return None  # a paragraph break: dates do not carry over
    return prev


_SENT_SPANS_KEY = "eventscope_dates_sentence_spans"
def _sentence_spans(doc: Doc) -> tuple[list[int], list[int]] | None:
    """Start and end chars of the Doc's sentences, or None without sentence boundaries.

    Computed once per Doc and kept in ``user_data``: ``event_date`` runs once per event, and
    both ``has_annotation`` and ``doc.sents`` walk the whole Doc (they cost more than the rest of
    the dates and events stages together on long articles). Keyed by the Doc length so that a
    Doc edited afterwards (retokenised) recomputes.
    """
    cached = doc.user_data.get(_SENT_SPANS_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    spans: tuple[list[int], list[int]] | None = None
    if doc.has_annotation("SENT_START"):
        sents = list(doc.sents)
        spans = ([s.start_char for s in sents], [s.end_char for s in sents])
    doc.user_data[_SENT_SPANS_KEY] = (len(doc), spans)
    return spans


# ----------------------------------------------------------------------------- the spaCy component


class DatesStage:
    """Finds and resolves date mentions; needs no resources."""

    resource_version = DATES_VERSION

    def __init__(self, nlp: Language, name: str = "eventscope_dates") -> None:
        self.name = name

    def setup(self, resources: Resources) -> None:
        """No resources needed; present for the common stage interface."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_date_mentions(doc, parse_published(doc._.published))
        doc._.dates = mentions
        return doc


@Language.factory("eventscope_dates")
def make_dates(nlp: Language, name: str) -> DatesStage:
    return DatesStage(nlp, name)
