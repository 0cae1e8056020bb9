"""Places stage: resolve GPE/LOC/FAC mentions to gazetteer features and find the focus country.

Disambiguation scores each candidate feature of a mention by

- a population prior (log10),
- the feature type: countries and first-level admin areas over towns of the same name, capitals
  over other towns, the feature's own name over one of its alternate names, a county or district
  named bare ("Butte") below the towns of that name,
- the article's context: countries (and US states / provinces) that the article's other,
  confidently resolved places, its demonyms ("Afghan") and its dictionary actors ("Hezbollah")
  point to (a country none of several mentions points to is marked down); a name said several
  times counts less than as many names; a state counts by its share of the article's placed
  mentions (twelve Nebraska towns outweigh one New York place),
- a qualifier: "Almaty, Kazakhstan" or "Springfield, Ill." keeps the Almaty in KZ, the
  Springfield in Illinois; a small place known only outside the state or country its qualifier
  names ("Petrovskoye, Donetsk") resolves to that area,
- nearness to candidates of the article's other names (spatial coherence; the towns of a name
  that names a country or a big state, "Oregon", "Lebanon", give no such evidence) and to the
  anchors' towns, failing those to the likeliest towns of the other, still ambiguous names,
- a township ("Jerome Township") only in a state the article names,
- famous names: a bare "Delaware" or "Egypt" is the state or country, so towns of that name are
  marked down (no nearness bonus either) unless a qualifier names them; a small town that only
  lists a name among its alternate names yields to features bearing that name, and a capital
  reached through an alternate name ("Philadelphia" of Amman) yields to a city bearing it; a
  country's name beside two or more places of one other country and nothing of its own (the
  Lebanon beside Myerstown and Grantville) is marked down like any absent country,
- minor localities (the gazetteer's US post-office towns, no population known) only where the
  article's context is mostly their country (for spans known to be places, also where it points
  nowhere at all), and beside a famous namesake only with their own state as qualifier or a
  place of the article within 30 km; a GeoNames town listed with no population counts as 500
  (what put it in cities500).

Resolution is two-pass: first without context to find anchors (countries, states, unambiguous
places; a country or state that shares its name with an area elsewhere, "Georgia", only with a
clear margin), then every mention again with the anchors' countries and admin areas as context,
plus the countries the still ambiguous mentions probably lie in (at less weight). "Tripoli City"
and "Tripoli" count as one name; a name written once with a qualifier ("New Haven, Conn.") is
that place wherever it is written bare (also where the next item of a list stood as its
"qualifier": "Denver, Indianapolis, Louisville, Ky."); a state's or country's name inside a list
("Georgia, Oklahoma, Pennsylvania") takes no qualifier from the next item. A small town in a
country none of several other mentions points to is left unresolved ("Heathrow" beside London),
and a street, water or park the gazetteer does not know ("Kelley Lane", "the Neches River") is
placed at the town the article names nearest to it (else its state, else its country), with its
own feature class (R, H, L, T) and lower
confidence; :func:`resolve_spans`, given spans known to be places, places any unknown name so.
A bare town name the model took for a person or an organisation is a place where the town lies
within 30 km of the article's towns ("Gainesville" beside Hall County). A name with no exact
match may be another transliteration of a big city or a state ("Banghazi" for Benghazi): such
a sound-alike is kept, at lower confidence, only in a country the article's other places, peoples
or actors point to.

Demonyms ("Russian") stay country context here; :func:`demonym_places` turns them into places for
evaluation conventions that count them as toponyms.

The mentions come from the model's GPE/LOC/FAC entities plus the place names found by their
wording (datelines, "X (Y, Z)", "in western X (Y, Z)", "in X, <state>" whatever the
model's label, "in Gainesville", "near Svitlodarsk", towns inside organisation
names, a state abbreviation or a trailing area after a comma, names joined by "do"/"de",
streets and waters), which :mod:`eventscope.nlp.place_mentions` finds; this module resolves them.
Spatial evidence and the placing of unresolved mentions are :mod:`eventscope.nlp.place_nearby`.
The gazetteer lookup of a written name and its qualifier (candidate features, sound-alikes,
", Kazakhstan") is :mod:`eventscope.nlp.place_lookup`; this module scores and picks among them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError
from ..records import Place
from ..resources import Resources
from ..resources.gazetteer import GeoEntry, Gazetteer, haversine_km
from .extensions import doc_text
# Mention finding lives in place_mentions (it never imports this module); the public finders are
# re-exported here so ``eventscope.nlp.places`` keeps its interface.
from .place_mentions import (
    area_after_name_spans,
    _KIND_WORDS,
    _LOCAL_BODIES,
    _POSSESSIVE,
    _Pattern,
    _is_abbreviation,
    _own_name,
    _town_named,
    consistent_spans,
    admin_pair_spans,
    cued_spans,
    find_dateline,
    find_place_patterns,
    held_place,
    joined_spans,
    local_feature_spans,
    normalise_name,
    state_after_spans,
    worded_spans,
)
# Gazetteer lookup of a written name and its qualifier lives in place_lookup (it never imports
# this module); this module scores the candidates. The public qualifier helpers and the candidate
# lookup tests use are re-exported here.
# Spatial evidence and the placing of unresolved mentions live in place_nearby.
from .place_nearby import (
    _SPATIAL_K,
    is_point as _is_point,
    nearby_place,
    nearness as _nearness,
    spatial_bonus as _spatial_bonus,
    towns_beside,
)
# Mention boundaries the stage fixes (whole names, places inside organisation names).
from .place_names import (
    _LANDFORMS,
    _MODIFIER_DEPS,
    drop_money_modifiers as _drop_money_modifiers,
    held_after_region_word,
    names_money as _names_money,
    whole_names,
    with_county_word,
)
from .place_lookup import (
    _ALIAS_MIN_POPULATION,
    _PAREN,
    _adjective_place,
    _candidates,
    _check_sounds,
    _name_key,
    _qualifier_entries,
    _strip_kind,
    find_qualifiers,
    qualifier_fallbacks,
)

__all__ = [
    "Context",
    "resolve",
    "resolve_all",
    "resolve_spans",
    "held_place",
    "demonym_places",
    "find_qualifiers",
    "qualifier_fallbacks",
    "find_place_patterns",
    "find_dateline",
    "consistent_spans",
    "cued_spans",
    "worded_spans",
    "focus_country",
    "place_at",
    "PlacesComponent",
    "PLACE_LABELS",
]


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities that often hold a place name: "the Mansfield Police Department", "University of Michigan".
_HOLDER_LABELS = frozenset({"ORG", "FAC"})


@dataclass
class Context:
    """What the rest of an article says about where it is."""

    countries: Counter[str] = field(default_factory=Counter)  # ISO2 -> weight
    admin1: set[tuple[str, str]] = field(default_factory=set)  # (ISO2, admin1 code)
    points: list[tuple[float, float]] = field(default_factory=list)  # confidently placed towns/counties
    neighbours: frozenset[str] = frozenset()  # countries bordering the main context country
    # (ISO2, admin1) -> how many other mentions could lie in that admin area ("Hall County" and
    # "Georgia" both can be in US-GA, so "Gainesville" is the one in Georgia).
    support: dict[tuple[str, str], float] = field(default_factory=dict)
    # ISO2 -> how many mentions of the other names lie there (``countries`` weighs repeats less)
    mentions: Counter[str] = field(default_factory=Counter)
    # (ISO2, admin1) -> weight of the other mentions placed there (the state an article dwells on)
    states: Counter[tuple[str, str]] = field(default_factory=Counter)
    # the likeliest towns / counties of the still ambiguous other mentions (weaker than ``points``)
    soft_points: list[tuple[float, float]] = field(default_factory=list)
    given: bool = False  # the mentions are known to be places (gold spans), not the model's guesses

    @property
    def top(self) -> str | None:
        if not self.countries:
            return None
        return self.countries.most_common(1)[0][0]


@dataclass(frozen=True)
class _Scored:
    entry: GeoEntry
    score: float


_CAPITAL_ELSEWHERE = 1.0
_CAPITAL_BONUS = 2.5
_FEW_COUNTRIES = 2  # an article naming more countries is not about one other country
_ABSENT_COUNTRY = 1.0


def _score(entry: GeoEntry, key: str, context: Context, qualifier: list[GeoEntry]) -> float:
    score = math.log10(_population(entry) + 10)
    if entry.is_country:
        score += 3.0
    elif entry.feature_code == "ADM1":
        score += 1.5
    elif entry.feature_code == "PPLC":
        # A capital is the likelier namesake unless the article is plainly about another country
        # ("London" beside three "Canada"s and no Britain is London, Ontario).
        # (mentions counted one by one; demonyms and soft evidence at their weight)
        total_c = sum(context.mentions.values()) + sum(w for c, w in context.countries.items()
                                                       if c not in context.mentions)
        # ... but only an article naming few countries says that: a world capital named in an
        # article ranging over several countries keeps its prior ("Paris" beside Britain, Russia,
        # Switzerland and the US).
        elsewhere = (total_c >= 2 and not _many_countries(context)
                     and not context.countries.get(entry.country) and entry.country not in context.neighbours)
        score += _CAPITAL_ELSEWHERE if elsewhere else _CAPITAL_BONUS
    elif entry.feature_class in ("L", "H", "T") and not entry.population:
        score += 8.0  # project-written regions carry no population: rank them like big places
    elif entry.feature_code == "ADM2" and not any(w in _KIND_WORDS or w in _COUNTY_WORDS
                                                  for w in key.split()):
        score -= _BARE_ADM2
    if normalise_name(entry.name) == key:
        score += 1.0
    total = sum(context.countries.values())
    if entry.country and total:
        share = context.countries.get(entry.country, 0) / total
        if share:  # one other mention is weaker evidence than several
            score += (1.5 + 2.5 * share) * min(1.0, (total + 1) / 3)
        elif entry.country in context.neighbours:
            score += 0.75
        elif (total >= 3 or _one_country_local(context)) and not (entry.feature_code == "PPLC"
                                                                   and _many_countries(context)):
            # An article that several mentions place elsewhere is not about this country: "Gaza"
            # beside Israel and Egypt is no province of Mozambique. (A world capital in an
            # article ranging over many countries keeps its prior, as above.)
            score -= _ABSENT_COUNTRY
    if entry.admin1 and not entry.is_country:
        if (entry.country, entry.admin1) in context.admin1:
            score += _STATE_BASE + _STATE_SHARE * _state_share(context, (entry.country, entry.admin1))
        score += 2.0 * min(1.0, context.support.get((entry.country, entry.admin1), 0.0))
    if not entry.is_country and entry.feature_code != "ADM1" and entry.feature_class in ("P", "A"):
        # The anchors' towns; failing those, the likeliest towns of the other, ambiguous mentions.
        score += _nearness(entry, context.points or context.soft_points)
    best = 0.0
    for q in qualifier:
        if q == entry:
            continue
        if q.is_country and q.country == entry.country:
            best = max(best, 6.0)
        elif q.is_admin and q.feature_code != "ADM2" and q.country == entry.country and q.admin1 == entry.admin1:
            best = max(best, 8.0)
        elif _is_point(q) and not entry.is_country and haversine_km(q.lat, q.lon, entry.lat, entry.lon) < 60:
            best = max(best, 9.0)  # "Ambassa (Dhalai district, ...)": near the district named
    return score + best


def _one_country_local(context: Context) -> bool:
    """Do two or more of the article's other places lie in one country, and nothing points
    elsewhere? (Two Pennsylvania towns make a bare "Lebanon" the town.)"""
    return (len(context.mentions) == 1 and sum(context.mentions.values()) >= 2
            and len([c for c, w in context.countries.items() if w > 0.5]) == 1 and bool(context.points))


def _state_share(context: Context, state: tuple[str, str]) -> float:
    total = sum(context.states.values())
    return context.states.get(state, 0.0) / total if total else 0.0


_STATE_BASE = 1.0
_STATE_SHARE = 2.0


def _population(entry: GeoEntry) -> int:
    """The feature's population; a GeoNames town listed with none has at least the 500 that put
    it in cities500 (many towns of Yemen or Syria carry 0: "Hays", "Sarmin")."""
    if entry.population or not entry.is_city or entry.geonameid is None:
        return entry.population
    return _CITIES500_FLOOR


_CITIES500_FLOOR = 500


def _many_countries(context: Context) -> bool:
    """Does the article name more countries than an article about one or two of them would?"""
    return sum(1 for w in context.countries.values() if w >= 1.0) > _FEW_COUNTRIES


def _ranked(name: str, *, context: Context, gazetteer: Gazetteer, qualifier: str | None = None,
            cands: list[GeoEntry] | None = None, bonus: Mapping[GeoEntry, float] | None = None) -> list[_Scored]:
    if cands is None:
        cands = _candidates(name, gazetteer)
    quals = _qualifier_entries(qualifier, gazetteer)
    famous = any(not _minor(c) and (c.is_country or c.feature_code in ("ADM1", "PPLC") or c.population >= _ALIAS_MIN_POPULATION)
                 for c in cands)
    cands = [c for c in cands if not _minor(c) or _minor_ok(c, context, quals, famous=famous)]
    key = normalise_name(_POSSESSIVE.sub("", name.strip()))
    if key.rsplit(" ", 1)[-1] in _TOWNSHIP_WORDS and context.admin1:
        # A township ("Jerome Township", "Tewksbury Twp.") is found only through its bare name:
        # a town of that name counts only in a state the article names, not anywhere.
        cands = [c for c in cands if (c.country, c.admin1) in context.admin1]
    if not cands:
        return []
    extra = bonus or {}
    shadow = _shadowed(cands, key, context)
    # A shadowed town gets no nearness bonus either: that evidence tells namesake towns apart,
    # it does not make "New York" near Boston the city rather than the state.
    aliased = _aliased_capitals(cands, key)
    scored = [_Scored(c, _score(c, key, context, quals) + (extra.get(c, 0.0) if c not in shadow else -shadow[c])
                      - aliased.get(c, 0.0)) for c in cands]
    scored.sort(key=lambda s: -s.score)
    if scored and not quals and _stray(scored[0].entry, context):
        return []
    return scored


_TOWNSHIP_WORDS = frozenset({"township", "twp"})


def _aliased_capitals(cands: Sequence[GeoEntry], key: str) -> dict[GeoEntry, float]:
    """A capital reached only through one of its alternate names loses its capital's lead over a
    city that bears the name as its own: "Philadelphia" is Amman's ancient name, but a bare
    "Philadelphia" is the Pennsylvania city."""
    if not any(c.is_city and c.population >= _ALIAS_MIN_POPULATION and normalise_name(c.name) == key
               for c in cands):
        return {}
    return {c: _CAPITAL_BONUS for c in cands if c.feature_code == "PPLC" and not _own_name(c, key)}


def _stray(entry: GeoEntry, context: Context) -> bool:
    """A small town in a country that none of the article's several other places, demonyms or
    actors point to, nor a neighbour of theirs: "Heathrow" in a story about London flights is the
    airport, not the Florida town. Left unresolved rather than placed on the wrong continent."""
    if not entry.is_city or _population(entry) >= _STRAY_MAX_POPULATION or not entry.country:
        return False
    total = sum(context.countries.values())
    return (total >= _STRAY_MIN_CONTEXT and not context.countries.get(entry.country)
            and entry.country not in context.neighbours)


_STRAY_MAX_POPULATION = 15_000
_STRAY_MIN_CONTEXT = 3.0


def _minor(e: GeoEntry) -> bool:
    """A locality with no known population (the gazetteer's post-office towns: "Lanexa")."""
    return e.is_city and not e.population and e.geonameid is None


def _minor_ok(e: GeoEntry, context: Context, quals: Sequence[GeoEntry], *, famous: bool) -> bool:
    """A minor locality is a candidate only where the article's context points mostly to its
    country, or the mention's qualifier does (or, for a span known to be a place, nothing in the
    article points anywhere): thousands of village names are also words, surnames or foreign
    places. Beside
    a famous namesake ("Denver", "Riga") it needs its own state in the qualifier or a place of the
    article close by."""
    if any(q.country == e.country and (q.is_country or q.admin1 == e.admin1) for q in quals):
        return not famous or any(q.admin1 == e.admin1 for q in quals)
    if context.given and context.top is None and not famous:
        return True  # a span known to be a place, in an article naming no other: the locality
    if context.top != e.country:  # ("Heathrow" beside London is no Florida post office)
        return False
    if not famous:
        return True
    return any(haversine_km(e.lat, e.lon, lat, lon) < _MINOR_NEAR_KM for lat, lon in context.points)


_MINOR_NEAR_KM = 30.0


def _shadowed(cands: Sequence[GeoEntry], key: str, context: Context) -> dict[GeoEntry, float]:
    """Penalty for towns named like a country or a state of the article's country: a bare
    "Delaware", "Egypt" or "California" in the news is the state or country, not the town of
    that name (a qualifier, "Delaware, Ohio", still wins it for the town). Capitals are exempt
    ("Washington")."""
    top = context.top
    big = any(_own_name(c, key) and (c.is_country or (c.feature_code == "ADM1" and top in (None, c.country)))
              for c in cands)
    if not big:
        return {}
    return {c: _SHADOW_PENALTY for c in cands if c.is_city and c.feature_code != "PPLC"}


_SHADOW_PENALTY = 3.0
# A county or district named bare ("Cambridge", "Butte") ranks below towns of that name: its
# population is the sum of all its towns, which overstates it as a namesake (a district holding
# a big city of another name), and local news uses the bare name mostly for the town.
_BARE_ADM2 = 2.5
_COUNTY_WORDS = frozenset({"parish", "borough", "co", "twp"})


def _confidence(scored: list[_Scored]) -> float:
    if len(scored) == 1:
        return 0.9
    margin = scored[0].score - scored[1].score
    return round(1.0 / (1.0 + math.exp(-margin)), 3)


def _context(anchors: Sequence[tuple[str, GeoEntry]], *, exclude: str, extra: Sequence[str],
             gazetteer: Gazetteer, areas: Mapping[str, set[tuple[str, str]]],
             soft: Mapping[str, Mapping[str, float]] | None = None,
             guesses: Mapping[str, GeoEntry] | None = None, given: bool = False) -> Context:
    """Context from the other mentions' anchors (never a mention's own, which would only echo it)
    and, at less weight, the countries the other, still ambiguous mentions probably lie in."""
    ctx = Context(Counter(c for c in extra if c), given=given)
    for key, dist in (soft or {}).items():
        if key != exclude:
            for country, p in dist.items():
                ctx.countries[country] += _SOFT_WEIGHT * p
    for key, pairs in areas.items():
        if key != exclude and pairs:
            # A name found in few admin areas is strong evidence; "Springfield" is found everywhere.
            for pair in pairs:
                ctx.support[pair] = ctx.support.get(pair, 0.0) + 1.0 / len(pairs)
    # A name said four times is more telling than a name said once, but less than four names.
    said = Counter(key for key, _ in anchors)
    for key, e in anchors:
        if key == exclude:
            continue
        if e.country:
            ctx.countries[e.country] += said[key] ** _REPEAT_EXPONENT / said[key]
            ctx.mentions[e.country] += 1
        if e.admin1 and not e.is_country:
            ctx.admin1.add((e.country, e.admin1))
            ctx.states[(e.country, e.admin1)] += said[key] ** _REPEAT_EXPONENT / said[key]
        if e.feature_class == "P" or e.feature_code == "ADM2":
            ctx.points.append((e.lat, e.lon))
    ctx.soft_points = [(e.lat, e.lon) for k, e in (guesses or {}).items() if k != exclude]
    top = ctx.top
    if top:
        ctx.neighbours = frozenset(gazetteer.neighbours(top))
    return ctx


def resolve(
    name: str,
    *,
    context_countries: Sequence[str] = (),
    gazetteer: Gazetteer,
    context_admin1: Sequence[tuple[str, str]] = (),
    qualifier: str | None = None,
) -> GeoEntry | None:
    """Best gazetteer feature for a place name given the article's countries (pure, for evaluation)."""
    ctx = Context(Counter(c.upper() for c in context_countries if c), set(context_admin1))
    if ctx.top:
        ctx.neighbours = frozenset(gazetteer.neighbours(ctx.top))
    scored = _ranked(name, context=ctx, gazetteer=gazetteer, qualifier=qualifier)
    return scored[0].entry if scored else None


def _is_anchor(scored: list[_Scored]) -> bool:
    best = scored[0].entry
    if len(scored) == 1 or scored[0].score - scored[1].score >= 1.5:
        return True
    # A country or state is an anchor, unless an area of another kind shares its name ("Georgia"
    # the country or the state): the other names settle that first.
    return (best.is_country or best.feature_code == "ADM1") and not _area_homonym(scored)


def _area_homonym(scored: list[_Scored]) -> bool:
    best = scored[0].entry
    return any((s.entry.is_country or s.entry.feature_code == "ADM1") and s.entry.country != best.country
               for s in scored[1:4])


def resolve_all(
    names: Sequence[str],
    *,
    gazetteer: Gazetteer,
    qualifiers: Sequence[str | None] | None = None,
    extra_countries: Sequence[str] = (),
    passes: int = 2,
    area_fallback: Sequence[bool] | None = None,
    given: bool = False,
) -> list[tuple[GeoEntry | None, float]]:
    """Resolve all place mentions of one article together: (feature or None, confidence) each.

    ``extra_countries`` adds context that is not a place mention (demonyms such as "Afghan").
    ``area_fallback`` (see :func:`qualifier_fallbacks`) says which mentions may resolve to the
    state or country their qualifier names when no place of theirs lies there. ``given``: the
    names are known to be places (gold spans), so a lone minor locality may stand.
    Each pass resolves every mention with the anchors (confident results) of the previous one.
    """
    quals = list(qualifiers) if qualifiers is not None else [None] * len(names)
    keys = [_name_key(n, gazetteer) for n in names]
    cands: dict[str, list[GeoEntry]] = {}
    for n, k in zip(names, keys):
        if k not in cands:
            cands[k] = _candidates(n, gazetteer)
    if area_fallback is not None:
        quals = [None if q and not q.startswith(_PAREN) and not fb and _is_area_name(cands[k], k) else q
                 for q, fb, k in zip(quals, area_fallback, keys)]
    empty = Context(Counter(c for c in extra_countries if c), given=given)
    bonus = _spatial_bonus(cands)
    results = [_ranked(n, context=empty, gazetteer=gazetteer, qualifier=q, cands=cands[k], bonus=bonus.get(k))
               for n, k, q in zip(names, keys, quals)]
    # Admin areas each distinct name could lie in (its 50 most populous candidates).
    areas = {k: {(e.country, e.admin1) for e in cs[:50] if e.admin1 and not e.is_country} for k, cs in cands.items()}
    for _ in range(passes - 1):
        anchors = [(k, r[0].entry) for k, r in zip(keys, results) if r and _is_anchor(r)]
        anchored = {k for k, _ in anchors}
        soft = {k: _country_distribution(r) for k, r in zip(keys, results) if r and k not in anchored}
        guesses = {k: r[0].entry for k, r in zip(keys, results) if r and k not in anchored and _is_point(r[0].entry)}
        results = [
            _ranked(n, context=_context(anchors, exclude=k, extra=extra_countries, gazetteer=gazetteer, areas=areas,
                                        soft=soft, guesses=guesses, given=given),
                    gazetteer=gazetteer, qualifier=q, cands=cands[k], bonus=bonus.get(k))
            for n, k, q in zip(names, keys, quals)
        ]
    out = [(r[0].entry, _confidence(r)) if r else (None, 0.0) for r in results]
    out = _one_sense(keys, quals, out, gazetteer)
    for i, (q, ok) in enumerate(zip(quals, area_fallback or [False] * len(names))):
        area = _qualifier_fallback(out[i][0], _qualifier_entries(q, gazetteer)) if ok else None
        if area is not None:
            out[i] = (area, _FALLBACK_CONFIDENCE)
    return out


def _is_area_name(cands: Sequence[GeoEntry], key: str) -> bool:
    """Is the name a country's or a state's own name? Such a name followed by another area inside
    a list ("states including Georgia, Oklahoma, Pennsylvania and California") is an item of the
    list, not qualified by the next one (no town Oklahoma in Pennsylvania)."""
    return any(_own_name(c, key) and (c.is_country or c.feature_code == "ADM1") for c in cands)


def _one_sense(keys: Sequence[str], quals: Sequence[str | None], out: list[tuple[GeoEntry | None, float]],
               gazetteer: Gazetteer) -> list[tuple[GeoEntry | None, float]]:
    """A name said bare after (or before) the article wrote it with a qualifier is the place the
    qualifier chose: "New Haven, Conn." and then "New Haven" (one sense per discourse)."""
    # A "qualifier" naming no state or country is the next item of a list ("Denver, Indianapolis,
    # Louisville, Ky., New Haven"): the mention is bare.
    areal = [bool(q) and not q.startswith(_PAREN) and bool(_qualifier_entries(q, gazetteer)) for q in quals]
    bare = [not q or not (q.startswith(_PAREN) or a) for q, a in zip(quals, areal)]
    chosen: dict[str, tuple[GeoEntry, float]] = {}
    for k, a, (entry, conf) in zip(keys, areal, out):
        if a and entry is not None and k not in chosen:
            chosen[k] = (entry, conf)
    return [chosen[k] if b and k in chosen else r for k, b, r in zip(keys, bare, out)]


def _qualifier_fallback(best: GeoEntry | None, quals: Sequence[GeoEntry]) -> GeoEntry | None:
    """The area a qualifier names, for a place the gazetteer knows only elsewhere: "Petrovskoye,
    Donetsk" is a village in Donetsk oblast, not the Russian Petrovskoye; "Smallville, Kan." with no
    Smallville known lies in Kansas. Only small places yield (a capital or a city beside a
    country is a list, "Damascus, Lebanon and Jordan"), and never an area itself ("Texas, Oklahoma")."""
    # A name the gazetteer does not know at all may be no place ("According to Conrad, South
    # Africa ..."): only a state names its area for sure ("Holliday, Mo.").
    areas = [q for q in quals if q.feature_code == "ADM1" or (best is not None and q.is_country)]
    if not areas:
        return None
    if best is not None:
        if not _is_point(best) or best.feature_code == "PPLC" or best.population >= _ALIAS_MIN_POPULATION:
            return None
        if any(q.country == best.country and (q.is_country or q.admin1 == best.admin1) for q in areas):
            return None
    return min(areas, key=lambda q: 1 if q.is_country else 0)  # the state rather than the country


_FALLBACK_CONFIDENCE = 0.4


def _country_distribution(scored: list[_Scored]) -> dict[str, float]:
    """How likely an ambiguous mention lies in each country: a softmax over its candidates' scores.
    "Douglas County" (only US counties) says "US" firmly, "Alexandria" mostly "EG" but partly "US"."""
    top = scored[:_SPATIAL_K]
    best = top[0].score
    weights = [math.exp((s.score - best) / _SOFT_TEMPERATURE) for s in top]
    total = sum(weights)
    out: dict[str, float] = {}
    for s, w in zip(top, weights):
        if s.entry.country:
            out[s.entry.country] = out.get(s.entry.country, 0.0) + w / total
    return out


_SOFT_WEIGHT = 1.0
_REPEAT_EXPONENT = 0.5  # n mentions of one name weigh n ** 0.5
_SOFT_TEMPERATURE = 2.0




def resolve_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    gazetteer: Gazetteer,
    extra_countries: Sequence[str] = (),
) -> list[GeoEntry | None]:
    """Resolve given place spans of one text together, as the stage does for the mentions it
    finds: qualifiers ("Paris, Tenn."), document context and spatial coherence. This is the
    resolution step alone, e.g. on gold toponym spans."""
    names = [text[s:e] for s, e in spans]
    quals = find_qualifiers(text, spans)
    resolved = resolve_all(names, gazetteer=gazetteer, qualifiers=quals, extra_countries=extra_countries,
                           area_fallback=qualifier_fallbacks(text, spans, quals), given=True)
    by_span = dict(zip(spans, resolved))
    _check_sounds(by_span, spans, names, gazetteer, extra=extra_countries)
    out = []
    for (s, e), name in zip(spans, names):
        entry = by_span[(s, e)][0]
        if entry is None:
            local = nearby_place(name, s, e, by_span, unknown=True)  # a given span is a place
            if local is not None:
                entry = GeoEntry(None, name, local.lat, local.lon, local.country or "", local.admin1,
                                 local.feature_class or "", local.feature_code or "", 0)
        out.append(entry)
    return out


