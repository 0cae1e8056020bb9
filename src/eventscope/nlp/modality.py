"""Modality of an event trigger: asserted, negated, hypothetical, future or demanded.

Pure functions over a parsed trigger token. The decision reads the trigger's own auxiliaries,
negations and subordinating markers first, then climbs the chain of *governing* verbs the trigger
is a complement of ("plans to attack", "called on X to release", "denied attacking"), because in
English the modality of an embedded event is usually carried by the verb that embeds it.
Reporting verbs ("said that ...") stop the climb: a reported attack is still an attack.
"""

from __future__ import annotations

from spacy.tokens import Token

from .roles import coordination_head

__all__ = ["modality", "token_markers", "MODALITY_ORDER", "SPEECH_LEMMAS", "INTENT_GOVERNORS",
           "is_infinitive_complement"]

# When several markers apply, the first in this order wins ("would not attack" is negated).
MODALITY_ORDER = ("negated", "demanded", "future", "hypothetical")

_NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
_AUX_DEMANDED = frozenset({"must", "should", "ought", "shall've"})
_AUX_FUTURE = frozenset({"will", "shall", "'ll", "wo"})  # "wo" is the "wo" of "won't"
_AUX_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "'d"})
_MARK_HYPOTHETICAL = frozenset({"if", "unless", "whether", "lest"})

# Verbs (lemmas) that govern an embedded event and give it their modality.
_GOV_DEMANDED = frozenset({
    "must", "need", "urge", "call", "demand", "ask", "request", "press", "insist", "appeal",
    "require", "push", "implore", "order", "instruct", "want", "have", "encourage", "invite",
})
_GOV_NEGATED = frozenset({"deny", "refuse", "fail", "decline", "reject", "avoid", "stop", "halt", "cease"})
# Verbs and adjectives by which an actor declares its own intention ("vowed to fight", "is willing
# to withdraw"): the embedded event is future, and declaring it is an event (see event_drafts.derived_intents).
INTENT_GOVERNORS = frozenset({
    "plan", "intend", "vow", "swear", "pledge", "promise", "prepare", "aim", "resolve", "commit",
    # declared readiness is a stated intention ("is willing to withdraw", "offered to hand over")
    "offer", "ready", "willing", "prepared", "determined", "eager", "committed",
})
# Future without a declared intention: scheduled or expected ("set to meet", "expected to sign"), or
# decided ("the court decided to allow X": the decision is the act itself, not a promise of it).
_GOV_FUTURE = INTENT_GOVERNORS | frozenset({"set", "go", "schedule", "expect", "agree", "decide"})
_GOV_HYPOTHETICAL = frozenset({
    "threaten", "consider", "may", "might", "could", "would", "try", "seek", "attempt", "hope",
    "propose", "suggest", "mull", "weigh", "contemplate", "warn",
})
_NOUN_FUTURE = frozenset({"plan", "prepare", "schedule", "intend", "set"})
# Nouns that embed an event: "the need for talks", "plans for an offensive", "threat of strikes".
_NOUN_GOV = {
    "need": "demanded", "call": "demanded", "demand": "demanded", "appeal": "demanded", "request": "demanded",
    "plan": "future", "intention": "future", "pledge": "future", "promise": "future",
    "threat": "hypothetical", "possibility": "hypothetical", "risk": "hypothetical", "prospect": "hypothetical",
    "denial": "negated", "absence": "negated", "lack": "negated",
}
SPEECH_LEMMAS = frozenset({
    "say", "tell", "state", "claim", "report", "announce", "assert", "add", "note", "stress", "emphasize",
    "emphasise", "declare", "insist", "argue", "write", "explain", "confirm", "believe", "think", "allege",
    "acknowledge", "admit", "comment", "remark", "reiterate", "underline", "underscore", "suggest", "mention",
})
_CLIMB_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "advcl", "conj", "acl", "relcl"})


def token_markers(token: Token) -> str | None:
    """The modality marked directly on ``token`` by its own children (aux, neg, mark, det)."""
    found: set[str] = set()
    for child in token.children:
        low = child.lower_
        dep = child.dep_
        if dep == "neg" or (dep in ("det", "advmod") and low in _NEG_WORDS):
            found.add("negated")
        elif dep in ("aux", "auxpass"):
            if low in _AUX_DEMANDED:
                found.add("demanded")
            elif low in _AUX_FUTURE:
                found.add("future")
            elif low in _AUX_HYPOTHETICAL:
                found.add("hypothetical")
        elif dep == "mark" and low in _MARK_HYPOTHETICAL:
            found.add("hypothetical")
    for name in MODALITY_ORDER:
        if name in found:
            return name
    return None


