"""Group actors: the lexicons and plain helpers behind national, generic and implicit groups.

Split out of :mod:`eventscope.nlp.actors` (the ``eventscope_actors`` stage) to keep that module
small; the resolver there uses everything here, and re-exports the public names so that
``from eventscope.nlp.actors import GROUP_NOUNS, locate_groups, implicit_doer`` keeps working.
Nothing here depends on the resolver, so there is no import cycle. It holds:

* the group-noun lexicons: ``GROUP_NOUNS`` ("<demonym | state's> <noun>" -> sector, "Tajik border
  guards"), ``GENERIC_NOUNS`` (bare plural nouns that are actors as a verb's argument,
  "protesters"), the modified vague nouns ("armed men", "security forces"), collective and head
  nouns ("Taliban militants");
* ``IMPLICIT_DOERS`` / :func:`implicit_doer`: the generic group standing for an event's unnamed doer;
* :func:`locate_groups`: gives generic groups the country where they are (called by the places
  stage once it knows the places);
* token predicates on group nouns (``_group_lemma``, ``_people_of``, ``_civilian_noun``,
  ``_protesting``): plain functions over spaCy tokens, no resolver state.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from ..records import Actor
from ..resources.actors import STATE_SECTORS

__all__ = ["GROUP_NOUNS", "GENERIC_NOUNS", "IMPLICIT_DOERS", "implicit_doer", "locate_groups"]

# "<demonym | state's> <noun>" -> sector of the generated national actor.
GROUP_NOUNS: dict[str, str] = {
    "border guards": "MIL",
    "border guard": "MIL",
    "border troops": "MIL",
    "border service": "MIL",
    # police that guard a border are police ("Myanmar border guard police")
    "border guard police": "COP",
    "border police": "COP",
    "armed police": "COP",
    "troops": "MIL",
    "soldiers": "MIL",
    "forces": "MIL",
    "armed forces": "MIL",
    "army": "MIL",
    "military": "MIL",
    "servicemen": "MIL",
    "security forces": "MIL",
    "special forces": "MIL",
    "air force": "MIL",
    "navy": "MIL",
    "warplanes": "MIL",
    "airstrikes": "MIL",
    "air strikes": "MIL",
    # one aircraft is as much the state's forces as many ("a Turkish drone attacked ...")
    "drone": "MIL",
    "military drone": "MIL",
    "warplane": "MIL",
    "fighter jet": "MIL",
    "helicopter": "MIL",
    "warship": "MIL",
    "airstrike": "MIL",
    "air strike": "MIL",
    "fighter jets": "MIL",
    "jets": "MIL",
    "military aircraft": "MIL",
    "aircraft": "MIL",
    "drones": "MIL",
    "military drones": "MIL",
    "helicopters": "MIL",
    "artillery": "MIL",
    "warships": "MIL",
    "defence ministry": "MIL",
    "defense ministry": "MIL",
    "ministry of defence": "MIL",
    "ministry of defense": "MIL",
    "police": "COP",
    "gendarmerie": "COP",
    "gendarmes": "COP",
    "policemen": "COP",
    "police officers": "COP",
    "police force": "COP",
    "law enforcement": "COP",
    "law enforcement officers": "COP",
    "law enforcement agencies": "COP",
    "authorities": "GOV",
    "government": "GOV",
    "officials": "GOV",
    "leadership": "GOV",
    "administration": "GOV",
    "diplomats": "GOV",
    "delegation": "GOV",
    "cabinet": "GOV",
    "regime": "GOV",
    "ministry": "GOV",
    "foreign ministry": "GOV",
    "interior ministry": "GOV",
    "ministry of foreign affairs": "GOV",
    "ministry of interior": "GOV",
    "ministry of internal affairs": "GOV",
    "foreign office": "GOV",
    "parliament": "GOV",
    "presidency": "GOV",
    "leaders": "GOV",
    "opposition": "OPP",
    "rebels": "REB",
    "insurgents": "REB",
    "militants": "REB",
    "separatists": "REB",
    "civilians": "CVL",
    "protesters": "CVL",
    "demonstrators": "CVL",
}
_MAX_GROUP_WORDS = max(len(k.split()) for k in GROUP_NOUNS)
# Bare plural nouns that are actors when they are a verb's argument: lemma -> sector. Groups of
# people that protest, riot or suffer violence (CVL), armed people of no named group (REB), and
# state forces named without their country (MIL, COP), whose country the places stage fills in
# from where they are (``locate_groups``).
GENERIC_NOUNS: dict[str, str] = {
    "protester": "CVL",
    "protestor": "CVL",
    "demonstrator": "CVL",
    "rioter": "CVL",
    "civilian": "CVL",
    "local": "CVL",
    "resident": "CVL",
    "villager": "CVL",
    "citizen": "CVL",
    "farmer": "CVL",
    "student": "CVL",
    "worker": "CVL",
    "labourer": "CVL",
    "laborer": "CVL",
    "employee": "CVL",
    "trader": "CVL",
    "merchant": "CVL",
    "vendor": "CVL",
    "shopkeeper": "CVL",
    "teacher": "CVL",
    "doctor": "CVL",
    "nurse": "CVL",
    "journalist": "CVL",
    "lawyer": "CVL",
    "activist": "CVL",
    "supporter": "CVL",
    "driver": "CVL",
    "miner": "CVL",
    "fisherman": "CVL",
    "prisoner": "CVL",
    "inmate": "CVL",
    "patient": "CVL",
    "family": "CVL",
    "woman": "CVL",
    "youth": "CVL",
    "mob": "CVL",
    "crowd": "CVL",
    "people": "CVL",
    "medic": "CVL",
    "parent": "CVL",
    "inhabitant": "CVL",
    "pensioner": "CVL",
    "retiree": "CVL",
    "relative": "CVL",
    "graduate": "CVL",
    "lecturer": "CVL",
    "professor": "CVL",
    "engineer": "CVL",
    "physician": "CVL",
    "motorist": "CVL",
    "tenant": "CVL",
    "herder": "CVL",
    "pastoralist": "CVL",
    "unionist": "CVL",
    "pilgrim": "CVL",
    "rebel": "REB",
    "militant": "REB",
    "gunman": "REB",
    "insurgent": "REB",
    "separatist": "REB",
    "fighter": "REB",
    "assailant": "REB",
    "attacker": "REB",
    "kidnapper": "REB",
    "abductor": "REB",
    "bandit": "REB",
    "jihadist": "REB",
    "terrorist": "REB",
    "militiaman": "REB",
    "militia": "REB",
    "criminal": "REB",
    "gangster": "REB",
    "gang": "REB",
    "robber": "REB",
    "hitman": "REB",
    "shooter": "REB",
    "arsonist": "REB",
    "raider": "REB",
    "perpetrator": "REB",
    "extremist": "REB",
    "guerrilla": "REB",
    "vigilante": "REB",
    "sniper": "REB",
    "looter": "CVL",
    "seller": "CVL",
    "owner": "CVL",
    "mourner": "CVL",
    "worshipper": "CVL",
    "policewoman": "COP",
    "police": "COP",
    "policeman": "COP",
    "gendarme": "COP",
    "soldier": "MIL",
    "troop": "MIL",
}
# People named by where they come from ("Indian nationals", "Ethiopian refugees"): civilians of the
# demonym's country, but no actors on their own (a refugee is a victim far more often than a party).
_NATIONALS = frozenset({"national", "refugee", "migrant", "expatriate", "immigrant", "emigrant"})
# Collective nouns that are actors in the singular too ("a mob attacked", "police arrested").
_COLLECTIVE = frozenset({"mob", "crowd", "police"})
# "<modifier> <noun>" that make an otherwise vague noun an actor: "armed men", "security forces".
_MODIFIED_GENERIC: dict[tuple[str, str], str] = {
    ("armed", "man"): "REB",
    ("unidentified", "man"): "REB",
    ("masked", "man"): "REB",
    ("unknown", "man"): "REB",
    ("unidentified", "individual"): "REB",
    ("unknown", "individual"): "REB",
    ("armed", "individual"): "REB",
    ("unidentified", "person"): "REB",
    ("unknown", "person"): "REB",
    ("unidentified", "people"): "REB",
    ("unknown", "people"): "REB",
    ("armed", "people"): "REB",
    ("unidentified", "group"): "REB",
    ("unknown", "group"): "REB",
    ("armed", "group"): "REB",
    ("criminal", "group"): "REB",
    ("opposition", "faction"): "REB",
    ("rebel", "faction"): "REB",
    ("armed", "faction"): "REB",
    ("opposition", "fighter"): "REB",
    ("opposition", "group"): "REB",
    ("unidentified", "party"): "REB",
    ("unknown", "party"): "REB",
    ("security", "force"): "MIL",
    ("government", "force"): "MIL",
    ("regime", "force"): "MIL",
    ("military", "force"): "MIL",
    ("armed", "force"): "MIL",
    ("army", "force"): "MIL",
    ("state", "force"): "MIL",
    ("police", "force"): "COP",
    ("police", "officer"): "COP",
    ("police", "personnel"): "COP",
    ("security", "personnel"): "MIL",
    ("army", "personnel"): "MIL",
    ("police", "authority"): "COP",
    ("police", "element"): "COP",
    ("law", "enforcement"): "COP",
    ("security", "element"): "MIL",
    ("army", "element"): "MIL",
    ("regime", "element"): "MIL",
    ("prison", "guard"): "COP",
    ("prison", "officer"): "COP",
    ("military", "police"): "COP",
    ("community", "member"): "CVL",
    ("party", "member"): "CVL",
    ("local", "man"): "CVL",
    ("young", "man"): "CVL",
}
# Nouns that take their actor from a named group in front of them: "Taliban militants" are the
# Taliban, "Houthi forces" the Houthis.
_HEAD_NOUNS = frozenset(
    {"militant", "fighter", "force", "rebel", "insurgent", "member", "gunman", "militia", "militiaman",
     "supporter", "soldier", "troop", "unit", "commander", "police", "policeman", "sniper", "cadre",
     "operative", "combatant", "element", "faction", "group"}
)
_ARMED_SECTORS = frozenset({"MIL", "COP", "REB"})  # generic nouns for armed people
_PROTEST_VERBS = frozenset({"protest", "demonstrate", "rally", "march", "riot", "picket", "strike"})
_PROTEST_NOUNS = frozenset({"protest", "demonstration", "rally", "march", "sit-in", "strike", "picket", "vigil"})
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative", "attr"})


# Doers a report leaves unnamed ("a man was shot dead in X", "a protest was held in Y"): an attack
# has attackers and a protest has protesters, in the country where it happened. Event coders code
# them so (ACLED's "Unidentified Armed Group (X)", "Protesters (X)"); the event gets that generic
# group as its source, an actor with no mention in the text. type -> (id key, name, sector).
IMPLICIT_DOERS: dict[str, tuple[str, str, str]] = {
    "ASSAULT": ("unidentified-armed-group", "unidentified armed group", "REB"),
    "PROTEST": ("protester", "protesters", "CVL"),
    # mob violence, a brawl between crowds: its doers are rioters, not an armed group
    "RIOT": ("rioter", "rioters", "CVL"),
}


def implicit_doer(actors: dict[str, Actor], type_: str, iso3: str | None) -> str | None:
    """The id of the generic group standing for the unnamed doer of a ``type_`` event in country
    ``iso3`` (added to ``actors`` if new), or None for types whose doer cannot be presumed. With no
    country known ("a protest was held" and no place), the group is unlocated ("g:protester"),
    as the generic nouns are before ``locate_groups`` finds where they are."""
    spec = IMPLICIT_DOERS.get(type_)
    if spec is None:
        return None
    key, name, sector = spec
    ident = f"g:{key}@{iso3}" if iso3 else f"g:{key}"
    if ident not in actors:
        actors[ident] = Actor(id=ident, name=name, kind="group", country=iso3, sector=sector, resolved=False)
    return ident


def _group_lemma(tok: Token) -> tuple[str, bool]:
    """(lower-case lemma, plural?) of a possible group noun; capitalised plurals the tagger reads as
    names ("Separatists", NNPS, lemma "Separatists") are brought back to the common noun."""
    lemma = tok.lemma_.lower()
    plural = tok.tag_ in ("NNS", "NNPS")
    if tok.pos_ == "PROPN" and lemma not in GENERIC_NOUNS:
        low = tok.lower_
        for cut in ("es", "s"):
            if low.endswith(cut) and low[: -len(cut)] in GENERIC_NOUNS:
                return low[: -len(cut)], True
        if low.endswith("men") and low[:-3] + "man" in GENERIC_NOUNS:
            return low[:-3] + "man", True
    return lemma, plural


def _people_of(ent: Span) -> bool:
    """A plural demonym standing for people of that country ("dozens of Moroccans", "Palestinians
    clashed with ..."), not for its state or side ("the Russians said ...")."""
    doc = ent.doc
    if ent.root.tag_ not in ("NNS", "NNPS") or ent[0].lower_ == "the":
        return False
    return not (ent.start > 0 and doc[ent.start - 1].lower_ == "the")


def _civilian_noun(tok: Token) -> bool:
    """A plural civilian group noun heading its phrase ("refugees", "workers"), e.g. after a demonym."""
    if tok.pos_ not in ("NOUN", "PROPN") or (tok.dep_ not in _ARG_DEPS and tok.dep_ != "ROOT"):
        return False  # ROOT: "Indian nationals clashed ..." parsed as a noun phrase with a clause
    lemma, plural = _group_lemma(tok)
    return plural and (GENERIC_NOUNS.get(lemma) == "CVL" or lemma in _NATIONALS)


def _protesting(tok: Token) -> bool:
    """A plural noun whose verb is a protest: "growers protested", "musicians held a rally"."""
    if tok.tag_ != "NNS" or tok.dep_ != "nsubj":
        return False
    verb = tok.head
    if verb.lemma_.lower() in _PROTEST_VERBS:
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _PROTEST_NOUNS for c in verb.children)


