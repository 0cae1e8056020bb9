"""Event location consistency checks (event_context.consistent_locations) on a blank pipeline."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from eventscope.nlp.event_context import consistent_locations
from eventscope.nlp.extensions import register_extensions
from eventscope.records import Event, Place


def _doc(text: str, places: list[Place]) -> Doc:
    nlp = spacy.blank("en")
    doc = nlp(text)
    register_extensions()
    doc._.places = places
    return doc


def _place(text: str, name: str, at: str, *, country: str, code: str = "PPL", admin1: str | None = None,
           geonameid: int | None = 1) -> Place:
    start = at.index(text)
    return Place(name=name, start=start, end=start + len(text), text=text, lat=1.0, lon=1.0, country=country,
                 admin1=admin1, geonameid=geonameid, feature_class="A" if code.startswith("ADM") else "P",
                 feature_code=code)


def _event(text: str, loc: Place) -> Event:
    return Event(id="e", type="ASSAULT", sentence=text, start=0, end=len(text), location=loc)


def test_town_written_inside_area_wins_over_the_area() -> None:
    text = "On 4 May, in Sinop, Mato Grosso, a man was stabbed."
    town = _place("Sinop", "Sinop", text, country="BR", admin1="14")
    area = _place("Mato Grosso", "Mato Grosso", text, country="BR", code="ADM1", admin1="14", geonameid=None)
    ev = _event(text, area)
    consistent_locations(_doc(text, [town, area]), [ev])
    assert ev.location is town


def test_place_outside_the_province_written_after_it_gives_way() -> None:
    text = "On 4 May, in Benito Juarez, Nuevo Leon, a man was shot."
    town = _place("Benito Juarez", "Benito Juarez", text, country="MX", admin1="09")
    area = _place("Nuevo Leon", "Nuevo Leon", text, country="MX", code="ADM1", admin1="19", geonameid=None)
    ev = _event(text, town)
    consistent_locations(_doc(text, [town, area]), [ev])
    assert ev.location is area


def test_lone_foreign_reading_qualified_by_the_story_country_gives_way() -> None:
    text = "Men raided houses in the Annex district (Lubumbashi). Lubumbashi police came."
    wrong = _place("Annex", "Annex", text, country="CA")
    city = _place("Lubumbashi", "Lubumbashi", text, country="CD")
    again = Place(**{**city.__dict__, "start": text.rindex("Lubumbashi"), "end": text.rindex("Lubumbashi") + 10})
    ev = Event(id="e", type="ASSAULT", sentence=text, start=0, end=text.index(".") + 1, location=wrong)
    consistent_locations(_doc(text, [wrong, city, again]), [ev])
    assert ev.location is city


def test_two_countries_named_once_each_are_left_alone() -> None:
    text = "In Tegucigalpa, residents protested against burials in Los Angeles cemetery."
    here = _place("Tegucigalpa", "Tegucigalpa", text, country="HN", code="PPLC")
    there = _place("Los Angeles", "Los Angeles", text, country="US")
    ev = _event(text, here)
    consistent_locations(_doc(text, [here, there]), [ev])
    assert ev.location is here
