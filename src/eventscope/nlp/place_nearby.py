"""Where an article's places lie relative to each other: spatial evidence for resolution and the
placing of mentions the gazetteer cannot resolve.

- :func:`spatial_bonus`: candidates of a name near some candidate of the article's other names
  score higher ("Paris" beside "Henry County" is the Tennessee one);
- :func:`nearness`: the bonus for a candidate near the article's already placed towns;
- :func:`nearby_place`: a mention the gazetteer does not resolve placed at the town (failing
  that, the state or province, then the country) the article names nearest to it in the text:
  a street, water or park by its kind word ("Kelley Lane", "the Neches River"), and, where the
  caller knows the mention is a place, any other name ("Squirrel Hill", "Stade de France");
- :func:`towns_beside`: a bare town name the model took for a person or an organisation (or the
  town leading a local body's name: "the Canaan Board of Finance"), kept as a place where the
  town lies right beside the article's other towns, or not far from them in their state.

Pure functions over gazetteer entries; :mod:`eventscope.nlp.places` scores and picks. This module
never imports it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence

from ..records import Place
from ..resources.gazetteer import GeoEntry, Gazetteer, haversine_km, normalise_name
from .place_mentions import _GENERIC_WORDS, _LOCAL_BODIES, _own_name, local_feature_kind

__all__ = ["is_point", "nearness", "spatial_bonus", "nearby_place", "towns_beside"]


def is_point(e: GeoEntry) -> bool:
    """Features whose point says where they are (towns, counties), unlike countries or states."""
    return e.feature_class == "P" or e.feature_code == "ADM2"


def nearness(entry: GeoEntry, points: Sequence[tuple[float, float]]) -> float:
    """Score bonus for a town or county near places the article names (0 without such places)."""
    d = _nearest_km(entry, points)
    return 2.5 if d < 50 else 1.5 if d < 150 else 0.5 if d < 400 else 0.0


def spatial_bonus(cands: Mapping[str, list[GeoEntry]]) -> dict[str, dict[GeoEntry, float]]:
    """Score bonus for candidates that lie near some candidate of the article's *other* names.

    Places an article names together are usually near each other ("Paris" and "Henry County"
    are the Tennessee ones): for each candidate town or county, every other name with a
    candidate within 50 km (half within 150 km) adds evidence, discounted for names found
    almost everywhere ("Springfield"). One distance matrix per article, vectorised.
    """
    # The towns of a name that also names a country or a big state ("Oregon", "Lebanon") give no
    # evidence: the name is mostly the area, and a cluster of such towns (Oregon, Washington and
    # Atlanta, Illinois) would pull the article's other names there.
    groups = [(k, [e for e in cs[:_SPATIAL_K] if is_point(e)]) for k, cs in cands.items() if not _names_area(cs, k)]
    groups = [(k, es) for k, es in groups if es]
    if len(groups) < 2:
        return {}
    import numpy as np

    flat = [e for _, es in groups for e in es]
    lat = np.radians(np.array([e.lat for e in flat]))
    lon = np.radians(np.array([e.lon for e in flat]))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    dist = 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
    starts = np.cumsum([0] + [len(es) for _, es in groups[:-1]])
    nearest = np.minimum.reduceat(dist, starts, axis=1)  # (candidate, name) -> km to that name's nearest candidate
    weight = np.where(nearest < 50, 1.0, np.where(nearest < 150, 0.5, 0.0))
    out: dict[str, dict[GeoEntry, float]] = {}
    row = 0
    for g, (k, es) in enumerate(groups):
        block = weight[row:row + len(es)].copy()
        block[:, g] = 0.0  # a name is no evidence for itself
        # Evidence is shared among this name's candidates near the other name: one Paris near
        # Henry County is telling, a dozen towns near some Springfield are not.
        close = (block > 0).sum(axis=0)
        block = block / np.sqrt(np.maximum(close, 1))[None, :]
        totals = np.minimum(block.sum(axis=1), _SPATIAL_CAP)
        out[k] = {e: float(_SPATIAL_WEIGHT * t) for e, t in zip(es, totals) if t > 0}
        row += len(es)
    return out


_SPATIAL_K = 25  # candidates per name considered for spatial coherence
_SPATIAL_CAP = 2.0
_SPATIAL_WEIGHT = 3.0
_AREA_MIN_POPULATION = 1_000_000  # a state this big is what its bare name means


def _names_area(cands: Sequence[GeoEntry], key: str) -> bool:
    return any(_own_name(c, key) and (c.is_country or (c.feature_code == "ADM1" and c.population >= _AREA_MIN_POPULATION))
               for c in cands)


def nearby_place(text: str, start: int, end: int,
                 by_span: Mapping[tuple[int, int], tuple[GeoEntry | None, float]], *,
                 unknown: bool = False) -> Place | None:
    """A mention the gazetteer does not resolve, placed at the town or county the article names
    nearest to it in the text (local news names streets, waters and neighbourhoods in the town it
    reports on); with no town, at the nearest state or province, then country.

    A street, water or park ("Kelley Lane", "the Neches River") is placed with its own feature
    class (R, H, L, T); any other name only with ``unknown`` (the caller knows it is a place, as
    for given toponym spans), as an area (L, AREA). None when the article names no place, and
    for other names without ``unknown``.
    """
    kind = local_feature_kind(text)
    if kind is None:
        if not unknown:
            return None
        kind = ("L", "AREA")
    resolved = [(sp, entry) for sp, (entry, _) in by_span.items() if entry is not None]
    anchors: list[tuple[int, int]] = []
    for level in (is_point, _is_state, _is_country):
        anchors = [sp for sp, entry in resolved if level(entry)]
        if anchors:
            break
    if not anchors:
        return None
    # the nearest before or after it, by characters
    anchor = min(anchors, key=lambda sp: start - sp[1] if sp[1] <= start else sp[0] - end)
    town, confidence = by_span[anchor]
    assert town is not None
    return Place(name=text, start=start, end=end, text=text, lat=town.lat, lon=town.lon,
                 country=town.country or None, admin1=town.admin1, feature_class=kind[0], feature_code=kind[1],
                 confidence=round(_NEARBY_CONFIDENCE * confidence, 3))


_NEARBY_CONFIDENCE = 0.5  # the town is right, the point is only near the feature


def _is_state(e: GeoEntry) -> bool:
    return e.feature_code == "ADM1"


def _is_country(e: GeoEntry) -> bool:
    return e.is_country


def towns_beside(text: str, entities: Sequence[tuple[int, int, str]], taken: Sequence[tuple[int, int]],
                 placed: Sequence[GeoEntry], *, gazetteer: Gazetteer) -> list[tuple[int, int, GeoEntry]]:
    """Names the model took for a person or an organisation that are the own name of a town lying
    beside the towns the article has placed ("Gainesville" in a story about Hall County,
    "Lovejoy" beside Jonesboro): local news names its towns bare, and names its local bodies after
    them ("the Grovetown Department of Public Safety", "Harwinton First Selectman"). A town within
    :data:`_BESIDE_KM` of a placed town counts, or one within :data:`_STATE_KM` in the same state.
    Not a name the article also uses as a person's surname ("Hillary Clinton" ... "Clinton"), nor
    one overlapping ``taken``."""
    points = [(e.lat, e.lon) for e in placed if is_point(e)]
    if not points:
        return []
    states = {(e.country, e.admin1) for e in placed if is_point(e) and e.admin1}
    surnames = {normalise_name(t).rsplit(" ", 1)[-1] for s, e, label in entities if label == "PERSON"
                for t in [text[s:e]] if len(t.split()) >= 2}
    out = []
    towns_of: dict[str, list[GeoEntry]] = {}  # (an article names its towns and bodies again and again)
    for s, e, label in [*entities, *_unlabelled_bodies(text, entities)]:
        if label not in _TOWN_LABELS or any(a < e and s < b for a, b in taken):
            continue
        if _TITLED.search(text, max(0, s - 25), s):
            continue  # "Attorney General Abbott", "Bishop Paulk": a person
        for a, b in _town_parts(text, s, e):
            key = normalise_name(text[a:b])
            if key in surnames or key in _GENERIC_WORDS or (a, b) != (s, e) and gazetteer.is_common_word(text[a:b]):
                continue  # "the White House": a common word leading an organisation's name
            towns = towns_of.get(text[a:b])
            if towns is None:
                towns = towns_of[text[a:b]] = [c for c in gazetteer.lookup(text[a:b])
                                               if c.is_city and normalise_name(c.name) == key]
            near = [c for c in towns if _beside(c, points, states)]
            if near:
                out.append((a, b, min(near, key=lambda c: _nearest_km(c, points))))
                break
    return out


_TOWN_LABELS = frozenset({"PERSON", "ORG"})
_BESIDE_KM = 30.0
_STATE_KM = 100.0  # a town of the article's own state this near is the one meant (local news)
# Words after a town's name in the names of its public bodies and services ("the Canaan Board of
# Finance", "Bantam Superior Court", "the Harwinton Democratic Town Committee").
_BODY_WORDS = _LOCAL_BODIES | frozenset({
    "Department", "Board", "Superior", "District", "Court", "Democratic", "Republican", "First", "Area",
    "Chamber", "Convention", "Visitors", "Reservoir", "Library", "Regional", "Water", "Utilities", "Selectman",
    "Historical", "Independent", "Unified", "Metropolitan", "Zoning", "Recreation"})
# A title before a name: the entity is a person ("Attorney General Abbott", "Bishop Paulk").
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|General|Bishop|Judge|Justice|Officer|Coach|Sheriff|"
                     r"Chief|President|Mayor|Pastor|Rev|Father|Sister|Brother|Secretary|Senator|Governor|Attorney)"
                     r"\.?[ \t]+$", re.I)
_NAME_WORD = re.compile(r"[A-Z][a-z][\w'\u2019]*")


def _beside(town: GeoEntry, points: Sequence[tuple[float, float]], states: set[tuple[str, str]]) -> bool:
    d = _nearest_km(town, points)
    return d < _BESIDE_KM or d < _STATE_KM and (town.country, town.admin1) in states


# One or two capitalised words and a local body's word, outside the model's entities: "the
# Byesville Volunteer Fire Department", "The Flemington Elks Lodge" the model left unlabelled.
_BODY_NAME = re.compile(r"(?<![\w'\u2019.-])(?:(?:The|the)[ \t]+)?(?P<name>[A-Z][a-z][\w'\u2019]*(?:[ \t][A-Z][a-z][\w'\u2019]*)?"
                        r"[ \t](?:" + "|".join(sorted(map(re.escape, _BODY_WORDS))) + r"))(?![\w'\u2019])")


# What every match of _BODY_NAME contains (a capitalised word, then a body's word): found about
# four times faster, without the look-behind and the optional article and second word.
_BODY_HINT = re.compile(r"[A-Z][a-z][\w'\u2019]*[ \t](?:" + "|".join(sorted(map(re.escape, _BODY_WORDS)))
                        + r")(?![\w'\u2019])")


def _unlabelled_bodies(text: str, entities: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans of local bodies' names that overlap no entity, as organisations (see :func:`_town_parts`)."""
    if _BODY_HINT.search(text) is None:
        return []  # (most articles name no local body: a quick scan says so)
    ents = sorted((s, e) for s, e, _ in entities)
    out = []
    for m in _BODY_NAME.finditer(text):
        a, b = m.span("name")
        k = bisect.bisect_right(ents, (b, b))
        if not any(s < b and a < e for s, e in ents[max(0, k - 2):k]):
            out.append((a, b, "ORG"))
    return out


def _town_parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of an entity that may be a town's name: the whole entity ("Cross Lanes"), then its
    leading one or two capitalised words before a local body's word ("the Canaan Board of Finance",
    "Avondale Mayor"), longest first."""
    words = list(re.finditer(r"\S+", text[s:e]))
    out = [(s, e)]
    if len(words) < 2:
        return out
    start = 1 if words[0].group(0).lower() == "the" else 0
    for n in (2, 1):
        if start + n >= len(words):
            continue
        head = words[start:start + n]
        follow = words[start + n].group(0)
        if not all(_NAME_WORD.fullmatch(w.group(0)) for w in head) or not follow[:1].isupper():
            continue
        if follow not in _BODY_WORDS:
            continue  # "Clinton Smith", "the White House", "Orwell Youth Club": not a town's own body
        out.append((s + head[0].start(), s + head[-1].end()))
    return out


def _nearest_km(entry: GeoEntry, points: Sequence[tuple[float, float]]) -> float:
    """Distance to the nearest of ``points`` (infinite without any)."""
    return min((haversine_km(entry.lat, entry.lon, lat, lon) for lat, lon in points), default=math.inf)
