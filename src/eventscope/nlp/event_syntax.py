"""What the parse says around an event trigger, for the events stage and its draft passes.

Who reports the clause, whether the trigger is subordinate, generic or alleged, and whether an
argument is a phrase naming a party: plain functions over spaCy tokens, no component state.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .lexicon import EventLexicon
from .modality import SPEECH_LEMMAS, token_markers
from .role_targets import place_like
from .roles import FIRST_PERSON, ActorIndex, argument_span, party_head, phrase_head

__all__ = [
    "THING_TARGET_TYPES",
    "actor_ids",
    "alleged",
    "clause_verb",
    "definite",
    "demand_marker",
    "first_person_clause",
    "generic",
    "has_phrase",
    "participant",
    "reported_demand",
    "reporter",
    "reporter_phrase",
    "subordinate",
]


# Prepositions that put a nominal event in the background of the clause's own event.
_BACKGROUND_PREPS = frozenset({"after", "following", "before", "since", "amid", "despite", "during", "over"})
_SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj", "csubjpass", "xcomp", "ccomp"})
_ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})


def actor_ids(tokens: list[Token], actors: ActorIndex, speaker: str | None) -> list[str]:
    """The actors the argument tokens resolve to, in order, each once."""
    out: list[str] = []
    for t in tokens:
        # A pronoun the actors stage left unresolved: the noun the sentence shows it stands for.
        found = actors.for_token(t, speaker=speaker) or (
            actors.for_token(phrase_head(t), speaker=speaker) if t.pos_ == "PRON" else [])
        for a in found:
            if a not in out:
                out.append(a)
    return out


def reporter(tok: Token, actors: ActorIndex) -> str | None:
    """The subject of the reporting verb a clause depends on ("X said we will ..." -> X)."""
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            return None
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH_LEMMAS:
            subj = [c for c in cur.head.children if c.dep_ == "nsubj"]
            ids = actors.for_token(subj[0]) if subj else []
            return ids[0] if ids else None
        cur = cur.head
    return None


def reported_demand(verb: Token, quads: dict[str, int]) -> bool:
    """A clause someone is reported to say must happen ("X said Y must leave"): a REQUEST by X."""
    return "REQUEST" in quads and token_markers(verb) == "demanded" and bool(reporter_phrase(verb))


def demand_marker(verb: Token) -> Token | None:
    """The modal that makes ``verb`` demanded ("must", "should", "ought")."""
    return next((c for c in verb.children
                 if c.dep_ in ("aux", "auxpass") and c.lower_ in ("must", "should", "ought")), None)


def reporter_phrase(tok: Token) -> list[Token]:
    """The subject phrase of the reporting verb a clause depends on, resolved to an actor or not."""
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            return []
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH_LEMMAS:
            subj = [c for c in cur.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
            return list(subj[0].subtree) if subj else []
        cur = cur.head
    return []


def subordinate(tok: Token) -> bool:
    """The trigger sits in a subordinate clause or below a preposition, not in the main clause
    (the complement of a reporting verb counts as main: "X said Y attacked Z")."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in _BACKGROUND_PREPS:
        return True  # "sent condolences *after the attack*", "remained on alert *following clashes*"
    cur = tok
    for _ in range(12):
        head = cur.head
        if head.i == cur.i:
            return False
        if cur.dep_ in _SUBORDINATE_DEPS and not (cur.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_LEMMAS):
            return not (cur.dep_ == "xcomp" and cur.head.dep_ == "ROOT")
        if cur.dep_ == "pobj" and cur.head.head.pos_ in ("VERB", "AUX") and cur.head.head.i < cur.head.i and tok.pos_ != "NOUN":
            return True
        cur = head
    return False


def clause_verb(sent: Span) -> Token | None:
    """The sentence's main verb, or the verb of the reported clause ("X said Y hosted Z")."""
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    if root.lemma_.lower() in SPEECH_LEMMAS:
        comp = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
        return comp[0] if comp else None
    return root


