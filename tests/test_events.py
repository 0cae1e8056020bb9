"""Events stage: casualty counts, lexicon, golden sentences (hand-built pipeline), the real article.

Golden files: ``tests/fixtures/events/*.txt`` (project-written) with the expected events in
``*.events.json`` beside them, compared on a stable subset of fields. After an intended change,
regenerate with ``EVENTSCOPE_REGEN_GOLDEN=1 pytest tests/test_events.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventscope.errors import ConfigError
from eventscope.nlp.events import casualties
from eventscope.nlp.extensions import register_extensions
from eventscope.nlp.lexicon import EventLexicon
from eventscope.records import MODALITIES, PLOVER_TYPES, Actor, Place, RawArticle
from eventscope.resources import Resources
from fakes import events_model, name_matches

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
SHARED = Path(__file__).resolve().parents[2] / "shared"
REGEN = os.environ.get("EVENTSCOPE_REGEN_GOLDEN") == "1"

# A tiny stand-in for the actors and places stages, so these tests exercise only our stages.
FAKE_ACTORS = {
    "Armenia": "ARM", "Azerbaijan": "AZE", "Putin": "putin-vladimir", "Xi": "xi-jinping", "Germany": "DEU",
    "Poland": "POL", "Prime Minister of Italy": "ITA-GOV", "Libya": "LBY", "Egypt": "EGY", "Qatar": "QAT",
    "Japan": "JPN", "Sudan": "SDN", "France": "FRA", "opposition": "opposition", "government": "gov",
    "China": "CHN", "United States": "USA", "Iran": "IRN", "European Union": "EU", "Russia": "RUS",
    "Ukraine": "UKR", "Police": "police", "Maria Kolesnikova": "kolesnikova-maria", "Taliban": "taliban",
    "Sergey Lavrov": "lavrov-sergey", "Lavrov": "lavrov-sergey", "Russian": "RUS", "Tajikistan": "TJK",
    "Belarus": "BLR", "Blinken": "blinken-antony", "Wang Yi": "wang-yi", "Turkey": "TUR", "Kurdish": "kurds",
    "Israel": "ISR", "Hamas": "hamas", "Serbia": "SRB", "Kosovo": "XKX", "United Nations": "UN",
    "Abbas Araghchi": "araghchi-abbas", "Iranian": "IRN", "Al-Shabaab": "al-shabaab", "Somalia": "SOM",
    "Boko Haram": "boko-haram", "Nigeria": "NGA", "Amnesty International": "amnesty", "Venezuela": "VEN",
    "Colombia": "COL", "Hezbollah": "hezbollah", "security forces": "security-forces",
}
PERSONS = {"putin-vladimir", "xi-jinping", "kolesnikova-maria", "lavrov-sergey", "blinken-antony", "wang-yi",
           "araghchi-abbas"}
FAKE_PLACES = {"Geneva": "CH", "Beijing": "CN", "Gaza": "PS", "Paris": "FR", "Minsk": "BY", "Kandahar": "AF",
               "Kharkiv": "UA", "Almaty": "KZ", "Syria": "SY", "Tehran": "IR", "Kunduz": "AF", "Belgorod": "RU",
               "Mali": "ML", "Mogadishu": "SO", "Maiduguri": "NG"}


def fake_actors_and_places(doc):  # type: ignore[no-untyped-def]
    spans, actors = [], {}
    for start, end, actor_id, name in name_matches(doc.text, FAKE_ACTORS):
        spans.append((start, end, actor_id))
        kind = "person" if actor_id in PERSONS else None
        actors.setdefault(actor_id, Actor(id=actor_id, name=name, kind=kind))
    doc._.actor_spans = spans
    doc._.actors = actors
    doc._.places = [Place(name=name, start=s, end=e, text=name, country=cc)
                    for s, e, cc, name in name_matches(doc.text, FAKE_PLACES)]
    return doc


@pytest.fixture(scope="module")
def nlp(nlp_model):  # type: ignore[no-untyped-def]
    """The real model plus fake actors/places and our quotes + events stages (lexicon only)."""
    return events_model(nlp_model, "test_fake_actors_places", fake_actors_and_places)


def _stable(event) -> dict:  # type: ignore[no-untyped-def]
    return {"type": event.type, "mode": event.mode, "modality": event.modality, "source": event.source,
            "target": event.target, "trigger": event.trigger,
            "location": event.location.name if event.location else None,
            "killed": event.killed, "injured": event.injured}


# -- pure helpers ----------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("Militants attacked the convoy, killing 12 soldiers.", (12, None)),
    ("At least five people were killed in the blast.", (5, None)),
    ("The clashes left two dead and 14 wounded.", (2, 14)),
    ("Twenty-three civilians were killed and dozens injured.", (23, None)),
    ("The death toll rose to 31.", (31, None)),
    ("A bomb exploded, injuring three policemen.", (None, 3)),
    ("One person died in the shooting.", (1, None)),
    ("Officials met for two hours in three rounds.", (None, None)),
])
def test_casualties(sentence: str, expected: tuple[int | None, int | None]) -> None:
    assert casualties(sentence) == expected


def test_lexicon_covers_every_plover_type() -> None:
    lex = EventLexicon.load()
    types = {s.type for senses in list(lex.verbs.values()) + list(lex.nouns.values()) for s in senses}
    assert types == set(PLOVER_TYPES)
    assert all(1 <= s.quad <= 4 for senses in lex.verbs.values() for s in senses)
    assert lex.version.startswith("events-lexicon")


def test_events_before_setup_raises(nlp_model) -> None:  # type: ignore[no-untyped-def]
    register_extensions()
    from eventscope.nlp.events import EventsComponent

    comp = EventsComponent(nlp_model, "eventscope_events")
    with pytest.raises(ConfigError):
        comp(nlp_model("Russia attacked Ukraine."))
    assert "unloaded" in comp.resource_version


# -- behaviour on single sentences -------------------------------------------------------------
def _events(nlp, text: str):  # type: ignore[no-untyped-def]
    return nlp(text)._.events


def test_passive_agent_is_source(nlp) -> None:  # type: ignore[no-untyped-def]
    [ev] = [e for e in _events(nlp, "Kharkiv was attacked by Russia on Monday.") if e.type == "ASSAULT"]
    assert ev.source == ["RUS"] and ev.modality == "asserted"


def test_conjoined_subjects_both_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    [ev] = _events(nlp, "Putin and Xi met in Beijing on Monday.")
    assert (ev.type, ev.mode, ev.source, ev.location.name) == ("CONSULT", "meet", ["putin-vladimir", "xi-jinping"],
                                                                 "Beijing")


def test_reported_speech_gives_embedded_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Lavrov said that Ukraine attacked Belgorod.")
    [ev] = [e for e in doc._.events if e.type == "ASSAULT"]
    assert ev.source == ["UKR"]
    [quote] = doc._.quotes
    assert quote.speaker == "lavrov-sergey" and not quote.direct and ev.quote == quote.id


def test_two_events_in_one_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = _events(nlp, "Russia attacked Kharkiv and Ukraine shelled Belgorod.")
    assert [(e.type, e.source) for e in evs] == [("ASSAULT", ["RUS"]), ("ASSAULT", ["UKR"])]


def test_negated_and_demanded(nlp) -> None:  # type: ignore[no-untyped-def]
    [ev] = _events(nlp, "Russia did not attack Ukraine.")
    assert ev.modality == "negated"
    evs = _events(nlp, "The European Union urged Serbia to recognize Kosovo.")
    req = next(e for e in evs if e.type == "REQUEST")
    sup = next(e for e in evs if e.type == "SUPPORT")
    assert (req.modality, req.source, req.target) == ("asserted", ["EU"], ["SRB"])
    assert (sup.modality, sup.source, sup.target) == ("demanded", ["SRB"], ["XKX"])


def test_first_person_quote_source_is_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("“We must engage the Taliban in constructive dialogue,” Lavrov stated.")
    [quote] = doc._.quotes
    assert quote.speaker == "lavrov-sergey" and quote.direct
    engage = next(e for e in doc._.events if e.trigger == "engage")
    assert (engage.modality, engage.source, engage.target, engage.quote) == (
        "demanded", ["lavrov-sergey"], ["taliban"], quote.id)
    request = next(e for e in doc._.events if e.type == "REQUEST")
    assert (request.modality, request.source) == ("asserted", ["lavrov-sergey"])


def test_sentences_without_triggers_cost_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _events(nlp, "The weather in Geneva was pleasant and the lake was calm.") == []


def test_event_record_fields(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Taliban militants attacked a police checkpoint in Kandahar, killing five officers."
    [ev] = _events(nlp, text)
    assert text[ev.start:ev.end].strip() == text.strip()
    assert text[ev.trigger_start:ev.trigger_end] == ev.trigger == "attacked"
    assert ev.killed == 5 and ev.quad_class == 4 and ev.acled_type is not None
    assert ev.modality in MODALITIES and 0.0 <= ev.confidence <= 1.0
    assert "terrorism" in ev.context and ev.id.startswith("e:")


# -- golden files ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.txt")))
def test_golden(nlp, name: str) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    got = {"events": [_stable(e) for e in doc._.events],
           "quotes": [{"text": q.text, "speaker": q.speaker, "direct": q.direct} for q in doc._.quotes]}
    expected_path = FIXTURES / f"{name}.events.json"
    if REGEN or not expected_path.exists():
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not REGEN:
            pytest.fail(f"golden file {expected_path.name} was missing and has been written; review it")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    # One line per record so a failure shows which event or quote changed.
    assert [json.dumps(e, sort_keys=True) for e in got["events"]] == [
        json.dumps(e, sort_keys=True) for e in expected["events"]]
    assert got["quotes"] == expected["quotes"]


def test_golden_covers_every_type_and_modality() -> None:
    seen_types, seen_modalities = set(), set()
    for path in FIXTURES.glob("*.events.json"):
        for ev in json.loads(path.read_text(encoding="utf-8"))["events"]:
            seen_types.add(ev["type"])
            seen_modalities.add(ev["modality"])
    assert seen_types == set(PLOVER_TYPES)
    assert seen_modalities == set(MODALITIES)


# -- the whole pipeline on the real article ------------------------------------------------------
def test_real_article_events(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventscope.nlp.pipeline import process

    text = (SHARED / "articles" / "csto-almaty-2024-06.txt").read_text(encoding="utf-8")
    article = next(process(pipeline, [RawArticle(text=text, published="2024-06-25")]))
    names = {a.id: a.name for a in article.actors}
    lavrov = next(a.id for a in article.actors if "Lavrov" in a.name)

    consult = [e for e in article.events if e.type == "CONSULT" and e.modality == "asserted"]
    assert any(e.location is not None and "Almaty" in e.location.name for e in consult)
    assert any(len(e.source) >= 4 for e in consult), [e.source for e in consult]

    from_lavrov = [e for e in article.events if lavrov in e.source]
    types = {e.type for e in from_lavrov}
    assert "REQUEST" in types and ({"ACCUSE", "THREATEN"} & types)
    taliban = next(a for a, n in names.items() if "Taliban" in n)
    demanded = [e for e in from_lavrov if e.modality == "demanded"]
    assert any(taliban in e.target for e in demanded)

    direct = [q for q in article.quotes if q.direct]
    assert len(direct) == 1 and direct[0].speaker == lavrov
    assert direct[0].text.startswith("We must engage the Taliban")
    in_quote = [e for e in article.events if e.quote == direct[0].id]
    assert in_quote and all(e.source == [lavrov] for e in in_quote)
    for e in article.events:
        assert article.text[e.start:e.end] == e.sentence
        assert e.date == "2024-06-25" and e.date_from_publication


# -- the classifier's part -------------------------------------------------------------------
class FakeClassifier:
    """Answers a fixed label per keyword; records what it was asked (to check batching/selectivity)."""

    version = "fake-clf-1"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.calls: list[list[str]] = []

    def predict(self, texts: list[str]):  # type: ignore[no-untyped-def]
        from eventscope.classify import Prediction

        self.calls.append(list(texts))
        out = []
        for text in texts:
            label = next((lab for key, lab in self.answers.items() if key in text), "OTHER")
            out.append(Prediction(label=label, confidence=0.9, scores={label: 0.9}))
        return out


@pytest.fixture()
def nlp_with_classifier(nlp):  # type: ignore[no-untyped-def]
    comp = nlp.get_pipe("eventscope_events")
    fake = FakeClassifier({"Kandahar": "ARMED_CLASH", "Paris": "VIOL_DEMONSTR", "Arsenal": "OTHER"})
    comp.setup(Resources(classifier=fake))
    yield nlp, fake
    comp.setup(Resources())


def test_classifier_sets_acled_subtype_and_is_batched(nlp_with_classifier) -> None:  # type: ignore[no-untyped-def]
    nlp, fake = nlp_with_classifier
    text = ("Taliban militants attacked a police checkpoint in Kandahar. Putin and Xi met in Beijing. "
            "Thousands of farmers protested in Paris against the new tax.")
    events = nlp(text)._.events
    assault = next(e for e in events if e.type == "ASSAULT")
    assert (assault.acled_type, assault.acled_subtype) == ("Battles", "Armed clash")
    protest = next(e for e in events if e.type == "PROTEST")
    assert (protest.acled_type, protest.acled_subtype) == ("Riots", "Violent demonstration")
    # One call for the document's sentences, without the CONSULT sentence (unambiguous, not
    # ACLED-coded); the short paragraph is not read, as its coded events are of two types.
    assert fake.calls == [["Taliban militants attacked a police checkpoint in Kandahar.",
                           "Thousands of farmers protested in Paris against the new tax."]]
    assert "fake-clf-1" in nlp.get_pipe("eventscope_events").resource_version


def test_classifier_vetoes_weak_trigger(nlp_with_classifier) -> None:  # type: ignore[no-untyped-def]
    nlp, _ = nlp_with_classifier
    doc = nlp("Japan beat Germany in Doha, said Arsenal fans.")
    assert [e for e in doc._.events if e.type == "ASSAULT"] == []


def test_verbal_attack_is_an_accusation(nlp) -> None:  # type: ignore[no-untyped-def]
    [ev] = _events(nlp, "Germany attacked Poland's proposal as reckless.")
    assert (ev.type, ev.source, ev.target) == ("ACCUSE", ["DEU"], ["POL"])


def test_ambiguous_words_are_not_triggers(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _events(nlp, "Egypt showed a documentary called Putin and Xi on Monday.") == []
    assert _events(nlp, "Putin was given a medal in December.") == []
    assert _events(nlp, "An athletics meeting in Paris drew big crowds.") == []


def test_noun_object_of_evaluative_verb_takes_no_source(nlp) -> None:  # type: ignore[no-untyped-def]
    # "condemned the attack": the condemner is the source of the ACCUSE only; with an earlier attack
    # in the text, "the attack" is that attack again, and it is what is condemned.
    alone = _events(nlp, "Somalia condemned the attack.")
    assert [(e.type, e.source) for e in alone] == [("ACCUSE", ["SOM"])]
    evs = _events(nlp, "Al-Shabaab attacked a hotel in Mogadishu. Somalia condemned the attack.")
    assault = [e for e in evs if e.type == "ASSAULT"]
    assert [(e.source, e.location.name) for e in assault] == [(["al-shabaab"], "Mogadishu")]
    accuse = next(e for e in evs if e.type == "ACCUSE")
    assert (accuse.source, accuse.target) == (["SOM"], ["al-shabaab"])
    # A support verb does make its subject the doer.
    [ev] = _events(nlp, "Hezbollah carried out an attack on Israel.")
    assert (ev.type, ev.source, ev.target) == ("ASSAULT", ["hezbollah"], ["ISR"])


def test_finite_conjunct_shares_the_main_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = _events(nlp, "Amnesty International urged Venezuela to free the journalists and accused Colombia of "
                       "supporting Hezbollah.")
    accuse = next(e for e in evs if e.type == "ACCUSE")
    assert (accuse.source, accuse.target, accuse.modality) == (["amnesty"], ["COL"], "asserted")


def test_accused_of_gerund_subject_is_the_accused(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = _events(nlp, "Colombia accused Venezuela of supporting Hezbollah.")
    accuse = next(e for e in evs if e.type == "ACCUSE")
    support = next(e for e in evs if e.type == "SUPPORT")
    assert (accuse.source, accuse.target) == (["COL"], ["VEN"])
    assert (support.source, support.target, support.modality) == (["VEN"], ["hezbollah"], "asserted")
    [plain] = [e for e in _events(nlp, "Venezuela supported Hezbollah.") if e.type == "SUPPORT"]
    assert support.confidence < plain.confidence  # an allegation is weaker evidence
    passive = _events(nlp, "Venezuela was accused of supporting Hezbollah.")
    assert next(e for e in passive if e.type == "SUPPORT").source == ["VEN"]


def test_generic_mentions_have_lower_confidence(nlp) -> None:  # type: ignore[no-untyped-def]
    [one] = _events(nlp, "Hezbollah launched an attack on Israel.")
    for text in ("Hezbollah has carried out similar attacks on Israel.", "Hezbollah often attacks Israel.",
                 "Hezbollah has launched attacks on Israel."):
        [ev] = _events(nlp, text)
        assert ev.type == "ASSAULT" and ev.confidence < one.confidence, text


def test_empty_and_whitespace_documents(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("", "   \n\n  "):
        doc = nlp(text)
        assert doc._.events == [] and doc._.quotes == []


# "bomb" and "killing" are weak triggers: with no actor named, only the classifier confirms them.
def test_claimed_responsibility_attributes_the_earlier_event(nlp_with_classifier) -> None:  # type: ignore[no-untyped-def]
    nlp, _ = nlp_with_classifier
    evs = _events(nlp, "A bomb exploded in a market in Kandahar. Boko Haram claimed responsibility for the blast.")
    [assault] = [e for e in evs if e.type == "ASSAULT"]
    assert (assault.source, assault.location.name, assault.trigger) == (["boko-haram"], "Kandahar", "bomb")
    # A denial of responsibility attributes nothing.
    evs = _events(nlp, "A bomb exploded in a market in Kandahar. Boko Haram denied responsibility for the blast.")
    assert all(e.source == [] for e in evs if e.type == "ASSAULT")


def test_same_event_twice_in_a_sentence_is_one_event(nlp_with_classifier) -> None:  # type: ignore[no-untyped-def]
    nlp, _ = nlp_with_classifier
    evs = _events(nlp, "A bomb exploded in Kandahar, killing six people.")
    assert [(e.type, e.location.name, e.killed) for e in evs] == [("ASSAULT", "Kandahar", 6)]
    # Different doers in one sentence stay two events.
    evs = _events(nlp, "Russia attacked Kharkiv and Ukraine attacked Belgorod.")
    assert [e.source for e in evs] == [["RUS"], ["UKR"]]


def test_sport_and_arts_senses_are_not_political_events(nlp) -> None:  # type: ignore[no-untyped-def]
    violent = {"ASSAULT", "COERCE", "PROTEST", "THREATEN"}
    for text in ("Japan beat Germany 2-1 in the World Cup match, with the striker scoring twice.",
                 "Germany clashed with Japan in a league game on Saturday, and the keeper made a late save.",
                 "Egypt hit Qatar for three goals in the second half of the final."):
        assert [e for e in _events(nlp, text) if e.type in violent] == [], text
    # The whole article decides when the sentence alone does not: a sports report.
    report = ("The champions were held to a draw by the league leaders in a tense match. The striker missed a penalty "
              "and the coach blamed the referee. Their captain hopes to return for the cup final next season.\n\n"
              "Japan beat Germany on Saturday.")
    assert [e for e in _events(nlp, report) if e.type in violent] == []
    # Violence cues keep the political sense, even next to sport words.
    evs = _events(nlp, "Police beat protesters in Minsk after the match.")
    assert any(e.type == "ASSAULT" and e.source == ["police"] for e in evs)
    [ev] = _events(nlp, "Japan beat Germany.")  # no domain context: still coded (weak, needs the classifier)
    assert ev.type == "ASSAULT"


def test_month_names_are_not_marches(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _events(nlp, "Germany will publish the figures from 20 March.") == []


# -- argument phrases ----------------------------------------------------------------------------
def _phrases(doc, trigger: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    [ev] = [e for e in doc._.events if e.trigger == trigger]
    return ([doc.text[s:e] for s, e in ev.source_spans], [doc.text[s:e] for s, e in ev.target_spans])


@pytest.mark.parametrize("text, trigger, source, target", [
    # relative clause left out; no actor resolved on either side
    ("Gunmen ambushed a police patrol that had entered the valley.", "ambushed",
     ["Gunmen"], ["a police patrol"]),
    ("A suicide bomber attacked a checkpoint of the border police, which guards the crossing.", "attacked",
     ["A suicide bomber"], ["a checkpoint of the border police"]),
    # possessor and possessed noun together; the "for" complement is not part of the argument
    ("A regional court rejected the opposition party's request for a recount.", "rejected",
     ["A regional court"], ["the opposition party's request"]),
    # "of"/"in" phrases kept, the date left out; nominal trigger under a light verb
    ("Government troops launched an offensive on the last rebel stronghold in the province on Monday.",
     "offensive", ["Government troops"], ["the last rebel stronghold in the province"]),
    # a parenthetical acronym stays; the pronoun stands for the reporting verb's subject
    ("The Nigerian Army (NA) says it has detained several smugglers near the border.", "detained",
     ["The Nigerian Army (NA)"], ["several smugglers"]),
    # a recipient, not the thing given, is the target of aid
    ("Germany provided medical supplies to the flood victims.", "provided",
     ["Germany"], ["the flood victims"]),
    # an apposition belongs to its noun; each conjunct with modifiers of its own is an argument
    ("Police detained the opposition leader, Maria Kolesnikova, and two journalists.", "detained",
     ["Police"], ["the opposition leader, Maria Kolesnikova", "two journalists"]),
    # conjuncts sharing the first's modifiers, or defined by the first, make one phrase
    ("Police detained a local activist and nurse.", "detained", ["Police"], ["a local activist and nurse"]),
    ("The Yemeni army and allied fighters attacked the base.", "attacked",
     ["The Yemeni army and allied fighters"], ["the base"]),
])
def test_argument_phrases(nlp, text: str, trigger: str, source: list[str], target: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _phrases(nlp(text), trigger) == (source, target)


def test_argument_spans_skip_dates_and_fronted_phrases(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("With the approval of parliament, Russia on Friday vetoed a draft resolution.")
    src, tgt = _phrases(doc, "vetoed")
    assert src == ["Russia"] and tgt == ["a draft resolution"]


def test_events_without_actors_are_weaker(nlp) -> None:  # type: ignore[no-untyped-def]
    [named] = nlp("Russia attacked Ukraine.")._.events
    [unnamed] = nlp("The army attacked the village.")._.events
    assert unnamed.source == [] and unnamed.source_spans and unnamed.target_spans
    assert unnamed.confidence < named.confidence


class _FakePlover:
    """Always answers one PLOVER type with a fixed confidence; records what it was asked."""

    version = "fake-plover"

    def __init__(self, label: str, confidence: float) -> None:
        self.label, self.confidence, self.asked = label, confidence, []

    def predict(self, texts):  # type: ignore[no-untyped-def]
        from types import SimpleNamespace

        self.asked.append(list(texts))
        return [SimpleNamespace(label=self.label, confidence=self.confidence, scores={self.label: self.confidence})
                for _ in texts]


@pytest.fixture()
def nlp_with_plover(nlp):  # type: ignore[no-untyped-def]
    comp = nlp.get_pipe("eventscope_events")
    yield comp
    comp.plover = None


def test_plover_classifier_types_sentences_without_trigger(nlp, nlp_with_plover) -> None:  # type: ignore[no-untyped-def]
    fake = _FakePlover("CONSULT", 0.8)
    nlp_with_plover.plover = fake
    text = "The weather in Geneva was pleasant. Putin sent a letter to Xi on Monday. Russia attacked Ukraine."
    events = nlp(text)._.events
    consult = [e for e in events if e.type == "CONSULT"]
    assert len(consult) == 1 and consult[0].source == ["putin-vladimir"] and consult[0].trigger == "sent"
    assert consult[0].target == ["xi-jinping"]
    assert consult[0].quad_class == 1
    # one batch, only for the political sentence without a trigger (not the weather, not the attack)
    assert fake.asked == [["Putin sent a letter to Xi on Monday."]]
    lexicon_event = next(e for e in events if e.type == "ASSAULT")
    assert consult[0].confidence < lexicon_event.confidence


def test_plover_classifier_needs_confidence(nlp, nlp_with_plover) -> None:  # type: ignore[no-untyped-def]
    nlp_with_plover.plover = _FakePlover("CONSULT", 0.1)
    assert nlp("Putin sent a letter to Xi on Monday.")._.events == []


def test_declared_intention_is_an_asserted_event(nlp) -> None:  # type: ignore[no-untyped-def]
    events = nlp("Japan will provide food aid to Sudan.")._.events
    by_type = {e.type: e for e in events}
    assert by_type["AID"].modality == "future"
    assert by_type["AGREE"].modality == "asserted" and by_type["AGREE"].source == ["JPN"]
    assert by_type["AGREE"].trigger == "will"
    threats = nlp("Russia will expel the ambassador of Poland.")._.events
    assert "THREATEN" in {e.type for e in threats}


def test_governing_event_outranks_its_content(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventscope.evaluate.run import main_event

    events = nlp("Russia refused to withdraw its troops from Syria.")._.events
    assert {e.type for e in events} >= {"REJECT", "RETREAT"}
    assert main_event(events).type == "REJECT"


# -- typing conventions (PLOVER) and roles ----------------------------------------------------------
def _main(evs):  # type: ignore[no-untyped-def]
    """The event an evaluation would pick: highest confidence, earliest on ties."""
    return min(evs, key=lambda e: (-e.confidence, e.start, e.trigger_start or 0))


def test_stopping_a_relation_reverses_its_type(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "Japan halted economic aid to Serbia on Tuesday."))
    assert (ev.type, ev.trigger, ev.source, ev.target, ev.modality) == ("SANCTION", "halted", ["JPN"], ["SRB"], "asserted")
    assert _main(_events(nlp, "The teachers union called off the strike.")).type == "CONCEDE"
    # Continuing aid is still aid.
    assert _main(_events(nlp, "Japan continued economic aid to Serbia.")).type == "AID"


def test_request_targets_the_party_asked(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "Russia said Sudan must return the helicopter."))
    assert (ev.type, ev.source, ev.target) == ("REQUEST", ["RUS"], ["SDN"])
    ev = _main(_events(nlp, "Opposition groups in Zimbabwe demanded that Mugabe abandon the policy."))
    assert ev.type == "REQUEST" and ev.target_spans


def test_declining_cooperation_is_a_rejection(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "Iran will not accept more refugees from Iraq."))
    assert (ev.type, ev.source, ev.modality) == ("REJECT", ["IRN"], "asserted")
    # A negated attack is not a rejection of anything.
    assert all(e.type != "REJECT" for e in _events(nlp, "The army did not attack the village near Kabul."))


def test_stated_intentions(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "Iran is willing to withdraw its troops from Syria."))
    assert (ev.type, ev.source) == ("AGREE", ["IRN"])
    ev = _main(_events(nlp, "Palestinian leaders said they would boycott all contact with the United States."))
    assert ev.type == "THREATEN"
    # "unless": a conditional threat, even of a cooperative-looking act.
    ev = _main(_events(nlp, "Nigeria announced that it will withdraw its force from Chad unless Chad holds elections."))
    assert ev.type == "THREATEN"


def test_protest_with_a_demand_is_one_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = _events(nlp, "Supporters of the opposition blocked the main highway to demand higher wages.")
    assert [e.type for e in evs] == ["PROTEST"]
    evs = _events(nlp, "Students staged demonstrations in Jakarta to demand reforms from the government.")
    assert _main(evs).type == "PROTEST" and all(e.type != "REQUEST" for e in evs)


def test_physical_objects_do_not_make_an_attack_verbal(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "Israeli tanks shelled positions of the Palestinian security forces near Rafah."))
    assert ev.type == "ASSAULT"


def test_target_below_the_object(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The European Union imposed sanctions on Russia.")
    ev = _main(doc._.events)
    assert ev.type == "SANCTION" and ev.target == ["RUS"]
    assert [doc.text[s:e] for s, e in ev.target_spans] == ["Russia"]
    doc = nlp("Germany and France however have opposed the resolution.")
    ev = _main(doc._.events)
    assert ev.type == "REJECT" and ev.source == ["DEU", "FRA"]
    # Two bare names are two arguments.
    assert [doc.text[s:e] for s, e in ev.source_spans] == ["Germany", "France"]


def test_terse_report_participle_is_the_main_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("On 30 April 2020, textile workers protested in Nis, Serbia.")
    ev = _main(doc._.events)
    assert ev.type == "PROTEST" and [doc.text[s:e] for s, e in ev.source_spans] == ["textile workers"]


def test_classifier_types_a_harm_report_without_a_trigger(nlp_with_classifier) -> None:  # type: ignore[no-untyped-def]
    nlp, fake = nlp_with_classifier
    evs = _events(nlp, "Putin and Xi met in Beijing. On 3 May, two people died in Kandahar.")
    violent = [e for e in evs if e.type == "ASSAULT"]
    assert len(violent) == 1 and violent[0].acled_subtype == "Armed clash"
    assert violent[0].location is not None and violent[0].location.name == "Kandahar"
    # Only the harm report was sent, then its short paragraph as context.
    assert len(fake.calls) == 2 and "Putin and Xi met in Beijing." not in fake.calls[0]
    # A sentence with neither a trigger nor a harm cue is never sent.
    fake.calls.clear()
    assert _events(nlp, "Putin and Xi had dinner in Kandahar.") == [] or fake.calls == []
    assert fake.calls == []


def test_words_inside_organisation_names_are_not_triggers(pipeline):
    doc = pipeline("The United Nations Assistance Mission in Afghanistan met the governor on Monday.")
    triggers = {e.trigger for e in doc._.events}
    assert "Mission" not in triggers and "Assistance" not in triggers
    assert "met" in triggers


def test_violent_event_takes_the_most_specific_place_of_its_sentence(pipeline):
    """The parse attaches no place to "clashes"; the sentence names one town, and that is where."""
    doc = pipeline("Clashes erupted between villagers over land, residents of Khost reported, leaving three injured.")
    assaults = [e for e in doc._.events if e.type == "ASSAULT"]
    assert assaults and assaults[0].location is not None
    assert assaults[0].location.country == "AF"
    assert not (assaults[0].location.feature_code or "").startswith("PCL")


def _main_type(nlp, text: str) -> str | None:  # type: ignore[no-untyped-def]
    from eventscope.evaluate.run import main_event

    ev = main_event(_events(nlp, text))
    return ev.type if ev is not None else None


def test_warning_of_what_will_happen_is_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = _events(nlp, "The Egyptian government warned that police will no longer tolerate rallies by the opposition.")
    assert any(e.type == "THREATEN" and e.modality == "asserted" for e in evs)
    # A warning about what happened stays a complaint.
    evs = _events(nlp, "The Egyptian government warned that rebels attacked the village.")
    assert not any(e.type == "THREATEN" for e in evs)


def test_sworn_intention_to_fight_is_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _main_type(nlp, "Kurdish rebels have sworn to fight until they gain control of the mountains.") == "THREATEN"


def test_demanded_readiness_is_a_request(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The French president said that Russia must be ready to negotiate with Ukraine."
    assert _main_type(nlp, text) == "REQUEST"


def test_imposed_blockade_is_coercion_not_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = _events(nlp, "Israel reimposed a blockade on Gaza on Friday.")
    assert "COERCE" in {e.type for e in evs} and "PROTEST" not in {e.type for e in evs}
    assert _main_type(nlp, "Truckers staged a blockade of the port of Calais.") == "PROTEST"
    # Reported "would" on the verb of a nominal trigger: the declared intention is the event.
    assert _main_type(nlp, "NATO said it would tighten the naval blockade of Serbia.") == "THREATEN"


def test_allowing_and_pushing_for(pipeline) -> None:  # type: ignore[no-untyped-def]
    nlp = pipeline
    assert _main_type(nlp, "Pakistan allowed opposition leaders to travel abroad.") == "CONCEDE"
    assert _main_type(nlp, "France is pushing for sanctions against Iran.") == "REQUEST"
    # A decision is the act itself, not a declared intention of it.
    assert _main_type(nlp, "The Ivorian Supreme Court decided to allow Ouattara to run in the election.") == "CONCEDE"


def _main_acled(doc):  # type: ignore[no-untyped-def]
    from eventscope.evaluate.run import acled_main_event

    return acled_main_event(doc._.events)


def test_event_without_a_place_happened_where_the_story_is(pipeline):
    """The second sentence names no place: the protest it continues was in Kandahar."""
    doc = pipeline("On Monday, hundreds of people protested in Kandahar against power cuts. "
                   "Later the demonstrators blocked a highway and burned tyres.")
    later = [e for e in doc._.events if e.start > 60 and e.type == "PROTEST"]
    assert later and all(e.location is not None and e.location.country == "AF" for e in later)


def test_attacked_village_is_where_the_attack_happened(pipeline):
    doc = pipeline("On Sunday, militants attacked Spin Boldak village in Kandahar province.")
    ev = _main_acled(doc)
    assert ev is not None and ev.location is not None and ev.location.country == "AF"


def test_protest_by_an_organisation_has_the_crowd_as_a_doer(pipeline):
    """Event coders code the crowd as the protest's actor and the organiser as its associate."""
    doc = pipeline("On Monday, the Punjab Teachers Union protested in Lahore against unpaid salaries.")
    protests = [e for e in doc._.events if e.type == "PROTEST" and e.acled_type]
    assert protests and "g:protester@PAK" in protests[0].source


