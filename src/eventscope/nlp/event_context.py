"""Document-level context for the events stage: what an event takes from the rest of the text.

Paragraphs (read as context by the classifier), heading labels, and the passes run on the finished
events: a place or a doer carried over from the story. They run after the confidence is computed,
since what is carried over from elsewhere is no evidence for the event.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..records import Actor, Event, Place
from .extensions import doc_text

__all__ = [
    "PLACED_TYPES",
    "blend",
    "follow_event_countries",
    "broad",
    "consistent_locations",
    "heading_tokens",
    "implicit_doers",
    "paragraphs",
    "short_paragraph",
    "story_locations",
]


# A paragraph of 2 to this many sentences is a short story: a violent or protest event's ACLED
# sub-type also reads it (who fired back, a "[size=...]" tag or the casualties may sit in another
# sentence).
_CONTEXT_MAX_SENTS = 6


def paragraphs(doc: Doc, sents: list[Span]) -> list[tuple[tuple[int, int], int]]:
    """(start, end) character span of each paragraph (sentences not split by a line break) and its
    number of sentences."""
    out: list[tuple[tuple[int, int], int]] = []
    text = doc_text(doc)
    start, n, prev_end = None, 0, 0
    for sent in sents:
        if start is not None and "\n" in text[prev_end:sent.start_char]:
            out.append(((start, prev_end), n))
            start, n = None, 0
        if start is None:
            start = sent.start_char
        n += 1
        prev_end = sent.start_char + len(sent.text.rstrip())  # spaCy may keep the line break in the sentence
    if start is not None:
        out.append(((start, prev_end), n))
    return out


def short_paragraph(sent: Span, paras: list[tuple[tuple[int, int], int]]) -> tuple[int, int] | None:
    """The span of the sentence's paragraph if it has 2 to _CONTEXT_MAX_SENTS sentences."""
    return next((p for p, n in paras if p[0] <= sent.start_char < p[1] and 2 <= n <= _CONTEXT_MAX_SENTS), None)


def blend(pred: Any, ctx: Any, weight: float) -> Any:
    """The classifier's scores for a sentence mixed with those for its wider text."""
    labels = set(pred.scores) | set(ctx.scores)
    scores = {lab: (1 - weight) * pred.scores.get(lab, 0.0) + weight * ctx.scores.get(lab, 0.0) for lab in labels}
    best = max(scores, key=lambda lab: scores[lab])
    return type(pred)(best, scores[best], scores)


def implicit_doers(doc: Doc, events: list[Event], iso3: Any, *, national: Any = None) -> None:
    """An attack or protest the text names no doer for ("a man was shot dead in X") gets the generic
    group standing for it in the country where it happened (``actors.implicit_doer``). Set after
    the confidence is computed: a presumed doer is no evidence for the event."""
    from .actors import implicit_doer

    text_country = _one_country(doc)
    for ev in events:
        country = ev.location.country if ev.location is not None else text_country
        if not ev.acled_type or iso3 is None:
            continue
        if ev.source and not (_organised_protest(doc, ev) or _vague_attackers(doc, ev)):
            continue
        # No country known (no place the gazetteer knows): the doer is still presumed, unlocated.
        cc3 = iso3(country) if country else None
        force = (_operating_force(doc, ev, cc3, national) or _force_on_operation(doc, ev, cc3)) \
            if cc3 and not ev.source and ev.type == "ASSAULT" else None
        if force is not None:
            ev.source = [force]
            continue
        # A violent demonstration's crowd are rioters, as a mob's are.
        kind = "RIOT" if ev.type in ("ASSAULT", "PROTEST") and ev.acled_type == "Riots" else ev.type
        ident = implicit_doer(doc._.actors, kind, cc3) if cc3 or not country else None
        if ident is not None and ident not in ev.target and ident not in ev.source:
            ev.source = [*ev.source, ident]


def _one_country(doc: Doc) -> str | None:
    """The country (ISO2) of all the text's places, when they agree on one: where an event the
    text gives no place of its own happened ("clan clashes erupted in and around X" with X unknown
    to the gazetteer, but its region known)."""
    countries = {p.country for p in doc._.places if p.country}
    return countries.pop() if len(countries) == 1 else None