# Types whose object is often the act or thing exchanged ("signed *an agreement*", "provided *aid*",
# "lifted *restrictions*") rather than a party; attacks, arrests, rejections and accusations aim at
# what they name ("shelled *a checkpoint*", "rejected *the draft resolution*").
THING_TARGET_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "AID", "SUPPORT", "CONCEDE", "RETREAT",
                                 "MOBILIZE", "REQUEST", "SANCTION"})


def participant(tok: Token, doc: Doc) -> bool:
    """A target phrase that names a party (an actor, a named entity, people) rather than a thing
    acted on ("signed *an agreement*", "demolished *the home*"): only parties are argument phrases.
    A place stands for the party there ("withdrew peacekeepers from *the Golan Heights*", "a
    ceasefire in *the disputed territory of Kashmir*")."""
    # Within the phrase that would be marked, not the whole subtree: "signed an agreement *to keep
    # trade flowing between the two countries*" names no party in its phrase.
    start, end = argument_span(tok)
    if any(s < end and e > start for s, e, _ in doc._.actor_spans):
        return True
    return party_head(phrase_head(tok)) or place_like(tok) or tok.pos_ == "PROPN" or attitude_topic(tok)


# Verbs that express an attitude ("expressed optimism", "voiced concern", "offered condolences").
_ATTITUDE_VERBS = frozenset({"express", "voice", "convey", "offer", "extend"})
_TOPIC_WORDS = frozenset({"about", "over", "at", "regarding", "concerning", "in", "on", "with"})


def attitude_topic(tok: Token) -> bool:
    """``tok`` is what an expressed attitude is about ("expressed optimism *at a deal*", "condolences
    *over the earthquake*", "optimism *that the timeline* could be accelerated"): coders mark the
    topic as the target, a thing or not."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "pobj" and cur.head.lower_ in _TOPIC_WORDS:
            cur = cur.head.head
        elif cur.dep_ in ("nsubj", "nsubjpass") and cur.head.dep_ in ("ccomp", "acl"):
            cur = cur.head.head
        else:
            return False
        if cur.lemma_.lower() in _ATTITUDE_VERBS or (
                cur.dep_ == "dobj" and cur.head.lemma_.lower() in _ATTITUDE_VERBS):
            return True
    return False


def has_phrase(tokens: list[Token]) -> bool:
    """Some argument is a noun phrase, not a date or a bare pronoun."""
    heads = [phrase_head(t) for t in tokens]
    return any(t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("DATE", "TIME") for t in heads)


def first_person_clause(tok: Token) -> bool:
    """The clause's subject is first person ("we will respond")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in tok.children)


def definite(tok: Token) -> bool:
    """The noun has an anaphoric determiner ("the attack", "this meeting")."""
    return any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in tok.children)


def generic(tok: Token, lex: EventLexicon) -> bool:
    """A generic or habitual mention: "similar attacks", "has carried out attacks", "often clash"."""
    kids = list(tok.children)
    if any(c.dep_ == "advmod" and c.lower_ in lex.habitual_adverbs for c in kids):
        return True
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.tag_ == "NNS" and any(c.dep_ in ("amod", "det", "predet") and c.lower_ in lex.generic_modifiers
                                 for c in kids):
        return True  # "similar attacks", "such raids" (but "a similar deal with X" is one deal)
    if tok.tag_ == "NNS" and tok.dep_ == "dobj" and not any(c.dep_ in ("det", "poss", "nummod") for c in kids):
        # A bare plural object of a perfect or present-tense verb: "has carried out attacks",
        # "stages raids" (a record of conduct, not one event).
        gov = tok.head
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in gov.children)
        return perfect or gov.tag_ in ("VBZ", "VBP")
    return False


def alleged(tok: Token, lex: EventLexicon) -> bool:
    """An event presented as an allegation: "accused X of supporting", "blamed X for the attack"."""
    cur = tok
    for _ in range(3):
        head = cur.head
        if head.i == cur.i:
            return False
        if cur.dep_ in ("pcomp", "pobj") and head.dep_ == "prep" and head.head.lemma_.lower() in lex.alleging_verbs:
            return True
        if cur.dep_ == "ccomp" and head.lemma_.lower() in lex.alleging_verbs:
            return True
        if cur.dep_ not in ("conj", "xcomp"):
            return False
        cur = head
    return False
