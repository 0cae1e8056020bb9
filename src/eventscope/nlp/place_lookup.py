"""Gazetteer lookup for the places stage: what features a written place name and its qualifier may be.

:mod:`eventscope.nlp.places` scores and picks among the candidates found here; this module only
turns text into candidate features, with no scoring and no article context:

- :func:`_candidates` / :func:`_candidates_of`: the features a mention may name, trying the
  forms the news writes a name in ("Ar-Raqqa", "Platte Co.", "Kerman province", "North Texas",
  "South Ossetian", a sound-alike "Banghazi") and dropping features the name cannot mean (a
  province for its big namesake city, a town that only lists the name as an alternate),
- :func:`_check_sounds`: keeps a sound-alike match only where the article's other places point,
- :func:`find_qualifiers`, :func:`qualifier_fallbacks` and :func:`_qualifier_entries`: the
  ", Kazakhstan" / ", Ill." / "(Y, Z)" after a name and the features it names,
- :func:`_name_key`: one key per place an article names ("Tripoli City" is "Tripoli").

It was split out of :mod:`eventscope.nlp.places` to keep that module small; it never imports
``places`` (no cycle), and ``places`` re-exports the public functions, so
``eventscope.nlp.places.find_qualifiers`` and the rest keep working.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..resources.gazetteer import GeoEntry, Gazetteer
from .place_mentions import (
    _DIRECTIONS,
    _KIND_WORDS,
    _PART_WORDS,
    _POSSESSIVE,
    _is_abbreviation,
    _own_name,
    normalise_name,
    settlement_prefixed,
)

__all__ = ["find_qualifiers", "qualifier_fallbacks"]


_CITY_PART_WORDS = frozenset(_DIRECTIONS + ("downtown", "greater", "central", "metro", "inner"))
# After "Name, ": a capitalised word or an AP state abbreviation ("Ill.", "N.Y.").
_COMMA = re.compile(r"[ \t]*,[ \t]*")
_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z]\.){2}|[A-Z][A-Za-z]{1,4}\.|[A-Z]{2}\b)")
_PAREN = "\x00"  # marks a qualifier taken from parentheses ("X (Y, Z)"), not from "X, Y"


def _strip_kind(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _KIND_WORDS:
        words.pop()
    return " ".join(words)


# Arabic articles and name-forming particles ("Al", "Abu", "Ras", "Bir", "Tin" in "Ras al-Ain",
# "Bir al-Abd", "Tin Zaouaten") and Romance articles ("La", "Nuevo"): written alone in title
# case they are a piece of a longer name cut by the tagger, never a place of their own. All-caps
# "LA" (Los Angeles) is an abbreviation and is kept.
_NAME_PARTICLES = frozenset({
    "Al", "El", "Ar", "As", "Ad", "An", "At", "Az", "Ash", "Ath", "Adh", "Abu", "Abou", "Umm",
    "Bir", "Ras", "Tin", "Ain", "Ait", "Bani", "Beni", "Bin", "Ibn", "Wadi", "Jabal", "Jebel", "Tal",
    "Tel", "Deir", "Kafr", "Kfar", "Sidi", "La", "Las", "Los", "Le", "Les", "De", "Del", "Nuevo",
    "Nueva", "Nuevos", "Nuevas",
})
# A hyphenated article before a name: "Ar-Raqqa", "Al-Hasakah", "As-Suwayda", "Ad-Dali".
_ARTICLE_PREFIX = re.compile(r"(?i)^(?:al|el|a[rsdntz]|ash|ath|adh|esh|es|er|ed|en|et|ez)[-\u2010\u2011 ]+(?=\w{3})")


def _article_variants(name: str) -> list[str]:
    """ "Ar-Raqqa" -> ["Raqqa", "Al Raqqa"]: GeoNames spells the article inconsistently (assimilated
    "Ar"/"As" vs "Al", hyphen vs space, or leaves it out), so try the bare name and the "Al" form."""
    m = _ARTICLE_PREFIX.match(name)
    if m is None:
        return []
    rest = name[m.end():]
    # Only a hyphenated article is surely one ("Al Amir" may be a name of its own whose bare
    # "Amir" is a namesake elsewhere); the assimilated "As Shaab" is still tried as "Al Shaab".
    hyphenated = "-" in m.group(0) or "\u2010" in m.group(0) or "\u2011" in m.group(0)
    return [rest, "Al " + rest] if hyphenated else ["Al " + rest]


def _candidates(name: str, gazetteer: Gazetteer) -> list[GeoEntry]:
    cands = _candidates_of(name, gazetteer)
    word = name.strip()
    if word.rstrip(".") in _ABBREVIATED_KINDS:
        return []  # "St.", "North", "Central" alone: a piece of a longer name or a direction
    if word.isupper() and len(word.replace(".", "")) <= 3 and gazetteer.admin_area(word) is None:
        # "ER", "GOP", "ATF": an acronym is a town's alternate name only for big cities ("NYC");
        # four capitals may be a dateline's town ("HUME")
        cands = [c for c in cands if not c.is_city or c.population >= _ALIAS_MIN_POPULATION]
    return cands


_ABBREVIATED_KINDS = frozenset({"St", "Mt", "Ft", "Pt", "Ste"})


def _candidates_of(name: str, gazetteer: Gazetteer, *, sound: bool = True) -> list[GeoEntry]:
    written = name.strip()
    if name.strip() in _NAME_PARTICLES:
        # ... unless a city bears the word as its own name: "(Beni, Nord-Kivu)"
        key = normalise_name(name)
        return [c for c in gazetteer.lookup(name)
                if c.is_city and normalise_name(c.name) == key and c.population >= _ALIAS_MIN_POPULATION]
    area = gazetteer.admin_area(name)
    if area is not None:  # "Ill.", "B.C.", "NSW"
        return [area]
    code = gazetteer.demonym(name)
    if code is not None:  # gold toponyms sometimes are adjectives: "Russian" -> Russia
        country = gazetteer.country(code)
        if country is not None:
            return [country]
    cands = gazetteer.lookup(name)
    if not cands and settlement_prefixed(name.strip()):
        return []  # "Colonia Roma" unknown: the neighbourhood is no Cologne ("Colonia")
    if not cands:
        stripped = _POSSESSIVE.sub("", name.strip())
        if stripped != name.strip():
            cands = gazetteer.lookup(stripped)
    if not cands:
        cands = _adjective_place(name.strip(), gazetteer)
    if not cands:  # "Platte Co.", "Madison Twp.": the kind word written out
        words = name.strip().rsplit(maxsplit=1)
        kind = _KIND_ABBREVIATIONS.get(words[-1].lower().rstrip(".")) if len(words) == 2 else None
        if kind is not None:
            name = f"{words[0]} {kind}".strip()
            cands = gazetteer.lookup(name)
    if not cands:  # "Kerman province", "Dhalai district", "Baidoa town": the name without its kind
        words = name.strip().rsplit(maxsplit=1)
        if len(words) == 2 and words[1].lower() in _KIND_WORDS:
            cands = gazetteer.lookup(words[0])
    if not cands:
        for variant in _article_variants(name.strip()):
            cands = gazetteer.lookup(variant)
            if cands:
                break
    if not cands and sound and _sounds_like_name(written, gazetteer):
        cands = gazetteer.sound_alike(written)  # "Banghazi", "Kharkov": another transliteration
    if not cands and _ARTICLE_PREFIX.match(name.strip()):
        return []  # "Ar-Raqqa" unknown: its article is no city ("Ar" -> Arras)
    if not cands and re.fullmatch(r"[A-Z][\w']+-[A-Z][\w' -]+", name.strip()):
        # "Mogadishu-Hodan", "Donetsk-Kirovskyi": a district written after its city
        cands = [c for c in gazetteer.lookup(name.strip().split("-", 1)[0]) if c.is_city]
    if not cands:  # "North Texas", "southern Sudan", "Greater Manchester": the part named
        words = name.strip().split(maxsplit=1)
        if len(words) == 2 and words[0].lower() in _PART_WORDS:
            cands = [c for c in gazetteer.lookup(words[1]) if not c.is_city or words[0].lower() in _CITY_PART_WORDS]
    # A province named after its main city ("Herat", "New York") means the city when the city
    # is a good part of it; a county sharing a town's name likewise.
    key = normalise_name(name)
    big_cities: dict[tuple[str, str | None], int] = {}
    county_towns: set[tuple[str, str | None]] = set()
    for c in cands:
        if c.is_city:
            k = (c.country, c.admin1)
            big_cities[k] = max(big_cities.get(k, 0), c.population)
            # Only a town bearing the county's name, and one the gazetteer knows as a town, hides
            # it: "Kanawha" (an alternate name of Charleston) and "Raleigh" (a post office in
            # Raleigh County) still name the county.
            if c.geonameid is not None and normalise_name(c.name) == key:
                county_towns.add(k)
    # US states keep their name ("New York" in US news is mostly the state).
    cands = [
        c for c in cands
        if not (c.is_admin and (c.country, c.admin1) in big_cities
                and ((c.feature_code == "ADM2" and (c.country, c.admin1) in county_towns)
                     or (c.feature_code != "ADM2" and c.country != "US"
                         and big_cities[(c.country, c.admin1)] >= 0.25 * c.population)))
    ]
    # "Almaty" is the city, not "Almaty Oblysy" found through its generic suffix.
    # A hamlet of that name does not count: "Guizhou" is the province, not a village called Guizhou.
    # A county only yields to a town of its name in the same state: DeKalb, Illinois does not
    # make "DeKalb" (County) in Georgia a town.
    named_cities: dict[tuple[str, str | None], int] = {}
    for c in cands:
        if c.is_city and normalise_name(c.name) == key:
            for k in ((c.country, None), (c.country, c.admin1)):
                named_cities[k] = max(named_cities.get(k, 0), c.population)

    def yields(c: GeoEntry) -> bool:
        town = named_cities.get((c.country, c.admin1 if c.feature_code == "ADM2" else None), 0)
        return town > 0 and town >= min(_NAMED_CITY_MIN, 0.05 * c.population)

    cands = [c for c in cands if not (c.is_admin and normalise_name(c.name) != key and yields(c))]
    # A bare county name never stands for the state or country of that name ("Ohio" is no Ohio County).
    if any((c.is_country or c.feature_code == "ADM1") and _own_name(c, key) for c in cands):
        cands = [c for c in cands if not (c.feature_code == "ADM2" and not _own_name(c, key))]
    # Towns that merely list the name among their alternate names ("Moscow" for some Dalton,
    # "Jerusalem" for some Funkstown) only count when no feature bears the name itself, unless
    # they are big (a city's old or foreign name: "Bombay", "Mecca").
    if any(_own_name(c, key) for c in cands):
        cands = [c for c in cands if _own_name(c, key) or not c.is_city or c.population >= _ALIAS_MIN_POPULATION]
    # A country name means the country (or a namesake town), not a city that has it as a
    # by-name ("Mexico" is not Mexico City).
    if any(c.is_country and normalise_name(c.name) == key for c in cands):
        cands = [c for c in cands if normalise_name(c.name) == key or c.is_country]
    return cands


_ALIAS_MIN_POPULATION = 100_000


def _sounds_like_name(name: str, gazetteer: Gazetteer) -> bool:
    """May this unknown name be another spelling of a known one? A capitalised word or two, no
    acronym, common word or demonym."""
    words = name.split()
    return (0 < len(words) <= 2 and all(w[:1].isupper() and not w.isupper() for w in words)
            and not gazetteer.is_common_word(name) and gazetteer.demonym(name) is None)


def _by_sound(text: str, entry: GeoEntry, gazetteer: Gazetteer) -> bool:
    """Was this mention resolved only through its sound (no exactly spelt candidate)?"""
    return (entry.is_city or entry.feature_code == "ADM1") and not _candidates_of(text, gazetteer, sound=False)


_SOUND_CONFIDENCE = 0.6  # a different spelling may also be a different place


def _check_sounds(by_span: dict[tuple[int, int], tuple[GeoEntry | None, float]], spans: Sequence[tuple[int, int]],
                  texts: Sequence[str], gaz: Gazetteer, *, extra: Sequence[str]) -> None:
    """Keep a place found only by its sound ("Kharkov" -> Kharkiv) when the article's other
    places or peoples are in its country, at a lower confidence; else leave the mention
    unresolved: an unknown village's name often sounds like some big city far away."""
    sounded = [(sp, text) for sp, text in zip(spans, texts)
               if (hit := by_span.get(sp)) is not None and hit[0] is not None and _by_sound(text, hit[0], gaz)]
    if not sounded:
        return
    found = {sp for sp, _ in sounded}
    countries = {e.country for sp, (e, _) in by_span.items() if e is not None and sp not in found and e.country}
    countries.update(extra)
    for sp, text in sounded:
        entry, confidence = by_span[sp]
        assert entry is not None
        if entry.country in countries:
            by_span[sp] = (entry, round(_SOUND_CONFIDENCE * confidence, 3))
        else:
            by_span[sp] = (None, 0.0)


