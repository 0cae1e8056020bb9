"""Evaluation runners: run the pipeline (or classifier) over gold data and score it.

Heavy things come in as arguments: ``nlp`` is a pipeline built with
``eventscope.nlp.pipeline.build(Resources.load(...))``; a classifier is an
``EventClassifier``; the actor dictionary and gazetteer are the loaded resources.
Each runner returns a typed result whose ``to_dict()`` is the JSON the CLI prints.

Conventions (documented here once, used by every runner):

* **Main event** of a text: the event with the highest confidence; ties go to the earliest.
  For ACLED notes, the most confident event with an ACLED type, if there is one.
  A text with no event gets the label ``NONE`` (PLOVER) or quad class ``0`` (CAMEO).
* **PLOVER legacy types**: the gold file predates the 16-type PLOVER the pipeline emits, so
  gold labels are mapped first: DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE,
  FIGHT->ASSAULT (``PLOVER_LEGACY``).
* **Roles** (CAMEO BIO): the gold ``R`` (reciprocal) spans are left out of the gold set and a
  predicted span overlapping one is not counted either way; ``S``/``T`` are scored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, DataError
from ..records import Actor, Article, Event, RawArticle, _Record
from ..resources.actors import STATE_SECTORS
from .datasets import AcledItem, GeoDoc, LabelledText, PloverItem, TaggedSentence
from .metrics import (
    ClassificationReport,
    GeoScore,
    SpanScore,
    classification_report,
    geo_scores,
    haversine_km,
    match_spans,
    ner_scores,
    span_scores,
)

__all__ = [
    "EventEval",
    "RoleEval",
    "GeoEval",
    "NerEval",
    "PLOVER_LEGACY",
    "NER_LABEL_MAP",
    "main_event",
    "acled_main_event",
    "split_by_date",
    "eval_events",
    "eval_roles",
    "eval_geoparse",
    "eval_ner",
    "acled_actor_matches",
]

PLOVER_LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}

# spaCy OntoNotes labels -> CoNLL-2003 types; anything else (dates, numbers ...) is dropped.
NER_LABEL_MAP = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}


# Types whose later mention in a sentence is the harm done by the first (see :func:`main_event`).
_TOLD_TWICE = frozenset({"ASSAULT", "COERCE"})


def main_event(events: Sequence[Event]) -> Event | None:
    """The event with the highest confidence (earliest on ties), or None.

    What a request demands ("X said Y must hand over Z": the handing over) is the content of that
    request, not an event of its own: it gives way to the asserted REQUEST of its sentence.
    """
    if not events:
        return None
    requests = {e.start for e in events if e.type == "REQUEST" and e.modality == "asserted"}
    kept = [e for e in events if not (e.modality == "demanded" and e.start in requests)] or list(events)
    best = min(kept, key=lambda e: (-e.confidence, e.start, e.trigger_start or 0))
    # One attack told twice in a sentence ("X carried out air strikes in Y, *killing* Z"): the later
    # mention of the same type is the harm it did, and the first heads the sentence. (Not for other
    # types: in "went on strike *to protest* X" the later mention says what the first is for.)
    same = [e for e in kept if best.type in _TOLD_TWICE and e.start == best.start and e.type == best.type
            and e.modality == best.modality
            and (e.trigger_start or 0) < (best.trigger_start or 0)]
    return min(same, key=lambda e: e.trigger_start or 0) if same else best


# ACLED sub-types of its Protests and Riots event types: events whose actor is the crowd.
_CROWD_SUBTYPES = frozenset({"peaceful protest", "protest with intervention",
                             "excessive force against protesters", "violent demonstration", "mob violence"})


def acled_main_event(events: Sequence[Event], actors: Sequence[Actor] = ()) -> Event | None:
    """The main event of an ACLED note: the most confident event the pipeline coded with an ACLED
    type (a note reports one ACLED event; "said" or "demanded" around it are not that event),
    else the main event of all.

    A state force's coercion of a crowd whose protest or riot the note also reports ("protesters
    blocked the road; police dispersed them") is part of that crowd's event, as ACLED defines a
    protest with intervention or a riot: the crowd's event is the main one. ``actors`` (the
    article's) tell whose forces the coercion's doers are; without them the rule is skipped.
    """
    coded = [e for e in events if e.acled_subtype]
    main = main_event(coded) or main_event(events)
    if main is None or main.type != "COERCE" or not actors:
        return main
    sector = {a.id: a.sector for a in actors}
    if not any(sector.get(i) in STATE_SECTORS for i in main.source):
        return main
    crowd = [e for e in coded if e is not main and (e.acled_subtype or "").casefold() in _CROWD_SUBTYPES
             and e.type != "COERCE" and any(sector.get(i) not in STATE_SECTORS for i in e.source)]
    return main_event(crowd) or main


def _run(nlp: Any, texts: Iterable[str], *, batch_size: int) -> list[Article]:
    from ..nlp.pipeline import process

    return list(process(nlp, (RawArticle(text=t) for t in texts), batch_size=batch_size))


def _is_language(obj: Any) -> bool:
    return hasattr(obj, "pipe_names") and hasattr(obj, "pipe")


# ---------------------------------------------------------------- events


@dataclass
class EventEval(_Record):
    """Scores of ``eval events``: the classification report plus the ACLED extras."""

    format: str
    report: ClassificationReport
    n_no_event: int = 0  # texts where the pipeline found no event (pipeline-based formats)
    event_type_accuracy: float | None = None
    subtype_macro_f1: float | None = None
    subtype_weighted_f1: float | None = None
    actor1_match: float | None = None
    location_within_50km: float | None = None
    date_exact: float | None = None
    # ACLED with a pipeline: share of notes whose main event carries the gold sub-type (the label
    # users see on events), beside the classifier's reading of the whole note scored above.
    main_event_subtype_accuracy: float | None = None

    def to_dict(self) -> dict[str, Any]:
        rep = self.report.to_dict()
        out: dict[str, Any] = {"format": self.format}
        out.update({k: rep[k] for k in ("n", "accuracy", "macro_f1", "weighted_f1")})
        for k in (
            "n_no_event",
            "event_type_accuracy",
            "subtype_macro_f1",
            "subtype_weighted_f1",
            "actor1_match",
            "location_within_50km",
            "date_exact",
            "main_event_subtype_accuracy",
        ):
            v = getattr(self, k)
            if v is not None:
                out[k] = v
        out["per_class"] = rep["per_class"]
        out["labels"] = rep["labels"]
        out["confusion"] = rep["confusion"]
        out["top_confusions"] = [list(c) for c in self.report.top_confusions(3)]
        return out


def _classifier_of(nlp_or_classifier: Any, classifier: Any) -> Any:
    if classifier is not None:
        return classifier
    if hasattr(nlp_or_classifier, "predict"):
        return nlp_or_classifier
    if _is_language(nlp_or_classifier) and "eventscope_events" in nlp_or_classifier.pipe_names:
        found = getattr(nlp_or_classifier.get_pipe("eventscope_events"), "classifier", None)
        if found is not None:
            return found
    raise ConfigError("eval events needs an event classifier: pass classifier= or a pipeline built with one")


def eval_events(
    nlp_or_classifier: Any,
    items: Sequence[LabelledText] | Sequence[AcledItem] | Sequence[PloverItem],
    format: str,  # noqa: A002 - the CLI's --format
    *,
    classifier: Any = None,
    actors: Any = None,
    batch_size: int = 16,
) -> EventEval:
    """Score each text's main event against its gold label.

    ``acled``/``case``/``tsv``: the event classifier's label (CASE codes). For ``acled`` with a
    pipeline, also the main event's source actor, location and date against the ACLED row(s).
    ``plover``: the pipeline's main event PLOVER type. ``cameo``: its CAMEO quad class (0-4).
    """
    texts = [it.text for it in items]
    if format in ("acled", "case", "tsv"):
        clf = _classifier_of(nlp_or_classifier, classifier)
        preds = [p.label for p in clf.predict(texts)] if texts else []
        gold = [it.label for it in items]
        result = EventEval(format, classification_report(gold, preds))
        if format == "acled":
            _acled_extras(result, items, preds, nlp_or_classifier, actors=actors, batch_size=batch_size)  # type: ignore[arg-type]
        return result
    if format in ("plover", "cameo"):
        if not _is_language(nlp_or_classifier):
            raise ConfigError(f"eval events --format {format} needs the full pipeline, not a classifier")
        arts = _run(nlp_or_classifier, texts, batch_size=batch_size)
        mains = [main_event(a.events) for a in arts]
        if format == "plover":
            gold = [PLOVER_LEGACY.get(it.label, it.label) for it in items]
            preds = [m.type if m else "NONE" for m in mains]
        else:
            gold = [it.label for it in items]
            preds = [str(m.quad_class or 0) if m else "0" for m in mains]
        return EventEval(format, classification_report(gold, preds), n_no_event=sum(m is None for m in mains))
    raise DataError(f"unknown event data format {format!r}; use acled, case, tsv, plover or cameo")


def _acled_extras(
    result: EventEval, items: Sequence[AcledItem], preds: list[str], nlp: Any, *, actors: Any, batch_size: int
) -> None:
    from ..classify.labels import LABEL_NAMES, label_info

    def etype(label: str) -> str | None:
        return label_info(label).acled_event_type if label in LABEL_NAMES else None

    n = len(items)
    result.event_type_accuracy = (
        sum(etype(p) == it.event_type for p, it in zip(preds, items, strict=False)) / n if n else 0.0
    )
    # Sub-type scores over the ACLED sub-types present in the gold data: a non-ACLED prediction
    # (e.g. DIPLO) is an error but does not add a class of its own to the average.
    sub = classification_report([it.label for it in items], preds, labels=sorted({it.label for it in items}))
    result.subtype_macro_f1, result.subtype_weighted_f1 = sub.macro_f1, sub.weighted_f1
    if not _is_language(nlp):
        return  # classifier only: actor/location/date need the pipeline
    if actors is None and "eventscope_actors" in nlp.pipe_names:  # the dictionary its actor stage uses
        actors = getattr(nlp.get_pipe("eventscope_actors"), "actors", None)
    if actors is None:
        raise ConfigError("ACLED actor1_match needs the actor dictionary: pass actors=")
    arts = _run(nlp, [it.text for it in items], batch_size=batch_size)
    a_hits = l_hits = d_hits = no_event = s_hits = 0
    for it, art in zip(items, arts, strict=False):
        ev = acled_main_event(art.events, art.actors)
        if ev is None:
            no_event += 1
            continue
        s_hits += ev.acled_subtype is not None and ev.acled_subtype.casefold() == it.sub_event_type.casefold()
        by_id = {a.id: a for a in art.actors}
        srcs = [by_id.get(i) or Actor(id=i, name=i) for i in ev.source]
        a_hits += any(acled_actor_matches(a1, s, actors) for a1 in it.actor1 for s in srcs)
        loc = ev.location
        if loc is not None and loc.lat is not None and loc.lon is not None:
            l_hits += any(haversine_km(loc.lat, loc.lon, la, lo) <= 50.0 for la, lo in it.coords)
        d_hits += bool(ev.date) and str(ev.date)[:10] in it.dates
    result.n_no_event = no_event
    result.actor1_match = a_hits / n if n else 0.0
    result.location_within_50km = l_hits / n if n else 0.0
    result.date_exact = d_hits / n if n else 0.0
    result.main_event_subtype_accuracy = s_hits / n if n else 0.0


# ACLED's naming conventions for state and generic actors ("Military Forces of X (2014-) Faction").
_ACLED_STATE = [
    (re.compile(r"^military forces of (.+)$"), "MIL"),
    (re.compile(r"^police forces of (.+)$"), "COP"),
    (re.compile(r"^government of (.+)$"), "GOV"),
]
# "<group> (<country>)": ACLED's generic actors, by sector. Civilian crowds (protesters, rioters)
# are CVL; unnamed armed people (unidentified armed group, gang, communal militia) are REB.
_ACLED_GENERIC = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_GENERIC_WORDS_SECTOR = (
    (("protesters", "rioters", "civilians", "prisoners", "labour group", "labor group", "refugees/idps"), "CVL"),
    (("unidentified", "militia", "gang", "armed group", "islamist", "opposition rebels"), "REB"),
)


def _clean_acled_actor(name: str) -> str:
    name = re.sub(r"\(\d{4}-\d{0,4}\)", " ", name)  # regime years "(2014-)"
    return " ".join(name.split()).casefold()


def _country_iso3(name: str, actors: Any) -> str | None:
    entry = actors.match(name)
    if entry is not None and entry.kind == "state":
        return entry.country or entry.id
    return None


def _generic_sector(group: str) -> str | None:
    for words, sector in _GENERIC_WORDS_SECTOR:
        if any(w in group for w in words):
            return sector
    return None


def _acled_names(actor1: str) -> tuple[str, set[str]]:
    """The normalised ``actor1`` and the names it can be matched by: the whole, the part before a
    parenthesis, both sides of "NAF: United Armed Forces of Novorossiya", and the faction after
    regime years ("Military Forces of Yemen (2016-) Supreme Political Council")."""
    plain = " ".join(re.sub(r"\(\d{4}-\d{0,4}\)", " ", actor1).split())  # case kept: "NAF" is an acronym
    names = {plain, plain.split(" (")[0].strip()}
    names.update(p.strip() for p in plain.split(":") if p.strip())
    years = re.search(r"\(\d{4}-\d{0,4}\)\s*(.+)$", actor1)
    if years:
        names.add(" ".join(years.group(1).split()))
    # A branch named by its region, "Islamic State (Greater Sahara)": "Islamic State in the Greater
    # Sahara" as it is written in reports (a country in the parenthesis is handled as a location).
    branch = re.match(r"^(.+?) \(([^()]+)\)$", plain)
    if branch:
        names.update({f"{branch.group(1)} in {branch.group(2)}", f"{branch.group(1)} in the {branch.group(2)}"})
    return _clean_acled_actor(actor1), {n for n in names if n}


def _polity_forces(name: str, actor: Actor, actors: Any) -> bool:
    """Is ``actor`` the dictionary's entry for a polity outside ISO 3166, or forces named after it?"""
    entry = actors.match(name)
    if entry is None:
        return False
    if actor.id == entry.id:
        return True
    own = actors.get(actor.id) if actor.id else None
    return own is not None and own.kind == "military" and bool(
        re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", own.name.casefold()))


def acled_actor_matches(actor1: str, actor: Actor, actors: Any) -> bool:
    """Does a pipeline actor denote ACLED's ``actor1``?

    True when the dictionary resolves ``actor1`` (whole, before a parenthesis, either side of a
    colon, or the faction after regime years) to the actor's id; when the actor's names or
    aliases occur in those as whole words; or when ``actor1`` follows an ACLED state pattern
    ("Military Forces of X": the actor is X's military, or the state X itself; "Police Forces of
    X": X's police) or a generic one ("Protesters (X)", "Unidentified Armed Group (X)"): the
    actor is a group of that sector (civilians; armed people) located in country X. Only the
    actor the system produced is compared: nothing is inferred from the gold row.
    """
    clean, candidates = _acled_names(actor1)
    for c in candidates:
        entry = actors.match(c)
        if entry is not None and entry.id == actor.id:
            return True
    # "Police Forces of Myanmar (2016-) Border Guard Police": the state part is before the years.
    head = _clean_acled_actor(re.split(r"\(\d{4}-", actor1)[0]).split(" (")[0].strip()
    for pat, sector in _ACLED_STATE:
        m = pat.match(head)
        if m:
            iso3 = _country_iso3(m.group(1), actors)
            if not iso3:  # a polity outside ISO 3166 ("Military Forces of Artsakh"): its own entries
                return _polity_forces(m.group(1), actor, actors)
            if actor.country != iso3:
                return False
            faction = clean[len(head):]
            sectors = {sector, "COP"} if sector == "MIL" and ("police" in faction or "gendarmerie" in faction) else {sector}
            if actor.sector in sectors or actor.id in {f"{iso3}-{s}" for s in sectors}:
                return True
            return sector != "COP" and actor.id == iso3  # the state acting as a whole
    if clean.startswith("unidentified") and "(" not in clean:
        # "Unidentified Gang and/or Police Militia": a generic actor ACLED gives no country; any
        # unnamed group of that sector matches, named groups and state forces do not.
        return actor.id.startswith("g:") and actor.sector == _generic_sector(clean)
    generic = _ACLED_GENERIC.match(clean)
    sector = _generic_sector(generic.group(1)) if generic else None
    # Only a country in the parenthesis makes a generic actor; "Mayi Mayi Militia (Raia Mutomboki)"
    # and "Militia (Pro-Government)" name a faction or a side: matched by name below.
    iso3 = _country_iso3(generic.group(2), actors) if generic and sector is not None else None
    if generic and sector is not None and iso3 is not None:
        if actor.country:  # a located group: that sector (or that name) in that country
            return actor.country == iso3 and actor.kind in ("group", None) and (
                actor.sector == sector or actor.name.casefold() in generic.group(1))
        candidates = {generic.group(1)}  # unlocated: by its name alone ("protesters")
    names = {actor.name.casefold()}
    entry = actors.get(actor.id) if actor.id else None
    if entry is not None:
        names.update(a.casefold() for a in (entry.name, *entry.aliases))
    for nm in names:
        nm = " ".join(nm.split())
        if len(nm) < 3:
            continue
        if actor.kind == "state":  # "Islamic State (Afghanistan)" is no name of Afghanistan
            if any(nm == c.casefold() for c in candidates):
                return True
        elif any(re.search(rf"(?<!\w){re.escape(nm)}(?!\w)", c.casefold()) for c in candidates):
            return True
    return False


def split_by_date(
    items: Sequence[AcledItem], *, train_fraction: float = 0.6
) -> tuple[list[AcledItem], list[AcledItem]]:
    """Split ACLED items by date: the earliest days (about ``train_fraction``) train, the rest test.

    All items of one day fall on the same side, so no day is both trained on and scored.
    """
    days = sorted({it.date for it in items})
    if len(days) < 2:
        raise DataError("cannot split by date: the data covers fewer than two days")
    counts = {d: sum(it.date == d for it in items) for d in days}
    total, acc, cut = len(items), 0, days[-1]
    for d in days[:-1]:
        acc += counts[d]
        if acc >= train_fraction * total:
            cut = days[days.index(d) + 1]
            break
    return [it for it in items if it.date < cut], [it for it in items if it.date >= cut]


# ---------------------------------------------------------------- roles


@dataclass
class RoleEval(_Record):
    """Source/target span scores on CAMEO BIO sentences (``match``: exact or overlap)."""

    n: int
    match: str
    precision: float
    recall: float
    f1: float
    source: SpanScore
    target: SpanScore
    overlap: SpanScore  # the same over both roles with overlap matching, for reference
    n_no_event: int = 0
    n_reciprocal_skipped: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "match": self.match,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "source": _prf_dict(self.source),
            "target": _prf_dict(self.target),
            "overlap": _prf_dict(self.overlap),
            "n_no_event": self.n_no_event,
            "n_reciprocal_skipped": self.n_reciprocal_skipped,
        }


