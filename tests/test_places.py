"""Places stage: disambiguation, qualifiers, focus country, the spaCy component."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from eventscope.errors import ConfigError
from eventscope.nlp.extensions import register_extensions
from eventscope.nlp.places import (
    _spatial_bonus,
    find_qualifiers,
    focus_country,
    held_place,
    place_at,
    resolve,
    resolve_all,
    resolve_spans,
)
from eventscope.records import Place
from eventscope.resources import Resources
from eventscope.resources.gazetteer import GeoEntry, Gazetteer, haversine_km

KZ = GeoEntry(1522867, "Kazakhstan", 48.0, 68.0, "KZ", None, "A", "PCLI", 18_000_000)
RU = GeoEntry(2017370, "Russia", 60.0, 100.0, "RU", None, "A", "PCLI", 144_000_000)
US = GeoEntry(6252001, "United States", 39.76, -98.5, "US", None, "A", "PCLI", 327_000_000)
AF = GeoEntry(1149361, "Afghanistan", 33.0, 66.0, "AF", None, "A", "PCLI", 37_000_000)
ALMATY_KZ = GeoEntry(1526384, "Almaty", 43.25, 76.91, "KZ", "02", "P", "PPL", 1_977_011)
# A larger namesake elsewhere, so population alone picks the wrong one.
ALMATY_RU = GeoEntry(2, "Almaty", 55.0, 40.0, "RU", "48", "P", "PPL", 3_000_000)
SPRINGFIELD_MO = GeoEntry(4409896, "Springfield", 37.2, -93.3, "US", "MO", "P", "PPL", 170_000)
SPRINGFIELD_IL = GeoEntry(4250542, "Springfield", 39.8, -89.6, "US", "IL", "P", "PPL", 114_000)
ILLINOIS = GeoEntry(4896861, "Illinois", 40.0, -89.0, "US", "IL", "A", "ADM1", 12_000_000)
KABUL = GeoEntry(1138958, "Kabul", 34.53, 69.17, "AF", "13", "P", "PPLC", 4_400_000)
ENTRIES = [KZ, RU, US, AF, ALMATY_KZ, ALMATY_RU, SPRINGFIELD_MO, SPRINGFIELD_IL, ILLINOIS, KABUL]


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(ENTRIES, names={2: ["U.S.", "USA"]}, demonyms={"Afghan": "AF", "Kazakh": "KZ"},
                     admin_abbreviations={"Ill": ("US", "IL")})


def test_resolve_prefers_population_without_context(gaz: Gazetteer) -> None:
    assert resolve("Almaty", context_countries=[], gazetteer=gaz) == ALMATY_RU


def test_resolve_uses_country_context(gaz: Gazetteer) -> None:
    assert resolve("Almaty", context_countries=["KZ"], gazetteer=gaz) == ALMATY_KZ
    assert resolve("Atlantis", context_countries=["KZ"], gazetteer=gaz) is None


def test_city_country_qualifier(gaz: Gazetteer) -> None:
    text = "Protests in Almaty, Kazakhstan and Springfield, Ill. continued."
    spans = [(12, 18), (20, 30), (35, 46)]
    assert [text[s:e] for s, e in spans] == ["Almaty", "Kazakhstan", "Springfield"]
    quals = find_qualifiers(text, spans)
    assert quals == ["Kazakhstan", None, "Ill."]
    res = resolve_all([text[s:e] for s, e in spans], gazetteer=gaz, qualifiers=quals)
    assert [r[0] for r in res] == [ALMATY_KZ, KZ, SPRINGFIELD_IL]
    assert resolve("Springfield", context_countries=["US"], gazetteer=gaz, qualifier="Ill.") == SPRINGFIELD_IL


def test_document_context_and_demonyms(gaz: Gazetteer) -> None:
    # Another mention of the country steers the ambiguous city.
    (almaty, conf), (kz, _) = resolve_all(["Almaty", "Kazakhstan"], gazetteer=gaz)
    assert almaty == ALMATY_KZ and kz == KZ and 0 < conf <= 1
    # A state mentioned elsewhere steers "Springfield".
    res = resolve_all(["Springfield", "Illinois"], gazetteer=gaz)
    assert res[0][0] == SPRINGFIELD_IL
    # Demonyms are context, not places.
    assert resolve_all(["Almaty"], gazetteer=gaz, extra_countries=["KZ"])[0][0] == ALMATY_KZ


def test_countries_resolve_to_their_centre(gaz: Gazetteer) -> None:
    for name in ("Kazakhstan", "U.S.", "USA", "Afghanistan"):
        entry = resolve(name, context_countries=[], gazetteer=gaz)
        assert entry is not None and entry.feature_code == "PCLI"


def _place(country: str | None, start: int) -> Place:
    return Place(name="x", start=start, end=start + 1, country=country)


def test_focus_country() -> None:
    assert focus_country([]) is None
    assert focus_country([_place("AF", 0), _place("KZ", 5), _place("KZ", 9)]) == "KZ"
    assert focus_country([_place("AF", 0), _place("KZ", 5)]) == "AF"  # tie -> first mentioned
    assert focus_country([_place("AF", 0)], demonym_countries=["TJ", "TJ", "TJ"]) == "TJ"
    assert focus_country([_place(None, 0)]) is None


def _component(gaz: Gazetteer):  # type: ignore[no-untyped-def]
    register_extensions()
    nlp = spacy.blank("en")
    comp = nlp.add_pipe("eventscope_places")
    return nlp, comp


def test_component_requires_setup(gaz: Gazetteer) -> None:
    nlp, comp = _component(gaz)
    with pytest.raises(ConfigError):
        nlp("Almaty is big.")
    with pytest.raises(ConfigError):
        comp.setup(Resources())


def test_component_writes_places_and_focus(gaz: Gazetteer) -> None:
    nlp, comp = _component(gaz)
    comp.setup(Resources(gazetteer=gaz))
    doc = nlp.make_doc("Afghan officials met in Almaty, Kazakhstan, near Kabul and the Red Fort.")
    doc.ents = [Span(doc, 0, 1, "NORP"), Span(doc, 4, 5, "GPE"), Span(doc, 6, 7, "GPE"),
                Span(doc, 9, 10, "GPE"), Span(doc, 12, 14, "FAC")]
    doc = comp(doc)
    names = [(p.text, p.country, p.geonameid) for p in doc._.places]
    # The FAC unknown to the gazetteer is dropped; the NORP demonym is no place (but is context).
    assert names == [("Almaty", "KZ", 1526384), ("Kazakhstan", "KZ", 1522867), ("Kabul", "AF", 1138958)]
    assert doc._.focus_country == "KZ"
    almaty = place_at(doc, 24, 30)
    assert almaty is not None and almaty.text == "Almaty" and almaty.lat == pytest.approx(43.25)
    assert place_at(doc, 0, 6) is None


# -- the packaged gazetteer ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def real() -> Gazetteer:
    return Gazetteer.load()


def test_real_gazetteer_resolution(real: Gazetteer) -> None:
    almaty = resolve("Almaty", context_countries=[], gazetteer=real)
    assert almaty is not None and almaty.country == "KZ"
    assert haversine_km(almaty.lat, almaty.lon, 43.25, 76.92) < 25
    herat = resolve("Herat", context_countries=["AF"], gazetteer=real)
    assert herat is not None and herat.country == "AF"
    dushanbe = resolve("Dushanbe", context_countries=[], gazetteer=real)
    assert dushanbe is not None and dushanbe.country == "TJ"
    kz = resolve("Kazakhstan", context_countries=[], gazetteer=real)
    assert kz is not None and kz.feature_code == "PCLI" and kz.geonameid == 1522867
    assert resolve("Afghan", context_countries=[], gazetteer=real) == real.country("AF")
    springfield = resolve_all(["Springfield", "Illinois"], gazetteer=real)[0][0]
    assert springfield is not None and springfield.admin1 == "IL"



def test_name_particles_and_hyphenated_articles(real: Gazetteer) -> None:
    # A lone article or name-forming particle is a fragment of a longer name, not a place.
    for piece in ("Al", "La", "Abu", "Ras", "Bir", "Nuevo"):
        assert resolve(piece, context_countries=[], gazetteer=real) is None, piece
    # ... but the all-caps abbreviation still stands for its city, and a city bearing the word as
    # its own name is that city ("Beni" in North Kivu).
    assert resolve("LA", context_countries=["US"], gazetteer=real) is not None
    beni = resolve("Beni", context_countries=[], gazetteer=real)
    assert beni is not None and beni.country == "CD"
    # A hyphenated article ("Ar-", "As-") is looked up with and without it, never on its own.
    raqqa = resolve("Ar-Raqqa", context_countries=[], gazetteer=real)
    assert raqqa is not None and raqqa.country == "SY"

# -- spatial coherence, adjectives, parts of places, places inside organisation names -------------
CHATHAM_IL = GeoEntry(4235193, "Chatham", 39.68, -89.70, "US", "IL", "P", "PPL", 12_000)
OSSETIA = GeoEntry(None, "South Ossetia", 42.3, 44.0, "GE", None, "L", "RGN", 0)
TEXAS = GeoEntry(4736286, "Texas", 31.25, -99.25, "US", "TX", "A", "ADM1", 29_000_000)
MORE = [*ENTRIES, CHATHAM_IL, OSSETIA, TEXAS]


@pytest.fixture()
def gaz2() -> Gazetteer:
    return Gazetteer(MORE, names={2: ["U.S."]}, demonyms={"Afghan": "AF"})


def test_spatial_bonus_prefers_candidates_near_other_names() -> None:
    bonus = _spatial_bonus({"springfield": [SPRINGFIELD_MO, SPRINGFIELD_IL], "chatham": [CHATHAM_IL]})
    assert bonus["springfield"].get(SPRINGFIELD_IL, 0) > 0
    assert SPRINGFIELD_MO not in bonus["springfield"]  # 300 km from Chatham
    assert _spatial_bonus({"springfield": [SPRINGFIELD_MO, SPRINGFIELD_IL]}) == {}


def test_resolve_spans_uses_the_whole_text(gaz2: Gazetteer) -> None:
    text = "Springfield police met Chatham officials."
    spans = [(0, 11), (23, 30)]
    assert resolve_spans(text, spans, gazetteer=gaz2) == [SPRINGFIELD_IL, CHATHAM_IL]
    # alone, the more populous Springfield wins
    assert resolve("Springfield", gazetteer=gaz2) == SPRINGFIELD_MO


def test_adjectives_and_parts_of_places(gaz2: Gazetteer) -> None:
    assert resolve("South Ossetian", gazetteer=gaz2) == OSSETIA
    assert resolve("North Texas", gazetteer=gaz2) == TEXAS
    assert resolve("Northern Chatham", gazetteer=gaz2) is None  # towns only with "north", "downtown"...
    assert resolve("Ossetian", gazetteer=gaz2) is None


def test_held_place(gaz2: Gazetteer) -> None:
    assert held_place(["the", "Almaty", "Police", "Department"], gaz2) == (1, 2)
    assert held_place(["University", "of", "Kabul"], gaz2) == (2, 3)
    assert held_place(["U.S.", "Department", "of", "Justice"], gaz2) == (0, 1)
    assert held_place(["Almaty"], gaz2) is None  # the whole name is the model's business
    assert held_place(["Almaty", "-", "Mart"], gaz2) is None
    assert held_place(["Afghan", "Airlines"], gaz2) is None  # demonyms are no places


def test_component_finds_places_inside_organisations(gaz: Gazetteer) -> None:
    nlp, comp = _component(gaz)
    comp.setup(Resources(gazetteer=gaz))
    doc = nlp.make_doc("The Almaty Police Department said so.")
    doc.ents = [Span(doc, 0, 4, "ORG")]
    doc = comp(doc)
    assert [(p.text, p.country) for p in doc._.places] == [("Almaty", "RU")]
    assert [e.label_ for e in doc.ents] == ["ORG"]  # the entity itself is untouched


def test_country_points_are_geonames_points(real: Gazetteer) -> None:
    canada = real.country("CA")
    assert canada is not None and haversine_km(canada.lat, canada.lon, 60.10867, -113.64258) < 1


# -- ACLED-style wording: parenthesised admin qualifiers, kind words; generic actors located -------
from eventscope.nlp.places import find_place_patterns  # noqa: E402
from eventscope.records import Actor  # noqa: E402

PAGHMAN = GeoEntry(9001, "Paghman", 34.58, 68.95, "AF", "13", "A", "ADM2", 0)
KABUL_PROV = GeoEntry(9002, "Kabul Province", 34.5, 69.2, "AF", "13", "A", "ADM1", 5_000_000)
QALA_AF = GeoEntry(9003, "Qala", 34.62, 68.90, "AF", "13", "P", "PPL", 600)
QALA_KZ = GeoEntry(9004, "Qala", 47.0, 70.0, "KZ", "05", "P", "PPL", 50_000)  # bigger namesake
ACLED_ENTRIES = [*ENTRIES, PAGHMAN, KABUL_PROV, QALA_AF, QALA_KZ]


@pytest.fixture()
def gaz3() -> Gazetteer:
    return Gazetteer(ACLED_ENTRIES, names={len(ENTRIES) + 1: ["Kabul"]}, iso3={"AF": "AFG", "KZ": "KAZ"})


def test_find_place_patterns() -> None:
    def found(text: str) -> list[tuple[str, list[str]]]:
        return [(text[p.start:p.end], [text[a:b] for a, b in p.qualifiers]) for p in find_place_patterns(text)]

    assert found("On 3 May 2020, locals protested in Qala village (Paghman, Kabul).") == [
        ("Qala", ["Paghman", "Kabul"])]
    assert found("Around 2 May 2020 (as reported), gunmen shot a man at Zarnow (Paghman district, Kabul).") == [
        ("Zarnow", ["Paghman district", "Kabul"])]
    assert found("Rebels clashed with troops in Qarabagh district, Ghazni, on Monday.") == [("Qarabagh", ["Ghazni"])]
    assert found("Soldiers shelled the village of Jiftlik.") == [("Jiftlik", [])]
    # a group and its acronym in brackets is not a place; nor is a name in no locative phrase
    assert found("The NPA (New People's Army) said so.") == []
    assert found("President Ali Musa (Unity Party) spoke.") == []


def test_component_uses_parenthesised_qualifiers(gaz3: Gazetteer) -> None:
    nlp, comp = _component(gaz3)
    comp.setup(Resources(gazetteer=gaz3))
    text = "On 3 May 2020, locals protested in Qala village (Paghman, Kabul). Police came from Zarnow (Paghman, Kabul)."
    doc = comp(nlp.make_doc(text))  # no model entities at all: the wording finds the places
    by_text = {p.text: p for p in doc._.places}
    assert by_text["Qala"].geonameid == QALA_AF.geonameid  # near the district, not the bigger namesake
    assert by_text["Paghman"].feature_code == "ADM2" and by_text["Kabul"].country == "AF"
    # a village the gazetteer lacks lies in the district written after it, with less confidence
    assert by_text["Zarnow"].geonameid == PAGHMAN.geonameid and by_text["Zarnow"].confidence < 0.5
    assert doc._.focus_country == "AF"


class _National:
    """Stand-in for the actor dictionary's ``national(iso3, sector)``."""

    def national(self, iso3: str, sector: str):  # type: ignore[no-untyped-def]
        from eventscope.resources.actors import ActorEntry

        return ActorEntry(id=f"{iso3}-{sector}", name=f"{iso3} police", aliases=(), kind="police",
                          country=iso3, sector=sector, role=None, wikidata=None)


