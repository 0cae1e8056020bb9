"""Event drafts and the passes over them before the events stage turns them into records.

A :class:`Draft` is one trigger's event while :mod:`.events` still works on it. The passes here
fold mentions of one event together, derive the events a sentence implies (a demand, a declared
intention, a refusal, a threat) and fill in targets and places from other drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from ..records import Place, Quote
from .event_context import PLACED_TYPES, broad
from .event_syntax import actor_ids, definite, has_phrase, reporter, reporter_phrase
from .lexicon import STRONG, Candidate, EventLexicon, TriggerSense
from .modality import INTENT_GOVERNORS, is_infinitive_complement, token_markers
from .roles import ActorIndex, PlaceIndex, argument_tokens, party_head, phrase_head, subject_tokens

__all__ = [
    "Draft",
    "derived_intents",
    "derived_refusals",
    "derived_requests",
    "evaluated_targets",
    "fold_coreferent",
    "fold_purposes",
    "imposed_measures",
    "inherit_locations",
    "mark_embedded",
    "merge",
    "sentence_locations",
    "thwarted_attacks",
    "warnings_as_threats",
]


@dataclass
class Draft:
    """One trigger's event while the stage works on it: its sense, roles, place and the flags that
    set its confidence."""

    cand: Candidate
    sense: TriggerSense
    sent: Span
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    source_tokens: list[Token] = field(default_factory=list)
    target_tokens: list[Token] = field(default_factory=list)
    location: Place | None = None
    modality: str = "asserted"
    quote: Quote | None = None
    agreement: float | None = None
    acled: tuple[str, str] | None = None
    trigger: Token | None = None
    killed: int | None = None
    injured: int | None = None
    derived: bool = False
    probe_only: bool = False  # kept only to ask the classifier; dropped without its confirmation
    source_from: str = ""  # see roles.RoleTokens.source_from
    governor: Token | None = None  # the verb a nominal trigger is an argument of
    generic: bool = False
    alleged: bool = False
    unresolved: bool = False  # argument phrases but no actor resolved in them
    intent: bool = False  # the declared intention of a future event ("X will provide aid")
    embedded: bool = False  # below another event's trigger ("refused *to deploy*", "threatened *to ban*")
    pred: Any = None  # the event classifier's reading of the sentence, if it was asked

    @property
    def token(self) -> Token:
        return self.trigger if self.trigger is not None else self.cand.token


def _compatible_modes(a: Draft, b: Draft) -> bool:
    return a.sense.mode is None or b.sense.mode is None or a.sense.mode == b.sense.mode


def _antecedent(d: Draft, kept: list[Draft]) -> Draft | None:
    """An earlier draft that ``d`` is only another mention of, or None.

    Two cases: a definite noun ("the attack", "the blast", "this meeting") of the same type as an
    earlier event, whose own phrase names no other doer; and, in one sentence, a second trigger of
    the same type with the same doer and place (a headline run into the first sentence).
    """
    if d.derived:
        return None
    tok = d.token
    for ante in reversed(kept):
        if ante.derived or ante.generic or ante.sense.type != d.sense.type or not _compatible_modes(ante, d):
            continue
        if ante.modality != d.modality and d.modality != "asserted":
            continue
        if ante.sent.start == d.sent.start:
            if (ante.modality == d.modality and _nested(d.source, ante.source)
                    and _nested(d.target, ante.target) and (d.location is None or ante.location is None
                                                            or d.location.name == ante.location.name)):
                return ante
            continue
        if tok.pos_ == "NOUN" and definite(tok) and not d.generic:
            own = d.source_from == "phrase" and d.source
            if not own or set(d.source) <= set(ante.source):
                if d.source and ante.source and not set(d.source) <= set(ante.source):
                    return None  # "the attack" claimed by someone else than the earlier doer
                return ante
    return None


def _nested(a: list[str], b: list[str]) -> bool:
    """One actor list contains the other (an empty list is contained in any)."""
    return set(a) <= set(b) or set(b) <= set(a)


def _strong_source(d: Draft, light_verbs: frozenset[str]) -> bool:
    """The mention's doer is named by its own phrase, a responsibility claim or a support verb
    ("launched the attack"), not just by whatever verb it is an argument of ("referring to the attack")."""
    if d.source_from in ("phrase", "claim") or d.token.pos_ not in ("NOUN", "PROPN"):
        return True
    gov = d.governor
    if d.source_from != "governor" or gov is None:
        return False
    keys = {gov.lemma_.lower()} | {f"{gov.lemma_.lower()} {c.lower_}" for c in gov.children if c.dep_ == "prt"}
    return bool(keys & light_verbs)


def fold_coreferent(drafts: list[Draft], *, light_verbs: frozenset[str] = frozenset()) -> list[Draft]:
    """Drop mentions of an event already extracted, giving their new details to the first mention."""
    kept: list[Draft] = []
    for d in drafts:
        ante = _antecedent(d, kept)
        if ante is None:
            kept.append(d)
            continue
        if _strong_source(d, light_verbs):
            if set(ante.source) < set(d.source):
                ante.source = list(d.source)
            ante.source = ante.source or d.source
        ante.target = ante.target + [a for a in d.target if a not in ante.target and a not in ante.source]
        ante.location = ante.location or d.location
        if ante.killed is None and ante.injured is None:
            ante.killed, ante.injured = d.killed, d.injured
    return kept


def evaluated_targets(drafts: list[Draft], lex: EventLexicon) -> None:
    """"X condemned the attack": once the attack has a known doer, that doer is what X condemns."""
    events_before: list[Draft] = []
    for d in drafts:
        tok = d.token
        if d.sense.type in ("ACCUSE", "REJECT") and not d.target and tok.pos_ == "VERB" and not d.derived:
            for obj in (c for c in tok.children if c.dep_ == "dobj"):
                cand = lex.candidate(obj)
                if cand is None or not definite(obj):
                    continue
                types = {s.type for s in cand.senses}
                ante = next((e for e in reversed(events_before)
                             if e.sense.type in types and e.source and not e.generic), None)
                if ante is not None:
                    d.target = [a for a in ante.source if a not in d.source]
        events_before.append(d)


def inherit_locations(drafts: list[Draft]) -> None:
    """"The meeting" / "the talks" with no place of their own: where the same kind of event was last placed."""
    last: dict[tuple[str, str | None], Place] = {}
    for d in drafts:
        key = (d.sense.type, d.sense.mode)
        tok = d.token
        if d.location is None and tok.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in tok.children):
            d.location = last.get(key)
        if d.location is not None:
            last[key] = d.location


def _crowd_demand(d: Draft, actors: dict[str, Any]) -> bool:
    """A demand voiced by a crowd ("hundreds of workers came out on the roads in X, demanding ..."):
    made where the crowd gathered, as a protest is."""
    if d.sense.type != "REQUEST" or not d.source:
        return False
    return all(i.startswith("g:") and getattr(actors.get(i), "sector", None) == "CVL" for i in d.source)


def sentence_locations(drafts: list[Draft], places: PlaceIndex, *, actors: dict[str, Any] | None = None) -> None:
    """A violent, coercive or protest event the parse left without a place happened, as news and
    notes write it, at the most specific place its sentence names ("killed two men ... in X town (Y)"),
    unless that place is one of its arguments. Countries and regions are too broad to be a location.
    A crowd's demand is placed the same way (``actors``: the doc's actors, by id)."""
    # A place that is an argument of any event in the sentence ("could strike Tehran") is not the
    # location of another one.
    args_by_sent: dict[int, set[int]] = {}
    for d in drafts:
        args_by_sent.setdefault(d.sent.start, set()).update(
            i for tok in d.source_tokens + d.target_tokens for i in argument_tokens(tok))
    for d in drafts:
        # A country is a location too broad to keep when the sentence names a place inside it
        # ("in Texcoco de Mora, Mexico").
        loc = d.location
        country = loc if loc is not None and (loc.feature_code or "").startswith("PCL") else None
        placed = d.sense.type in PLACED_TYPES or (actors is not None and _crowd_demand(d, actors))
        if (d.location is not None and country is None) or not placed:
            continue
        args = args_by_sent.get(d.sent.start, set())
        for tok, place in places.in_span(d.sent):
            if (tok.i not in args or _under_locative(tok, args)) and not broad(place) and (country is None or place.country == country.country):
                d.location = place
                break


# Prepositions that say where: "in/at/near X".
_WHERE_PREPS = frozenset({"in", "at", "near"})


def _under_locative(tok: Token, args: set[int], *, max_steps: int = 4) -> bool:
    """``tok`` sits below an "in/at/near" phrase that no argument contains: where something
    happened, even when the parse also reads the place as an argument ("went on strike, in X city
    (Y) demanding ..." with "city" the subject of "demanding")."""
    cur = tok
    for _ in range(max_steps):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.dep_ == "prep" and cur.lower_ in _WHERE_PREPS:
            return cur.i not in args
        if cur.pos_ == "VERB" and cur.dep_ not in ("pcomp", "acl"):
            return False
    return False


def mark_embedded(drafts: list[Draft]) -> None:
    """Flag drafts whose trigger is below another draft's trigger in the parse."""
    for d in drafts:
        tok = d.token
        d.embedded = d.embedded or any(
            o is not d and o.token.i != tok.i and o.sense.type != d.sense.type and (
                o.token.is_ancestor(tok) or _light_host(o, tok))
            for o in drafts if not o.derived)


def _light_host(o: Draft, tok: Token) -> bool:
    """``tok`` hangs below the verb that carries nominal event ``o`` ("staged protests *to demand* ...")."""
    gov = o.governor
    return (o.source_from == "governor" and gov is not None and gov.i != tok.i and gov.is_ancestor(tok)
            and not tok.is_ancestor(o.token) and tok.dep_ not in ("conj",) and not _in_conj(gov, tok))


def _in_conj(gov: Token, tok: Token) -> bool:
    cur = tok
    while cur.head.i != cur.i and cur.i != gov.i:
        if cur.dep_ == "conj" and cur.head.i == gov.i:
            return True
        cur = cur.head
    return False


def merge(drafts: list[Draft]) -> list[Draft]:
    """Fold a same-type trigger into the one governing it ("signed an agreement", "attacked ..., killing")."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: _depth(d.cand.token)):
        host = next((k for k in kept if k.sense.type == d.sense.type and _governs(k.cand.token, d.cand.token, d)), None)
        if host is None:
            kept.append(d)
            continue
        host.source = host.source or d.source
        host.target = host.target + [a for a in d.target if a not in host.target and a not in host.source]
        host.location = host.location or d.location
        if d.sense.mode and not host.sense.mode:
            host.sense = TriggerSense(host.sense.type, d.sense.mode, max(host.sense.strength, d.sense.strength),
                                      host.sense.quad)
    return kept


def fold_purposes(drafts: list[Draft]) -> list[Draft]:
    """"staged rallies *to demand* X", "blocked roads *demanding* X": the demand is the protest's
    purpose, not a second event; the protest is aimed at whom the demand is."""
    protests = [d for d in drafts if d.sense.type == "PROTEST" and not d.derived]
    if not protests:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        tok = d.token
        host = None
        if d.sense.type == "REQUEST" and tok.dep_ in ("advcl", "xcomp", "acl", "relcl"):
            host = next((p for p in protests if tok.head.i in (
                p.token.i, p.governor.i if p.governor is not None else -1)), None)
        if host is None:
            out.append(d)
            continue
        host.target = host.target + [a for a in d.target if a not in host.target and a not in host.source]
        host.target_tokens = host.target_tokens + [t for t in d.target_tokens
                                                   if t not in host.target_tokens and party_head(phrase_head(t))]
        host.source = host.source or d.source
        host.source_tokens = host.source_tokens or d.source_tokens
    return out


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i:
        tok, n = tok.head, n + 1
    return n


def _governs(head: Token, tok: Token, d: Draft) -> bool:
    if not head.is_ancestor(tok):
        return False
    # A clause with its own subject is a separate event ("Russia attacked X and Ukraine attacked Y",
    # "if Iran attacks Israel, the US could strike Tehran").
    return not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


_DEMAND_AUX = frozenset({"must", "should", "ought"})


def _demanding_aux(tok: Token) -> Token | None:
    """The "must" that makes ``tok`` a demand: its own ("Y must withdraw"), or that of the intention
    it is the complement of ("the US must be ready to mediate", "X should pledge to withdraw")."""
    if token_markers(tok) == "demanded":
        return next((c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _DEMAND_AUX), tok)
    head = tok.head
    if tok.dep_ != "xcomp" or head.i == tok.i or head.lemma_.lower() not in INTENT_GOVERNORS:
        return None
    holders = [head, head.head] if head.pos_ == "ADJ" and head.dep_ == "acomp" else [head]
    for h in holders:
        if token_markers(h) == "demanded":
            return next(c for c in h.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _DEMAND_AUX)
    return None


# Verbs (lemmas and forms: the model lemmatizes "hoped" as "hop") by which someone wishes another
# party would act ("X hoped that Y would release ..."): a REQUEST from X to Y, as coders read it.
_WISH_WORDS = frozenset({"hope", "hoped", "hopes", "hoping", "wish", "wished", "wishes", "want", "wanted",
                         "wants"})


def _wish_marker(tok: Token) -> Token | None:
    """The wishing verb whose clause ``tok`` heads, when that clause has its own subject ("hoped that
    *Iran* would release", "wants *Russia* to end"): another party is asked to act."""
    head = tok.head
    if tok.dep_ not in ("ccomp", "xcomp") or head.i == tok.i or token_markers(head) == "negated":
        return None
    if head.lemma_.lower() not in _WISH_WORDS and head.lower_ not in _WISH_WORDS:
        return None
    own = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    wisher = [c for c in head.children if c.dep_ == "nsubj"]
    if not own or own[0].pos_ == "PRON" or (wisher and wisher[0].lower_ == own[0].lower_):
        return None
    return head


def _wisher(marker: Token, actors: ActorIndex) -> tuple[str | None, list[Token]]:
    """The actor wishing and its phrase: the wishing verb's own subject, or who reports it."""
    subj = next((c for c in marker.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.pos_ != "PRON":
        ids = actor_ids([subj], actors, None)
        return (ids[0] if ids else None), list(subj.subtree)
    return reporter(marker, actors), reporter_phrase(marker)


def derived_requests(drafts: list[Draft], actors: ActorIndex, quotes: list[Quote]) -> list[Draft]:
    """"We must engage X" said by S: S makes a REQUEST (asserted); the engaging itself is demanded.
    So does a wish that another party act ("X hoped Y would release ...")."""
    out: list[Draft] = []
    have_request = any(d.sense.type == "REQUEST" for d in drafts)
    for d in drafts:
        # The stopping verb of a reversed event ("Y must *end* attacks") carries the demand.
        if have_request:
            continue
        tok = d.cand.token
        demand_aux = _demanding_aux(tok) if d.modality == "demanded" else None
        if demand_aux is None and d.modality == "demanded" and d.token.i != tok.i:
            tok = d.token
            demand_aux = _demanding_aux(tok)
        wish = _wish_marker(tok) if demand_aux is None and d.modality != "negated" and not d.derived else None
        if demand_aux is None and wish is None:
            continue
        if wish is not None:
            speaker, speaker_tokens = _wisher(wish, actors)
            if d.quote is not None and speaker is None:
                speaker = d.quote.speaker
        else:
            speaker = d.quote.speaker if d.quote is not None else reporter(tok, actors)
            # "A senior British minister reiterated that Libya must ...": the demand stands even when
            # the one voicing it resolves to no actor; its phrase is kept as the source.
            speaker_tokens = reporter_phrase(tok)
        if speaker is None and not speaker_tokens:
            continue
        aux = demand_aux if demand_aux is not None else wish
        # "X said Y must return Z": X asks Y (the one who must act), not Z.
        asked = [a for a in d.source if a != speaker]
        asked_tokens = d.source_tokens if asked or not d.target or has_phrase(d.source_tokens) else d.target_tokens
        req = Draft(cand=d.cand, sense=TriggerSense("REQUEST", None, 0.6, 1), sent=d.sent,
                     source=[speaker] if speaker is not None else [], source_tokens=speaker_tokens,
                     target=asked or [a for a in d.target if a != speaker], target_tokens=list(asked_tokens),
                     location=d.location, modality="asserted", quote=d.quote,
                     agreement=None, trigger=aux, derived=True)
        out.append(req)
        d.embedded = True  # what is demanded is the content of the request
        have_request = True
    return out


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


def _intent_marker(tok: Token) -> Token | None:
    """The word declaring a future event: its "will" or the verb it is the complement of ("pledged to")."""
    aux = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in _FUTURE_AUX), None)
    if aux is not None:
        return aux
    head = tok.head
    # The same verbs that make the embedded event future in modality ("is determined to fight",
    # "swore to fight"): a separate, shorter list here left those future events with no declaration.
    complement = tok.dep_ in ("xcomp", "ccomp") or (tok.dep_ == "advcl" and is_infinitive_complement(tok))
    if complement and head.i != tok.i and head.lemma_.lower() in INTENT_GOVERNORS:
        return head
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and head.pos_ in ("VERB", "AUX"):
        # "promised to continue military aid", "will send aid": the verb the noun is the object of.
        return _intent_marker(head)
    return None


def derived_intents(drafts: list[Draft], quads: dict[str, int]) -> list[Draft]:
    """"X will provide aid to Y", "X pledged to withdraw": declaring the intention is itself an
    event, asserted: an intent to cooperate (AGREE) or, for conflictual acts, a THREATEN."""
    # An explicit declaration ("agreed to", "threatened to") is already the event.
    if any(d.sense.type in ("AGREE", "THREATEN") and d.token.pos_ in ("VERB", "AUX") and d.modality == "asserted"
           for d in drafts):
        return []
    for d in drafts:
        if d.derived or d.embedded or d.modality != "future" or not (d.source or d.source_tokens):
            continue
        marker = _intent_marker(d.token)
        if marker is None and d.sense.type != "ACCUSE":
            # Reported speech: "X said they would boycott Y" (future-in-the-past, see modality).
            # On a noun trigger ("would tighten the blockade"), the "would" is its verb's.
            tok = d.token
            verb = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" else tok
            marker = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in ("would", "'d")), None)
        if marker is None:
            continue
        # "will withdraw its force unless X holds elections": a conditional threat, whatever the act.
        conditional = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
                          for c in d.token.children)
        type_ = "AGREE" if d.sense.quad in (1, 2) and not conditional else "THREATEN"
        sense = TriggerSense(type_, None, d.sense.strength, quads.get(type_, 1 if type_ == "AGREE" else 3))
        d.embedded = True  # the intended event is the content of the declared intention
        return [Draft(cand=d.cand, sense=sense, sent=d.sent, source=list(d.source), target=list(d.target),
                       source_tokens=d.source_tokens, target_tokens=d.target_tokens, location=d.location,
                       modality="asserted", quote=d.quote, agreement=d.agreement, trigger=marker, derived=True,
                       intent=True, unresolved=d.unresolved)]
    return []


