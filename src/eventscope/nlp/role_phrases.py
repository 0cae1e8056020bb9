"""Argument phrases: what exact span of text an event argument is, and what its head names.

:mod:`.roles` decides *which* token heads an event's source or target; this module decides what
phrase that token stands for: the character span event coders mark (:func:`argument_span`,
:func:`argument_spans`: modifiers kept or dropped, names never cut, coordinated heads one phrase
or two), the noun a pronoun argument stands for (:func:`phrase_head`), and whether a head names a
party at all (:func:`party_head`, with its lexicon of people nouns). The span rules are kept apart
from role assignment because they follow the coders' marking conventions, not the event's
semantics, and change for different reasons.

It also holds the few parse primitives both modules need (conjuncts, "by" agents, prepositional
objects, entity-label sets), so that :mod:`.roles` imports from here and never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .extensions import doc_text

__all__ = ["argument_span", "argument_spans", "party_head", "phrase_head"]

_TIME_ENTS = frozenset({"DATE", "TIME"})
_PARTY_ENTS = frozenset({"GPE", "ORG", "PERSON", "NORP"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos"):
            out.extend(_conjuncts(child))
    return out


def _agent_objects(verb: Token) -> list[Token]:
    return [p for a in verb.children if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by")
            for p in a.children if p.dep_ == "pobj"]


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    return [p for c in token.children if c.dep_ == "prep" and c.lower_ in wanted
            for p in c.children if p.dep_ == "pobj"]


# Nouns for groups of people: a party even when not a named entity ("the truckers", "civilians").
_PEOPLE_NOUNS = frozenset({
    "people", "civilian", "protester", "demonstrator", "worker", "student", "resident", "villager", "soldier",
    "troop", "police", "policeman", "official", "leader", "member", "citizen", "refugee", "migrant", "journalist",
    "activist", "prisoner", "detainee", "government", "authority", "force", "militant", "rebel", "fighter",
    "opposition", "army", "military", "regime", "party", "group", "man", "woman", "child", "minister",
    "president", "trucker", "farmer", "teacher", "doctor", "union", "employee", "settler", "separatist",
    "insurgent", "gunman", "hostage", "diplomat", "ambassador", "envoy", "delegation", "administration",
    "country", "nation", "state", "side", "community", "tribe", "clan", "militia", "coalition", "alliance",
    # institutions
    "bank", "company", "firm", "court", "agency", "ministry", "embassy", "university", "school", "hospital",
    "organisation", "organization", "institution", "department", "council", "committee", "parliament",
    "legislature", "association", "network", "newspaper", "media", "church", "program", "programme",
    "administration", "cabinet", "team", "crew", "population", "victim", "official", "counterpart",
    # people by role or tie
    "colleague", "household", "family", "inmate", "relative", "partner", "ally", "neighbour", "neighbor",
    "supporter", "follower", "voter", "patient", "survivor", "personnel", "staff", "representative",
    "delegate", "spokesman", "spokeswoman", "spokesperson", "negotiator", "observer", "peacekeeper",
    "inspector", "investigator", "prosecutor", "judge", "lawmaker", "senator", "legislator", "politician",
    "candidate", "commander", "officer", "guard", "executive", "director", "volunteer", "asylum-seeker",
    "seeker", "displaced", "national", "citizenry", "public", "youth", "pilgrim", "monk", "priest", "cleric",
    # office holders and people by what they did or suffered
    "governor", "mayor", "king", "queen", "prince", "princess", "chancellor", "premier", "chairman",
    "chairwoman", "lawyer", "attorney", "suspect", "defendant", "captive", "fisherman", "sailor", "pilot",
    "lecturer", "nurse", "physician", "dissident", "critic", "opponent", "jihadist", "terrorist", "bomber",
    "attacker", "assailant", "guerrilla", "protestor", "sergeant", "ruler", "congressman", "congresswoman",
})
_QUANTITY_HEADS = frozenset({"hundred", "thousand", "dozen", "million", "number", "group", "some", "most", "many",
                             "all", "one", "two", "three", "several", "part", "majority", "rest"})


def party_head(tok: Token) -> bool:
    """The phrase's head itself names a party: an entity, a group of people, or a noun modified by one."""
    if tok.ent_type_ in _PARTY_ENTS or tok.lemma_.lower() in _PEOPLE_NOUNS:
        return True
    if tok.lemma_.lower() in _QUANTITY_HEADS or tok.pos_ == "NUM":
        # "hundreds of banks", "dozens of people", "50,000 people in Idlib"
        inner = _prep_objects(tok, ("of",))
        if any(party_head(t) for t in inner):
            return True
    return any(c.dep_ in ("compound", "amod", "poss") and c.ent_type_ in _PARTY_ENTS for c in tok.children)


