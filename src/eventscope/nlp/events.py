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

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import IS_ALPHA, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ConfigError
from ..records import Actor, Event, Place, Quote
from ..resources import Resources
from .lexicon import STRONG, Candidate, EventLexicon, TriggerSense
from .modality import INTENT_GOVERNORS, SPEECH_LEMMAS, is_infinitive_complement, modality, token_markers
from .roles import (
    FIRST_PERSON,
    ActorIndex,
    PlaceIndex,
    argument_spans,
    argument_tokens,
    clause_place,
    event_location,
    left_source,
    party_head,
    phrase_head,
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
# Reciprocal violence: the parties are all in the subject ("two groups clashed").
_RECIPROCAL_LEMMAS = frozenset({"clash", "fight", "battle", "skirmish", "riot", "exchange"})
# A sentence with no lexicon event but a confident event classifier (violence, protest, strategic
# classes; terse reports such as "a man was found dead in X") still yields an event of that class.
_ACLED_FALLBACK_MIN = 0.5
# A violent or protest event's ACLED sub-type also reads its paragraph when that is a short story
# (2 to this many sentences): who fired back, a "[size=...]" tag or the casualties may sit in
# another sentence. The paragraph's scores are blended with the sentence's at this weight.
_CONTEXT_MAX_SENTS = 6
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
# Prepositions that put a nominal event in the background of the clause's own event.
_BACKGROUND_PREPS = frozenset({"after", "following", "before", "since", "amid", "despite", "during", "over"})
_SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj", "csubjpass", "xcomp", "ccomp"})
_ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})
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

# -- casualties ------------------------------------------------------------------------------
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_NUMWORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred|dozens|hundreds)"
_NUM = rf"(?:(?:at least|some|about|around|more than|over|nearly|almost|up to|as many as)\s+)?(\d[\d,]*|{_NUMWORD})"
_NOUNS = r"(?:\s+(?:[A-Za-z-]+\s+){0,2}?(?:people|persons?|civilians|soldiers|troops|police(?:men)?|officers|militants|fighters|protesters|demonstrators|children|women|men|others|members|workers|students|residents|villagers|pilgrims|worshippers|insurgents|rebels|guards|personnel|policemen|servicemen))?"
_KILL = r"(?:killed|dead|died|slain|lost their lives|perished|deaths?|fatalities)"
_HURT = r"(?:injured|wounded|hurt|injuries)"
_AUX = r"(?:\s+(?:were|was|have been|had been|are|being|have|had|reportedly|also|)\s*){0,2}"


def _num(text: str) -> int | None:
    t = text.lower().replace(",", "").strip()
    if t.isdigit():
        return int(t)
    if t in ("a dozen",):
        return 12
    if t in ("a hundred",):
        return 100
    if t in ("dozens", "hundreds"):
        return None
    parts = re.split(r"[- ]", t)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _UNITS.get(t)