def test_component_locates_generic_actors(gaz3: Gazetteer) -> None:
    nlp, comp = _component(gaz3)
    comp.setup(Resources(gazetteer=gaz3, actors=_National()))
    text = "Locals protested in Qala village (Paghman, Kabul) and police dispersed them."
    doc = nlp.make_doc(text)
    loc, pol = (text.index("Locals"), text.index("Locals") + 6), (text.index("police"), text.index("police") + 6)
    doc._.actors = {
        "g:local": Actor(id="g:local", name="locals", kind="group", sector="CVL", mentions=[list(loc)]),
        "g:police": Actor(id="g:police", name="police", kind="group", sector="COP", mentions=[list(pol)]),
    }
    doc._.actor_spans = [(*loc, "g:local"), (*pol, "g:police")]
    doc = comp(doc)
    assert set(doc._.actors) == {"g:local@AFG", "AFG-COP"}
    assert doc._.actors["g:local@AFG"].country == "AFG" and doc._.actors["g:local@AFG"].sector == "CVL"
    assert doc._.actor_spans == [(*loc, "g:local@AFG"), (*pol, "AFG-COP")]


# -- famous names over namesake towns, alternate names, demonyms as places -----------------------
DELAWARE_DE = GeoEntry(4142224, "Delaware", 39.0, -75.5, "US", "DE", "A", "ADM1", 990_000)
DELAWARE_OH = GeoEntry(4152564, "Delaware", 40.3, -83.07, "US", "OH", "P", "PPL", 40_000)
OHIO = GeoEntry(5165418, "Ohio", 40.25, -83.0, "US", "OH", "A", "ADM1", 11_700_000)
COLUMBUS_OH = GeoEntry(4509177, "Columbus", 39.96, -83.0, "US", "OH", "P", "PPL", 900_000)
DALTON_OH = GeoEntry(5152730, "Dalton", 40.8, -81.7, "US", "OH", "P", "PPL", 1_800)  # alias "Almaty"
NAMESAKES = [*ENTRIES, DELAWARE_DE, DELAWARE_OH, OHIO, COLUMBUS_OH, DALTON_OH]