def _prf_dict(s: SpanScore) -> dict[str, Any]:
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "tp": s.tp,
        "n_pred": s.n_pred,
        "n_gold": s.n_gold,
    }


def _token_span(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    toks = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    return (toks[0], toks[-1] + 1) if toks else None


def _role_spans(art: Article, ev: Event, offsets: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Token spans of the main event's source (S) and target (T) argument phrases
    (``Event.source_spans``/``target_spans``); for an event without them, one mention of each actor."""
    by_id = {a.id: a for a in art.actors}
    anchor = ev.trigger_start if ev.trigger_start is not None else ev.start
    out = []
    for role, ids, phrases in (("S", ev.source, ev.source_spans), ("T", ev.target, ev.target_spans)):
        if phrases:
            for s, e in phrases:
                span = _token_span(offsets, s, e)
                if span is not None:
                    out.append((*span, role))
            continue
        for aid in ids:
            actor = by_id.get(aid)
            if actor is None:
                continue
            mentions = [m for m in actor.mentions if ev.start <= m[0] and m[1] <= ev.end] or actor.mentions
            if not mentions:
                continue
            s, e = min(mentions, key=lambda m: (abs(m[0] - anchor), m[0]))
            span = _token_span(offsets, s, e)
            if span is not None:
                out.append((*span, role))
    return out


def eval_roles(
    nlp: Any, sentences: Sequence[TaggedSentence], *, match: str = "exact", batch_size: int = 32
) -> RoleEval:
    """Main-event source/target actor spans against CAMEO S/T spans (token level)."""
    # Running text, not the tokens joined by spaces: the parser misreads "Japan ’ s government".
    texts = [s.detokenized() for s in sentences]
    arts = _run(nlp, [t for t, _ in texts], batch_size=batch_size)
    gold_all, pred_all = [], []
    no_event = skipped = 0
    for sent, (_, offsets), art in zip(sentences, texts, arts, strict=False):
        spans = sent.spans()
        recip = [(s, e) for s, e, t in spans if t == "R"]
        gold = [sp for sp in spans if sp[2] in ("S", "T")]
        ev = main_event(art.events)
        pred = _role_spans(art, ev, offsets) if ev else []
        no_event += ev is None
        kept = [p for p in pred if not any(p[0] < e and p[1] > s for s, e in recip)]
        skipped += len(recip)
        gold_all.append(gold)
        pred_all.append(kept)
    main = span_scores(gold_all, pred_all, match=match)
    over = span_scores(gold_all, pred_all, match="overlap")
    empty = SpanScore(0.0, 0.0, 0.0, 0, 0, 0)
    return RoleEval(
        n=len(sentences),
        match=match,
        precision=main.precision,
        recall=main.recall,
        f1=main.f1,
        source=main.per_type.get("S", empty),
        target=main.per_type.get("T", empty),
        overlap=over,
        n_no_event=no_event,
        n_reciprocal_skipped=skipped,
    )


# ---------------------------------------------------------------- geoparsing


@dataclass
class GeoEval(_Record):
    """Toponym recognition (span overlap) and resolution scores."""

    n_docs: int
    n_gold: int  # gold toponyms scored for recognition
    toponym_precision: float
    toponym_recall: float
    toponym_f1: float
    end_to_end: GeoScore  # over gold toponyms with coordinates; not found = maximum error
    resolved: GeoScore  # over gold toponyms with coordinates that were found
    gold_spans: GeoScore | None = None  # resolution alone on gold names (--gold-spans)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n_docs": self.n_docs,
            "n_gold": self.n_gold,
            "toponym_precision": self.toponym_precision,
            "toponym_recall": self.toponym_recall,
            "toponym_f1": self.toponym_f1,
            "n_with_coords": self.end_to_end.n,
            "acc_161km": self.end_to_end.acc_161km,
            "median_error_km": self.end_to_end.median_error_km,
            "auc": self.end_to_end.auc,
            "n_found": self.resolved.n,
            "acc_161km_resolved": self.resolved.acc_161km,
            "median_error_km_resolved": self.resolved.median_error_km,
        }
        if self.gold_spans is not None:
            out.update(
                {
                    "gold_spans_acc_161km": self.gold_spans.acc_161km,
                    "gold_spans_median_error_km": self.gold_spans.median_error_km,
                    "gold_spans_auc": self.gold_spans.auc,
                }
            )
        return out


def _coords_of(obj: Any) -> tuple[float, float] | None:
    if obj is None:
        return None
    lat, lon = getattr(obj, "lat", None), getattr(obj, "lon", None)
    return (lat, lon) if lat is not None and lon is not None else None


def _scored_places(doc: GeoDoc, art: Article, gazetteer: Any) -> list[Any]:
    """The article's places, plus its demonyms as places of their country when the corpus tags
    demonyms as toponyms (``GeoDoc.demonyms``: LGL, TR-News)."""
    if not doc.demonyms or gazetteer is None:
        return list(art.places)
    from ..nlp.places import demonym_places

    extra = demonym_places(art.entities, gazetteer=gazetteer, exclude=[(p.start, p.end) for p in art.places])
    return sorted([*art.places, *extra], key=lambda p: p.start)


def eval_geoparse(
    nlp: Any,
    docs: Sequence[GeoDoc],
    *,
    gold_spans: bool = False,
    gazetteer: Any = None,
    resolver: Callable[..., Any] | None = None,
    batch_size: int = 8,
) -> GeoEval:
    """Run the pipeline on each document and score its places against the gold toponyms.

    With ``gold_spans``, also resolve the gold place names alone, all of a document together with
    ``eventscope.nlp.places.resolve_spans`` (``resolver(name, context_countries=..., gazetteer=...)``
    replaces it, one name at a time, e.g. to compare resolution strategies).
    """
    arts = _run(nlp, [d.text for d in docs], batch_size=batch_size)
    if gazetteer is None and _is_language(nlp) and "eventscope_places" in nlp.pipe_names:
        gazetteer = nlp.get_pipe("eventscope_places").gazetteer
    gold_all, pred_all = [], []
    e2e: list[float | None] = []
    found: list[float | None] = []
    alone: list[float | None] = []
    if gold_spans and resolver is None and gazetteer is None:
        raise ConfigError("eval geoparse --gold-spans needs the gazetteer: pass gazetteer=")
    for doc, art in zip(docs, arts, strict=False):
        places = _scored_places(doc, art, gazetteer)
        gold = [(t.start, t.end, None) for t in doc.toponyms]
        pred = [(p.start, p.end, None) for p in places]
        gold_all.append(gold)
        pred_all.append(pred)
        pairs = dict(match_spans(gold, pred, match="overlap"))
        located = [t for t in doc.toponyms if t.has_coords]
        for i, top in enumerate(doc.toponyms):
            if not top.has_coords:
                continue
            j = pairs.get(i)
            xy = _coords_of(places[j]) if j is not None else None
            err = haversine_km(top.lat, top.lon, *xy) if xy else None  # type: ignore[arg-type]
            e2e.append(err)
            if j is not None:
                found.append(err)
        if gold_spans:
            # The resolution step alone: all gold names of the document resolved together, as the
            # places stage resolves the mentions it finds (shared context, "City, State" qualifiers).
            if resolver is not None:
                countries = sorted({p.country for p in art.places if p.country})
                entries = [resolver(t.name, context_countries=countries, gazetteer=gazetteer) for t in located]
            else:
                from ..nlp.places import resolve_spans

                entries = resolve_spans(doc.text, [(t.start, t.end) for t in located], gazetteer=gazetteer)
            for top, res in zip(located, entries, strict=True):
                xy = _coords_of(res)
                alone.append(haversine_km(top.lat, top.lon, *xy) if xy else None)  # type: ignore[arg-type]
    rec = span_scores(gold_all, pred_all, match="overlap")
    return GeoEval(
        n_docs=len(docs),
        n_gold=rec.n_gold,
        toponym_precision=rec.precision,
        toponym_recall=rec.recall,
        toponym_f1=rec.f1,
        end_to_end=geo_scores(e2e),
        resolved=geo_scores(found),
        gold_spans=geo_scores(alone) if gold_spans else None,
    )


# ---------------------------------------------------------------- NER


def _conll_start(ent: Any) -> int:
    """CoNLL-2003 spans never include a leading determiner ("the United States" is "United States")."""
    if len(ent) > 1 and ent[0].lower_ == "the":
        return int(ent.start) + 1
    return int(ent.start)


@dataclass
class NerEval(_Record):
    n: int
    precision: float
    recall: float
    f1: float
    per_type: dict[str, SpanScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "per_type": {k: _prf_dict(v) for k, v in self.per_type.items()},
        }


_LATER_STAGES = (
    "eventscope_actors",
    "eventscope_places",
    "eventscope_dates",
    "eventscope_quotes",
    "eventscope_events",
)


def eval_ner(
    nlp: Any,
    sentences: Sequence[TaggedSentence],
    *,
    batch_size: int = 64,
    label_map: dict[str, str] | None = None,
) -> NerEval:
    """Entity-level exact match on CoNLL sentences, model labels mapped by ``NER_LABEL_MAP``.

    The sentences keep their gold tokenisation (a Doc is built from the tokens); the stages
    after ``eventscope_entities`` are skipped since they do not change ``doc.ents``.
    """
    from spacy.tokens import Doc

    mapping = label_map or NER_LABEL_MAP
    disable = [n for n in _LATER_STAGES if n in nlp.pipe_names]
    docs = (Doc(nlp.vocab, words=s.tokens) for s in sentences)
    gold_all, pred_all = [], []
    for sent, doc in zip(sentences, nlp.pipe(docs, batch_size=batch_size, disable=disable), strict=False):
        gold_all.append(sent.spans())
        pred_all.append([(_conll_start(e), e.end, mapping[e.label_]) for e in doc.ents if e.label_ in mapping])
    s = ner_scores(gold_all, pred_all, types=("PER", "ORG", "LOC"))
    return NerEval(n=len(sentences), precision=s.precision, recall=s.recall, f1=s.f1, per_type=s.per_type)
