"""Context rules for the entity-correction stage: the shape of a sentence decides a label.

The small model knows names, not the conventions of wire copy. These rules read the context:

* results tables and score lines ("Stirling 1 Dundee 1", "MILWAUKEE 64 71 .474 17"): each name
  is a club (ORG), a country (GPE), or a person when a rank, a country in brackets, bowling
  figures, an initial or a given name says so ("5. Sven Nylander ( Sweden ) 49.22");
* sports prose: a town, county or state that is not in a locative context is a club
  ("Milwaukee tied it up", "Kent stepped up a gear");
* persons: cricket scorecards ("c Healy b Fleming"), line-ups ("4 - Hakan Unsal , 2 - ..."),
  scorers ("Marc Degryse ( 13th )"), "Name ( Country )", a role word before a name
  ("spokesman Glyn Davies"), a speech verb after a surname ("Lebed said"), a given name
  ("Chad Curtis"), an initial ("M. Bicknell");
* organisations: a corporate last word ("Jeans Mate Corp", "Pirelli SpA") or a news-agency or
  newspaper head word ("Itar-Tass news agency");
* boundaries: names never contain numbers, brackets or a final "'s" ("Mansfield 0 Rochdale",
  "Natalya Shikolen ( Belarus"); an all-caps headline is split at its common words
  ("AZERBAIJAN BEAT SWITZERLAND IN ...").

Pure functions over a Doc and its entity spans; the lexicons are project-written word lists in
``resources/data/ner`` loaded once by :meth:`NerLexicons.load`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources as importlib_resources
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

__all__ = ["NerLexicons", "apply_context_rules", "NER_LEXICON_VERSION"]

NER_LEXICON_VERSION = "ner-lexicons-v2"
_DATA = ("eventscope.resources", "data/ner")

Labelled = tuple[Span, str]  # (span with label, origin)


@dataclass(frozen=True)
class NerLexicons:
    """Project-written word lists for the context rules (lower case)."""

    given_names: frozenset[str]
    org_suffixes: frozenset[str]
    person_roles: frozenset[str]
    sports_words: frozenset[str]
    org_names: frozenset[str] = frozenset()  # whole names, several words allowed
    verbs: frozenset[str] = frozenset()  # base forms, from the model's lemmatizer (not a file)
    nouns: frozenset[str] = frozenset()  # the same, singular nouns
    version: str = NER_LEXICON_VERSION

    def with_words(self, *, verbs: frozenset[str], nouns: frozenset[str]) -> NerLexicons:
        return replace(self, verbs=verbs, nouns=nouns)

    @classmethod
    def load(cls) -> NerLexicons:
        base = importlib_resources.files(_DATA[0]).joinpath(_DATA[1])

        def words(name: str) -> frozenset[str]:
            out: set[str] = set()
            for line in base.joinpath(name).read_text(encoding="utf-8").splitlines():
                out.update(line.split("#", 1)[0].lower().split())
            return frozenset(out)

        def names(name: str) -> frozenset[str]:
            lines = base.joinpath(name).read_text(encoding="utf-8").splitlines()
            return frozenset(" ".join(x.split("#", 1)[0].lower().split()) for x in lines) - {""}

        return cls(
            given_names=words("given_names.txt"),
            org_suffixes=words("org_suffixes.txt"),
            person_roles=words("person_roles.txt"),
            sports_words=words("sports_words.txt"),
            org_names=names("org_names.txt"),
        )


# Corporate last words strong enough to make an untagged capitalised run an organisation.
_CORP_SUFFIX = frozenset({"inc", "corp", "co", "cos", "ltd", "plc", "llc", "spa", "ag", "gmbh", "nv", "bv",
                          "sa", "ab", "asa", "bhd", "pty", "kk", "holdings", "bancorp", "bancshares", "oyj"})
_SPEECH_AFTER = frozenset({"said", "says", "told", "added", "stated", "insisted", "argued", "explained",
                           "noted", "admitted", "denied", "warned", "claimed", "replied", "recalled",
                           "stressed", "conceded", "quoted", "confirmed", "acknowledged", "predicted"})
# Lower-case words allowed in a results table without making it prose.
_TABLE_WORDS = frozenset({"v", "vs", "and", "at", "beat", "bt", "drew", "halftime", "after", "extra", "time",
                          "agg", "pen", "pens", "min", "mins", "minute", "minutes", "not", "out", "points",
                          "pts", "innings", "for", "c", "b", "st", "lbw", "run", "in", "seconds", "no", "nd",
                          "rd", "th", "ht", "ft", "aet", "pct", "gb", "wkt", "wkts", "overs", "runs", "w",
                          "l", "d", "a", "f"})
_CONNECT = frozenset({"v", "vs", "vs.", "at"})
_NAME_JOINERS = frozenset({"of", "de", "van", "der", "den", "del", "da", "di", "la", "le", "von", "du", "dos",
                           "bin", "ibn", "al", "el", "'s", "&"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout", "of",
                       "from"})
_HEADLINE_VERBS = frozenset({"beat", "beats", "win", "wins", "won", "take", "takes", "seal", "seals", "lead",
                             "leads", "meet", "meets", "put", "puts", "move", "moves", "retire", "retires",
                             "defend", "defends", "homers", "break", "breaks", "hold", "holds", "sign",
                             "signs", "say", "says", "set", "sets", "face", "faces", "join", "joins", "quit",
                             "quits", "keep", "keeps", "hit", "hits", "draw", "draws", "lose", "loses",
                             "reach", "reaches", "toss", "bat", "over", "v", "vs", "results", "result",
                             "standings", "scoreboard", "summary", "summaries", "qualifier", "final",
                             "semifinal", "round", "division", "table", "tables", "top", "after", "ahead",
                             "first", "second", "third", "day", "latest", "still", "back", "off", "out"})
_CUT_MARKS = frozenset({"(", ")", "--", "-", ":", ";", '"', "="})
_SCORE = re.compile(r"^\d+-\d+$")
_FIGURES = re.compile(r"^\d+(\.\d)?-\d+-\d+-\d+$")  # bowling figures 10-0-50-0
_NUMERIC = re.compile(r"^[+\-]?[\d.,:/]*\d[\d.,:/]*$|^\d+-\d+$|^\d+(st|nd|rd|th)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_IN_TEXT = re.compile(r"\b\d{4}\s?-\s?\d{1,2}\s?-\s?\d{1,2}\b")
_RANK = re.compile(r"^\d+[.=]$")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_ORG_WORDS = frozenset({"ministry", "organization", "organisation", "council", "committee", "front", "party",
                        "group", "army", "union", "bank", "agency", "office", "department", "service",
                        "forces", "force", "movement", "league", "state", "states", "republic", "university",
                        "institute", "centre", "center", "court", "news", "times", "corporation", "company",
                        "association", "federation", "assembly", "parliament", "government", "club", "united",
                        "city", "county", "fc", "rovers", "athletic", "foundation", "fund", "exchange",
                        "market", "board", "authority", "police", "cup", "open", "games", "championship",
                        "house", "church", "post", "press", "newsroom", "desk", "airport", "hospital",
                        "school", "college", "stadium", "international"})
# Nouns before a name that make it an organisation ("news agency Tanjug", "provincial side Boland").
_ORG_HEADS = frozenset({"side", "club", "team", "agency", "firm", "company", "group", "daily", "newspaper",
                        "paper", "weekly", "magazine", "radio", "television", "station", "channel", "broker",
                        "bank", "maker", "carrier", "airline", "insurer", "retailer", "unit", "subsidiary",
                        "party", "union", "outfit", "franchise"})
_MAPPED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def _numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text)) and not _DATE.match(text)


def _cap(tok: Any) -> bool:
    t = tok.text
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _title_name(span: Span) -> bool:
    """Capitalised words (joiners allowed inside), no organisation word: a name's shape."""
    if not span or not _cap(span[0]) or not _cap(span[-1]):
        return False
    for t in span:
        if t.lower_ in _ORG_WORDS:
            return False
        if not (_cap(t) or t.lower_ in _NAME_JOINERS or t.text in ("-", "'")):
            return False
    return True