# A killing with no named killer during a state force's operation or exchange of fire ("a suspect
# was killed during a police raid", "... after exchanging fire with military police"): the force did it.
_OPERATION_NOUNS = frozenset({"raid", "operation", "patrol", "crackdown", "offensive", "shootout", "shoot-out"})
_FIGHT_HEADS = frozenset({"exchange", "fire", "clash", "engage", "confrontation", "shootout", "gunfight", "fight"})
_FORCE_WORDS = {"police": "COP", "policeman": "COP", "gendarmerie": "COP", "gendarme": "COP",
                "military": "MIL", "army": "MIL", "soldier": "MIL", "troop": "MIL", "security": "MIL"}


def _force_sector(noun: Token) -> str | None:
    words = {noun.lemma_.lower()} | {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")}
    sectors = {_FORCE_WORDS[w] for w in words if w in _FORCE_WORDS}
    return "COP" if "COP" in sectors else next(iter(sectors), None)


def _operating_force(doc: Doc, ev: Event, cc3: str, national: Any) -> str | None:
    """The id of the state force whose operation or firefight an unattributed attack happened in."""
    from .actors import actor_at

    sent = doc.char_span(ev.start, ev.end, alignment_mode="expand")
    if sent is None or national is None:
        return None
    for tok in sent:
        if tok.dep_ in ("compound", "amod", "nmod") and tok.head.lemma_.lower() in _OPERATION_NOUNS:
            noun = tok  # "a police raid"
        elif tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head.lemma_.lower() in _FIGHT_HEADS:
            noun = tok  # "exchanging fire with military police forces"
        else:
            continue
        sector = _force_sector(noun)
        mention = actor_at(doc, noun.idx, noun.idx + len(noun.text))
        known = doc._.actors.get(mention) if mention else None
        if known is not None and known.sector in ("MIL", "COP") and known.country == cc3:
            return mention if mention not in ev.target else None
        entry = national(cc3, sector) if sector else None
        if entry is not None and entry.id not in ev.target:
            if entry.id not in doc._.actors:
                doc._.actors[entry.id] = Actor(id=entry.id, name=entry.name, kind=entry.kind, country=entry.country,
                                               sector=entry.sector, resolved=True)
            return entry.id
    return None


# Triggers of a fight between sides that names no side ("a shoot-out broke out", "clashes erupted").
_UNSIDED_FIGHTS = ("shoot-out", "shootout", "gunfight", "firefight", "fire fight", "gun battle", "exchange",
                   "crossfire", "clash", "fighting")


def _force_on_operation(doc: Doc, ev: Event, cc3: str) -> str | None:
    """The state force of the event's country that the story named just before a fight naming no
    side ("Military Police officers went to X to arrest suspects. A shoot-out broke out ..."): the
    force on operation is the side the note knows; the other is unidentified."""
    trigger = (ev.trigger or "").lower()
    if not any(w in trigger for w in _UNSIDED_FIGHTS):
        return None
    text = doc_text(doc)
    best: tuple[int, str] | None = None
    for ident, actor in doc._.actors.items():
        if actor.sector not in _STATE_FORCE_SECTORS or actor.country != cc3 or ident in ev.target:
            continue
        for start, _end in actor.mentions:
            if start < ev.start and "\n" not in text[start : ev.start] and (best is None or start > best[0]):
                best = (start, ident)
    return best[1] if best is not None else None


def _organised_protest(doc: Doc, ev: Event) -> bool:
    """A protest whose named doers are organisations, parties, people or groups named by who they
    are ("members of X protested", "X supporters rallied", "doctors protested"): the crowd that
    protested is a doer too, after them (event coders code the crowd as the actor and the organiser
    or the group as its associate). Not when the protesters are already named as such.
    The same for a riot between the members of named parties or youth wings ("X and Y supporters
    fought one another", coded as mob violence): the rioters, unless a state force takes part."""
    actors = doc._.actors
    if ev.type != "PROTEST" and not (ev.acled_type == "Riots" and ev.type == "ASSAULT"):
        return False
    if ev.type != "PROTEST" and any(getattr(actors.get(i), "sector", None) in _STATE_FORCE_SECTORS
                                    for i in ev.source + ev.target):
        return False
    if ev.type == "PROTEST":
        # People named by who they are ("doctors protested", "residents blocked the road") are the
        # protest's associates as much as organisations are: the crowd is coded as protesters.
        return not any(_group_key(i) in _CROWD_KEYS for i in ev.source)
    return not any(i.startswith("g:") and ((a := actors.get(i)) is None or a.sector in ("CVL", None))
                   for i in ev.source)


# Generic groups that already are the crowd of a protest or riot ("g:protester@IND").
_CROWD_KEYS = frozenset({"protester", "protestor", "demonstrator", "rioter"})
# Generic groups of unnamed people: the doers of an attack they carry out are an unidentified
# armed group, as event coders code them ("a group of people shot at a checkpoint"). ("Unknown
# persons", "armed men" are armed groups already: actor_groups' modified generic nouns.)
_VAGUE_PEOPLE = frozenset({"people"})


def _group_key(ident: str) -> str:
    """The noun key of a generic group id: "g:protester@IND" -> "protester"."""
    return ident[2:].split("@")[0] if ident.startswith("g:") else ""


def _vague_attackers(doc: Doc, ev: Event) -> bool:
    """An attack (not a riot) whose only doers are unnamed people ("five people beat ...", "a pair
    of people threw Molotov cocktails"): the unidentified armed group is its doer too."""
    if ev.type != "ASSAULT" or ev.acled_type in (None, "Riots") or not ev.source:
        return False
    actors = doc._.actors
    return all(_group_key(i) in _VAGUE_PEOPLE and getattr(actors.get(i), "sector", None) == "CVL"
               for i in ev.source)


# Sectors of state forces: a riot they take part in is a clash with them, not one between parties.
_STATE_FORCE_SECTORS = frozenset({"MIL", "COP"})


def heading_tokens(sent: Span) -> set[int]:
    """Token indices of a category label before a colon that opens a sentence ("Arrests: On 4 May,
    police arrested ...", "Property destruction: ..."): it names the kind of report, it is no
    mention of its own; the clause after it is the event."""
    for tok in sent[:5]:
        if tok.text == ":":
            label = sent.doc[sent.start : tok.i]
            # A gerund names a kind of report too ("Looting: ...", "Shelling: ..."); a verb of a
            # clause does not ("Police said: ...").
            if label and tok.i + 1 < sent.end and not any(
                    t.pos_ == "AUX" or (t.pos_ == "VERB" and t.tag_ != "VBG") for t in label):
                return set(range(sent.start, tok.i))
            return set()
    return set()


# Types placed from their sentence or story when the parse gives them no place of their own.
PLACED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})


