"""Place mentions found by their wording, whatever the NER model labelled them.

The places stage takes the model's GPE/LOC/FAC entities as its mentions, but the model misses or
mislabels many place names. The functions here find more of them from the text alone (with the
gazetteer only to check that a name is a place): datelines ("MANSFIELD --"), "X (Y, Z)" and
"X district" patterns, locative cues ("in Gainesville", "near Svitlodarsk" whatever the model's
label), politicians' "R-Elbow Lake", county lists, towns inside organisation names ("the Mansfield
Police Department"), further mentions of a name already found (one sense per discourse), a state
abbreviation or an area after a comma ("Bethel, Vt.", "Syhnalne, Donetsk."), names the tagger cut
at a particle ("Catole do Rocha") and streets, waters and parks ("Kelley Lane", "Lake Lanier").

This is recognition only; which feature a mention means (disambiguation) is resolved in
:mod:`eventscope.nlp.places`, which imports these functions and the small name helpers shared by
both (``normalise_name``, ``_own_name``, ``_is_abbreviation``, the word sets). This module imports
nothing from ``places``, so there is no cycle.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..resources.gazetteer import GeoEntry, Gazetteer, name_variants
from ..resources.gazetteer import normalise_name as _gazetteer_key

__all__ = [
    "normalise_name",
    "find_place_patterns",
    "find_dateline",
    "consistent_spans",
    "cued_spans",
    "admin_pair_spans",
    "worded_spans",
    "held_place",
    "area_after_name_spans",
    "state_after_spans",
    "local_feature_spans",
    "local_feature_kind",
    "settlement_prefixed",
]


@lru_cache(maxsize=50_000)
def normalise_name(name: str) -> str:
    """The gazetteer's index key of ``name``, memoised: ranking compares every candidate's name
    with the mention several times (a pure function of the string)."""
    return _gazetteer_key(name)


def _own_name(entry: GeoEntry, key: str) -> bool:
    """Is ``key`` the feature's own name (up to St/Saint-style variants), not an alternate one?"""
    own = normalise_name(entry.name)
    return own == key or key in name_variants(own)


_DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
_PART_WORDS = frozenset(_DIRECTIONS + tuple(d + "ern" for d in _DIRECTIONS) + (
    "central", "upper", "lower", "greater", "downtown", "inner", "outer", "rural", "metro", "mid"))
# Capitalised words in organisation names that gazetteers also know as some town.
_GENERIC_WORDS = _PART_WORDS | frozenset({
    "federal", "national", "international", "royal", "general", "united", "first", "new", "great", "grand",
    "union", "liberty", "independence", "law", "day", "air", "green", "lakes", "lake", "river", "valley",
    "city", "county", "state", "public", "free", "church", "school", "college", "university", "hospital",
    "medical", "star", "sun", "post", "times", "news", "herald", "tribune", "journal", "press", "globe",
    "bank", "trust", "home", "park", "university", "saint", "fort", "mount", "port", "bay", "beach",
    "victoria", "columbia", "lincoln", "jefferson", "franklin", "madison", "jackson", "hamilton",
    "wellington", "marion", "clinton", "monroe", "warren", "harrison", "grant", "douglas", "eagle", "phoenix"})
_POSSESSIVE = re.compile(r"['\u2019]s?$")


# Words naming what kind of place a name is: "Baidoa town", "the district of X", "(Dhalai district)".
_KIND_WORDS = frozenset({
    "town", "village", "city", "district", "province", "governorate", "county", "municipality", "commune",
    "locality", "sub-district", "subdistrict", "township", "tehsil", "region", "area", "neighbourhood",
    "neighborhood", "state", "camp", "front", "valley", "department", "prefecture", "oblast", "raion",
    "barangay", "colonia", "hill", "settlement", "division", "zone", "woreda", "kebele", "sector", "cell"})
# Spanish and Portuguese words that lead the name of a neighbourhood or settlement: "Colonia Roma"
# is a neighbourhood named Roma in Mexico City, "Ejido Jalapa" a farming settlement. Leading a
# longer name they are part of it, never a place of their own ("Colonia" alone is also Cologne's
# Spanish name, "Ejido" a town in Venezuela, "Vila" one in Portugal).
SETTLEMENT_PREFIXES = frozenset({
    "colonia", "col.", "barrio", "bairro", "fraccionamiento", "fracc.", "ejido", "vila", "favela"})


def settlement_prefixed(name: str) -> bool:
    """Does a settlement prefix lead this name of two words or more ("Colonia Roma", "Vila Real")?"""
    words = name.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() == "the":  # "the Colonia Centro"
        words = words[1].split(maxsplit=1)
    return len(words) == 2 and words[0].lower() in SETTLEMENT_PREFIXES and words[1][:1].isupper()