@dataclass
class _Ctx:
    """What the rules consult: gazetteer, actor dictionary, lexicons (all optional features)."""

    gazetteer: Any
    actors: Any
    lex: NerLexicons
    _runs: dict[tuple[int, int], list[Span]] = field(default_factory=dict)
    _memo: dict[tuple[str, str], bool] = field(default_factory=dict)  # gazetteer answers, per doc

    def place(self, text: str) -> bool:
        key = ("place", text)
        if key not in self._memo:
            probe = text.title() if text.isupper() and len(text) > 3 else text
            self._memo[key] = bool(self.gazetteer.is_place(probe))
        return self._memo[key]

    def country(self, text: str) -> bool:
        """A country, or a home nation that fields its own teams ("England", "Wales")."""
        key = ("country", text)
        if key not in self._memo:
            self._memo[key] = self._country(text)
        return self._memo[key]

    def _country(self, text: str) -> bool:
        fn = getattr(self.gazetteer, "country", None)
        if fn is None:
            return False
        probe = text.title() if text.isupper() and len(text) > 3 else text
        if fn(probe) is not None:
            return len(probe.replace(".", "")) > 1
        lookup = getattr(self.gazetteer, "lookup", None)
        home_nation = lookup is not None and any(c.feature_code == "ADM1" and c.country == "GB"
                                                 for c in lookup(probe)[:2])
        if home_nation:
            return True
        entry = self.actors.match(probe) if self.actors is not None else None
        return entry is not None and entry.label == "GPE"

    def demonym(self, text: str) -> bool:
        return bool(self.gazetteer.demonym(text))

    def known_non_person(self, text: str) -> bool:
        key = ("non_person", text)
        if key not in self._memo:
            entry = self.actors.match(text) if self.actors is not None else None
            self._memo[key] = (entry is not None and entry.label != "PERSON") or self.known_org(text)
        return self._memo[key]

    def known_org(self, text: str) -> bool:
        """A name of the project's organisation list ("Interfax", "UEFA")."""
        return " ".join(text.lower().split()) in self.lex.org_names

    def given(self, tok: Any) -> bool:
        return tok.lower_ in self.lex.given_names

    def runs(self, sent: Span) -> list[Span]:
        """The capitalised runs of a sentence, computed once per sentence (several rules read them)."""
        key = (sent.start, sent.end)
        if key not in self._runs:
            self._runs[key] = _runs(sent)
        return self._runs[key]


# ------------------------------------------------------------------------------ boundaries


def _clean(doc: Doc, span: Span, demonym: Callable[[str], bool]) -> list[Span]:
    """Drop numbers, brackets, dashes and a final "'s" from a name; split where they were inside,
    and split an all-caps headline name at its common words."""
    if span.label_ not in _MAPPED - {"FAC"}:
        return [span]
    upper = span.text.isupper() and len(span) > 1

    def cut(t: Any) -> bool:
        x = t.text
        if _numeric(x) or _RANK.match(x) or x in _CUT_MARKS or x.lower() in _CONNECT:
            return not (x == "-" and t.i > span.start and not t.whitespace_)  # keep "Jean-Michel" style joins
        return upper and _headline_word(t)

    pieces: list[Span] = []
    start = span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or cut(doc[i]):
            if i > start:
                pieces.append(doc[start:i])
            start = i + 1
    out: list[Span] = []
    for p in pieces:
        start, end = p.start, p.end
        # "Xinhua news agency", "Hizbollah 's": names end in a capitalised word
        while end > start and doc[end - 1].text in ("'s", "’s", "'", ",", "."):
            end -= 1
        head = end
        # A dictionary alias match ("Al shabaab", "Saudi-led coalition") is a whole name already.
        while not span.kb_id_ and head > start and doc[head - 1].is_alpha and doc[head - 1].is_lower:
            head -= 1
        # but "Syrian government" stays whole: the actors stage reads it as a state actor
        if head > start and not (head - start == 1 and demonym(doc[start].text)):
            end = head
        # "August National Association of ...": a date word before a name is not part of it
        while end - start > 1 and doc[start].lower_ in _MONTHS_DAYS:
            start += 1
        if end > start and any(c.isalpha() for c in doc[start:end].text):
            out.append(Span(doc, start, end, label=span.label_, kb_id=span.kb_id_))
    if len(out) == 1 and (out[0].start, out[0].end) == (span.start, span.end):
        return [span]
    return out


# ------------------------------------------------------------------------------ sentence kinds


def _headline_word(tok: Any) -> bool:
    """A common word of an all-caps headline ("BEAT", "IN", "V"), never part of a name."""
    x = tok.text
    low = x.lower()
    return x.isupper() and len(x) > 1 and low != "of" and (low in STOP_WORDS or low in _HEADLINE_VERBS)


def _runs(sent: Span) -> list[Span]:
    """Maximal capitalised runs ("Queen 's Park", "Bristol City"); joiners only inside."""
    toks = list(sent)
    n = len(toks)
    name = [_cap(t) and t.lower_ not in _CONNECT and not _headline_word(t) if t.text[:1].isupper() else False
            for t in toks]  # (most words are lower case: one look at the first letter settles them)
    out: list[Span] = []
    i = 0
    while i < n:
        if not name[i]:
            i += 1
            continue
        j = i + 1
        while j < n and (name[j] or (toks[j].lower_ in _NAME_JOINERS and j + 1 < n and name[j + 1])
                         or (toks[j].text == "-" and not toks[j - 1].whitespace_)):
            j += 1
        while j > i + 1 and not name[j - 1]:
            j -= 1
        out.append(sent.doc[sent.start + i : sent.start + j])
        i = j
    return out


def _is_table(sent: Span) -> bool:
    """A results line: numbers and names, (almost) no prose words, not just a dateline."""
    lower = 0
    for t in sent:  # prose fails fast: the second lower-case word ends the test
        if t.is_lower and t.is_alpha and t.text not in _TABLE_WORDS:
            lower += 1
            if lower > 1:
                return False
    nums = lower = caps = 0
    base = sent.start_char
    dates = [(m.start() + base, m.end() + base) for m in _DATE_IN_TEXT.finditer(sent.text)]
    for t in sent:
        x = t.text
        if dates and any(a <= t.idx < b for a, b in dates):
            continue  # "1996-08-30", however it was tokenised, dates a story, it scores nothing
        if _numeric(x) or _RANK.match(x) or _FIGURES.match(x):
            nums += 1
        elif t.is_alpha and x.islower() and x not in _TABLE_WORDS:
            lower += 1
        elif _cap(t) and t.lower_ not in _CONNECT:
            caps += 1
    if caps == 0 or lower > 1:
        return False
    headline = sum(1 for t in sent if t.is_alpha and t.is_upper and len(t) > 1) > caps // 2
    if nums >= (2 if headline or lower else 1):
        return True
    # fixtures without scores: "BALTIMORE AT SEATTLE", "Birmingham v Barnsley"
    return any(t.lower_ in ("v", "vs", "at") for t in sent) and lower == 0