def _count(sentence: str, *, kill: bool) -> int | None:
    word = _KILL if kill else _HURT
    verbs = r"(?:killing|killed|kills|claiming)" if kill else r"(?:injuring|wounding|injured|wounded|injures|wounds)"
    patterns = [
        rf"\b{_NUM}{_NOUNS}{_AUX}\s*{word}\b",  # "at least five people were killed", "two dead"
        rf"\b{verbs}\s+{_NUM}\b",  # "killing 12", "wounding at least three"
    ]
    if kill:
        patterns.append(rf"\btoll\s+(?:\w+\s+){{0,3}}?(?:to|at|of)\s+{_NUM}\b")  # "death toll rose to 20"
    for pat in patterns:
        for m in re.finditer(pat, sentence, flags=re.IGNORECASE):
            value = _num(m.group(1))
            if value is not None:
                return value
    return None


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, injured) stated in a sentence: "killing 12", "two dead and 14 wounded", number words."""
    return _count(sentence, kill=True), _count(sentence, kill=False)


# -- drafts ----------------------------------------------------------------------------------
@dataclass
class _Draft:
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
        ) | lex.statement_verbs | frozenset(k.split()[-1] for k in lex.nouns) | lex.carrier_nouns
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
            heading = _heading(sent)
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
                off_domain_doc.append(self._doc_off_domain(doc))
            return off_domain_doc[0]

        # Not on a sentence of sport, arts or business news (see _outside_politics): its triggers keep
        # the lexicon's sense there, and the ambiguous ones are dropped below whatever the
        # classifier would say ("hit a five-year high", "a bidding battle").
        needs = [i for i, drafts_i in enumerate(first) if any(self._wants_classifier(d) for d in drafts_i)
                 and not self._outside_politics(per_sent[i][0], actors, doc_off_domain)]
        predictions: list[Any] = [None] * len(per_sent)
        # The classifier's reading of short paragraphs, asked in the same batches as their sentences.
        paras = _paragraphs(doc, sents)
        context: dict[tuple[int, int], Any] = {}
        if self.classifier is not None and needs:
            violent = [any(s.type in _ACLED_FAMILY for d in first[i] for s in d.cand.senses) for i in needs]
            for i, pred in zip(needs, self._with_context([per_sent[i][0] for i in needs], violent, paras, context)):
                predictions[i] = pred
        drafts: list[_Draft] = []

        for i, ((sent, cands), pred) in enumerate(zip(per_sent, predictions)):
            if pred is None:
                sent_drafts = [d for d in first[i] if not d.probe_only]
            else:
                sent_drafts = [d for c in cands if (d := self._draft(c, sent, pred, actors, places, quotes)) is not None]
            sent_drafts = [d for d in sent_drafts if not self._off_domain(d, doc, doc_off_domain)]
            sent_drafts = _fold_purposes(_merge(sent_drafts))
            _mark_embedded(sent_drafts)
            sent_drafts += _derived_requests(sent_drafts, actors, quotes)
            _imposed_measures(sent_drafts, lex.quads)
            _warnings_as_threats(sent_drafts, lex.quads)
            sent_drafts += _derived_intents(sent_drafts, lex.quads)
            sent_drafts += _derived_refusals(sent_drafts, lex.quads)
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
            off_domain=doc_off_domain, paras=paras, context=context))
        covered = {d.sent.start for d in drafts}
        drafts.extend(self._classified(
            [sent for sent in fallback + [sent for sent, _ in per_sent] if sent.start not in covered],
            actors, places, quotes, off_domain=doc_off_domain))
        self._context_subtypes(doc, paras, context, drafts)
        drafts.sort(key=lambda d: (d.token.idx, d.sense.type))
        drafts = _fold_coreferent(drafts, light_verbs=lex.light_verbs)
        self._evaluated_targets(drafts)
        _inherit_locations(drafts)
        _sentence_locations(drafts, places)
        events = [self._record(doc, d) for d in drafts]
        _story_locations(doc, events)
        _implicit_doers(doc, events, self._iso3, national=self._national)
        return events

    def _classified(self, sents: list[Span], actors: ActorIndex, places: PlaceIndex,
                    quotes: list[Quote], *, off_domain: Callable[[], bool] = lambda: False) -> list[_Draft]:
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
            verb = _clause_verb(sent)
            if verb is None:
                continue
            roles = roles_for(verb, "", non_agent_governors=lex.non_agent_governors)
            if not (_has_phrase(roles.source) and _has_phrase(roles.target)):
                continue
            if not any(e.label_ in _POLITICAL_ENTS for e in sent.ents) and not actors.actors_in(
                    sent.start_char, sent.end_char):
                continue
            if self._outside_politics(sent, actors, off_domain):
                continue
            chosen.append((sent, verb, roles))
        if not chosen:
            return []
        out: list[_Draft] = []
        for (sent, verb, _), pred in zip(chosen, self.plover.predict([s.text for s, _, _ in chosen])):
            demand = _reported_demand(verb, lex.quads)
            weak = pred is None or pred.confidence < _PLOVER_MIN_CONFIDENCE or pred.label not in lex.quads
            if weak and not demand:
                continue
            label = "REQUEST" if demand else pred.label
            roles = roles_for(verb, label, non_agent_governors=lex.non_agent_governors)
            quote = next((q for q in quotes if q.start <= verb.idx < q.end), None)
            speaker = quote.speaker if quote is not None else _reporter(verb, actors)
            source = _ids(roles.source, actors, speaker)
            target = [a for a in _ids(roles.target, actors, speaker) if a not in source]
            if not demand:
                sense = TriggerSense(label, None, _CLASSIFIED_STRENGTH * pred.confidence, lex.quads[label])
            else:
                # "X declared that China must drop its barriers": X demands it of China (the REQUEST is
                # the event; what must happen is its content), whatever the classifier reads into "drop".
                roles.target, roles.source = roles.source, _reporter_phrase(verb)
                target, source = source, [speaker] if speaker else []
                sense = TriggerSense("REQUEST", None, _CLASSIFIED_STRENGTH * 0.6, lex.quads["REQUEST"])
            location = event_location(verb, places, exclude={t.i for t in roles.source},
                                      role_tokens=roles.source + roles.target)
            cand = Candidate(token=verb, key=verb.lemma_.lower(), senses=[sense])
            out.append(_Draft(cand=cand, sense=sense, sent=sent, source=source, target=target,
                              source_tokens=roles.source, target_tokens=roles.target, location=location,
                              modality="asserted" if demand else modality(verb), quote=quote,
                              agreement=pred.confidence, unresolved=not (source or target),
                              generic=_generic(verb, lex), trigger=_demand_marker(verb) if demand else None))
        return out

    def _violent_fallback(self, sents: list[Span], known: dict[int, Any], cands: dict[int, list[Candidate]],
                          actors: ActorIndex, places: PlaceIndex, quotes: list[Quote], *,
                          off_domain: Callable[[], bool] = lambda: False,
                          paras: list[tuple[tuple[int, int], int]] | None = None,
                          context: dict[tuple[int, int], Any] | None = None) -> list[_Draft]:
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
        fresh = dict(zip((s.start for s in todo), self._with_context(
            todo, [True] * len(todo), paras or [], context if context is not None else {})))
        out: list[_Draft] = []
        for sent in chosen:
            pred = known.get(sent.start) or fresh.get(sent.start)
            info = self._labels.get(pred.label) if pred is not None else None
            if info is None or not info.acled_event_type or not info.plover or pred.confidence < _ACLED_FALLBACK_MIN:
                continue
            type_ = info.plover
            anchor = next((c.token for c in cands.get(sent.start, []) if any(s.type == type_ for s in c.senses)),
                          None) or _clause_verb(sent) or sent.root
            roles = roles_for(anchor, type_, non_agent_governors=lex.non_agent_governors)
            if not roles.source:
                roles.source = left_source(anchor, type_, actors, exclude=roles.target)
            quote = next((q for q in quotes if q.start <= anchor.idx < q.end), None)
            speaker = quote.speaker if quote is not None else _reporter(anchor, actors)
            source = _ids(roles.source, actors, speaker)
            target = [a for a in _ids(roles.target, actors, speaker) if a not in source]
            location = event_location(anchor, places, exclude={t.i for t in roles.source},
                                      role_tokens=roles.source + roles.target,
                                      place_roles=roles.source + roles.target) or clause_place(
                sent, places, exclude=roles.source)
            sense = TriggerSense(type_, None, _CLASSIFIED_STRENGTH * pred.confidence,
                                 info.quad or lex.quads.get(type_, 4))
            cand = Candidate(token=anchor, key=anchor.lemma_.lower(), senses=[sense])
            killed, injured = casualties(sent.text)
            out.append(_Draft(cand=cand, sense=sense, sent=sent, source=source, target=target,
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

    def _with_context(self, sents: list[Span], wants: list[bool], paras: list[tuple[tuple[int, int], int]],
                      context: dict[tuple[int, int], Any]) -> list[Any]:
        """The classifier's readings of these sentences; in the same batch, those of the short
        paragraphs of the ones that ``wants`` (kept in ``context``), not yet read."""
        doc_text = sents[0].doc.text if sents else ""
        extra = list(dict.fromkeys(k for s, w in zip(sents, wants) if w
                                   and (k := _short_paragraph(s, paras)) is not None and k not in context))
        preds = self._classify([s.text for s in sents] + [doc_text[a:b].strip() for a, b in extra])
        context.update(zip(extra, preds[len(sents):]))
        return preds[:len(sents)]

    def _context_subtypes(self, doc: Doc, paras: list[tuple[tuple[int, int], int]],
                          context: dict[tuple[int, int], Any], drafts: list[_Draft]) -> None:
        """Re-pick the ACLED sub-type of violent and protest events from a blend of the classifier's
        reading of the sentence and of its short paragraph (one extra batch, one text per paragraph).
        Only where the paragraph's ACLED-coded events are of one PLOVER type: a paragraph telling of
        a protest and of an attack would pull each towards the other."""
        coded = [d for d in drafts if d.acled is not None and d.sense.type in _ACLED_FAMILY]
        if self.classifier is None or not coded:
            return
        groups: dict[tuple[int, int], list[_Draft]] = {}
        for d in coded:
            para = _short_paragraph(d.sent, paras)
            if para is not None:
                groups.setdefault(para, []).append(d)
        keys = [k for k, ds in groups.items() if len({d.sense.type for d in ds}) == 1
                and all(d.pred is not None for d in ds)]
        text = doc.text
        missing = [k for k in keys if k not in context]  # rare: the sentence was read without its paragraph
        context.update(zip(missing, self._classify([text[a:b].strip() for a, b in missing])))
        for key in keys:
            ctx = context.get(key)
            if ctx is None:
                continue
            for d in groups[key]:
                d.acled = self._acled(d.sense, _blend(d.pred, ctx, _CONTEXT_WEIGHT))

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

    def _wants_classifier(self, d: _Draft) -> bool:
        if d.probe_only or (d.sense.weak and d.sense.type in _CASUALTY_TYPES) or len({s.type for s in d.cand.senses}) > 1:
            return True
        # Violence and protest with no mode: the lexicon cannot tell an armed clash from an attack
        # on civilians, or a peaceful protest from a riot; the classifier can.
        return d.sense.type in ("ASSAULT", "PROTEST") and d.sense.mode is None

    def _draft(self, cand: Candidate, sent: Span, pred: Any, actors: ActorIndex, places: PlaceIndex,
               quotes: list[Quote], *, probe: bool = False) -> _Draft | None:
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
        speaker = quote.speaker if quote is not None else _reporter(tok, actors)
        roles = roles_for(tok, sense.type, non_agent_governors=lex.non_agent_governors)
        if not roles.source:  # a subject the parse hung elsewhere ("On 3 May, in X, gunmen shot ...")
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
        source = _ids(roles.source, actors, speaker)
        target = [a for a in _ids(roles.target, actors, speaker) if a not in source]
        if quote is not None and not source and tok.dep_ in ("ROOT", "ccomp") and _first_person_clause(tok):
            source = [quote.speaker] if quote.speaker else []
        agreement = self._agreement(pred, sense.type)
        # Both arguments present as phrases but not resolved to actors ("Beijing police detained 18
        # people"): still an event, coded with its argument phrases, but weaker evidence.
        no_target_needed = (sense.type in _INTRANSITIVE_TYPES or tok.lemma_.lower() in _RECIPROCAL_LEMMAS
                            or (agreement is not None and agreement >= 0.5)
                            # "demanded that control be taken away": the clause is what is said
                            or (sense.type in _VERBAL_TYPES and any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)))
        phrases = _has_phrase(roles.source) and (_has_phrase(roles.target) or no_target_needed)
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
        if not (source or target or phrases or (location and sense.type in _PLACE_ONLY_TYPES)):
            return None  # a meeting or a deal with nobody named is not an event we can code
        draft = _Draft(cand=cand, sense=sense, sent=sent, source=source, target=target,
                       source_tokens=roles.source, target_tokens=roles.target, location=location,
                       modality=modality(stopped[0] if stopped is not None else tok), quote=quote,
                       agreement=agreement, probe_only=probe_only,
                       source_from=roles.source_from, governor=roles.governor, generic=_generic(tok, lex), alleged=_alleged(tok, lex),
                       unresolved=unresolved and not (source or target),
                       trigger=stopped[0] if stopped is not None else None)
        if sense.type in self.lexicon.acled_types:  # type: ignore[union-attr]
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

    def _off_domain(self, d: _Draft, doc: Doc, doc_off_domain: Any) -> bool:
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

    def _doc_off_domain(self, doc: Doc) -> bool:
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
        return dom / n >= _DOMAIN_DOC_RATIO and vio * 4 < dom and sum(1 for _ in doc.sents) > 1

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

    def _evaluated_targets(self, drafts: list[_Draft]) -> None:
        """"X condemned the attack": once the attack has a known doer, that doer is what X condemns."""
        lex = self.lexicon
        assert lex is not None
        events_before: list[_Draft] = []
        for d in drafts:
            tok = d.token
            if d.sense.type in ("ACCUSE", "REJECT") and not d.target and tok.pos_ == "VERB" and not d.derived:
                for obj in (c for c in tok.children if c.dep_ == "dobj"):
                    cand = lex.candidate(obj)
                    if cand is None or not _definite(obj):
                        continue
                    types = {s.type for s in cand.senses}
                    ante = next((e for e in reversed(events_before)
                                 if e.sense.type in types and e.source and not e.generic), None)
                    if ante is not None:
                        d.target = [a for a in ante.source if a not in d.source]
            events_before.append(d)

    def _record(self, doc: Doc, d: _Draft) -> Event:
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
        elif _subordinate(tok):
            conf *= _SUBORDINATE_FACTOR
        trig_end = tok.idx + len(tok.text)
        trigger_text = tok.text
        if not d.derived and " " in d.cand.key and not d.cand.statement:
            # Show the particle with the verb ("called for") when it directly follows.
            nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ == d.cand.key.split()[-1] and nxt.head.i == tok.i:
                trig_end = nxt.idx + len(nxt.text)
                trigger_text = doc.text[tok.idx:trig_end]
        return Event(
            id=Event.make_id(doc._.article_id or "", tok.idx, trig_end, d.sense.type),
            type=d.sense.type, sentence=sent.text, start=sent.start_char, end=sent.end_char,
            trigger=trigger_text, trigger_start=tok.idx, trigger_end=trig_end, mode=d.sense.mode,
            context=self.lexicon.context_tags(sent),  # type: ignore[union-attr]
            acled_type=d.acled[0] if d.acled else None, acled_subtype=d.acled[1] if d.acled else None,
            quad_class=d.sense.quad, source=d.source, target=d.target, location=d.location,
            date=date, date_granularity=gran, date_from_publication=from_pub, modality=d.modality,
            confidence=round(max(0.0, min(1.0, conf)), 3), quote=d.quote.id if d.quote else None,
            killed=d.killed, injured=d.injured,
            source_spans=argument_spans(d.source_tokens),
            target_spans=argument_spans([t for t in d.target_tokens
                                         if d.sense.type not in _THING_TARGET_TYPES or _participant(t, doc)]),
        )


# -- helpers ---------------------------------------------------------------------------------
def _paragraphs(doc: Doc, sents: list[Span]) -> list[tuple[tuple[int, int], int]]:
    """(start, end) character span of each paragraph (sentences not split by a line break) and its
    number of sentences."""
    out: list[tuple[tuple[int, int], int]] = []
    text = doc.text
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


def _short_paragraph(sent: Span, paras: list[tuple[tuple[int, int], int]]) -> tuple[int, int] | None:
    """The span of the sentence's paragraph if it has 2 to _CONTEXT_MAX_SENTS sentences."""
    return next((p for p, n in paras if p[0] <= sent.start_char < p[1] and 2 <= n <= _CONTEXT_MAX_SENTS), None)