_NAME_WORD = r"[A-Z][\w'\u2019]*(?:-[\w'\u2019]+)*"
_PARTICLE = r"(?:al|el|ad|ar|as|ash|at|an|az|de|del|de\s+la|de\s+los|do|da|dos|das|du|di|bin|ibn|la|le|les)"
_PLACE_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}(?:\s+|-))?{_NAME_WORD}){{0,4}}"  # "Mashru al-Hadba"
_KIND_RE = "|".join(sorted((re.escape(k) for k in _KIND_WORDS), key=len, reverse=True))
_QUAL_PART = rf"(?:{_PLACE_NAME}(?:\s+(?:{_KIND_RE}))?|[A-Z][A-Z&.]{{1,4}})"
# "in Al Marawasah (Al Husha, Ad Dali)", "at Anantnag town (J&K)": a name, an optional kind word,
# and a parenthesised list of the admin areas it lies in.
_PAREN_PLACE = re.compile(
    rf"(?P<name>{_PLACE_NAME})(?:\s+(?P<kind>{_KIND_RE})(?:\s+(?:{_KIND_RE}))?)?\s*"
    rf"\((?P<qual>{_QUAL_PART}(?:\s*,\s*{_QUAL_PART}){{0,4}})\)"
)
# "the village of X", "the Municipality of X" (not "Department of Labor": few kinds, settlements)
_KIND_OF_RE = "village|town|city|district|province|municipality|commune|governorate|locality|sub-district"
_KIND_PLACE = re.compile(
    rf"\b(?:(?P<kind1>(?i:{_KIND_OF_RE}))\s+of\s+(?P<name1>{_PLACE_NAME})|(?P<name2>{_PLACE_NAME})\s+(?P<kind2>{_KIND_RE})\b)"
    rf"(?:\s*,\s*(?P<qual>{_PLACE_NAME}))?"  # "Qarabagh district, Ghazni"
)
_LOCATIVE = r"\b(?:in|at|near|outside|around|from|to|into|towards?|across|between|and|of|on|inside|off)\s+(?:the\s+)?"
_LOCATIVE_BEFORE = re.compile(_LOCATIVE + "$", re.I)
# "in western X (Y, Z)": before a name with parenthesised areas only
# (a part word before "X state" or "X's Y province" starts a description, not a name)
_PART_BEFORE = r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|central|upper|lower)\s+"
_LOCATIVE_PART_BEFORE = re.compile(_LOCATIVE + rf"(?:{_PART_BEFORE})?$", re.I)
# "the LoC at X": an acronym's "at" is the English word, not the Arabic article of "Bir at X"
_ACRONYM_AT = re.compile(r"^\S*[A-Z]\S*[A-Z]\S*\s+at\s+(?=[A-Z])")
_NOT_NAMES = frozenset({"on", "around", "in", "at", "the", "a", "an", "police", "movement", "property", "other"})


_COMMA_BEFORE = re.compile(r"[a-z],[ \t]*$")


def _is_abbreviation(name: str) -> bool:
    return name.isupper() and len(name.replace("&", "").replace(".", "")) <= 4


@dataclass(frozen=True)
class _Pattern:
    """A place name found by its wording, with the admin areas written after it."""

    start: int
    end: int
    qualifiers: tuple[tuple[int, int], ...] = ()
    kind: bool = False  # a kind word ("town", "village of") says it is a place


def find_place_patterns(text: str, *, gazetteer: Gazetteer | None = None) -> list[_Pattern]:
    """Place names that the wording marks as places, whatever the NER model made of them:
    "in X (Y, Z)" (ACLED-style admin qualifiers), "X town/district/province", "the village of X".
    Each name comes with the spans of its parenthesised qualifiers. With the gazetteer, a state's
    abbreviation qualifies too ("Amethi (UP)"), and a name after a comma ("College, Faridkot
    (Punjab)") when its qualifier is a place the gazetteer knows."""
    out: list[_Pattern] = []
    for m in _PAREN_PLACE.finditer(text):
        name_s, name_e = m.span("name")
        # A leading capitalised word of the sentence ("Around", "On") is no part of the name.
        while (lead := re.match(r"(\S+)\s+", text[name_s:name_e])) and lead.group(1).lower() in _NOT_NAMES:
            name_s += lead.end()
        if (acronym := _ACRONYM_AT.match(text[name_s:name_e])) is not None:
            name_s += acronym.end()
        if text[name_s:name_e].lower() in _NOT_NAMES:
            continue
        after_comma = gazetteer is not None and _COMMA_BEFORE.search(text, max(0, name_s - 3), name_s) is not None and any(
            gazetteer.is_place(part.strip()) for part in m.group("qual").split(","))
        if not (m.group("kind") or _LOCATIVE_PART_BEFORE.search(text[max(0, name_s - 30):name_s]) or after_comma):
            continue  # "NPA (New People's Army)": only names in a locative phrase or with a kind word
        quals = []
        q0 = m.start("qual")
        for part in re.finditer(r"[^,]+", m.group("qual")):
            ps, pe = q0 + part.start(), q0 + part.end()
            while ps < pe and text[ps].isspace():
                ps += 1
            while pe > ps and text[pe - 1].isspace():
                pe -= 1
            if pe > ps:
                quals.append((ps, pe))
        if not m.group("kind") and all(_is_abbreviation(text[a:b]) and (gazetteer is None or gazetteer.admin_area(text[a:b]) is None)
                                       for a, b in quals):
            continue  # "Tamil Eelam (LTTE)": an acronym in brackets, no admin area
        out.append(_Pattern(name_s, name_e, tuple(quals), kind=bool(m.group("kind"))))
    taken = [(p.start, p.end) for p in out] + [q for p in out for q in p.qualifiers]
    for m in _KIND_PLACE.finditer(text):
        name = "name1" if m.group("name1") else "name2"
        s, e = m.span(name)
        if text[s:e].lower() in _NOT_NAMES or any(s < te and ts < e for ts, te in taken):
            continue
        if name == "name2" and not _LOCATIVE_BEFORE.search(text[max(0, s - 30):s]):
            continue
        out.append(_Pattern(s, e, (m.span("qual"),) if m.group("qual") else (), kind=True))
    return sorted(out, key=lambda p: p.start)


