"""Stage ``eventscope_actors``: resolve entity mentions to actors, with in-document coreference.

Reads ``doc.ents`` as corrected by ``eventscope_entities`` and writes

* ``doc._.actors``: actor id -> :class:`records.Actor` (with every mention's [start, end]);
* ``doc._.actor_spans``: (start_char, end_char, actor_id) for every mention, coreferent ones included.

What resolves to what:

* PERSON/ORG/GPE through the actor dictionary (the entities stage leaves the id in ``span.kb_id_``);
  persons get a role and country from the title before the name ("Russian Foreign Minister Sergey
  Lavrov") or an apposition after it ("X, Secretary General of the CSTO,");
* national bodies: a demonym or a state's possessive before a group noun ("Tajik border guards",
  "Afghan police", "Russia's Ministry of Foreign Affairs") -> generated "TJK-MIL", "AFG-COP", "RUS-GOV";
* generic actors: a few plural nouns ("protesters", "militants", "gunmen") when they are a verb's
  subject or object -> "g:protester" (kind "group", sector CVL or REB);
* coreference: a later surname ("Lavrov"), an acronym introduced in brackets, "the minister" /
  "the president" (nearest previous person with that role), and "he"/"she" only where exactly one
  person was mentioned in the same or the previous sentence;
* anything else with a name becomes an unresolved actor "u:<normalised name>", never dropped.
  Cities and regions are places (the places stage), not actors; a demonym that only modifies a
  non-actor noun ("Afghan-based terrorism") is no actor either.

This module holds the resolver (:class:`ActorResolver`), its per-document state and the title and
coreference helpers. The group-noun lexicons, the implicit doers and ``locate_groups`` live in
:mod:`eventscope.nlp.actor_groups` (split out to keep this module small) and are re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ConfigError
from ..records import Actor
from ..resources import Resources
from ..resources.actors import (
    HONORIFICS,
    MAX_TITLE_WORDS,
    ROLE_TITLES,
    STATE_SECTORS,
    ActorDictionary,
    ActorEntry,
    normalise_name,
    unresolved_id,
)
from .actor_groups import (
    _ARG_DEPS,
    _ARMED_SECTORS,
    _COLLECTIVE,
    _HEAD_NOUNS,
    _MAX_GROUP_WORDS,
    _MODIFIED_GENERIC,
    GENERIC_NOUNS,
    GROUP_NOUNS,
    IMPLICIT_DOERS,
    _civilian_noun,
    _group_lemma,
    _people_of,
    _protesting,
    implicit_doer,
    locate_groups,
)

__all__ = ["ActorResolver", "actor_at", "make_actors", "locate_groups", "implicit_doer", "GROUP_NOUNS",
           "GENERIC_NOUNS", "IMPLICIT_DOERS"]

# Numbered units of an army ("1st Naval Brigade", "the 35th Armoured Brigade").
_UNIT_NOUNS = frozenset({"brigade", "division", "battalion", "regiment"})
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
# Words after "pro-<leader>" that leave it standing alone as a side ("pro-Hadi and ...", "pro-Hadi)").
_COORDINATORS = frozenset({"and", ",", ")", "/", ";", "."})
# "<forces>, operating under <operation>": verbs that put forces under a named command.
_UNDER_VERBS = frozenset({"operate", "serve", "fight"})
# "men suspected to be Al Shabaab militants", "gunmen believed to be members of X": the vague noun
# is a mention of the named group (as coders take the suspected group for the doer).
_SUSPECT_VERBS = frozenset({"suspect", "believe", "think", "identify", "presume", "allege"})
_SIDE_PREFIX = ("pro-", "pro ")
_LEADER_ROLES = ("president", "prime minister", "king", "emir", "supreme leader")
_PRONOUNS = frozenset({"he", "she"})
_POSSESSIVE = frozenset({"'s", "’s", "'"})


@dataclass
class _Found:
    """One mention found in the doc, before records are made."""

    start: int  # token offsets
    end: int
    entry: ActorEntry | None
    name: str
    label: str | None
    role: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None
    coref: str | None = None  # id of an earlier actor it refers to


@dataclass
class _State:
    """Per-document bookkeeping while resolving."""

    actors: dict[str, Actor] = field(default_factory=dict)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    persons: list[tuple[int, str]] = field(default_factory=list)  # (token start, actor id), document order
    acronyms: dict[str, str] = field(default_factory=dict)  # "fbo" -> actor id
    consumed: set[int] = field(default_factory=set)  # tokens already inside an actor mention
    norm_words: dict[str, list[str]] = field(default_factory=dict)  # name -> normalised words (memo)

    def words_of(self, name: str) -> list[str]:
        """``normalise_name(name).split()``, once per name: coreference compares every mention
        with every earlier person."""
        words = self.norm_words.get(name)
        if words is None:
            words = self.norm_words[name] = normalise_name(name).split()
        return words


def actor_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    """The id of the actor whose mention overlaps [start_char, end_char) most (ties: the shortest)."""
    best: tuple[int, int, str] | None = None
    for s, e, ident in doc._.actor_spans:
        overlap = min(e, end_char) - max(s, start_char)
        if overlap > 0 or (s == e == start_char):
            key = (overlap, -(e - s), ident)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


class ActorResolver:
    """The ``eventscope_actors`` component. Call :meth:`setup` with loaded resources first."""

    def __init__(self, nlp: Language, name: str = "eventscope_actors") -> None:
        self.name = name
        self.actors: ActorDictionary | None = None
        self.gazetteer: Any = None
        self.resource_version: str | None = None

    def setup(self, resources: Resources) -> None:
        resources.require_actors_and_gazetteer("eventscope_actors")
        self.actors = resources.actors
        self.gazetteer = resources.gazetteer
        self.resource_version = getattr(resources.actors, "version", None)

    # small lookups -----------------------------------------------------------------------------

    def _iso3_of_demonym(self, word: str) -> str | None:
        gz = self.gazetteer
        iso2 = gz.demonym(word) or (gz.demonym(word[:-1]) if word.endswith("s") and len(word) > 4 else None)
        if not iso2:
            return None
        iso3 = gz.iso3(iso2)
        return iso3 if iso3 and self.actors and iso3 in self.actors else None

    def _entry_of(self, span: Span) -> ActorEntry | None:
        assert self.actors is not None
        if span.kb_id_:
            found = self.actors.get(span.kb_id_)
            if found is not None:
                return found
        return self.actors.match(span.text)

    def _state_of(self, span: Span) -> str | None:
        """ISO3 if the span names a state (by alias) or is a demonym."""
        entry = self._entry_of(span)
        if entry is not None and entry.kind == "state":
            return entry.id
        return self._iso3_of_demonym(span.text) if len(span) == 1 else None

    # the component -----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        if self.actors is None:
            raise ConfigError("eventscope_actors was called before setup(resources)")
        st = _State()
        found: list[_Found] = []
        ents = list(doc.ents)
        for k, ent in enumerate(ents):
            if any(i in st.consumed for i in range(ent.start, ent.end)):
                continue
            f = self._resolve_ent(doc, ent, ents[k + 1] if k + 1 < len(ents) else None, st)
            if f is not None:
                found.append(f)
                st.consumed.update(range(f.start, f.end))
                self._record(doc, f, st)
        self._generic_nouns(doc, st)
        self._under_command(doc, st)
        self._suspected(doc, st)
        self._nominal_coref(doc, st)
        self._pronoun_coref(doc, st)
        st.spans.sort()
        doc._.actors = st.actors
        doc._.actor_spans = st.spans
        return doc

    # entities ----------------------------------------------------------------------------------

    def _resolve_ent(self, doc: Doc, ent: Span, next_ent: Span | None, st: _State) -> _Found | None:
        label = ent.label_
        if label not in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        national = self._national_phrase(doc, ent, next_ent)
        if national is not None:
            return national
        if label == "PERSON" and ent.text.lower().startswith(_SIDE_PREFIX) and self.actors is not None:
            loyal = self._loyal_forces(doc, ent, self.actors.match(ent.text[4:]))  # "pro-Hadi" read as a name
            if loyal is not None:
                return loyal
        if label == "PERSON":
            return self._person(doc, ent, st)
        entry = self._entry_of(ent)
        if entry is None and len(ent) > 1 and ent[0].lower_ == "the":
            entry = self.actors.match(ent[1:].text) if self.actors else None
        if entry is None and label == "ORG" and len(ent) > 1:
            entry = self._group_of(ent)  # "the Ukrainian Forces", "GNA air force"
        if entry is None and ent.text.lower().startswith(_SIDE_PREFIX):  # "pro-Houthi (forces)"
            entry = self.actors.match(ent.text[4:]) if self.actors else None
            loyal = self._loyal_forces(doc, ent, entry)
            if loyal is not None:
                return loyal
        if entry is None and ent.text.lower().startswith(_SIDE_PREFIX) and " " in ent.text:
            # "pro-STC Security Belt Forces": the group itself, its allegiance before it
            entry = self.actors.match(ent.text.split(" ", 1)[1]) if self.actors else None
        if entry is None and ent.text.lower().startswith("anti-") and " " in ent.text:
            # "anti-Houthi National Resistance": the group named after its enemy
            entry = self.actors.match(ent.text.split(" ", 1)[1]) if self.actors else None
        if label == "NORP":
            if entry is not None:
                return _Found(ent.start, ent.end, entry, entry.name, label)
            if ent.root.dep_ not in _ARG_DEPS or ent.root.pos_ not in ("PROPN", "NOUN"):
                return None  # "Afghan-based terrorism": a modifier, not an actor
            iso3 = self._iso3_of_demonym(ent.text)
            people = None
            if iso3 is not None and _people_of(ent) and self.actors is not None:
                people = self.actors.national(iso3, "CVL")
            if people is not None:  # "dozens of Moroccans", "Palestinians clashed with ...": its people
                return _Found(ent.start, ent.end, people, people.name, label)
            if iso3 is not None:
                return _Found(ent.start, ent.end, self.actors.get(iso3), ent.text, label)  # type: ignore[union-attr]
            return _Found(ent.start, ent.end, None, ent.text, label, kind="group")
        if entry is not None:
            self._note_acronym(doc, ent, entry.id, st)
            return _Found(ent.start, ent.end, entry, entry.name, label)
        if label == "GPE" and self.gazetteer.is_place(ent.text):
            return None  # a city or region: a place, not an actor
        acronym = st.acronyms.get(ent.text.lower())
        if acronym is not None:
            return _Found(ent.start, ent.end, None, ent.text, label, coref=acronym)
        unit = self._numbered_unit(doc, ent, st) if label == "ORG" else None
        if unit is not None:  # "the 35th Armoured Brigade": a state's army unit, whose the places tell
            return _Found(ent.start, ent.end, None, ent.text, label, coref=unit)
        # "GPE" too: the model takes a capitalised "Gendarmerie" for a polity
        generic = self._generic_force(ent, st) if label in ("ORG", "GPE") else None
        if generic is not None:  # "the Military Police", "Special Forces": whose, the places tell
            return _Found(ent.start, ent.end, None, ent.text, label, coref=generic)
        name = _bare_name(ent)
        f = _Found(ent.start, ent.end, None, name, label, kind="group" if label == "ORG" else None)
        self._note_acronym(doc, ent, unresolved_id(name), st)
        return f

    def _generic_force(self, ent: Span, st: _State) -> str | None:
        """The generic group (added to ``st.actors``) for an organisation "name" that is only a
        common name of a state's forces written in capitals ("the Military Police", "Special
        Forces"), or None. Like "police" in lower case, it is located by ``locate_groups``."""
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.text != "-"]
        if not toks or any(t.pos_ not in ("PROPN", "NOUN", "ADJ") for t in toks):
            return None
        sector = GROUP_NOUNS.get(" ".join(t.lower_ for t in toks))
        lemmas = [t.lemma_.lower() for t in toks]
        if sector is None and len(toks) == 2:
            keys = [(lemmas[0], n) for n in (_group_lemma(toks[1])[0], toks[1].lower_.removesuffix("s"))]
            sector = next((_MODIFIED_GENERIC[k] for k in keys if k in _MODIFIED_GENERIC), None)
        if sector not in ("MIL", "COP"):
            return None
        ident = "g:" + "-".join(lemmas)
        if ident not in st.actors:
            name = " ".join(t.lower_ for t in toks)
            st.actors[ident] = Actor(id=ident, name=name, kind="group", sector=sector, resolved=False)
        return ident

    def _numbered_unit(self, doc: Doc, ent: Span, st: _State) -> str | None:
        """The generic armed-forces group for a numbered unit ("1st Naval Brigade", "the 35th
        Armoured Brigade"): located like "the army" by ``locate_groups``."""
        words = [t for t in ent if t.lower_ != "the"]
        if not words or words[-1].lower_ not in _UNIT_NOUNS:
            return None
        before = doc[ent.start - 1] if ent.start > 0 else None
        ordinal = _ORDINAL.match(words[0].text) or (before is not None and _ORDINAL.match(before.text))
        if not ordinal:
            return None
        ident = "g:military-unit"
        if ident not in st.actors:
            st.actors[ident] = Actor(id=ident, name="military unit", kind="group", sector="MIL",
                                     resolved=False)
        return ident

    def _loyal_forces(self, doc: Doc, ent: Span, leader: ActorEntry | None) -> _Found | None:
        """ "pro-Hadi forces": forces loyal to a head of state or government are that state's forces."""
        if leader is None or leader.kind != "person" or not leader.country or self.actors is None:
            return None
        role = (leader.role or "").lower()
        if not any(w in role for w in _LEADER_ROLES):
            return None
        # the noun right after, or the head of "pro-Hadi and affiliated forces" a few words on
        heads = [doc[ent.end]] + [t.head for t in ent if t.head.i >= ent.end] if ent.end < len(doc) else []
        noun = next((h for h in heads if h.lower_ in GROUP_NOUNS), None)
        if (noun is None or not (ent.end <= noun.i <= ent.end + 3)
                or any(t.ent_type_ for t in doc[ent.end : noun.i])):
            if ent.end < len(doc) and doc[ent.end].lower_ not in _COORDINATORS:
                return None
            # "pro-Hadi and Southern Resistance forces", "(coded as pro-Hadi)": the side named alone
            # or beside another group stands for its forces; the other group keeps its own name
            entry = self.actors.national(leader.country, "MIL")
            return _Found(ent.start, ent.end, entry, entry.name, "ORG") if entry is not None else None
        sector = GROUP_NOUNS.get(noun.lower_)
        entry = self.actors.national(leader.country, sector) if sector in ("MIL", "COP") else None
        if entry is None:
            return None
        return _Found(ent.start, noun.i + 1, entry, entry.name, "ORG")

    def _group_of(self, ent: Span) -> ActorEntry | None:
        """An organisation name that is a demonym or a known group plus a group noun: "the
        Ukrainian Forces" (the national military), "GNA air force" (the GNA)."""
        assert self.actors is not None
        toks = [t for t in ent if t.lower_ != "the" or t.i != ent.start]
        for k in range(1, len(toks)):
            rest = " ".join(t.lower_ for t in toks[k:] if t.text != "-")
            sector = GROUP_NOUNS.get(rest)
            if sector is None:
                continue
            head = ent.doc[toks[0].i : toks[k].i]
            iso3 = self._state_of(head) if len(head) == 1 else None
            if iso3 is not None:
                return self.actors.national(iso3, sector)
            found = self.actors.match(head.text)
            if found is not None and found.kind != "person":
                return found
        return None

    def _note_acronym(self, doc: Doc, ent: Span, ident: str, st: _State) -> None:
        """ "Foo Bar Front (FBF)": later "FBF" means the same actor."""
        if ent.end + 2 < len(doc) and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            word = doc[ent.end + 1].text
            if word.isupper() and len(word) >= 2:
                st.acronyms.setdefault(word.lower(), ident)

    def _national_phrase(self, doc: Doc, ent: Span, next_ent: Span | None) -> _Found | None:
        """ "Tajik border guards", "Russia's Ministry of Foreign Affairs", "Kazakh Foreign Ministry"."""
        assert self.actors is not None
        if ent.label_ not in ("NORP", "GPE"):
            return None
        iso3 = self._state_of(ent)
        if iso3 is None:
            return None
        i = ent.end
        if ent.label_ == "GPE":
            if i < len(doc) and doc[i].lower_ in _POSSESSIVE:
                i += 1
            elif ent.root.dep_ != "compound" or ent.root.head.i < ent.end:
                return None  # "Ethiopia troops": the state's name as a modifier stands for its demonym
        # the group noun may be plain words or the next entity ("Ministry of Foreign Affairs")
        limit = min(len(doc), i + _MAX_GROUP_WORDS)
        if next_ent is not None and next_ent.start == i:
            limit = next_ent.end
        for j in range(limit, i, -1):
            phrase = " ".join(t.lower_ for t in doc[i:j] if t.text != "-")
            sector = GROUP_NOUNS.get(phrase)
            if sector is None or (next_ent is not None and next_ent.start == i and j != next_ent.end):
                continue
            entry = self.actors.national(iso3, sector)
            if entry is None:
                return None
            return _Found(ent.start, j, entry, entry.name, ent.label_ if ent.label_ != "GPE" else "ORG")
        # Only an adjective shares the noun: "Palestinians and Israeli forces" are people and forces.
        plural = ent.root.tag_ in ("NNS", "NNPS") or (ent.text.endswith("s") and not ent.text.endswith("ss"))
        shared = self._shared_group_noun(doc, i, next_ent) if ent.label_ == "NORP" and not plural else None
        if shared is not None:  # "Turkish and Russian forces": the first demonym shares the noun
            entry = self.actors.national(iso3, shared)
            if entry is not None:
                return _Found(ent.start, ent.end, entry, entry.name, "NORP")
        if ent.label_ == "NORP" and i < len(doc) and _civilian_noun(doc[i]):
            # "Ethiopian refugees", "Indian nationals": people of that country, wherever they are
            entry = self.actors.national(iso3, "CVL")
            if entry is not None:
                return _Found(ent.start, i + 1, entry, entry.name, "NORP")
        return None

    def _shared_group_noun(self, doc: Doc, i: int, next_ent: Span | None) -> str | None:
        """The sector of the group noun after "and <demonym>" at token ``i`` ("... and Russian
        forces"), or None."""
        if next_ent is None or i >= len(doc) or doc[i].lower_ not in ("and", "or") or next_ent.start != i + 1:
            return None
        if next_ent.label_ != "NORP" or self._state_of(next_ent) is None:
            return None
        for j in range(min(len(doc), next_ent.end + _MAX_GROUP_WORDS), next_ent.end, -1):
            sector = GROUP_NOUNS.get(" ".join(t.lower_ for t in doc[next_ent.end : j] if t.text != "-"))
            if sector is not None:
                return sector
        return None

    def _person(self, doc: Doc, ent: Span, st: _State) -> _Found:
        assert self.actors is not None
        # Titles inside the entity ("President Putin") are stripped for matching.
        start = ent.start
        while start < ent.end - 1 and (doc[start].lower_ in HONORIFICS or _title_at(doc, start, ent.end - 1)):
            start = _title_at(doc, start, ent.end - 1) or start + 1
        name_span = doc[start : ent.end]
        while len(name_span) > 1 and name_span[-1].lower_ in _POSSESSIVE:
            name_span = name_span[:-1]
        entry = self._entry_of(ent) or self.actors.match(name_span.text)
        role, country, sector = self._title_before(doc, start)
        if role is None:
            role, country, sector = self._apposition(doc, ent.end)
        f = _Found(
            ent.start,
            ent.end,
            entry,
            name_span.text,
            "PERSON",
            role=role,
            country=country,
            sector=sector,
            kind="person",
        )
        if entry is None:
            f.coref = self._earlier_person(name_span, st)
        return f

    def _earlier_person(self, name: Span, st: _State) -> str | None:
        """A later short mention ("Lavrov") of a person named in full earlier: the most recent match."""
        words = st.words_of(name.text)
        if not words:
            return None
        for _, ident in reversed(st.persons):
            actor = st.actors[ident]
            full = st.words_of(actor.name)
            if len(words) < len(full) and full[-len(words) :] == words:
                return ident
        return None

    def _title_before(self, doc: Doc, start: int) -> tuple[str | None, str | None, str | None]:
        """Role, country (ISO3), sector from "[Russian|Russia's|CSTO] [Foreign Minister] <name>"."""
        j = start
        while j > 0 and doc[j - 1].lower_ in HONORIFICS:
            j -= 1
        t0 = _title_ending_at(doc, j)
        if t0 is None:
            return None, None, None
        title = doc[t0:j]
        role = title.text
        sector = ROLE_TITLES.get(_title_key(title))
        country = None
        k = t0
        if k > 0 and doc[k - 1].lower_ in _POSSESSIVE:
            k -= 1
        if k > 0:
            ent = _ent_ending_at(doc, k)
            if ent is not None:
                entry = self._entry_of(ent)
                if entry is not None and entry.kind != "state":
                    country = entry.country if entry.sector != "IGO" else None
                    sector = entry.sector or sector
                    role = f"{ent.text} {role}" if entry.sector == "IGO" else role
                else:
                    country = self._state_of(ent)
            else:
                country = self._iso3_of_demonym(doc[k - 1].text) if doc[k - 1].text[:1].isupper() else None
        return role, country, sector

    def _apposition(self, doc: Doc, end: int) -> tuple[str | None, str | None, str | None]:
        """ ", Secretary General of the CSTO," after a name."""
        if end >= len(doc) or doc[end].text != ",":
            return None, None, None
        i = end + 1
        if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
            i += 1
        t_end = _title_at(doc, i, len(doc))
        if t_end is None:
            return None, None, None
        role_span = doc[i:t_end]
        sector = ROLE_TITLES.get(_title_key(role_span))
        country = None
        k = t_end
        if k < len(doc) and doc[k].lower_ == "of":
            k += 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            ent = next((e for e in doc.ents if e.start == k), None)
            if ent is not None:
                role_span = doc[i : ent.end]
                entry = self._entry_of(ent)
                if entry is not None:
                    country = entry.country if entry.sector != "IGO" else None
                    sector = entry.sector or sector
        return role_span.text, country, sector

    # records -----------------------------------------------------------------------------------

    def _record(self, doc: Doc, f: _Found, st: _State) -> None:
        span = doc[f.start : f.end]
        if f.coref is not None and f.coref in st.actors:
            ident = f.coref
            actor = st.actors[ident]
            if actor.role is None and f.role:
                actor.role, actor.country, actor.sector = (
                    f.role,
                    actor.country or f.country,
                    actor.sector or f.sector,
                )
        elif f.entry is not None:
            e = f.entry
            ident = e.id
            actor = st.actors.get(ident) or Actor(
                id=e.id,
                name=e.name,
                kind=e.kind,
                country=e.country,
                sector=e.sector,
                role=e.role,
                wikidata=e.wikidata,
                label=f.label if f.label in ("PERSON", "ORG", "GPE", "NORP") else e.label,
                resolved=True,
            )
            if actor.role is None and f.role:
                actor.role = f.role
        else:
            ident = unresolved_id(f.name)
            actor = st.actors.get(ident) or Actor(
                id=ident,
                name=f.name,
                kind=f.kind,
                country=f.country,
                sector=f.sector,
                role=f.role,
                label=f.label,
                resolved=False,
            )
        st.actors[ident] = actor
        actor.mentions.append([span.start_char, span.end_char])
        st.spans.append((span.start_char, span.end_char, ident))
        if actor.kind == "person":
            st.persons.append((f.start, ident))

    def _add_mention(self, doc: Doc, start: int, end: int, ident: str, st: _State) -> None:
        span = doc[start:end]
        st.actors[ident].mentions.append([span.start_char, span.end_char])
        st.spans.append((span.start_char, span.end_char, ident))
        st.consumed.update(range(start, end))

    # generic actors and coreference --------------------------------------------------------------

    def _generic_nouns(self, doc: Doc, st: _State) -> None:
        owner = {i: ident for s, e, ident in st.spans for i in _token_range(doc, s, e)}
        for tok in doc:
            if tok.i in st.consumed or tok.dep_ not in _ARG_DEPS or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma, plural = _group_lemma(tok)
            named = _named_modifier(tok, owner, st)
            if named is not None and lemma in _HEAD_NOUNS:
                self._add_mention(doc, tok.i, tok.i + 1, named, st)  # "Taliban militants"
                continue
            if tok.ent_type_ and not (tok.pos_ == "PROPN" and lemma in GENERIC_NOUNS):
                continue  # a name ("Malay Muslim Separatists" is a group noun, capitalised)
            mod = next((c for c in tok.children if c.dep_ in ("amod", "compound") and c.i == tok.i - 1), None)
            sector = _MODIFIED_GENERIC.get((mod.lemma_.lower(), lemma)) if mod is not None else None
            start = mod.i if sector is not None and mod is not None else tok.i
            if sector is None:
                sector = GENERIC_NOUNS.get(lemma) or ("CVL" if _protesting(tok) else None)
                # One armed person is an actor too ("a policeman killed ...", "a gunman opened fire");
                # one civilian is a victim or a bystander far more often than a party.
                if sector is None or not (plural or lemma in _COLLECTIVE or sector in _ARMED_SECTORS):
                    continue
            polity = self._of_polity(tok, owner, st) if sector in ("MIL", "COP") else None
            if polity is not None:  # "military forces of Artsakh"
                self._add_mention(doc, start, tok.i + 1, polity, st)
                continue
            state = self._of_state(tok, owner, st)
            if state is not None and self.actors is not None and sector in STATE_SECTORS:  # "forces of Armenia"
                entry = self.actors.national(state, sector)
                if entry is not None:
                    self._record(doc, _Found(start, tok.i + 1, entry, entry.name, "ORG"), st)
                    st.consumed.update(range(start, tok.i + 1))
                    continue
            key = lemma if start == tok.i else f"{doc[start].lemma_.lower()} {lemma}"
            ident = "g:" + key.replace(" ", "-")
            if state is not None:
                ident += f"@{state}"
            if ident not in st.actors:
                st.actors[ident] = Actor(
                    id=ident, name=doc[start : tok.i + 1].text.lower(), kind="group", sector=sector, resolved=False,
                    country=state,
                )
            self._add_mention(doc, start, tok.i + 1, ident, st)

    def _under_command(self, doc: Doc, st: _State) -> None:
        """ "Turkish forces and allied factions, operating under Operation Peace Spring, shelled ...":
        forces that operate under a named operation or command act as that operation, the actor
        coders record (as for Barkhane); their mentions are re-keyed to it."""
        owner = {i: ident for s, e, ident in st.spans for i in _token_range(doc, s, e)}
        for verb in doc:
            if verb.lemma_.lower() not in _UNDER_VERBS:
                continue
            unders = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "under"]
            command = next((owner[p.i] for prep in unders for p in prep.children
                            if p.dep_ == "pobj" and p.i in owner), None)
            actor = st.actors.get(command) if command else None
            # a dictionary entry of its own (an operation, a coalition), not a state's generated forces
            if actor is None or self.actors is None or command not in self.actors:
                continue
            if actor.kind not in ("military", "armed_group"):
                continue
            noun = verb.head if verb.dep_ in ("acl", "relcl") else next(
                (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
            if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
                continue
            units = {t.i for head in _conjunct_tokens(noun) for t in doc[head.left_edge.i : head.i + 1]}
            for ident in {owner[i] for i in units if i in owner} - {command}:
                self._rekey(doc, ident, command, units, st)

    def _suspected(self, doc: Doc, st: _State) -> None:
        """ "men suspected to be Al Shabaab militants threw a grenade": the vague noun before
        "suspected/believed to be <group>" is a mention of that named group (a new mention, or the
        generic group's mention re-keyed)."""
        owner = {i: ident for s, e, ident in st.spans for i in _token_range(doc, s, e)}
        for verb in doc:
            if verb.dep_ != "acl" or verb.lemma_.lower() not in _SUSPECT_VERBS or verb.tag_ != "VBN":
                continue
            noun = verb.head
            named = next((owner[t.i] for t in verb.subtree if t.i in owner and t.i != noun.i
                          and _is_named_group(st.actors.get(owner[t.i]), owner[t.i])), None)
            if named is None or noun.pos_ not in ("NOUN", "PROPN"):
                continue
            current = owner.get(noun.i)
            if current is None:
                self._add_mention(doc, noun.i, noun.i + 1, named, st)
            elif current.startswith("g:") and current != named:
                self._rekey(doc, current, named, {t.i for t in doc[noun.left_edge.i : noun.i + 1]}, st)

    def _rekey(self, doc: Doc, old: str, new: str, tokens: set[int], st: _State) -> None:
        """Move the mentions of ``old`` that lie on ``tokens`` to actor ``new``."""
        moved = [(s, e, i) for s, e, i in st.spans if i == old and set(_token_range(doc, s, e)) <= tokens]
        if not moved:
            return
        st.spans = [sp if sp not in moved else (sp[0], sp[1], new) for sp in st.spans]
        gone = {(s, e) for s, e, _ in moved}
        st.actors[old].mentions = [m for m in st.actors[old].mentions if (m[0], m[1]) not in gone]
        st.actors[new].mentions.extend([s, e] for s, e in sorted(gone))
        st.actors[new].mentions.sort()
        if not st.actors[old].mentions:
            del st.actors[old]

    def _of_state(self, tok: Token, owner: dict[int, str], st: _State) -> str | None:
        """ISO3 of the state in "<group> of <State>" ("military forces of Armenia", "residents of Iraq")."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    ident = owner.get(obj.i) if obj.dep_ == "pobj" else None
                    actor = st.actors.get(ident) if ident else None
                    if actor is not None and actor.kind == "state":
                        return actor.country or ident
        return None

    def _of_polity(self, tok: Token, owner: dict[int, str], st: _State) -> str | None:
        """The dictionary id of a polity that is no UN member state in "<forces> of <X>" ("military
        forces of Artsakh"): its forces are its own actor, as ``national`` cannot build one."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    ident = owner.get(obj.i) if obj.dep_ == "pobj" else None
                    actor = st.actors.get(ident) if ident else None
                    if actor is not None and actor.resolved and actor.kind in ("government", "military"):
                        return ident
        return None

    def _nominal_coref(self, doc: Doc, st: _State) -> None:
        """ "the minister", "the president" ... -> the nearest earlier person with that role."""
        for tok in doc:
            if tok.lower_ != "the" or tok.i + 1 >= len(doc) or tok.i + 1 in st.consumed:
                continue
            end = _title_at(doc, tok.i + 1, len(doc))
            if end is None or (
                end < len(doc) and (doc[end].ent_type_ or doc[end].pos_ == "PROPN" or doc[end].lower_ == "of")
            ):
                continue  # "the Foreign Minister Sergey Lavrov" or "the president of X": not an anaphor
            key = _title_key(doc[tok.i + 1 : end])
            for start, ident in reversed(st.persons):
                if start >= tok.i:
                    continue
                role = (st.actors[ident].role or "").lower().replace("-", " ")
                if key and f" {key} " in f" {role} ":
                    self._add_mention(doc, tok.i, end, ident, st)
                    st.persons.append((tok.i, ident))
                    break

    def _pronoun_coref(self, doc: Doc, st: _State) -> None:
        """ "he"/"she" as a subject, when exactly one person is named in this or the previous sentence."""
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for si, sent in enumerate(sents):
            window_start = sents[si - 1].start if si > 0 else sent.start
            for tok in sent:
                if tok.lower_ not in _PRONOUNS or tok.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                people = {ident for start, ident in st.persons if window_start <= start < tok.i}
                if len(people) == 1:
                    ident = people.pop()
                    self._add_mention(doc, tok.i, tok.i + 1, ident, st)
                    st.persons.append((tok.i, ident))




def _named_modifier(tok: Token, owner: dict[int, str], st: _State) -> str | None:
    """The named group right before a group noun ("Taliban militants", "pro-Houthi forces"), also
    through a lower-case word of the name the tagger left out of it ("Al shabaab militants": the
    name's mention covers "Al", "shabaab" is a compound of the noun)."""
    ident = owner.get(tok.i - 1) if tok.i > 0 else None
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if ident is None and tok.i > 1 and before is not None and before.dep_ in ("compound", "amod") \
            and before.is_lower:
        ident = owner.get(tok.i - 2)  # also "IS militant snipers", "the Mayi Mayi UPLC armed group"
    actor = st.actors.get(ident) if ident is not None else None
    if actor is None or ident.startswith("g:") or actor.kind in ("person", "state"):
        return None  # "Lavrov supporters"; "Russian forces" is a national phrase
    if not actor.resolved and actor.label in ("GPE", "LOC", "FAC", "NORP") and not _acronym(actor.name):
        return None  # "Tevikope residents": a village the gazetteer lacks is no group ("CNPSC fighters" is)
    return ident


def _acronym(name: str) -> bool:
    return len(name) >= 3 and name.isupper() and name.isalpha()


def _is_named_group(actor: Actor | None, ident: str) -> bool:
    """A named organisation or force (not a person, state, generic group or unresolved place)."""
    if actor is None or ident.startswith("g:") or actor.kind in ("person", "state"):
        return False
    return actor.resolved or actor.label == "ORG"


def _conjunct_tokens(tok: Token) -> list[Token]:
    """``tok`` and the nouns conjoined with it ("Turkish forces and JWS factions")."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(_conjunct_tokens(child))
    return out


def _token_range(doc: Doc, start_char: int, end_char: int) -> range:
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)




# --- title helpers (plain functions over tokens) -------------------------------------------------


def _bare_name(span: Span) -> str:
    """The name in an entity span without a leading "the" or a trailing possessive."""
    if len(span) > 1 and span[0].lower_ == "the":
        span = span[1:]
    while len(span) > 1 and span[-1].lower_ in _POSSESSIVE:
        span = span[:-1]
    return span.text


def _title_key(span: Span) -> str:
    return " ".join(t.lower_ for t in span if t.text != "-")


def _title_at(doc: Doc, i: int, limit: int) -> int | None:
    """End of the longest role title starting at token i (and ending before ``limit``), or None."""
    best = None
    j, words = i, []
    while j < min(limit, len(doc)) and len(words) < MAX_TITLE_WORDS:
        if doc[j].text != "-":
            words.append(doc[j].lower_)
            if " ".join(words) in ROLE_TITLES:
                best = j + 1
        j += 1
    return best


def _title_ending_at(doc: Doc, end: int) -> int | None:
    """Start of the longest role title ending just before token ``end``, or None."""
    best = None
    words: list[str] = []
    j = end - 1
    while j >= 0 and len(words) < MAX_TITLE_WORDS:
        if doc[j].text != "-":
            words.insert(0, doc[j].lower_)
            if " ".join(words) in ROLE_TITLES:
                best = j
        j -= 1
    return best


def _ent_ending_at(doc: Doc, end: int) -> Span | None:
    tok: Token = doc[end - 1]
    if not tok.ent_type_:
        return None
    return next((e for e in doc.ents if e.end == end), None)


@Language.factory("eventscope_actors")
def make_actors(nlp: Language, name: str) -> ActorResolver:
    """Factory for the actor-resolution stage (set up later with resources)."""
    return ActorResolver(nlp, name)