# Kind words as the news abbreviates them.
_KIND_ABBREVIATIONS = {
    "co": "County", "cnty": "County", "twp": "Township", "twsp": "Township", "par": "Parish",
    "lga": "",  # a Nigerian Local Government Area bears its town's name
}


_NAMED_CITY_MIN = 100_000  # a city this big named like a province is the one meant ("Almaty")


def _adjective_place(name: str, gazetteer: Gazetteer) -> list[GeoEntry]:
    """ "South Ossetian" -> South Ossetia, "European" -> Europe, "Abkhaz" -> Abkhazia: adjectives of
    regions and continents that the demonym list lacks. Only areas qualify, never towns."""
    if not name[:1].isupper() or len(name) < 5:
        return []
    if name.endswith("ans"):  # plurals: "Ohioans", "South Ossetians"
        name = name[:-1]
    stems: list[str] = []
    if name.endswith("an"):
        # Ossetia-n, Europe-an, Tibet-an, Ohio-an, Florid-ian, Texa-n (Texas)
        stems += [name[:-1], name[:-2], name[:-3] + "a", name[:-1] + "s"]
    if name.endswith(("ese", "ish")):
        stems += [name[:-3], name[:-3] + "a"]
    if name.endswith("i") and not name.endswith("ii"):
        stems.append(name[:-1])  # Dagestan-i
    stems.append(name + "ia")
    for stem in stems:
        found = [c for c in gazetteer.lookup(stem) if not c.is_city and c.feature_code != "ADM2"]
        if found:
            return found
    return []


