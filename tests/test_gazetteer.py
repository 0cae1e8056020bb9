"""Gazetteer: normalisation, index, countries, demonyms (fake data) and the packaged gazetteer."""

from __future__ import annotations

import pytest

from eventscope.resources.gazetteer import GeoEntry, Gazetteer, haversine_km, normalise_name

KZ = GeoEntry(1522867, "Kazakhstan", 48.0, 68.0, "KZ", None, "A", "PCLI", 18_000_000)
ASTANA = GeoEntry(1526273, "Astana", 51.18, 71.45, "KZ", "05", "P", "PPLC", 1_000_000)
ALMATY = GeoEntry(1526384, "Almaty", 43.25, 76.91, "KZ", "02", "P", "PPL", 1_977_011)
ALMATY_VILLAGE = GeoEntry(99, "Almaty", 40.0, 20.0, "AL", "01", "P", "PPL", 600)
OF_TOWN = GeoEntry(740000, "Of", 40.9, 40.3, "TR", "61", "P", "PPL", 31_951)
TINY = GeoEntry(5, "Smallville", 40.0, -90.0, "US", "IL", "P", "PPL", 800)
IL = GeoEntry(4896861, "Illinois", 40.0, -89.0, "US", "IL", "A", "ADM1", 12_000_000)


@pytest.fixture()
def fake() -> Gazetteer:
    return Gazetteer(
        [KZ, ASTANA, ALMATY, ALMATY_VILLAGE, OF_TOWN, TINY, IL],
        names={0: ["Qazaqstan", "Republic of Kazakhstan"], 1: ["Nur-Sultan", "Akmola"], 2: ["Alma-Ata"]},
        demonyms={"Kazakh": "KZ", "Kazakhstani": "KZ"},
        iso3={"KZ": "KAZ", "US": "USA"},
        admin_abbreviations={"Ill": ("US", "IL")},
        not_places=["of"],
    )


def test_normalise_name() -> None:
    assert normalise_name("Almaty") == normalise_name("ALMATY") == "almaty"
    assert normalise_name("Herāt") == "herat"
    assert normalise_name("Nur-Sultan") == normalise_name("Nur Sultan") == normalise_name("Nur\u2013Sultan")
    assert normalise_name("Xi\u2019an") == normalise_name("Xi'an") == "xian"
    assert normalise_name("the Gambia") == "gambia"
    assert normalise_name("U.S.") == "u s"
    assert normalise_name("  São   Paulo ") == "sao paulo"
    # Letters Unicode does not decompose are spelled as GeoNames' ASCII names spell them.
    assert normalise_name("Østfold") == "ostfold"
    assert normalise_name("Doğu Beyazıt") == "dogu beyazit"
    assert normalise_name("Łódź") == "lodz"


def test_lookup_is_best_first_and_uses_alternate_names(fake: Gazetteer) -> None:
    assert fake.lookup("almaty") == [ALMATY, ALMATY_VILLAGE]
    assert fake.lookup("Alma-Ata") == [ALMATY]
    assert fake.lookup("Nur Sultan") == [ASTANA]
    assert fake.lookup("Atlantis") == []


def test_country_resolves_to_country_feature_not_capital(fake: Gazetteer) -> None:
    for query in ("KZ", "kz", "KAZ", "Kazakhstan", "Republic of Kazakhstan"):
        assert fake.country(query) == KZ
    assert fake.country("Almaty") is None
    assert fake.iso3("kz") == "KAZ" and fake.iso2("KAZ") == "KZ" and fake.iso2("XXX") is None


def test_demonym(fake: Gazetteer) -> None:
    assert fake.demonym("Kazakh") == "KZ"
    assert fake.demonym("Kazakhs") == "KZ"
    assert fake.demonym("Kazakhstani") == "KZ"
    assert fake.demonym("Almaty") is None