# Verbs by which an authority puts a measure in force: a protest is staged, never imposed.
_IMPOSING_VERBS = frozenset({"impose", "reimpose", "tighten", "enforce", "extend", "reinforce"})


def imposed_measures(drafts: list[Draft], quads: dict[str, int]) -> None:
    """"Israel reimposed blockades on the West Bank", "NATO would tighten the naval blockade": a
    blockade or strike word that an actor imposes is coercion by that actor, not a protest."""
    for d in drafts:
        tok = d.token
        if d.derived or d.sense.type != "PROTEST" or tok.pos_ != "NOUN" or tok.dep_ != "dobj":
            continue
        if tok.head.lemma_.lower() in _IMPOSING_VERBS:
            d.sense = TriggerSense("COERCE", d.sense.mode, d.sense.strength, quads.get("COERCE", 4))


_WARNING_VERBS = frozenset({"warn", "caution"})


def _announces_future(clause: Token) -> bool:
    """The clause (or a conjunct of it) states what will happen: "will"/"would"/"is going to"."""
    verbs = [clause] + [c for c in clause.children if c.dep_ == "conj"]
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX | {"would", "'d"}
               for v in verbs for c in v.children)


def warnings_as_threats(drafts: list[Draft], quads: dict[str, int]) -> None:
    """"X warned that police will no longer tolerate rallies": a warning of what the speaker's side
    will do is a threat, not a complaint (a warning about the past or present stays ACCUSE)."""
    for d in drafts:
        tok = d.token
        if d.derived or d.sense.type != "ACCUSE" or tok.lemma_.lower() not in _WARNING_VERBS or tok.pos_ != "VERB":
            continue
        if any(c.dep_ == "ccomp" and _announces_future(c) for c in tok.children):
            # The construction settles the sense: full strength, and the classifier's agreement
            # (scored for ACCUSE) no longer applies.
            d.sense = TriggerSense("THREATEN", None, STRONG, quads.get("THREATEN", 3))
            d.agreement = None
            for o in drafts:  # what is threatened is the content of the threat
                if o is not d and tok.is_ancestor(o.token):
                    o.embedded = True


