"""Targets named inside the act rather than as its object, and places that stand for a party.

:mod:`.roles` reads the object and prepositional phrases of a trigger; the rules here look one
step further, where news-event coders find the party acted on although the parse puts it below
something else:

- what a call is for ("called for sanctions *against X*", "called for reform *in X*", "called
  for *X* to stay") and what forces are mobilised for ("mobilised troops for an assault *against X*");
- the purpose of aid ("gave 5 million euros to help *X* cope", "funding to fight the epidemic *in
  X*") and of a mission sent somewhere ("sent experts *to X* to investigate");
- whom a mediation is between ("a mediation effort to resolve the rift *between X and Y*");
- who made an allegation that is rejected ("denied charges *by X*"; a bare "rejected accusations"
  has no target), and who a returned thing was taken from ("return weapons seized *from X*");
- the office resigned ("resigned as president *of X*");
- places that are no named entity but name an area ("the disputed territory of Kashmir", "a
  five-kilometre zone along the border"): :func:`place_like`.

Plain functions over spaCy tokens; they import from :mod:`.role_phrases` only, and :mod:`.roles`
calls them.
"""

from __future__ import annotations

from spacy.tokens import Token

from .role_phrases import _ALLEGATION_NOUNS, _PARTY_ENTS, _PLACE_ENTS, _TIME_ENTS, _prep_objects, party_head

__all__ = [
    "origin_of",
    "related_parties",
    "settled_with",
    "SEND_VERBS",
    "expelled_from",
    "announcer",
    "RESTRICTION_NOUNS",
    "covered_place",
    "allegation_authors",
    "call_targets",
    "mediated_parties",
    "owning_party",
    "place_like",
    "purpose_targets",
    "resigned_office",
    "seized_from",
    "sent_to",
    "aimed_inside",
]

# Common nouns for an area or a site: a place even when the entity recogniser names none.
_AREA_NOUNS = frozenset({
    "territory", "zone", "area", "region", "province", "district", "city", "town", "village", "border",
    "position", "base", "countryside", "part", "frontier", "enclave", "state", "county", "camp", "outpost",
    "neighbourhood", "neighborhood", "capital", "coast", "island", "valley", "corridor", "strip", "sector",
})
_PLACE_NAME_ENTS = frozenset({"GPE", "LOC"})
_AREA_QUANTITIES = frozenset({"number", "parts", "some", "most", "all", "much", "rest"})
# "the *north* region", "*eastern* parts": a compass point makes an area noun a place.
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                         "northeastern", "northwestern", "southeastern", "southwestern", "central"})


def place_like(tok: Token) -> bool:
    """``tok`` heads a phrase naming a place: a place entity, or an area noun with a place or people
    name on it ("the disputed territory *of Kashmir*", "*Bosnian Serb* territory", "the West Bank
    cities"), or an area noun along or near another place ("a zone *along the border*")."""
    if tok.ent_type_ in _PLACE_NAME_ENTS or (tok.ent_type_ == "FAC" and tok.pos_ == "PROPN"):
        return True
    if tok.lemma_.lower() in _AREA_QUANTITIES:
        # "a number *of areas in X*", "parts *of X*"
        return any(place_like(p) for p in _prep_objects(tok, ("of",)))
    if tok.lemma_.lower() not in _AREA_NOUNS or tok.pos_ != "NOUN":
        return False
    near = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    near += [p for p in _prep_objects(tok, ("of", "in", "along", "near", "on"))]
    return any(t.ent_type_ in _PLACE_NAME_ENTS | {"NORP"} or t.lemma_.lower() in _AREA_NOUNS | _DIRECTIONS
               for t in near)


def _named(tok: Token) -> bool:
    return any(t.ent_type_ in _PARTY_ENTS for t in tok.subtree)


def _acts(tok: Token) -> list[Token]:
    """The noun and the verb of a clause on it ("an order *to move* against X"), to look for aims on."""
    return [tok] + [c for c in tok.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]


def aimed_inside(noun: Token) -> list[Token]:
    """Whom an act named by ``noun`` is aimed at: "a battle *against X*", "sanctions *on X*", "an
    order to move *against X*" (on the noun or on a clause describing it)."""
    out: list[Token] = []
    for host in _acts(noun):
        out += [p for p in _prep_objects(host, ("against", "on", "upon"))
                if p.ent_type_ not in _TIME_ENTS and p.pos_ in ("NOUN", "PROPN")]
    return out