def broad(place: Place) -> bool:
    """Too broad to be where an event happened: a country, continent or region, or an area the
    gazetteer knows only as an admin area (no GeoNames point)."""
    code = place.feature_code or ""
    return code.startswith("PCL") or code in ("CONT", "RGN") or place.geonameid is None and place.feature_class == "A"


def _specific_places(doc: Doc) -> list[Place]:
    """The doc's places below country level, in text order; a province the gazetteer only knows as
    an admin area (no GeoNames point) counts, as the best it has for a village it lacks."""
    return sorted((p for p in doc._.places if not (p.feature_code or "").startswith("PCL")
                   and p.feature_code not in ("CONT", "RGN")), key=lambda p: p.start)


def _own_place(doc: Doc, ev: Event, places: list[Place]) -> Place | None:
    """The first specific place inside one of the event's own argument phrases ("militants attacked
    X village", "in X, residents burned tires"): where an attack on a place, or by the people of a
    place, happened."""
    spans = [list(m) for ident in ev.target + ev.source if (a := doc._.actors.get(ident)) is not None
             for m in a.mentions if ev.start <= m[0] < ev.end]
    spans += ev.target_spans + ev.source_spans
    return next((p for p in places for s, e in spans if s <= p.start and p.end <= e), None)


def story_locations(doc: Doc, events: list[Event], *, iso3: Any = None) -> None:
    """A violent, coercive or protest event (or one coded with an ACLED type) still without a place
    happened where the story is: a place in its own argument phrases, else the place of the nearest
    earlier event of its paragraph, else the first specific place of the nearest earlier sentence of
    its paragraph that names one ("In X, residents protested ... The demonstrators blocked a road"),
    else one told with it (:func:`_told_with`). Set after the confidence
    is computed: a place carried over from another sentence is no evidence for the event.
    ``iso3`` (ISO2 -> ISO3) lets the countries of the text's actors count as context."""
    _carried_locations(doc, events)
    # Last: corrects places from the parse and those carried over alike.
    consistent_locations(doc, events, iso3=iso3)