def _blend(pred: Any, ctx: Any, weight: float) -> Any:
    """The classifier's scores for a sentence mixed with those for its wider text."""
    labels = set(pred.scores) | set(ctx.scores)
    scores = {lab: (1 - weight) * pred.scores.get(lab, 0.0) + weight * ctx.scores.get(lab, 0.0) for lab in labels}
    best = max(scores, key=lambda lab: scores[lab])
    return type(pred)(best, scores[best], scores)


def _implicit_doers(doc: Doc, events: list[Event], iso3: Any, *, national: Any = None) -> None:
    """An attack or protest the text names no doer for ("a man was shot dead in X") gets the generic
    group standing for it in the country where it happened (``actors.implicit_doer``). Set after
    the confidence is computed: a presumed doer is no evidence for the event."""
    from .actors import implicit_doer

    for ev in events:
        if not ev.acled_type or ev.location is None or not ev.location.country or iso3 is None:
            continue
        if ev.source and not _organised_protest(doc, ev):
            continue
        cc3 = iso3(ev.location.country)
        force = _operating_force(doc, ev, cc3, national) if cc3 and not ev.source and ev.type == "ASSAULT" else None
        if force is not None:
            ev.source = [force]
            continue
        kind = "RIOT" if ev.type == "ASSAULT" and ev.acled_type == "Riots" else ev.type
        ident = implicit_doer(doc._.actors, kind, cc3) if cc3 else None
        if ident is not None and ident not in ev.target and ident not in ev.source:
            ev.source = [*ev.source, ident]


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