def demonym_places(entities: Sequence[Any], *, gazetteer: Gazetteer,
                   exclude: Sequence[tuple[int, int]] = ()) -> list[Place]:
    """Demonyms and place adjectives ("Russian", "Georgian", "South Ossetian") as places of the
    country or region they name, for geoparsing conventions that count them as toponyms (LGL,
    TR-News do; GeoVirus does not). ``entities`` are records or spans with ``label``/``label_``,
    ``text``, ``start``/``start_char`` and ``end``/``end_char``; only NORP ones are looked at, and
    none overlapping ``exclude``. The places stage itself keeps demonyms as country context only,
    so an article's places stay the places it names."""
    out: list[Place] = []
    for ent in entities:
        label = getattr(ent, "label_", None) or getattr(ent, "label", "")
        start = getattr(ent, "start_char", None)
        start = ent.start if start is None else start
        end = getattr(ent, "end_char", None)
        end = ent.end if end is None else end
        text = ent.text
        if label in ("PERSON", "ORG") and gazetteer.demonym(text) is None:
            # "the Georgian Interior Ministry", "American Electric Power": the leading demonym
            lead = _LEADING_DEMONYM.match(text) if label == "ORG" else None
            if lead is None or gazetteer.demonym(lead.group(1)) is None:
                continue
            start, end, text = start + lead.start(1), start + lead.end(1), lead.group(1)
        elif label not in ("NORP", "PERSON", "ORG"):
            continue  # (the model sometimes calls a bare "American" or "Sri Lankan" a person or group)
        if any(s < end and start < e for s, e in exclude):
            continue
        entry = _demonym_entry(text, gazetteer)
        if entry is not None:
            out.append(_to_place(entry, text, start, end, 0.9))
    return out