def _qualifier_entries(qualifier: str | None, gazetteer: Gazetteer) -> list[GeoEntry]:
    """Features a qualifier names: "Kazakhstan", "Ill.", or the parts of a parenthesised
    "(Al Husha, Ad Dali)" - countries and states, and districts or towns (``_PAREN`` marks those)."""
    if not qualifier:
        return []
    if qualifier.startswith(_PAREN):
        out: list[GeoEntry] = []
        for part in qualifier[len(_PAREN):].split(","):
            part = _strip_kind(part.strip())
            if not part:
                continue
            area = gazetteer.admin_area(part)
            if area is not None:
                out.append(area)
                continue
            if _is_abbreviation(part):
                continue  # "(UP)" is no town whose alternate name happens to be "Up"
            found = _candidates(part, gazetteer)
            out.extend(e for e in found[:5] if e.is_country or e.is_admin)
            towns = [e for e in found if e.is_city]
            if towns and not any(e.is_admin for e in found):
                out.append(towns[0])  # "(Lahore)": the biggest town of that name
        return out
    area = gazetteer.admin_area(qualifier)
    if area is not None:
        return [area]
    return [e for e in gazetteer.lookup(qualifier) if e.is_country or e.feature_code == "ADM1"]


def find_qualifiers(text: str, spans: Sequence[tuple[int, int]]) -> list[str | None]:
    """For each span, the place mention or state abbreviation right after ``", "`` (else None)."""
    ends = dict(spans)
    out: list[str | None] = []
    for _, end in spans:
        comma = _COMMA.match(text, end)
        if comma is not None and comma.end() in ends:  # "Almaty, Kazakhstan": the next mention
            out.append(text[comma.end():ends[comma.end()]])
            continue
        m = _QUALIFIER.match(text, end)
        out.append(m.group(1) if m is not None else None)
    return out