# -- argument phrases ------------------------------------------------------------------------
# The character span of an argument is its head's noun phrase as news-event coders mark it:
# determiners, adjectives, compounds, numbers, possessives, parentheticals ("( NAF )"),
# appositions ("the Palestinian president, Mahmoud Abbas"), "of"/"from" phrases and places
# ("an arms depot of the Syrian army", "the U.S. Embassy in Athens"), and reduced relatives with
# an agent ("the proposal submitted by X"); but not relative clauses ("who had fought ..."),
# other clauses, dates ("on Thursday"), or the next conjunct at the top level (each conjunct is
# an argument of its own).
_PHRASE_DROP = frozenset({"relcl", "advcl", "ccomp", "xcomp", "csubj", "nsubj", "nsubjpass", "dobj", "mark",
                          "aux", "auxpass", "preconj", "dep", "parataxis", "meta", "intj"})
_PHRASE_PREPS = frozenset({"of", "from", "in", "by", "to"})
_PLACE_PREPS = frozenset({"near", "at"})
# Offices held for a party or a field, whose "for" phrase names it ("a spokesman for X").
_OFFICE_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "undersecretary",
                           "commissioner", "envoy", "coordinator", "adviser", "advisor", "representative",
                           "rapporteur", "director", "chief", "head", "inspector", "observer", "monitor",
                           "worker", "employee", "investigator", "expert"})
_NAME_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"})


# "let free X", "set loose X": a verb whose object is preceded by its result adjective.
_RELEASE_VERBS = frozenset({"let", "set"})
_RELEASE_COMPLEMENTS = frozenset({"free", "loose"})


def _keep_modifier(child: Token, *, top: bool) -> bool:
    dep = child.dep_
    if dep in _PHRASE_DROP:
        return False
    if top and dep in ("conj", "cc", "npadvmod"):
        return False
    if dep == "appos" and child.head.ent_type_ in _PLACE_ENTS and (
            child.ent_type_ == "PERSON" or (child.pos_ == "NOUN" and not child.ent_type_)):
        # "from Syria, Defence Minister X said": a person is no other name for a place; and coders
        # mark a country without its description ("Nigeria, the former stronghold of X").
        return False
    if dep == "amod" and child.lower_ in _RELEASE_COMPLEMENTS and child.i < child.head.i \
            and child.head.dep_ == "dobj" and child.head.head.lemma_.lower() in _RELEASE_VERBS:
        # "let free activists", "set loose the prisoners": "free" completes the verb, it does not
        # describe the party.
        return False
    if dep == "acl":
        # "the missiles fired by the Israeli military" (kept) vs "a militia leader charged with ...".
        return child.tag_ == "VBN" and bool(_agent_objects(child))
    if dep == "prep":
        objs = [p for p in child.children if p.dep_ == "pobj"]
        if not objs or any(o.ent_type_ in _TIME_ENTS for o in objs):
            return False
        word = child.lower_
        if word in ("in", "at") and (child.head.ent_type_ == "PERSON" or any(
                c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in child.head.children)):
            return False  # "met President X *in Washington*": where a named person was, not who
        if word == "to" and child.head.dep_ in ("dobj", "dative", "conj"):
            # "returned the artifacts *to X*": on an object the parser often hangs the verb's
            # recipient; "the ambassador *to X*", "rebels loyal *to X*" name the party.
            return False
        if word in _PHRASE_PREPS:
            return True
        if word == "for" and child.head.lemma_.lower() in _OFFICE_NOUNS:
            return True  # "a spokesman *for the Taliban*", "Minister *for Foreign Affairs*": the office
        if word == "at" and child.head.pos_ == "NOUN" and party_head(child.head):
            return True  # "workers *at* the mine", "students *at* a university": who they are
        return word in _PLACE_PREPS and any(o.ent_type_ in _PLACE_ENTS for o in objs)
    return True


