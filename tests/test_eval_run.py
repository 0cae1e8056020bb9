"""Evaluation runners on a blank spaCy pipeline with a fake stage (no model, no resources)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventscope.errors import ConfigError
from eventscope.evaluate import run
from eventscope.evaluate.datasets import (
    AcledItem,
    GeoDoc,
    GoldToponym,
    LabelledText,
    PloverItem,
    TaggedSentence,
)
from eventscope.nlp.extensions import register_extensions
from eventscope.records import Actor, Event, Place

# A tiny world: words the fake stage knows.
PLACES = {"Kabul": (34.53, 69.17, "AF"), "Paris": (48.86, 2.35, "FR"), "Lyon": (45.76, 4.83, "FR")}
VERBS = {"attacked": ("ASSAULT", 4), "praised": ("SUPPORT", 1), "urged": ("REQUEST", 3)}
PEOPLE = {"Aland", "Bland", "Cland"}


@Language.component("fake_eventscope_stage")
def fake_stage(doc: Doc) -> Doc:
    """Writes what the real stages would: ents, actors, places, one event per known verb."""
    ents, actors, places, events = [], {}, [], []
    for tok in doc:
        if tok.text in PEOPLE:
            ents.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
            actors[tok.text] = Actor(
                id=tok.text,
                name=tok.text,
                country="AFG",
                sector="MIL",
                mentions=[[tok.idx, tok.idx + len(tok)]],
            )
        elif tok.text in PLACES:
            ents.append(Span(doc, tok.i, tok.i + 1, label="GPE"))
            lat, lon, cc = PLACES[tok.text]
            places.append(
                Place(name=tok.text, start=tok.idx, end=tok.idx + len(tok), lat=lat, lon=lon, country=cc)
            )
    doc.ents = ents
    names = [t for t in doc if t.text in PEOPLE]
    for tok in doc:
        if tok.text in VERBS:
            typ, quad = VERBS[tok.text]
            src = [t.text for t in names if t.i < tok.i][-1:]
            tgt = [t.text for t in names if t.i > tok.i][:1]
            events.append(
                Event(
                    id=Event.make_id(doc._.article_id or doc.text, tok.idx, tok.idx, typ),
                    type=typ,
                    sentence=doc.text,
                    start=0,
                    end=len(doc.text),
                    trigger=tok.text,
                    trigger_start=tok.idx,
                    quad_class=quad,
                    source=src,
                    target=tgt,
                    location=places[0] if places else None,
                    date="2020-05-01",
                    confidence=0.9 if tok.i < 3 else 0.5,
                )
            )
    doc._.actors, doc._.places, doc._.events = actors, places, events
    return doc


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("fake_eventscope_stage")
    return nlp


@dataclass
class Pred:
    label: str
    confidence: float = 1.0


class KeywordClassifier:
    """Fake EventClassifier: a label by keyword."""

    def predict(self, texts: list[str]) -> list[Pred]:
        return [
            Pred("ARMED_CLASH" if "clash" in t else "PEACE_PROTEST" if "protest" in t else "DIPLO")
            for t in texts
        ]


@dataclass
class Entry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "state"
    country: str | None = None


class FakeActors:
    def __init__(self) -> None:
        self._e = {
            "afghanistan": Entry("AFG", "Afghanistan", country="AFG"),
            "aland": Entry("Aland", "Aland", kind="person"),
        }

    def match(self, text: str) -> Entry | None:
        return self._e.get(text.casefold().strip())

    def get(self, actor_id: str) -> Entry | None:
        return next((e for e in self._e.values() if e.id == actor_id), None)


def test_main_event_picks_confidence_then_position() -> None:
    a = Event(id="a", type="X", sentence="", start=5, end=9, confidence=0.5)
    b = Event(id="b", type="Y", sentence="", start=9, end=12, confidence=0.9)
    c = Event(id="c", type="Z", sentence="", start=1, end=4, confidence=0.5)
    assert run.main_event([a, b, c]) is b
    assert run.main_event([a, c]) is c
    assert run.main_event([]) is None


def test_main_event_prefers_the_request_over_what_it_demands() -> None:
    # "X said Libya must hand over the suspects": the REQUEST is the event, the handing over its content.
    demanded = Event(id="d", type="RETREAT", sentence="", start=0, end=40, confidence=0.5, modality="demanded")
    request = Event(id="r", type="REQUEST", sentence="", start=0, end=40, confidence=0.4)
    assert run.main_event([demanded, request]) is request
    elsewhere = Event(id="e", type="REQUEST", sentence="", start=50, end=60, confidence=0.3)
    assert run.main_event([demanded, elsewhere]) is demanded


def test_acled_main_event_is_the_crowds_when_police_intervene() -> None:
    # "Workers protested in X; police dispersed them": ACLED codes one protest with intervention,
    # whose actor is the crowd; the dispersal alone is not the note's event.
    protest = Event(id="p", type="PROTEST", sentence="", start=0, end=30, confidence=0.6,
                    source=["g:worker@XYZ"], acled_subtype="Peaceful protest")
    disperse = Event(id="d", type="COERCE", sentence="", start=31, end=60, confidence=0.8, source=["XYZ-COP"],
                     acled_subtype="Protest with intervention")
    workers = Actor(id="g:worker@XYZ", name="workers", sector="CVL")
    actors = [workers, Actor(id="XYZ-COP", name="police", sector="COP")]
    assert run.acled_main_event([protest, disperse], actors) is protest
    assert run.acled_main_event([protest, disperse]) is disperse  # without the actors, no rule
    # A rebel group's coercion is its own event; so is a police action with no crowd event beside it.
    rebels = [workers, Actor(id="XYZ-COP", name="rebels", sector="REB")]
    assert run.acled_main_event([protest, disperse], rebels) is disperse
    assert run.acled_main_event([disperse], actors) is disperse


def test_eval_events_case_with_classifier() -> None:
    items = [
        LabelledText("1", "a clash broke out", "ARMED_CLASH"),
        LabelledText("2", "a protest", "PEACE_PROTEST"),
        LabelledText("3", "talks held", "AGREEMENT"),
    ]
    res = run.eval_events(KeywordClassifier(), items, "case")
    d = res.to_dict()
    assert d["n"] == 3 and d["accuracy"] == pytest.approx(2 / 3)
    assert d["per_class"]["AGREEMENT"]["recall"] == 0.0
    assert d["top_confusions"] == [["AGREEMENT", "DIPLO", 1]]
    with pytest.raises(ConfigError):
        run.eval_events(object(), items, "case")


def test_eval_events_acled_extras(nlp: Language) -> None:
    items = [
        AcledItem(
            "1",
            "Aland attacked Bland in Kabul during a clash .",
            "ARMED_CLASH",
            "Battles",
            "Armed clash",
            actor1=["Military Forces of Afghanistan (2014-)"],
            coords=[(34.6, 69.2)],
            dates=["2020-05-01"],
        ),
        AcledItem(
            "2",
            "Cland praised Bland in Paris at a protest .",
            "PEACE_PROTEST",
            "Protests",
            "Peaceful protest",
            actor1=["Protesters (France)"],
            coords=[(34.5, 69.1)],
            dates=["2020-05-02"],
        ),
        AcledItem(
            "3",
            "Nothing happened .",
            "ATTACK",
            "Violence against civilians",
            "Attack",
            actor1=["Aland"],
            coords=[(0, 0)],
            dates=["2020-05-01"],
        ),
    ]
    res = run.eval_events(nlp, items, "acled", classifier=KeywordClassifier(), actors=FakeActors())
    assert res.event_type_accuracy == pytest.approx(2 / 3)  # DIPLO has no ACLED type
    # item 1: AFG + MIL matches "Military Forces of Afghanistan"; item 2: Cland is not a protester
    assert res.actor1_match == pytest.approx(1 / 3)
    assert res.location_within_50km == pytest.approx(1 / 3)  # Kabul near; Paris far; no event
    assert res.date_exact == pytest.approx(1 / 3)
    assert res.n_no_event == 1
    # sub-type averages ignore the predicted-only DIPLO class
    assert res.subtype_macro_f1 == pytest.approx(2 / 3) and res.report.macro_f1 == pytest.approx(0.5)


def test_acled_actor_matches_by_name_and_pattern() -> None:
    actors = FakeActors()
    mil = Actor(id="AFG-MIL", name="Afghanistan military", country="AFG", sector="MIL")
    assert run.acled_actor_matches("Military Forces of Afghanistan (2014-)", mil, actors)
    assert not run.acled_actor_matches("Police Forces of Afghanistan (2014-)", mil, actors)
    taliban = Actor(id="u:taliban", name="Taliban")
    assert run.acled_actor_matches("Taliban", taliban, actors)
    assert not run.acled_actor_matches("Civilians (Afghanistan)", taliban, actors)
    protesters = Actor(id="u:protesters", name="protesters")
    assert run.acled_actor_matches("Protesters (Afghanistan)", protesters, actors)


def test_eval_events_plover_and_cameo(nlp: Language) -> None:
    plover = [
        PloverItem("1", "Aland urged Bland to talk .", "DEMAND"),
        PloverItem("2", "Aland attacked Bland .", "FIGHT"),
        PloverItem("3", "Aland slept .", "CONSULT"),
    ]
    res = run.eval_events(nlp, plover, "plover")
    assert res.report.accuracy == pytest.approx(2 / 3) and res.n_no_event == 1
    assert "NONE" in res.report.labels
    cameo = [
        LabelledText("1", "Aland praised Bland .", "1"),
        LabelledText("2", "Aland slept .", "0"),
        LabelledText("3", "Aland urged Bland .", "4"),
    ]
    res = run.eval_events(nlp, cameo, "cameo")
    assert res.report.accuracy == pytest.approx(2 / 3)
    assert res.report.confusion[res.report.labels.index("4")][res.report.labels.index("3")] == 1
    with pytest.raises(ConfigError):
        run.eval_events(KeywordClassifier(), cameo, "cameo")


def test_eval_roles(nlp: Language) -> None:
    sents = [
        TaggedSentence(["Aland", "attacked", "Bland", "."], ["B-S", "O", "B-T", "O"]),
        TaggedSentence(["the", "Aland", "praised", "Bland"], ["B-S", "I-S", "O", "B-R"]),
        TaggedSentence(["Cland", "slept", "."], ["B-S", "O", "O"]),
    ]
    res = run.eval_roles(nlp, sents)
    # gold S: 3, T: 1; predicted S: 2 (Aland twice), T: Bland once + Bland-in-R skipped
    assert (res.source.tp, res.source.n_pred, res.source.n_gold) == (1, 2, 3)
    assert (res.target.tp, res.target.n_gold) == (1, 1)
    assert res.precision == pytest.approx(2 / 3) and res.recall == pytest.approx(2 / 4)
    assert res.overlap.tp == 3  # "Aland" inside "the Aland"
    assert res.n_no_event == 1 and res.n_reciprocal_skipped == 1
    assert res.to_dict()["source"]["n_gold"] == 3


def test_eval_geoparse(nlp: Language) -> None:
    text = "Fighting in Kabul and Lyon , not Springfield ."
    docs = [
        GeoDoc(
            "d",
            text,
            [
                GoldToponym("Kabul", 12, 17, 34.52, 69.18),
                GoldToponym("Lyon", 22, 26, 45.0, -70.0),  # gold says a far-away Lyon
                GoldToponym("Springfield", 33, 44, 39.8, -89.6),
                GoldToponym("Fighting", 0, 8),  # recognition only (no coords)
            ],
        )
    ]
    res = run.eval_geoparse(nlp, docs)
    assert (res.toponym_precision, res.toponym_recall) == pytest.approx((1.0, 0.5))
    assert res.end_to_end.n == 3 and res.end_to_end.acc_161km == pytest.approx(1 / 3)
    assert res.resolved.n == 2 and res.resolved.acc_161km == pytest.approx(0.5)

    def resolver(name: str, *, context_countries: list[str], gazetteer: object) -> Place | None:
        assert context_countries == ["AF", "FR"]
        return Place(name=name, start=0, end=0, lat=39.8, lon=-89.6) if name == "Springfield" else None

    res = run.eval_geoparse(nlp, docs, gold_spans=True, resolver=resolver)
    assert res.gold_spans is not None and res.gold_spans.acc_161km == pytest.approx(1 / 3)
    assert res.to_dict()["gold_spans_acc_161km"] == pytest.approx(1 / 3)
    with pytest.raises(ConfigError):
        run.eval_geoparse(nlp, docs, gold_spans=True)


def test_eval_ner_maps_labels(nlp: Language) -> None:
    sents = [
        TaggedSentence(["Aland", "visited", "Paris", "."], ["B-PER", "O", "B-LOC", "O"]),
        TaggedSentence(["Bland", "Corp", "in", "Lyon"], ["B-ORG", "I-ORG", "O", "B-LOC"]),
    ]
    res = run.eval_ner(nlp, sents)
    # predicted: PER Aland, LOC Paris, PER Bland, LOC Lyon -> 3 of 4 right, ORG missed
    assert (res.precision, res.recall) == pytest.approx((0.75, 0.75))
    assert res.per_type["ORG"].recall == 0.0 and res.per_type["LOC"].f1 == 1.0
    assert res.to_dict()["per_type"]["PER"]["n_pred"] == 2


def test_split_by_date() -> None:
    items = [
        AcledItem(str(i), f"t{i}", "ATTACK", "Violence against civilians", "Attack", dates=[d])
        for i, d in enumerate(["2020-04-27"] * 3 + ["2020-04-28"] * 3 + ["2020-04-29"] * 4)
    ]
    train, test = run.split_by_date(items, train_fraction=0.6)
    assert [len(train), len(test)] == [6, 4]
    assert max(i.date for i in train) < min(i.date for i in test)


@pytest.mark.parametrize("n_process", [1, 2])
def test_bench_pipeline_counts_and_stores(nlp: Language, n_process: int) -> None:
    from eventscope.evaluate.bench import bench_pipeline

    texts = [f"Aland attacked Bland in Kabul on day {i} ." for i in range(12)]
    res = bench_pipeline(texts, nlp_full=nlp, nlp_base=spacy.blank("en"), n_process=n_process, batch_size=4)
    assert res.n_docs == 12 and res.n_words == 12 * 9
    assert res.n_events == 12  # every text yields one event, returned from the workers too
    assert res.pipeline_words_per_s > 0 and res.baseline_words_per_s > 0
    assert res.ratio == pytest.approx(res.pipeline_words_per_s / res.baseline_words_per_s)
    assert res.peak_rss_mb > 0 and res.to_dict()["n_process"] == n_process


class AcledActors(FakeActors):
    """States plus two groups, one known by a faction name ACLED writes after regime years."""

    def __init__(self) -> None:
        super().__init__()
        self._e.update({
            "india": Entry("IND", "India", country="IND"),
            "yemen": Entry("YEM", "Yemen", country="YEM"),
            "houthis": Entry("houthis", "Houthis", ("Supreme Political Council",), kind="armed_group", country="YEM"),
            "supreme political council": Entry("houthis", "Houthis", kind="armed_group", country="YEM"),
            "NAF": Entry("naf", "United Armed Forces of Novorossiya", kind="armed_group", country="UKR"),
        })

    def match(self, text: str) -> Entry | None:  # acronyms keep their case
        return self._e.get(text.strip()) or self._e.get(text.casefold().strip())


def test_acled_actor_matches_generic_groups_by_sector_and_country() -> None:
    actors = AcledActors()
    locals_in = Actor(id="g:local@IND", name="locals", kind="group", country="IND", sector="CVL")
    assert run.acled_actor_matches("Protesters (India)", locals_in, actors)
    assert run.acled_actor_matches("Rioters (India)", locals_in, actors)
    assert not run.acled_actor_matches("Protesters (Afghanistan)", locals_in, actors)  # wrong country
    assert not run.acled_actor_matches("Unidentified Armed Group (India)", locals_in, actors)  # wrong sector
    gunmen = Actor(id="g:gunman@AFG", name="gunmen", kind="group", country="AFG", sector="REB")
    assert run.acled_actor_matches("Unidentified Armed Group (Afghanistan)", gunmen, actors)
    assert not run.acled_actor_matches("Protesters (Afghanistan)", gunmen, actors)
    # a named armed group is not an unidentified one
    taliban = Actor(id="taliban", name="Taliban", kind="armed_group", country="AFG", sector="REB")
    assert not run.acled_actor_matches("Unidentified Armed Group (Afghanistan)", taliban, actors)
    # a group with no country cannot match by country; by its own name it still can
    assert not run.acled_actor_matches("Protesters (India)", Actor(id="g:local", name="locals", sector="CVL"), actors)
    assert run.acled_actor_matches("Protesters (India)", Actor(id="g:protester", name="protesters"), actors)
    assert not run.acled_actor_matches(
        "Protesters (India)", Actor(id="g:protester@AFG", name="protesters", country="AFG"), actors)


def test_acled_actor_matches_factions_and_state_forces() -> None:
    actors = AcledActors()
    houthis = Actor(id="houthis", name="Houthis", kind="armed_group", country="YEM", sector="REB")
    assert run.acled_actor_matches("Military Forces of Yemen (2016-) Supreme Political Council", houthis, actors)
    assert not run.acled_actor_matches("Military Forces of Yemen (2012-)", houthis, actors)
    naf = Actor(id="naf", name="United Armed Forces of Novorossiya", kind="armed_group", country="UKR")
    assert run.acled_actor_matches("NAF: United Armed Forces of Novorossiya", naf, actors)
    # "Police Forces of India (2014-) Border Guard": the state part is before the years
    police = Actor(id="IND-COP", name="India police", country="IND", sector="COP")
    assert run.acled_actor_matches("Police Forces of India (2014-) Border Guard", police, actors)
    assert run.acled_actor_matches("Military Forces of India (2014-) Gendarmerie", police, actors)
    assert not run.acled_actor_matches("Military Forces of India (2014-)", police, actors)
    # the state itself acts through its military or government, not as police
    india = Actor(id="IND", name="India", kind="state", country="IND")
    assert run.acled_actor_matches("Military Forces of India (2014-)", india, actors)
    assert not run.acled_actor_matches("Police Forces of India (2014-)", india, actors)


@Language.component("fake_record_inputs")
def record_inputs(doc: Doc) -> Doc:
    """Remembers what the pipeline was given besides the text."""
    SEEN.append({"published": doc._.published, "title": getattr(doc._, "title", None)})
    return doc


SEEN: list[dict] = []


def test_acled_scoring_gives_the_system_only_the_note_text() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("fake_record_inputs")
    nlp.add_pipe("fake_eventscope_stage")
    SEEN.clear()
    item = AcledItem("1", "Aland attacked Bland in Kabul .", "ATTACK", "Violence against civilians", "Attack",
                     actor1=["Aland"], coords=[(34.5, 69.2)], dates=["2020-05-03"], country="Afghanistan",
                     location="Kabul")
    res = run.eval_events(nlp, [item], "acled", classifier=KeywordClassifier(), actors=FakeActors())
    assert SEEN == [{"published": None, "title": None}]  # no event_date, source or country leaks in
    assert res.date_exact == 0.0  # the fake stage dates its events 2020-05-01; the gold date is not used


def test_acled_actor_matches_branches_polities_and_countryless_generics() -> None:
    actors = AcledActors()
    actors._e.update({
        "islamic state in the greater sahara": Entry("issp", "Islamic State Sahel Province", kind="armed_group"),
        "artsakh": Entry("artsakh", "Republic of Artsakh", kind="government"),
    })
    # "Group (Region)" is ACLED's way to write "Group in the Region"
    issp = Actor(id="issp", name="Islamic State Sahel Province", kind="armed_group", sector="REB")
    assert run.acled_actor_matches("Islamic State (Greater Sahara)", issp, actors)
    # the forces of a polity outside ISO 3166 are its own entry, never a neighbour's military
    assert run.acled_actor_matches("Military Forces of Artsakh (2007-)", Actor(id="artsakh", name="Artsakh"), actors)
    aze = Actor(id="AZE-MIL", name="Azerbaijan military", country="AZE", sector="MIL")
    assert not run.acled_actor_matches("Military Forces of Artsakh (2007-)", aze, actors)
    # an unidentified actor ACLED gives no country: any unnamed group of that sector
    gunmen = Actor(id="g:armed-man@BRA", name="armed men", kind="group", country="BRA", sector="REB")
    assert run.acled_actor_matches("Unidentified Gang and/or Police Militia", gunmen, actors)
    police = Actor(id="BRA-COP", name="Brazil police", kind="police", country="BRA", sector="COP")
    assert not run.acled_actor_matches("Unidentified Gang and/or Police Militia", police, actors)
    named = Actor(id="comando-vermelho", name="Comando Vermelho", kind="armed_group", country="BRA", sector="REB")
    assert not run.acled_actor_matches("Unidentified Gang and/or Police Militia", named, actors)