def test_killing_in_a_police_raid_is_done_by_the_police(pipeline):
    doc = pipeline("On Tuesday, a drug suspect was killed during a police raid in Davao City.")
    ev = _main_acled(doc)
    assert ev is not None and ev.source == ["PHL-COP"]
    assert ev.source_spans == []  # presumed from the raid, not a mention of the doer


def test_short_paragraph_informs_the_acled_subtype(nlp) -> None:  # type: ignore[no-untyped-def]
    """The sentence's reading is blended with its paragraph's: a cue in another sentence ("returned
    fire") tips an ambiguous sentence, but not a confident one; a long paragraph is not read."""
    from eventscope.classify import Prediction

    class Split(FakeClassifier):
        def predict(self, texts: list[str]):  # type: ignore[no-untyped-def]
            self.calls.append(list(texts))
            out = []
            for text in texts:
                if "returned fire" in text:
                    scores = {"ARMED_CLASH": 0.9, "ATTACK": 0.1}
                else:
                    scores = {"ARMED_CLASH": 0.4, "ATTACK": 0.6}
                best = max(scores, key=lambda k: scores[k])
                out.append(Prediction(label=best, confidence=scores[best], scores=scores))
            return out

    comp = nlp.get_pipe("eventscope_events")
    fake = Split({})
    comp.setup(Resources(classifier=fake))
    try:
        text = "Gunmen attacked a police post in Kandahar. The police returned fire."
        ev = next(e for e in nlp(text)._.events if e.type == "ASSAULT")
        assert ev.acled_subtype == "Armed clash"
        assert len(fake.calls) == 2 and fake.calls[1] == [text]
        # The paragraph after a line break is not this sentence's context.
        ev = next(e for e in nlp("Gunmen attacked a police post in Kandahar.\nThe police returned fire.")._.events
                  if e.type == "ASSAULT")
        assert ev.acled_subtype == "Attack"
    finally:
        comp.setup(Resources())


