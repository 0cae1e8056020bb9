"""Who did what to whom, where: event roles read from the dependency parse, not from word order.

The functions here take a trigger token and return the *tokens* heading its source and target
arguments; :class:`ActorIndex` maps those tokens to actor ids through ``doc._.actor_spans``
(the head noun's own span first, then its conjuncts, appositions and "of/from" modifiers), and
:func:`event_location` picks the place where the event happened.

Handled constructions: active subject/object, passive ("was attacked by X"), reduced relatives
("the convoy attacked by X", "the meeting, attended by X"), coordination ("X and Y met"),
prepositional targets ("met with X", "talks with X", "the attack on X by Y"), control verbs
("X vowed to attack Y", "X urged Y to withdraw"), relative clauses and participles, and nominal
triggers under light verbs ("X launched an attack on Y").

What exact span of text each argument is (``argument_span``/``argument_spans``), the noun a pronoun
argument stands for (``phrase_head``) and whether a head names a party (``party_head``) live in
:mod:`.role_phrases`; they are imported here so that ``from .roles import ...`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .role_location import (
    _LOCATION_PREPS,
    PlaceIndex,
    _prep_head,
    argument_tokens,
    clause_place,
    event_location,
)
from .role_phrases import (
    _PARTY_ENTS,
    _PEOPLE_NOUNS,
    _PLACE_ENTS,
    _TIME_ENTS,
    _agent_objects,
    _conjuncts,
    _prep_objects,
    argument_span,
    argument_spans,
    party_head,
    phrase_head,
)
from .role_targets import (
    RESTRICTION_NOUNS,
    SEND_VERBS,
    aimed_inside,
    allegation_authors,
    announcer,
    call_targets,
    covered_place,
    expelled_from,
    explaining_attack,
    mediated_parties,
    origin_of,
    owning_party,
    place_like,
    purpose_targets,
    related_parties,
    resigned_office,
    seized_from,
    sent_to,
    settled_with,
    struck_employer,
)

__all__ = [
    "ActorIndex",
    "PlaceIndex",
    "RoleTokens",
    "roles_for",
    "subject_tokens",
    "coordination_head",
    "event_location",
    "FIRST_PERSON",
    "argument_span",
    "argument_spans",
    "phrase_head",
    "clause_place",
    "argument_tokens",
    "party_head",
    "left_source",
    "statement_topics",
]

FIRST_PERSON = frozenset({"we", "i", "us", "me", "our", "my", "ourselves", "myself"})
_SUBJ = ("nsubj", "csubj")
_OBJ = ("dobj", "dative", "oprd")
# Prepositions whose object is a target of the event ("met with X", "the attack on X").
_TARGET_PREPS = frozenset({"with", "against", "on", "upon", "to", "toward", "towards", "into", "of"})
# Verbs whose object is the subject of their infinitive complement ("urged X to withdraw").
_OBJECT_CONTROL = frozenset({"urge", "call", "ask", "force", "order", "press", "persuade", "invite", "allow",
                             "help", "encourage", "compel", "tell", "instruct", "demand", "pressure", "appeal"})
# Modifier dependencies an actor may hide behind: "foreign ministers from Russia", "Russian troops",
# "Russia's army", "groups such as Daesh and Al-Qaeda".
_EXPAND_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "prep", "pobj", "npadvmod"})
_EXPAND_PREPS = frozenset({"of", "from", "as", "including", "like", "among", "by"})
_HARMING = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN"})
# Nominal triggers whose "of"-object names participants rather than targets ("a gathering of the CSTO").
PARTICIPANT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "PROTEST", "MOBILIZE"})
# Prepositions of a gerund whose subject is the governing verb's object ("accused X *of* supporting",
# "prevented X *from* leaving", "charged X *with* attacking", "forced X *into* signing").
_OBJECT_GERUND_PREPS = frozenset({"of", "for", "from", "with", "into"})
# Prepositions through which a verb's subject takes part in a nominal event ("took part *in* the talks",
# "arrived *for* talks", "sent troops *to* exercises"), unlike "responded *to* the attack" or "expressed anger *over* the bombing".
_PARTICIPATION_PREPS = frozenset({"in", "for", "into", "to"})
# "claimed responsibility for the blast": the claimant is the doer of the claimed event.
_RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit"})
_CLAIM_VERBS = frozenset({"claim", "accept", "take", "assume", "admit", "bear"})
# Verbs whose subject is on the receiving end of the harm they govern ("X repelled the offensive").
_TARGET_GOVERNORS = frozenset({"repel", "repulse", "resist", "withstand", "survive", "suffer", "endure",
                               "thwart", "foil", "fend", "beat back", "face"})


# Types whose direct object is the thing handed over, not the party receiving it.
# Nouns of a setting, not of a party acted on: "attacked X *on the outskirts of* Y", "met X *on
# the sidelines of* a summit", "acted *on behalf of* Y".
_SETTING_NOUNS = frozenset({"outskirts", "outskirt", "edge", "fringe", "fringes", "sideline", "sidelines",
                            "margin", "margins", "eve", "behalf", "basis", "occasion"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
_TRANSFER_TYPES = frozenset({"AID", "COOPERATE", "SUPPORT", "CONCEDE", "YIELD", "AGREE"})


class ActorIndex:
    """Token -> actor id, built once per doc from ``doc._.actor_spans``."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._by_token: dict[int, str] = {}
        for start, end, actor_id in doc._.actor_spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self._by_token.setdefault(tok.i, actor_id)

    def at(self, token: Token) -> str | None:
        return self._by_token.get(token.i)

    def actors_in(self, start_char: int, end_char: int) -> list[str]:
        seen: list[str] = []
        for start, end, actor_id in self.doc._.actor_spans:
            if start < end_char and end > start_char and actor_id not in seen:
                seen.append(actor_id)
        return seen

    def for_token(self, token: Token, *, speaker: str | None = None) -> list[str]:
        """Actor ids of the noun phrase headed by ``token`` (head span first, then modifiers)."""
        out: list[str] = []
        for head in _conjuncts(token):
            ids = self._for_head(head, speaker=speaker)
            for actor_id in ids:
                if actor_id not in out:
                    out.append(actor_id)
        return out

    def _for_head(self, head: Token, *, speaker: str | None) -> list[str]:
        own = self.at(head)
        if own:
            return [own]
        if head.lower_ in FIRST_PERSON and speaker:
            return [speaker]
        if any(self.at(c) for c in head.children if c.dep_ == "appos"):
            return []  # "the opposition leader, Maria Kolesnikova": the apposition names the actor
        found: list[str] = []
        stack = [c for c in head.children if c.dep_ in _EXPAND_DEPS and c.dep_ not in ("conj", "appos")]
        # "the proposal submitted by X": the agent of a participle on the noun.
        stack += [p for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN" for p in _agent_objects(c)]
        while stack:
            tok = stack.pop(0)
            if tok.dep_ == "prep" and tok.lower_ not in _EXPAND_PREPS:
                continue
            actor_id = self.at(tok)
            if actor_id and actor_id not in found:
                found.append(actor_id)
            stack.extend(c for c in tok.children if c.dep_ in _EXPAND_DEPS)
        return found


@dataclass
class RoleTokens:
    """The tokens heading an event's arguments (mapped to actors by :class:`ActorIndex`)."""

    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)
    governor: Token | None = None  # the verb a nominal trigger depends on ("launched" an attack)
    # Where a nominal trigger's source came from: "phrase" (by X, X's, X-compound), "claim"
    # ("X claimed responsibility for"), "governor" (X launched/held ...) or "" (none / a verb trigger).
    source_from: str = ""


