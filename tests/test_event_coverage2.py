"""Events stage coverage, second round: sentences that yielded no event, or whose main event was a
participle's or a demanded act's rather than the request or attack coders read.

Project-written sentences, run through the real model with a stand-in actors/places stage and the
lexicon (see tests/test_event_coverage.py).
"""

from __future__ import annotations

import pytest

from fakes import events_model, main_event_of, named_stage

ACTORS = {"Ruritania": "RUR", "Borduria": "BOR", "Syldavia": "SYL", "Freedonia": "FRE",
          "Northern Front": "northern-front", "Civic Watch": "civic-watch", "Marco Vell": "vell-marco"}
PLACES = {"Klow": "SY", "Szohod": "BO", "Tesla Ridge": "RU"}


@pytest.fixture(scope="module")
def nlp(nlp_model):  # type: ignore[no-untyped-def]
    return events_model(nlp_model, "test_coverage2_actors_places", named_stage(ACTORS, PLACES))


_main = main_event_of


@pytest.mark.parametrize("text, type_, trigger", [
    # Bombardment verbs; the main clause outranks a participle on its subject.
    ("Jets backed by Syldavia pounded Northern Front positions near Klow.", "ASSAULT", "pounded"),
    # Unrest verbs and idioms.
    ("Students pelted stones at the police in Szohod.", "PROTEST", "pelted"),
    ("Farmers barricaded the main roads into Klow.", "PROTEST", "barricaded"),
    ("Thousands of workers took to the streets of Szohod on Monday.", "PROTEST", "took"),
    # Sabotage, cyber warfare, closing borders; a state handing a suspect to another cooperates with it.
    ("The Northern Front claimed the sabotage of a railway line near Klow.", "COERCE", "sabotage"),
    ("Ruritania launched cyber warfare against Borduria.", "COERCE", "warfare"),
    ("Syldavia extradited the former minister to Ruritania.", "COOPERATE", "extradited"),
    ("Freedonia closed its borders to travellers from Borduria.", "COERCE", "closed"),
    # A resignation needs no party acted on.
    ("Marco Vell resigned on Tuesday after weeks of protests.", "RETREAT", "resigned"),
])
def test_constructions_yield_an_event(nlp, text: str, type_: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    ev = _main(nlp, text)
    assert ev is not None, text
    assert (ev.type, ev.trigger) == (type_, trigger)


def test_wish_that_another_party_act_is_a_request(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(nlp, "Syldavia hopes that Borduria will release the detained journalists.")
    assert ev is not None and ev.type == "REQUEST"
    assert (ev.source, ev.target) == (["SYL"], ["BOR"])


def test_own_hope_is_no_request(nlp) -> None:  # type: ignore[no-untyped-def]
    # The wisher is the one who would act: a hope, not a request to another party.
    events = nlp("Syldavia hopes that Syldavia will sign the accord with Borduria.")._.events
    assert not any(e.type == "REQUEST" for e in events)


def test_demand_to_stop_attacks_is_a_request(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(nlp, "Ruritania says Borduria must end its attacks on Klow.")
    assert ev is not None and ev.type == "REQUEST"
    assert (ev.source, ev.target) == (["RUR"], ["BOR"])


def test_coordinated_attack_nouns_keep_the_claimant(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _main(nlp, "Marco Vell, a Northern Front commander, claimed responsibility for both the Klow "
                    "and the Szohod attacks.")
    assert ev is not None and ev.type == "ASSAULT"
    assert "northern-front" in ev.source or "vell-marco" in ev.source


def test_released_hostages_are_no_abduction(nlp) -> None:  # type: ignore[no-untyped-def]
    events = nlp("The Northern Front will release the hostages on Friday.")._.events
    assert not any(e.mode == "abduct" for e in events)


def test_main_clause_typed_when_only_a_modifier_has_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    # "capable of launching cyber warfare" is background; the sentence still keeps that event.
    events = nlp("Ruritania has trained hundreds of hackers capable of launching cyber warfare "
                 "against Borduria.")._.events
    assert any(e.trigger == "warfare" for e in events)


def test_taking_to_social_media_is_no_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    events = nlp("Marco Vell took to social media to thank his supporters.")._.events
    assert not any(e.type == "PROTEST" for e in events)