def test_is_place_guards(fake: Gazetteer) -> None:
    assert fake.is_place("Almaty")
    assert fake.is_place("Kazakhstan")
    assert fake.is_place("Illinois")
    assert not fake.is_place("Of")  # a real town, but a common word
    assert not fake.is_place("Smallville")  # below the population threshold
    assert fake.is_place("Smallville", min_population=500)
    assert not fake.is_place("almaty")  # lowercase text is not a proper name
    assert not fake.is_place("Kazakh")  # a demonym is not a place
    assert not fake.is_place("Atlantis")


def test_admin_area_abbreviation(fake: Gazetteer) -> None:
    assert fake.admin_area("Ill.") == IL
    assert fake.admin_area("Ill") is None  # the word "ill", not an abbreviation


def test_dotted_initials_must_be_the_areas_initials() -> None:
    new_york = GeoEntry(5128638, "New York", 43.0, -75.5, "US", "NY", "A", "ADM1", 19_000_000)
    louisiana = GeoEntry(4331987, "Louisiana", 31.0, -92.0, "US", "LA", "A", "ADM1", 4_600_000)
    gaz = Gazetteer([new_york, louisiana], admin_abbreviations={"NY": ("US", "NY"), "LA": ("US", "LA"),
                                                                "La": ("US", "LA")})
    assert gaz.admin_area("N.Y.") == gaz.admin_area("NY") == new_york
    assert gaz.admin_area("La.") == gaz.admin_area("LA") == louisiana
    assert gaz.admin_area("L.A.") is None  # Los Angeles, not the initials of "Louisiana"


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)
    assert haversine_km(43.25, 76.92, 43.25, 76.92) == 0


# -- the packaged gazetteer (built once per run, cached in the user cache dir) --------------------
@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_packaged_countries_are_country_features(gazetteer: Gazetteer) -> None:
    kz = gazetteer.country("Kazakhstan")
    assert kz is not None and kz.feature_code == "PCLI" and kz.geonameid == 1522867
    astana = gazetteer.lookup("Astana")[0]
    assert haversine_km(kz.lat, kz.lon, astana.lat, astana.lon) > 300  # a centre point, not the capital
    assert gazetteer.country("USA") == gazetteer.country("United States") == gazetteer.country("U.S.")
    for code in ("AF", "TJ", "KG", "UZ", "TM", "RU", "BY", "IR", "SY", "IQ", "PK"):
        entry = gazetteer.country(code)
        assert entry is not None and entry.is_country and entry.country == code


def test_packaged_cities_and_places(gazetteer: Gazetteer) -> None:
    herat = [e for e in gazetteer.lookup("Herat") if e.is_city]
    assert herat and herat[0].country == "AF"
    assert gazetteer.lookup("Dushanbe")[0].country == "TJ"
    for name in ("Dushanbe", "Herat", "Almaty", "Kabul", "Central Asia", "Donbas", "Gaza Strip", "Texas"):
        assert gazetteer.is_place(name), name
    for name in ("Lavrov", "Said", "Will", "Kassym-Jomart Tokayev", "Of", "Man", "Best", "Afghan"):
        assert not gazetteer.is_place(name), name


def test_packaged_demonyms(gazetteer: Gazetteer) -> None:
    expected = {"Tajik": "TJ", "Afghan": "AF", "Russian": "RU", "Kazakhstani": "KZ", "Kyrgyz": "KG",
                "Uzbek": "UZ", "Turkmen": "TM", "Pakistani": "PK", "Belarusian": "BY", "Iranian": "IR",
                "Syrian": "SY", "Iraqi": "IQ", "Kazakh": "KZ", "American": "US", "British": "GB"}
    assert {w: gazetteer.demonym(w) for w in expected} == expected


def test_packaged_admin_points_and_bare_county_names(gazetteer: Gazetteer) -> None:
    # Province points lie near GeoNames' own (Ontario 49.25 -84.50; Quebec 52.00 -72.00), not at
    # the middle of the towns' extent alone.
    ontario = next(e for e in gazetteer.lookup("Ontario") if e.feature_code == "ADM1")
    assert haversine_km(ontario.lat, ontario.lon, 49.25, -84.50) < 161
    quebec = next(e for e in gazetteer.lookup("Quebec") if e.feature_code == "ADM1")
    assert haversine_km(quebec.lat, quebec.lon, 52.0, -72.0) < 161
    # "Kanawha" finds Kanawha County; a bare county name alone does not make a word a place.
    assert any(e.feature_code == "ADM2" and e.name == "Kanawha County" for e in gazetteer.lookup("Kanawha"))
    assert not gazetteer.is_place("Oconee")