def _is_passive(verb: Token) -> bool:
    # A name read as an auxiliary is no passive marker ("IS militants mounted ...": "IS" as auxpass).
    return any(c.dep_ in ("nsubjpass", "csubjpass") or (c.dep_ == "auxpass" and not _name_as_verb(c))
               for c in verb.children)


def _name_as_verb(tok: Token) -> bool:
    """A name the tagger read as a verb or auxiliary: an entity, or an acronym in capitals ("IS")."""
    return bool(tok.ent_type_) or (len(tok.text) > 1 and tok.text.isupper() and not tok.sent.text.isupper())


def subject_tokens(verb: Token, *, _depth: int = 0) -> list[Token]:
    """The logical subject of a verb (the doer), following control, coordination and relatives."""
    if _depth > 4:
        return []
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ == "ROOT" and verb.head.i < verb.i \
            and verb.head.pos_ in ("NOUN", "PROPN") and not _agent_objects(verb) \
            and any(c.dep_ == "dobj" for c in verb.children):
        # "The Iraqi air force carried out strikes": a main verb with its own object, misread as a
        # participle on the root noun; that noun is its subject.
        return [verb.head]
    if _is_passive(verb) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        # "were shot and killed by X": the agent hangs on the last conjunct and serves both.
        return _agent_objects(verb) or [a for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                                        and not any(g.dep_ in _SUBJ for g in c.children)
                                        for a in _agent_objects(c)] or expelled_from(verb)
    if any(c.dep_ == "agent" for c in verb.children):
        return _agent_objects(verb)  # a passive by coordination ("were shot and *killed by* X")
    own = [c for c in verb.children if c.dep_ in _SUBJ]
    # The parser sometimes hangs the subject on the auxiliary ("X however *have* opposed").
    own = own or [g for c in verb.children if c.dep_ == "aux" for g in c.children if g.dep_ in _SUBJ]
    # "USAID deployed ...": a name opening the clause that the parser read as an adverb.
    own = own or [c for c in verb.children if c.dep_ in ("advmod", "npadvmod", "dep") and c.i < verb.i
                  and c.ent_type_ in _PARTY_ENTS - {"DATE"} and c.pos_ in ("PROPN", "NOUN", "ADV")
                  and c.i == c.left_edge.i and not any(t.dep_ in _SUBJ for t in verb.children)]
    if own:
        return own
    head = verb.head
    if head.i == verb.i:
        return []
    dep = verb.dep_
    if dep == "conj":
        return subject_tokens(coordination_head(verb), _depth=_depth + 1)
    if dep == "xcomp":
        if head.lemma_.lower() in _OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in _OBJ]
            objs += [p for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                     for p in c.children if p.dep_ == "pobj"]
            if objs:
                return objs
        return subject_tokens(head, _depth=_depth + 1)
    if dep in ("advcl", "acomp"):  # "X is willing *to withdraw*": the subject of "is"
        return subject_tokens(head, _depth=_depth + 1)
    if dep == "pcomp" and head.head.i != head.i:
        gov = head.head
        if head.lower_ in _OBJECT_GERUND_PREPS and gov.pos_ in ("VERB", "AUX"):
            # "India accused Pakistan of supporting X": Pakistan is the one (allegedly) supporting;
            # "Pakistan was accused of supporting X": the passive subject is.
            controller = [c for c in gov.children if c.dep_ in (("nsubjpass",) if _is_passive(gov) else _OBJ)]
            if controller:
                return controller
        return subject_tokens(gov, _depth=_depth + 1)
    if dep in ("relcl", "acl"):
        if dep == "acl" and verb.tag_ == "VBG" and head.lemma_.lower() in _MESSAGE_NOUNS and head.dep_ in _OBJ \
                and head.head.pos_ in ("VERB", "AUX"):
            # "X issued a statement *urging* Y": the statement speaks for whoever issued it.
            return subject_tokens(head.head, _depth=_depth + 1) or [head]
        return [head]
    return []


# Nouns whose "between X and Y" names the parties acted upon, not the doers.
_GO_BETWEEN = frozenset({"mediation", "mediator", "brokering", "arbitration", "facilitation"})
# Verbs that say an event happened, whose "between" phrase names its parties.
_HAPPENING_VERBS = frozenset({"take", "break", "erupt", "occur", "happen", "flare", "continue", "ensue", "resume"})
# Passive verbs that say an event was known to happen ("clashes were reported between X and Y").
_REPORTED_VERBS = frozenset({"report", "record", "observe", "witness"})
# Nouns for messages that speak for their issuer ("issued a statement urging ...").
_MESSAGE_NOUNS = frozenset({"statement", "message", "letter", "resolution", "report", "declaration", "communique",
                            "note", "release", "video", "post", "tweet", "appeal", "petition", "memo", "editorial"})


def _finite(verb: Token) -> bool:
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)


def _non_finite(verb: Token) -> bool:
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def coordination_head(verb: Token) -> Token:
    """The verb a conjunct is really coordinated with.

    The parser attaches a finite conjunct to the nearest verb, even when that verb is an embedded
    infinitive: in "X urged Y to release Z and accused W of ...", "accused" hangs under "release",
    but its tense shows it is coordinated with "urged" (it shares X as subject and is not urged).
    For a finite conjunct of a non-finite verb, climb to the first finite verb above.
    """
    head = verb.head
    if verb.dep_ != "conj" or head.i == verb.i:
        return head
    if not (_finite(verb) and _non_finite(head)):
        return head
    cur = head
    for _ in range(4):
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "advcl", "pcomp", "prep", "acl", "conj"):
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and not _non_finite(cur):
            return cur
    return head