def call_targets(verb: Token) -> list[Token]:
    """The party a call made with "for" is about: "called for sanctions *against X*", "calls for
    reform *in X*" (the first "in" phrase inside what is called for), "called for *X* to stay".

    Empty for a call with no such phrase, and when the verb has no "for" phrase after it."""
    for clause in (c for c in verb.children if c.dep_ in ("advcl", "ccomp") and c.i > verb.i):
        # "called on Friday for Britain to stay": "for" marks the subject of the infinitive.
        if any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children):
            subj = [s for s in clause.children if s.dep_ == "nsubj" and s.pos_ != "PRON"]
            if subj:
                return subj[:1]
    contents = [p for p in _prep_objects(verb, ("for",)) if p.i > verb.i and p.ent_type_ not in _TIME_ENTS]
    for content in contents:
        aimed = aimed_inside(content)
        if aimed:
            return aimed
        for tok in content.subtree:
            if tok.dep_ == "relcl":
                break
            if tok.dep_ == "prep" and tok.lower_ == "in":
                objs = [p for p in tok.children if p.dep_ == "pobj" and p.ent_type_ not in _TIME_ENTS]
                if objs:
                    return objs[:1]
    return []




def allegation_authors(obj: Token) -> list[Token] | None:
    """For an allegation noun object ("denied charges *by X* that ..."): its authors (possibly none);
    None when ``obj`` is no allegation. The parser often hangs "by X" on the verb, right after the
    noun and before the clause that says what was alleged."""
    if obj.lemma_.lower() not in _ALLEGATION_NOUNS or obj.dep_ != "dobj":
        return None
    if any(c.dep_ in ("poss", "compound", "amod") and (c.ent_type_ in _PARTY_ENTS or c.pos_ == "PROPN")
           for c in obj.children):
        return None  # "rejected *Netanyahu's* suggestion", "*US* assertions": coders keep the phrase
    own = [p for p in _prep_objects(obj, ("by", "from")) if p.pos_ in ("NOUN", "PROPN", "PRON")]
    verb = obj.head
    end = obj.i + 1
    while end < len(obj.doc) and obj.doc[end].is_punct:
        end += 1  # "denied charges*,* by the Government, that ..."
    hung = [p for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from") and c.i == end
            for p in c.children if p.dep_ == "pobj"]
    return own or hung


# Nouns and verbs of mediation: the parties are those mediated between.
_MEDIATION = frozenset({"mediation", "mediator", "mediate", "brokering", "arbitration", "facilitation"})


def mediated_parties(noun: Token) -> list[Token]:
    """The parties a mediation named by ``noun`` ("a mediation effort", "mediation efforts") is
    between: "to resolve the rift *between X and Y*", or the conflict it is *in* ("mediation efforts
    in the Arab-Israeli dispute"). Empty when ``noun`` names no mediation."""
    if not (noun.lemma_.lower() in _MEDIATION or any(
            c.dep_ in ("compound", "amod") and c.lemma_.lower() in _MEDIATION for c in noun.children)):
        return []
    for acl in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
        between = [p for t in acl.subtree if t.dep_ == "prep" and t.lower_ == "between"
                   for p in t.children if p.dep_ == "pobj"]
        if between:
            return between
    return [p for p in _prep_objects(noun, ("in", "between")) if p.ent_type_ not in _TIME_ENTS]


# Verbs of a purpose that benefits its object ("to help X", "to assist X").
_HELP_VERBS = frozenset({"help", "assist", "aid", "support", "benefit", "relieve", "rescue", "save", "feed"})
# Verbs that send people or things somewhere, whose destination the purpose is carried out in.
SEND_VERBS = frozenset({"send", "dispatch", "deploy", "fly", "despatch"})


def _purposes(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("advcl", "xcomp", "acl") and c.pos_ == "VERB"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]


def purpose_targets(verb: Token) -> list[Token]:
    """Whom an act of giving or sending is for, read from its purpose clause: "gave 5 million euros
    to help *X* cope", "to help *the victims*", "to promote investment *in X*", "to fight the epidemic
    *in X*", "to pay for aid *for those affected*"; for a verb of sending, the destination ("sent
    experts *to X* to investigate") unless the purpose names a party."""
    for purpose in _purposes(verb):
        found = _purpose_party(purpose)
        if found:
            return found
        if verb.lemma_.lower() in SEND_VERBS:
            dest = [p for p in _prep_objects(verb, ("to", "into")) if p.i > verb.i and place_like(p)]
            if dest:
                return dest[:1]
        places = [t for t in purpose.subtree if t.dep_ == "pobj" and t.head.lower_ == "in" and place_like(t)]
        if places:
            return places[:1]
    return []