@pytest.fixture()
def gaz4() -> Gazetteer:
    return Gazetteer(NAMESAKES, names={len(NAMESAKES) - 1: ["Almaty"]}, demonyms={"Kazakh": "KZ"})


def test_state_named_bare_is_the_state_not_the_town(gaz4: Gazetteer) -> None:
    from eventscope.nlp.places import Context, _shadowed

    # The town named like a state is marked down (and loses its nearness bonus) ...
    assert _shadowed([DELAWARE_DE, DELAWARE_OH], "delaware", Context()) == {DELAWARE_OH: 3.0}
    assert _shadowed([COLUMBUS_OH], "columbus", Context()) == {}
    assert resolve_all(["Delaware", "Almaty"], gazetteer=gaz4)[0][0] == DELAWARE_DE
    # ... unless a qualifier says otherwise.
    text = "He moved to Delaware, Ohio."
    assert resolve_spans(text, [(12, 20), (22, 26)], gazetteer=gaz4)[0] == DELAWARE_OH


def test_small_towns_known_by_an_alternate_name_yield_to_the_name_itself(gaz4: Gazetteer) -> None:
    got = resolve_all(["Almaty", "Columbus", "Ohio"], gazetteer=gaz4)
    assert got[0][0] in (ALMATY_KZ, ALMATY_RU)


