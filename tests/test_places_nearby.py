"""Places stage, fifth round: spatial evidence without the towns of famous area names, mentions
the gazetteer cannot resolve placed at the article's nearest town, bare town names beside the
article's towns, the article's dominant state, townships, one sense per discourse with a
qualifier, counties hidden only by towns of their own name, and "Mt."/"Mount" spellings."""

from __future__ import annotations

import pytest

from eventscope.nlp.place_nearby import nearby_place, spatial_bonus, towns_beside
from eventscope.nlp.places import _candidates, resolve_all, resolve_spans
from eventscope.resources.gazetteer import GeoEntry, Gazetteer, name_variants

US = GeoEntry(6252001, "United States", 39.76, -98.5, "US", None, "A", "PCLI", 327_000_000)
LB = GeoEntry(272103, "Lebanon", 33.83, 35.83, "LB", None, "A", "PCLI", 6_000_000)
GEORGIA = GeoEntry(4197000, "Georgia", 32.75, -83.5, "US", "GA", "A", "ADM1", 10_000_000)
OHIO = GeoEntry(5165418, "Ohio", 40.25, -83.0, "US", "OH", "A", "ADM1", 11_000_000)
PENNSYLVANIA = GeoEntry(6254927, "Pennsylvania", 40.9, -77.8, "US", "PA", "A", "ADM1", 12_000_000)
CONNECTICUT = GeoEntry(4831725, "Connecticut", 41.67, -72.67, "US", "CT", "A", "ADM1", 3_500_000)
# Lebanon, Indiana beside Boone County; a Lebanon in Pennsylvania for the name's other towns.
LEBANON_IN = GeoEntry(4259640, "Lebanon", 40.05, -86.47, "US", "IN", "P", "PPL", 15_000)
BOONE_IN = GeoEntry(None, "Boone County", 40.05, -86.45, "US", "IN", "A", "ADM2", 60_000)
BOONE_MO = GeoEntry(None, "Boone County", 38.99, -92.31, "US", "MO", "A", "ADM2", 170_000)
HALL_COUNTY = GeoEntry(None, "Hall County", 34.32, -83.82, "US", "GA", "A", "ADM2", 180_000)
GAINESVILLE_GA = GeoEntry(4196586, "Gainesville", 34.30, -83.82, "US", "GA", "P", "PPL", 40_000)
GAINESVILLE_FL = GeoEntry(4156404, "Gainesville", 29.65, -82.32, "US", "FL", "P", "PPL", 130_000)
CLINTON_GA = GeoEntry(4188000, "Clinton", 34.30, -83.80, "US", "GA", "P", "PPL", 1_000)
COLUMBUS_OH = GeoEntry(4509177, "Columbus", 39.96, -83.0, "US", "OH", "P", "PPL", 900_000)
JEROME_PA = GeoEntry(5196000, "Jerome", 40.21, -78.98, "US", "PA", "P", "PPL", 1_000)
JEROME_OH = GeoEntry(5160000, "Jerome", 40.25, -83.2, "US", "OH", "P", "PPL", 900)
NEW_HAVEN_CT = GeoEntry(4839366, "New Haven", 41.31, -72.93, "US", "CT", "P", "PPL", 130_000)
NEW_HAVEN_IN = GeoEntry(4923000, "New Haven", 41.07, -85.01, "US", "IN", "P", "PPL", 15_000)
INDIANAPOLIS = GeoEntry(4259418, "Indianapolis", 39.77, -86.16, "US", "IN", "P", "PPL", 870_000)
# "Kanawha" is an alternate name of Charleston; the county of that name must stay a candidate.
KANAWHA_COUNTY = GeoEntry(None, "Kanawha County", 38.33, -81.57, "US", "WV", "A", "ADM2", 116_000)
CHARLESTON_WV = GeoEntry(4801859, "Charleston", 38.35, -81.63, "US", "WV", "P", "PPLA", 46_000)
MOUNT_PLEASANT_IA = GeoEntry(4868000, "Mount Pleasant", 40.96, -91.56, "US", "IA", "P", "PPL", 8_600)
ENTRIES = [US, LB, GEORGIA, OHIO, PENNSYLVANIA, CONNECTICUT, LEBANON_IN, BOONE_IN, BOONE_MO, HALL_COUNTY, GAINESVILLE_GA,
           GAINESVILLE_FL, CLINTON_GA, COLUMBUS_OH, JEROME_PA, JEROME_OH, NEW_HAVEN_CT, NEW_HAVEN_IN,
           INDIANAPOLIS, KANAWHA_COUNTY, CHARLESTON_WV, MOUNT_PLEASANT_IA]


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(ENTRIES, names={ENTRIES.index(KANAWHA_COUNTY): ["Kanawha"],
                                     ENTRIES.index(CHARLESTON_WV): ["Kanawha"]},
                     admin_abbreviations={"Conn.": ("US", "CT")})


def test_towns_of_a_country_name_give_no_spatial_evidence() -> None:
    bonus = spatial_bonus({"lebanon": [LB, LEBANON_IN], "boone county": [BOONE_IN, BOONE_MO]})
    assert bonus == {}  # "Lebanon" is mostly the country: its Indiana town vouches for nothing
    bonus = spatial_bonus({"gainesville": [GAINESVILLE_FL, GAINESVILLE_GA], "hall county": [HALL_COUNTY]})
    assert bonus["gainesville"][GAINESVILLE_GA] > 0 and GAINESVILLE_FL not in bonus["gainesville"]


