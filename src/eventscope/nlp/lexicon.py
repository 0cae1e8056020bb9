"""The event trigger lexicon and context tags (project-written, ``resources/data/events``).

A trigger is a verb lemma, optionally with its particle or preposition ("call for", "pull out",
"crack down on") or its object ("open fire"), or a noun lemma, optionally with a modifier
("air strike", "hunger strike"). Each maps to one or more senses: PLOVER type, mode, strength.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources as ilr

from spacy.tokens import Span, Token

from ..errors import DataError

__all__ = ["TriggerSense", "EventLexicon", "Candidate"]

_DATA = "eventscope.resources.data.events"
STRONG, WEAK = 0.85, 0.55


@dataclass(frozen=True)
class TriggerSense:
    type: str
    mode: str | None
    strength: float
    quad: int
    weak: bool = False
    needs_actor_object: bool = False


@dataclass
class Candidate:
    """A token that may trigger an event, with its possible senses (best first)."""

    token: Token
    key: str  # the lexicon entry that matched ("call for")
    senses: list[TriggerSense]
    statement: bool = False  # "emphasized the threat": the object noun carried the sense
    object_token: Token | None = None
    # The ACLED type/sub-type the construction itself fixes ("a man was found dead" is an attack on
    # a civilian, "a shoot-out took place" an armed clash), whatever the classifier reads.
    acled: tuple[str, str] | None = None
    # The construction is an event with no doer, target or place named ("a body was found").
    self_standing: bool = False
    # Its subject is not the event's doer: who found a body did not kill the victim.
    finder: bool = False


@dataclass(frozen=True)
class FoundDead:
    """Words of the "victim found dead" construction (``triggers.json`` ``found_dead``)."""

    verbs: frozenset[str] = frozenset()
    remains: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    signs: frozenset[str] = frozenset()
    natural: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ())
    acled: tuple[str, str] | None = None


@dataclass(frozen=True)
class FireExchanges:
    """Nouns of an exchange of fire and the verbs saying it happened (``fire_exchanges``)."""

    nouns: frozenset[str] = frozenset()
    happen_verbs: frozenset[str] = frozenset()
    acled: tuple[str, str] | None = None


def _split_words(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Single words (matched on lemmas and forms) and phrases (matched on lower-cased text)."""
    singles = frozenset(w.lower() for w in words if " " not in w and "-" not in w)
    phrases = tuple(w.lower() for w in words if " " in w or "-" in w)
    return singles, phrases


_PARTY_ENTS = frozenset({"GPE", "ORG", "PERSON", "NORP"})
# Generic nouns an event noun can modify ("mediation *effort*", "aid *mission*").
_CARRIER_NOUNS = frozenset({"effort", "mission", "operation", "campaign", "process", "initiative", "drive", "bid",
                            "programme", "program", "package", "plan", "deal", "action"})


def _has_party_modifier(obj: Token) -> bool:
    """"positions *of the army*", "rebel positions": a physical object of a party, not a stance."""
    return any(t.ent_type_ in _PARTY_ENTS for t in obj.subtree if t.i != obj.i and t.dep_ in (
        "compound", "amod", "pobj", "nmod"))


def _read_json(name: str) -> dict:  # type: ignore[type-arg]
    try:
        raw = ilr.files(_DATA).joinpath(name).read_text(encoding="utf-8")
        return json.loads(raw)  # type: ignore[no-any-return]
    except (OSError, ValueError) as exc:
        raise DataError(f"event lexicon file {name!r} is missing or malformed: {exc}") from exc


def _pair(value: object) -> tuple[str, str] | None:
    if isinstance(value, list) and len(value) == 2:
        return str(value[0]), str(value[1])
    return None


def _found_dead(spec: dict) -> FoundDead:  # type: ignore[type-arg]
    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in spec.get(key, []))

    return FoundDead(verbs=words("verbs"), remains=words("remains"), persons=words("persons"),
                     states=words("states"), signs=words("signs"),
                     natural=_split_words(spec.get("natural", [])),
                     acled=_pair(spec.get("acled")))