_LEADING_DEMONYM = re.compile(r"(?:[Tt]he\s+)?([A-Z][a-z]+)\s+[A-Z]")


def _demonym_entry(text: str, gazetteer: Gazetteer) -> GeoEntry | None:
    code = gazetteer.demonym(text)
    if code is not None:
        return gazetteer.country(code)
    found = _adjective_place(text.strip(), gazetteer)
    return found[0] if found else None


def focus_country(places: Sequence[Place], *, demonym_countries: Sequence[str] = ()) -> str | None:
    """The country an article is mostly about: most mentioned (places' countries, demonyms at half
    weight); ties go to the first mentioned."""
    weights: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, p in enumerate(places):
        if p.country:
            weights[p.country] += 1.0
            first.setdefault(p.country, i)
    for j, c in enumerate(demonym_countries):
        weights[c] += 0.5
        first.setdefault(c, len(places) + j)
    if not weights:
        return None
    return max(weights, key=lambda c: (weights[c], -first[c]))


def place_at(doc: Doc, start_char: int, end_char: int) -> Place | None:
    """The place whose span overlaps [start_char, end_char), if any."""
    for p in doc._.places:
        if p.start < end_char and start_char < p.end:
            return p
    return None


def _to_place(entry: GeoEntry | None, text: str, start: int, end: int, confidence: float) -> Place:
    if entry is None:
        return Place(name=text, start=start, end=end, text=text, confidence=0.0)
    return Place(
        name=entry.name, start=start, end=end, text=text, lat=entry.lat, lon=entry.lon,
        country=entry.country or None, geonameid=entry.geonameid, admin1=entry.admin1,
        feature_class=entry.feature_class, feature_code=entry.feature_code,
        population=entry.population, confidence=confidence,
    )


