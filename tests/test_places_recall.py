"""Places stage: place names the model mislabels or misses, found by their wording or by the
article's other mentions (datelines, one sense per discourse, "R-Elbow Lake", county lists)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from eventscope.nlp.extensions import register_extensions
from eventscope.nlp.places import (
    PlacesComponent,
    consistent_spans,
    cued_spans,
    demonym_places,
    find_dateline,
    resolve,
    worded_spans,
)
from eventscope.records import Entity
from eventscope.resources import Resources
from eventscope.resources.gazetteer import GeoEntry, Gazetteer

US = GeoEntry(6252001, "United States", 39.76, -98.5, "US", None, "A", "PCLI", 327_000_000)
GE = GeoEntry(614540, "Georgia", 42.0, 43.5, "GE", None, "A", "PCLI", 3_700_000)
OHIO = GeoEntry(5165418, "Ohio", 40.25, -83.0, "US", "OH", "A", "ADM1", 11_700_000)
SOUTH_CAROLINA = GeoEntry(4597040, "South Carolina", 34.0, -81.0, "US", "SC", "A", "ADM1", 5_000_000)
MANSFIELD = GeoEntry(4517009, "Mansfield", 40.76, -82.52, "US", "OH", "P", "PPL", 47_000)
EDMONTON = GeoEntry(5946768, "Edmonton", 53.55, -113.47, "CA", "01", "P", "PPL", 1_000_000)
ELBOW_LAKE = GeoEntry(5024473, "Elbow Lake", 45.99, -95.98, "US", "MN", "P", "PPL", 1_200)
GRAND_PRAIRIE = GeoEntry(4694482, "Grand Prairie", 32.75, -96.99, "US", "TX", "P", "PPL", 190_000)
RIPLEY = GeoEntry(4638068, "Ripley", 35.75, -89.53, "US", "TN", "P", "PPL", 25_000)
CLARKE = GeoEntry(None, "Clarke County", 33.95, -83.37, "US", "GA", "A", "ADM2", 120_000)
OCONEE = GeoEntry(None, "Oconee County", 33.83, -83.44, "US", "GA", "A", "ADM2", 35_000)
HENDERSON = GeoEntry(None, "Henderson County", 32.2, -95.85, "US", "TX", "A", "ADM2", 80_000)
GUIZHOU = GeoEntry(None, "Guizhou Sheng", 26.8, 106.8, "CN", "18", "A", "ADM1", 35_000_000)
GUIZHOU_HAMLET = GeoEntry(1, "Guizhou", 30.9, 110.7, "CN", "12", "P", "PPL", 0)
ENTRIES = [US, GE, OHIO, SOUTH_CAROLINA, MANSFIELD, EDMONTON, ELBOW_LAKE, GRAND_PRAIRIE, RIPLEY, CLARKE, OCONEE,
           HENDERSON, GUIZHOU, GUIZHOU_HAMLET]


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(ENTRIES, names={0: ["U.S."], 8: ["Clarke"], 9: ["Oconee"], 10: ["Henderson"],
                                     12: ["Guizhou"]},
                     demonyms={"American": "US", "Georgian": "GE"},
                     admin_abbreviations={"S.C.": ("US", "SC"), "Ohio": ("US", "OH")})


def test_dateline(gaz: Gazetteer) -> None:
    text = "Mayor seeks pay cut. MANSFIELD -- The mayor of the city said on Monday ..."
    span = find_dateline(text, gaz)
    assert span is not None and text[span[0]:span[1]] == "MANSFIELD"
    assert find_dateline("BREAKING NEWS: Mansfield mayor resigns", gaz) is None
    assert find_dateline("Some words. ZANZIBAR -- unknown to this gazetteer", gaz) is None


def test_one_sense_per_discourse(gaz: Gazetteer) -> None:
    text = "Edmonton is cold. Edmonton received a B. The Edmonton Oilers won. EDMONTON fans cheered."
    place = (0, 8)
    ents = [(0, 8, "GPE"), (18, 26, "ORG"), (45, 60, "ORG")]
    got = [text[s:e] for s, e in consistent_spans(text, [place], ents, gazetteer=gaz)]
    # the ORG "Edmonton" and the capitals are the place; the hockey club's name is not
    assert got == ["Edmonton", "EDMONTON"]
    assert len(consistent_spans(text, [place], ents, gazetteer=gaz)) == 2


def test_one_sense_per_discourse_skips_people(gaz: Gazetteer) -> None:
    text = "Ripley won. Coach Ripley said the team was ready. Ripley is proud."
    got = consistent_spans(text, [(0, 6)], [(0, 6, "GPE"), (18, 24, "PERSON")], gazetteer=gaz)
    assert got == []  # "Coach Ripley said": the article's Ripley is a person


def test_cued_spans(gaz: Gazetteer) -> None:
    text = "He lives in Mansfield and works at 420 Augusta St., Edmonton, near Ripley, Ohio."
    ents = [(12, 21, "PERSON"), (52, 60, "ORG"), (67, 73, "PERSON")]
    got = [text[s:e] for s, e in cued_spans(text, [], ents, gazetteer=gaz)]
    assert got == ["Mansfield", "Edmonton", "Ripley"]


def test_worded_spans(gaz: Gazetteer) -> None:
    text = ("Rep. Torrey Westrom, R-Elbow Lake, and James Clyburn, D-S.C., spoke. Clarke and Oconee counties "
            "voted. Kalena Horhn of Grand Prairie said so.")
    start = text.index("Kalena")
    ents = [(start, start + len("Kalena Horhn"), "PERSON")]
    got = [text[s:e] for s, e in worded_spans(text, ents, gazetteer=gaz)]
    assert got == ["Elbow Lake", "S.C.", "Clarke", "Oconee", "Grand Prairie"]


def test_component_finds_places_held_in_unknown_gpe(gaz: Gazetteer) -> None:
    register_extensions()
    nlp = spacy.blank("en")
    comp = PlacesComponent(nlp, "places")
    comp.setup(Resources(gazetteer=gaz))
    doc = nlp.make_doc("He was taken to the Henderson County Jail on Monday.")
    doc.ents = [Span(doc, 4, 8, "GPE")]
    doc = comp(doc)
    assert [(p.text, p.name) for p in doc._.places] == [("Henderson County", "Henderson County")]


def test_demonym_places_inside_organisations(gaz: Gazetteer) -> None:
    ents = [Entity("the Georgian Interior Ministry", "ORG", 0, 30), Entity("American", "ORG", 40, 48),
            Entity("Americana Records", "ORG", 50, 67)]
    got = demonym_places(ents, gazetteer=gaz)
    assert [(p.text, p.country, p.start, p.end) for p in got] == [("Georgian", "GE", 4, 12), ("American", "US", 40, 48)]


def test_state_adjectives_and_plurals(gaz: Gazetteer) -> None:
    assert resolve("Ohioans", gazetteer=gaz) == OHIO


def test_a_hamlet_named_like_a_province_is_no_city(gaz: Gazetteer) -> None:
    assert resolve("Guizhou", gazetteer=gaz) == GUIZHOU


# -- resolution rules: counties against states and towns, capitals against the article's country ---
DEKALB_IL = GeoEntry(4889553, "DeKalb", 41.93, -88.75, "US", "IL", "P", "PPL", 43_000)
DEKALB_GA = GeoEntry(None, "DeKalb County", 33.81, -84.22, "US", "GA", "A", "ADM2", 311_000)
OHIO_COUNTY = GeoEntry(None, "Ohio County", 40.1, -80.6, "US", "WV", "A", "ADM2", 31_000)
LONDON_GB = GeoEntry(2643743, "London", 51.51, -0.13, "GB", "ENG", "P", "PPLC", 8_900_000)
LONDON_CA = GeoEntry(6058560, "London", 42.98, -81.23, "CA", "08", "P", "PPL", 420_000)
CANADA = GeoEntry(6251999, "Canada", 60.1, -113.6, "CA", None, "A", "PCLI", 37_000_000)
RULES = [OHIO, DEKALB_IL, DEKALB_GA, OHIO_COUNTY, LONDON_GB, LONDON_CA, CANADA]


@pytest.fixture()
def gaz5() -> Gazetteer:
    return Gazetteer(RULES, names={2: ["DeKalb"], 3: ["Ohio"]})


def test_a_town_hides_counties_of_its_name_in_its_own_state_only(gaz5: Gazetteer) -> None:
    from eventscope.nlp.places import _candidates

    assert set(_candidates("DeKalb", gaz5)) == {DEKALB_IL, DEKALB_GA}


def test_a_bare_county_name_is_not_the_state(gaz5: Gazetteer) -> None:
    from eventscope.nlp.places import _candidates

    assert _candidates("Ohio", gaz5) == [OHIO]


def test_capital_yields_to_the_namesake_in_the_articles_country(gaz5: Gazetteer) -> None:
    from eventscope.nlp.places import resolve_all

    assert resolve_all(["London"], gazetteer=gaz5)[0][0] == LONDON_GB
    assert resolve_all(["London", "Canada", "Canada"], gazetteer=gaz5)[0][0] == LONDON_CA


def test_town_of_any_size_before_its_public_bodies(gaz: Gazetteer) -> None:
    from eventscope.nlp.places import held_place

    # Elbow Lake is too small to be taken for a place on its own, but not before "Police"
    assert held_place(["the", "Elbow", "Lake", "Police", "Department"], gaz) == (1, 3)
    assert held_place(["Elbow", "Lake", "Investments"], gaz) is None


def test_resident_nouns_mark_a_town(gaz: Gazetteer) -> None:
    text = "A Mansfield man and four Elbow Lake homes."
    ents = [(2, 11, "PERSON"), (25, 35, "PERSON")]
    assert [text[s:e] for s, e in cued_spans(text, [], ents, gazetteer=gaz)] == ["Mansfield", "Elbow Lake"]