def argument_span(token: Token) -> tuple[int, int]:
    """Character (start, end) of the argument phrase headed by ``token`` (see the conventions above)."""
    keep = [token]
    stack = [c for c in token.children if c.dep_ == "punct" or _keep_modifier(c, top=True)]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        # An apposition is the head renamed: its next conjunct is another argument too.
        top = tok.dep_ == "appos" and tok.head.i == token.i
        stack.extend(c for c in tok.children if c.dep_ == "punct" or _keep_modifier(c, top=top))
    idx = sorted({t.i for t in keep})
    # Contiguous around the head: a gap means a dropped clause or date in between.
    lo = hi = idx.index(token.i)
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    while hi + 1 < len(idx) and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    doc = token.doc
    start, end = idx[lo], idx[hi]
    # A name is never cut: a parse that splits "Fayez al-Sarraj" still gives the whole name.
    for ent in doc.ents:
        if ent.label_ in _NAME_ENTS and ent.start <= end < ent.end - 1 and ent.start >= start:
            end = ent.end - 1
        if ent.label_ in _NAME_ENTS and ent.start < start <= ent.end - 1 and ent.end - 1 <= end:
            start = ent.start
    # "On 17 July 2017 Russia's Supreme Court rejected ...": a misattached leading date says when,
    # not who ("Saturday's meeting" keeps its date: the possessive makes it part of the name).
    lead = next((e for e in doc.ents if e.start == start and e.label_ in _TIME_ENTS), None)
    if lead is not None and lead.end <= token.i and doc[lead.end].tag_ != "POS":
        start = lead.end
    while end > start and doc[end].is_punct and doc[end].text not in (")", "]"):
        end -= 1
    while start < end and doc[start].is_punct and doc[start].text not in ("(", "\u201c", '"'):
        start += 1
    text = doc[start:end + 1].text
    if text.count("(") > text.count(")") and end + 1 < len(doc) and doc[end + 1].text == ")":
        end += 1
    elif doc[end].text == ")" and text.count(")") > text.count("("):
        end -= 1
    return doc[start].idx, doc[end].idx + len(doc[end].text)


# Nouns for a message that accuses ("rejected the accusations"): what is rejected is the claim,
# and the party it is aimed back at is whoever made it ("by/from X"), if named.
_ALLEGATION_NOUNS = frozenset({"accusation", "allegation", "charge", "claim", "criticism", "assertion",
                               "insinuation"})


def _bare_allegation(tok: Token) -> bool:
    """An allegation named by no one ("rejected *accusations* that ..."): coders mark no target."""
    return tok.lemma_.lower() in _ALLEGATION_NOUNS and tok.dep_ == "dobj" and not any(
        t.ent_type_ in _PARTY_ENTS for t in tok.subtree if t.i < tok.i or t.head.i == tok.i)