def _organised_protest(doc: Doc, ev: Event) -> bool:
    """A protest whose named doers are organisations, parties or people ("members of X protested",
    "X supporters rallied"): the crowd that protested is a doer too, after them (event coders code
    the crowd as the actor and the organiser as its associate). Not when a crowd is already named."""
    if ev.type != "PROTEST":
        return False
    actors = doc._.actors
    return not any(i.startswith("g:") and ((a := actors.get(i)) is None or a.sector in ("CVL", None))
                   for i in ev.source)


def _heading(sent: Span) -> set[int]:
    """Token indices of a category label before a colon that opens a sentence ("Arrests: On 4 May,
    police arrested ...", "Property destruction: ..."): it names the kind of report, it is no
    mention of its own; the clause after it is the event."""
    for tok in sent[:5]:
        if tok.text == ":":
            label = sent.doc[sent.start : tok.i]
            if label and tok.i + 1 < sent.end and not any(t.pos_ in ("VERB", "AUX") for t in label):
                return set(range(sent.start, tok.i))
            return set()
    return set()


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


def _story_locations(doc: Doc, events: list[Event]) -> None:
    """A violent, coercive or protest event still without a place happened where the story is: a
    place in its own argument phrases, else the place of the nearest earlier event of its paragraph,
    else the first specific place of the nearest earlier sentence of its paragraph that names one
    ("In X, residents protested ... The demonstrators blocked a road"). Set after the confidence
    is computed: a place carried over from another sentence is no evidence for the event."""
    places = _specific_places(doc)
    if not places:
        return
    text = doc.text

    def same_paragraph(a: int, b: int) -> bool:  # a story carries over sentences, not paragraphs
        return "\n" not in text[min(a, b) : max(a, b)]

    placed = sorted(events, key=lambda e: (e.start, e.trigger_start or 0))
    for k, ev in enumerate(placed):
        if ev.type not in _PLACED_TYPES or (ev.location is not None and not _broad(ev.location)):
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
                        and not _broad(e.location) and e.start <= ev.start and same_paragraph(e.start, ev.start)),
                       None)
        before = [p for p in places if p.start < ev.start and same_paragraph(p.start, ev.start)]
        if earlier is None and before:
            first_of_last = max(p.start for p in before)
            sent_start = max((s.start_char for s in doc.sents if s.start_char <= first_of_last), default=0)
            earlier = next(p for p in before if p.start >= sent_start)
        ev.location = earlier


