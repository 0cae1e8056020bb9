"""The actor dictionary: who is who, with aliases, kind, country and sector.

The bundled dictionary has two parts:

* **states**, generated at load time from ``pycountry`` (id = ISO 3166-1 alpha-3, kind ``state``),
  each with a generated government (``"RUS-GOV"``); ``data/actors/states.yaml`` adds common
  short forms ("Russia", "the US", "Britain") and wikidata ids;
* curated YAML files in ``data/actors/`` (IGOs, armed groups, governments' metonyms, persons),
  documented in ``docs/actors.md``.

National forces and police (``"TJK-MIL"``, ``"AFG-COP"``) are generated on demand by
:meth:`ActorDictionary.national`. A user's file (YAML or JSON, same schema) is loaded last and
wins on conflicts: an entry with the same id replaces ours, an alias it lists points to its entry.

Alias matching is exact after :func:`normalise_name`, applied to both sides: case, diacritics,
punctuation and hyphens, a leading "the", and common transliteration variants
(Sergei/Sergey, -iy/-y, Mohammed/Muhammad, Qaeda/Qaida, kh/h, doubled letters).
Short all-capital aliases ("US", "IS", "UN") only match the same capitals, so "us" stays a pronoun.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from ..errors import DataError

__all__ = [
    "ActorEntry",
    "ActorDictionary",
    "normalise_name",
    "unresolved_id",
    "name_words",
    "KINDS",
    "SECTORS",
    "STATE_SECTORS",
    "NATIONAL_SECTORS",
    "ROLE_TITLES",
    "HONORIFICS",
]

KINDS: frozenset[str] = frozenset(
    {
        "state",
        "government",
        "military",
        "police",
        "armed_group",
        "igo",
        "ngo",
        "party",
        "media",
        "person",
        "group",
        "business",
    }
)
SECTORS: frozenset[str] = frozenset(
    {"GOV", "MIL", "COP", "REB", "IGO", "NGO", "PTY", "MED", "CVL", "BUS", "OPP"}
)
STATE_SECTORS: frozenset[str] = frozenset({"GOV", "MIL", "COP"})  # a state's own government and forces
# Sectors for which a per-state actor ("TJK-MIL") can be generated, with its kind and name suffix.
NATIONAL_SECTORS: dict[str, tuple[str, str]] = {
    "GOV": ("government", "government"),  # (kind, name suffix); GOV entries are generated with the states
    "MIL": ("military", "military"),
    "COP": ("police", "police"),
    "OPP": ("group", "opposition"),
    "REB": ("armed_group", "rebels"),
    "CVL": ("group", "civilians"),
}

_DATA_DIR = ("eventscope.resources", "data/actors")
_FORMAT_VERSION = 1
_ISO3 = re.compile(r"^[A-Z]{3}$")

# --- normalisation -------------------------------------------------------------------------

_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
    }
)
# Removed without a space: apostrophes, quotes, periods ("U.S." -> "us", "Qa'ida" -> "qaida").
_DROP = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb`´\u201c\u201d\".]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Word rewrites, in order; each maps a spelling family onto one form (both sides get the same).
_WORD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^m[ou]h[ae]?m+[ae]d$"), "muhammad"),  # Mohammad, Mohammed, Muhammad, Mohamed
    (re.compile(r"qaeda"), "qaida"),
    (re.compile(r"kh"), "h"),  # Akhundzada/Ahundzada, Mukhammad
    (re.compile(r"(?<=[a-z])ei$"), "ey"),  # Sergei/Sergey, Alexei/Alexey
    (re.compile(r"(?<=[a-z])(ii|iy|yi|yy)$"), "y"),  # Dmitriy/Dmitry, Zelenskyy, Yurii
    (re.compile(r"(?<=[aeiou])ev$"), "yev"),  # Tokaev/Tokayev, Mirziyoev/Mirziyoyev, Aliev/Aliyev
)
_DOUBLED = re.compile(r"(.)\1+")  # doubled letters: Muttaqi/Mutaqi, Shabaab/Shabab (not in short acronyms)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DROP.sub("", text.casefold())


def _norm_word(word: str) -> str:
    for pattern, repl in _WORD_RULES:
        word = pattern.sub(repl, word)
    return _DOUBLED.sub(r"\1", word) if len(word) > 4 else word


def name_words(text: str) -> list[str]:
    """The normalised words of ``text`` (no leading-"the" removal): the unit the matcher works on."""
    return [_norm_word(w) for w in _NON_WORD.split(_fold(text)) if w]


def normalise_name(text: str) -> str:
    """Normalise a name for matching: ``"the Al-Qa'ida"`` -> ``"al qaida"``, ``"Sergei"`` -> ``"sergey"``."""
    words = name_words(text)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


_LEADING_THE = re.compile(r"^\s*the\s+(?=\S)", re.IGNORECASE)


def unresolved_id(name: str) -> str:
    """Stable id of an actor not in the dictionary: ``"u:"`` + the name folded, without spelling rules."""
    words = [w for w in _NON_WORD.split(_fold(name)) if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return "u:" + " ".join(words)


def _capitals(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _is_acronym(alias: str) -> bool:
    letters = _capitals(alias)
    return 0 < len(letters) <= 4 and letters.isupper()


# --- entries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary actor. ``id`` is stable across articles and versions."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "group"
    country: str | None = None  # ISO alpha-3
    sector: str | None = None
    role: str | None = None
    wikidata: str | None = None

    @property
    def label(self) -> str:
        """The entity label its mentions carry: PERSON, GPE (states) or ORG."""
        return "PERSON" if self.kind == "person" else "GPE" if self.kind == "state" else "ORG"


def _entry_from_mapping(raw: Any, where: str) -> ActorEntry:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: an actor must be a mapping, got {type(raw).__name__}")
    unknown = set(raw) - {"id", "name", "aliases", "kind", "country", "sector", "role", "wikidata"}
    if unknown:
        raise DataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("id", "name", "kind"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise DataError(f"{where}: field {key!r} is required and must be a non-empty string")
    ident = raw["id"].strip()
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise DataError(f"{where} ({ident}): 'aliases' must be a list of non-empty strings")
    kind = raw["kind"].strip()
    if kind not in KINDS:
        raise DataError(f"{where} ({ident}): unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _ISO3.match(country)):
        raise DataError(
            f"{where} ({ident}): 'country' must be an ISO 3166-1 alpha-3 code like 'RUS', got {country!r}"
        )
    sector = raw.get("sector")
    if sector is not None and sector not in SECTORS:
        raise DataError(
            f"{where} ({ident}): unknown sector {sector!r}; use one of {', '.join(sorted(SECTORS))}"
        )
    for key in ("role", "wikidata"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise DataError(f"{where} ({ident}): {key!r} must be a string or null")
    wikidata = raw.get("wikidata")
    if wikidata is not None and not re.fullmatch(r"Q[1-9][0-9]*", wikidata):
        raise DataError(f"{where} ({ident}): 'wikidata' must look like 'Q7747', got {wikidata!r}")
    name = raw["name"].strip()
    return ActorEntry(
        id=ident,
        name=name,
        aliases=tuple(dict.fromkeys([name, *(a.strip() for a in aliases)])),
        kind=kind,
        country=country,
        sector=sector,
        role=raw.get("role"),
        wikidata=wikidata,
    )


def _parse_file(text: str, where: str, *, suffix: str) -> dict[str, Any]:
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:  # yaml/json raise many types; all mean "not parseable"
        reason = str(exc).replace("\n", " ")
        raise DataError(f"{where}: cannot parse ({reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("actors", []), list):
        raise DataError(f"{where}: expected a mapping with an 'actors' list (see docs/actors.md)")
    return data


def _entries_from_data(data: dict[str, Any], where: str) -> list[ActorEntry]:
    return [
        _entry_from_mapping(raw, f"{where}: actor #{i + 1}") for i, raw in enumerate(data.get("actors") or [])
    ]


# --- states from pycountry -----------------------------------------------------------------


def _state_entries(overrides: dict[str, Any], where: str) -> list[ActorEntry]:
    """One ``state`` and one ``government`` entry per ISO 3166-1 country."""
    import pycountry

    out: list[ActorEntry] = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        extra = overrides.get(iso3) or {}
        if not isinstance(extra, dict):
            raise DataError(f"{where}: states.{iso3} must be a mapping")
        names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
        # pycountry's "Korea, Republic of" forms are for sorting, not for text.
        aliases = [n for n in names if n and "," not in n and "(" not in n]
        name = extra.get("name") or (aliases[0] if aliases else country.name)
        aliases = list(dict.fromkeys([name, *aliases, *(extra.get("aliases") or [])]))
        out.append(
            ActorEntry(
                id=iso3,
                name=name,
                aliases=tuple(aliases),
                kind="state",
                country=iso3,
                wikidata=extra.get("wikidata"),
            )
        )
        gov_aliases = [f"{name} government", f"{name}'s government", *(extra.get("government") or [])]
        out.append(
            ActorEntry(
                id=f"{iso3}-GOV",
                name=f"Government of {_with_the(name)}",
                aliases=tuple(gov_aliases),
                kind="government",
                country=iso3,
                sector="GOV",
            )
        )
    return out


def _with_the(name: str) -> str:
    """ "United Kingdom" -> "the United Kingdom" where English wants the article."""
    first = name.split()[0]
    plural = name.endswith(
        ("Islands", "Emirates", "Netherlands", "Philippines", "Bahamas", "Maldives", "Comoros")
    )
    return (
        f"the {name}" if first in {"United", "Republic", "Democratic", "Holy", "Central"} or plural else name
    )


# --- the dictionary ------------------------------------------------------------------------


class ActorDictionary:
    """Actors by id and by normalised alias. Build with :meth:`load` (or from entries in tests)."""

    def __init__(self, entries: Iterable[ActorEntry] = (), *, version: str = "custom") -> None:
        self.version = version
        self._by_id: dict[str, ActorEntry] = {}
        self._by_key: dict[tuple[str, ...], str] = {}
        self._case: dict[tuple[str, ...], str] = {}  # key -> the capitals an acronym alias requires
        self.max_words = 1
        for entry in entries:
            self.add(entry)

    # building ----------------------------------------------------------------------------

    def add(self, entry: ActorEntry) -> None:
        """Add or replace an entry; its aliases take over any other entry's identical aliases."""
        old = self._by_id.get(entry.id)
        if old is not None:
            for key in [k for k, v in self._by_key.items() if v == entry.id]:
                del self._by_key[key]
                self._case.pop(key, None)
        self._by_id[entry.id] = entry
        for alias in (entry.name, *entry.aliases):
            words = name_words(alias)
            if len(words) > 1 and words[0] == "the":
                words = words[1:]
            key = tuple(words)
            if not key:
                continue
            self._by_key[key] = entry.id
            if _is_acronym(alias):
                self._case[key] = _capitals(alias)
            else:
                self._case.pop(key, None)
            self.max_words = max(self.max_words, len(key))

    @classmethod
    def load(cls, *, extra: str | Path | None = None) -> ActorDictionary:
        """The bundled dictionary (generated states + curated YAML) plus a user's file, which wins."""
        digest = hashlib.sha256()
        files = sorted(
            (
                f
                for f in importlib_resources.files(_DATA_DIR[0]).joinpath(_DATA_DIR[1]).iterdir()
                if f.name.endswith(".yaml")
            ),
            key=lambda f: f.name,
        )
        states: dict[str, Any] = {}
        curated: list[ActorEntry] = []
        for f in files:
            text = f.read_text(encoding="utf-8")
            digest.update(f.name.encode() + b"\0" + text.encode("utf-8"))
            where = f"bundled actors/{f.name}"
            data = _parse_file(text, where, suffix=".yaml")
            if data.get("format", _FORMAT_VERSION) != _FORMAT_VERSION:
                raise DataError(f"{where}: unsupported format {data.get('format')!r}")
            states.update(data.get("states") or {})
            curated.extend(_entries_from_data(data, where))
        entries = _state_entries(states, "bundled actors/states.yaml") + curated
        version = f"actors-v{_FORMAT_VERSION}-{digest.hexdigest()[:10]}"
        if extra is not None:
            user = cls._read_user_file(Path(extra))
            entries += user
            version += "+user-" + hashlib.sha256(repr(user).encode()).hexdigest()[:8]
        return cls(entries, version=version)

    @staticmethod
    def _read_user_file(path: Path) -> list[ActorEntry]:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(
                f"{path}: cannot read actor dictionary ({exc.__class__.__name__}: {exc})"
            ) from None
        suffix = ".json" if path.suffix.lower() == ".json" else ".yaml"
        return _entries_from_data(_parse_file(text, str(path), suffix=suffix), str(path))

    # queries -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def entries(self) -> Iterator[ActorEntry]:
        return iter(self._by_id.values())

    def alias_keys(self) -> Iterator[tuple[str, ...]]:
        """The normalised word tuples that :meth:`lookup_words` knows (for building match indexes)."""
        return iter(self._by_key)

    def get(self, actor_id: str) -> ActorEntry | None:
        """The entry with this id; per-state national actors ("TJK-MIL") are generated on demand."""
        entry = self._by_id.get(actor_id)
        if entry is None and "-" in actor_id:
            iso3, _, sector = actor_id.partition("-")
            if sector in NATIONAL_SECTORS and self._by_id.get(iso3, None) is not None:
                return self.national(iso3, sector)
        return entry

    def national(self, iso3: str, sector: str) -> ActorEntry | None:
        """The per-state actor for a sector ("TJK", "MIL" -> "TJK-MIL", "Tajikistan military")."""
        if sector not in NATIONAL_SECTORS:
            return None
        known = self._by_id.get(f"{iso3}-{sector}")
        if known is not None:
            return known
        state = self._by_id.get(iso3)
        if state is None or state.kind != "state":
            return None
        kind, suffix = NATIONAL_SECTORS[sector]
        return ActorEntry(
            id=f"{iso3}-{sector}", name=f"{state.name} {suffix}", kind=kind, country=iso3, sector=sector
        )

    def lookup_words(self, words: tuple[str, ...], surface: str | None = None) -> ActorEntry | None:
        """Entry for already-normalised words; ``surface`` is checked against acronym capitals."""
        ident = self._by_key.get(words)
        if ident is None:
            return None
        need = self._case.get(words)
        if need is not None and (surface is None or _capitals(surface) != need):
            return None
        return self._by_id[ident]

    def match(self, text: str) -> ActorEntry | None:
        """Exact alias match after normalisation (``"the Al-Qa'ida"`` finds al-Qaeda)."""
        key = tuple(normalise_name(text).split())
        return self.lookup_words(key, _LEADING_THE.sub("", text)) if key else None

    def closest(self, text: str, *, kind: str | None = None, min_ratio: float = 0.85) -> ActorEntry | None:
        """The entry whose name is spelt most like ``text`` (e.g. a misspelt surname), or None.

        Only a suggestion for a reader to check ("Amangali Tasmagambitov" ~ Imangali Tasmagambetov);
        the resolver never treats it as a match.
        """
        from difflib import SequenceMatcher

        target = normalise_name(text)
        if not target:
            return None
        best: tuple[float, ActorEntry] | None = None
        for entry in self._by_id.values():
            if kind is not None and entry.kind != kind:
                continue
            for alias in (entry.name, *entry.aliases):
                cand = normalise_name(alias)
                if len(cand.split()) != len(target.split()) or abs(len(cand) - len(target)) > 3:
                    continue
                ratio = SequenceMatcher(None, target, cand).ratio()
                if ratio >= min_ratio and (best is None or ratio > best[0]):
                    best = (ratio, entry)
        return best[1] if best else None

    def patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns, one per alias: ``{"label", "pattern", "id"}``."""
        return [
            {"label": e.label, "pattern": alias, "id": e.id}
            for e in self._by_id.values()
            for alias in dict.fromkeys((e.name, *e.aliases))
        ]

    def with_entries(self, entries: Iterable[ActorEntry]) -> ActorDictionary:
        """A copy with more entries added (they win), e.g. for tests."""
        new = ActorDictionary(self._by_id.values(), version=self.version)
        for e in entries:
            new.add(replace(e))
        return new


# --- titles ----------------------------------------------------------------------------------
# Words before or after a name that give a person's role. Lower-case, space-separated; matched on
# the normalised words of the text. Value: the sector a title implies on its own (None: unknown).
ROLE_TITLES: dict[str, str | None] = {
    "president": "GOV",
    "vice president": "GOV",
    "prime minister": "GOV",
    "deputy prime minister": "GOV",
    "first deputy prime minister": "GOV",
    "premier": "GOV",
    "chancellor": "GOV",
    "foreign minister": "GOV",
    "deputy foreign minister": "GOV",
    "defence minister": "GOV",
    "defense minister": "GOV",
    "interior minister": "GOV",
    "finance minister": "GOV",
    "justice minister": "GOV",
    "minister": "GOV",
    "foreign secretary": "GOV",
    "home secretary": "GOV",
    "secretary of state": "GOV",
    "king": "GOV",
    "queen": "GOV",
    "crown prince": "GOV",
    "emir": "GOV",
    "supreme leader": "GOV",
    "ambassador": "GOV",
    "envoy": "GOV",
    "special envoy": "GOV",
    "special representative": "GOV",
    "governor": "GOV",
    "mayor": "GOV",
    "senator": "GOV",
    "lawmaker": "GOV",
    "speaker": "GOV",
    "foreign ministry spokesman": "GOV",
    "foreign ministry spokeswoman": "GOV",
    "kremlin spokesman": "GOV",
    "government spokesman": "GOV",
    "spokesman": None,
    "spokeswoman": None,
    "spokesperson": None,
    "secretary general": None,
    "secretary-general": None,
    "deputy secretary general": None,
    "chairman": None,
    "chairwoman": None,
    "chair": None,
    "leader": None,
    "head": None,
    "chief": None,
    "general": "MIL",
    "lieutenant general": "MIL",
    "major general": "MIL",
    "brigadier general": "MIL",
    "colonel": "MIL",
    "lieutenant colonel": "MIL",
    "major": "MIL",
    "admiral": "MIL",
    "field marshal": "MIL",
    "army chief": "MIL",
    "chief of army staff": "MIL",
    "chief of staff": None,
    "commander": None,
    "defence chief": "MIL",
    "defense chief": "MIL",
    "police chief": "COP",
}
# Honorifics: skipped between a title and a name, never a role.
HONORIFICS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "mullah", "mawlawi", "maulvi", "ayatollah", "sheikh", "prince"}
)
MAX_TITLE_WORDS = max(len(t.split()) for t in ROLE_TITLES)