def _is_sports(sent: Span, lex: NerLexicons) -> bool:
    words = lex.sports_words
    # (a score has a dash: the regex runs only on the few tokens that can be one)
    return any(x in words or ("-" in x and _SCORE.match(x)) for x in [t.lower_ for t in sent])


# ------------------------------------------------------------------------------ person cues

_GOALS = re.compile(r"^\d$")


def _fixture_side(sent: Span, run: Span) -> bool:
    """A side in a football result, not a player: "Brann ( Norway ) 2 Shelbourne ( Ireland ) 1".
    A one-digit score after the (bracketed country of the) name and before the other side, or one
    right after a closing bracket before it; golf rounds ("( U.S. ) 69 64"), times ("49.22") and
    standings points are no scores."""
    doc = run.doc
    j = run.end
    if j + 2 < sent.end and doc[j].text == "(" and doc[j + 2].text == ")":
        j += 3
    nxt = doc[j] if j < sent.end else None
    nxt2 = doc[j + 1] if j + 1 < sent.end else None
    prev = doc[run.start - 1] if run.start > sent.start else None
    prev2 = doc[run.start - 2] if run.start - 1 > sent.start else None
    # ("v" alone says nothing: tennis draws are "Pete Sampras ( U.S. ) vs. Adrian Voinea")
    if nxt is not None and _GOALS.match(nxt.text) and nxt2 is not None and _cap(nxt2):
        return True  # (a number at the line's end is a standings line's points: "Mika Salo ( Finland ) 5")
    return prev is not None and prev2 is not None and _GOALS.match(prev.text) is not None and prev2.text == ")"


_RACE_TIME = re.compile(r"^(\d{1,2}:)?\d{1,2}:\d{2}(\.\d+)?$")
_ROUND = re.compile(r"^[6-8]\d$")


def _golf_rounds(doc: Doc, i: int, end: int) -> bool:
    """ "Corey Pavin 73 70 70 69": two or more rounds of golf, not a standings line's wins and
    losses ("MILWAUKEE 64 71 .474")."""
    if i + 1 >= end or not (_ROUND.match(doc[i].text) and _ROUND.match(doc[i + 1].text)):
        return False
    return i + 2 >= end or not doc[i + 2].text.startswith(".")


def _person_cue(ctx: _Ctx, sent: Span, run: Span) -> bool:
    """A rank, a country in brackets, bowling figures, an initial or a given name."""
    doc = run.doc
    prev = doc[run.start - 1] if run.start > sent.start else None
    prev2 = doc[run.start - 2] if run.start - 1 > sent.start else None
    nxt = doc[run.end] if run.end < sent.end else None
    if (nxt is not None and _RACE_TIME.match(nxt.text) and prev is not None and _RANK.match(prev.text)
            and _title_name(run)):
        return not ctx.country(run.text)  # "9. Yoshikawa 38:35.297": a rider's time, whatever his name
    if _golf_rounds(doc, run.end, sent.end):
        return not ctx.place(run.text) and not ctx.country(run.text)
    if prev is not None and (_RANK.match(prev.text) or (prev.text in ("-", "=") and prev2 is not None
                                                         and (prev2.like_num or _RANK.match(prev2.text)))):
        return not ctx.place(run.text)
    if nxt is not None and (_FIGURES.match(nxt.text) or _ORDINAL.match(nxt.text)):
        return True
    if (nxt is not None and nxt.text == "(" and run.end + 2 < sent.end and doc[run.end + 2].text == ")"
            and (ctx.country(doc[run.end + 1].text) or _ORDINAL.match(doc[run.end + 1].text))):
        return not ctx.place(run.text) and not _fixture_side(sent, run)
    if nxt is not None and nxt.text == "(" and run.end + 1 < sent.end \
            and _ORDINAL.match(doc[run.end + 1].text):
        return True
    if prev is not None and prev.text in ("c", "b", "st") and prev.is_lower:
        return True
    if nxt is not None and nxt.text in ("c", "b", "lbw", "st", "not", "run"):  # a batsman's line
        return True
    if prev is not None and prev.text == "-" and prev2 is not None and _cap(prev2) and _title_name(run):
        return not ctx.place(run.text)  # "Romania - Cosmin Contra": a team, then its scorer
    if prev is not None and prev.text == "(" and prev2 is not None and ctx.country(prev2.text):
        return not ctx.place(run.text)  # a team's riders: "Italy ( Adler Capelli , ..."
    if _INITIAL.match(run[0].text) and len(run) >= 2:
        return not ctx.place(run.text) and not ctx.country(run[1:].text) and not ctx.demonym(run[1:].text)
    return len(run) >= 2 and ctx.given(run[0]) and not ctx.place(run.text)


def _venue(ctx: _Ctx, sent: Span, run: Span) -> bool:
    """A place in a results line that is where, not who: "at Arundel", "( Leeds )",
    "Tunbridge Wells :", "Stockholm newsroom", the home side's ground in "BOSTON AT OAKLAND"."""
    if not ctx.place(run.text):
        return False
    doc = run.doc
    prev = doc[run.start - 1] if run.start > sent.start else None
    nxt = doc[run.end] if run.end < sent.end else None
    if prev is not None and prev.lower_ in ("at", "in", "near"):
        return True
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text in (")", ","):
        return True
    if nxt is not None and (nxt.text == ":" or (nxt.is_alpha and nxt.is_lower
                                                and nxt.text not in _TABLE_WORDS)):
        return True
    return False


def _table_label(ctx: _Ctx, sent: Span, run: Span, before: str) -> str:
    """``before``: the label the run had already (model or earlier rules), "" if none."""
    if _person_cue(ctx, sent, run):
        return "PERSON"
    if ctx.country(run.text) or _venue(ctx, sent, run):
        return "GPE"
    return "ORG"