# Types (and verbs) that take no object: a participle on a verbless sentence's root noun is its
# main verb misparsed ("On 3 May, workers *protested* in X", "two groups *clashed* over ...").
_ACTIVE_ACL_TYPES = frozenset({"PROTEST", "MOBILIZE"})
_RECIPROCAL_VERBS = frozenset({"clash", "fight", "battle", "skirmish", "riot", "protest", "demonstrate", "rally",
                               "gather", "march", "strike"})


def _verbless(sent: Span) -> bool:
    """The parse found no main verb: the root is a noun or a preposition, or a name read as a verb
    ("IS militants killed ...", where "IS" became the root auxiliary)."""
    root = sent.root
    return root.pos_ not in ("VERB", "AUX") or (root.pos_ == "AUX" and _name_as_verb(root))


def _misparsed_main_verb(verb: Token, type_: str) -> bool:
    """``verb`` hangs as a participle (acl) on the root noun of a sentence with no verb of its own, and
    reads actively: an intransitive event, or one with its own object ("gunmen shot dead a man")."""
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ not in ("NOUN", "PROPN") or head.i > verb.i:
        return False
    if head.dep_ != "ROOT" and not _verbless(verb.sent):
        # "On 3 May, in Lima, a group of merchants *protested*": the noun hangs on a fronted phrase
        # ("in Lima") or a quantity ("a number of citizens"), and the sentence has no other verb.
        return False
    if _agent_objects(verb) or any(c.dep_ in ("auxpass", "nsubjpass", "nsubj") for c in verb.children):
        return False  # a subject of its own ("Arrests: ..., police *arrested* X") is the doer
    return (type_ in _ACTIVE_ACL_TYPES or verb.lemma_.lower() in _RECIPROCAL_VERBS
            or any(c.dep_ == "dobj" for c in verb.children))


# "let free X", "set X loose": a verb of allowing whose complement says the party is freed.
_LET_VERBS = frozenset({"let", "set"})
_FREED_WORDS = frozenset({"free", "loose", "go"})


def _let_free(verb: Token) -> RoleTokens | None:
    """Roles of "X let free Y" (the parser reads Y as the subject of "free", or "free" as its
    adjective): X freed Y. For the trigger "let" or the complement "free" alike."""
    if verb.lower_ in _FREED_WORDS and verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in _LET_VERBS:
        let, comp = verb.head, verb
    elif verb.lemma_.lower() in _LET_VERBS:
        let = verb
        comp = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.lower_ in _FREED_WORDS), None)
        if comp is None:
            freed = [c for c in verb.children if c.dep_ == "dobj" and any(
                a.dep_ == "amod" and a.lower_ in _FREED_WORDS and a.i < c.i for a in c.children)]
            return RoleTokens(source=subject_tokens(verb), target=freed) if freed else None
    else:
        return None
    freed = [c for c in comp.children if c.dep_ in ("nsubj", "dobj")]
    return RoleTokens(source=subject_tokens(let), target=freed) if freed else None