def _purpose_party(purpose: Token) -> list[Token]:
    objs = [c for c in purpose.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
    if purpose.lemma_.lower() in _HELP_VERBS:
        # "to help X cope": the parser reads X as the subject of the bare infinitive.
        inner = [s for c in purpose.children if c.dep_ in ("ccomp", "xcomp")
                 for s in c.children if s.dep_ == "nsubj" and s.pos_ != "PRON"]
        helped = [o for o in objs + inner if party_head(o) or o.ent_type_ in _PARTY_ENTS or place_like(o)]
        if helped:
            return helped[:1]
    named = [o for o in objs if party_head(o) or o.ent_type_ in _PARTY_ENTS]
    if named:
        return named[:1]
    for host in [purpose] + objs:
        for p in _prep_objects(host, ("for",)):
            if party_head(p) or p.lower_ == "those":
                return [p]
    return []


# Verbs that hand back what was taken: the party it was taken from is the one acted on.
_RETURN_VERBS = frozenset({"return", "hand", "give"})
_TAKING_VERBS = frozenset({"seize", "take", "capture", "confiscate", "grab"})


def seized_from(verb: Token, objects: list[Token]) -> list[Token]:
    """"will return weapons *seized from X*", "bases it has seized *from the government*": X, for a
    verb of returning whose objects are things described as taken from a party."""
    if verb.lemma_.lower() not in _RETURN_VERBS:
        return []
    out: list[Token] = []
    for obj in objects:
        for t in obj.subtree:
            if t.dep_ in ("acl", "relcl") and t.lemma_.lower() in _TAKING_VERBS:
                out += [p for p in _prep_objects(t, ("from",)) if party_head(p) or _named(p)]
    return out[:1]


_RESIGN_VERBS = frozenset({"resign", "quit", "step"})


def resigned_office(verb: Token) -> list[Token]:
    """The country or body whose office is resigned: "resigned as president *of Indonesia*"."""
    if verb.lemma_.lower() not in _RESIGN_VERBS:
        return []
    return [p for office in _prep_objects(verb, ("as",)) for p in _prep_objects(office, ("of",))
            if p.ent_type_ in _PARTY_ENTS | _PLACE_ENTS][:1]


def sent_to(verb: Token) -> list[Token]:
    """The destination of the verb of sending whose purpose ``verb`` is: "sent experts *to X* to
    investigate the attacks" (coders take the country the mission goes to as the one acted on)."""
    head = verb.head
    if verb.dep_ not in ("advcl", "xcomp") or head.lemma_.lower() not in SEND_VERBS or not any(
            a.dep_ == "aux" and a.lower_ == "to" for a in verb.children):
        return []
    # "dispatching a team *to Detroit*": the parser may hang the destination on the object.
    hosts = [head] + [t for c in head.children if c.dep_ == "dobj" for t in c.subtree if t.pos_ == "NOUN"]
    return [p for h in hosts for p in _prep_objects(h, ("to", "into")) if head.i < p.i < verb.i and place_like(p)][:1]


# A force or mission sent somewhere: coders code the country it serves in ("agreed to extend the
# UN peacekeeping mission *in X*"), not the force itself.
_MISSION_NOUNS = frozenset({"mission", "operation", "presence", "deployment", "contingent", "force"})
_MISSION_MODIFIERS = frozenset({"peacekeeping", "security", "stabilization", "stabilisation", "protection",
                                "monitoring", "observer", "peace"})


def _mission(tok: Token) -> bool:
    if tok.lemma_.lower() not in _MISSION_NOUNS:
        return False
    return tok.lemma_.lower() != "force" or any(
        c.lemma_.lower() in _MISSION_MODIFIERS for c in tok.children if c.dep_ in ("amod", "compound"))


def covered_place(tok: Token, *, venues: frozenset[str] = frozenset()) -> Token | None:
    """The country or region a thing that names no party is in or of ("a ceasefire *in Afghanistan*",
    "its blockade *of Yemen*", "the normalisation of the situation *in Mali*", "the UN peacekeeping
    mission *in Ukraine*"), looking through "of" phrases that name no party; or None. ``venues``:
    nouns for gatherings, whose place is only where they are held."""
    if tok.ent_type_ or tok.pos_ != "NOUN" or tok.lemma_.lower() in venues or place_like(tok):
        return None
    if party_head(tok) and not _mission(tok):
        return None
    # "curfew hours *imposed in* X": a participle placing the thing somewhere counts as the thing.
    hosts = [tok] + [c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for _ in range(3):
        places = [p for h in hosts for p in _prep_objects(h, ("in", "of"))
                  if p.ent_type_ in _PLACE_NAME_ENTS or place_like(p)]
        if places:
            return places[0] if len(places) == 1 else None
        hosts = [p for h in hosts for p in _prep_objects(h, ("of",))
                 if p.pos_ == "NOUN" and not p.ent_type_ and (not party_head(p) or _mission(p))]
        if not hosts:
            break
    return None


# Restrictions placed on an area ("imposed a curfew *in parts of X*"): the area is what is acted on.
RESTRICTION_NOUNS = frozenset({"curfew", "lockdown", "blockade", "siege", "cordon", "quarantine"})


# Acts and goods whose "of/from" phrase names the party they belong to: "met the demands *of the
# truck drivers*", "ended a boycott *of U.S. products*", "lifted a ban on imports *of British beef*".
_OF_PARTY_NOUNS = frozenset({"demand", "boycott", "import", "export", "publication", "grievance"})


def owning_party(tok: Token) -> Token | None:
    """The party an act or good named by ``tok`` belongs to ("the demands *of X*"), or None."""
    if tok.lemma_.lower() not in _OF_PARTY_NOUNS or tok.ent_type_:
        return None
    found = [p for p in _prep_objects(tok, ("of", "from")) if party_head(p) or _named(p)]
    return found[0] if len(found) == 1 else None


_ANNOUNCING_VERBS = frozenset({"say", "announce", "state", "declare", "tell", "confirm"})
_FUTURE_AUX = frozenset({"will", "would", "wo", "shall"})
_ANAPHORIC_DETS = frozenset({"the", "its", "his", "her", "their", "our"})


def announcer(source: list[Token]) -> list[Token]:
    """"X said *the government* will not lift the ban", "X said *his country* will ...": an
    announced intention whose subject only points back at the speaker's side (a definite common
    noun, no name) is coded to the named speaker, as coders do. Otherwise ``source`` unchanged."""
    if len(source) != 1:
        return source
    subj = source[0]
    clause = subj.head
    if subj.dep_ != "nsubj" or subj.pos_ not in ("NOUN", "PROPN") or any(t.ent_type_ for t in subj.subtree) \
            or not party_head(subj):
        return source  # a name, or a thing ("said *the deal* would open a new page")
    if not any(c.dep_ in ("det", "poss") and c.lower_ in _ANAPHORIC_DETS for c in subj.children):
        return source
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in _ANNOUNCING_VERBS or not any(
            c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in clause.children):
        return source
    speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
    if speakers and any(t.ent_type_ in _PARTY_ENTS for t in speakers[0].subtree):
        return speakers[:1]
    return source


# Verbs of sending someone out of a country: "X was expelled from Y" says Y expelled X.
_EXPELLING_VERBS = frozenset({"expel", "deport", "evict", "banish", "oust"})


# Acts of a state's justice: "X was arrested in Y" says Y's authorities arrested X.
_ARRESTING_VERBS = frozenset({"arrest", "detain", "jail", "imprison", "convict", "sentence", "execute", "indict"})


def expelled_from(verb: Token) -> list[Token]:
    """The country a passive of expelling or arresting with no agent names as the one acting ("two
    inspectors have been expelled *from North Korea*", "X was arrested *in Rwanda*"); empty otherwise."""
    lemma = verb.lemma_.lower()
    preps = ("from",) if lemma in _EXPELLING_VERBS else ("in",) if lemma in _ARRESTING_VERBS else ()
    return [p for p in _prep_objects(verb, preps) if p.ent_type_ == "GPE"][:1]


# Nouns of phrases that say what something concerns: "in relation to X", "with regard to X".
_RELATION_NOUNS = frozenset({"relation", "regard", "respect", "connection", "reference"})


def related_parties(tok: Token) -> list[Token]:
    """"imposed sanctions *in relation to X*": X, on the verb or on its object."""
    return [p for rel in _prep_objects(tok, ("in", "with")) if rel.lemma_.lower() in _RELATION_NOUNS
            for p in _prep_objects(rel, ("to", "with")) if party_head(p) or p.ent_type_ in _PARTY_ENTS]


# Own actions a party calls off or ends ("called off the strike"): not a party acted on.
_OWN_ACTIONS = frozenset({"strike", "protest", "boycott", "sit-in", "walkout", "blockade", "march", "hunger"})
_AGREEMENT_NOUNS = frozenset({"agreement", "deal", "accord", "pact", "settlement", "compromise"})


def settled_with(verb: Token, objects: list[Token]) -> list[Token]:
    """"called off the strike *after reaching agreement with X*", "after *X* accepted to pay": the
    party whose concession ended the doer's own action. Empty unless the objects are such actions."""
    if not objects or not all(o.lemma_.lower() in _OWN_ACTIONS for o in objects):
        return []
    for t in verb.subtree:
        if t.lower_ != "after" or t.dep_ not in ("prep", "mark"):
            continue
        scope = t.head if t.dep_ == "mark" else t
        if t.dep_ == "mark":
            subj = [s for s in scope.children if s.dep_ == "nsubj" and (party_head(s) or _named(s))]
            if subj:
                return subj[:1]
        for a in scope.subtree:
            if a.lemma_.lower() in _AGREEMENT_NOUNS:
                found = [p for p in _prep_objects(a, ("with",)) if party_head(p) or _named(p)]
                if found:
                    return found[:1]
    return []


# People named by where they come from: "refugees *from X*" are X's to the country taking them in.
_DISPLACED_NOUNS = frozenset({"refugee", "migrant", "asylum-seeker", "evacuee", "exile"})


def origin_of(tok: Token) -> Token | None:
    """"accept refugees *from Afghanistan*": the country the displaced people come from, or None."""
    if tok.lemma_.lower() not in _DISPLACED_NOUNS:
        return None
    found = [p for p in _prep_objects(tok, ("from",)) if p.ent_type_ == "GPE"]
    return found[0] if len(found) == 1 else None


# Verbs of an attack, and the attack nouns a light verb launches ("launched *air strikes*").
_ATTACK_VERBS = frozenset({"attack", "strike", "hit", "bomb", "shell", "raid", "storm", "ambush", "target",
                           "pound", "bombard", "fire", "open", "assault", "overrun", "blast", "detonate"})
_LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "unleash"})
_ATTACK_NOUNS = frozenset({"attack", "strike", "airstrike", "air", "raid", "offensive", "assault",
                           "bombardment", "bombing", "operation", "shelling", "ambush", "onslaught", "fire",
                           "barrage"})