class PlacesComponent:
    """spaCy component ``eventscope_places``: writes ``doc._.places`` and ``doc._.focus_country``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.gazetteer: Gazetteer | None = None
        self.actors: Any = None
        self.resource_version: str | None = None

    def setup(self, resources: Resources) -> None:
        if resources.gazetteer is None:
            raise ConfigError("the places stage needs a gazetteer: Resources(gazetteer=Gazetteer.load())")
        self.gazetteer = resources.gazetteer
        self.actors = resources.actors  # optional: turns "police" in India into "IND-COP"
        self.resource_version = getattr(resources.gazetteer, "version", None)

    def _held_places(self, doc: Doc, gaz: Gazetteer) -> list[tuple[int, int]]:
        out = []
        for ent in doc.ents:
            # A "GPE" that the gazetteer does not know may be a building or body named after a
            # place: "the Henderson County Jail", "Lamar County Commissioners".
            if len(ent) < 2:
                continue
            unknown_gpe = (ent.label_ in ("GPE", "LOC") and ent[-1].text not in _LANDFORMS and not gaz.lookup(ent.text)
                           and not _candidates(ent.text, gaz))
            holder = ent.label_ in _HOLDER_LABELS or unknown_gpe
            # "Alexandria Police" taken for a person's name
            body = ent.label_ == "PERSON" and any(t.text in _LOCAL_BODIES for t in ent[1:])
            if holder or body:
                hit = held_place([t.text for t in ent], gaz)
                if hit is None and holder and ent.label_ != "FAC":
                    hit = held_after_region_word(ent, gaz)
                if body and hit is not None and ent[hit[1]].text not in _LOCAL_BODIES:
                    hit = None
                if unknown_gpe and hit is not None and not _town_named(ent[hit[0]:hit[1]].text, gaz):
                    hit = None  # "Hotel Los Flamingos": only a town's own name
                if hit is not None:
                    hit = with_county_word(ent, hit, gaz)
                    out.append((ent[hit[0]].idx, ent[hit[1] - 1].idx + len(ent[hit[1] - 1].text)))
        return out

    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gazetteer
        text = doc_text(doc)
        if gaz is None:
            raise ConfigError("eventscope_places used before setup(resources)")
        spans: list[tuple[int, int]] = []
        demonyms: list[str] = []
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                spans.append((ent.start_char, ent.end_char))
            elif ent.label_ == "NORP":
                code = gaz.demonym(ent.text)
                if code:
                    demonyms.append(code)
        spans.extend(self._held_places(doc, gaz))
        dateline = find_dateline(text, gaz)
        if dateline is not None and not any(s < dateline[1] and dateline[0] < e for s, e in spans):
            spans.append(dateline)
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        spans.extend(cued_spans(text, spans, ents, gazetteer=gaz))
        spans.extend(admin_pair_spans(text, spans, ents, gazetteer=gaz))
        spans.extend(sp for sp in worded_spans(text, ents, gazetteer=gaz)
                     if not any(s < sp[1] and sp[0] < e for s, e in spans))
        spans.extend(consistent_spans(text, spans, ents, gazetteer=gaz))
        spans = _drop_money_modifiers(doc, spans)
        patterns = find_place_patterns(text, gazetteer=gaz)
        pattern_quals: dict[tuple[int, int], str] = {}
        patterns = [p for p in patterns if p.kind or any(  # "X (Y)" with no kind word: Y must be a place
            not _is_abbreviation(text[a:b]) and gaz.lookup(_strip_kind(text[a:b])) for a, b in p.qualifiers)
            or _abbreviated_area_of(text, p, gaz)]
        for pat in patterns:  # the wording wins over the model's spans and labels
            parts = [(pat.start, pat.end), *pat.qualifiers]
            paren = _text_is_paren(text, pat)
            for k, part in enumerate(parts):
                rest = [text[a:b] for a, b in parts[k + 1:]]
                words = text[part[0]:part[1]]
                known = gaz.admin_area(words) is not None or (not _is_abbreviation(words) and (
                    bool(gaz.lookup(_strip_kind(words))) if paren else gaz.is_place(_strip_kind(words))))
                if k and not known:
                    continue  # a qualifier the gazetteer does not know stays the model's business
                pattern_quals[part] = _PAREN + ", ".join(rest) if rest else ""
        if pattern_quals:
            spans = [sp for sp in spans if not any(sp[0] < e and s < sp[1] for s, e in pattern_quals)]
            spans.extend(pattern_quals)
        spans.extend(area_after_name_spans(text, spans, gazetteer=gaz))
        spans.extend(local_feature_spans(text, spans))
        spans = joined_spans(text, sorted(set(spans)), gazetteer=gaz)
        spans = state_after_spans(text, spans, gazetteer=gaz)
        spans = whole_names(doc, spans, gaz)
        texts = [text[s:e] for s, e in spans]
        quals = find_qualifiers(text, spans)
        quals = [pattern_quals.get(sp) or q for sp, q in zip(spans, quals)]
        # Dictionary actors' countries are context for resolution only: the focus country stays
        # what the article's places and demonyms say.
        actor_countries = _actor_countries(doc, gaz, spans)
        resolved = resolve_all(texts, gazetteer=gaz, qualifiers=quals,
                               extra_countries=[*demonyms, *actor_countries],
                               area_fallback=qualifier_fallbacks(text, spans, quals))
        by_span = dict(zip(spans, resolved))
        for pat in patterns:
            own = by_span.get((pat.start, pat.end), (None, 0.0))[0]
            # each qualifier's resolution; a model span overlapping it counts ("East Burdwan" of
            # "East Burdwan district")
            inner = [r for q in pat.qualifiers
                     for r in [next((v for k, v in by_span.items() if k[0] < q[1] and q[0] < k[1] and v[0]), None)]
                     if r is not None]
            trusted = [r for r in inner if r[0].is_country or r[0].is_admin or r[0].feature_code.startswith(("PPLC", "PPLA"))]
            if own is not None and trusted and own.country not in {r[0].country for r in trusted}:
                own = None  # "Arada (Tripoli)": not the Arada of another country than its qualifiers
                by_span[(pat.start, pat.end)] = (None, 0.0)
            if own is not None and (own.is_country or own.feature_code == "ADM1") and _text_is_paren(text, pat):
                # "in Punjab (Lahore)", "western Yemen (Al Hudaydah)": a smaller place in
                # parentheses, inside the area named, narrows it down
                smaller = [r for r in inner if r[0].country == own.country and not r[0].is_country
                           and (own.is_country or (_is_point(r[0]) and r[0].admin1 == own.admin1))]
                if smaller:
                    by_span[(pat.start, pat.end)] = min(smaller, key=lambda r: 0 if _is_point(r[0]) else 1)
            # A village the gazetteer lacks lies in the first admin area written after it.
            if own is None:
                parent = next((r for r in inner if not r[0].is_country), None)
                if parent is not None:
                    by_span[(pat.start, pat.end)] = (parent[0], round(0.5 * parent[1], 3))
        _check_sounds(by_span, spans, texts, gaz, extra=[*demonyms, *actor_countries])
        places = [
            _to_place(by_span[(s, e)][0], text, s, e, by_span[(s, e)][1])
            if by_span[(s, e)][0] is not None else nearby_place(text, s, e, by_span)
            for (s, e), text in zip(spans, texts)
        ]
        # Mentions the gazetteer does not know (buildings, mislabelled groups such as "Daesh")
        # cannot be located and are left out.
        places = [p for p in places if p is not None]
        beside = towns_beside(text, ents, spans, [by_span[sp][0] for sp in spans if by_span[sp][0] is not None],
                              gazetteer=gaz)
        if beside:
            places = sorted([*places, *(_to_place(town, text[s:e], s, e, _BESIDE_CONFIDENCE) for s, e, town in beside)],
                            key=lambda p: p.start)
        doc._.places = places
        if patterns and doc._.actors:
            _drop_place_actors(doc, [(p.start, p.end) for p in places])
        doc._.focus_country = focus_country(places, demonym_countries=demonyms)
        if doc._.actors:
            from .actors import locate_groups

            national = self.actors.national if self.actors is not None else None
            locate_groups(doc, _country_near(doc, places), national=national, iso3=gaz.iso3)
        return doc




# Other mentions the gazetteer does not know stay unplaced in the stage (placing them at the
# nearest town, as resolve_spans does for given toponyms, cost LGL 6 points of precision: a
# third of them are no places, "United Way", "the Webb Center").
_BESIDE_CONFIDENCE = 0.5  # a town named bare beside the article's towns, which the model took for a name


def _actor_countries(doc: Doc, gaz: Gazetteer, place_spans: Sequence[tuple[int, int]] = ()) -> list[str]:
    """ISO2 codes of the dictionary actors the article names ("Hezbollah", "the Houthis", "the
    Ukrainian military"): like demonyms, context for its places (Tripoli beside Hezbollah is the
    Lebanese one, Al Jawf beside the Houthis the Yemeni one). Generic groups ("protesters") are
    left out: their country comes from the places, not the other way round; so is an actor named
    only by place mentions ("Lebanon" said of the country is a place name, no evidence for itself:
    it would make the Lebanon beside Myerstown the country)."""
    actors = doc._.actors if Doc.has_extension("actors") else None
    out: set[str] = set()  # once per country: five Russian officials are one piece of evidence
    for actor in (actors or {}).values():
        if actor.resolved and actor.country and not actor.id.startswith(("g:", "u:")) and not (
                actor.mentions and all(_names_money(doc, m[0], m[1]) for m in actor.mentions)):  # "US dollar"
            code = gaz.iso2(actor.country)
            if code and not _named_as_ambiguous_place(doc, actor.mentions, code, place_spans, gaz):
                out.add(code)
    return sorted(out)


def _named_as_ambiguous_place(doc: Doc, mentions: Sequence[Sequence[int]], code: str,
                              place_spans: Sequence[tuple[int, int]], gaz: Gazetteer) -> bool:
    """Is the actor named only by place mentions that could lie outside its country ("Lebanon",
    "Georgia")? Those names are resolved as places; their actor reading is no extra evidence.
    ("UK" is named only by place mentions too, but means nowhere else: it stays.)"""
    if not mentions or not place_spans:
        return False
    for m in mentions:
        if not any(s < m[1] and m[0] < e for s, e in place_spans):
            return False
    return any(c.country != code and (c.is_admin or c.population >= _RIVAL_POPULATION)
               for m in mentions[:1] for c in _candidates(doc_text(doc)[m[0]:m[1]], gaz))


_RIVAL_POPULATION = 5_000  # a namesake town this big is a live reading ("Lebanon", Pa.; not Russia, Ohio)


def _abbreviated_area_of(text: str, pat: _Pattern, gaz: Gazetteer) -> bool:
    """ "in X (UP)": is a qualifier the abbreviation of a state where a town of the name lies?"""
    towns = {(e.country, e.admin1) for e in gaz.lookup(text[pat.start:pat.end]) if e.is_city}
    for a, b in pat.qualifiers:
        area = gaz.admin_area(text[a:b]) if _is_abbreviation(text[a:b]) else None
        if area is not None and (area.country, area.admin1) in towns:
            return True
    return False


def _text_is_paren(text: str, pat: _Pattern) -> bool:
    """Were the pattern's qualifiers written in parentheses ("X (Y)", not "X district, Y")?"""
    return bool(pat.qualifiers) and "(" in text[pat.end:pat.qualifiers[0][0]]