def _fire_exchanges(spec: dict) -> FireExchanges:  # type: ignore[type-arg]
    return FireExchanges(nouns=frozenset(w.lower() for w in spec.get("nouns", [])),
                         happen_verbs=frozenset(w.lower() for w in spec.get("happen_verbs", [])),
                         acled=_pair(spec.get("acled")))


_NON_PERSON_ENTS = frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                              "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT"})


def _found_objects(verb: Token) -> list[Token]:
    """What may have been found, best first: the passive subject ("a man was found dead"), the
    object ("police found the body"), the noun a reduced relative hangs on ("the body of a man found
    in a ditch"), then a noun in apposition left of the verb, where the parse took a place name
    before it for the subject ("in X, Y, a man was found dead")."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    out = [c for c in verb.children if c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not passive)
           or (c.dep_ == "nsubj" and verb.tag_ == "VBN")]  # a headline: "Body found in river"
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN"):
        out.append(verb.head)
    if passive:
        left = [t for c in verb.lefts for t in c.subtree if t.dep_ == "appos" and t.pos_ in ("NOUN", "PROPN")]
        out += sorted(left, key=lambda t: -t.i)
    return out


class EventLexicon:
    """Trigger verbs/nouns per PLOVER type, light verbs, ACLED defaults and context tags."""

    def __init__(self, *, version: str, verbs: dict[str, list[TriggerSense]], nouns: dict[str, list[TriggerSense]],
                 light_verbs: frozenset[str], statement_verbs: frozenset[str],
                 statement_objects: dict[str, TriggerSense], acled: dict[str, tuple[str, str]],
                 acled_types: frozenset[str], context: dict[str, tuple[frozenset[str], tuple[str, ...]]],
                 non_event_objects: frozenset[str], verbal_objects: frozenset[str] = frozenset(),
                 naming_verbs: frozenset[str] = frozenset(),
                 non_agent_governors: frozenset[str] = frozenset(),
                 generic_modifiers: frozenset[str] = frozenset(),
                 habitual_adverbs: frozenset[str] = frozenset(),
                 alleging_verbs: frozenset[str] = frozenset(),
                 domains: dict[str, tuple[frozenset[str], tuple[str, ...]]] | None = None,
                 violence: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ()),
                 domain_ambiguous: frozenset[str] = frozenset(),
                 quads: dict[str, int] | None = None,
                 verbal_attack_verbs: frozenset[str] = frozenset(),
                 harm: tuple[frozenset[str], tuple[str, ...]] = (frozenset(), ()),
                 stopping_verbs: frozenset[str] = frozenset(),
                 reversals: dict[str, str] | None = None,
                 civilian_nouns: frozenset[str] = frozenset(),
                 found_dead: FoundDead | None = None,
                 fire_exchanges: FireExchanges | None = None,
                 non_event_nouns: frozenset[str] = frozenset()) -> None:
        self.version = version
        self.verbs = verbs
        self.nouns = nouns
        self.light_verbs = light_verbs
        self.statement_verbs = statement_verbs
        self.statement_objects = statement_objects
        self.acled = acled
        self.acled_types = acled_types
        self.context = context
        self.non_event_objects = non_event_objects
        self.verbal_objects = verbal_objects
        # Violent verbs that also have a verbal sense ("attacked the plan"); "shelled positions" has not.
        self.verbal_attack_verbs = verbal_attack_verbs
        # Cues of a harm/unrest report (single words, phrases): see ``harm_cue``.
        self.harm = harm
        # Stopping a relation reverses it: "halted aid" is a SANCTION, "called off the strike" a CONCEDE.
        self.stopping_verbs = stopping_verbs
        self.reversals = reversals or {}
        # Nouns for ordinary people: their blockades and occupations are protests, not coercion.
        self.civilian_nouns = civilian_nouns
        self.carrier_nouns = _CARRIER_NOUNS
        self.found_dead = found_dead or FoundDead()
        self.fire_exchanges = fire_exchanges or FireExchanges()
        # Compound nouns whose head is a trigger word but that name no event ("a heart attack").
        self.non_event_nouns = non_event_nouns
        self.naming_verbs = naming_verbs
        # Verbs whose subject is not a participant of the nominal event they govern ("condemned the attack").
        self.non_agent_governors = non_agent_governors
        # Words that make an event mention generic or habitual ("similar attacks", "often clash").
        self.generic_modifiers = generic_modifiers
        self.habitual_adverbs = habitual_adverbs
        # Verbs that present the event they embed as an allegation ("accused X of supporting").
        self.alleging_verbs = alleging_verbs
        # Non-political news domains (sport, entertainment, business): cue words, the violence cues
        # that outweigh them, and the triggers whose political sense they can switch off.
        self.domains = domains or {}
        self.violence = violence
        self.domain_ambiguous = domain_ambiguous
        self.quads = quads or {}  # PLOVER type -> CAMEO quad class

    @classmethod
    def load(cls) -> EventLexicon:
        data = _read_json("triggers.json")
        ctx = _read_json("context.json")
        weak = set(data.get("weak", []))
        needs_obj = set(data.get("requires_actor_object", []))
        verbs: dict[str, list[TriggerSense]] = {}
        nouns: dict[str, list[TriggerSense]] = {}
        quads: dict[str, int] = {}
        try:
            for type_, spec in data["types"].items():
                quads[type_] = int(spec["quad"])
                for table, out in (("verbs", verbs), ("nouns", nouns)):
                    for key, mode in spec.get(table, {}).items():
                        is_weak = key in weak
                        sense = TriggerSense(type_, mode or None, WEAK if is_weak else STRONG, quads[type_],
                                             weak=is_weak, needs_actor_object=key in needs_obj and table == "verbs")
                        out.setdefault(key.lower(), []).append(sense)
            statement_objects = {
                noun: TriggerSense(t, m or None, WEAK, quads[t], weak=True)
                for noun, (t, m) in data.get("statement_objects", {}).items()
            }
            acled = {k: (v[0], v[1]) for k, v in data.get("acled", {}).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"event lexicon triggers.json is malformed: {exc}") from exc
        context = {tag: _split_words(words) for tag, words in ctx.get("tags", {}).items()}
        domains = {name: _split_words(words) for name, words in ctx.get("domains", {}).items()}
        return cls(
            version=f"{data.get('version', 'events-lexicon')}+{ctx.get('version', 'context')}",
            verbs=verbs, nouns=nouns,
            light_verbs=frozenset(data.get("light_verbs", [])),
            statement_verbs=frozenset(data.get("statement_verbs", [])),
            statement_objects=statement_objects, acled=acled,
            acled_types=frozenset(data.get("acled_types_for", [])), context=context,
            non_event_objects=frozenset(data.get("non_event_objects", [])),
            verbal_objects=frozenset(data.get("verbal_objects", [])),
            naming_verbs=frozenset(data.get("naming_verbs", [])),
            non_agent_governors=frozenset(data.get("non_agent_governors", [])),
            generic_modifiers=frozenset(data.get("generic_modifiers", [])),
            habitual_adverbs=frozenset(data.get("habitual_adverbs", [])),
            alleging_verbs=frozenset(data.get("alleging_verbs", [])),
            domains=domains, violence=_split_words(ctx.get("violence", [])),
            domain_ambiguous=frozenset(data.get("domain_ambiguous", [])), quads=quads,
            verbal_attack_verbs=frozenset(data.get("verbal_attack_verbs", [])),
            harm=_split_words(ctx.get("harm", [])),
            stopping_verbs=frozenset(data.get("stopping_verbs", [])),
            reversals={str(k): str(v) for k, v in data.get("reversals", {}).items()},
            civilian_nouns=frozenset(data.get("civilian_nouns", [])),
            found_dead=_found_dead(data.get("found_dead", {})),
            fire_exchanges=_fire_exchanges(data.get("fire_exchanges", {})),
            non_event_nouns=frozenset(data.get("non_event_nouns", [])),
        )

    # -- matching ---------------------------------------------------------------------------
    def candidate(self, tok: Token) -> Candidate | None:
        """The trigger senses of ``tok`` (most specific entry first), or None."""
        if tok.ent_type_ in ("DATE", "TIME"):
            return None  # "from 20 March", "the March 8 rally": a month, not a march
        if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass")):
            return self._found_dead(tok) or self._verb(tok)
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            cand = self._noun(tok)
            if cand is not None and cand.key in self.fire_exchanges.nouns and self._happened(tok):
                cand.acled, cand.self_standing = self.fire_exchanges.acled, True
            return cand
        return None

    def _found_dead(self, verb: Token) -> Candidate | None:
        """"A man was found dead", "the body of X was found with gunshot wounds", "police found the
        bodies of two men": an attack on a civilian whose doer the text does not name. Not a natural
        or accidental death ("found dead at home after a heart attack"), nor another find ("found
        guilty", "the body of the report was found")."""
        fd = self.found_dead
        if verb.lemma_.lower() not in fd.verbs or "ASSAULT" not in self.quads:
            return None
        if any(c.dep_ == "neg" for c in verb.children):
            return None
        victim = next((v for v in _found_objects(verb) if self._found_victim(verb, v)), None)
        if victim is None:
            return None
        natural_words, natural_phrases = fd.natural
        sent = verb.sent
        if any(t.lower_ in natural_words or t.lemma_.lower() in natural_words for t in sent) or any(
                p in sent.text.lower() for p in natural_phrases):
            return None
        sense = TriggerSense("ASSAULT", None, STRONG, self.quads["ASSAULT"])
        return Candidate(verb, f"{verb.lemma_.lower()} dead", [sense], acled=fd.acled, self_standing=True,
                         finder=True)

    def _found_victim(self, verb: Token, victim: Token) -> bool:
        """``victim`` is the remains of a person, or a person found dead or with signs of violence."""
        fd = self.found_dead
        rest = [t for t in verb.subtree if not victim.is_ancestor(t) and t.i != victim.i]
        signs = any(t.lower_ in fd.signs or t.lemma_.lower() in fd.signs for t in rest)
        if victim.lemma_.lower() in fd.remains or victim.lower_ in fd.remains:
            of = [p for c in victim.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"]
            # "the body of the report", "the remains of the wall": not a person's
            return not of or self._person(of[0]) or signs
        state = any(c.lower_ in fd.states or c.lemma_.lower() in fd.states
                    for c in verb.children if c.dep_ not in ("nsubj", "nsubjpass", "dobj", "prep", "agent"))
        return self._person(victim) and (state or signs)

    def _person(self, tok: Token) -> bool:
        """A phrase head naming a person or people ("a man", "two farmers", "Juan Perez", "three")."""
        if tok.ent_type_ in ("PERSON", "NORP"):
            return True
        lemma = tok.lemma_.lower()
        if lemma in self.found_dead.persons or lemma in self.civilian_nouns:
            return True
        if tok.pos_ == "NOUN" and lemma.endswith(("man", "woman")):
            return True  # "an alderman", "a fisherman"
        return tok.pos_ in ("NUM", "PRON") and tok.ent_type_ not in _NON_PERSON_ENTS

    def _happened(self, noun: Token) -> bool:
        """The noun is what a verb of happening says took place ("a shoot-out took place", "a gunfight
        broke out", "there was an exchange of fire")."""
        gov = noun.head
        if gov.i == noun.i or gov.pos_ not in ("VERB", "AUX"):
            return False
        lemma = gov.lemma_.lower()
        if noun.dep_ == "attr" and lemma == "be":
            return any(c.dep_ == "expl" for c in gov.children)
        if noun.dep_ not in ("nsubj", "nsubjpass"):
            return False
        keys = {lemma} | {f"{lemma} {c.lemma_.lower()}" for c in gov.children if c.dep_ in ("prt", "dobj")}
        return bool(keys & self.fire_exchanges.happen_verbs)

    def _verb(self, tok: Token) -> Candidate | None:
        lemma = tok.lemma_.lower()
        prts = [c.lower_ for c in tok.children if c.dep_ == "prt"]
        # A preposition makes a phrasal trigger only right after the verb ("called for", "met with"),
        # not further away ("was given ... in December" is not "give in").
        preps = [c.lower_ for c in tok.children if c.dep_ in ("prep", "agent") and c.i == tok.i + 1]
        # "a documentary called X", "called the plan a mistake"; but "a statement *calling on* X to
        # ..." is a demand, whose preposition a name never takes.
        if lemma in self.naming_verbs and not preps and (
                tok.dep_ == "acl" or any(c.dep_ == "oprd" for c in tok.children)):
            return None
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        keys: list[str] = []
        for prt in prts:
            keys += [f"{lemma} {prt} {p}" for p in preps] + [f"{lemma} {prt}"]
        # An idiom with its prepositional object ("took to the streets"), before the bare
        # preposition ("took to Twitter" is no event).
        keys += [f"{lemma} {c.lower_} {p.lemma_.lower()}" for c in tok.children
                 if c.dep_ == "prep" and c.i == tok.i + 1 for p in c.children if p.dep_ == "pobj"]
        keys += [f"{lemma} {p}" for p in preps]
        keys += [f"{lemma} {o.lemma_.lower()}" for o in objs]
        # A predicate adjective: "X is skeptical of Y", "X is concerned about Y", and a resultative
        # one ("found the journalist guilty", parsed as a small clause or a predicative).
        keys += [f"{lemma} {c.lemma_.lower()}" for c in tok.children if c.dep_ == "acomp"
                 or (c.dep_ in ("ccomp", "oprd") and c.pos_ == "ADJ")]
        for key in keys:
            if key in self.verbs:
                return Candidate(tok, key, list(self.verbs[key]))
        if lemma in self.statement_verbs:
            for o in objs:
                sense = self.statement_objects.get(o.lemma_.lower())
                if sense:
                    return Candidate(tok, f"{lemma} {o.lemma_.lower()}", [sense], statement=True, object_token=o)
        if objs and all(o.lemma_.lower() in self.non_event_objects for o in objs):
            return None  # "released a statement", "issued a report"
        senses = self.verbs.get(lemma)
        if senses:
            if (lemma in self.verbal_attack_verbs and objs
                    and all(o.lemma_.lower() in self.verbal_objects and not _has_party_modifier(o) for o in objs)
                    and any(s.type == "ASSAULT" for s in senses)):
                # "attacked the government's plans": a verbal attack is an accusation.
                verbal = [s for s in self.verbs.get("criticize", []) if s.type == "ACCUSE"]
                if verbal:
                    return Candidate(tok, lemma, verbal)
            return Candidate(tok, lemma, list(senses))
        return None

    def _noun(self, tok: Token) -> Candidate | None:
        lemma = tok.lemma_.lower()
        low = tok.lower_
        for c in tok.children:
            if c.dep_ in ("compound", "amod") and c.i < tok.i:
                keys = [f"{c.lower_} {low}", f"{c.lower_} {lemma}"]
                between = tok.doc[c.i + 1 : tok.i]
                if len(between) and all(t.text == "-" for t in between):
                    keys[:0] = [f"{c.lower_}-{low}", f"{c.lower_}-{lemma}"]  # the tokenizer split "shoot-out"
                for key in keys:
                    if key in self.non_event_nouns:
                        return None  # "a heart attack"
                    if key in self.nouns:
                        return Candidate(tok, key, list(self.nouns[key]))
            elif c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1:
                for p in c.children:  # "exchange of fire"
                    key = f"{lemma} of {p.lemma_.lower()}" if p.dep_ == "pobj" else ""
                    if key in self.nouns:
                        return Candidate(tok, key, list(self.nouns[key]))
        for key in (low, lemma):
            if key in self.nouns:
                return Candidate(tok, key, list(self.nouns[key]))
        if lemma in _CARRIER_NOUNS:
            # "a mediation effort between X and Y", "a peace mission": the event noun is a modifier of
            # a generic noun, which carries the arguments.
            for c in tok.children:
                if c.dep_ == "compound" and c.i < tok.i and c.lemma_.lower() in self.nouns:
                    return Candidate(tok, c.lemma_.lower(), list(self.nouns[c.lemma_.lower()]))
        return None

    def domain_cues(self, tokens: Iterable[Token], text: str, *, skip: int | None = None) -> tuple[int, int]:
        """(distinct non-political domain cues, distinct violence cues) among ``tokens`` / in ``text``.

        ``skip``: index of a token not to count (the trigger itself: "shot" is both).
        """
        words = {w for t in tokens if t.i != skip for w in (t.lower_, t.lemma_.lower())}
        low = text.lower()
        domain: set[str] = set()
        for singles, phrases in self.domains.values():
            domain |= words & singles
            domain |= {p for p in phrases if p in low}
        singles, phrases = self.violence
        violence = (words & singles) | {p for p in phrases if p in low}
        return len(domain), len(violence)

    def reversal(self, noun: Token, type_: str) -> tuple[Token, str] | None:
        """(the stopping verb, the reversed type) when the nominal trigger ``noun`` is what a verb stops
        ("halted economic aid" -> SANCTION, "called off the strike" -> CONCEDE), else None."""
        if type_ not in self.reversals or noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("dobj", "nsubjpass"):
            return None
        gov = noun.head
        if gov.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in gov.children):
            return None
        lemma = gov.lemma_.lower()
        keys = {lemma} | {f"{lemma} {c.lower_}" for c in gov.children if c.dep_ == "prt"}
        if not keys & self.stopping_verbs:
            return None
        return gov, self.reversals[type_]

    def civilian_subject(self, verb: Token) -> bool:
        """The verb's subject is a crowd of ordinary people ("workers blocked", "thousands of people
        blocked", "Young Algerians blocked"), not a state or armed force."""
        for subj in (c for c in verb.children if c.dep_ == "nsubj"):
            cur: Token | None = subj
            for _ in range(3):  # "hundreds of thousands of people"
                if cur is None:
                    break
                if cur.lemma_.lower() in self.civilian_nouns or (cur.ent_type_ == "NORP" and cur.tag_ in ("NNPS", "NNS")):
                    return True
                cur = next((p for c in cur.children if c.dep_ == "prep" and c.lower_ == "of"
                            for p in c.children if p.dep_ == "pobj"), None)
        return False

    def harm_cue(self, sent: Span) -> bool:
        """The sentence reports harm or unrest ("found dead", "shots", "clashes", "protested")."""
        singles, phrases = self.harm
        if any(t.lower_ in singles or t.lemma_.lower() in singles for t in sent):
            return True
        low = sent.text.lower()
        return any(p in low for p in phrases)

    def context_tags(self, sent: Span) -> list[str]:
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        low = sent.text.lower()
        tags = []
        for tag, (singles, phrases) in self.context.items():
            if lemmas & singles or any(p in low for p in phrases):
                tags.append(tag)
        return tags

    def acled_for(self, type_: str, mode: str | None) -> tuple[str, str] | None:
        if mode and f"{type_}:{mode}" in self.acled:
            return self.acled[f"{type_}:{mode}"]
        return self.acled.get(type_)