_MONTHS_DAYS = frozenset({"january", "february", "march", "april", "june", "july", "august", "september",
                          "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                          "friday", "saturday", "sunday"})
_EVENT_HEADS = frozenset({"cup", "tour", "series", "open", "trophy", "classic", "championship",
                          "championships", "olympics", "masters", "prix", "grand prix", "games"})


_LEAGUE_LEVELS = frozenset({"major", "minor", "national", "american", "premier", "super"})
# Abbreviations the model takes for organisations that name none: time zones, units, statistics.
_NOT_ORGS = frozenset({"gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet",
                       "cest", "eet", "mph", "kph", "mw", "gw", "kwh", "bpd", "pct",
                       "dwt", "cif", "fob", "ebitda", "ytd", "q1", "q2", "q3", "q4", "h1", "h2"})
_CURRENCY = re.compile(r"^[A-Z]{0,3}\$$")  # "C$", "HK$", "US$": a currency, not a name


def _not_org(span: Span) -> bool:
    return len(span) == 1 and (span[0].lower_ in _NOT_ORGS or bool(_CURRENCY.match(span[0].text)))


_SPORT_NAMES = frozenset({"soccer", "football", "cricket", "tennis", "golf", "rugby", "baseball", "basketball",
                          "athletics", "boxing", "cycling", "swimming", "hockey", "squash", "badminton", "rowing",
                          "sailing", "skiing", "motor", "racing"})


# Capitalised words heading a results line that name no one: "Attendance : 9,358", "SOCCER - ...".
_NOT_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                        "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
                        "friday", "saturday", "sunday", "soccer", "football", "cricket", "tennis", "golf",
                        "rugby", "union", "baseball", "basketball", "athletics", "boxing", "cycling", "motor",
                        "racing", "swimming", "hockey", "squash", "badminton", "rowing", "sailing", "skiing",
                        "horse", "results", "result", "standings", "scorers", "attendance", "postponed",
                        "bowling", "batting", "note", "notes", "fax", "tel", "total", "men", "women", "men's",
                        "women's", "first", "second", "third", "fourth", "fifth", "round", "group",
                        "division", "table", "schedule", "summary", "pos", "teams", "team", "scores", "score",
                        "extras", "fall", "did", "home", "away", "played", "won", "lost", "drawn", "points",
                        "prefix", "add", "leading", "final", "league", "net", "sales", "revs", "revenue",
                        "revenues", "avg", "shrs", "shares", "current", "profit", "loss", "eps", "dividend",
                        "turnover", "income", "assets", "cash", "practice", "playing", "next", "financial",
                        "data", "issuer", "amt", "dtd", "call"})


def _nameable(sent: Span, run: Span, ents: set[int], place: bool = False) -> bool:
    """A run worth labelling in a table: not a month, sport or column word; a proper noun when the
    tagger ran (or a model entity, or a known place)."""
    if all(t.lower_ in _NOT_NAMES for t in run):
        return False
    if place or any(i in ents for i in range(run.start, run.end)):
        return True
    heading = run.end < sent.end and run.doc[run.end].text == ":"  # "Attendance :", "Postponed :"
    if not heading and not (len(run) == 1 and run[0].lower_ in STOP_WORDS):
        return True
    return run.doc.has_annotation("TAG") and any(t.pos_ == "PROPN" for t in run)


# ------------------------------------------------------------------------------ the rules


def _sibling_person(ctx: _Ctx, sent: Span, run: Span) -> bool:
    """In a line of people, a name that is not a place, not a known organisation, and not placed
    like a team (before a score or a dash, after a bracketed country: "( Italy ) Rabobank")."""
    if not _title_name(run) or ctx.place(run.text) or ctx.known_non_person(run.text):
        return False
    doc = run.doc
    nxt = doc[run.end].text if run.end < sent.end else ""
    prev = doc[run.start - 1].text if run.start > sent.start else ""
    prev2 = doc[run.start - 2].text if run.start - 1 > sent.start else ""
    return not (_numeric(nxt) or nxt == "-" or prev == ")" or (prev == "," and prev2 == ")"))