_REFUSING_GOVERNORS = frozenset({"refuse", "fail", "decline", "reject"})


def _negation_marker(tok: Token) -> Token | None:
    """The word negating ``tok`` ("not", "never") or the verb refusing it ("failed to reach")."""
    neg = next((c for c in tok.children if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")), None)
    if neg is not None:
        return neg
    head = tok.head
    if tok.dep_ == "xcomp" and head.i != tok.i and head.lemma_.lower() in _REFUSING_GOVERNORS:
        return head
    return None


def derived_refusals(drafts: list[Draft], quads: dict[str, int]) -> list[Draft]:
    """"X will not accept refugees", "the US would not meet the demands", "failed to reach agreement":
    declining a cooperative act is itself an event, asserted: REJECT by the one who declines."""
    if any(d.sense.type == "REJECT" for d in drafts):
        return []
    for d in drafts:
        if d.derived or d.embedded or d.modality != "negated" or d.sense.quad not in (1, 2) or not d.source:
            continue
        if d.token.pos_ not in ("VERB", "AUX"):
            continue
        marker = _negation_marker(d.token)
        if marker is None:
            continue
        sense = TriggerSense("REJECT", None, d.sense.strength, quads.get("REJECT", 3))
        d.embedded = True
        return [Draft(cand=d.cand, sense=sense, sent=d.sent, source=list(d.source), target=list(d.target),
                       source_tokens=d.source_tokens, target_tokens=d.target_tokens, location=d.location,
                       modality="asserted", quote=d.quote, agreement=None, trigger=marker, derived=True,
                       intent=True, unresolved=d.unresolved)]
    return []


# Verbs by which a side stops an attack before it happens ("X thwarted/foiled a Y attack"). Not
# "repel"/"repulse": a repelled attack took place, and its doer stays the attacker.
_THWARTING_VERBS = frozenset({"thwart", "foil"})


def thwarted_attacks(drafts: list[Draft], actors: ActorIndex) -> None:
    """"X thwarted a Y attack": the attack never happened; what did is X's fighting off of Y. The
    event becomes the thwarting verb's, done by its subject to the would-be attacker (as event
    coders code the verb "thwart": force used by its subject)."""
    for d in drafts:
        tok, gov = d.token, d.governor
        if d.derived or d.sense.type != "ASSAULT" or tok.pos_ not in ("NOUN", "PROPN") or gov is None:
            continue
        if tok.dep_ != "dobj" or tok.head.i != gov.i or gov.lemma_.lower() not in _THWARTING_VERBS:
            continue
        doers = subject_tokens(gov)
        source = actor_ids(doers, actors, None)
        if not source:
            continue
        attackers = [a for a in d.source if a not in source]
        d.target = attackers + [a for a in d.target if a not in attackers and a not in source]
        d.target_tokens = [t for t in d.source_tokens if t not in doers] or d.target_tokens
        d.source, d.source_tokens, d.source_from = source, doers, "governor"
        d.trigger = gov