def test_demonym_places(gaz4: Gazetteer) -> None:
    from eventscope.nlp.places import demonym_places
    from eventscope.records import Entity

    ents = [Entity("Kazakh", "NORP", 0, 6), Entity("Muslim", "NORP", 10, 16), Entity("Ohio", "GPE", 20, 24),
            Entity("Kazakhs", "NORP", 30, 37)]
    got = demonym_places(ents, gazetteer=gaz4, exclude=[(30, 37)])
    assert [(p.text, p.country, p.feature_code, p.start) for p in got] == [("Kazakh", "KZ", "PCLI", 0)]


# --- namesakes: capitals in international articles, qualifiers naming the area, bare counties ---
NS_FR = GeoEntry(3017382, "France", 46.0, 2.0, "NS_FR", None, "A", "PCLI", 67_000_000)
NS_GB = GeoEntry(2635167, "United Kingdom", 54.0, -2.0, "NS_GB", None, "A", "PCLI", 66_000_000)
NS_CH = GeoEntry(2658434, "Switzerland", 47.0, 8.0, "NS_CH", None, "A", "PCLI", 8_500_000)
NS_PARIS_FR = GeoEntry(2988507, "Paris", 48.85, 2.35, "NS_FR", "11", "P", "PPLC", 2_138_551)
NS_PARIS_US = GeoEntry(4717560, "Paris", 35.3, -93.7, "US", "AR", "P", "PPL", 3_443)
NS_LONDON_GB = GeoEntry(2643743, "London", 51.51, -0.13, "NS_GB", "ENG", "P", "PPLC", 8_961_989)
NS_UKRAINE = GeoEntry(690791, "Ukraine", 49.0, 32.0, "UA", None, "A", "PCLI", 44_000_000)
NS_DONETSK = GeoEntry(709716, "Donetsk", 48.0, 37.8, "UA", "05", "A", "ADM1", 4_100_000)
# A village of the name only in Russia: the Ukrainian one is missing from the gazetteer.
NS_PETROVSKOYE_RU = GeoEntry(11, "Petrovskoye", 45.4, 42.9, "RU", "70", "P", "PPL", 5_000)
NS_KANSAS = GeoEntry(4273857, "Kansas", 38.5, -98.0, "US", "KS", "A", "ADM1", 2_900_000)
NS_HOLLIDAY_TX = GeoEntry(12, "Holliday", 33.8, -98.7, "US", "TX", "P", "PPL", 1_700)
NS_BUTTE_COUNTY = GeoEntry(None, "Butte County", 39.7, -121.6, "US", "CA", "A", "ADM2", 212_000)
NS_BUTTE_MT = GeoEntry(5642934, "Butte", 46.0, -112.5, "US", "MT", "P", "PPL", 34_000)
NS_PLATTE_COUNTY = GeoEntry(None, "Platte County", 41.6, -97.5, "US", "NE", "A", "ADM2", 33_000)
NS_NAMESAKES = [US, RU, NS_FR, NS_GB, NS_CH, NS_PARIS_FR, NS_PARIS_US, NS_LONDON_GB, NS_UKRAINE, NS_DONETSK, NS_PETROVSKOYE_RU, NS_KANSAS,
             NS_HOLLIDAY_TX, NS_BUTTE_COUNTY, NS_BUTTE_MT, NS_PLATTE_COUNTY]


