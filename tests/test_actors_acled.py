"""The ACLED actor matcher (``evaluate.run.acled_actor_matches``) on the bundled dictionary."""

from __future__ import annotations

import pytest

from eventscope.evaluate.run import acled_actor_matches
from eventscope.records import Actor
from eventscope.resources.actors import ActorDictionary


@pytest.fixture(scope="module")
def bundled() -> ActorDictionary:
    return ActorDictionary.load()


def test_faction_in_parentheses_is_no_country(bundled):
    """ "Mayi Mayi Militia (Raia Mutomboki)" names a faction: matched by name, not as a generic actor."""
    faction = Actor(id="raia-mutomboki", name="Raia Mutomboki", kind="armed_group", country="COD", sector="REB")
    assert acled_actor_matches("Mayi Mayi Militia (Raia Mutomboki)", faction, bundled)
    unnamed = Actor(id="g:militia@COD", name="militias", kind="group", country="COD", sector="REB")
    assert not acled_actor_matches("Mayi Mayi Militia (Raia Mutomboki)", unnamed, bundled)
    # a country in the parenthesis still makes a generic actor, matched by sector and country
    assert acled_actor_matches("Unidentified Communal Militia (Democratic Republic of Congo)", unnamed, bundled)


def test_national_bodies_match_acleds_state_forces(bundled):
    mit = Actor(id="tur-mit", name="National Intelligence Organization", kind="police", country="TUR", sector="COP")
    assert acled_actor_matches("Police Forces of Turkey (2016-) National Intelligence Organization", mit, bundled)
    assert not acled_actor_matches("Military Forces of Syria (2000-)", mit, bundled)
    afi = Actor(id="syr-afid", name="Air Force Intelligence Directorate", kind="military", country="SYR", sector="MIL")
    assert acled_actor_matches("Military Forces of Syria (2000-) Air Force Intelligence Directorate", afi, bundled)
    assert not acled_actor_matches("Unidentified Armed Group (Syria)", afi, bundled)  # a state force is named


def test_operations_and_people_of_a_country(bundled):
    ops = Actor(id="tur-peace-spring", name="Operation Peace Spring", kind="military", country="TUR", sector="MIL")
    assert acled_actor_matches("Operation Peace Spring", ops, bundled)
    people = Actor(id="PSE-CVL", name="Palestine civilians", kind="group", country="PSE", sector="CVL")
    assert acled_actor_matches("Rioters (Palestine)", people, bundled)
    assert not acled_actor_matches("Rioters (Israel)", people, bundled)
    state = Actor(id="PSE", name="Palestine", kind="state", country="PSE")
    assert not acled_actor_matches("Rioters (Palestine)", state, bundled)


def test_opposition_rebels_are_generic_rebels(bundled):
    factions = Actor(id="g:opposition-faction@SYR", name="opposition factions", kind="group", country="SYR",
                     sector="REB")
    assert acled_actor_matches("Opposition Rebels (Syria)", factions, bundled)
    hts = Actor(id="hts", name="Hayat Tahrir al-Sham", kind="armed_group", country="SYR", sector="REB")
    assert not acled_actor_matches("Opposition Rebels (Syria)", hts, bundled)  # a named group is named