def _ids(tokens: list[Token], actors: ActorIndex, speaker: str | None) -> list[str]:
    out: list[str] = []
    for t in tokens:
        # A pronoun the actors stage left unresolved: the noun the sentence shows it stands for.
        found = actors.for_token(t, speaker=speaker) or (
            actors.for_token(phrase_head(t), speaker=speaker) if t.pos_ == "PRON" else [])
        for a in found:
            if a not in out:
                out.append(a)
    return out


def _reporter(tok: Token, actors: ActorIndex) -> str | None:
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


def _reported_demand(verb: Token, quads: dict[str, int]) -> bool:
    """A clause someone is reported to say must happen ("X said Y must leave"): a REQUEST by X."""
    return "REQUEST" in quads and token_markers(verb) == "demanded" and bool(_reporter_phrase(verb))


def _demand_marker(verb: Token) -> Token | None:
    """The modal that makes ``verb`` demanded ("must", "should", "ought")."""
    return next((c for c in verb.children
                 if c.dep_ in ("aux", "auxpass") and c.lower_ in ("must", "should", "ought")), None)


def _reporter_phrase(tok: Token) -> list[Token]:
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


def _subordinate(tok: Token) -> bool:
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


def _clause_verb(sent: Span) -> Token | None:
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
_THING_TARGET_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "AID", "SUPPORT", "CONCEDE", "RETREAT",
                                 "MOBILIZE", "REQUEST", "SANCTION"})