@pytest.fixture()
def gaz_ns() -> Gazetteer:
    return Gazetteer(NS_NAMESAKES, names={0: ["U.S."], 3: ["Britain"], 13: ["Butte"]},
                     admin_abbreviations={"Kan": ("US", "KS")})


def test_capital_keeps_its_prior_in_an_article_about_several_countries(gaz_ns: Gazetteer) -> None:
    # Several countries named and France not among them: Paris is still the French capital.
    text = ("The former officer worked in Russia and Paris before a London-based firm hired him; "
            "U.S. officials met him in Switzerland, and Britain and the U.S. exchanged notes.")
    names = ["Russia", "Paris", "London", "U.S.", "Switzerland", "Britain", "U.S."]
    spans = []
    for n in names:
        start = text.index(n, spans[-1][1] if spans else 0)
        spans.append((start, start + len(n)))
    assert resolve_spans(text, spans, gazetteer=gaz_ns)[1] == NS_PARIS_FR
    # An article about one other country still takes the namesake there ("London, Ontario" rule).
    res = resolve_all(["Paris", "U.S.", "U.S.", "United States"], gazetteer=gaz_ns)
    assert res[0][0] == NS_PARIS_US


def test_qualifier_names_the_area_of_an_unknown_village(gaz_ns: Gazetteer) -> None:
    text = "Shelling was reported near Petrovskoye, Donetsk, on Friday."
    spans = [(27, 38), (40, 47)]
    assert [text[s:e] for s, e in spans] == ["Petrovskoye", "Donetsk"]
    assert resolve_spans(text, spans, gazetteer=gaz_ns) == [NS_DONETSK, NS_DONETSK]
    # A town the gazetteer lacks, with a state abbreviation, lies in that state.
    text = "Students from Holliday, Kan., and Petrovskoye visited."
    spans = [(14, 22), (34, 45)]
    assert resolve_spans(text, spans, gazetteer=gaz_ns)[0] == NS_KANSAS
    # In a list the next name is no qualifier: the village keeps its own resolution.
    text = "Petrovskoye, Donetsk and Ukraine were named."
    spans = [(0, 11), (13, 20), (25, 32)]
    assert resolve_spans(text, spans, gazetteer=gaz_ns)[0] == NS_PETROVSKOYE_RU