def _verb_roles(verb: Token, type_: str, *, _depth: int = 0) -> RoleTokens:
    if (freed := _let_free(verb)) is not None:
        return freed
    if _misparsed_main_verb(verb, type_):
        roles = RoleTokens(source=[verb.head])
    else:
        roles = RoleTokens(source=subject_tokens(verb))
        if _is_passive(verb):
            roles.target = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")] or (
                # "fishermen, held captive in X, have been freed by Y": the parser made the passive
                # a conjunct of a verb misread as the main one; that verb's subject is the patient.
                [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
                if verb.dep_ == "conj" and verb.head.i < verb.i else [])
            if roles.target and not any(t.lemma_.lower() in _PEOPLE_NOUNS or t.ent_type_ in _PARTY_ENTS
                                        for t in roles.target):
                # "UN sanctions *against Iran* were lifted": the party the lifted thing was aimed at.
                roles.target = [p for t in roles.target for p in _object_parties(t)
                                if p.ent_type_ not in _TIME_ENTS and _names_party(p)] or roles.target
            if any(_names_party(t) for t in _prep_objects(verb, ("to",))):
                # "the bookmark was returned by X *to Spanish authorities*": the thing handed over
                # is no party; the one receiving it is the target.
                roles.target = [t for t in roles.target if party_head(t) or t.ent_type_ in _PARTY_ENTS]
        elif verb.dep_ == "acl" and verb.tag_ == "VBN":
            roles.target = [verb.head]
    objs = [c for c in verb.children if c.dep_ in _OBJ and c.ent_type_ not in _TIME_ENTS]
    # "provided training *to* AMISOM": a dative preposition stands for its object.
    datives = [c for c in objs if c.dep_ == "dative"]
    objs = [next((p for p in c.children if p.dep_ == "pobj"), c) if c.pos_ == "ADP" else c for c in objs]
    datives = [next((p for p in c.children if p.dep_ == "pobj"), c) if c.pos_ == "ADP" else c for c in datives]
    claims = [c for c in objs if allegation_authors(c) is not None] if type_ == "REJECT" else []
    if claims:
        # "denied charges *by X*": a rejected allegation is aimed back at whoever made it; "rejected
        # the accusations" names no one (nor does a phrase inside what was alleged).
        # The bare allegation stays as the event's object (its phrase is not marked: see
        # :func:`.role_phrases.argument_spans`).
        objs = [a for c in objs for a in ((allegation_authors(c) or [c]) if c in claims else [c])]
    preps = _TARGET_PREPS - {"of"}
    # A fronted phrase ("With the approval by the Cabinet, X agreed ...") is an adjunct, not a target.
    prep_objs = [t for t in _prep_objects(verb, preps) if t not in roles.target and t.head.i > verb.i
                 and t.ent_type_ not in _TIME_ENTS and not _bare_result(t) and not claims
                 and t.lemma_.lower() not in _SETTING_NOUNS]
    if type_ in _HARMING and any(c.dep_ == "dobj" and (party_head(c) or _names_party(c)) for c in objs):
        # "deported 2,000 migrants *to X*", "expelled the diplomats *to X*": the people acted on are
        # the target; the place they are sent to is only where they end up.
        prep_objs = [t for t in prep_objs if not (t.head.lower_ == "to" and t.ent_type_ in _PLACE_ENTS)]
    recipients = [t for t in prep_objs if t.head.lower_ == "to"] + datives
    if recipients:
        # "provided training to X", "gave X aid", "sent a team to X": the recipient is the target,
        # not the thing given (unless the thing is a named party: "sent troops to X" keeps neither out).
        objs = [c for c in objs if c in datives or c in prep_objs or (
            type_ not in _TRANSFER_TYPES and c.ent_type_ in _PARTY_ENTS)]
    if any(c.dep_ == "dobj" for c in objs):
        # "pounded X with airstrikes", "charged X with terrorism": an instrument or a charge.
        prep_objs = [t for t in prep_objs if t.head.lower_ != "with"]
        # "expressed condolences to the families of X", "eased restrictions on Y", "launched an
        # operation against militants in Z": a named party in a prepositional phrase is the target,
        # not the unnamed thing or feeling in the object.
        # "mobilised troops for an assault *against X*": whom the act it is for is aimed at.
        # Not a reason that points back ("sanctions against X *for its involvement in* Y").
        fors = [a for p in _prep_objects(verb, ("for",)) if p.head.i > verb.i and not any(
                    c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in p.children)
                for a in ((not party_head(p) and p.ent_type_ not in _PARTY_ENTS and aimed_inside(p)) or [p])]
        party = [t for t in prep_objs + fors if _names_party(t)]
        if party and not any(_names_party(c) for c in objs if c.dep_ == "dobj"):
            objs = [c for c in objs if c.dep_ != "dobj"]
            prep_objs = [t for t in prep_objs if t in party] + [t for t in party if t not in prep_objs]
    dobjs = [c for c in objs if c.dep_ == "dobj"]
    # A withdrawal or deployment moves the doer's own forces, named or not ("withdrew peacekeepers").
    own = [c for c in dobjs if _own_object(c) or (type_ in ("RETREAT", "MOBILIZE") and not _names_party(c))]
    if own and not prep_objs:
        # "withdrew its troops from X", "strengthened its forces in X", "lay down their weapons in
        # X": what the doer moves is its own; the place (or party) it is moved from or in is the target.
        aimed = [p for p in _prep_objects(verb, _OWN_OBJECT_PREPS) + [
            p for c in own for p in _prep_objects(c, _OWN_OBJECT_PREPS)]
            if p.head.i > verb.i and (p.ent_type_ in _PARTY_ENTS | _PLACE_ENTS or place_like(p))]
        if aimed:
            objs = [c for c in objs if c not in own]
            dobjs = [c for c in dobjs if c not in own]
            prep_objs = aimed
    if dobjs and not claims and not any(party_head(c) for c in dobjs) and not any(_names_party(t) for t in prep_objs):
        # "imposed sanctions on X", "issued an ultimatum to X", "ended mediation efforts with X":
        # the object is the act or thing; the party it is aimed at hangs below it.
        inner = [p for c in dobjs for p in _object_parties(c) + mediated_parties(c)
                 if p.ent_type_ not in _TIME_ENTS and (_names_party(p) or party_head(p))]
        if inner and all(_authors_object(p, dobjs) for p in inner):
            # "welcomed the proposal *submitted by X*": the party made the thing acted on, which is
            # itself the target (the actor index still finds X inside it).
            inner = []
        elif not inner and type_ in _PLACE_AS_TARGET and not any(
                _prep_objects(c, _PLACE_TARGET_PREPS) for c in dobjs):
            # "withdraw its troops from Kashmir": with no party named, the place the act is aimed
            # at stands for it (as CAMEO coders code it); but a place inside the object only says
            # where the object is ("stormed a police headquarters *in* X": the headquarters).
            # With an object, "in/at/on X" on the verb says where it happened, not what was aimed at.
            # A bare object is part of the predicate ("sought refuge *in X*", "took control *of*"):
            # then "in/at X" is what it is aimed at too.
            preps = ("from", "into", "throughout", "across") + (
                ("in", "at") if all(_bare_noun(c) for c in dobjs) else ())
            inner = [p for p in _prep_objects(verb, preps)
                     if (p.ent_type_ in _PLACE_ENTS_T or place_like(p)) and p.head.i > verb.i]
        if inner:
            objs = [c for c in objs if c.dep_ != "dobj"]
            prep_objs = prep_objs + inner
    elif not objs and type_ in _PLACE_AS_TARGET and not _is_passive(verb) and all(
            _bare_noun(t, located=True) for t in prep_objs):
        # "deployed in X", "remained *on alert* in X": with no party (a bare noun completes the
        # predicate), the place the act is aimed at, on the verb or on that noun.
        prep_objs = [p for h in [verb, *prep_objs] for p in _prep_objects(h, _PLACE_TARGET_PREPS)
                     if (p.ent_type_ in _PLACE_ENTS_T or place_like(p)) and p.head.i > verb.i]
    if type_ in _ABSTRACT_OBJECT_TYPES and any(_named_condition(c) for c in objs):
        # "lifted the state of emergency *in four states*": the condition is the act itself, not a
        # party (although "state" can name one); the area it covered, if any, is what it was aimed at.
        covered = [p for p in _prep_objects(verb, ("in",)) if p.i > verb.i and p.ent_type_ not in _TIME_ENTS]
        objs = [c for c in objs if not _named_condition(c)]
        prep_objs = [t for t in prep_objs if t not in covered] + covered[:1]
    if type_ in _ABSTRACT_OBJECT_TYPES or (type_ == "COERCE" and any(
            c.lemma_.lower() in RESTRICTION_NOUNS for c in objs)):
        # "lifted a state of emergency *in X*", "agreed to a ceasefire *in X*", "suspended aid
        # deliveries *in X*": an act or arrangement names no party; the country it covers is the one
        # acted on (as CAMEO coders code it). Not for attacks: "stormed a base in X" hit the base.
        objs = [_covered_place(t) or t for t in objs]
        prep_objs = [_covered_place(t) or t for t in prep_objs]
    if type_ in ("AGREE", "REJECT"):
        # "will not accept refugees *from X*": taking them in or not is an act towards X.
        objs = [origin_of(t) or t for t in objs]
    if type_ != "REJECT":
        # "met the demands *of X*", "ended the boycott *of Y*": whose demands, whose goods.
        objs = [owning_party(t) or t for t in objs]
        prep_objs = [owning_party(t) or t for t in prep_objs]
    roles.target += objs + [t for t in prep_objs if t not in objs]
    if not roles.target and verb.lemma_.lower() == "be":
        # "X is skeptical *of* Y", "X is concerned *about* Y": the adjective's object.
        roles.target = [p for c in verb.children if c.dep_ == "acomp"
                        for p in _topic_objects(c, ("of", "about", "over", "with", "on", "toward", "towards",
                                                    "regarding"))]
        # "X is skeptical *that Y* will ...", "X is pessimistic Y will ...": the clause's subject.
        roles.target = roles.target or [p for c in verb.children if c.dep_ == "acomp" for p in _clause_subjects(c)]
        if any(c.dep_ == "acomp" for c in verb.children):
            roles.target = roles.target or _clause_subjects(verb)  # the parser may hang the clause on "is"
    if not roles.target and type_ == "REQUEST":
        # "demanded that X withdraw", "insisted that X release Y": the party asked is the clause's subject.
        for comp in (c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")):
            roles.target = [t for t in comp.children if t.dep_ == "nsubj" and t.pos_ != "PRON"]
            break
        # "called for sanctions against X", "called for reform in X", "called for X to stay".
        roles.target = roles.target or call_targets(verb)
    if type_ == "REQUEST":
        # "called on followers to join a rally *against X*": what the call mobilises against.
        against = [p for c in verb.children if c.dep_ in ("xcomp", "advcl", "ccomp") and c.i > verb.i
                   and c.lemma_.lower() in _MOBILISING_VERBS
                   for t in c.subtree if t.dep_ == "prep" and t.lower_ == "against"
                   for p in t.children if p.dep_ == "pobj"]
        roles.target = against[:1] or roles.target
    if type_ == "CONCEDE":
        # "called off the strike after reaching agreement with X": the party it was settled with.
        roles.target = settled_with(verb, roles.target) or roles.target
    if type_ == "RETREAT" and not roles.target:
        roles.target = resigned_office(verb)  # "resigned as president of X"
    if type_ == "RETREAT" and not any(t.ent_type_ in _PARTY_ENTS or party_head(t) for t in roles.target):
        # "will return weapons seized from X": the party the things were taken from.
        roles.target = seized_from(verb, roles.target) or roles.target
    if verb.lemma_.lower() in SEND_VERBS and not _is_passive(verb) and not any(
            t.head.lower_ in ("to", "into") and t.ent_type_ in _PLACE_ENTS_T for t in roles.target):
        # "sent troops to help X", "offered to send troops to distribute supplies in X": whom the
        # mission is for, rather than the forces sent (the doer's own); a country sent to stays.
        roles.target = purpose_targets(verb) or roles.target
    if type_ in _PURPOSE_TYPES and type_ != "REQUEST" and not claims and not any(
            t.ent_type_ in _PARTY_ENTS or party_head(t) or place_like(t) for t in roles.target):
        # "gave 5 million euros to help X cope", "sent experts to X to investigate": whom it is for.
        roles.target = purpose_targets(verb) or sent_to(verb) or roles.target
    if not roles.target and verb.dep_ in ("advcl", "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "summoned the ambassador *to complain*": the governing verb's object is the one addressed.
        roles.target = [c for c in verb.head.children if c.dep_ == "dobj" and party_head(c)]
    if not roles.target and _depth < 3:
        # "agreed to lift tariffs on X", "threatened to attack Y", "refused to join Z": the target of
        # the complement the verb governs.
        # Not what is said ("declined to comment on the bill"): no act on it.
        for comp in (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                     and c.lemma_.lower() not in _SPEECH_COMPLEMENTS and not _setting_up(c)):
            roles.target = [t for t in _verb_roles(comp, type_, _depth=_depth + 1).target
                            if t not in roles.source]
            break
    return roles


# Complements of a call that mobilise people ("called on X *to join* a rally against Y").
_MOBILISING_VERBS = frozenset({"join", "mobilize", "mobilise", "protest", "rally", "march", "demonstrate",
                               "rise", "unite", "stand"})
# Types whose target, when the object names no party, is whom the act's purpose is for ("gave
# money to help X"); ACCUSE for missions sent somewhere to investigate.
_PURPOSE_TYPES = frozenset({"AID", "SUPPORT", "MOBILIZE", "REQUEST", "ACCUSE"})
# Complements that say something rather than act on it ("declined *to comment* on X").
_SPEECH_COMPLEMENTS = frozenset({"comment", "elaborate", "say", "speak", "specify", "disclose", "confirm",
                                 # nor what is made ("agreed to set up a centre", "to establish a fund")
                                 "establish", "create", "build", "found", "construct", "form"})


def _setting_up(verb: Token) -> bool:
    """"set up" (a centre, a company): what is made is no party acted on."""
    return verb.lemma_.lower() == "set" and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)


# Types whose object is an act or arrangement rather than a site ("lifted the blockade", "agreed
# to a ceasefire", "suspended deliveries").
_ABSTRACT_OBJECT_TYPES = frozenset({"AGREE", "CONCEDE", "RETREAT", "MOBILIZE", "AID", "COOPERATE", "SUPPORT",
                                    "REQUEST", "SANCTION"})


# Gatherings, whose place is where they are held, not a party they cover ("host talks *in X*").
_VENUE_NOUNS = frozenset({"talk", "talks", "meeting", "summit", "conference", "negotiation", "visit",
                          "session", "dialogue", "forum", "ceremony", "rally", "election", "trip", "tour",
                          "round"})


# Heads of a condition named with a bare "of" noun: "state of emergency", "state of siege", "state of war".
_CONDITION_HEADS = frozenset({"state"})


def _bare_noun(tok: Token, *, located: bool = False) -> bool:
    """A common noun with no determiner, name, number or modifier ("emergency", "siege");
    ``located``: a locative phrase on it is allowed ("on alert *in X*")."""
    return tok.pos_ == "NOUN" and not tok.ent_type_ and not party_head(tok) and not any(
        c.dep_ in ("det", "poss", "amod", "compound", "nummod", "prep", "conj")
        and not (located and c.dep_ == "prep" and c.lower_ in _LOCATION_PREPS) for c in tok.children)


def _named_condition(tok: Token) -> bool:
    """``tok`` heads a condition named by "state of" plus a bare noun ("the state of emergency")."""
    return tok.lemma_.lower() in _CONDITION_HEADS and not tok.ent_type_ and any(
        _bare_noun(p) for p in _prep_objects(tok, ("of",)))


def _covered_place(tok: Token) -> Token | None:
    """The place a thing that names no party covers (:func:`.role_targets.covered_place`)."""
    return covered_place(tok, venues=_VENUE_NOUNS)


def _bare_result(tok: Token) -> bool:
    """A bare abstract noun after "to" names a result, not a recipient ("tortured X *to death*",
    "brought X *to justice*"): no determiner, no name, no party."""
    return (tok.head.lower_ == "to" and tok.pos_ == "NOUN" and not tok.ent_type_ and not party_head(tok)
            and not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod", "prep")
                        for c in tok.children))


