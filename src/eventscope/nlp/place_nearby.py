"""Where an article's places lie relative to each other: spatial evidence for resolution and the
placing of mentions the gazetteer cannot resolve.

- :func:`spatial_bonus`: candidates of a name near some candidate of the article's other names
  score higher ("Paris" beside "Henry County" is the Tennessee one);
- :func:`nearness`: the bonus for a candidate near the article's already placed towns;
- :func:`nearby_place`: a mention the gazetteer does not resolve placed at the town (failing
  that, the state or province, then the country) the article names nearest to it in the text:
  a street, water or park by its kind word ("Kelley Lane", "the Neches River"), and, where the
  caller knows the mention is a place, any other name ("Squirrel Hill", "Stade de France");
- :func:`towns_beside`: a bare town name the model took for a person or an organisation, kept as
  a place where the town lies right beside the article's other towns ("Gainesville").

Pure functions over gazetteer entries; :mod:`eventscope.nlp.places` scores and picks. This module
never imports it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..records import Place
from ..resources.gazetteer import GeoEntry, Gazetteer, haversine_km, normalise_name
from .place_mentions import _own_name, local_feature_kind

__all__ = ["is_point", "nearness", "spatial_bonus", "nearby_place", "towns_beside"]


def is_point(e: GeoEntry) -> bool:
    """Features whose point says where they are (towns, counties), unlike countries or states."""
    return e.feature_class == "P" or e.feature_code == "ADM2"


def nearness(entry: GeoEntry, points: Sequence[tuple[float, float]]) -> float:
    """Score bonus for a town or county near places the article names (0 without such places)."""
    d = min((haversine_km(entry.lat, entry.lon, lat, lon) for lat, lon in points), default=math.inf)
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
    right beside the towns the article has placed ("Gainesville" in a story about Hall County,
    "Lovejoy" beside Jonesboro): local news names its towns bare. Not a name the article also
    uses as a person's surname ("Hillary Clinton" ... "Clinton"), nor one overlapping ``taken``."""
    points = [(e.lat, e.lon) for e in placed if is_point(e)]
    if not points:
        return []
    surnames = {normalise_name(t).rsplit(" ", 1)[-1] for s, e, label in entities if label == "PERSON"
                for t in [text[s:e]] if len(t.split()) >= 2}
    out = []
    for s, e, label in entities:
        if label not in _TOWN_LABELS or any(a < e and s < b for a, b in taken):
            continue
        key = normalise_name(text[s:e])
        if key in surnames:
            continue
        towns = [c for c in gazetteer.lookup(text[s:e])
                 if c.is_city and c.geonameid is not None and normalise_name(c.name) == key]
        near = [c for c in towns if _nearest_km(c, points) < _BESIDE_KM]
        if near:
            out.append((s, e, min(near, key=lambda c: _nearest_km(c, points))))
    return out


_TOWN_LABELS = frozenset({"PERSON", "ORG"})
_BESIDE_KM = 30.0


def _nearest_km(entry: GeoEntry, points: Sequence[tuple[float, float]]) -> float:
    return min(haversine_km(entry.lat, entry.lon, lat, lon) for lat, lon in points)
