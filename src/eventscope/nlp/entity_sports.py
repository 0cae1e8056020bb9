"""Context rules for sports reports: results tables, score lines, headlines, clubs, competitions.

Sports results fill much of the wire, and there the small model's labels go most often wrong: a
town is a club, a line of names and numbers is a table. These rules read the conventions of that
copy; :func:`eventscope.nlp.entity_context.apply_context_rules` decides which apply to a sentence:

* results tables and score lines ("Stirling 1 Dundee 1", "MILWAUKEE 64 71 .474 17"): each name
  is a club (ORG), a country (GPE), or a person when a rank, a country in brackets, bowling
  figures, an initial or a given name says so ("5. Sven Nylander ( Sweden ) 49.22");
* sports prose: a town, county or state that is not in a locative context is a club
  ("Milwaukee tied it up", "Kent stepped up a gear"), as are fixtures ("v Derbyshire") and
  plural team names ("the Brewers");
* people in lists: cricket scorecards ("c Healy b Fleming"), line-ups ("4 - Hakan Unsal , 2 - ..."),
  scorers ("Marc Degryse ( 13th )"), "Name ( Country )", and a club in brackets after a player;
* competitions are events, not organisations ("Fed Cup", "National League");
* all-caps sports headlines ("SOCCER - WIGAN BEAT BRADFORD 42-36 IN SEMIFINAL").

A module of its own so that the rule modules stay small; the word lists and token tests it shares
with the general rules come from :mod:`.entity_lexicons`, and it never imports ``entity_context``.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from .entity_lexicons import (
    _CONNECT,
    _INITIAL,
    _ORG_WORDS,
    _RANK,
    _SCORE,
    Labelled,
    NerLexicons,
    _cap,
    _Ctx,
    _numeric,
    _title_name,
)

# (internal to the context rules: entity_context imports the rules it calls by name)
__all__: list[str] = []

# Lower-case words allowed in a results table without making it prose.
_TABLE_WORDS = frozenset({"v", "vs", "and", "at", "beat", "bt", "drew", "halftime", "after", "extra", "time",
                          "agg", "pen", "pens", "min", "mins", "minute", "minutes", "not", "out", "points",
                          "pts", "innings", "for", "c", "b", "st", "lbw", "run", "in", "seconds", "no", "nd",
                          "rd", "th", "ht", "ft", "aet", "pct", "gb", "wkt", "wkts", "overs", "runs", "w",
                          "l", "d", "a", "f"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout", "of",
                       "from"})
_FIGURES = re.compile(r"^\d+(\.\d)?-\d+-\d+-\d+$")  # bowling figures 10-0-50-0
_DATE_IN_TEXT = re.compile(r"\b\d{4}\s?-\s?\d{1,2}\s?-\s?\d{1,2}\b")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")


# ------------------------------------------------------------------------------ sentence kinds


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
    # fixtures without scores: "BALTIMORE AT SEATTLE", "Birmingham v Barnsley"; "RESULTS AT
    # CANADIAN OPEN" is a headline about a competition, no fixture
    return lower == 0 and any(t.lower_ in ("v", "vs") or (t.lower_ == "at" and not (
        t.i > sent.start and t.nbor(-1).lower_ in _HEADLINE_NOUNS)) for t in sent)


def _is_sports(sent: Span, lex: NerLexicons, lowers: list[str] | None = None) -> bool:
    """A sports word or a score in the sentence. ``lowers``: the document's lower-case token
    forms, when the caller has read them already."""
    words = lex.sports_words
    low = [t.lower_ for t in sent] if lowers is None else lowers[sent.start : sent.end]
    if words.isdisjoint(low):
        # (a score has a dash: the regex runs only on the few tokens that can be one)
        return any("-" in x and _SCORE.match(x) for x in low)
    return True


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
    return (prev is not None and prev2 is not None and _GOALS.match(prev.text) is not None
            and prev2.text == ")")


def _drawn_side(ctx: _Ctx, sent: Span, run: Span) -> bool:
    """A side in a football draw ("Besiktas ( Turkey ) v Molenbeek ( Belgium )"): a bare "v" (tennis
    draws write "vs.") and a name that does not open with a given name ("Pete Sampras ( U.S. )")."""
    return any(t.text == "v" for t in sent) and not ctx.given(run[0])


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



_EVENT_HEADS = frozenset({"cup", "tour", "series", "open", "trophy", "classic", "championship",
                          "championships", "olympics", "masters", "prix", "grand prix", "games"})
_LEAGUE_LEVELS = frozenset({"major", "minor", "national", "american", "premier", "super"})
_SPORT_NAMES = frozenset({"soccer", "football", "cricket", "tennis", "golf", "rugby", "baseball",
                          "basketball", "athletics", "boxing", "cycling", "swimming", "hockey", "squash",
                          "badminton", "rowing", "sailing", "skiing", "motor", "racing"})


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


# ------------------------------------------------------------------------------ the rules of sports copy


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
    norp = {i for e in spans if e.label_ == "NORP" and not _INITIAL.match(e.text)
            for i in range(e.start, e.end)}
    runs = [r for r in ctx.runs(sent) if len(r.text) > 1 and _nameable(sent, r, ents, ctx.place(r.text))
            and not any(i in norp for i in range(r.start, r.end)) and not ctx.demonym(r.text)]
    exact = {(e.start, e.end): e.label_ for e in spans}
    labels = [_table_label(ctx, sent, r, exact.get((r.start, r.end), "")) for r in runs]
    if labels and _figures_line(sent):  # towns in a table of prices or statistics are towns
        # ("BP" is a company, whatever the gazetteer says)
        labels = ["GPE" if lab == "ORG" and ctx.place(r.text) and not (r.text.isupper() and len(r.text) <= 3)
                  else lab for r, lab in zip(runs, labels)]
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
    texts, _ = ctx.words(doc)  # (the tokens' texts, without a Token object per look)
    numbered = [r for r in runs if r.start - 2 >= sent.start and texts[r.start - 1] == "-"
                and doc[r.start - 2].like_num]
    out: list[Labelled] = []
    if len(numbered) >= 2:
        out += [(Span(doc, r.start, r.end, label="PERSON"), "rules")
                for r in numbered if not ctx.place(r.text)]
    # "Country : A B , C D , E F" or a bare comma list of surnames in a line-up
    head = runs[0] if runs else None
    if (head is not None and head.end + 1 < sent.end and texts[head.end] in (":", "-")
            and ctx.country(head.text)):
        items = [r for r in runs[1:] if not ctx.place(r.text) and not ctx.country(r.text)]
        seps = sum(1 for x in texts[sent.start : sent.end] if x in (",", ";"))
        if len(items) >= 2 and seps >= 1:
            out += [(Span(doc, r.start, r.end, label="PERSON"), "rules") for r in items]
    for r in runs:
        prev = texts[r.start - 1] if r.start > sent.start else None
        nxt = texts[r.end] if r.end < sent.end else None
        line = texts[sent.start : sent.end]
        cricket = (prev is not None and prev in ("c", "b", "st") and doc[r.start - 1].is_lower
                   and any(x in ("lbw", "c", "st") for x in line) and "b" in line)
        scorer = nxt is not None and (_ORDINAL.match(nxt) or (nxt == "(" and r.end + 1 < sent.end
                                                             and _ORDINAL.match(texts[r.end + 1])))
        if (cricket or scorer) and not ctx.place(r.text):
            out.append((Span(doc, r.start, r.end, label="PERSON"), "rules"))
    return out + _scoring_persons(ctx, sent, runs)


# Labels of a rugby or motor-racing scoring line: what follows the colon is players or drivers.
_SCORING_LABELS = frozenset({"tries", "try", "conversions", "conversion", "penalties", "penalty",
                             "drop goal", "drop goals", "fastest lap", "scorers", "scorer", "goalscorers",
                             "sent off", "booked", "man of the match", "pole position"})
_TO_PAR = re.compile(r"^([+\-]\d{1,2}|0|E|par)$")


def _scoring_persons(ctx: _Ctx, sent: Span, runs: list[Span]) -> list[Labelled]:
    """ "Penalties : Joel Stransky ( 3 ) .", "Fastest lap : Aoki 147.786 kph" and a golf leaderboard
    "+2 D.A. Weibring through 12": names of players, whatever the model made of them."""
    doc = sent.doc
    texts, _ = ctx.words(doc)
    colon = next((i for i in range(sent.start, sent.end) if texts[i] == ":"), None)
    label = doc[sent.start:colon].text.lower() if colon is not None and colon - sent.start <= 4 else ""
    if label in _SCORING_LABELS:
        return [(Span(doc, r.start, r.end, label="PERSON"), "rules") for r in runs
                if r.start > colon and not ctx.place(r.text) and not ctx.country(r.text)]
    if (runs and runs[0].start == sent.start + 1 and _TO_PAR.match(sent[0].text) and runs[0].end + 1 < sent.end
            and doc[runs[0].end].lower_ in ("through", "thru") and doc[runs[0].end + 1].like_num):
        return [(Span(doc, runs[0].start, runs[0].end, label="PERSON"), "rules")]
    return []


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
    texts, _ = ctx.words(doc)
    out: list[Labelled] = []
    for r in ctx.runs(sent):
        if r.end + 2 < sent.end and texts[r.end] == "(" and texts[r.end + 2] == ")" \
                and ctx.country(doc[r.end + 1].text) and len(r) <= 4 and _title_name(r) \
                and not ctx.place(r.text) and not ctx.known_non_person(r.text) and not ctx.country(r.text):
            label = "ORG" if _fixture_side(sent, r) or _drawn_side(ctx, sent, r) else "PERSON"
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
_PLACE_AFTER = frozenset({"resort", "area", "city", "town", "region", "province", "island", "coast",
                          "border", "airport", "port", "capital", "suburb", "streets", "hospital", "hotel",
                          "police", "residents", "mayor", "stadium", "side", "club", "outfit", "based",
                          "native", "born"})
_TRAVEL = frozenset({"travel", "travelled", "traveled", "travels", "travelling", "return", "returned",
                     "returns", "returning", "go", "went", "going", "fly", "flew", "flying", "head", "headed",
                     "heading", "came", "come", "trip", "visit", "journey", "flight", "back", "arrived"})


_FIXTURE_WORDS = frozenset({"v", "vs", "vs."})


def _teams(ctx: _Ctx, sent: Span, spans: list[Span], sports: bool) -> list[Labelled]:
    """Fixtures and team names: "v Derbyshire", "the Brewers" (in a sports sentence), and places
    the model left untagged in a sports sentence ("Middlesex beat Hampshire")."""
    doc = sent.doc
    _, lowers = ctx.words(doc)
    if not sports and _FIXTURE_WORDS.isdisjoint(lowers[sent.start : sent.end]):
        return []  # outside sport only fixtures count, and there is none (most sentences)
    taken = {i for e in spans for i in range(e.start, e.end)}
    out: list[Labelled] = []
    for r in ctx.runs(sent):
        prev = lowers[r.start - 1] if r.start > sent.start else ""
        if not sports and prev not in _FIXTURE_WORDS:
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
        elif (sports and free and ctx.place(r.text) and prev not in _LOCATIVE
              and (r.start > sent.start or _club_subject(doc, r, sent))):
            out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
    return out


def _club_subject(doc: Doc, r: Span, sent: Span) -> bool:
    """A county or town opening a sports sentence as its subject ("Yorkshire rekindled ...",
    "Essex , who ...", "Yorkshire 's 529"), not a dateline ("PRETORIA , Aug 25")."""
    nxt = doc[r.end] if r.end < sent.end else None
    if nxt is None:
        return False
    if nxt.text in ("'s", "’s") or (nxt.text == "," and r.end + 1 < sent.end
                                     and doc[r.end + 1].lower_ == "who"):
        return True
    return (nxt.is_lower and nxt.is_alpha and nxt.lower_ not in _PLACE_AFTER
            and nxt.lower_ not in STOP_WORDS - {"are", "is", "were", "was", "have", "has", "had", "will",
                                                "could", "would"})


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
    if last in _HEADLINE_NOUNS or any(t.lower_ in _NOT_NAMES or t.lower_ in ctx.lex.sports_words
                                      for t in run):
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
    if (len(subject) > 3 or not all(t.is_alpha for t in subject)
            or not _third_person_verb(ctx, nxt, loose=True)):
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
    if (len(low) < 4 or not word.isalpha() or not low.endswith("s") or low.endswith("ss")
            or low in _HEADLINE_NOUNS):
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


# What a side does in a two-legged tie ("Brann win 5-2 on aggregate", "Constructorul win on away
# goals rule", "Vaduz won 4-2 on penalties"): only a club or a country's team goes through.
_TIE_VERBS = frozenset({"win", "wins", "won", "go", "goes", "went", "qualified", "qualify", "qualifies",
                        "progress", "progressed", "advance", "advanced"})


def _tie_winner(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """The side opening a line that reports a tie decided on aggregate, penalties or away goals."""
    doc = sent.doc
    words = ctx.words(doc)[1][sent.start : sent.end]
    decided = "aggregate" in words or "penalties" in words or any(
        a == "away" and b in ("goal", "goals") for a, b in zip(words, words[1:], strict=False))
    if not decided:
        return []
    head = next((e for e in spans if e.start == sent.start), None)
    if head is None:
        runs = ctx.runs(sent)
        head = runs[0] if runs and runs[0].start == sent.start else None
    if head is None or head.end >= sent.end or doc[head.end].lower_ not in _TIE_VERBS:
        return []
    if head.label_ == "ORG" or ctx.country(head.text) or ctx.demonym(head.text):
        return []  # a national side is named by its country, as the places stage wants it
    return [(Span(doc, head.start, head.end, label="ORG"), "rules")]
