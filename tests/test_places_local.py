"""Places stage, fourth round: local features (streets, waters) placed at the article's town,
minor localities (US post-office towns) taken only in a US context, particle-joined names,
places after "near", trailing areas after a comma, and one key for "Tripoli" and "Tripoli City"."""

from __future__ import annotations

import pytest

from eventscope.nlp.place_mentions import (
    area_after_name_spans,
    cued_spans,
    find_place_patterns,
    joined_spans,
    local_feature_kind,
    local_feature_spans,
)
from eventscope.nlp.places import _candidates, resolve_all
from eventscope.resources.gazetteer import GeoEntry, Gazetteer

US = GeoEntry(6252001, "United States", 39.76, -98.5, "US", None, "A", "PCLI", 327_000_000)
UA = GeoEntry(690791, "Ukraine", 49.0, 32.0, "UA", None, "A", "PCLI", 44_000_000)
LB = GeoEntry(272103, "Lebanon", 33.83, 35.83, "LB", None, "A", "PCLI", 6_000_000)
VIRGINIA = GeoEntry(6254928, "Virginia", 37.5, -78.8, "US", "VA", "A", "ADM1", 8_000_000)
DONETSK_OBLAST = GeoEntry(None, "Donetsk", 48.0, 37.8, "UA", "05", "A", "ADM1", 4_000_000)
RICHMOND = GeoEntry(4781708, "Richmond", 37.55, -77.46, "US", "VA", "P", "PPL", 220_000)
# A post-office town (no GeoNames id, no population) and a famous namesake of another.
LANEXA = GeoEntry(None, "Lanexa", 37.42, -76.90, "US", "VA", "P", "PPL", 0)
DENVER = GeoEntry(5419384, "Denver", 39.74, -104.98, "US", "CO", "P", "PPL", 700_000)
DENVER_IN = GeoEntry(None, "Denver", 40.86, -86.08, "US", "IN", "P", "PPL", 0)
SVITLODARSK = GeoEntry(699035, "Svitlodarsk", 48.43, 38.22, "UA", "05", "P", "PPL", 11_000)
CATOLE = GeoEntry(3402591, "Catole do Rocha", -6.34, -37.75, "BR", "17", "P", "PPL", 21_000)
ROCHA = GeoEntry(3440777, "Rocha", -34.48, -54.33, "UY", "14", "P", "PPL", 25_000)
TRIPOLI_LY = GeoEntry(2210247, "Tripoli", 32.89, 13.19, "LY", "77", "P", "PPLC", 1_150_000)
TRIPOLI_LB = GeoEntry(266826, "Tripoli", 34.44, 35.85, "LB", "04", "P", "PPL", 230_000)
BEIRUT = GeoEntry(276781, "Beirut", 33.89, 35.49, "LB", "04", "P", "PPLC", 1_900_000)
SETE = GeoEntry(2975349, "Sete", 43.4, 3.7, "FR", "76", "P", "PPL", 44_000)
ENTRIES = [US, UA, LB, VIRGINIA, DONETSK_OBLAST, RICHMOND, LANEXA, DENVER, DENVER_IN, SVITLODARSK, CATOLE, ROCHA,
           TRIPOLI_LY, TRIPOLI_LB, BEIRUT, SETE]


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(ENTRIES, names={ENTRIES.index(SETE): ["St"]}, admin_abbreviations={"Va.": ("US", "VA")})


def test_local_feature_spans_and_kinds() -> None:
    text = ("Superintendent Dr. Smith met Virginia L. Lane on Kelley Lane near the Catawba River and "
            "Lake Hartwell. The Park opened on Main St. downtown.")
    found = [text[a:b] for a, b in local_feature_spans(text, [])]
    assert found == ["Kelley Lane", "Catawba River", "Lake Hartwell", "Main St."]
    assert local_feature_kind("Kelley Lane") == ("R", "RD")
    assert local_feature_kind("Catawba River") == ("H", "STM")
    assert local_feature_kind("Lake Hartwell") == ("H", "LK")
    assert local_feature_kind("Richmond") is None
    # a span already taken is not found again
    start = text.index("Kelley Lane")
    assert "Kelley Lane" not in [text[a:b] for a, b in local_feature_spans(text, [(start, start + 6)])]