def locate_groups(doc: Doc, country_at: Any, *, national: Any = None, iso3: Any = None) -> None:
    """Give generic group actors ("g:protester", "g:police") the country where they are.

    ``country_at(start_char)`` returns the ISO2 country of the place context of a mention (its
    sentence's places, else the document's focus country) or None. A group's country is that of
    its first mention; the group is re-keyed per country ("g:protester" -> "g:protester@IND") so
    that protesters in India and in Chile stay apart in a store. State forces named without their
    country ("police", "security forces") become that state's national actor when
    ``national(iso3, sector)`` returns an entry. ``iso3`` maps ISO2 to ISO3.
    """
    renames: dict[str, str] = {}
    for ident, actor in list(doc._.actors.items()):
        if not ident.startswith("g:") or "@" in ident or actor.country or not actor.mentions:
            continue
        cc2 = country_at(min(m[0] for m in actor.mentions))
        cc3 = iso3(cc2) if cc2 and iso3 is not None else None
        if not cc3:
            continue
        entry = national(cc3, actor.sector) if national is not None and actor.sector in STATE_SECTORS else None
        if entry is not None:
            new = doc._.actors.get(entry.id) or Actor(
                id=entry.id, name=entry.name, kind=entry.kind, country=entry.country, sector=entry.sector,
                resolved=True, label="ORG",
            )
        else:
            new = doc._.actors.get(f"{ident}@{cc3}") or Actor(
                id=f"{ident}@{cc3}", name=actor.name, kind=actor.kind, country=cc3, sector=actor.sector,
                resolved=False,
            )
        new.mentions.extend(m for m in actor.mentions if m not in new.mentions)
        new.mentions.sort()
        del doc._.actors[ident]
        doc._.actors[new.id] = new
        renames[ident] = new.id
    if renames:
        doc._.actor_spans = sorted((s, e, renames.get(i, i)) for s, e, i in doc._.actor_spans)