def test_bare_county_names_and_kind_abbreviations(gaz_ns: Gazetteer) -> None:
    # "Butte" alone is the town, "Butte County" the county; "Platte Co." is Platte County.
    assert resolve("Butte", gazetteer=gaz_ns) == NS_BUTTE_MT
    assert resolve("Butte County", gazetteer=gaz_ns) == NS_BUTTE_COUNTY
    assert resolve("Platte Co.", gazetteer=gaz_ns) == NS_PLATTE_COUNTY


def test_component_takes_dictionary_actors_countries_as_context() -> None:
    gaz = Gazetteer(ENTRIES, iso3={"KZ": "KAZ", "RU": "RUS"})
    nlp, comp = _component(gaz)
    comp.setup(Resources(gazetteer=gaz))
    text = "Border guards fired warning shots near Almaty on Friday."
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, 6, 7, "GPE")]
    assert comp(doc)._.places[0].country == "RU"  # the bigger namesake, with nothing else to go by
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, 6, 7, "GPE")]
    guards = Actor(id="kaz-border", name="Border Service of Kazakhstan", kind="military", country="KAZ",
                   mentions=[[0, 13]])
    generic = Actor(id="g:police", name="police", kind="group", country="RUS", resolved=False)
    doc._.actors = {"kaz-border": guards, "g:police": generic}  # a generic group is no evidence
    doc._.actor_spans = [(0, 13, "kaz-border")]
    assert comp(doc)._.places[0].country == "KZ"


def test_a_province_of_a_country_the_article_never_names_yields() -> None:
    # "Gaza" the city beside Israel and Egypt, not the same-sized province of Mozambique that the
    # province bonus would otherwise pick.
    israel = GeoEntry(294640, "Israel", 31.5, 34.75, "IL", None, "A", "PCLI", 8_900_000)
    egypt = GeoEntry(357994, "Egypt", 27.0, 30.0, "EG", None, "A", "PCLI", 98_000_000)
    gaza_city = GeoEntry(281133, "Gaza", 31.5, 34.47, "PS", "GZ", "P", "PPL", 410_000)
    gaza_province = GeoEntry(1045114, "Gaza", -23.0, 33.0, "MZ", "02", "A", "ADM1", 385_000)
    gaz = Gazetteer([israel, egypt, gaza_city, gaza_province], neighbours={"IL": ["EG", "PS"], "EG": ["IL", "PS"]})
    assert resolve_all(["Gaza"], gazetteer=gaz)[0][0] == gaza_province  # nothing else to go by
    res = resolve_all(["Gaza", "Israel", "Egypt", "Israel", "Israel", "Israel"], gazetteer=gaz)
    assert res[0][0] == gaza_city