def _participant(tok: Token, doc: Doc) -> bool:
    """A target phrase that names a party (an actor, a named entity, people) rather than a thing
    acted on ("signed *an agreement*", "demolished *the home*"): only parties are argument phrases."""
    start, end = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    if any(s < end and e > start for s, e, _ in doc._.actor_spans):
        return True
    return party_head(phrase_head(tok))


def _has_phrase(tokens: list[Token]) -> bool:
    """Some argument is a noun phrase, not a date or a bare pronoun."""
    heads = [phrase_head(t) for t in tokens]
    return any(t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("DATE", "TIME") for t in heads)


def _first_person_clause(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in tok.children)


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in tok.children)


def _generic(tok: Token, lex: EventLexicon) -> bool:
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


def _alleged(tok: Token, lex: EventLexicon) -> bool:
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


def _compatible_modes(a: _Draft, b: _Draft) -> bool:
    return a.sense.mode is None or b.sense.mode is None or a.sense.mode == b.sense.mode


def _antecedent(d: _Draft, kept: list[_Draft]) -> _Draft | None:
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
        if tok.pos_ == "NOUN" and _definite(tok) and not d.generic:
            own = d.source_from == "phrase" and d.source
            if not own or set(d.source) <= set(ante.source):
                if d.source and ante.source and not set(d.source) <= set(ante.source):
                    return None  # "the attack" claimed by someone else than the earlier doer
                return ante
    return None