# Types whose target, when no party is named, is the place they are aimed at.
_PLACE_AS_TARGET = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "SANCTION", "AGREE", "REQUEST", "AID"})
_PLACE_TARGET_PREPS = ("in", "from", "into", "throughout", "across", "on", "at")
_PLACE_ENTS_T = frozenset({"GPE", "LOC"})


_OWN_OBJECT_PREPS = ("from", "in", "into", "to", "across", "throughout", "out of")


def _own_object(obj: Token) -> bool:
    """An object the doer owns: "*its* troops", "*their* weapons", "most of *its* soldiers"."""
    for tok in [obj] + _prep_objects(obj, ("of",)):
        if any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her") for c in tok.children):
            return True
    return False


def _authors_object(party: Token, objects: list[Token]) -> bool:
    """``party`` is the agent of a participle describing one of ``objects`` ("the proposal *submitted
    by* X", "the resolution *drafted by* X"): the object is a thing X made, and coders mark the
    whole phrase. (A plain "accusations *by* X" is answered to X: X stays the target.)"""
    prep = party.head
    if party.dep_ != "pobj" or prep.dep_ != "agent":
        return False
    host = prep.head
    return host.dep_ == "acl" and host.head in objects


def _object_parties(obj: Token) -> list[Token]:
    """Parties hanging below an object noun: "accusations *by the US*", "sanctions *on X*",
    "restrictions *imposed on X*", "a ban *on UNICEF operations*"."""
    out = _prep_objects(obj, ("by",)) + _prep_objects(obj, _NOUN_TARGET_PREPS) + [
        p for p in _prep_objects(obj, ("for",)) if p.ent_type_ in _PARTY_ENTS or party_head(p)]
    for acl in (c for c in obj.children if (c.dep_ == "acl" and c.tag_ == "VBN") or (
            c.dep_ == "relcl" and c.pos_ == "VERB")):
        # "restrictions *imposed on X*", "the ban *that they imposed* on X"
        out += _agent_objects(acl) + _prep_objects(acl, ("on", "against", "to", "upon"))
    # "the ban on *doing business with X*", "restrictions *between* it and X": a gerund's party, or
    # the named side of a "between" (the doer is the other side).
    out += [g for prep in obj.children if prep.dep_ == "prep" and prep.lower_ in ("on", "against")
            for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"
            for g in _prep_objects(c, ("with", "to", "on", "against")) + [d for d in c.children if d.dep_ == "dobj"]
            if _names_party(g)]
    out += [c for p in _prep_objects(obj, ("between",)) for c in _conjuncts(p) if c.pos_ != "PRON"]
    out += related_parties(obj) + (related_parties(obj.head) if obj.dep_ == "dobj" else [])
    for acl in (c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VB"):
        # "an invitation *to meet with X*", "an offer to talk with X": whom the proposed act involves.
        out += _prep_objects(acl, ("with", "between"))
    verb = obj.head
    if obj.dep_ == "dobj" and not _is_passive(verb):
        # "denied charges *by X* that ...": an active verb has no agent, so a "by" phrase right after
        # its object is the object's own, hung on the verb by the parser.
        out += [p for p in _prep_objects(verb, ("by",)) if p.head.i == obj.right_edge.i + 1]
    return out


# Prepositions on an object noun that name whom the act is aimed at ("sanctions *on* X").
_NOUN_TARGET_PREPS = ("on", "against", "to", "with", "from", "toward", "towards", "into", "upon")


def _names_party(tok: Token) -> bool:
    """The phrase headed by ``tok`` names a country, organisation, person or group."""
    return any(t.ent_type_ in _PARTY_ENTS for t in tok.subtree)


def _noun_governor(noun: Token) -> tuple[Token | None, Token | None]:
    """(verb governing a nominal trigger, the preposition on the way or None), over quantity nouns."""
    cur, via = noun, None
    for _ in range(3):
        if cur.dep_ in ("dobj", "nsubjpass", "attr"):
            head = cur.head
        elif cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            via = cur.head
            head = cur.head.head
        else:
            return None, None
        if head.pos_ in ("VERB", "AUX"):
            return head, via
        if cur.dep_ != "pobj" or via is None or via.lower_ not in ("of", "in"):
            return None, None  # only climb over quantities: "$5 million in aid", "dozens of strikes"
        cur = head
    return None, None


def _claimant(noun: Token) -> list[Token]:
    """Who claimed responsibility for the event ``noun`` ("X claimed responsibility for the blast",
    "X was responsible for the killings")."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "for":
        return []
    owner = noun.head.head
    if owner.lower_ == "responsible" and owner.dep_ in ("acomp", "amod") \
            and owner.head.pos_ in ("AUX", "VERB"):
        # "X was responsible for mass killings": the subject of the copula.
        return subject_tokens(owner.head)
    if owner.lemma_.lower() not in _RESPONSIBILITY_NOUNS or owner.dep_ != "dobj":
        return []
    verb = owner.head
    if verb.lemma_.lower() not in _CLAIM_VERBS:
        return []
    return subject_tokens(verb)


# Verbs that break an agreement or rule named by their object ("violated the ceasefire").
_VIOLATION_VERBS = frozenset({"violate", "breach", "flout", "defy", "break", "contravene", "infringe"})


def _violated(noun: Token) -> RoleTokens | None:
    """Roles of an agreement or rule that a verb says was broken: the breaker is the doer and the
    thing broken (or whoever imposed it: "a ban *by the UN*") is acted on; its owner in "South
    Sudan's ceasefire" or "the EU's ban" is no doer here."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in _VIOLATION_VERBS or _is_passive(verb):
        return None
    source = subject_tokens(verb)
    if not source:
        return None
    return RoleTokens(source=source, target=_prep_objects(noun, ("by",)) or [noun], governor=verb,
                      source_from="governor")


def _noun_roles(noun: Token, type_: str, non_agent_governors: frozenset[str]) -> RoleTokens:
    if (broken := _violated(noun)) is not None:
        return broken
    roles = RoleTokens()
    # Doers named on the noun itself: "by Y", "Russia's attack", "Russian airstrikes", "between X and Y".
    roles.source = _prep_objects(noun, ("by",))
    roles.source += [c for c in noun.children if c.dep_ in ("poss", "amod", "compound")
                     and (c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or c.pos_ == "PROPN")]
    between = _prep_objects(noun, ("between", "among"))
    if noun.lemma_.lower() in _GO_BETWEEN or any(c.dep_ == "compound" and c.lemma_.lower() in _GO_BETWEEN
                                                 for c in noun.children):
        # "mediation between X and Y": X and Y are mediated, the mediator is the doer.
        # "a mediation effort to resolve the rift between X and Y": the same, further down.
        between_targets, between = between or mediated_parties(noun), []
    else:
        between_targets = []
    roles.source += between
    if not roles.source and (
            (noun.dep_ == "nsubj" and noun.head.lemma_.lower() in _HAPPENING_VERBS)
            or (noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in _REPORTED_VERBS)):
        # "clashes took place / broke out / were reported between X and Y"
        roles.source = _prep_objects(noun.head, ("between", "among", "by"))
    for acl in (c for c in noun.children if c.dep_ == "acl"):
        if acl.tag_ == "VBN":  # "the meeting, attended by ...", "the threat posed by ..."
            roles.source += _agent_objects(acl)
    if type_ in PARTICIPANT_TYPES:
        roles.source += _prep_objects(noun, ("of",))
        targets = _prep_objects(noun, ("with", "to", "against", "on", "toward", "towards"))
    else:
        targets = _prep_objects(noun, ("on", "against", "with", "to", "toward", "towards", "upon", "of"))
    # "a state *of siege*", "a state *of emergency*": a bare noun after "of" is part of the trigger's
    # own name, not a party acted on.
    targets = [t for t in targets if not (t.head.lower_ == "of" and _bare_noun(t)) and t.ent_type_ not in _TIME_ENTS]
    roles.target = [t for t in targets + between_targets if t not in roles.source]
    own = [t for t in roles.target if t.head.lower_ == "of" and type_ in ("RETREAT", "MOBILIZE")
           and (_own_object(t) or not _names_party(t))]
    if own:
        # "its withdrawal of troops *from Iraq*", "the deployment of forces *in X*": as with the verb,
        # the forces moved are the doer's own; the place or party they move from or in is the target.
        aimed = [p for h in [noun, *own] for p in _prep_objects(h, _OWN_OBJECT_PREPS)
                 if p.i > noun.i and (p.ent_type_ in _PARTY_ENTS | _PLACE_ENTS or place_like(p))]
        roles.target = aimed[:1] or roles.target
    claim = _claimant(noun)
    if claim and roles.source and all(t.dep_ in ("compound", "amod") and t.ent_type_ in _PLACE_ENTS | {"LOC", "FAC"}
                                      for t in roles.source):
        # "X claimed responsibility for the Farah attacks": a place naming the attack is where it
        # happened; the claimant is its doer.
        roles.source = []
    if roles.source:
        roles.source_from = "phrase"
    elif claim:
        roles.source, roles.source_from = claim, "claim"
    # The verb the noun is an argument of: "X launched an attack", "X pledged $5 million in aid".
    # Only a verb whose subject takes part in the event gives it a doer: not "X condemned the
    # attack", "X denied the allegation", "X died in the bombing", "X responded to the attack".
    gov, via = _noun_governor(noun)
    roles.governor = gov
    if (gov is not None and type_ in _HARMING and via is None and not roles.target
            and gov.lemma_.lower() in _TARGET_GOVERNORS):
        roles.target = subject_tokens(gov)
    # "X pounded Y *with* airstrikes": the harm is the instrument of the verb, whose object it hits.
    instrument = gov is not None and via is not None and via.lower_ == "with" and type_ in _HARMING \
        and not _is_passive(gov) and any(c.dep_ == "dobj" for c in gov.children)
    if instrument and not roles.target:
        roles.target = [c for c in gov.children if c.dep_ == "dobj"]  # type: ignore[union-attr]
    # "went on strike", "embarked on a campaign", "remained on alert": joining or being in the event named.
    joined = via is not None and via.lower_ == "on" and gov is not None \
        and gov.lemma_.lower() in ("go", "embark", "remain", "stay", "be")
    agentive = gov is not None and gov.lemma_.lower() not in non_agent_governors and (
        via is None or via.lower_ in _PARTICIPATION_PREPS or instrument or joined)
    if agentive and not roles.source:
        roles.source = subject_tokens(gov)  # type: ignore[arg-type]
        roles.source_from = "governor" if roles.source else ""
    if agentive and not roles.target:
        roles.target = [t for t in _prep_objects(gov, ("on", "against", "with", "to", "toward", "towards", "at"))  # type: ignore[arg-type]
                        if (via is None or t.head.i != via.i) and t.ent_type_ not in _TIME_ENTS]
    if noun.dep_ == "nsubj" and not roles.target and type_ in _HARMING and \
            noun.head.lemma_.lower() not in _HAPPENING_VERBS:  # "an airstrike killed 12 civilians"
        roles.target = [c for c in noun.head.children if c.dep_ in _OBJ]
    if not roles.target and type_ in _PLACE_AS_TARGET:
        # "declared a ceasefire in South Sudan", "killings throughout the region": the place aimed at.
        # Also "a ceasefire *effective* from Sunday in X" (on its adjective) and "remained on *alert*
        # in X" (a bare noun completing the verb, whose place hangs on the verb).
        hosts = [noun] + [c for c in noun.children if c.dep_ == "amod" and c.i > noun.i] + (
            [gov] if gov is not None and (agentive or (via is not None and via.lower_ == "on"
                                                       and _bare_noun(noun, located=True))) else [])
        roles.target = [p for h in hosts for p in _prep_objects(h, _PLACE_TARGET_PREPS)
                        if (p.ent_type_ in _PLACE_ENTS_T or place_like(p)) and p not in roles.source
                        and p.ent_type_ not in _TIME_ENTS][:1]
    if not roles.target and _named_condition(noun):
        # "declared a state of siege *in the town*": the area placed under it, named or not (the
        # parser may hang the "in" phrase on the declaring verb).
        hosts = [noun] + ([gov] if gov is not None and via is None else [])
        roles.target = [p for h in hosts for p in _prep_objects(h, ("in",))
                        if p.ent_type_ not in _TIME_ENTS and p.i > noun.i][:1]
    if type_ in ("ACCUSE",) and not roles.target:
        roles.target = _prep_objects(noun, ("into",))  # "an investigation into X"
    if type_ in _PURPOSE_TYPES and type_ != "ACCUSE" and not any(
            t.ent_type_ in _PARTY_ENTS or party_head(t) or place_like(t) for t in roles.target):
        # "1.5 million euros in aid to help X cope", "an appeal for funds to help people in need".
        roles.target = purpose_targets(noun) or (purpose_targets(gov) if gov is not None else []) or roles.target
    return roles


# Types whose doer, when the parse gives the verb no subject, is the party named just before it.
_LEFT_SOURCE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "xcomp", "parataxis", "dep"})