_WHEN_MARKS = frozenset({"as", "when", "after", "while"})


def _names_attack(noun: Token) -> bool:
    """An attack noun ("attacks"), or a noun with one compounded on it ("air strikes")."""
    return noun.lemma_.lower() in _ATTACK_NOUNS or any(
        m.lemma_.lower() in _ATTACK_NOUNS for m in noun.children if m.dep_ == "compound")


def explaining_attack(verb: Token) -> Token | None:
    """The attack whose clause explains a harm with no doer named ("23 civilians were killed *as
    forces launched air strikes against X*", "... *after a car bomb struck a bus*"): the verb of a
    temporal clause on ``verb`` whose doer attacks, or the attack noun a light verb there launches;
    its doer and target are the event's."""
    # The clause may hang on a coordinated harm ("were killed and 41 wounded *after* ...").
    heads = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    for c in (c for h in heads for c in h.children):
        if c.dep_ != "advcl" or c.i < verb.i or c.pos_ != "VERB":
            continue
        if not any(m.dep_ in ("mark", "advmod") and m.lower_ in _WHEN_MARKS for m in c.children):
            continue
        if not any(s.dep_ == "nsubj" for s in c.children):
            continue
        lemma = c.lemma_.lower()
        if lemma in _ATTACK_VERBS:
            return c
        if lemma in _LIGHT_VERBS:
            attack = next((o for o in c.children if o.dep_ == "dobj" and _names_attack(o)), None)
            if attack is not None:
                return attack
    return None


# A work stoppage is aimed at the employer ("went on strike for better pay *on Freeport-McMoRan*").
_STOPPAGE_NOUNS = frozenset({"strike", "walkout", "stoppage"})
_EMPLOYER_PREPS = ("at", "on", "against")


def struck_employer(noun: Token) -> list[Token]:
    """The employer a strike is aimed at, named in a phrase on the strike or on what it is for
    ("went on strike for better pay *on Freeport-McMoRan*", "a strike *against Ford*"): a named
    organisation only. A time ("on Tuesday") is no employer, nor is a workplace ("at the port"):
    that says where, and the annotated data mark its phrase inconsistently."""
    if noun.lemma_.lower() not in _STOPPAGE_NOUNS:
        return []
    # What it is for hangs on the strike or on the verb it completes ("went on strike for X").
    gov = noun.head.head if noun.dep_ == "pobj" else noun.head
    heads = [noun] + _prep_objects(noun, ("for",)) + [p for p in _prep_objects(gov, ("for",)) if p.i > noun.i]
    heads += [c for h in heads[1:] for c in h.children if c.dep_ == "conj"]
    return [p for h in heads for p in _prep_objects(h, _EMPLOYER_PREPS) if p.i > noun.i and p.ent_type_ == "ORG"][:1]