def test_minor_localities_need_a_us_context(gaz: Gazetteer) -> None:
    # alone, a post-office town is no place: thousands of them are also words or surnames
    assert resolve_all(["Lanexa"], gazetteer=gaz) == [(None, 0.0)]
    # in an article about Virginia it is
    (entry, _), _ = resolve_all(["Lanexa", "Virginia"], gazetteer=gaz)
    assert entry == LANEXA
    # beside a famous namesake it needs its own state or a place of the article close by
    (entry, _), _ = resolve_all(["Denver", "Virginia"], gazetteer=gaz)
    assert entry == DENVER


def test_joined_names(gaz: Gazetteer) -> None:
    text = "in Catole do Rocha, Paraiba"
    rocha = (text.index("Rocha"), text.index("Rocha") + 5)
    assert [text[a:b] for a, b in joined_spans(text, [rocha], gazetteer=gaz)] == ["Catole do Rocha"]
    catole = (3, 9)
    assert [text[a:b] for a, b in joined_spans(text, [catole, rocha], gazetteer=gaz)] == ["Catole do Rocha"]
    # unknown longer names are left alone
    text2 = "in Rocha do Norte"
    assert [text2[a:b] for a, b in joined_spans(text2, [(3, 8)], gazetteer=gaz)] == ["Rocha"]


def test_place_after_near_whatever_its_label(gaz: Gazetteer) -> None:
    text = "The OSCE SMM observed 7 bursts of fire near Svitlodarsk."
    start = text.index("Svitlodarsk")
    ents = [(start, start + len("Svitlodarsk"), "PRODUCT")]
    assert [text[a:b] for a, b in cued_spans(text, [], ents, gazetteer=gaz)] == ["Svitlodarsk"]
    # a demonym is no place, whatever precedes it
    text2 = "fired near Ukrainian positions"
    s2 = text2.index("Ukrainian")
    gaz2 = Gazetteer(ENTRIES, demonyms={"Ukrainian": "UA"})
    assert cued_spans(text2, [], [(s2, s2 + 9, "NORP")], gazetteer=gaz2) == []


def test_area_after_a_name_and_a_comma(gaz: Gazetteer) -> None:
    text = "fired at positions in the area of Syhnalne, Donetsk. Smith, Donetsk mayor, said"
    found = [text[a:b] for a, b in area_after_name_spans(text, [], gazetteer=gaz)]
    assert found == ["Donetsk"]


def test_patterns_with_state_abbreviation_or_after_a_comma(gaz: Gazetteer) -> None:
    gaz2 = Gazetteer(ENTRIES, admin_abbreviations={"VA": ("US", "VA")})
    text = "a man was attacked in Lanexa (VA) over a dispute"
    assert [(text[p.start:p.end]) for p in find_place_patterns(text, gazetteer=gaz2)] == ["Lanexa"]
    assert find_place_patterns(text) == []  # without the gazetteer an acronym is no qualifier
    text2 = "a protest at the Polytechnic College, Svitlodarsk (Virginia) against"
    assert [text2[p.start:p.end] for p in find_place_patterns(text2, gazetteer=gaz)] == ["Svitlodarsk"]


def test_one_key_for_a_name_and_its_kind_word(gaz: Gazetteer) -> None:
    # "Tripoli City" is "Tripoli": neither is context for the other, Lebanon and Beirut decide
    out = resolve_all(["Lebanon", "Beirut", "Tripoli City", "Tripoli"], gazetteer=gaz)
    assert out[2][0] == TRIPOLI_LB and out[3][0] == TRIPOLI_LB


def test_abbreviations_alone_are_no_places(gaz: Gazetteer) -> None:
    assert _candidates("St.", gaz) == []
    assert _candidates("Richmond", gaz) == [RICHMOND]


def test_state_abbreviation_after_a_town_is_a_place(gaz: Gazetteer) -> None:
    from eventscope.nlp.place_mentions import state_after_spans

    text = "found dead in Richmond, Va. The police of Richmond, Va said"
    first = (text.index("Richmond"), text.index("Richmond") + 8)
    found = [text[a:b] for a, b in state_after_spans(text, [first], gazetteer=gaz)]
    assert found == ["Richmond", "Va."]
    # a span the tagger cut before the abbreviation's period gets it back
    va = (text.index("Va."), text.index("Va.") + 2)
    assert [text[a:b] for a, b in state_after_spans(text, [va], gazetteer=gaz)] == ["Va."]