def _drop_place_actors(doc: Doc, place_spans: list[tuple[int, int]]) -> None:
    """Unresolved "actors" that are places found by their wording ("in Al Husha (Ad Dali)", which
    the model took for a person) are places, not actors."""
    def inside(m: Sequence[int]) -> bool:
        return any(s <= m[0] and m[1] <= e for s, e in place_spans)

    gone = {i for i, a in doc._.actors.items()
            if i.startswith("u:") and not a.resolved and a.mentions and all(inside(m) for m in a.mentions)}
    if gone:
        doc._.actors = {i: a for i, a in doc._.actors.items() if i not in gone}
        doc._.actor_spans = [sp for sp in doc._.actor_spans if sp[2] not in gone]


# Nouns a country's name can modify and still say where something is ("the Syria border").
_PLACE_NOUNS = frozenset({"border", "borders", "side", "countryside", "coast", "frontier", "region",
                          "territory", "area", "areas", "mainland", "capital", "province", "embassy",
                          "consulate"})


def _thing_countries(doc: Doc, places: Sequence[Place]) -> set[tuple[int, int]]:
    """Char spans of country names that only modify a thing ("protesters against the high US
    dollar exchange rate", "the Iran deal"): they say what is talked about, not where the
    protesters are, so they must not locate a group."""
    out = set()
    for p in places:
        if not (p.feature_code or "").startswith("PCL"):
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        head = root.head
        if (root.dep_ in _MODIFIER_DEPS and head.pos_ == "NOUN" and head.i >= span.end
                and head.lower_ not in _PLACE_NOUNS):
            out.add((p.start, p.end))
    return out


def _country_near(doc: Doc, places: Sequence[Place]) -> Any:
    """``country_at(char)``: the country most places of that sentence lie in (ties: the focus
    country if it is one of them, else the first), else the focus country. Country names that only
    modify a thing do not count, nor is the focus a country only they name."""
    things = _thing_countries(doc, places)
    located = [p for p in places if p.country and (p.start, p.end) not in things]
    sents = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else []
    focus = doc._.focus_country
    kept_countries = {p.country for p in located}
    if focus not in kept_countries and any(p.country == focus for p in places if (p.start, p.end) in things):
        counts = Counter(p.country for p in located)
        focus = max(counts, key=lambda c: (counts[c], -next(i for i, p in enumerate(located) if p.country == c)),
                    default=None)

    def country_at(char: int) -> str | None:
        for s, e in sents:
            if s <= char < e:
                counts = Counter(p.country for p in located if s <= p.start < e)
                if counts:
                    top = max(counts.values())
                    tied = [c for c, n in counts.items() if n == top]
                    return focus if focus in tied else tied[0]
                break
        return focus

    return country_at


@Language.factory("eventscope_places")
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent(nlp, name)