def left_source(trigger: Token, type_: str, actors: ActorIndex, *, exclude: Iterable[Token] = ()) -> list[Token]:
    """The doer of an active violent, coercive or protest verb left without a subject by the parse:
    the nearest party before the trigger in its sentence ("On 3 May, in Kandahar, Taliban militants
    shot ...", where the parser hangs "militants" on the fronted phrase).

    Not for passives (an attack "was carried out" by nobody named has no known doer), nor for a
    party in a locative or other prepositional phrase ("in Nis, Serbia", "after talks with X"),
    nor inside ``exclude`` (the event's targets).
    """
    if type_ not in _LEFT_SOURCE_TYPES or trigger.pos_ not in ("VERB", "AUX") or _is_passive(trigger):
        return []
    if trigger.dep_ == "conj" and _is_passive(coordination_head(trigger)):
        return []  # "were shot and killed": passive by coordination
    # A clause's own verb, not a modifier ("barricaded roads with *burning* tires") or a participle
    # on a noun of a sentence that has a main verb elsewhere ("the convoy *attacked* near X").
    if trigger.dep_ not in _CLAUSE_DEPS and not (trigger.dep_ == "acl" and _verbless(trigger.sent)):
        return []
    skip: set[int] = set()
    for tok in exclude:
        skip.update(t.i for t in tok.subtree)
    for i in range(trigger.i - 1, trigger.sent.start - 1, -1):
        tok = trigger.doc[i]
        if i in skip or actors.at(tok) is None or tok.ent_type_ in _TIME_ENTS:
            continue
        head = tok
        while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i != head.i \
                and head.head.i < trigger.i:
            head = head.head
        if _prep_head(head) is not None or (
                head.dep_ == "pobj" and head.head.lower_ not in ("of", "by", "from", "among")):
            continue
        owner = head.head.head
        if head.dep_ == "pobj" and head.head.lower_ in ("of", "from", "among") \
                and owner.pos_ in ("NOUN", "PRON", "NUM"):
            head = owner  # "a group of merchants": the group, which the actor index expands
        return [head]
    return []