def _nested(a: list[str], b: list[str]) -> bool:
    """One actor list contains the other (an empty list is contained in any)."""
    return set(a) <= set(b) or set(b) <= set(a)


def _strong_source(d: _Draft, light_verbs: frozenset[str]) -> bool:
    """The mention's doer is named by its own phrase, a responsibility claim or a support verb
    ("launched the attack"), not just by whatever verb it is an argument of ("referring to the attack")."""
    if d.source_from in ("phrase", "claim") or d.token.pos_ not in ("NOUN", "PROPN"):
        return True
    gov = d.governor
    if d.source_from != "governor" or gov is None:
        return False
    keys = {gov.lemma_.lower()} | {f"{gov.lemma_.lower()} {c.lower_}" for c in gov.children if c.dep_ == "prt"}
    return bool(keys & light_verbs)


def _fold_coreferent(drafts: list[_Draft], *, light_verbs: frozenset[str] = frozenset()) -> list[_Draft]:
    """Drop mentions of an event already extracted, giving their new details to the first mention."""
    kept: list[_Draft] = []
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


def _inherit_locations(drafts: list[_Draft]) -> None:
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


_PLACED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})


def _broad(place: Place) -> bool:
    code = place.feature_code or ""
    return code.startswith("PCL") or code in ("CONT", "RGN") or place.geonameid is None and place.feature_class == "A"