def _carried_locations(doc: Doc, events: list[Event]) -> None:
    places = _specific_places(doc)
    if not places:
        return
    text = doc_text(doc)

    def same_paragraph(a: int, b: int) -> bool:  # a story carries over sentences, not paragraphs
        return "\n" not in text[min(a, b) : max(a, b)]

    placed = sorted(events, key=lambda e: (e.start, e.trigger_start or 0))
    starts: list[int] | None = None
    for k, ev in enumerate(placed):
        if not _placed_kind(ev) or (ev.location is not None and not broad(ev.location)):
            continue
        own = _own_place(doc, ev, places)
        if own is None and ev.location is not None:
            # a country: an admin area of it that its sentence names ("in northern Yemen (Al Jawf)")
            cc = ev.location.country
            ev.location = next((p for p in places if ev.start <= p.start < ev.end and p.country == cc),
                               ev.location)
            continue
        if own is not None:
            ev.location = own
            continue
        earlier = next((e.location for e in reversed(placed[:k]) if e.location is not None
                        and not broad(e.location) and e.start <= ev.start and same_paragraph(e.start, ev.start)),
                       None)
        before = [p for p in places if p.start < ev.start and same_paragraph(p.start, ev.start)]
        if earlier is None and before:
            first_of_last = max(p.start for p in before)
            if starts is None:  # spaCy re-derives doc.sents on every access: once per Doc, if needed
                starts = [s.start_char for s in doc.sents]
            sent_start = max((s for s in starts if s <= first_of_last), default=0)
            earlier = next(p for p in before if p.start >= sent_start)
        if earlier is None and ev.location is None:
            earlier = _told_with(doc, ev, events, places, same_paragraph)
        ev.location = earlier


def _placed_kind(ev: Event) -> bool:
    """An event that happens at a place: a violent, coercive or protest type, or one the pipeline
    coded as an ACLED event (a territory handed over, a looting, an agreement on the ground: ACLED
    codes no event without a place)."""
    return ev.type in PLACED_TYPES or ev.acled_type is not None


def _told_with(doc: Doc, ev: Event, events: list[Event], places: list[Place],
               same_paragraph: Any) -> Place | None:
    """The place a story tells an event with when neither the parse nor an earlier sentence placed
    it: a specific place of its own sentence that no rule attached to it ("gunmen attacked X (Y,
    Z)" with X unknown to the gazetteer: Y), after its trigger first, else the first one told after
    it in its paragraph ("Residents protested on Monday. The march went through X"). A place that
    is an argument of another event of the sentence is that event's ("If X attacks Y, Z could
    strike *Tehran*")."""
    taken = _other_arguments(doc, ev, events)
    usable = [p for p in places if not broad(p) and not any(s <= p.start < e for s, e in taken)]
    in_sent = [p for p in usable if ev.start <= p.start < ev.end]
    anchor = ev.trigger_start if ev.trigger_start is not None else ev.start
    own = next((p for p in in_sent if p.start >= anchor), None) or next(iter(in_sent), None)
    if own is not None:
        return own
    return next((p for p in usable if p.start >= ev.end and same_paragraph(ev.start, p.start)), None)


def _other_arguments(doc: Doc, ev: Event, events: list[Event]) -> list[tuple[int, int]]:
    """Character spans of the argument phrases (and actor mentions) of the other events of ``ev``'s
    sentence."""
    out: list[tuple[int, int]] = []
    for o in events:
        if o is ev or o.start != ev.start:
            continue
        out += [(s, e) for s, e in [*o.source_spans, *o.target_spans]]
        out += [(m[0], m[1]) for i in [*o.source, *o.target] if (a := doc._.actors.get(i)) is not None
                for m in a.mentions if o.start <= m[0] < o.end]
    return out