def test_packaged_english_area_names_and_regions(gazetteer: Gazetteer) -> None:
    # English names of first-level areas that GeoNames' extracts give in the local language.
    guangxi = [e for e in gazetteer.lookup("Guangxi") if e.feature_code == "ADM1"]
    assert guangxi and guangxi[0].country == "CN"
    assert any(e.feature_code == "ADM1" and e.country == "CN" for e in gazetteer.lookup("Inner Mongolia"))
    # Translated descriptions are no names ("North Province" is no name of Uttar Pradesh).
    assert not any(e.country == "IN" for e in gazetteer.lookup("North Province"))
    eu = gazetteer.lookup("European Union")
    assert eu and eu[0].feature_code == "RGN" and any(e.name == "European Union" for e in gazetteer.lookup("E.U."))
    assert gazetteer.admin_area("L.A.") is None and gazetteer.lookup("L.A.")[0].name == "Los Angeles"
    assert gazetteer.admin_area("J&K") is not None and gazetteer.admin_area("J&K").country == "IN"


def test_packaged_us_post_office_towns(gazetteer: Gazetteer) -> None:
    # villages cities500 lacks come from the ZIP code table, with no population or GeoNames id
    (lanexa,) = gazetteer.lookup("Lanexa")
    assert (lanexa.country, lanexa.admin1, lanexa.population, lanexa.geonameid) == ("US", "VA", 0, None)
    assert abs(lanexa.lat - 37.42) < 0.2 and abs(lanexa.lon + 76.90) < 0.2
    # a town GeoNames has is not added again in its state
    richmonds = [e for e in gazetteer.lookup("Richmond") if e.country == "US" and e.admin1 == "VA" and e.is_city]
    assert len(richmonds) == 1 and richmonds[0].geonameid is not None


def test_name_skeleton_ignores_vowels_articles_and_spelling_pairs() -> None:
    from eventscope.resources.gazetteer import name_skeleton

    assert name_skeleton(normalise_name("Banghazi")) == name_skeleton(normalise_name("Al Benghazi"))
    assert name_skeleton(normalise_name("Kharkov")) == name_skeleton(normalise_name("Kharkiv"))
    assert name_skeleton(normalise_name("Ifri")) is None  # too short to tell apart
    assert name_skeleton(normalise_name("Sarit")) is None
    assert name_skeleton(normalise_name("Kandara")) != name_skeleton(normalise_name("Kandra"))  # vowel slots count


def test_sound_alike_covers_big_cities_and_states_only() -> None:
    big = GeoEntry(1, "Benghazi", 32.1, 20.1, "LY", "08", "P", "PPL", 650_000)
    small = GeoEntry(2, "Bangasi", 10.0, 10.0, "NG", "01", "P", "PPL", 900)
    state = GeoEntry(3, "Kharkiv", 49.5, 36.5, "UA", "07", "A", "ADM1", 2_700_000)
    gaz = Gazetteer([big, small, state])
    assert gaz.sound_alike("Banghazi") == [big]
    assert gaz.sound_alike("Kharkov") == [state]
    assert gaz.sound_alike("Ab") == []


def test_area_points_leave_out_stray_towns() -> None:
    from eventscope.resources.gazetteer import _extent_centre

    towns = [(48.0 + 0.05 * i, 37.0 + 0.07 * i) for i in range(30)]
    stray = (48.0, 33.0)  # one town filed under the area 250 km west of all the others
    assert _extent_centre([*towns, stray]) == _extent_centre(towns)
    sparse = [(60.0 + 0.4 * i, -150.0) for i in range(30)]  # an evenly sparse edge stays
    assert _extent_centre(sparse)[0] == pytest.approx(65.8)