# A dateline opening an article (or following its headline): "MANSFIELD -- ", "COLUMBIA, Ky. (AP) -".
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?:\n\"\u201d])\s*|(?<=\d{4})\s+)"
    r"(?P<name>[A-Z][A-Z'\u2019.]+(?:[ -][A-Z][A-Z'\u2019.]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]{1,5}\s*(?=[(\u2014\u2013-]))?\s*(?:\(AP\)\s*)?(?:\u2014|\u2013|-{1,3})"
)
_DATELINE_WINDOW = 400  # characters from the start of the text: headline, byline, date


def find_dateline(text: str, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """The span of an all-capitals dateline place near the start of an article ("HUDSON -- ...",
    "PARIS, Mo. --"), if the gazetteer knows it as a town or area; the model rarely labels these."""
    for m in _DATELINE.finditer(text[:_DATELINE_WINDOW]):
        s, e = m.span("name")
        name = text[s:e].rstrip(".")
        if len(name.replace(" ", "")) < 3 or name in _NOT_DATELINE:
            continue
        key = normalise_name(name)
        if any(_own_name(c, key) and (c.is_city or c.is_admin or c.is_country) for c in gazetteer.lookup(name)):
            return s, s + len(name)
    return None


_NOT_DATELINE = frozenset({"AP", "UPDATE", "BREAKING", "BREAKING NEWS", "NEWS", "EDITORIAL", "OPINION", "PHOTOS"})
_FOLLOWING_NAME = re.compile(r"[ \t]+(?:[A-Z][a-z]|[A-Z]{2,}\b)")
_NOT_NAME_WORDS = frozenset({  # capitalised words that may follow a place name without extending it
    "Mayor", "Police", "Sheriff", "Fire", "Volunteer", "City", "Council", "Township", "Schools",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"})


def consistent_spans(text: str, spans: Sequence[tuple[int, int]], entities: Sequence[tuple[int, int, str]],
                     *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Other mentions of the article's place names (one sense per discourse): where "Edmonton" is
    a place once, the "Edmonton" the model took for an organisation or a person, or left
    unlabelled, or wrote in capitals ("EDMONTON"), is the same place. Mentions inside a longer
    entity or name ("Edmonton Oilers") are left alone."""
    names: set[str] = set()
    for s, e in spans:
        name = _POSSESSIVE.sub("", text[s:e].strip())
        if len(name) < 3 or not name[:1].isupper() or not gazetteer.lookup(name):
            continue
        names.add(name)
        if len(name) >= 4 and not _is_abbreviation(name):
            names.add(name.upper() if not name.isupper() else name.title())
    if not names:
        return []
    matches = _whole_word_mentions(text, names)
    taken = sorted(spans)
    persons = _person_names(text, names, entities, [m for m in matches if not _overlaps(taken, m[0], m[1])])
    ents = sorted(entities)
    starts = [a for a, _, _ in ents]
    out: list[tuple[int, int]] = []
    for s, e, name in matches:
        if _overlaps(taken, s, e) or (out and out[-1][1] > s):
            continue
        k = bisect.bisect_right(starts, s) - 1  # entities do not overlap: only this one can hold s
        ent = ents[k] if k >= 0 and ents[k][1] > s else (ents[k + 1] if k + 1 < len(ents) and ents[k + 1][0] < e else None)
        if name in persons or (ent is None or ent[2] == "PERSON") and _ends_with_the(text, s):
            continue  # the name is someone's in this article ("coach Ripley"), or "the Webster" (a building)
        if e < len(text) and text[e] == "." and len(name) <= 4:
            continue  # an abbreviation ("Pct.", "No.")
        if ent is not None:
            if ent[2] in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"):
                continue
            rest = _POSSESSIVE.sub("", text[ent[0]:ent[1]])
            if (ent[0], len(rest) + ent[0]) != (s, e):
                continue  # part of a longer name: "Edmonton Oilers", "University of Alberta"
        else:
            follow = _FOLLOWING_NAME.match(text, e)
            if follow is not None and text[e:e + 40].split(None, 1)[0].rstrip(",.") not in _NOT_NAME_WORDS:
                continue  # an unlabelled longer name
            before = text[max(0, s - 30):s]
            if _NAME_BEFORE.search(before) and not _START_BEFORE.search(before):
                continue  # "Lake Edmonton": the end of a longer name
        out.append((s, e))
    return out


def _whole_word_mentions(text: str, names: set[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping mentions of ``names`` as whole words, leftmost first and the longest name at
    a position, as one regex alternation would find them (not after a word character or one of
    ``-.&'``, not before a word character or ``-&``). Plain ``str.find`` per name: compiling that
    alternation anew for every article cost more than the search."""
    found: list[tuple[int, int, str]] = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if not (before and (_word_char(before) or before in "-.&'\u2019")) and not (
                    after and (_word_char(after) or after in "-&")):
                found.append((start, end, name))
            start = text.find(name, start + 1)
    found.sort(key=lambda m: (m[0], m[0] - m[1]))
    out: list[tuple[int, int, str]] = []
    for m in found:
        if not out or m[0] >= out[-1][1]:
            out.append(m)
    return out


def _word_char(c: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return c.isalnum() or c == "_"


_NAME_BEFORE = re.compile(r"[A-Z][\w'\u2019]*[ \t]+$")
_START_BEFORE = re.compile(r"(?:^|[.!?\n]\s*|\b(?:In|At|From|To|Near|And)\s+)[A-Z][\w'\u2019]*[ \t]+$")


def _overlaps(sorted_spans: Sequence[tuple[int, int]], s: int, e: int) -> bool:
    k = bisect.bisect_left(sorted_spans, (e, e))
    return any(a < e and s < b for a, b in sorted_spans[max(0, k - 3):k])


def _ends_with_the(text: str, s: int) -> bool:
    before = text[max(0, s - 6):s].rstrip(" \t")
    return before.endswith("the") and (len(before) == 3 or not before[-4].isalnum())


_CUE_BEFORE = re.compile(r"\b(?:(?:[Ii]n|[Nn]ear|[Oo]utside|[Oo]ver|[Aa]cross|[Tt]hroughout|[Aa]round|[Nn]orth of|[Ss]outh of|"
                         r"[Ee]ast of|[Ww]est of)(?:[ \t]+(?:central|downtown|(?:north|south|east|west)(?:ern)?))?|"
                         r"(?:St|Ave|Rd|Dr|Blvd|Street|Avenue|Road|Drive|Lane|Ln)\.?,)[ \t]+$")
# Words that only ever precede a place: "near X", "the outskirts of X", "the countryside of X".
_NEAR_BEFORE = re.compile(r"\b(?:[Nn]ear|[Oo]utskirts[ \t]+of|[Cc]ountryside[ \t]+of|[Vv]icinity[ \t]+of|"
                          r"(?:[Vv]illage|[Tt]own|[Cc]ity)[ \t]+of|[Ii]n[ \t]+the[ \t]+area[ \t]+of)[ \t]+$")
# Labels the model gives place names it does not know ("Svitlodarsk" PRODUCT, "Shyrokyne" NORP).
_CUED_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
_RESIDENT_AFTER = re.compile(
    r"(?:[ \t]+(?:man|woman|men|women|residents?|natives?|homes?|homeowners?|teens?|teenagers?|boy|girl|family|"
    r"couple|police|officials|schools|mayor|council|area)|-(?:area|based))\b")
_STATE_AFTER = re.compile(r"[ \t]*,[ \t]*((?:[A-Z]\.){2}|[A-Z][a-z]{1,4}\.|[A-Z]{2}\b)")


def cued_spans(text: str, spans: Sequence[tuple[int, int]], entities: Sequence[tuple[int, int, str]],
               *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Place names the model took for a person or an organisation where the wording says place:
    a locative word or an address before ("in Gainesville", "420 Augusta St., Alexandria") or a
    state abbreviation after ("Alexandria, La."). Only single names the gazetteer knows as a
    place (not a common word or surname) count."""
    out: list[tuple[int, int]] = []
    for a, b, label in entities:
        if label not in _CUED_LABELS or any(s < b and a < e for s, e in spans):
            continue
        name = text[a:b]
        if " " in name.strip() and label != "PERSON" or not name[:1].isupper():
            continue
        if label not in ("PERSON", "ORG") and gazetteer.demonym(name) is not None:
            continue  # "Ukrainian" (NORP) is no place name
        state = _STATE_AFTER.match(text, b)
        if state is not None and gazetteer.admin_area(state.group(1)) is not None and gazetteer.lookup(name):
            out.append((a, b))
            continue
        if _NEAR_BEFORE.search(text, max(0, a - 25), a) and _town_known(name, gazetteer) and not (
                gazetteer.is_common_word(name) or _FOLLOWING_NAME.match(text, b)):
            out.append((a, b))  # "near Svitlodarsk", "the countryside of Tell Abiad": any town
        elif _CUE_BEFORE.search(text, max(0, a - 25), a) and gazetteer.is_place(name) and not _FOLLOWING_NAME.match(text, b):
            out.append((a, b))
        elif _RESIDENT_AFTER.match(text, b) and _town_named(name, gazetteer):
            out.append((a, b))  # "A Crafton man", "four Hopkinton homes", "Sarnia native"
    return out


_COMMA_PAIR = re.compile(r"(?P<x>[A-Z][^,]*?)[ \t]*,[ \t]*(?P<y>[A-Z][^,]*)")
_COMMA_GAP = re.compile(r"[ \t]*,[ \t]*")


def _area_name(name: str, gazetteer: Gazetteer) -> bool:
    """Does the gazetteer know this name as a state or province (or a country)?"""
    return any(e.feature_code == "ADM1" or e.is_country for e in gazetteer.lookup(name))


def admin_pair_spans(text: str, spans: Sequence[tuple[int, int]], entities: Sequence[tuple[int, int, str]],
                     *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Place names the model took for something else where "X, Y" names an area they lie in:
    "in X, <state>" labelled an organisation as a whole (both parts are places, after a locative
    word), or "<town>, <province>" with only the province mislabelled (a state or
    province written after a place mention is a place). Y must be a state, province or country
    the gazetteer knows; X need not be known (it then falls back to Y)."""
    out: list[tuple[int, int]] = []
    ends = {e for _, e in spans}
    for a, b, label in entities:
        if label not in _CUED_LABELS or any(s < b and a < e for s, e in spans):
            continue
        pair = _COMMA_PAIR.fullmatch(text, a, b)
        if pair is not None:
            if _area_name(pair.group("y"), gazetteer) and _LOCATIVE_BEFORE.search(text, max(0, a - 30), a):
                out += [pair.span("x"), pair.span("y")]
            continue
        gap = next((e for e in ends if e < a and _COMMA_GAP.fullmatch(text, e, a)), None)
        if gap is not None and text[a:b][:1].isupper() and _area_name(text[a:b], gazetteer):
            out.append((a, b))
    return out


# "Rep. Torrey Westrom, R-Elbow Lake,", "James Clyburn, D-S.C.,": US politicians' party and home.
_PARTY_PLACE = re.compile(r"\b(?:D|R|I|DFL)-(?P<name>(?:[A-Z]\.\s?){2}|[A-Z][a-z]{1,4}\.|[A-Z][\w'.]+(?:\s[A-Z][\w'.]+){0,2})(?=\s?[,);]|\.(?:\s|$)|\s+[^\w\s])")
# "Becker, Clay, Douglas and Wilkin counties": a list of names before a plural kind word.
_LIST_NAME = r"[A-Z][\w'\u2019.]*(?:\s[A-Z][\w'\u2019.]*){0,2}"
_PLURAL_KIND = {"counties": " County", "parishes": " Parish", "townships": " Township", "states": "", "provinces": "",
                "towns": "", "cities": "", "villages": ""}
_NAME_LIST = re.compile(
    rf"(?P<names>{_LIST_NAME}(?:,\s+{_LIST_NAME})*,?\s+(?:and|or)\s+{_LIST_NAME})\s+(?P<kind>"
    + "|".join(_PLURAL_KIND) + r")\b")
# "Kalena Horhn of Grand Prairie", "Brian O'Connor, 38, of Southlake": where a person lives.
_OF_PLACE = re.compile(r"[ \t]*,?[ \t]*(?:\d{1,3},[ \t]*)?of[ \t]+(?P<name>[A-Z][\w'\u2019]+(?:[ \t][A-Z][\w'\u2019]+){0,2})(?=[,.;)]|[ \t]+(?:and|was|is|who|said|has|had)\b)")


def worded_spans(text: str, entities: Sequence[tuple[int, int, str]], *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Place names that their wording marks whatever the model labelled them: a politician's
    "D-S.C." or "R-Elbow Lake", each name of "Clarke, Madison and Oconee counties", and the
    home town after a person's name ("Kalena Horhn of Grand Prairie")."""
    out: list[tuple[int, int]] = []
    for m in _PARTY_PLACE.finditer(text):
        name = m.group("name").rstrip(",")
        if gazetteer.admin_area(name) is not None or gazetteer.lookup(name):
            out.append((m.start("name"), m.start("name") + len(name)))
    for m in _NAME_LIST.finditer(text):
        suffix = _PLURAL_KIND[m.group("kind")]
        base = m.start("names")
        for part in re.finditer(_LIST_NAME, m.group("names")):
            name = part.group(0)
            if name in ("and", "or") or not gazetteer.lookup(name + suffix) and not (suffix == "" and gazetteer.is_place(name)):
                continue
            out.append((base + part.start(), base + part.end()))
    for a, b, label in entities:
        if label != "PERSON":
            continue
        m = _OF_PLACE.match(text, b)
        if m is not None and any(c.is_city or c.is_admin for c in gazetteer.lookup(m.group("name"))):
            out.append(m.span("name"))
    return out


# Evidence that a name is a person's in this article: a title before it, a speech verb after it.
_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Col|Sgt|Capt|Lt|Det|Rev|Prof|[Cc]oach|[Jj]udge|[Oo]fficer|[Pp]resident|"
    r"[Mm]ayor|[Cc]hief|[Pp]astor|[Cc]ommissioner|[Ss]heriff|[Dd]eputy|[Tt]rooper|[Ss]enator|[Ss]peaker)\.?[ \t]+$")
_PERSON_AFTER = re.compile(
    r"(?:['\u2019]s[ \t]+(?:lawyers?|attorneys?|wife|husband|mother|father|son|daughter|family|defen[cs]e|trial|"
    r"sentence|arrest|attorney)|[ \t]+(?:said|says|told|added|asked|recalled|declined|explained|noted|stated|claims|"
    r"insists|comments|wrote|testified|pleaded|reported|was[ \t]+(?:arrested|charged|born|sentenced)))\b")


# Second words of a two-word "PERSON" entity that show the model mislabelled an organisation.
_NOT_SURNAMES = frozenset({"police", "commonwealth", "mayor", "council", "county", "city", "township", "fire",
                           "department", "board", "schools", "school", "high", "sheriff", "university", "college"})


def _person_names(text: str, names: set[str], entities: Sequence[tuple[int, int, str]],
                  mentions: Sequence[tuple[int, int, str]]) -> set[str]:
    """Names that this article also uses for a person: the first or last name of a PERSON entity
    ("Jerry West", "Kristina Lee"), or a mention (outside the place spans: "Tbilisi says" of a
    place is its government speaking) with a title before it or a speech verb after it ("coach
    Ripley", "Fairfield declined")."""
    out: set[str] = set()
    for a, b, label in entities:
        if label == "PERSON":
            words = text[a:b].split()
            if len(words) > 1 and words[-1] in names:
                out.add(words[-1])
            if len(words) == 2 and words[0] in names and words[1][:1].isupper() and words[1].lower() not in _NOT_SURNAMES:
                out.add(words[0])
    for start, end, name in mentions:
        if name not in out and (_TITLE_BEFORE.search(text, max(0, start - 20), start)
                                or _PERSON_AFTER.match(text, end)):
            out.add(name)
    return out


def held_place(tokens: Sequence[str], gazetteer: Gazetteer) -> tuple[int, int] | None:
    """Token range [i, j) of a place named inside an organisation or facility name: a leading
    one ("the Mansfield Police Department", "Texas A&M University") or one after a final "of"
    ("University of Michigan"). Never the whole name, and only capitalised gazetteer places."""
    n = len(tokens)
    start = 1 if n and tokens[0].lower() == "the" else 0
    for length in (3, 2, 1):
        j = start + length
        if j >= n:  # the place must leave words of the organisation's own name
            continue
        words = tokens[start:j]
        if words[0].lower() in SETTLEMENT_PREFIXES:
            break  # "Colonia Roma", "Ejido Jalapa": the prefix is no town of its own
        if tokens[j] in ("-", "&", "'s", "\u2019s") and length == 1:  # "Wal-Mart", "Johnson & Johnson"
            continue
        if all(w[:1].isupper() for w in words) and (
                _held_ok(" ".join(words), gazetteer) or tokens[j] in _LOCAL_BODIES and _town_named(" ".join(words), gazetteer)
                and not (tokens[j] in _SCHOOL_WORDS and gazetteer.is_common_word(" ".join(words)))):
            return start, j
    for k in range(n - 2, 0, -1):
        # "University of Michigan"; "St. John's Lutheran School in Lombard", where the tagger ran
        # the school and its town together
        if tokens[k].lower() in ("of", "in"):
            words = tokens[k + 1:]
            if 0 < len(words) <= 3 and all(w[:1].isupper() for w in words) and _held_ok(" ".join(words), gazetteer):
                return k + 1, n
            break
    return None


# Words after a town's name in the name of its own public bodies: "the Concord Police Department",
# "Grand Ledge Police Officers", "Wamego Seniors Center". Before them a town of any size is meant.
_LOCAL_BODIES = frozenset({
    "Police", "Sheriff", "Sheriff's", "Sheriff\u2019s", "Fire", "City", "County", "Township", "Town", "Village",
    "Borough", "Public", "Community", "Seniors", "Senior", "Municipal", "Council", "Parks", "Volunteer", "Housing",
    "Planning", "Elementary", "Middle", "High"})  # not "Department": "Justice Department"
_SCHOOL_WORDS = frozenset({"Elementary", "Middle", "High"})  # "Kennedy Elementary" is named after a person


def _town_named(name: str, gazetteer: Gazetteer) -> bool:
    """A town or admin area bears this capitalised name (not merely as an alternate name)."""
    if gazetteer.demonym(name) is not None or name.lower() in _GENERIC_WORDS or len(name) < 3:
        return False
    key = normalise_name(name)
    return any((c.is_city or c.is_admin) and _own_name(c, key) for c in gazetteer.lookup(name))


# "Ar-Raqqa", "Al-Hasakeh": a hyphenated Arabic article, which gazetteers spell in several ways.
_HYPHEN_ARTICLE = re.compile(r"^(?:A[lrsdntz]|E[ls]|Ash|Ad)-(?=[A-Z])")


def _town_known(name: str, gazetteer: Gazetteer) -> bool:
    """A town or admin area is known by this name, its own or an alternate one (with or without
    a hyphenated article): after a word that only ever precedes a place ("near X")."""
    if gazetteer.demonym(name) is not None or name.lower() in _GENERIC_WORDS or len(name) < 3:
        return False
    bare = _HYPHEN_ARTICLE.sub("", name)
    return any(c.is_city or c.is_admin for n in {name, bare} for c in gazetteer.lookup(n))


# "the area of Syhnalne, Donetsk.", "Logobou, Tapoa)": a country or first-level area after a name
# and a comma, closing the clause. The model often leaves such a trailing area untagged.
_AREA_AFTER_NAME = re.compile(
    r"(?<=[A-Za-z\u00c0-\u024f'\u2019])[ \t]*,[ \t]+(?P<area>[A-Z][\w'\u2019]+(?:[ -][A-Z][\w'\u2019]+){0,2})"
    r"(?=[ \t]*(?:[.;:)]|$|,[ \t]+(?:killing|injuring|wounding|and|as|where|during|following|after)\b))")


def area_after_name_spans(text: str, spans: Sequence[tuple[int, int]], *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Countries and first-level areas written after a capitalised name and a comma at the end of
    a clause ("near Syhnalne, Donetsk."), which overlap none of ``spans``."""
    ordered = sorted(spans)
    out = []
    for m in _AREA_AFTER_NAME.finditer(text):
        a, b = m.span("area")
        word_start = text.rfind(" ", 0, m.start()) + 1
        if not text[word_start:word_start + 1].isupper() or _overlaps(ordered, a, b):
            continue
        name = m.group("area")
        key = normalise_name(name)
        if any((c.is_country or c.feature_code == "ADM1") and _own_name(c, key) for c in gazetteer.lookup(name)):
            out.append((a, b))
    return out


def state_after_spans(text: str, spans: Sequence[tuple[int, int]], *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """The spans with each state abbreviation written after a place and a comma added as a
    place of its own ("Bethel, Vt.", "Paris, Tenn."), and a span cut before an abbreviation's
    closing period given it back (the tagger reads "Vt" and a full stop)."""
    out = []
    for s, e in spans:
        if text[e:e + 1] == "." and gazetteer.admin_area(text[s:e]) is None and gazetteer.admin_area(text[s:e + 1]):
            e += 1
        out.append((s, e))
    ordered = sorted(out)
    for s, e in list(ordered):
        m = _STATE_AFTER.match(text, e)
        if m is None or gazetteer.admin_area(m.group(1)) is None:
            continue
        a, b = m.span(1)
        if not _overlaps(ordered, a, b):
            out.append((a, b))
    return sorted(set(out))


def _held_ok(name: str, gazetteer: Gazetteer) -> bool:
    if gazetteer.demonym(name) is not None or name.isupper() and gazetteer.country(name) is None:
        return False
    if gazetteer.country(name) is not None:  # "U.S. Department of Justice"
        return True
    if " " not in name and (name.lower() in _GENERIC_WORDS or not name.isalpha() or len(name) < 3):
        return False
    # the name a place bears, not one of its alternate names ("Human Rights Watch" is not in Uman)
    key = normalise_name(name)
    return gazetteer.is_place(name) and any(_own_name(c, key) for c in gazetteer.lookup(name))


# Local features that no gazetteer of towns holds: streets, waters, parks. Local news names them
# as places ("a crash on Wichita Drive", "the Neches River"); the places stage puts them at the
# town the article is about. The kind word fixes their GeoNames-style class and code.
_STREET_KINDS = ("Street", "St.", "Drive", "Dr.", "Road", "Rd.", "Avenue", "Ave.", "Lane", "Boulevard",
                 "Blvd.", "Parkway", "Pkwy.", "Circle", "Pike", "Highway", "Hwy.", "Turnpike", "Expressway",
                 "Freeway")
_WATER_KINDS = ("River", "Creek", "Lake", "Bay", "Reservoir", "Pond", "Harbor", "Harbour")
_LAND_KINDS = ("Park", "Island", "Islands", "Forest", "Mountain", "Mountains", "Canyon", "Beach", "Wilderness")
_LOCAL_CLASS = {**{k: ("R", "RD") for k in _STREET_KINDS}, **{k: ("H", "STM") for k in _WATER_KINDS},
                **{k: ("L", "PRK") for k in _LAND_KINDS}, "Lake": ("H", "LK"), "Pond": ("H", "LK"),
                "Reservoir": ("H", "RSV"), "Bay": ("H", "BAY"), "Island": ("T", "ISL"), "Islands": ("T", "ISLS"),
                "Mountain": ("T", "MT"), "Mountains": ("T", "MTS")}
_LOCAL_KIND_RE = "|".join(re.escape(k) for k in sorted(_LOCAL_CLASS, key=len, reverse=True))
# One to three capitalised name words (or an ordinal: "East Fourth Street", "North 7th St.") and
# the kind word; "Lake Lanier", "Mount Hood" with the kind word first.
_LOCAL_WORD = r"(?:[A-Z][a-z][\w'\u2019]*|[A-Z]\.|\d+(?:st|nd|rd|th))"
_LOCAL_FEATURE = re.compile(
    # "Dr." and "St." before a name are a title and a saint ("Superintendent Dr. Ruiz").
    rf"\b(?P<name>(?:{_LOCAL_WORD}\s){{1,3}})(?P<kind>{_LOCAL_KIND_RE})(?![\w-])(?<!\.(?=\s[A-Z]))"
    rf"|\b(?P<kind2>Lake|Mount|Mt\.)\s(?P<name2>[A-Z][a-z][\w'\u2019]*(?:\s[A-Z][a-z][\w'\u2019]*)?)\b")
# Words that begin a sentence or a title, not a name: "The Park", "Our Lake", "This Street".
_NOT_LOCAL_NAMES = frozenset({"the", "a", "an", "this", "that", "our", "their", "his", "her", "its", "new",
                              "old", "main", "state", "national", "city", "county", "public", "private", "high",
                              "federal", "u.s.", "interstate", "memorial", "theme", "amusement", "business",
                              "industrial", "office", "water", "trailer", "mobile", "ball", "car", "skate"})


def local_feature_kind(name: str) -> tuple[str, str] | None:
    """GeoNames-style (class, code) of a street, water or park name by its kind word, else None:
    "Wichita Drive" -> ("R", "RD"), "Neches River" -> ("H", "STM"), "Lake Lanier" -> ("H", "LK")."""
    words = name.split()
    if len(words) < 2:
        return None
    if words[0] in ("Lake", "Mount", "Mt."):
        return ("H", "LK") if words[0] == "Lake" else ("T", "MT")
    return _LOCAL_CLASS.get(words[-1])


def local_feature_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Streets, waters and parks named by their wording ("on Kelley Lane", "the Catawba River",
    "Lake Hartwell") that overlap none of ``spans``. The name's first word must be a name, not a
    determiner or a generic adjective ("The Park", "State Park"); "Main" only leads a street."""
    ordered = sorted(spans)
    out = []
    for m in _LOCAL_FEATURE.finditer(text):
        s, e = m.span()
        words = text[s:e].split()
        first = words[0]
        if len(words[-2]) == 2 and words[-2].endswith(".") and m.group("kind"):
            continue  # "Virginia L. Lane": a person's initial and surname
        if first.lower() in _NOT_LOCAL_NAMES and not (first == "Main" and m.group("kind") in _STREET_KINDS):
            continue
        if _overlaps(ordered, s, e):
            continue
        out.append((s, e))
    return out


# "Catole do Rocha", "Foz do Iguacu", "Mato Grosso do Sul", "San Jose del Monte": Portuguese and
# Spanish names joined by a lowercase particle, which the tagger cuts at the particle.
_JOINED_TAIL = re.compile(r"[ \t]+(?:do|da|dos|das|de|del|de[ \t]+la|de[ \t]+las|de[ \t]+los|di|du)[ \t]+"
                          r"[A-Z][\w'\u2019]+(?:[ \t][A-Z][\w'\u2019]+)?")


_JOINED_HEAD = re.compile(r"(?<![\w'\u2019])[A-Z][\w'\u2019]+(?:[ \t][A-Z][\w'\u2019]+)?[ \t]+"
                          r"(?:do|da|dos|das|de|del|de[ \t]+la|de[ \t]+las|de[ \t]+los|di|du)[ \t]+$")


def joined_spans(text: str, spans: Sequence[tuple[int, int]], *, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Spans with a particle-joined tail added where the gazetteer knows the longer name
    ("Catole" + " do Rocha"); the longest known extension wins, and spans inside an extended
    one are dropped."""
    out: list[tuple[int, int]] = []
    tails: list[tuple[int, int]] = []  # the text each extension took in
    for s, e in sorted(spans):
        m = _JOINED_TAIL.match(text, e)
        if m is not None:
            tail = m.group(0)
            words = tail.split()
            # the tail with its second capitalised word, then without it
            for end in (m.end(), e + tail.rfind(" " + words[-1]) if len(words) > 2 and words[-2][:1].isupper() else -1):
                if end > e and gazetteer.lookup(text[s:end]):
                    tails.append((e, end))
                    e = end
                    break
        head = _JOINED_HEAD.search(text, max(0, s - 40), s)
        if head is not None and gazetteer.lookup(text[head.start():e]):  # "Catole do" + "Rocha"
            tails.append((head.start(), s))
            s = head.start()
        out.append((s, e))
    return sorted({sp for sp in out if not any(a <= sp[0] and sp[1] <= b for a, b in tails)})