# -- names of currencies; settlement prefixes --------------------------------------------------------
from spacy.tokens import Doc  # noqa: E402

Parse = list[tuple[str, int, str]]  # (word, head index, dependency label)


def _parsed(nlp, parse: Parse, ents: list[tuple[int, int, str]]) -> Doc:  # type: ignore[no-untyped-def]
    doc = Doc(nlp.vocab, words=[w for w, _, _ in parse], heads=[h for _, h, _ in parse],
              deps=[d for _, _, d in parse])
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc


# "Crowds in Almaty decried the USA dollar rate as USA troops left ."; the parser may hang the
# first "USA" on "rate" rather than on "dollar": it still names the dollar.
_DOLLAR_RATE: Parse = [
    ("Crowds", 3, "nsubj"), ("in", 0, "prep"), ("Almaty", 1, "pobj"), ("decried", 3, "ROOT"),
    ("the", 7, "det"), ("USA", 7, "compound"), ("dollar", 7, "compound"), ("rate", 3, "dobj"),
    ("as", 11, "mark"), ("USA", 10, "compound"), ("troops", 11, "nsubj"), ("left", 3, "advcl"),
    (".", 3, "punct")]


def test_a_country_naming_a_currency_is_no_place(gaz: Gazetteer) -> None:
    nlp, comp = _component(gaz)
    comp.setup(Resources(gazetteer=gaz))
    doc = comp(_parsed(nlp, _DOLLAR_RATE, [(2, 3, "GPE"), (5, 6, "GPE"), (9, 10, "GPE")]))
    assert [(p.text, p.start) for p in doc._.places] == [("Almaty", 10), ("USA", 48)]
    # the USA as the head of its phrase, not a modifier, keeps its place
    savings: Parse = [("Savings", 4, "nsubj"), ("in", 0, "prep"), ("the", 3, "det"), ("USA", 1, "pobj"),
                      ("rose", 4, "ROOT"), ("in", 4, "prep"), ("dollars", 5, "pobj"), (".", 4, "punct")]
    assert [p.text for p in comp(_parsed(nlp, savings, [(3, 4, "GPE")]))._.places] == ["USA"]
    # without a parse, the noun right after the name decides
    doc = nlp.make_doc("Kazakhstan rouble deposits grew while Kazakhstan troops drilled.")
    doc.ents = [Span(doc, 0, 1, "GPE"), Span(doc, 5, 6, "GPE")]
    assert [(p.text, p.start) for p in comp(doc)._.places] == [("Kazakhstan", 38)]
    # nor is a shop named after a currency one: "the Almaty Dollar Tree"
    doc = nlp.make_doc("Thieves robbed the Almaty Dollar Tree.")
    doc.ents = [Span(doc, 3, 4, "GPE")]
    assert [p.text for p in comp(doc)._.places] == ["Almaty"]


def test_a_country_naming_a_currency_is_no_actor_context() -> None:
    gaz = Gazetteer(ENTRIES, iso3={"KZ": "KAZ", "RU": "RUS", "US": "USA"})
    nlp, comp = _component(gaz)
    comp.setup(Resources(gazetteer=gaz))
    doc = _parsed(nlp, _DOLLAR_RATE, [(2, 3, "GPE")])
    # (a made-up actor of Kazakhstan, so that counting it would move Almaty)
    doc._.actors = {"a": Actor(id="a", name="A", kind="state", country="KAZ", mentions=[[29, 32]])}
    doc._.actor_spans = [(29, 32, "a")]
    # an actor named only as a currency's country is no evidence of where the article is
    assert comp(doc)._.places[0].country == "RU"


COLOGNE = GeoEntry(2886242, "Köln", 50.93, 6.95, "DE", "07", "P", "PPLA2", 1_000_000)
ROME = GeoEntry(3169070, "Rome", 41.89, 12.48, "IT", "07", "P", "PPLC", 2_300_000)
MEXICO = GeoEntry(3996063, "Mexico", 23.0, -102.0, "MX", None, "A", "PCLI", 126_000_000)
SINALOA = GeoEntry(3983035, "Sinaloa", 25.0, -107.5, "MX", "25", "A", "ADM1", 3_000_000)
VILA_REAL = GeoEntry(2732773, "Vila Real", 41.3, -7.74, "PT", "21", "P", "PPLA", 17_000)
EJIDO = GeoEntry(3640018, "Ejido", 8.55, -71.24, "VE", "14", "P", "PPL", 100_000)


@pytest.fixture()
def gaz_es() -> Gazetteer:
    entries = [COLOGNE, ROME, MEXICO, SINALOA, VILA_REAL, EJIDO]
    return Gazetteer(entries, names={0: ["Colonia", "Cologne"], 1: ["Roma"]})


