"""Events stage coverage: constructions that used to yield no event, or the wrong main event.

Project-written sentences of the kinds the error analysis of issue 4 found without an event
(observation reports of fire, troop reinforcements, demands in a statement, measures declared by a
government, relations established, borders closed or opened, ...), run through the real model
with a stand-in actors/places stage and the lexicon (no classifier).
"""

from __future__ import annotations


import pytest

from fakes import events_model, main_event_of, named_stage

ACTORS = {"Ruritania": "RUR", "Borduria": "BOR", "Syldavia": "SYL", "Freedonia": "FRE",
          "Northern Front": "northern-front", "Civic Watch": "civic-watch", "Parliament": "RUR-LEG",
          "Marco Vell": "vell-marco"}
PLACES = {"Klow": "SY", "Szohod": "BO", "Tesla Ridge": "RU"}


@pytest.fixture(scope="module")
def nlp(nlp_model):  # type: ignore[no-untyped-def]
    return events_model(nlp_model, "test_coverage_actors_places", named_stage(ACTORS, PLACES))


_main = main_event_of


@pytest.mark.parametrize("text, type_, trigger", [
    # An observed burst of fire in a conflict zone is an event (monitoring reports).
    ("On 2 May, the monitors recorded 12 bursts of fire near Klow.", "ASSAULT", "bursts"),
    ("The Northern Front claimed the firing of four rockets towards Szohod.", "ASSAULT", "firing"),
    # Reinforcements arriving are a deployment.
    ("On 3 May, Northern Front reinforcements arrived in Klow from the south.", "MOBILIZE", "reinforcements"),
    # "a statement calling on X to ...": a demand, not a name ("a film called X").
    ("Civic Watch issued a statement calling on Ruritania to release the detainees.", "REQUEST", "calling on"),
    ("Ruritania announced a weeklong cease-fire with the Northern Front.", "AGREE", "cease-fire"),
    ("The government of Ruritania declared a state of siege in Klow.", "COERCE", "state"),
    ("Syldavia opened its borders to refugees from Borduria.", "AID", "opened"),
    ("Syldavia has established diplomatic relations with Freedonia.", "COOPERATE", "established"),
    ("Marco Vell has pushed the Parliament for changes to the constitution.", "REQUEST", "pushed"),
    ("A judge approved the extradition of the former minister to Syldavia.", "COERCE", "extradition"),
    ("Civic Watch has launched legal action against the government of Borduria.", "ACCUSE", "action"),
])
def test_constructions_yield_an_event(nlp, text: str, type_: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    ev = _main(nlp, text)
    assert ev is not None, text
    assert (ev.type, ev.trigger) == (type_, trigger)


def test_naming_verb_still_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp("A documentary called The Siege was shown in Klow.")._.events == []

