"""The events stage: PLOVER events with roles, place, date, modality, casualties and evidence.

For each sentence holding a trigger candidate (lexicon, :mod:`.lexicon`) the stage reads the roles
from the parse (:mod:`.roles`), the modality (:mod:`.modality`), the place where it happened, the
date (``dates.event_date``), the quote it sits in (``doc._.quotes``) and casualty counts. The
sentence classifier (``resources.classifier``, optional) chooses among a trigger's senses, sets
the ACLED type/sub-type of violent, protest and strategic events and feeds the confidence; it is
called once per document on the candidate sentences only, to keep the stage cheap.

Writes ``doc._.events`` (list of :class:`records.Event`, by offset).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.attrs import IS_ALPHA, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ConfigError
from ..records import Event, Quote
from ..resources import Resources
from .casualties import casualties
from .extensions import doc_text
from .event_context import (
    blend,
    follow_event_countries,
    heading_tokens,
    implicit_doers,
    paragraphs,
    short_paragraph,
    story_locations,
)
from .event_drafts import (
    Draft,
    derived_intents,
    derived_refusals,
    derived_requests,
    evaluated_targets,
    fold_coreferent,
    fold_purposes,
    imposed_measures,
    inherit_locations,
    mark_embedded,
    merge,
    sentence_locations,
    thwarted_attacks,
    warnings_as_threats,
)
from .event_syntax import (
    THING_TARGET_TYPES,
    actor_ids,
    alleged,
    clause_verb,
    demand_marker,
    first_person_clause,
    generic,
    has_phrase,
    participant,
    reported_demand,
    reporter,
    reporter_phrase,
    subordinate,
)
from .lexicon import Candidate, EventLexicon, TriggerSense
from .modality import modality
from .roles import (
    ActorIndex,
    PlaceIndex,
    argument_spans,
    clause_place,
    event_location,
    left_source,
    roles_for,
    statement_topics,
)

__all__ = ["EventsComponent", "make_events", "casualties", "EVENTS_VERSION"]

EVENTS_VERSION = "events-2"
_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
_TRANSITIVE_FIRST = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "THREATEN"})
_CASUALTY_TYPES = ("ASSAULT", "PROTEST", "COERCE")
_ACLED_FAMILY = frozenset(_CASUALTY_TYPES)  # PLOVER types whose ACLED sub-type the classifier picks
# Types coded from a place alone when no actor is named ("an airstrike in Idlib killed 12").
_PLACE_ONLY_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE"})
# Types whose target, when it is a place, is also where the event happened ("shelled Kharkiv",
# "visited Paris"); "accused Pakistan" or "urged Serbia" does not happen in Pakistan or Serbia.
_PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "CONSULT", "MOBILIZE", "AID", "PROTEST", "RETREAT"})
# Confidence factors: a generic or habitual mention ("has carried out similar attacks") and an
# alleged event ("accused X of supporting Y") are weaker evidence of one particular event.
_GENERIC_FACTOR = 0.6
_ALLEGED_FACTOR = 0.75
_UNRESOLVED_FACTOR = 0.7
# Types that need no target to be an event ("students staged demonstrations").
_INTRANSITIVE_TYPES = frozenset({"PROTEST", "MOBILIZE"})
# Verbal acts whose content can be a clause instead of a party ("demanded that ...", "threatened to ...").
_VERBAL_TYPES = frozenset({"REQUEST", "ACCUSE", "THREATEN", "REJECT", "AGREE", "SUPPORT"})
# Acts complete without a party acted on ("the president resigned", "the rebels surrendered").
_INTRANSITIVE_KEYS = frozenset({"resign", "step down", "surrender", "retreat", "resignation"})
# Reciprocal violence: the parties are all in the subject ("two groups clashed").
_RECIPROCAL_LEMMAS = frozenset({"clash", "fight", "battle", "skirmish", "riot", "exchange"})
# A sentence with no lexicon event but a confident event classifier (violence, protest, strategic
# classes; terse reports such as "two people died in X") still yields an event of that class.
_ACLED_FALLBACK_MIN = 0.5
# A violent or protest event's ACLED sub-type also reads its paragraph when that is a short story
# (event_context.short_paragraph): who fired back, a "[size=...]" tag or the casualties may sit in
# another sentence. The paragraph's scores are blended with the sentence's at this weight.
_CONTEXT_WEIGHT = 0.6
# Sentences with no lexicon trigger: the PLOVER classifier types them when at least this sure; the
# trigger strength stands at a fraction of its confidence (weaker evidence than a lexicon trigger).
_PLOVER_MIN_CONFIDENCE = 0.3
_CLASSIFIED_STRENGTH = 0.6
_POLITICAL_ENTS = frozenset({"GPE", "ORG", "PERSON", "NORP"})
# An event in a subordinate clause or a modifier ("... as forces launched strikes", "the proposal
# agreed at the meeting") is background to the sentence's main event: it ranks below it.
_SUBORDINATE_FACTOR = 0.85
# An event whose trigger hangs below another event's trigger is the content of that event (what
# was refused, threatened, demanded): the governing event is the sentence's main one.
_EMBEDDED_FACTOR = 0.7
# A negated, demanded, future or hypothetical event is weaker evidence that it happened than an
# asserted one; the sentence's main event is what was done or said.
_NON_ASSERTED_FACTOR = 0.85
# Types whose ambiguous triggers ("beat", "clash", "strike", "threat", "ban") have a common
# non-political sense in sport, entertainment and business news.
_DOMAIN_CHECKED = frozenset({"ASSAULT", "COERCE", "PROTEST", "THREATEN", "SANCTION", "MOBILIZE"})
# An article is sport/entertainment/business news when this share of its words are domain cues
# (BBC sport/business/entertainment: median 5-8%; politics: median 1%, 90th percentile 2%)
# and violence cues are rare next to them.
_DOMAIN_DOC_RATIO = 0.025
_DOMAIN_SENT_CUES = 2
_DOMAIN_DOC_MIN_WORDS = 30
_SECURITY_KINDS = frozenset({"military", "police", "armed_group"})
_CUE_CACHE_LIMIT = 100_000  # distinct word hashes whose cue code is kept (cleared when full)


def _first_conjunct(tok: Token) -> Token:
    """The first of a run of coordinated words ("the Farah and the Ghazni *attacks*" -> "Farah")."""
    cur = tok
    for _ in range(8):
        if cur.dep_ != "conj" or cur.head.i == cur.i:
            break
        cur = cur.head
    return cur


def _label_table() -> dict[str, Any]:
    from ..classify.labels import LABELS

    return {info.label: info for info in LABELS}


class EventsComponent:
    """spaCy component writing ``doc._.events``; ``setup`` loads the lexicon and takes the classifier."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon: EventLexicon | None = None
        self.classifier: Any = None
        self.plover: Any = None
        self._labels: dict[str, Any] = {}
        self._first_words: frozenset[str] = frozenset()
        self._domain_singles: frozenset[str] = frozenset()
        self._violence_singles: frozenset[str] = frozenset()
        self._cue_codes: dict[int, int] = {}
        self._iso3: Any = None  # ISO2 -> ISO3, from the gazetteer
        self._national: Any = None  # (ISO3, sector) -> the state's forces, from the actor dictionary

    @property
    def resource_version(self) -> str:
        lex = self.lexicon.version if self.lexicon else "unloaded"
        clf = getattr(self.classifier, "version", None) or "no-classifier"
        plover = getattr(self.plover, "version", None) or "no-plover"
        return f"{EVENTS_VERSION}/{lex}/{clf}/{plover}"

    def setup(self, resources: Resources, *, lexicon: EventLexicon | None = None) -> None:
        self.lexicon = lexicon or EventLexicon.load()
        self.classifier = resources.classifier
        self.plover = getattr(resources, "plover", None)
        self._iso3 = getattr(resources.gazetteer, "iso3", None)
        self._national = getattr(getattr(resources, "actors", None), "national", None)
        self._labels = _label_table() if self.classifier is not None else {}
        lex = self.lexicon
        self._first_words = frozenset(
            k.split()[0] for k in list(lex.verbs) + list(lex.nouns)
        ) | lex.statement_verbs | frozenset(k.split()[-1] for k in lex.nouns) | lex.carrier_nouns \
            | frozenset(k.split()[-1].split("-")[-1] for k in lex.nouns) | lex.found_dead.verbs
        self._domain_singles = frozenset().union(*(w for w, _ in lex.domains.values()))
        self._violence_singles = lex.violence[0]
        self._cue_codes = {}

    # -- main -------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            raise ConfigError("eventscope_events used before setup(resources); build the pipeline with pipeline.build")
        if len(doc) and not doc.has_annotation("DEP"):
            raise ConfigError("eventscope_events needs a dependency parser before it in the pipeline")
        doc._.events = self.extract(doc) if len(doc) else []
        return doc

    def extract(self, doc: Doc) -> list[Event]:
        lex = self.lexicon
        assert lex is not None
        per_sent: list[tuple[Span, list[Candidate]]] = []
        # Words inside a name are not triggers: "Assistance Mission", "Cooperation Organisation".
        in_names = {t.i for e in doc.ents if e.label_ in _NAME_LABELS and len(e) > 1 for t in e}
        sents = list(doc.sents)  # spaCy re-derives them on every access
        for sent in sents:
            cands = []
            heading = heading_tokens(sent)
            for tok in sent:
                if tok.i in in_names or tok.i in heading:
                    continue
                if tok.lemma_.lower() in self._first_words or tok.lower_ in self._first_words:
                    cand = lex.candidate(tok)
                    if cand is not None:
                        cands.append(cand)
            # "emphasized the threat": the object noun is part of the statement trigger, not an event.
            objects = {c.object_token.i for c in cands if c.statement and c.object_token is not None}
            cands = [c for c in cands if c.token.i not in objects]
            if cands:
                per_sent.append((sent, cands))
        with_cands = {sent.start for sent, _ in per_sent}
        fallback = [sent for sent in sents if sent.start not in with_cands] if self.plover is not None else []
        if not per_sent and not fallback:
            return []
        actors = ActorIndex(doc)
        places = PlaceIndex(doc)
        quotes = list(doc._.quotes)
        # Pass 1, lexicon and parse only. The classifier is then run, in one batch, on just the
        # sentences where it changes something: an ambiguous trigger, an ACLED-coded event type,
        # or a weak trigger that only the classifier could confirm.
        first = [[d for c in cands if (d := self._draft(c, sent, None, actors, places, quotes, probe=True))]
                 for sent, cands in per_sent]
        off_domain_doc: list[bool] = []  # computed once, only if a trigger or the screen asks

        def doc_off_domain() -> bool:
            if not off_domain_doc:
                off_domain_doc.append(self._doc_off_domain(doc, n_sents=len(sents)))
            return off_domain_doc[0]

        # Not on a sentence of sport, arts or business news (see _outside_politics): its triggers keep
        # the lexicon's sense there, and the ambiguous ones are dropped below whatever the
        # classifier would say ("hit a five-year high", "a bidding battle").
        needs = [i for i, drafts_i in enumerate(first) if any(self._wants_classifier(d) for d in drafts_i)
                 and not self._outside_politics(per_sent[i][0], actors, doc_off_domain)]
        predictions: list[Any] = [None] * len(per_sent)
        if self.classifier is not None and needs:
            for i, pred in zip(needs, self._classify([per_sent[i][0].text for i in needs])):
                predictions[i] = pred
        drafts: list[Draft] = []

        for i, ((sent, cands), pred) in enumerate(zip(per_sent, predictions)):
            if pred is None:
                sent_drafts = [d for d in first[i] if not d.probe_only]
            else:
                sent_drafts = [d for c in cands if (d := self._draft(c, sent, pred, actors, places, quotes)) is not None]
            sent_drafts = [d for d in sent_drafts if not self._off_domain(d, doc, doc_off_domain)]
            sent_drafts = fold_purposes(merge(sent_drafts))
            thwarted_attacks(sent_drafts, actors)
            mark_embedded(sent_drafts)
            sent_drafts += derived_requests(sent_drafts, actors, quotes)
            imposed_measures(sent_drafts, lex.quads)
            warnings_as_threats(sent_drafts, lex.quads)
            sent_drafts += derived_intents(sent_drafts, lex.quads)
            sent_drafts += derived_refusals(sent_drafts, lex.quads)
            killed, injured = casualties(sent.text) if any(
                d.sense.type in _CASUALTY_TYPES for d in sent_drafts) else (None, None)
            for d in sent_drafts:
                if d.sense.type in _CASUALTY_TYPES and (killed is not None or injured is not None):
                    d.killed, d.injured = killed, injured
                    break
            drafts.extend(sent_drafts)
        covered = {d.sent.start for d in drafts}
        known = {per_sent[i][0].start: p for i, p in enumerate(predictions) if p is not None}
        drafts.extend(self._violent_fallback(
            [sent for sent in sents if sent.start not in covered], known,
            {sent.start: cands for sent, cands in per_sent}, actors, places, quotes,
            off_domain=doc_off_domain))
        # A sentence whose only events sit in a modifier or a subordinate clause ("hackers capable of
        # launching cyber warfare", "jets backed by X") still has its main clause typed.
        covered = {d.sent.start for d in drafts if d.derived or not (d.embedded or subordinate(d.token))}
        drafts.extend(self._classified(
            [sent for sent in fallback + [sent for sent, _ in per_sent] if sent.start not in covered],
            actors, places, quotes, off_domain=doc_off_domain))
        self._context_subtypes(doc, sents, drafts)
        drafts.sort(key=lambda d: (d.token.idx, d.sense.type))
        drafts = fold_coreferent(drafts, light_verbs=lex.light_verbs)
        evaluated_targets(drafts, lex)
        inherit_locations(drafts)
        sentence_locations(drafts, places, actors=doc._.actors)
        events = [self._record(doc, d) for d in drafts]
        story_locations(doc, events, iso3=self._iso3)
        follow_event_countries(doc, events, self._iso3)
        implicit_doers(doc, events, self._iso3, national=self._national)
        return events

    def _classified(self, sents: list[Span], actors: ActorIndex, places: PlaceIndex,
                    quotes: list[Quote], *, off_domain: Callable[[], bool] = lambda: False) -> list[Draft]:
        """Events for political sentences with no lexicon trigger ("X hosted a dinner for Y"): a main
        verb with a subject and an object, typed by the PLOVER classifier when it is confident. One
        batch per document, on those sentences only. ``off_domain``: the document is sport, arts or
        business news (see :meth:`_doc_off_domain`)."""
        if self.plover is None or not sents:
            return []
        lex = self.lexicon
        assert lex is not None
        chosen: list[tuple[Span, Token, Any]] = []
        for sent in sents:
            verb = clause_verb(sent)
            if verb is None:
                continue
            roles = roles_for(verb, "", non_agent_governors=lex.non_agent_governors)
            if not (has_phrase(roles.source) and has_phrase(roles.target)):
                continue
            if not any(e.label_ in _POLITICAL_ENTS for e in sent.ents) and not actors.actors_in(
                    sent.start_char, sent.end_char):
                continue
            if self._outside_politics(sent, actors, off_domain):
                continue
            chosen.append((sent, verb, roles))
        if not chosen:
            return []
        out: list[Draft] = []
        for (sent, verb, _), pred in zip(chosen, self.plover.predict([s.text for s, _, _ in chosen])):
            demand = reported_demand(verb, lex.quads)
            weak = pred is None or pred.confidence < _PLOVER_MIN_CONFIDENCE or pred.label not in lex.quads
            if weak and not demand:
                continue
            label = "REQUEST" if demand else pred.label
            roles = roles_for(verb, label, non_agent_governors=lex.non_agent_governors)
            quote = next((q for q in quotes if q.start <= verb.idx < q.end), None)
            speaker = quote.speaker if quote is not None else reporter(verb, actors)
            source = actor_ids(roles.source, actors, speaker)
            target = [a for a in actor_ids(roles.target, actors, speaker) if a not in source]
            if not demand:
                sense = TriggerSense(label, None, _CLASSIFIED_STRENGTH * pred.confidence, lex.quads[label])
            else:
                # "X declared that China must drop its barriers": X demands it of China (the REQUEST is
                # the event; what must happen is its content), whatever the classifier reads into "drop".
                roles.target, roles.source = roles.source, reporter_phrase(verb)
                target, source = source, [speaker] if speaker else []
                sense = TriggerSense("REQUEST", None, _CLASSIFIED_STRENGTH * 0.6, lex.quads["REQUEST"])
            location = event_location(verb, places, exclude={t.i for t in roles.source},
                                      role_tokens=roles.source + roles.target)
            cand = Candidate(token=verb, key=verb.lemma_.lower(), senses=[sense])
            out.append(Draft(cand=cand, sense=sense, sent=sent, source=source, target=target,
                              source_tokens=roles.source, target_tokens=roles.target, location=location,
                              modality="asserted" if demand else modality(verb), quote=quote,
                              agreement=pred.confidence, unresolved=not (source or target),
                              generic=generic(verb, lex), trigger=demand_marker(verb) if demand else None))
        return out

    def _violent_fallback(self, sents: list[Span], known: dict[int, Any], cands: dict[int, list[Candidate]],
                          actors: ActorIndex, places: PlaceIndex, quotes: list[Quote], *,
                          off_domain: Callable[[], bool] = lambda: False) -> list[Draft]:
        """Events for sentences that report harm or unrest but kept no lexicon event ("a man was found
        dead in X", "shells fired by X fell in Y", a trigger whose roles the parse missed): typed by the
        event classifier when it is confident in a violent, protest or strategic class. The
        classifier runs once per document, on those sentences only (reusing earlier predictions)."""
        lex = self.lexicon
        assert lex is not None
        if self.classifier is None or not sents:
            return []
        chosen = [s for s in sents if s.start in known or any(
            sense.type in _PLACE_ONLY_TYPES for c in cands.get(s.start, []) for sense in c.senses)
            or lex.harm_cue(s)]
        # A sentence never classified yet costs an embedding: not for one of sport, arts or business
        # news with no cue of violence ("a bidding battle", "hit a five-year high").
        todo = [s for s in chosen
                if s.start not in known and not self._outside_politics(s, actors, off_domain)]
        screened = {s.start for s in todo}
        chosen = [s for s in chosen if s.start in known or s.start in screened]
        fresh = dict(zip((s.start for s in todo), self._classify([s.text for s in todo])))
        out: list[Draft] = []
        for sent in chosen:
            pred = known.get(sent.start) or fresh.get(sent.start)
            info = self._labels.get(pred.label) if pred is not None else None
            if info is None or not info.acled_event_type or not info.plover or pred.confidence < _ACLED_FALLBACK_MIN:
                continue
            type_ = info.plover
            anchor = next((c.token for c in cands.get(sent.start, []) if any(s.type == type_ for s in c.senses)),
                          None) or clause_verb(sent) or sent.root
            roles = roles_for(anchor, type_, non_agent_governors=lex.non_agent_governors)
            if not roles.source:
                roles.source = left_source(anchor, type_, actors, exclude=roles.target)
            quote = next((q for q in quotes if q.start <= anchor.idx < q.end), None)
            speaker = quote.speaker if quote is not None else reporter(anchor, actors)
            source = actor_ids(roles.source, actors, speaker)
            target = [a for a in actor_ids(roles.target, actors, speaker) if a not in source]
            location = event_location(anchor, places, exclude={t.i for t in roles.source},
                                      role_tokens=roles.source + roles.target,
                                      place_roles=roles.source + roles.target) or clause_place(
                sent, places, exclude=roles.source)
            sense = TriggerSense(type_, None, _CLASSIFIED_STRENGTH * pred.confidence,
                                 info.quad or lex.quads.get(type_, 4))
            cand = Candidate(token=anchor, key=anchor.lemma_.lower(), senses=[sense])
            killed, injured = casualties(sent.text)
            out.append(Draft(cand=cand, sense=sense, sent=sent, source=source, target=target,
                              source_tokens=roles.source, target_tokens=roles.target, location=location,
                              modality=modality(anchor), quote=quote, agreement=pred.confidence,
                              acled=(info.acled_event_type, info.acled_sub_event_type),
                              killed=killed, injured=injured, unresolved=not (source or target),
                              source_from=roles.source_from, governor=roles.governor, pred=pred))
        return out

    def _outside_politics(self, sent: Span, actors: ActorIndex, off_domain: Callable[[], bool]) -> bool:
        """The cheap screen run before a sentence costs an embedding (~13 ms): a sentence of sport,
        arts or business news (by its article's or its own cues, as in :meth:`_off_domain`) with no
        cue of violence and no security force named holds no political event the classifiers could
        add ("Rosneft bought the unit" is not AID, "the dollar hit its highest level" not ASSAULT);
        its lexicon triggers keep their own senses."""
        lex = self.lexicon
        assert lex is not None
        domain, violence = lex.domain_cues(sent, sent.text)
        if violence or not (domain >= _DOMAIN_SENT_CUES or off_domain()):
            return False
        named = sent.doc._.actors
        return not any(getattr(named.get(a), "kind", None) in _SECURITY_KINDS
                       for a in actors.actors_in(sent.start_char, sent.end_char))

    def _context_subtypes(self, doc: Doc, sents: list[Span], drafts: list[Draft]) -> None:
        """Re-pick the ACLED sub-type of violent and protest events from a blend of the classifier's
        reading of the sentence and of its short paragraph (one extra batch, one text per paragraph).
        Only where the paragraph's ACLED-coded events are of one PLOVER type: a paragraph telling of
        a protest and of an attack would pull each towards the other. The paragraphs are read here,
        once the events are known, not with their sentences: most sentences the classifier reads
        yield no coded event, and their paragraphs are the longest texts it would embed."""
        coded = [d for d in drafts if d.acled is not None and d.sense.type in _ACLED_FAMILY
                 and d.cand.acled is None]  # not one the construction codes ("a man was found dead")
        if self.classifier is None or not coded:
            return
        paras = paragraphs(doc, sents)
        groups: dict[tuple[int, int], list[Draft]] = {}
        for d in coded:
            para = short_paragraph(d.sent, paras)
            if para is not None:
                groups.setdefault(para, []).append(d)
        keys = [k for k, ds in groups.items() if len({d.sense.type for d in ds}) == 1
                and all(d.pred is not None for d in ds)]
        text = doc_text(doc)
        context = dict(zip(keys, self._classify([text[a:b].strip() for a, b in keys])))
        for key in keys:
            ctx = context.get(key)
            if ctx is None:
                continue
            for d in groups[key]:
                d.acled = self._acled(d.sense, blend(d.pred, ctx, _CONTEXT_WEIGHT))

    def _classify(self, texts: list[str]) -> list[Any]:
        if self.classifier is None or not texts:
            return [None] * len(texts)
        return list(self.classifier.predict(texts))

    def _agreement(self, pred: Any, type_: str) -> float | None:
        """Probability mass the classifier puts on labels of this PLOVER type (None: type unknown to it)."""
        if pred is None:
            return None
        labels = [lab for lab, info in self._labels.items() if info.plover == type_]
        if not labels:
            return None
        return float(sum(pred.scores.get(lab, 0.0) for lab in labels))

    def _choose(self, cand: Candidate, pred: Any) -> TriggerSense:
        senses = cand.senses
        if len(senses) == 1:
            return senses[0]
        tok = cand.token
        if tok.pos_ in ("NOUN", "PROPN"):
            transitive = any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in tok.children)
        else:
            transitive = any(c.dep_ == "dobj" for c in tok.children)
        if pred is not None:
            info = self._labels.get(pred.label)
            if info is not None and info.plover and pred.confidence >= 0.4:
                for s in senses:
                    if s.type == info.plover:
                        return s
        if tok.pos_ == "VERB" and any(s.type == "PROTEST" for s in senses) and self.lexicon is not None \
                and self.lexicon.civilian_subject(tok):
            ranked = [s for s in senses if s.type == "PROTEST"]  # "workers blocked the bridge"
        elif transitive:
            ranked = [s for s in senses if s.type in _TRANSITIVE_FIRST] + [s for s in senses if s.type != "PROTEST"]
        else:
            ranked = [s for s in senses if s.type == "PROTEST"]
        return (ranked or senses)[0]

    def _wants_classifier(self, d: Draft) -> bool:
        if d.cand.acled is not None:
            return False  # the construction fixes its ACLED coding ("a man was found dead")
        if d.probe_only or (d.sense.weak and d.sense.type in _CASUALTY_TYPES) or len({s.type for s in d.cand.senses}) > 1:
            return True
        # Violence and protest with no mode: the lexicon cannot tell an armed clash from an attack
        # on civilians, or a peaceful protest from a riot; the classifier can.
        return d.sense.type in ("ASSAULT", "PROTEST") and d.sense.mode is None

    def _draft(self, cand: Candidate, sent: Span, pred: Any, actors: ActorIndex, places: PlaceIndex,
               quotes: list[Quote], *, probe: bool = False) -> Draft | None:
        """One event from one trigger, or None. ``probe``: no classifier yet; keep a weak trigger
        that lacks actors but has a place as ``probe_only`` (the classifier may confirm it)."""
        sense = self._choose(cand, pred)
        tok = cand.token
        lex = self.lexicon
        assert lex is not None
        stopped = lex.reversal(tok, sense.type)
        if stopped is not None:  # "halted aid to X": the halting is the event, of the reversed type
            sense = TriggerSense(stopped[1], None, sense.strength, lex.quads.get(stopped[1], sense.quad))
        quote = next((q for q in quotes if q.start <= tok.idx < q.end), None)
        speaker = quote.speaker if quote is not None else reporter(tok, actors)
        roles = roles_for(tok, sense.type, non_agent_governors=lex.non_agent_governors)
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "conj" and not actor_ids(roles.source, actors, speaker):
            # "claimed responsibility for the Farah and the Ghazni attacks": a coordinated noun has
            # the doer its first conjunct would have (its own modifier may be a place).
            first = roles_for(_first_conjunct(tok), sense.type, non_agent_governors=lex.non_agent_governors)
            if actor_ids(first.source, actors, speaker):
                roles.source = first.source
        if cand.finder:  # "police found the body of a man": who found it is not who killed
            roles.source = []
        elif not roles.source:  # a subject the parse hung elsewhere ("On 3 May, in X, gunmen shot ...")
            roles.source = left_source(tok, sense.type, actors, exclude=roles.target)
        if cand.statement and cand.object_token is not None:
            # "emphasized the threat posed by X": the doer of the threat is the one accused.
            obj_roles = roles_for(cand.object_token, "THREATEN", non_agent_governors=lex.non_agent_governors)
            # Not a doer the noun only got from the statement verb itself ("X expressed concern").
            own = obj_roles.source if obj_roles.source_from in ("phrase", "claim") else []
            roles.target = [t for t in own + obj_roles.target if t not in roles.source] or [
                t for t in statement_topics(cand.object_token) if t not in roles.source]
        elif cand.statement and cand.object_token is not None:
            # "expressed concern to X": the object noun is part of the trigger, not its target.
            roles.target = [t for t in roles.target if t.i != cand.object_token.i]
        source = actor_ids(roles.source, actors, speaker)
        target = [a for a in actor_ids(roles.target, actors, speaker) if a not in source]
        if quote is not None and not source and tok.dep_ in ("ROOT", "ccomp") and first_person_clause(tok):
            source = [quote.speaker] if quote.speaker else []
        agreement = self._agreement(pred, sense.type)
        # Both arguments present as phrases but not resolved to actors ("Beijing police detained 18
        # people"): still an event, coded with its argument phrases, but weaker evidence.
        no_target_needed = (sense.type in _INTRANSITIVE_TYPES or tok.lemma_.lower() in _RECIPROCAL_LEMMAS
                            or cand.key in _INTRANSITIVE_KEYS
                            or (agreement is not None and agreement >= 0.5)
                            # "demanded that control be taken away": the clause is what is said
                            or (sense.type in _VERBAL_TYPES and any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)))
        phrases = has_phrase(roles.source) and (has_phrase(roles.target) or no_target_needed)
        unresolved = not (source and target) and phrases
        if sense.needs_actor_object and not target and not phrases:
            return None
        if sense.weak and sense.type in _CASUALTY_TYPES and agreement is not None and agreement < 0.05:
            # An ambiguous word ("beat", "strike") the classifier, which knows violence and protest
            # well (and diplomacy poorly), does not read as this kind of event.
            return None
        probe_only = False
        if sense.weak and not (source or target) and not (agreement is not None and agreement >= 0.5):
            if not (probe and self.classifier is not None):
                return None
            probe_only = True
        role_ids = {t.i for t in roles.source}
        location = event_location(tok, places, exclude=role_ids, role_tokens=roles.source + roles.target,
                                  place_roles=roles.source + (roles.target if sense.type in _PLACE_TARGET_TYPES else []))
        if location is None and sense.type in _PLACE_ONLY_TYPES:
            location = clause_place(sent, places, exclude=roles.source)
        if not (source or target or phrases or cand.self_standing
                or (location and sense.type in _PLACE_ONLY_TYPES)):
            return None  # a meeting or a deal with nobody named is not an event we can code
        draft = Draft(cand=cand, sense=sense, sent=sent, source=source, target=target,
                       source_tokens=roles.source, target_tokens=roles.target, location=location,
                       modality=modality(stopped[0] if stopped is not None else tok), quote=quote,
                       agreement=agreement, probe_only=probe_only,
                       source_from=roles.source_from, governor=roles.governor, generic=generic(tok, lex), alleged=alleged(tok, lex),
                       unresolved=unresolved and not (source or target),
                       trigger=stopped[0] if stopped is not None else None)
        if cand.acled is not None:
            draft.acled = cand.acled
        elif sense.type in self.lexicon.acled_types:  # type: ignore[union-attr]
            draft.acled = self._acled(sense, pred)
            draft.pred = pred
        return draft

    def _acled(self, sense: TriggerSense, pred: Any) -> tuple[str, str] | None:
        if pred is not None:
            info = self._labels.get(pred.label)
            # Which ACLED sub-type a violent or protest event is (a clash or an attack on civilians,
            # shelling, a riot) is the classifier's call, trained on such texts; the trigger word only
            # says it is violent ("fired" in "fired on protesters" is excessive force, not a clash).
            same = info is not None and (info.plover == sense.type
                                         or {info.plover, sense.type} <= _ACLED_FAMILY)
            if same and info.acled_event_type and pred.confidence >= 0.3:
                return info.acled_event_type, info.acled_sub_event_type
        return self.lexicon.acled_for(sense.type, sense.mode)  # type: ignore[union-attr]

    def _off_domain(self, d: Draft, doc: Doc, doc_off_domain: Any) -> bool:
        """An ambiguous trigger used in its sport/arts/business sense ("Ireland beat Wales", "the
        Champions League clash", "films shot in the UK", "a strike blocked by the keeper")."""
        lex = self.lexicon
        assert lex is not None
        tok = d.cand.token
        if d.sense.type not in _DOMAIN_CHECKED or not (
                tok.lemma_.lower() in lex.domain_ambiguous or tok.lower_ in lex.domain_ambiguous
                or d.cand.key in lex.domain_ambiguous):
            return False
        actors = doc._.actors
        if any(getattr(actors.get(a), "kind", None) in _SECURITY_KINDS for a in d.source + d.target):
            return False
        domain, violence = lex.domain_cues(d.sent, d.sent.text, skip=tok.i)
        if violence:
            return False
        return domain >= _DOMAIN_SENT_CUES or bool(doc_off_domain())

    def _doc_off_domain(self, doc: Doc, *, n_sents: int | None = None) -> bool:
        """``n_sents``: the doc's sentence count when the caller has it (``doc.sents`` walks the Doc)."""
        # Counted on the doc's arrays, each distinct word looked up once: this runs on every
        # article with an uncovered sentence, and a loop over Token objects cost ~3 ms each.
        arr = doc.to_array([IS_ALPHA, LOWER, LEMMA])
        words = arr[arr[:, 0] == 1][:, 1:]
        n = len(words)
        if n < _DOMAIN_DOC_MIN_WORDS:
            return False
        keys, inverse = np.unique(words.ravel(), return_inverse=True)
        strings = doc.vocab.strings
        codes = np.array([self._cue_code(int(k), strings) for k in keys], dtype=np.uint8)
        # A token is a cue when its form or its lemma is one (1: domain cue, 2: violence cue).
        per_token = np.bitwise_or.reduce(codes[inverse.ravel()].reshape(words.shape), axis=1)
        dom = int(np.count_nonzero(per_token & 1))
        vio = int(np.count_nonzero(per_token & 2))
        # A share of a few words says nothing about the article's domain: a one-sentence text has
        # no context beyond the sentence, which the sentence-level check already read.
        if n_sents is None:
            n_sents = sum(1 for _ in doc.sents)
        return dom / n >= _DOMAIN_DOC_RATIO and vio * 4 < dom and n_sents > 1

    def _cue_code(self, key: int, strings: Any) -> int:
        """1 if the word (lower-cased) is a domain cue, 2 if a violence cue, 3 if both, cached per hash."""
        code = self._cue_codes.get(key)
        if code is None:
            word = strings[key].lower()
            code = int(word in self._domain_singles) | 2 * int(word in self._violence_singles)
            if len(self._cue_codes) >= _CUE_CACHE_LIMIT:
                self._cue_codes.clear()
            self._cue_codes[key] = code
        return code

    def _record(self, doc: Doc, d: Draft) -> Event:
        from . import dates

        sent, tok = d.sent, d.token
        date, gran, from_pub = dates.event_date(doc, sent.start_char, sent.end_char)
        roles = 0.5 * bool(d.source) + 0.3 * bool(d.target) + 0.2 * bool(d.location)
        if d.agreement is None:
            conf = (0.5 * d.sense.strength + 0.5 * roles)
        else:
            conf = 0.4 * d.sense.strength + 0.35 * roles + 0.25 * d.agreement
        if d.derived and not d.intent:
            conf *= 0.9
        if d.generic:
            conf *= _GENERIC_FACTOR
        if d.alleged:
            conf *= _ALLEGED_FACTOR
        if d.unresolved:
            conf *= _UNRESOLVED_FACTOR
        if d.modality != "asserted":
            conf *= _NON_ASSERTED_FACTOR
        if d.embedded:
            conf *= _EMBEDDED_FACTOR
        elif subordinate(tok):
            conf *= _SUBORDINATE_FACTOR
        trig_start, trig_end = tok.idx, tok.idx + len(tok.text)
        trigger_text = tok.text
        if not d.derived and "-" in d.cand.key and tok.pos_ in ("NOUN", "PROPN"):
            # A hyphenated noun the tokenizer split ("shoot-out"): show it whole.
            first = next((c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i
                          and all(t.text == "-" for t in doc[c.i + 1 : tok.i])), None)
            if first is not None:
                trig_start = first.idx
                trigger_text = doc_text(doc)[trig_start:trig_end]
        if not d.derived and " " in d.cand.key and not d.cand.statement:
            # Show the particle with the verb ("called for") when it directly follows.
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ == d.cand.key.split()[-1] and nxt.head.i == tok.i:
                trig_end = nxt.idx + len(nxt.text)
                trigger_text = doc_text(doc)[tok.idx:trig_end]
        return Event(
            id=Event.make_id(doc._.article_id or "", trig_start, trig_end, d.sense.type),
            type=d.sense.type, sentence=sent.text, start=sent.start_char, end=sent.end_char,
            trigger=trigger_text, trigger_start=trig_start, trigger_end=trig_end, mode=d.sense.mode,
            context=self.lexicon.context_tags(sent),  # type: ignore[union-attr]
            acled_type=d.acled[0] if d.acled else None, acled_subtype=d.acled[1] if d.acled else None,
            quad_class=d.sense.quad, source=d.source, target=d.target, location=d.location,
            date=date, date_granularity=gran, date_from_publication=from_pub, modality=d.modality,
            confidence=round(max(0.0, min(1.0, conf)), 3), quote=d.quote.id if d.quote else None,
            killed=d.killed, injured=d.injured,
            source_spans=argument_spans(d.source_tokens),
            target_spans=argument_spans([t for t in d.target_tokens
                                         if d.sense.type not in THING_TARGET_TYPES or participant(t, doc)]),
        )


@Language.factory("eventscope_events")
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent(nlp, name)