_THOUSANDS = re.compile(r"^[+\-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SIGNED = re.compile(r"^[+\-]\d[\d,]*\.\d+$")  # a change, not a telephone code


def _figures_line(sent: Span) -> bool:
    """A line of statistics or prices, not results: amounts in thousands or signed changes
    ("Bremen 1,453 up 13.1", "LONDON 3,907.5 +16.4"), and no score,
    rank or bracketed name."""
    amounts = 0
    for t in sent:
        x = t.text
        if _SCORE.match(x) or _RANK.match(x) or _FIGURES.match(x) or x == "(" and t.i + 2 < sent.end \
                and sent.doc[t.i + 2].text == ")" and _cap(sent.doc[t.i + 1]):
            return False
        if "," in x and _THOUSANDS.match(x) or x[:1] in "+-" and _SIGNED.match(x):
            amounts += 1
    return amounts > 0


def _table_rules(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    out: list[Labelled] = []
    ents = {i for e in spans for i in range(e.start, e.end)}
    # (a model's NORP on an initial, "D." of "D. Ripley", does not make the name a nationality)
    norp = {i for e in spans if e.label_ == "NORP" and not _INITIAL.match(e.text) for i in range(e.start, e.end)}
    runs = [r for r in ctx.runs(sent) if len(r.text) > 1 and _nameable(sent, r, ents, ctx.place(r.text))
            and not any(i in norp for i in range(r.start, r.end)) and not ctx.demonym(r.text)]
    exact = {(e.start, e.end): e.label_ for e in spans}
    labels = [_table_label(ctx, sent, r, exact.get((r.start, r.end), "")) for r in runs]
    if labels and _figures_line(sent):  # towns in a table of prices or statistics are towns
        labels = ["GPE" if lab == "ORG" and ctx.place(r.text) and not (r.text.isupper() and len(r.text) <= 3)
                  else lab for r, lab in zip(runs, labels)]  # ("BP" is a company, whatever the gazetteer says)
    if "PERSON" in labels:
        # a line of people ("66 Neal Lancaster , Dave Barr ( Canada ) , Mike Sullivan"): the
        # other names that are neither places nor known organisations are people too
        labels = ["PERSON" if lab == "ORG" and _sibling_person(ctx, sent, r) else lab
                  for r, lab in zip(runs, labels)]
    for run, label in zip(runs, labels):
        out.append((Span(sent.doc, run.start, run.end, label=label), "rules"))
    return out


def _list_persons(ctx: _Ctx, sent: Span) -> list[Labelled]:
    """Line-ups and scorers: "4 - Hakan Unsal , 2 - Recep Cetin", "Marc Degryse ( 13th )",
    "Scotland : Andrew Goram , Craig Burley , ...", cricket "c Healy b Fleming"."""
    doc = sent.doc
    runs = ctx.runs(sent)
    numbered = [r for r in runs if r.start - 2 >= sent.start and doc[r.start - 1].text == "-"
                and doc[r.start - 2].like_num]
    out: list[Labelled] = []
    if len(numbered) >= 2:
        out += [(Span(doc, r.start, r.end, label="PERSON"), "rules")
                for r in numbered if not ctx.place(r.text)]
    # "Country : A B , C D , E F" or a bare comma list of surnames in a line-up
    head = runs[0] if runs else None
    if (head is not None and head.end + 1 < sent.end and doc[head.end].text in (":", "-")
            and ctx.country(head.text)):
        items = [r for r in runs[1:] if not ctx.place(r.text) and not ctx.country(r.text)]
        seps = sum(1 for t in sent if t.text in (",", ";"))
        if len(items) >= 2 and seps >= 1:
            out += [(Span(doc, r.start, r.end, label="PERSON"), "rules") for r in items]
    for r in runs:
        prev = doc[r.start - 1] if r.start > sent.start else None
        nxt = doc[r.end] if r.end < sent.end else None
        cricket = prev is not None and prev.text in ("c", "b", "st") and prev.is_lower and any(
            t.text in ("lbw", "c", "st") for t in sent) and any(t.text == "b" for t in sent)
        scorer = nxt is not None and (_ORDINAL.match(nxt.text) or (nxt.text == "(" and r.end + 1 < sent.end
                                                                  and _ORDINAL.match(doc[r.end + 1].text)))
        if (cricket or scorer) and not ctx.place(r.text):
            out.append((Span(doc, r.start, r.end, label="PERSON"), "rules"))
    return out


# Titles that are part of how a person is named by one name ("Prince Charles", "Sheikh Hasina"); with
# a full name they go ("Archbishop Desmond Tutu" -> "Desmond Tutu").
_STYLED = frozenset({"king", "queen", "prince", "princess", "pope", "sheikh", "lord", "lady", "sir", "emir",
                     "sultan", "cardinal", "archbishop", "bishop", "imam", "rabbi"})
_NATIONALS = frozenset({"frenchman", "englishman", "irishman", "scotsman", "dutchman", "welshman", "briton",
                        "swede", "dane", "finn", "spaniard", "pole", "turk", "scot", "countryman",
                        "compatriot", "frenchwoman", "englishwoman", "irishwoman", "dutchwoman"})


def _leading_role(ctx: _Ctx, spans: list[Span]) -> list[Labelled]:
    """ "Spokesman Glyn Davies", "Frenchman Cedric Pioline": a role or nationality word opening a
    sentence is no part of the name that follows it (a demonym stays as NORP)."""
    out: list[Labelled] = []
    for e in spans:
        if e.label_ not in ("PERSON", "ORG") or not (3 if e.label_ == "ORG" else 2) <= len(e) <= 5:
            continue
        first = e[0].lower_
        demonym = first in _NATIONALS or ctx.demonym(e[0].text)
        if not (demonym or first in ctx.lex.person_roles) or (len(e) == 2 and first in _STYLED):
            continue
        rest = e[1:]
        if not _title_name(rest) or ctx.known_non_person(rest.text) or ctx.place(rest.text):
            continue
        if e.label_ == "ORG" and not (ctx.given(rest[0]) or _INITIAL.match(rest[0].text)):
            continue
        out.append((Span(e.doc, rest.start, rest.end, label="PERSON"), "rules"))
        if demonym:
            out.append((Span(e.doc, e.start, e.start + 1, label="NORP"), "rules"))
    return out


_JOINERS = frozenset({"van", "der", "den", "de", "del", "della", "dal", "dalla", "di", "da", "von", "zu", "wa",
                      "bin", "ibn", "al", "el", "le", "la", "du", "dos", "das", "ter", "ten"})


def _joined_names(sent: Span, spans: list[Span]) -> list[Labelled]:
    """ "Joost van der Westhuizen", "Kengo wa Dondo": the model cut a name at its lower-case
    particles; a person's name, particles and a capitalised word are one name."""
    doc = sent.doc
    out: list[Labelled] = []
    for e in spans:
        if e.label_ != "PERSON" or e.end >= sent.end or doc[e.end].text not in _JOINERS:
            continue
        j = e.end
        while j < sent.end and doc[j].text in _JOINERS and j - e.end < 3:
            j += 1
        if j < sent.end and _cap(doc[j]) and doc[j].is_alpha:
            end = next((x.end for x in spans if x.start == j and x.label_ in ("PERSON", "ORG", "GPE", "")), j + 1)
            out.append((Span(doc, e.start, end, label="PERSON"), "rules"))
    return out


def _bracket_clubs(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """ "Jacek Dembinski ( Widzew Lodz )", "Adam Fedoruk , Dariusz Jackiewicz ( both Amica Wronki )":
    a name in brackets after a person's, other than a country, is his club or party."""
    doc = sent.doc
    person_end = {e.end for e in spans if e.label_ == "PERSON"}
    out: list[Labelled] = []
    for r in ctx.runs(sent):
        i = r.start - 1
        if i > sent.start and doc[i].lower_ == "both":
            i -= 1
        if not (i > sent.start and doc[i].text == "(" and i in person_end):
            continue
        if r.end >= sent.end or doc[r.end].text not in (")", ",") or len(r) > 4:
            continue
        if ctx.country(r.text) or ctx.demonym(r.text) or r.text.isupper() and len(r.text) <= 3:
            continue  # ("( Sweden )" is the country; "( R )", "( CDU )" say a party, left as they are)
        after = doc[r.end + 1].text if r.end + 1 < sent.end else ""
        if ctx.place(r.text) and _numeric(after):
            continue  # "Ato Boldon ( Trinidad ) 10.12": an athlete's home before his result
        out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
    return out


def _name_country(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """"Sven Nylander ( Sweden )": a name followed by a bracketed country is a person."""
    doc = sent.doc
    out: list[Labelled] = []
    for r in ctx.runs(sent):
        if r.end + 2 < sent.end and doc[r.end].text == "(" and doc[r.end + 2].text == ")" \
                and ctx.country(doc[r.end + 1].text) and len(r) <= 4 and _title_name(r) \
                and not ctx.place(r.text) and not ctx.known_non_person(r.text) and not ctx.country(r.text):
            label = "ORG" if _fixture_side(sent, r) else "PERSON"
            out.append((Span(doc, r.start, r.end, label=label), "rules"))
    return out


def _sports_places(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """In a sports sentence a town, county or state outside a locative context is a club."""
    doc = sent.doc
    out: list[Labelled] = []
    for e in spans:
        if e.label_ not in ("GPE", "LOC", "PERSON", "ORG") or not (sent.start <= e.start < sent.end):
            continue
        prev = doc[e.start - 1].lower_ if e.start > sent.start else ""
        if e.label_ == "ORG" and prev in ("at", "in") and ctx.place(e.text):
            out.append((Span(doc, e.start, e.end, label="GPE"), "rules"))  # the ground: "( at Oxford"
            continue
        if e.label_ == "ORG" or not ctx.place(e.text) or ctx.country(e.text) or ctx.demonym(e.text):
            continue
        nxt = doc[e.end].text if e.end < sent.end else ""
        if prev in _LOCATIVE or (nxt in (",", "-based") and e.end + 1 < sent.end
                                 and ctx.place(doc[e.end + 1].text)):
            continue
        if nxt in _PLACE_AFTER or (prev == "to" and e.start - 2 >= sent.start
                                   and doc[e.start - 2].lower_ in _TRAVEL):
            continue  # "the Atlantic resort", "the Lisbon side", "travel to Tel Aviv"
        out.append((Span(doc, e.start, e.end, label="ORG"), "rules"))
    return out


# Nouns after a place name that keep it a place in sports copy (CoNLL reads "the Lisbon side" so too).
_PLACE_AFTER = frozenset({"resort", "area", "city", "town", "region", "province", "island", "coast", "border",
                          "airport", "port", "capital", "suburb", "streets", "hospital", "hotel", "police",
                          "residents", "mayor", "stadium", "side", "club", "outfit", "based", "native", "born"})
_TRAVEL = frozenset({"travel", "travelled", "traveled", "travels", "travelling", "return", "returned", "returns",
                     "returning", "go", "went", "going", "fly", "flew", "flying", "head", "headed", "heading",
                     "came", "come", "trip", "visit", "journey", "flight", "back", "arrived"})
_SURNAME = re.compile(r"[a-z](ov|ova|ev|eva|yev|sky|skiy|ski|enko|vich|shvili|dze|yan)$")
_AGE = re.compile(r"^[1-9]\d$")


def _person_shape(doc: Doc, e: Span, end: int) -> bool:
    """What follows a name says it is a person: an age ("Wang , 45 ,"), "who", a pitcher's
    record ("Telgheder ( 2-5 )"); or a single word with a typical surname ending ("Maskhadov")."""
    nxt = [t.text for t in doc[e.end : min(end, e.end + 4)]]
    if len(nxt) >= 3 and nxt[0] == "," and _AGE.match(nxt[1]) and nxt[2] == ",":
        return True
    # (a team named in the plural takes "who" in British copy: "the Cardinals , who")
    plural_team = e.label_ == "ORG" and e.text.endswith("s")
    if len(nxt) >= 2 and nxt[0] == "," and nxt[1] == "who" and not plural_team:
        return True
    if len(nxt) >= 3 and nxt[0] == "(" and _SCORE.match(nxt[1]) and nxt[2] == ")":
        return True
    return len(e) == 1 and bool(_SURNAME.search(e.text))


def _person_rules(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """Role word before, speech verb after, given name first, initial first."""
    doc = sent.doc
    out: list[Labelled] = []
    taken = {i for e in spans for i in range(e.start, e.end)}
    cands: list[Span] = [e for e in spans if e.label_ in ("ORG", "GPE", "LOC", "NORP", "PERSON")]
    cands += [r for r in ctx.runs(sent) if not any(i in taken for i in range(r.start, r.end))]
    for e in cands:
        if not (sent.start <= e.start < sent.end) or len(e) > 4 or not _title_name(e) or e.text.isupper():
            continue
        if e.label_ == "PERSON" or ctx.place(e.text) or ctx.known_non_person(e.text) or ctx.demonym(e.text):
            continue
        if doc[e.end - 1].lower_.rstrip(".") in ctx.lex.org_suffixes:
            continue
        prev = doc[e.start - 1] if e.start > sent.start else None
        nxt = doc[e.end] if e.end < sent.end else None
        role = prev is not None and prev.is_lower and prev.lower_ in ctx.lex.person_roles
        # a speech verb makes a person of a name the model took for a place that is none ("Lebed
        # said"), and of a lone mixed-case word it left untagged ("Ischinger said": wire copy
        # names people by surname after the first mention, and the model knows most firms by
        # name); not of an acronym ("HINA said"), a listed organisation ("Tasnim said") or a
        # name the model calls an organisation ("Uber said")
        lone = (len(e) == 1 and e.label_ == "" and not e.text.isupper()
                and not (prev is not None and prev.lower_ in _ORG_HEADS))  # "provincial side Boland said"
        speech = (nxt is not None and nxt.lower_ in _SPEECH_AFTER and len(e) <= 2
                  and (e.label_ in ("GPE", "LOC") or lone))
        speech = speech or (prev is not None and prev.lower_ in ("said", "says") and e.end < sent.end
                            and doc[e.end].text in (".", ",") and len(e) <= 2 and e.label_ in ("GPE", "LOC"))
        given = len(e) >= 2 and ctx.given(e[0]) and all(_cap(t) for t in e) and e.label_ != "NORP"
        initial = len(e) >= 2 and _INITIAL.match(e[0].text) is not None and not ctx.place(e[1:].text)
        shape = e.label_ != "NORP" and _person_shape(doc, e, sent.end)
        untagged = e.label_ == ""
        if untagged and (any(t.lower_ in STOP_WORDS for t in e) or (doc.has_annotation("TAG")
                                                                  and not all(t.pos_ == "PROPN" for t in e))):
            continue  # "He said", "Analysts said": not names
        if untagged and not (role or given or initial or speech or shape):
            continue
        if untagged and e.start == sent.start and not (speech or given or initial or shape):
            continue
        if role or speech or given or initial or shape:
            out.append((Span(doc, e.start, e.end, label="PERSON"), "rules"))
    return out


def _org_rules(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """Corporate last words, news-agency heads, and names of the organisation list."""
    doc = sent.doc
    out: list[Labelled] = []
    tagged = {(e.start, e.end) for e in spans}
    for e in spans:
        if e.label_ in _MAPPED and e.label_ != "ORG" and ctx.known_org(e.text):
            out.append((Span(doc, e.start, e.end, label="ORG"), "rules"))
    for r in ctx.runs(sent):
        if (r.start, r.end) not in tagged and ctx.known_org(r.text):
            taken = any(e.start < r.end and r.start < e.end for e in spans)
            if not taken:
                out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
                continue
        last = doc[r.end - 1].lower_.rstrip(".")
        nxt = doc[r.end] if r.end < sent.end else None
        if len(r) >= 2 and last in _CORP_SUFFIX and not ctx.place(r.text):
            # the model's name plus the suffix it left out ("Jeans Mate" + "Corp"), else the run
            start = next((e.start for e in spans if e.end == r.end - 1 and r.start <= e.start), r.start)
            out.append((Span(doc, start, r.end, label="ORG"), "rules"))
        elif nxt is not None and nxt.lower_ in ("news", "newspaper", "daily") and len(r) <= 3 \
                and not ctx.place(r.text) and not ctx.country(r.text) and not ctx.demonym(r.text):
            after = doc[r.end + 1].lower_ if r.end + 1 < sent.end else ""
            if nxt.lower_ != "news" or after == "agency":
                out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
    return out


def _teams(ctx: _Ctx, sent: Span, spans: list[Span], sports: bool) -> list[Labelled]:
    """Fixtures and team names: "v Derbyshire", "the Brewers" (in a sports sentence), and places
    the model left untagged in a sports sentence ("Middlesex beat Hampshire")."""
    doc = sent.doc
    taken = {i for e in spans for i in range(e.start, e.end)}
    out: list[Labelled] = []
    for r in ctx.runs(sent):
        prev = doc[r.start - 1].lower_ if r.start > sent.start else ""
        if not sports and prev not in ("v", "vs", "vs."):
            continue
        free = not any(i in taken for i in range(r.start, r.end))
        proper = not doc.has_annotation("TAG") or any(t.pos_ == "PROPN" for t in r)
        if ctx.country(r.text) or ctx.demonym(r.text) or r.text.isupper() or not proper:
            continue
        if prev in ("v", "vs", "vs."):
            if free or any(e.label_ in ("GPE", "LOC") and e.start == r.start for e in spans):
                out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
        elif sports and free and prev == "the" and r[-1].text.endswith("s") and not ctx.place(r.text):
            out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
        elif sports and free and ctx.place(r.text) and prev not in _LOCATIVE and (r.start > sent.start
                                                                                 or _club_subject(doc, r, sent)):
            out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
    return out


def _club_subject(doc: Doc, r: Span, sent: Span) -> bool:
    """A county or town opening a sports sentence as its subject ("Yorkshire rekindled ...",
    "Essex , who ...", "Yorkshire 's 529"), not a dateline ("PRETORIA , Aug 25")."""
    nxt = doc[r.end] if r.end < sent.end else None
    if nxt is None:
        return False
    if nxt.text in ("'s", "’s") or (nxt.text == "," and r.end + 1 < sent.end and doc[r.end + 1].lower_ == "who"):
        return True
    return nxt.is_lower and nxt.is_alpha and nxt.lower_ not in _PLACE_AFTER and nxt.lower_ not in STOP_WORDS - {
        "are", "is", "were", "was", "have", "has", "had", "will", "could", "would"}


def _acronyms(ctx: _Ctx, doc: Doc, ents: list[Labelled]) -> list[Labelled]:
    """"Kurdistan Democratic Party ( KDP )": the bracketed acronym, and its other mentions in the
    text, name the same organisation."""
    defined: set[str] = set()
    for sp, _ in ents:
        if (sp.label_ == "ORG" and sp.end + 2 < len(doc) and doc[sp.end].text == "("
                and doc[sp.end + 2].text == ")"):
            word = doc[sp.end + 1].text
            if word.isupper() and word.isalpha() and 2 <= len(word) <= 6:
                defined.add(word)
    if not defined:
        return []
    taken = {i for sp, _ in ents for i in range(sp.start, sp.end)}
    return [(Span(doc, t.i, t.i + 1, label="ORG"), "rules")
            for t in doc if t.text in defined and t.i not in taken]


def _events(ctx: _Ctx, sent: Span, spans: list[Span], sports: bool) -> list[Labelled]:
    """Competitions are events, not organisations: "Fed Cup", "PGA Tour", "U.S. Open", and in a
    sports sentence or by its level "National League", "Major League" (outside sport a league is a
    body: "Arab League")."""
    out: list[Labelled] = []
    for e in spans:
        if e.label_ != "ORG" or len(e) < 2 or ctx.known_non_person(e.text):
            continue
        last = e[-1].lower_
        # a competition named after a place keeps its label: the places stage reads the town in
        # an ORG name ("the Cannes Grand Prix"), not in an event's
        if any(ctx.place(e[:k].text) or ctx.place(e[k - 1].text) for k in range(1, len(e))):
            continue
        if last in _EVENT_HEADS or (last == "league" and (sports or e[0].lower_ in _LEAGUE_LEVELS)):
            out.append((Span(sent.doc, e.start, e.end, label="EVENT"), "rules"))
    return out


def _datelines(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """"MOSCOW 1996-08-30", "LONGYEAR , Norway 1996-08-30", "MINNETONKA , Minn .": the place a
    story was filed from, a town in capitals opening the line (the model often tags only part of
    it, "KUALA" of "KUALA LUMPUR"), with its state or country."""
    doc = sent.doc
    if not (sent[0].text[:1].isupper() and sent[0].text.isupper()):  # (most sentences: no need for the runs)
        return []
    runs = ctx.runs(sent)
    if not runs or runs[0].start != sent.start or not runs[0].text.isupper():
        return []
    town = runs[0]
    after = sent.text[town.end_char - sent.start_char :]  # (doc.text would rebuild the whole text)
    dated = re.match(r"\s*(,\s*[A-Z][\w.]*(\s[A-Z][\w.]*)?\s*)?\d{4}\s?-\s?\d{1,2}\s?-\s?\d{1,2}", after)
    state = None
    if town.end + 1 < sent.end and doc[town.end].text == ",":
        word = doc[town.end + 1]
        if _cap(word) and _gz_admin(ctx.gazetteer, word.text.rstrip(".")) and town.end + 2 >= sent.end - 1:
            state = word  # "MONTGOMERY , Ala ." (a line of its own)
    if not dated and state is None:
        return []
    out: list[Labelled] = []
    if dated and (ctx.place(town.text) or dated.group(1)) or state is not None:
        if not any(e.start == town.start and e.end == town.end and e.label_ == "GPE" for e in spans):
            out.append((Span(doc, town.start, town.end, label="GPE"), "rules"))
    if state is not None:
        out.append((Span(doc, state.i, state.i + 1, label="GPE"), "rules"))
    return out


def _state_abbrevs(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """ "Patricia Smith , of Lees Summit , Mo .", "Akron , Ohio": a state after a town and a comma
    (abbreviated, it ends in a dot) is a place, whatever the model made of it."""
    doc = sent.doc
    places = {e.end for e in spans if e.label_ in ("GPE", "LOC")}
    out: list[Labelled] = []
    for t in sent[1:-1]:
        if t.text != "," or t.i not in places or t.i + 1 >= sent.end:
            continue
        word = doc[t.i + 1]
        dotted = word.text.endswith(".") or (word.i + 1 < sent.end and doc[word.i + 1].text == ".")
        if _cap(word) and dotted and len(word.text.rstrip(".")) <= 5 and _gz_admin(ctx.gazetteer, word.text.rstrip(".")):
            if not any(e.start == word.i and e.label_ == "GPE" for e in spans):
                out.append((Span(doc, word.i, word.i + 1, label="GPE"), "rules"))
    return out


def _gz_admin(gazetteer: Any, text: str) -> bool:
    """A state or province abbreviation ("Minn", "Ala", "N.M.") when the gazetteer knows them."""
    fn = getattr(gazetteer, "admin_area", None)
    return fn is not None and (fn(text) is not None or fn(text + ".") is not None)


def _headline_rules(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """An all-caps sports headline: towns are clubs, countries are countries; other names keep
    the model's label ("SOCCER - WIGAN BEAT BRADFORD 42-36 IN SEMIFINAL")."""
    out: list[Labelled] = []
    for run in ctx.runs(sent):
        if all(t.lower_ in _NOT_NAMES or t.lower_ in ctx.lex.sports_words for t in run):
            continue
        prev = sent.doc[run.start - 1].lower_ if run.start > sent.start else ""
        if ctx.country(run.text) or (prev in ("in", "at") and ctx.place(run.text)):
            out.append((Span(sent.doc, run.start, run.end, label="GPE"), "rules"))
        elif ctx.place(run.text):
            out.append((Span(sent.doc, run.start, run.end, label="ORG"), "rules"))
        elif (subject := _headline_subject(ctx, sent, run)) is not None:
            out.append((Span(sent.doc, subject.start, subject.end, label="PERSON"), "rules"))
        elif _nickname(ctx, sent, run):
            out.append((Span(sent.doc, run.start, run.end, label="ORG"), "rules"))
    return out


# Plural nouns that follow a name in a headline without being its verb ("MAJOR LEAGUE RESULTS").
_HEADLINE_NOUNS = frozenset({"results", "standings", "scores", "summaries", "times", "details", "fixtures",
                             "tables", "scorers", "ratings", "rankings", "statistics", "averages", "leaders",
                             "teams", "squads", "players", "odds", "prices", "news"})


def _nickname(ctx: _Ctx, sent: Span, run: Span) -> bool:
    """A team's plural nickname in a sports headline: "BRAVES RALLY TO BEAT CUBS", "ORIOLES SNEAK
    PAST ANGELS" (a common noun in the plural, per the model's word index), as the subject of a
    plural verb or the object of "beat", "past", "over"."""
    doc = sent.doc
    prev = doc[run.start - 1].lower_ if run.start > sent.start else ""
    nxt = doc[run.end].lower_ if run.end < sent.end else ""
    subject = prev in ("", "-") and nxt in ctx.lex.verbs
    if not (subject or prev in ("beat", "past", "over", "v", "vs", "against")) or ctx.demonym(run.text):
        return False
    last = run[-1].lower_
    if len(run) > 2 or not run[-1].is_alpha or not last.endswith("s") or last.endswith("ss") or len(last) < 4:
        return False
    if last in _HEADLINE_NOUNS or any(t.lower_ in _NOT_NAMES or t.lower_ in ctx.lex.sports_words for t in run):
        return False
    nouns = ctx.lex.nouns
    return last[:-1] in nouns or (last.endswith("ies") and last[:-3] + "y" in nouns)


def _headline_subject(ctx: _Ctx, sent: Span, run: Span) -> Span | None:
    """The subject of a headline verb in the singular ("SOCCER - KEANE SIGNS ...", "POLLOCK HOPES
    FOR ..."): one player. Clubs take the plural in British copy ("GOTHENBURG PUT ... OUT") and
    towns and countries are handled before; organisations of the dictionary or the list stay."""
    doc = sent.doc
    prev = doc[run.start - 1].text if run.start > sent.start else ""
    if prev not in ("", "-"):
        return None
    # the verb may close the capitalised run ("NEWCOMBE PONDERS HIS ..."): cut the run there
    end = next((t.i for t in run[1:] if _third_person_verb(ctx, t.text)), run.end)
    nxt = doc[end].text if end < sent.end else ""
    subject = doc[run.start : end]
    if len(subject) > 3 or not all(t.is_alpha for t in subject) or not _third_person_verb(ctx, nxt, loose=True):
        return None
    if any(t.lower_ in _ORG_WORDS or t.lower_ in _EVENT_HEADS for t in subject):
        return None
    if ctx.known_non_person(subject.text) or ctx.demonym(subject.text) or ctx.place(subject.text):
        return None
    if len(subject) == 1 and subject[0].lower_ in ctx.lex.verbs:  # "RAIN BRINGS ...": a common word
        return None
    return subject


def _third_person_verb(ctx: _Ctx, word: str, *, loose: bool = False) -> bool:
    """ "SIGNS", "PONDERS", "MISSES": a verb in the third person singular. ``loose`` (right after
    the name) accepts any such -S word but a headline's plural nouns when the verb list is empty."""
    low = word.lower()
    if len(low) < 4 or not word.isalpha() or not low.endswith("s") or low.endswith("ss") or low in _HEADLINE_NOUNS:
        return False
    verbs = ctx.lex.verbs
    if not verbs:
        return loose
    return low[:-1] in verbs or (low.endswith("es") and low[:-2] in verbs) or (
        low.endswith("ies") and low[:-3] + "y" in verbs)


def _is_headline(sent: Span) -> bool:
    """Two or more alphabetic words, all upper case (prose fails at its first lower-case word)."""
    letters = 0
    for t in sent:
        if t.is_alpha:
            if not t.is_upper:
                return False
            letters += 1
    return letters >= 2


def _units(doc: Doc) -> list[tuple[Span, bool]]:
    """(span, is a table line): sentences, except that a line of a results table stays whole
    (the parser cuts "Bradford 1 Tranmere 0" in two). Only whole lines can be tables."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else []
    breaks = [t.i for t in doc if t.is_space and "\n" in t.text_with_ws] + [len(doc)]
    out: list[tuple[Span, bool]] = []
    start = k = 0
    for end in breaks:
        if end > start:
            line = doc[start:end]
            table = _is_table(line)
            if table or not sents:
                out.append((line, table))
            else:  # the sentences of this line, cut at the line's ends
                while k < len(sents) and sents[k].end <= start:
                    k += 1
                j = k
                while j < len(sents) and sents[j].start < end:
                    out.append((doc[max(sents[j].start, start) : min(sents[j].end, end)], False))
                    j += 1
        start = end + 1
    return out


# ------------------------------------------------------------------------------ entry point


def _overlay(base: list[Labelled], new: Iterable[Labelled],
             keep: Callable[[Labelled], bool]) -> list[Labelled]:
    """Put ``new`` spans over ``base``: an overlapped base span goes unless ``keep`` says so."""
    out = list(base)
    for sp, origin in new:
        clash = [x for x in out if x[0].start < sp.end and sp.start < x[0].end]
        if any(keep(x) for x in clash):
            continue
        if any((x[0].start, x[0].end, x[0].label_) == (sp.start, sp.end, sp.label_) for x in clash):
            continue
        out = [x for x in out if x not in clash]
        out.append((sp, origin))
    return out


def apply_context_rules(doc: Doc, ents: list[Labelled], *, gazetteer: Any, actors: Any,
                        lex: NerLexicons) -> list[Labelled]:
    """Correct labels and boundaries of ``ents`` (non-overlapping) from sentence context."""
    ctx = _Ctx(gazetteer, actors, lex)
    cleaned: list[Labelled] = [(p, o) for sp, o in ents for p in _clean(doc, sp, ctx.demonym)]
    return _apply(ctx, doc, cleaned)


def _apply(ctx: _Ctx, doc: Doc, cleaned: list[Labelled]) -> list[Labelled]:
    lex = ctx.lex

    def from_actors(x: Labelled) -> bool:
        return x[1] == "actors"

    for sent, table in _units(doc):
        spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
        first_name = table or sent[0].pos_ in ("PROPN", "")  # "" : no tagger ran
        if not spans and not (first_name and _cap(sent[0])) and not any(_cap(t) for t in sent[1:]):
            continue  # no name in the sentence: nothing to read
        text = sent.text
        places = _datelines(ctx, sent, spans) + (_state_abbrevs(ctx, sent, spans) if "," in text else [])
        if places:
            cleaned = _overlay(cleaned, places, from_actors)
            spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
        if table:
            cleaned = _overlay(cleaned, _table_rules(ctx, sent, spans),
                               lambda x: from_actors(x) and x[0].label_ == "PERSON")
        elif _is_headline(sent) and _is_sports(sent, lex):
            cleaned = _overlay(cleaned, _headline_rules(ctx, sent, spans), from_actors)
            spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
            cleaned = _overlay(cleaned, _events(ctx, sent, spans, True), from_actors)
        else:
            sports = _is_sports(sent, lex)
            if sports:
                cleaned = _overlay(cleaned, _sports_places(ctx, sent, spans), from_actors)
                # batting statistics, not the Reserve Bank of India: "had four RBI"
                cleaned = [x for x in cleaned if not (sent.start <= x[0].start < sent.end and len(x[0]) == 1
                                                      and x[0][0].lower_ in ("rbi", "rbis", "era"))]
            spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
            cleaned = _overlay(cleaned, _events(ctx, sent, spans, sports), from_actors)
            spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
            cleaned = _overlay(cleaned, _teams(ctx, sent, spans, sports), from_actors)
            spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
            cleaned = _overlay(cleaned, _org_rules(ctx, sent, spans), from_actors)
            spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
            cleaned = _overlay(cleaned, _person_rules(ctx, sent, spans), from_actors)
        spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
        cleaned = _overlay(cleaned, _name_country(ctx, sent, spans), from_actors)
        cleaned = _overlay(cleaned, _list_persons(ctx, sent), from_actors)
        spans = [sp for sp, _ in cleaned if sent.start <= sp.start < sent.end]
        names = _leading_role(ctx, spans) + (_bracket_clubs(ctx, sent, spans) if "(" in text else [])
        names += _joined_names(sent, spans)
        if names:
            cleaned = _overlay(cleaned, names, from_actors)
    cleaned = _overlay(cleaned, _acronyms(ctx, doc, cleaned), from_actors)
    # a section label is no name: "SOCCER - ...", "BASEBALL - ..."
    cleaned = [x for x in cleaned if x[1] == "actors" or not all(t.lower_ in _SPORT_NAMES for t in x[0])]
    cleaned = [x for x in cleaned if x[1] == "actors" or not _not_org(x[0])]
    return sorted(cleaned, key=lambda x: x[0].start)