def _name_key(name: str, gazetteer: Gazetteer) -> str:
    """One key per place an article names: "Tripoli City" is "Tripoli" when the gazetteer knows
    no place called "Tripoli City" (unlike "Kansas City"), so neither is context for the other."""
    key = normalise_name(name)
    stripped = _strip_kind(name)
    if stripped != name and not gazetteer.lookup(name):
        return normalise_name(stripped)
    return key


def qualifier_fallbacks(text: str, spans: Sequence[tuple[int, int]],
                        qualifiers: Sequence[str | None]) -> list[bool]:
    """For each span, may its place fall back to the area its qualifier names (:func:`resolve_all`'s
    ``area_fallback``)? Yes for "Petrovskoye, Donetsk" or "Holliday, Mo.", not inside a list of
    places ("Clay, Douglas, Becker counties"; "Wajir, Mandera and Garissa"), where the next name is
    no qualifier; a state abbreviation is one even in a list ("Paris, Tenn., and Paris, Texas")."""
    starts = {s: e for s, e in spans}
    out = []
    for (_, end), q in zip(spans, qualifiers):
        if not q or q.startswith(_PAREN):
            out.append(False)
            continue
        comma = _COMMA.match(text, end)
        q_end = starts.get(comma.end()) if comma is not None else None
        if q_end is None:  # an abbreviation found by the pattern ("Ill."), not a mention
            out.append(True)
            continue
        nxt = _LIST_NEXT.match(text, q_end)
        out.append(nxt is None or nxt.end() not in starts)
    return out


_LIST_NEXT = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)")
