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
    # The merchants lead; the crowd itself follows them (event_context: a group named by who it is).
    assert ev.source[0] == "g:merchant"


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


# -- targets named inside the act (nlp.role_targets) ------------------------------------------


def test_own_forces_moved_from_an_unnamed_area(nlp) -> None:  # type: ignore[no-untyped-def]
    # No entity heads "territory" or "zone", but they name an area: the place withdrawn from.
    _, tgt = _roles(nlp, "Poland is willing to withdraw its troops from the disputed territory of Kashmir.",
                    "withdraw", "RETREAT")
    assert tgt == ["territory"]
    doc, ev = _one(nlp, "Germany withdrew its peacekeepers from the disputed territory of Kashmir.", "RETREAT")
    assert _spans(doc, ev.target_spans) == ["the disputed territory of Kashmir"]


def test_place_of_an_alert_with_a_locative_on_the_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Polish troops remained on alert in the northern region.", "remained", "MOBILIZE")
    assert tgt == ["region"]


def test_what_a_call_is_for_names_the_target(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Germany called for sanctions against Iran over its nuclear programme.", "called", "REQUEST")
    assert tgt == ["Iran"]
    _, tgt = _roles(nlp, "The opposition leader called for reform of the electoral law in Poland.", "called", "REQUEST")
    assert tgt == ["Poland"]


def test_rejected_allegation_is_aimed_at_its_author_or_at_no_one(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Russia rejected accusations from Poland that it had spied on the talks.", "rejected", "REJECT")
    assert tgt == ["Poland"]
    # A bare allegation stays the object (the event is kept) but is no argument phrase.
    from eventscope.nlp.roles import argument_spans, roles_for

    doc = nlp("The minister rejected accusations that he had lied to parliament.")
    roles = roles_for(next(t for t in doc if t.text == "rejected"), "REJECT")
    assert [t.text for t in roles.target] == ["accusations"] and argument_spans(roles.target) == []
    # An author named on the noun itself keeps the whole phrase.
    _, tgt = _roles(nlp, "Germany rejected Poland's accusations.", "rejected", "REJECT")
    assert tgt == ["accusations"]


def test_declining_to_comment_acts_on_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The German embassy declined to comment on the report.", "declined", "REJECT")
    assert tgt == []


def test_parties_of_a_mediation_further_down(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Germany launched a mediation effort to resolve the dispute between Poland and Russia.",
                    "effort", "CONSULT")
    assert tgt == ["Poland"]  # its conjunct "Russia" is expanded with it
    _, tgt = _roles(nlp, "The envoy ended his mediation efforts in the Syrian conflict.", "ended", "SANCTION")
    assert tgt == ["conflict"]


def test_forces_mobilised_for_an_act_against_a_party(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Russia mobilized the army for a ground offensive against Poland.", "mobilized", "MOBILIZE")
    assert tgt == ["Poland"]


def test_whom_the_purpose_of_aid_is_for(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Germany gave 5 million euros to help Iran cope with the floods.", "gave", "AID")
    assert tgt == ["Iran"]
    _, tgt = _roles(nlp, "Poland gave 3 million euros to promote investment in Kenya.", "gave", "AID")
    assert tgt == ["Kenya"]


def test_mission_sent_somewhere_to_investigate(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Germany sent a team of experts to Kenya to investigate the explosion.",
                    "investigate", "ACCUSE")
    assert tgt == ["Kenya"]


def test_things_returned_to_whom_they_were_seized_from(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The rebels said they will return the weapons they seized from the army.", "return", "RETREAT")
    assert tgt == ["army"]


def test_office_resigned(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Kowalski resigned as president of Poland on Friday.", "resigned", "RETREAT")
    assert tgt == ["Poland"]


def test_date_after_a_nominal_trigger_is_no_target(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The rebels declared a unilateral ceasefire on Monday in Kenya.", "ceasefire", "AGREE")
    assert tgt == ["Kenya"]


def test_country_a_mission_serves_in(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Poland agreed to extend its peacekeeping mission in Kenya.", "extend", "AGREE")
    assert tgt == ["Kenya"]
    _, tgt = _roles(nlp, "Police imposed a curfew in parts of Kandahar.", "imposed", "COERCE")
    assert tgt == ["parts"]


def test_party_owning_an_act_or_good(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The union lifted its boycott of Russian products.", "lifted", "CONCEDE")
    assert tgt == ["products"]
    _, tgt = _roles(nlp, "The government conceded to demands from the farmers.", "conceded", "CONCEDE")
    assert tgt == ["farmers"]


def test_topic_of_an_expressed_attitude_is_a_target_even_as_a_thing(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventscope.nlp.event_syntax import attitude_topic

    doc = nlp("The minister expressed optimism at the deal.")
    assert attitude_topic(next(t for t in doc if t.text == "deal"))
    doc = nlp("The minister expressed optimism on Monday that the talks would succeed.")
    assert attitude_topic(next(t for t in doc if t.text == "talks"))
    doc = nlp("The minister signed the deal.")
    assert not attitude_topic(next(t for t in doc if t.text == "deal"))


def test_clause_of_an_attitude_hung_on_the_copula(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The agency said it is skeptical the program would meet the deadline.", "is", "ACCUSE")
    assert tgt == ["program"]


def test_place_like_names_an_area(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventscope.nlp.role_targets import place_like

    doc = nlp("They moved from the disputed territory of Kashmir to the northern region and the bridge.")
    by_text = {t.text: t for t in doc}
    assert place_like(by_text["territory"]) and place_like(by_text["region"])
    assert not place_like(by_text["bridge"])


def test_announced_intention_of_the_speakers_side_is_the_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    src, _ = _roles(nlp, "Kowalski said the government will not lift the ban on Iran.", "lift", "CONCEDE")
    assert src == ["Kowalski"]
    # A named subject is its own doer.
    src, _ = _roles(nlp, "Kowalski said Germany will lift the ban on Iran.", "lift", "CONCEDE")
    assert src == ["Germany"]


def test_passive_expulsion_from_a_country(nlp) -> None:  # type: ignore[no-untyped-def]
    src, tgt = _roles(nlp, "Two German diplomats have been expelled from Russia.", "expelled", "COERCE")
    assert src == ["Russia"] and tgt == ["diplomats"]


def test_sides_of_a_between_phrase_on_the_object(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Germany lifted the trade restrictions between it and Poland.", "lifted", "CONCEDE")
    assert tgt == ["Poland"]


def test_what_is_set_up_is_no_target(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Germany agreed to set up a new centre for refugees in Kenya.", "agreed", "AGREE")
    assert tgt == []


def test_area_where_a_restriction_was_imposed(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Police eased curfew hours imposed in parts of Kandahar.", "eased", "CONCEDE")
    assert tgt == ["parts"]


def test_forces_sent_on_a_mission_are_the_doers_own(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Poland offered to send troops to help the Kenyan army.", "send", "MOBILIZE")
    assert tgt == ["army"]
    _, tgt = _roles(nlp, "Poland sent troops to Kenya to help the army.", "sent", "MOBILIZE")
    assert tgt == ["Kenya"]


def test_lifted_thing_stands_for_the_party_it_was_aimed_at(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "UN sanctions against Iran were lifted.", "lifted", "CONCEDE")
    assert tgt == ["Iran"]
    _, tgt = _roles(nlp, "Germany imposed sanctions in relation to Iran.", "imposed", "SANCTION")
    assert tgt == ["Iran"]


def test_own_action_called_off_after_a_deal_with_a_party(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Polish truck drivers called off their strike after reaching an agreement with the government.",
                    "called", "CONCEDE")
    assert tgt == ["government"]


def test_thing_whose_subtree_names_a_party_is_no_participant(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventscope.nlp.event_syntax import participant

    doc = nlp("Germany and Poland signed an agreement to keep trade flowing between Germany and Poland.")
    assert not participant(next(t for t in doc if t.text == "agreement"), doc)
    doc = nlp("Germany signed an agreement with Poland.")
    assert participant(next(t for t in doc if t.text == "Poland"), doc)


def test_demand_voiced_by_a_known_actor_keeps_the_speakers_phrase(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "Poland's foreign minister said Russia must withdraw its troops.", "REQUEST")
    assert _spans(doc, ev.source_spans) == ["Poland's foreign minister"]


def test_name_opening_the_clause_read_as_an_adverb_is_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    from eventscope.nlp.roles import subject_tokens

    doc = nlp("USAID deployed seven rescue teams to the region.")
    verb = next(t for t in doc if t.text == "deployed")
    if doc[0].dep_ != "nsubj":  # the parse this rule is for; a correct parse needs no rule
        assert [t.text for t in subject_tokens(verb)] == ["USAID"]


def test_passive_arrest_in_a_country_without_agent(nlp) -> None:  # type: ignore[no-untyped-def]
    src, tgt = _roles(nlp, "The journalist was arrested on Monday in Kenya for helping the rebels.", "arrested", "COERCE")
    assert src == ["Kenya"] and tgt == ["journalist"]
    # Not for harm: "killed in X" says where, not who.
    src, _ = _roles(nlp, "The journalist was killed on Monday in Kenya.", "killed", "ASSAULT")
    assert src == []


def test_call_to_mobilise_against_a_party(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Activists called on students to join a rally against the new law.", "called", "REQUEST")
    assert tgt == ["law"]
    # Other complements keep the party called on.
    _, tgt = _roles(nlp, "Germany called on Poland to lift its sanctions against Iran.", "called", "REQUEST")
    assert tgt == ["Poland"]


def test_refugees_stand_for_the_country_they_come_from(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Poland said it cannot accept any more refugees from Iran.", "accept", "AGREE")
    assert tgt == ["Iran"]


def test_place_on_a_nominal_triggers_adjective_or_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "The rebels declared a ceasefire effective from Sunday in Kenya.", "ceasefire", "AGREE")
    assert tgt == ["Kenya"]
    src, tgt = _roles(nlp, "Polish troops remained on alert in the northern region.", "alert", "MOBILIZE")
    assert src == ["troops"] and tgt == ["region"]


def test_thing_in_an_announced_clause_is_no_stand_in_for_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    src, _ = _roles(nlp, "Kowalski said the deal would open a new page in relations.", "open", "AGREE")
    assert src == ["deal"]


def test_harm_explained_by_an_attack_clause_takes_the_attacks_roles(nlp) -> None:  # type: ignore[no-untyped-def]
    # "N were killed as X launched strikes against Y": the attack is the act reported.
    src, tgt = _roles(nlp, "Nine villagers were killed when Polish gunmen launched an assault on the market.",
                      "killed", "ASSAULT")
    assert src == ["gunmen"] and tgt == ["market"]
    # A clause that is no attack leaves the harm's own roles.
    src, tgt = _roles(nlp, "Nine villagers were killed as they walked to the market.", "killed", "ASSAULT")
    assert src == [] and tgt == ["villagers"]


def test_strike_is_aimed_at_the_named_employer(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Dock workers went on strike for higher wages on General Motors.", "strike", "PROTEST")
    assert tgt == ["Motors"]
    _, tgt = _roles(nlp, "Dock workers went on strike for higher wages on Tuesday.", "strike", "PROTEST")
    assert tgt == []


def test_withdrawal_of_own_forces_is_aimed_at_the_place(nlp) -> None:  # type: ignore[no-untyped-def]
    _, tgt = _roles(nlp, "Poland began the withdrawal of its soldiers from Kandahar.", "withdrawal", "RETREAT")
    assert tgt == ["Kandahar"]


def test_leading_date_is_not_part_of_the_doer(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, ev = _one(nlp, "On 3 March 2021 Poland's foreign ministry rejected the proposal.", "REJECT")
    assert _spans(doc, ev.source_spans) == ["Poland's foreign ministry"]


def test_main_event_is_the_first_telling_of_an_attack() -> None:
    from eventscope.evaluate.run import main_event
    from eventscope.records import Event

    def ev(type_: str, trig: int, conf: float) -> Event:
        return Event(id=f"e{trig}", type=type_, sentence="s", start=0, end=100, trigger_start=trig, confidence=conf)

    # "X carried out air strikes in Y, killing Z": the strikes, although the killing scores higher.
    assert main_event([ev("ASSAULT", 10, 0.5), ev("ASSAULT", 40, 0.7)]).trigger_start == 10
    # Other types keep the most confident ("went on strike to protest X").
    assert main_event([ev("PROTEST", 10, 0.5), ev("PROTEST", 40, 0.7)]).trigger_start == 40


def test_setting_and_reason_phrases_are_no_targets(nlp) -> None:  # type: ignore[no-untyped-def]
    # "on the outskirts of X" says where the attack on the base was.
    _, tgt = _roles(nlp, "The gunmen attacked a police post on Sunday, also on the outskirts of Kabul.",
                    "attacked", "ASSAULT")
    assert tgt == ["post"]
    # "for its role in Y": the reason points back to the target.
    _, tgt = _roles(nlp, "Germany imposed sanctions against Iran for its role in the cyber attack.",
                    "imposed", "SANCTION")
    assert tgt == ["Iran"]