# Between a place and the area qualifying it ("X, Y", "X (Y", "X district of Y", "X area in Y"):
# punctuation, a feature word and a linking preposition only.
_QUALIFIER_GAP = re.compile(
    r"[\s,(]*(?:(?:area|city|town|village|district|municipality|province|state|county|region|"
    r"governorate|neighbou?rhood|camp|zone|front|of|in)\b[\s,(]*)*")
# After a province's name: a lower unit sharing it ("Sucre municipality"), not the province.
_LOWER_UNIT = re.compile(r"\s+(?:municipality|district|city|town|village|county|area)\b", re.I)


def _qualifies(doc: Doc, inner: Place, outer: Place) -> bool:
    """``outer`` is written right after ``inner`` as the area containing it."""
    return inner.end <= outer.start and _QUALIFIER_GAP.fullmatch(doc_text(doc)[inner.end : outer.start]) is not None


def _misplaced(doc: Doc, loc: Place, places: list[Place], countries: Counter[str | None]) -> bool:
    """``loc`` cannot be where the text puts it: the only place of its country, qualified by an
    area of the country the text names more than once ("in Annex district (Lubumbashi, ...)" read as
    a place in Canada), or not in the province written right after it ("in Benito Juarez, Nuevo
    Leon" resolved to another Benito Juarez)."""
    if loc.country is None:
        return False
    after = [p for p in places if p.start != loc.start and p.country is not None and _qualifies(doc, loc, p)]
    if countries[loc.country] == 1 and any(p.country != loc.country and countries[p.country] >= 2 for p in after):
        return True
    return any(p.feature_code == "ADM1" and p.country == loc.country and p.admin1 and loc.admin1
               and p.admin1 != loc.admin1 and not _LOWER_UNIT.match(doc_text(doc), p.end) for p in after)


# Areas below the first level: a district written inside its province ("(At Tuhayat, Al Hudaydah)")
# is more precise than the province.
_LOWER_AREAS = frozenset({"ADM2", "ADM3", "ADM4", "ADM5"})


def _town_in(doc: Doc, area: Place, places: list[Place]) -> Place | None:
    """A populated place, or a district below the area's level, the text writes as inside ``area``
    ("in Sinop, Mato Grosso", "in X municipality (Y)", "(District, Province)"): more precisely where
    an event placed in the area happened."""
    return next((p for p in places if p is not area and p.country == area.country
                 and (p.feature_class == "P" or (p.feature_code in _LOWER_AREAS
                                                 and area.feature_code not in _LOWER_AREAS))
                 and (p.admin1 is None or area.admin1 is None or p.admin1 == area.admin1)
                 and _qualifies(doc, p, area)), None)


# How far a place may lie from the town written right after it as containing it ("Palanpur area
# of Surat city"): beyond this, the gazetteer read a namesake elsewhere.
_WITHIN_TOWN_KM = 40.0
# The container written as a town in words: "X area of Y city", "X in the town of Y". A bare
# "X district, Y" or "X in Y" may name the province Y, whose seat lies far from X.
_TOWN_AFTER = re.compile(r"\s+(?:city|town)\b", re.I)
_TOWN_OF = re.compile(r"\b(?:city|town) of\b", re.I)
# Or a district said in words ("X village of Y district", "X area (Y upazila)"): a unit a few tens
# of kilometres across, named after its seat, so X lies near the seat (or the district's point).
_DISTRICT_AFTER = re.compile(r"\s+(?:district|sub-?district|upazila|tehsil|taluka|LGA)\b", re.I)
_DISTRICT_CODES = frozenset({"ADM2", "ADM3"})


def _far_from_its_town(doc: Doc, loc: Place, places: list[Place]) -> Place | None:
    """The town (or district) written right after ``loc`` as containing it, when ``loc`` was
    resolved far from it (a namesake elsewhere): the town is where the text puts the event."""
    from ..resources.gazetteer import haversine_km

    if loc.lat is None or loc.lon is None or loc.feature_class not in ("P", None):
        return None
    for p in places:
        if p is loc or p.country != loc.country or p.lat is None or p.lon is None:
            continue
        if p.feature_class != "P" and p.feature_code not in _DISTRICT_CODES:
            continue
        # Only a town said in words: "X, Durango" may name the state Durango, not its capital.
        as_town = (_TOWN_AFTER.match(doc_text(doc), p.end) or _TOWN_OF.search(doc_text(doc), loc.end, p.start)
                   or _DISTRICT_AFTER.match(doc_text(doc), p.end))
        if as_town and _qualifies(doc, loc, p) and haversine_km(loc.lat, loc.lon, p.lat, p.lon) > _WITHIN_TOWN_KM:
            return p
    return None


