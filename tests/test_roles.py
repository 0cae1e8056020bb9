"""Role rules on the dependency parse (``nlp.roles``) and their use by the events stage.

Project-written sentences in the style of terse incident reports and news leads, run through the
real model with a tiny stand-in for the actors and places stages (as in ``test_events``).
"""

from __future__ import annotations

import re

import pytest

from eventscope.records import Actor, Place
from fakes import events_model

pytestmark = pytest.mark.model

ACTORS = {"Taliban": "taliban", "IS": "islamic-state", "Poland": "POL", "Germany": "DEU", "Russia": "RUS",
          "Iran": "IRN", "merchants": "g:merchant", "gunmen": "g:gunman", "militants": "g:militant"}
PLACES = {"Kandahar": "AF", "Lima": "PE", "Kabul": "AF"}
ISO3 = {"AF": "AFG", "PE": "PER"}


def _fake_stages(doc):  # type: ignore[no-untyped-def]
    spans, actors = [], {}
    for name, ident in ACTORS.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            spans.append((m.start(), m.end(), ident))
            actors.setdefault(ident, Actor(id=ident, name=name)).mentions.append([m.start(), m.end()])
    doc._.actor_spans = sorted(spans)
    doc._.actors = actors
    doc._.places = [Place(name=name, start=m.start(), end=m.end(), text=name, country=cc, lat=0.0, lon=0.0)
                    for name, cc in PLACES.items() for m in re.finditer(rf"\b{name}\b", doc.text)]
    return doc


@pytest.fixture(scope="module")
def nlp(nlp_model):  # type: ignore[no-untyped-def]
    return events_model(nlp_model, "test_roles_fake_stages", _fake_stages, iso3=ISO3.get)


def _one(nlp, text: str, type_: str):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    evs = [e for e in doc._.events if e.type == type_]
    assert evs, [(e.type, e.trigger) for e in doc._.events]
    return doc, evs[0]


def _spans(doc, spans) -> list[str]:  # type: ignore[no-untyped-def]
    return [doc.text[s:e] for s, e in spans]


def test_subject_hung_on_a_fronted_place_phrase(nlp) -> None:  # type: ignore[no-untyped-def]
    # The parser makes "protested" a participle of "group", itself an apposition of "Lima".
    _, ev = _one(nlp, "On 2 May 2020, in Lima, a group of merchants protested against the closure of the market.",
                 "PROTEST")
    assert ev.source == ["g:merchant"]


def test_name_read_as_an_auxiliary_is_no_passive(nlp) -> None:  # type: ignore[no-untyped-def]
    _, ev = _one(nlp, "On 3 May 2020, IS militants mounted an attack on a checkpoint in Kandahar.", "ASSAULT")
    assert ev.source == ["islamic-state"] or ev.source == ["g:militant"]


def test_agent_of_a_coordinated_passive_serves_both_verbs(nlp) -> None:  # type: ignore[no-untyped-def]
    _, ev = _one(nlp, "On 3 May 2020, two farmers were shot and killed by gunmen in Kandahar.", "ASSAULT")
    assert ev.source == ["g:gunman"]


def test_unnamed_attacker_is_an_unidentified_armed_group_where_it_happened(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "On 3 May 2020, a man was killed in an attack in Kandahar.", "ASSAULT")
    assert ev.source == ["g:unidentified-armed-group@AFG"]
    actor = doc._.actors["g:unidentified-armed-group@AFG"]
    assert (actor.sector, actor.country, actor.kind, actor.mentions) == ("REB", "AFG", "group", [])
    assert not ev.source_spans  # no phrase in the text names it


def test_named_doer_is_not_replaced(nlp) -> None:  # type: ignore[no-untyped-def]
    _, ev = _one(nlp, "On 3 May 2020, Taliban fighters attacked a checkpoint in Kandahar.", "ASSAULT")
    assert ev.source == ["taliban"]


def test_object_made_by_a_party_is_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "Germany rejected the proposal submitted by Poland.", "REJECT")
    assert ev.target == ["POL"]  # the actor is still found inside the phrase
    assert _spans(doc, ev.target_spans) == ["the proposal submitted by Poland"]
    # Accusations are answered to the accuser: the party stays the target.
    doc, ev = _one(nlp, "Germany rejected accusations by Poland.", "REJECT")
    assert ev.target == ["POL"] and _spans(doc, ev.target_spans) == ["Poland"]


def test_place_inside_the_object_is_not_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    # "in Kandahar" hangs on the verb: where it happened; the headquarters is what was stormed.
    doc, ev = _one(nlp, "The Taliban stormed a police headquarters in Kandahar.", "ASSAULT")
    assert _spans(doc, ev.target_spans) == ["a police headquarters"]
    assert ev.location is not None and ev.location.name == "Kandahar"