def _sentence_locations(drafts: list[_Draft], places: PlaceIndex) -> None:
    """A violent, coercive or protest event the parse left without a place happened, as news and
    notes write it, at the most specific place its sentence names ("killed two men ... in X town (Y)"),
    unless that place is one of its arguments. Countries and regions are too broad to be a location."""
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
        if (d.location is not None and country is None) or d.sense.type not in _PLACED_TYPES:
            continue
        args = args_by_sent.get(d.sent.start, set())
        for tok, place in places.in_span(d.sent):
            if tok.i not in args and not _broad(place) and (country is None or place.country == country.country):
                d.location = place
                break


def _mark_embedded(drafts: list[_Draft]) -> None:
    """Flag drafts whose trigger is below another draft's trigger in the parse."""
    for d in drafts:
        tok = d.token
        d.embedded = d.embedded or any(
            o is not d and o.token.i != tok.i and o.sense.type != d.sense.type and (
                o.token.is_ancestor(tok) or _light_host(o, tok))
            for o in drafts if not o.derived)


def _light_host(o: _Draft, tok: Token) -> bool:
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


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Fold a same-type trigger into the one governing it ("signed an agreement", "attacked ..., killing")."""
    kept: list[_Draft] = []
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


def _fold_purposes(drafts: list[_Draft]) -> list[_Draft]:
    """"staged rallies *to demand* X", "blocked roads *demanding* X": the demand is the protest's
    purpose, not a second event; the protest is aimed at whom the demand is."""
    protests = [d for d in drafts if d.sense.type == "PROTEST" and not d.derived]
    if not protests:
        return drafts
    out: list[_Draft] = []
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


def _governs(head: Token, tok: Token, d: _Draft) -> bool:
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


def _derived_requests(drafts: list[_Draft], actors: ActorIndex, quotes: list[Quote]) -> list[_Draft]:
    """"We must engage X" said by S: S makes a REQUEST (asserted); the engaging itself is demanded."""
    out: list[_Draft] = []
    have_request = any(d.sense.type == "REQUEST" for d in drafts)
    for d in drafts:
        tok = d.cand.token
        if have_request or d.modality != "demanded":
            continue
        demand_aux = _demanding_aux(tok)
        if demand_aux is None:
            continue
        speaker = d.quote.speaker if d.quote is not None else _reporter(tok, actors)
        # "A senior British minister reiterated that Libya must ...": the demand stands even when the
        # one voicing it resolves to no actor; its phrase is kept as the source.
        speaker_tokens = [] if speaker is not None else _reporter_phrase(tok)
        if speaker is None and not speaker_tokens:
            continue
        aux = demand_aux
        # "X said Y must return Z": X asks Y (the one who must act), not Z.
        asked = [a for a in d.source if a != speaker]
        asked_tokens = d.source_tokens if asked or not d.target else d.target_tokens
        req = _Draft(cand=d.cand, sense=TriggerSense("REQUEST", None, 0.6, 1), sent=d.sent,
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


def _derived_intents(drafts: list[_Draft], quads: dict[str, int]) -> list[_Draft]:
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
        return [_Draft(cand=d.cand, sense=sense, sent=d.sent, source=list(d.source), target=list(d.target),
                       source_tokens=d.source_tokens, target_tokens=d.target_tokens, location=d.location,
                       modality="asserted", quote=d.quote, agreement=d.agreement, trigger=marker, derived=True,
                       intent=True, unresolved=d.unresolved)]
    return []


# Verbs by which an authority puts a measure in force: a protest is staged, never imposed.
_IMPOSING_VERBS = frozenset({"impose", "reimpose", "tighten", "enforce", "extend", "reinforce"})


def _imposed_measures(drafts: list[_Draft], quads: dict[str, int]) -> None:
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


def _warnings_as_threats(drafts: list[_Draft], quads: dict[str, int]) -> None:
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


def _derived_refusals(drafts: list[_Draft], quads: dict[str, int]) -> list[_Draft]:
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
        return [_Draft(cand=d.cand, sense=sense, sent=d.sent, source=list(d.source), target=list(d.target),
                       source_tokens=d.source_tokens, target_tokens=d.target_tokens, location=d.location,
                       modality="asserted", quote=d.quote, agreement=None, trigger=marker, derived=True,
                       intent=True, unresolved=d.unresolved)]
    return []


@Language.factory("eventscope_events")
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent(nlp, name)