def _town_within_city(doc: Doc, city: Place, places: list[Place]) -> Place | None:
    """A smaller populated place or a district of the same province written as inside ``city`` ("the
    city of Quamishli in Al-Hasakeh", "(At Tuhayat, Al Hudaydah)", where the province's name reads
    as its seat): more precisely where an event placed in the city happened. Both provinces must be
    known: a list ("Aleppo, Idlib") names towns of different provinces."""
    if city.admin1 is None:
        return None
    return next((p for p in places if (p.feature_class == "P" or p.feature_code in _LOWER_AREAS)
                 and p is not city and p.country == city.country
                 and p.admin1 == city.admin1 and (p.population or 0) < (city.population or 0)
                 and _qualifies(doc, p, city)), None)


def consistent_locations(doc: Doc, events: list[Event], *, iso3: Any = None) -> None:
    """Replace an event location that is a wrong gazetteer reading of its name (see
    :func:`_misplaced`) by a place of its sentence that fits the text: the area written right
    after it, else the nearest specific place of the text's country, looking after it first, then before it.
    An area (province, district) written as containing a town named with it gives way to the town.
    A lone village reading in a country nothing else in the text points to (see :func:`_stray`)
    gives way to the nearest specific place of the country the text is about."""
    places = [p for p in doc._.places if p.lat is not None]
    if len(places) < 2:
        return
    countries = Counter(p.country for p in places if p.country is not None)
    support = _country_support(doc, countries, iso3)
    for ev in events:
        loc = ev.location
        if loc is not None and loc.feature_class == "A" and not (loc.feature_code or "").startswith("PCL") \
                and loc.feature_code not in ("CONT", "RGN"):
            ev.location = loc = _town_in(doc, loc, places) or loc
        elif loc is not None and loc.feature_class == "P":
            ev.location = loc = _town_within_city(doc, loc, places) or _far_from_its_town(doc, loc, places) or loc
        if loc is not None and loc.lat is not None and _stray(loc, support, places):
            ev.location = _home_place(ev, loc, places, support) or loc
            continue
        if loc is None or loc.lat is None or not _misplaced(doc, loc, places, countries):
            continue
        sent = [p for p in places if ev.start <= p.start < ev.end and p.start != loc.start
                and p.country is not None]
        if not sent:
            continue
        home = max({p.country for p in sent}, key=lambda c: countries[c])
        area = next((p for p in sent if p.feature_code == "ADM1" and _qualifies(doc, loc, p)), None)
        in_area = [p for p in sent if area is None or area.country != home or p.admin1 == area.admin1]
        fits = [p for p in in_area if p.country == home and not (p.feature_code or "").startswith("PCL")]
        if not fits:
            continue
        after = sorted((p for p in fits if p.start >= loc.end), key=lambda p: p.start)
        before = sorted((p for p in fits if p.end <= loc.start), key=lambda p: -p.start)
        ordered = after + before
        ev.location = next((p for p in ordered if not broad(p)), ordered[0])


# Minor populated places: the readings a common word or a village name most often gets wrong
# ("Kelly" in Idleb read as Kelly, North Carolina). Capitals and seats of areas are left alone.
_MINOR_PLACE_CODES = frozenset({"PPL", "PPLL", "PPLX", "PPLF", "PPLQ", "PPLW", "PPLH", "PPLR", "PPLS", "AREA"})
# How many places and actors must point to another country before a lone reading gives way.
_HOME_SUPPORT = 2
# A village, and a city, by population (GeoNames counts).
_VILLAGE_MAX = 10_000
_CITY_MIN = 100_000