def test_what_an_expressed_attitude_is_about(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Russia expressed concern about Iran.")
    ev = next(e for e in doc._.events if e.source == ["RUS"])
    assert ev.target == ["IRN"]


def test_party_an_expressed_hope_is_about(nlp) -> None:  # type: ignore[no-untyped-def]
    # "voiced hope that X will ...": the complement clause's subject is what the attitude is about.
    doc = nlp("Russia voiced hope that Iran will help the talks.")
    ev = next(e for e in doc._.events if e.source == ["RUS"])
    assert ev.target == ["IRN"] and _spans(doc, ev.target_spans) == ["Iran"]


def test_by_phrase_after_an_active_verbs_object_is_the_objects_author(nlp) -> None:  # type: ignore[no-untyped-def]
    # The parser hangs "by Poland" on "denied"; an active verb has no agent, so it is the charges'.
    doc, ev = _one(nlp, "Germany denied charges by Poland that it had broken the treaty.", "REJECT")
    assert ev.target == ["POL"] and _spans(doc, ev.target_spans) == ["Poland"]


def test_own_forces_moved_from_a_place_make_the_place_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    # What the doer withdraws or strengthens is its own; the place it acts on is the target.
    doc, ev = _one(nlp, "Russia withdrew its troops from Syria.", "RETREAT")
    assert _spans(doc, ev.target_spans) == ["Syria"]
    doc, ev = _one(nlp, "Germany withdrew peacekeepers from Kandahar.", "RETREAT")
    assert _spans(doc, ev.target_spans) == ["Kandahar"]


def test_harm_as_the_instrument_of_a_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Iraqi warplanes pounded militant positions near Kabul with airstrikes.")
    ev = next(e for e in doc._.events if e.type == "ASSAULT")
    assert _spans(doc, ev.source_spans) == ["Iraqi warplanes"]
    assert _spans(doc, ev.target_spans) == ["militant positions near Kabul"]


def test_both_before_two_names_is_left_out(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "Germany imposed sanctions against both Russia and Iran.", "SANCTION")
    assert _spans(doc, ev.target_spans) == ["Russia", "Iran"]


def test_topic_of_a_gerund_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Russia expressed pessimism about bringing the standoff to an end.")
    ev = next(e for e in doc._.events if e.source == ["RUS"])
    assert _spans(doc, ev.target_spans) == ["the standoff"]


def test_bare_result_after_to_is_no_recipient(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "Militants tortured a young farmer to death.", "ASSAULT")
    assert _spans(doc, ev.target_spans) == ["a young farmer"]


def test_named_person_is_not_defined_by_where_they_are(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Germany will meet US President Donald Trump in Washington on Tuesday.")
    ev = next(e for e in doc._.events if e.source == ["DEU"])
    assert _spans(doc, ev.target_spans) == ["US President Donald Trump"]


def test_party_responsible_for_the_event_is_its_doer(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "The Taliban were responsible for the killings of civilians in Kandahar.", "ASSAULT")
    assert ev.source == ["taliban"]


def test_description_of_a_place_is_left_out(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "Germany lifted its blockade of Iran, a major oil producer.", "CONCEDE")
    assert _spans(doc, ev.target_spans) == ["Iran"]


def test_party_of_a_proposed_act(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Germany accepted an invitation to meet with Poland.")
    ev = next(e for e in doc._.events if e.source == ["DEU"])
    assert ev.target == ["POL"] and _spans(doc, ev.target_spans) == ["Poland"]


def test_people_sent_somewhere_are_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "Germany deported 200 migrants to Iran.", "COERCE")
    assert _spans(doc, ev.target_spans) == ["200 migrants"]


def _roles(nlp, text: str, trigger: str, type_: str):  # type: ignore[no-untyped-def]
    from eventscope.nlp.roles import roles_for

    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    roles = roles_for(tok, type_)
    return [t.text for t in roles.source], [t.text for t in roles.target]


def test_state_of_emergency_is_the_act_not_a_party(nlp) -> None:  # type: ignore[no-untyped-def]
    # "state" can name a party, but in "a state of emergency" it is the condition lifted.
    src, tgt = _roles(nlp, "Poland lifted the state of emergency in three border provinces.", "lifted", "CONCEDE")
    assert src == ["Poland"] and tgt == ["provinces"]
    src, tgt = _roles(nlp, "Poland has lifted a long state of emergency.", "lifted", "CONCEDE")
    assert tgt == []


def test_of_noun_in_state_of_siege_is_part_of_the_trigger(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The president declared a state of siege in the town.", "state", "COERCE")
    assert tgt == ["town"]


def test_let_free_frees_its_object(nlp) -> None:  # type: ignore[no-untyped-def]
    src, tgt = _roles(nlp, "Germany finally let free the detained journalist.", "let", "RETREAT")
    assert src == ["Germany"] and tgt == ["journalist"]


def test_thing_handed_over_in_a_passive_is_no_target(nlp) -> None:  # type: ignore[no-untyped-def]
    src, tgt = _roles(nlp, "A stolen painting was returned by German officials to the Polish authorities.",
                      "returned", "RETREAT")
    assert src == ["officials"] and tgt == ["authorities"]


def test_breaker_of_an_agreement_is_the_doer(nlp) -> None:  # type: ignore[no-untyped-def]
    src, tgt = _roles(nlp, "Rebel fighters violated Poland's ceasefire on Sunday.", "ceasefire", "AGREE")
    assert src == ["fighters"] and tgt == ["ceasefire"]


def test_claimant_beats_a_place_naming_the_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    src, _ = _roles(nlp, "The Taliban claimed responsibility for the Kandahar bombings.", "bombings", "ASSAULT")
    assert src == ["Taliban"]


def test_refuge_sought_in_a_country(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Thousands of refugees have sought refuge in Poland.", "sought", "REQUEST")
    assert tgt == ["Poland"]


def test_office_keeps_whom_it_speaks_for(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventscope.nlp.roles import argument_span

    doc = nlp("A spokesman for the Taliban said the talks had failed.")
    s, e = argument_span(doc[1])
    assert doc.text[s:e] == "A spokesman for the Taliban"