def _governor_markers(head: Token) -> str | None:
    """Markers of a governing verb, or of the copula of a governing adjective ("must be *ready* to")."""
    own = token_markers(head)
    if own is None and head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i != head.i:
        return token_markers(head.head)
    return own


def is_infinitive_complement(verb: Token) -> bool:
    """A subjectless "to" clause ("sworn *to fight*"), whatever dependency the parser gave it."""
    return (any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children))


def _reported_would(verb: Token) -> bool:
    """Reported speech's future-in-the-past: "X said they *would* boycott Y" reports "we will boycott".
    Not a condition ("would ... if"), nor "could"/"might"."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _AUX_HYPOTHETICAL]
    if not aux or any(a.lower_ not in ("would", "'d") for a in aux):
        return False
    if any(c.dep_ == "mark" and c.lower_ in _MARK_HYPOTHETICAL for c in verb.children):
        return False
    cur = verb
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    return cur.dep_ == "ccomp" and cur.head.lemma_.lower() in SPEECH_LEMMAS | {"announce", "warn", "vow", "promise"}


def _governing(lemma: str) -> str | None:
    if lemma in _GOV_NEGATED:
        return "negated"
    if lemma in _GOV_DEMANDED:
        return "demanded"
    if lemma in _GOV_FUTURE:
        return "future"
    if lemma in _GOV_HYPOTHETICAL:
        return "hypothetical"
    return None


def _noun_governor(token: Token) -> Token | None:
    """The verb or noun a nominal trigger is an argument of ("launched an attack", "call for talks")."""
    if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd"):
        return token.head
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
        return token.head.head
    if token.dep_ == "compound":
        return token.head
    return None


def modality(token: Token, *, max_depth: int = 4) -> str:
    """Modality of the event expressed by ``token`` (a verb or noun trigger).

    ``"negated"`` (not/never/no/denied), ``"demanded"`` (must/should/need to/urge/call for/demand),
    ``"future"`` (will/shall/plan/intend/going to/set to/vow), ``"hypothetical"`` (would/could/might/
    may/if/unless/whether) or ``"asserted"``.
    """
    current = token
    for _ in range(max_depth):
        marked = token_markers(current)
        if marked == "hypothetical" and _reported_would(current):
            return "future"
        if marked:
            return marked
        if current.pos_ in ("NOUN", "PROPN"):
            gov = _noun_governor(current)
            if gov is None or gov.i == current.i:
                return "asserted"
            if gov.pos_ in ("NOUN", "PROPN"):
                kind = _NOUN_GOV.get(gov.lemma_.lower())
                if kind:
                    return kind
            elif gov.lemma_.lower() not in SPEECH_LEMMAS | {"have", "want", "hold"}:
                kind = _governing(gov.lemma_.lower())
                if kind == "future" and gov.lemma_.lower() not in _NOUN_FUTURE:
                    kind = None  # "agreed to a ceasefire" reports the agreement, not a future ceasefire
                if kind:
                    return "negated" if token_markers(gov) == "negated" else kind
            current = gov
            continue
        if current.dep_ not in _CLIMB_DEPS or current.head.i == current.i:
            return "asserted"
        head = current.head
        lemma = head.lemma_.lower()
        if current.dep_ == "advcl" and is_infinitive_complement(current) and lemma in INTENT_GOVERNORS:
            # "have sworn to fight", parsed as an adverbial clause: the complement of the intent.
            return "negated" if _governor_markers(head) == "negated" else "future"
        if current.dep_ in ("ccomp", "conj", "advcl", "relcl", "acl"):
            # A reported, coordinated or adverbial clause keeps its own modality, except under a
            # demanding/denying verb ("demanded that troops withdraw", "denied that it attacked").
            if current.dep_ == "ccomp" and lemma in (_GOV_DEMANDED | _GOV_NEGATED) and lemma not in ("have", "want"):
                return "negated" if lemma in _GOV_NEGATED else "demanded"
            if current.dep_ == "conj":
                # "will meet and sign": conjuncts share the auxiliaries; but "urged X to release Y
                # and accused Z": a finite conjunct is coordinated with "urged", not urged itself.
                current = coordination_head(current)
                continue
            return "asserted"
        # xcomp / pcomp: the governing verb decides ("plans to attack", "called on X to release").
        if lemma == "go" and head.tag_ != "VBG":
            current = head
            continue
        kind = _governing(lemma)
        if kind:
            head_marked = _governor_markers(head)
            if head_marked == "negated":
                return "negated"
            # "X must be ready to mediate", "should pledge to withdraw": a demanded intention.
            return "demanded" if kind == "future" and head_marked == "demanded" else kind
        current = head
    return "asserted"