def _country_support(doc: Doc, countries: Counter[str | None], iso3: Any) -> Counter[str]:
    """How many place mentions and named actors point to each country (ISO2). Generic groups
    ("gunmen") are left out: their country was taken from a place of the text."""
    support: Counter[str] = Counter({c: n for c, n in countries.items() if c is not None})
    if iso3 is None:
        return support
    iso2_of = {iso3(c): c for c in support if iso3(c)}
    for ident, actor in doc._.actors.items():
        if ident.startswith("g:") or not actor.country or not actor.mentions:
            continue
        cc = iso2_of.get(actor.country)
        if cc is not None:
            support[cc] += 1
    return support


def _stray(loc: Place, support: Counter[str], places: list[Place]) -> bool:
    """``loc`` is a lone minor place in a country nothing else in the text points to, while the
    places and actors of the text point to another country at least twice, and more often than to
    all other countries together; or once, by a city or an area, when ``loc`` is a village."""
    if loc.country is None or support[loc.country] != 1 or loc.feature_code not in _MINOR_PLACE_CODES:
        return False
    others = sorted(((n, c) for c, n in support.items() if c != loc.country), reverse=True)
    if not others:
        return False
    (top, home), rest = others[0], sum(n for n, _ in others[1:])
    if top >= _HOME_SUPPORT:
        return top > rest
    village = (loc.population or 0) < _VILLAGE_MAX
    return village and rest == 0 and any(p.country == home and _major(p) for p in places)


def _major(place: Place) -> bool:
    """A city or an administrative area: a reading the gazetteer seldom gets wrong."""
    code = place.feature_code or ""
    return code.startswith(("ADM", "PPLA", "PPLC")) or (place.population or 0) >= _CITY_MIN


def _home_place(ev: Event, loc: Place, places: list[Place], support: Counter[str]) -> Place | None:
    """The specific place of the text's country nearest to ``loc``: in the event's sentence first
    (after it, then before it), else anywhere in the text."""
    home = max((c for c in support if c != loc.country), key=lambda c: support[c])
    # Below country level; a province known only as an area still beats a foreign village.
    fits = [p for p in places if p.country == home and not (p.feature_code or "").startswith("PCL")
            and p.feature_code not in ("CONT", "RGN")]
    in_sent = [p for p in fits if ev.start <= p.start < ev.end]
    after = sorted((p for p in in_sent if p.start >= loc.end), key=lambda p: p.start)
    before = sorted((p for p in in_sent if p.end <= loc.start), key=lambda p: -p.start)
    rest = sorted((p for p in fits if p not in in_sent), key=lambda p: abs(p.start - loc.start))
    ordered = after + before + rest
    return next((p for p in ordered if not broad(p)), next(iter(ordered), None))


def follow_event_countries(doc: Doc, events: list[Event], iso3: Any) -> None:
    """A generic group ("gunmen", "protesters") is where its events happened: when every event it
    takes part in is placed in one country other than the one its mention was given (from the first
    place of its sentence, which may be a wrong reading that the event's place no longer uses), it
    is re-keyed to that country ("g:gunman@USA" -> "g:gunman@SYR")."""
    if iso3 is None:
        return
    actors = doc._.actors
    renames: dict[str, str] = {}
    for ident, actor in list(actors.items()):
        if not ident.startswith("g:") or "@" not in ident or not actor.country:
            continue
        where = {iso3(e.location.country) for e in events if (ident in e.source or ident in e.target)
                 and e.location is not None and e.location.country}
        if len(where) != 1:
            continue
        cc3 = where.pop()
        if not cc3 or cc3 == actor.country:
            continue
        new_id = f"{ident.split('@')[0]}@{cc3}"
        moved = actors.get(new_id) or Actor(id=new_id, name=actor.name, kind=actor.kind, country=cc3,
                                            sector=actor.sector, resolved=actor.resolved, label=actor.label)
        moved.mentions.extend(m for m in actor.mentions if m not in moved.mentions)
        moved.mentions.sort()
        del actors[ident]
        actors[new_id] = moved
        renames[ident] = new_id
    if not renames:
        return
    doc._.actor_spans = sorted((s, e, renames.get(i, i)) for s, e, i in doc._.actor_spans)
    for ev in events:
        ev.source = list(dict.fromkeys(renames.get(i, i) for i in ev.source))
        ev.target = list(dict.fromkeys(renames.get(i, i) for i in ev.target))