def test_settlement_prefixes_lead_a_name_of_their_own(gaz_es: Gazetteer) -> None:
    # The whole name when the gazetteer knows it; else neither the prefix's namesake nor the name after it.
    resolved = resolve_all(["Vila Real", "Colonia Roma", "Barrio Roma", "the Colonia Roma"], gazetteer=gaz_es)
    assert [r[0] for r in resolved] == [VILA_REAL, None, None, None]
    assert resolve_all(["Colonia"], gazetteer=gaz_es)[0][0] == COLOGNE  # alone, Cologne's Spanish name still
    assert held_place(["Ejido", "Roma", "Cooperative"], gaz_es) is None
    assert held_place(["Colonia", "Police"], gaz_es) is None


def test_component_does_not_take_a_settlement_prefix_for_a_city(gaz_es: Gazetteer) -> None:
    nlp, comp = _component(gaz_es)
    comp.setup(Resources(gazetteer=gaz_es))
    doc = nlp.make_doc("Gunmen raided Colonia Roma in Mexico and Ejido Roma, Sinaloa, where the Ejido Roma "
                       "Cooperative met.")
    doc.ents = [Span(doc, 2, 4, "GPE"), Span(doc, 5, 6, "GPE"), Span(doc, 7, 9, "GPE"),
                Span(doc, 10, 11, "GPE"), Span(doc, 14, 17, "ORG")]
    places = [(p.text, p.name) for p in comp(doc)._.places]
    # the unknown neighbourhood before a qualifier lies in it, as any unknown name does
    assert places == [("Mexico", "Mexico"), ("Ejido Roma", "Sinaloa"), ("Sinaloa", "Sinaloa")]


def test_patterns_after_a_compass_word_and_an_acronym() -> None:
    from eventscope.nlp.place_mentions import find_place_patterns

    text = ("Shells fell in western Ruritania (Ostburg, Nordmark) and across the LoC at Kell sector area "
            "(Mar district).")
    found = [(text[p.start:p.end], [text[a:b] for a, b in p.qualifiers]) for p in find_place_patterns(text)]
    assert ("Ruritania", ["Ostburg", "Nordmark"]) in found
    assert ("Kell", ["Mar district"]) in found
    text = "Rockets fell in Bir at Tell (Nordmark)."  # an Arabic article stays part of the name
    assert [text[p.start:p.end] for p in find_place_patterns(text)] == ["Bir at Tell"]


def test_admin_pair_spans() -> None:
    from eventscope.nlp.place_mentions import admin_pair_spans

    state = GeoEntry(10, "Nordmark", 50.0, 10.0, "XA", "01", "A", "ADM1", 2_000_000)
    town = GeoEntry(11, "Ostburg", 50.2, 10.1, "XA", "01", "P", "PPL", 20_000)
    gaz = Gazetteer([state, town])
    text = "On Monday, in Kellwick, Nordmark, workers protested. Police in Ostburg, Nordmark watched."
    a = text.index("Kellwick")
    b = text.index("Ostburg")
    ents = [(a, a + len("Kellwick, Nordmark"), "ORG"), (b + 9, b + 17, "PERSON")]
    spans = admin_pair_spans(text, [(b, b + 7)], ents, gazetteer=gaz)
    assert [text[s:e] for s, e in spans] == ["Kellwick", "Nordmark", "Nordmark"]
    # no locative word before an organisation "X, Y": a firm's name, not a place
    text2 = "Acme, Nordmark said."
    assert admin_pair_spans(text2, [], [(0, 14, "ORG")], gazetteer=gaz) == []


def test_places_found_by_sound_need_the_articles_country() -> None:
    city = GeoEntry(20, "Benghazi", 32.1, 20.1, "LY", "08", "P", "PPL", 650_000)
    area = GeoEntry(21, "Cyrenaica", 31.0, 22.0, "LY", "08", "A", "ADM1", 1_500_000)
    far = GeoEntry(22, "Bengasio", -20.0, 30.0, "ZW", "01", "P", "PPL", 300_000)
    gaz = Gazetteer([city, area, far])
    text = "Gunmen attacked an office in Banghazi in Cyrenaica."
    spans = [(text.index("Banghazi"), text.index("Banghazi") + 8), (text.index("Cyrenaica"), len(text) - 1)]
    assert resolve_spans(text, spans, gazetteer=gaz) == [city, area]
    alone = "Gunmen attacked an office in Banghazi."
    assert resolve_spans(alone, [spans[0]], gazetteer=gaz) == [None]  # no country to check it against