def test_unknown_mentions_are_placed_at_the_nearest_town_only_when_known_to_be_places() -> None:
    text = "In Gainesville, the Squirrel Hill fair opened. Georgia officials came."
    town = (text.index("Gainesville"), text.index("Gainesville") + 11)
    fair = (text.index("Squirrel Hill"), text.index("Squirrel Hill") + 13)
    state = (text.index("Georgia"), text.index("Georgia") + 7)
    by_span = {town: (GAINESVILLE_GA, 0.9), fair: (None, 0.0), state: (GEORGIA, 0.9)}
    assert nearby_place("Squirrel Hill", *fair, by_span) is None  # the stage drops unknown names
    place = nearby_place("Squirrel Hill", *fair, by_span, unknown=True)
    assert place is not None and (place.lat, place.lon) == (GAINESVILLE_GA.lat, GAINESVILLE_GA.lon)
    assert place.feature_code == "AREA" and place.confidence == 0.45
    # with no town, the state; a street keeps its own kind
    by_state = {fair: (None, 0.0), state: (GEORGIA, 0.8)}
    place = nearby_place("Squirrel Hill", *fair, by_state, unknown=True)
    assert place is not None and place.admin1 == "GA"
    road = nearby_place("Kelley Lane", *fair, by_span)
    assert road is not None and road.feature_code == "RD"


def test_resolve_spans_places_unknown_names(gaz: Gazetteer) -> None:
    text = "Officials in Hall County said the Lakeview Lodge was closed."
    spans = [(text.index("Hall County"), text.index("Hall County") + 11),
             (text.index("Lakeview Lodge"), text.index("Lakeview Lodge") + 14)]
    county, lodge = resolve_spans(text, spans, gazetteer=gaz)
    assert county == HALL_COUNTY
    assert lodge is not None and (lodge.lat, lodge.lon) == (HALL_COUNTY.lat, HALL_COUNTY.lon)


def test_bare_town_names_beside_the_articles_towns(gaz: Gazetteer) -> None:
    text = "Hall County deputies said Gainesville police and Clinton helped. Bill Clinton spoke."
    ents = [(0, 11, "GPE"), (26, 37, "PERSON"), (50, 57, "PERSON"), (65, 77, "PERSON")]
    found = towns_beside(text, ents, [(0, 11)], [HALL_COUNTY], gazetteer=gaz)
    # Gainesville, Georgia lies in Hall County; "Clinton" is a surname here
    assert [(text[s:e], town) for s, e, town in found] == [("Gainesville", GAINESVILLE_GA)]
    # far from the article's towns, a name stays a name
    assert towns_beside(text, ents, [(0, 11)], [COLUMBUS_OH], gazetteer=gaz) == []


def test_a_township_lies_in_a_state_the_article_names(gaz: Gazetteer) -> None:
    # "Jerome" alone is the bigger Pennsylvania town; "Jerome Township" beside Ohio places is Ohio's
    out = resolve_all(["Jerome Township", "Columbus", "Ohio"], gazetteer=gaz)
    assert out[0][0] == JEROME_OH


def test_a_bare_mention_follows_the_qualified_one(gaz: Gazetteer) -> None:
    text = "From New Haven, Conn. to Indianapolis. New Haven officials said"
    spans = [(5, 14), (16, 21), (25, 37), (39, 48)]
    out = resolve_spans(text, spans, gazetteer=gaz)
    assert out[0] == NEW_HAVEN_CT and out[3] == NEW_HAVEN_CT


def test_a_county_is_hidden_only_by_a_town_of_its_own_name(gaz: Gazetteer) -> None:
    assert KANAWHA_COUNTY in _candidates("Kanawha", gaz)


def test_mount_and_mt_reach_each_other() -> None:
    assert "mt pleasant" in name_variants("mount pleasant")
    assert "fort myers" in name_variants("ft myers") and "ft myers" in name_variants("fort myers")
    gaz = Gazetteer([MOUNT_PLEASANT_IA])
    assert gaz.lookup("Mt. Pleasant") == [MOUNT_PLEASANT_IA]


TOCCOA_GA = GeoEntry(4226000, "Toccoa", 34.58, -83.33, "US", "GA", "P", "PPL", 8_000)  # 54 km from Hall County
ANDERSON_SC = GeoEntry(4569000, "Anderson", 34.50, -82.65, "US", "SC", "P", "PPL", 27_000)  # 110 km, another state
ABBOTT_GA = GeoEntry(4178000, "Abbott", 34.40, -83.70, "US", "GA", "P", "PPL", 100)


def test_towns_of_the_articles_state_and_their_local_bodies() -> None:
    gaz = Gazetteer([HALL_COUNTY, TOCCOA_GA, ANDERSON_SC, ABBOTT_GA])
    text = ("Hall County said Toccoa and Anderson agreed. Officers of the Toccoa Police Department and "
            "the Toccoa Youth Club came. Attorney General Abbott spoke.")
    def ent(name: str, label: str) -> tuple[int, int, str]:
        s = text.index(name)
        return s, s + len(name), label

    ents = [ent("Hall County", "GPE"), ent("Toccoa", "ORG"), ent("Anderson", "PERSON"),
            ent("the Toccoa Police Department", "ORG"), ent("the Toccoa Youth Club", "ORG"), ent("Abbott", "PERSON")]
    found = towns_beside(text, ents, [(0, 11)], [HALL_COUNTY], gazetteer=gaz)
    # a town of the article's state within 100 km, and the one a local body is named after; not a
    # town of another state that far, an organisation not named as a town's body, nor a titled person
    assert [(s, text[s:e], town) for s, e, town in found] == [(17, "Toccoa", TOCCOA_GA), (text.index("Toccoa Police"), "Toccoa", TOCCOA_GA)]