_THIRD_PERSON = frozenset({"he", "she", "it", "they"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it"})


def phrase_head(tok: Token) -> Token:
    """The noun a pronoun argument stands for, when the sentence itself shows it: the relative
    pronoun's noun ("forces *that* attacked"), or the subject of the reporting verb whose
    complement the pronoun is the subject of ("NAF says *it* has killed ...")."""
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        return tok.head.head
    if tok.lower_ in _OBJECT_PRONOUNS and tok.dep_ == "dobj" and tok.head.dep_ == "conj":
        # "called Erdogan ... and urged him": the first verb's object.
        first = [c for c in tok.head.head.children if c.dep_ == "dobj" and c.pos_ != "PRON"]
        return first[0] if first else tok
    if tok.lower_ not in _THIRD_PERSON or tok.dep_ not in ("nsubj", "nsubjpass"):
        return tok
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "ccomp" and verb.head.i != verb.i:
        subj = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subj:
            return subj[0]
    return tok


def argument_spans(tokens: Iterable[Token]) -> list[list[int]]:
    """[start, end] character spans of the argument phrases headed by ``tokens`` and their conjuncts,
    in text order, without nested repeats; adjacent conjuncts ("Russia and Iran") make one span."""
    heads: list[Token] = []
    for tok in tokens:
        for t in _conjuncts(tok):
            t = phrase_head(t)
            if t.dep_ in ("appos", "npadvmod") or t.ent_type_ in _TIME_ENTS or t in heads or t.is_punct \
                    or _bare_allegation(t):
                continue
            heads.append(t)
    spans: list[tuple[int, int, Token]] = []
    for t in sorted(heads, key=lambda t: t.i):
        s, e = argument_span(t)
        if not any(s >= a and e <= b for a, b, _ in spans):
            spans = [sp for sp in spans if not (sp[0] >= s and sp[1] <= e)] + [(s, e, t)]
    # Each conjunct is an argument of its own, as event coders mark them ("Belgian people" and
    # "Belgian Government", "USAID" and "other international donors"), unless the coordination
    # makes one phrase: see :func:`_one_phrase`. The actor ids stay separate either way.
    groups: list[tuple[list[int], Token]] = []  # ([start, end], the group's first head)
    for s, e, t in sorted(spans, key=lambda sp: sp[0]):
        if groups:
            (prev, first), text = groups[-1], doc_text(t.doc)
            between = text[prev[1]:s].strip()
            # Nothing between the two is one phrase too ("his counterpart Italian President X").
            if between == "" or (between.strip(" ,") in ("and", "or", "") and _one_phrase(first, t)):
                pre = [c.idx for c in first.children if c.dep_ == "preconj"]
                prev[0], prev[1] = min([prev[0], *pre]), e  # "*Both* Russia and the Syrian government"
                continue
        groups.append(([s, e], t))
    out = [span for span, _ in groups]
    if len(groups) > 1:
        for span, first in groups:
            both = _leading_both(first)
            if both is not None and span[0] == both.idx:
                # "sanctions against both India and Pakistan": two arguments, "India" and "Pakistan".
                span[0] = both.nbor(1).idx
    return out


def _leading_both(head: Token) -> Token | None:
    """The "both"/"either" a parse hung on the first conjunct as a determiner or preconjunct."""
    first = head.doc[head.left_edge.i]
    if first.lower_ in ("both", "either") and first.head.i == head.i and first.i + 1 < len(head.doc):
        return first
    return None


_POSSESSIVE_PRONOUNS = frozenset({"its", "his", "her", "their", "our", "my"})
# Modifiers that define the second conjunct by the first ("the Yemeni army and *allied* fighters").
_RELATIONAL = frozenset({"allied", "affiliated", "associated", "loyal", "aligned"})
_LEFT_MODIFIERS = frozenset({"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "predet"})


def _one_phrase(first: Token, second: Token) -> bool:
    """Two coordinated argument heads that event coders mark as one phrase: under a preconjunct
    ("Both Russia and the Syrian government"), sharing the first's modifiers ("a Cuban physician
    and nurse", "the Palestinian people and organizations"), the second defined by the first
    ("the Syrian army and its ally Hezbollah", "the Yemeni army and allied fighters"), or both
    inside one name ("Immigration and Customs Enforcement")."""
    if any(c.dep_ == "preconj" for c in first.children):
        # but "both India and Pakistan" are two: names alone, not "both Russia and the Syrian government"
        return not all(t.pos_ == "PROPN" and _bare_name(t) for t in (first, second))
    if first.ent_iob_ in ("B", "I") and second.ent_iob_ == "I" and all(
            t.ent_iob_ == "I" for t in first.doc[first.i + 1:second.i + 1]):
        return True
    if any((t.lower_ in _POSSESSIVE_PRONOUNS and t.dep_ == "poss")
           or (t.lower_ in _RELATIONAL and t.head.i == second.i) for t in second.subtree):
        return True
    own = [c for c in second.children if c.i < second.i and c.dep_ in _LEFT_MODIFIERS]
    shared = [c for c in first.children if c.i < first.i and c.dep_ in _LEFT_MODIFIERS and c.dep_ != "det"]
    return not own and bool(shared) and not _bare_name(second)


def _bare_name(tok: Token) -> bool:
    """A proper name standing alone as an argument (no descriptive modifiers)."""
    if tok.pos_ != "PROPN" and tok.ent_type_ not in _PARTY_ENTS:
        return False
    return all(t.pos_ in ("PROPN", "DET", "PUNCT", "PART") or t.ent_type_ in _PARTY_ENTS or t.i == tok.i
               for t in tok.subtree if t.dep_ not in ("conj", "cc", "preconj") and not _under_conj(t, tok))


def _under_conj(t: Token, head: Token) -> bool:
    cur = t
    while cur.i != head.i and cur.head.i != cur.i:
        if cur.dep_ == "conj":
            return True
        cur = cur.head
    return False