@pytest.mark.parametrize("text", [
    "On 4 May, a man was found dead in Kandahar.",
    "The body of a young farmer was found with gunshot wounds near Kandahar on Tuesday.",
    "Residents found the bodies of two men in a ditch outside Kandahar.",
    "A woman was found murdered in her car in Kandahar.",
    "Two teenagers were found in a field near Kandahar bearing marks of torture.",
])
def test_victim_found_dead_is_an_attack_by_an_unnamed_group(nlp_with_classifier, text: str) -> None:  # type: ignore[no-untyped-def]
    """ACLED and news code a victim found dead as an attack on a civilian whose doer is unknown; the
    construction fixes the sub-type (the fake classifier, which says "armed clash", is not asked),
    and whoever found the body is not the doer."""
    nlp, fake = nlp_with_classifier
    ev = _main(_events(nlp, text))
    assert ev is not None and ev.type == "ASSAULT"
    assert (ev.acled_type, ev.acled_subtype) == ("Violence against civilians", "Attack")
    assert ev.source == [] and ev.location is not None and ev.location.name == "Kandahar"


@pytest.mark.parametrize("text", [
    "A man was found dead in his home in Kandahar after a heart attack.",
    "An elderly woman was found dead in Kandahar; she died of natural causes.",
    "The court found the governor guilty of fraud in Kandahar.",
    "The body of the report was found to be incomplete.",
    "Police found a large amount of cash in Kandahar.",
    "The missing man was not found in Kandahar.",
])
def test_natural_deaths_and_other_finds_are_not_attacks(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [e for e in _events(nlp, text) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize("text, trigger", [
    ("On 2 May, a shoot-out took place in Kandahar.", "shoot-out"),
    ("A gunfight broke out in Kandahar on Sunday night.", "gunfight"),
    ("An exchange of fire occurred near Kandahar.", "exchange"),
    ("There was a firefight in a market in Kandahar.", "firefight"),
    ("Shootouts erupted in two neighbourhoods of Kandahar.", "Shootouts"),
    ("A shoot-out was reported in Kandahar on Monday.", "shoot-out"),
])
def test_exchange_of_fire_is_an_armed_clash(nlp, text: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, text))
    assert ev is not None and ev.type == "ASSAULT" and ev.trigger == trigger
    assert (ev.acled_type, ev.acled_subtype) == ("Battles", "Armed clash")
    assert ev.location is not None and ev.location.name == "Kandahar"


def test_exchanging_fire_is_an_armed_clash_not_cooperation(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "Troops of Armenia and Azerbaijan exchanged fire near the border on Friday."))
    assert ev is not None and ev.type == "ASSAULT" and (ev.acled_type, ev.acled_subtype) == ("Battles", "Armed clash")
    ev = _main(_events(nlp, "Armenia and Azerbaijan exchanged prisoners in Geneva."))
    assert ev is not None and ev.type != "ASSAULT"


def test_exchange_of_fire_keeps_its_named_sides(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(_events(nlp, "A shoot-out between Police and Taliban fighters took place in Kandahar."))
    assert ev is not None and (ev.acled_type, ev.acled_subtype) == ("Battles", "Armed clash")
    assert {"police", "taliban"} <= set(ev.source + ev.target)