# Prepositions naming what an expressed attitude is about or addressed to ("concern *about* X",
# "anger *at* X", "solidarity *with* X", "condolences *to* X"); not "in" ("concern in a statement").
_TOPIC_PREPS = ("about", "regarding", "concerning", "over", "for", "at", "with", "to", "toward", "towards")


def _topic_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of ``preps`` on ``token``; for a gerund clause ("pessimism about *bringing X* to ...",
    "skeptical about *the government being* able ..."), its named subject, else its object."""
    wanted = set(preps)
    out: list[Token] = []
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in wanted):
        for c in prep.children:
            if c.dep_ == "pobj":
                out.append(c)
            elif c.dep_ == "pcomp" and c.tag_ == "VBG":
                subj = [g for g in c.children if g.dep_ == "nsubj" and g.pos_ != "PRON"]
                out += subj or [g for g in c.children if g.dep_ == "dobj"]
    return out


def statement_topics(obj: Token) -> list[Token]:
    """What or whom the attitude object of a statement verb is about: "expressed concern *about X*",
    "voiced anger *at X*", "expressed condolences *to X*" (on the noun, or on the verb after it)."""
    out = _topic_objects(obj, _TOPIC_PREPS)
    verb = obj.head
    if not out and obj.dep_ == "dobj" and verb.pos_ in ("VERB", "AUX"):
        out = [p for p in _topic_objects(verb, _TOPIC_PREPS) if p.i > obj.i]
    if not out:
        # "expressed pessimism *that X* would ...", "voiced hope *that X* will ...": the clause's subject
        # (which the parser may hang on the verb: "expressed optimism Wednesday *that X* could ...").
        out = _clause_subjects(obj) or ([p for p in _clause_subjects(verb) if p.i > obj.i]
                                        if obj.dep_ == "dobj" and verb.pos_ in ("VERB", "AUX") else [])
    return [p for p in out if p.ent_type_ not in _TIME_ENTS and p.lemma_.lower() not in _MESSAGE_NOUNS]


def _clause_subjects(tok: Token) -> list[Token]:
    """Named or nominal subjects of a finite complement clause on ``tok`` ("hope *the government*
    will change", "skeptical *that the program* would ..."); not pronouns, which name no one here."""
    return [t for c in tok.children if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX") and c.i > tok.i
            and any(a.dep_ in ("aux", "mark") and a.lower_ != "to" for a in c.children)
            for t in c.children if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"
            and t.ent_type_ not in _TIME_ENTS]


def roles_for(trigger: Token, type_: str, *, non_agent_governors: frozenset[str] = frozenset()) -> RoleTokens:
    """Source and target tokens of the event whose trigger is ``trigger``.

    ``non_agent_governors``: verb lemmas whose subject does not take part in a nominal event that
    is their object ("condemned the attack"); the lexicon's ``non_agent_governors`` list.
    """
    if trigger.pos_ in ("NOUN", "PROPN") or trigger.tag_.startswith("NN"):
        roles = _noun_roles(trigger, type_, non_agent_governors)
        if type_ == "PROTEST" and not roles.target:
            roles.target = struck_employer(trigger)  # a strike is aimed at the employer
    else:
        roles = _verb_roles(trigger, type_)
        harmed = type_ in _HARMING and _is_passive(trigger) and not roles.source
        attack = explaining_attack(trigger) if harmed else None
        if attack is not None:
            # "23 were killed as X launched strikes against Y": the attack that explains the harm is
            # what the sentence reports; its doer and what it hit are the event's roles.
            roles = (_verb_roles(attack, type_) if attack.pos_ == "VERB"
                     else _noun_roles(attack, type_, frozenset()))
    roles.source = announcer(roles.source)
    return roles
