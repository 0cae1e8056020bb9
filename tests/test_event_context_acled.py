"""Event context rules written for terse incident notes: a lone foreign village reading gives way
to the text's country, a thwarted attack is the thwarting side's event. Sentences written for the
project."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from eventscope.nlp.event_context import consistent_locations, follow_event_countries, implicit_doers
from eventscope.nlp.extensions import register_extensions
from eventscope.records import Actor, Event, Place, RawArticle


def _doc(text: str, places: list[Place], actors: dict[str, Actor] | None = None) -> Doc:
    nlp = spacy.blank("en")
    doc = nlp(text)
    register_extensions()
    doc._.places = places
    doc._.actors = actors or {}
    return doc


def _place(text: str, at: str, *, country: str, code: str = "PPL", population: int | None = None,
           nth: int = 0) -> Place:
    start = -1
    for _ in range(nth + 1):
        start = at.index(text, start + 1)
    return Place(name=text, start=start, end=start + len(text), text=text, lat=1.0, lon=1.0, country=country,
                 geonameid=1, feature_class="A" if code.startswith("ADM") else "P", feature_code=code,
                 population=population)


def _event(text: str, loc: Place) -> Event:
    return Event(id="e", type="ASSAULT", sentence=text, start=0, end=len(text), location=loc)


_ISO3 = {"SY": "SYR", "US": "USA", "UA": "UKR", "RU": "RUS", "BD": "BGD", "MM": "MMR"}.get


def test_lone_foreign_village_gives_way_to_the_city_of_the_text() -> None:
    text = "On 4 May, a boy was shot dead near Dennison in the countryside of Homs."
    village = _place("Dennison", text, country="US", population=600)
    city = _place("Homs", text, country="SY", population=700_000)
    ev = _event(text, village)
    consistent_locations(_doc(text, [village, city]), [ev], iso3=_ISO3)
    assert ev.location is city


def test_lone_foreign_village_gives_way_to_a_country_named_twice() -> None:
    text = "On 2 May, Ukrainian forces fired mortars near Hrabove mine, Luhansk. Luhansk officials confirmed it."
    stray = _place("Hrabove", text, country="RU", population=3000)
    area = _place("Luhansk", text, country="UA", code="ADM1", population=2_000_000)
    again = _place("Luhansk", text, country="UA", code="ADM1", population=2_000_000, nth=1)
    ev = _event(text, stray)
    consistent_locations(_doc(text, [stray, area, again]), [ev], iso3=_ISO3)
    assert ev.location is area


def test_actors_of_the_place_country_keep_it() -> None:
    text = "Rohingya refugees protested in Teknaf against Myanmar; Myanmar border police were blamed."
    here = _place("Teknaf", text, country="BD", population=20_000)
    there = _place("Myanmar", text, country="MM", code="PCLI")
    again = _place("Myanmar", text, country="MM", code="PCLI", nth=1)
    refugees = Actor(id="BGD-GOV", name="Bangladesh", country="BGD", mentions=[[0, 8]])
    ev = _event(text, here)
    consistent_locations(_doc(text, [here, there, again], {"BGD-GOV": refugees}), [ev], iso3=_ISO3)
    assert ev.location is here  # only a country to give way to: nothing more specific


def test_town_of_a_second_country_named_once_each_is_kept() -> None:
    text = "Protesters marched in Chittagong against the killing of a fisherman near Sittwe."
    here = _place("Chittagong", text, country="BD", code="PPLA", population=3_000_000)
    there = _place("Sittwe", text, country="MM", code="PPLA", population=150_000)
    ev = _event(text, there)
    consistent_locations(_doc(text, [here, there]), [ev], iso3=_ISO3)
    assert ev.location is there  # a seat of an area is no stray reading


def test_thwarted_attack_is_the_thwarting_side_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "On 12 June, Somali army troops thwarted an al-Shabaab attack on a base near Jowhar."
    art = next(iter(_process(pipeline, text)))
    attacks = [e for e in art.events if e.type == "ASSAULT"]
    assert attacks, art.events
    names = {a.id: a for a in art.actors}
    ev = attacks[0]
    assert ev.trigger == "thwarted"
    assert any(names[i].sector == "MIL" for i in ev.source)
    assert "al-shabaab" in ev.target


def test_repelled_attack_keeps_its_attacker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "On 12 June, Somali army troops repelled an al-Shabaab attack on a base near Jowhar."
    art = next(iter(_process(pipeline, text)))
    attacks = [e for e in art.events if e.type == "ASSAULT"]
    assert attacks and attacks[0].source == ["al-shabaab"]


def _process(pipeline, text: str):  # type: ignore[no-untyped-def]
    from eventscope.nlp.pipeline import process

    return list(process(pipeline, [RawArticle(text=text)]))


def test_town_written_inside_a_city_of_its_province_wins() -> None:
    text = "Troops closed the roads of Tal Hamis in Qamishli on Monday."
    town = _place("Tal Hamis", text, country="SY", population=5_000)
    city = _place("Qamishli", text, country="SY", population=180_000)
    town.admin1 = city.admin1 = "07"
    ev = _event(text, city)
    consistent_locations(_doc(text, [town, city]), [ev], iso3=_ISO3)
    assert ev.location is town


def test_list_of_cities_of_two_provinces_is_no_containment() -> None:
    text = "Strikes hit Aleppo, Idlib and Hama overnight."
    first = _place("Aleppo", text, country="SY", population=1_600_000)
    second = _place("Idlib", text, country="SY", population=130_000)
    first.admin1, second.admin1 = "09", "12"
    ev = _event(text, second)
    consistent_locations(_doc(text, [first, second]), [ev], iso3=_ISO3)
    assert ev.location is second


def test_crowd_demand_is_placed_where_the_crowd_gathered(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("On 6 June, hundreds of workers came out on the roads in Nagpur city (Nagpur, Maharashtra), "
            "demanding the payment of their wages.")
    art = next(iter(_process(pipeline, text)))
    demands = [e for e in art.events if e.type == "REQUEST"]
    assert demands and demands[0].location is not None and demands[0].location.name == "Nagpur"


def test_generic_group_follows_the_country_of_its_events() -> None:
    text = "Gunmen shot a man near Dennison in the countryside of Homs."
    city = _place("Homs", text, country="SY", population=700_000)
    gunmen = Actor(id="g:gunman@USA", name="gunmen", kind="group", country="USA", sector="REB", mentions=[[0, 6]])
    doc = _doc(text, [city], {"g:gunman@USA": gunmen})
    doc._.actor_spans = [(0, 6, "g:gunman@USA")]
    ev = _event(text, city)
    ev.source = ["g:gunman@USA"]
    follow_event_countries(doc, [ev], _ISO3)
    assert ev.source == ["g:gunman@SYR"]
    assert doc._.actors["g:gunman@SYR"].country == "SYR" and "g:gunman@USA" not in doc._.actors
    assert doc._.actor_spans == [(0, 6, "g:gunman@SYR")]


def test_plural_demonym_does_not_share_the_next_group_noun(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "On 9 June, clashes erupted between Palestinians and Israeli forces near Nablus."
    art = next(iter(_process(pipeline, text)))
    sectors = {a.id: a.sector for a in art.actors}
    clash = next(e for e in art.events if e.type == "ASSAULT")
    assert sorted(sectors[i] for i in clash.source) == ["CVL", "MIL"]


def test_unplaced_attack_takes_its_presumed_doer_from_the_text_country() -> None:
    text = "Clan clashes erupted around Qoloji, in the Somali region. Dozens died."
    region = _place("Somali", text, country="ET", code="ADM1")
    doc = _doc(text, [region])
    ev = Event(id="e", type="ASSAULT", sentence=text, start=0, end=len(text), acled_type="Battles")
    implicit_doers(doc, [ev], {"ET": "ETH"}.get)
    assert ev.source and ev.source[0].endswith("@ETH")


def test_unsided_shootout_takes_the_force_on_operation(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("On 8 June, in Campinas, Sao Paulo, the Military Police carried out an operation against a drug "
            "gang in the Jardim Itatinga neighbourhood. A shoot-out broke out and a suspect was injured.")
    art = next(iter(_process(pipeline, text)))
    sectors = {a.id: a.sector for a in art.actors}
    fight = next(e for e in art.events if e.trigger == "shoot-out")
    assert [sectors[i] for i in fight.source] == ["COP"]


def _at(place: Place, lat: float, lon: float, admin1: str | None = None) -> Place:
    place.lat, place.lon, place.admin1 = lat, lon, admin1
    return place


def test_namesake_far_from_the_town_said_to_contain_it_gives_way() -> None:
    text = "Workers protested in Kalyani area of Nashik city on Monday."
    wrong = _at(_place("Kalyani", text, country="IN", population=90_000), 22.98, 88.43, "28")
    city = _at(_place("Nashik", text, country="IN", population=1_500_000), 19.99, 73.79, "16")
    ev = _event(text, wrong)
    consistent_locations(_doc(text, [wrong, city]), [ev], iso3=_ISO3)
    assert ev.location is city


def test_town_followed_by_a_state_read_as_its_capital_is_kept() -> None:
    text = "Armed men attacked a police officer in Nazas, Durango."
    town = _at(_place("Nazas", text, country="MX", population=3_000), 25.22, -104.11, "10")
    capital = _at(_place("Durango", text, country="MX", population=580_000), 24.02, -104.66, "10")
    ev = _event(text, town)
    consistent_locations(_doc(text, [town, capital]), [ev], iso3=_ISO3)
    assert ev.location is town  # no containment said in words: "Durango" is the state


def test_district_written_inside_its_province_wins() -> None:
    text = "Shelling hit farms in western Yemen (Hays, Al Hudaydah)."
    district = _place("Hays", text, country="YE", code="ADM2")
    province = _place("Al Hudaydah", text, country="YE", code="ADM1")
    district.admin1 = province.admin1 = "08"
    ev = _event(text, province)
    consistent_locations(_doc(text, [district, province]), [ev], iso3=_ISO3)
    assert ev.location is district


def test_district_of_a_province_read_as_its_seat_is_kept() -> None:
    text = "Gendarmes destroyed shelters near a village of Hani district, Diyarbakir."
    town = _at(_place("Hani", text, country="TR", population=12_000), 38.41, 40.39, "21")
    seat = _at(_place("Diyarbakir", text, country="TR", population=650_000), 37.91, 40.22, "21")
    ev = _event(text, town)
    consistent_locations(_doc(text, [town, seat]), [ev], iso3=_ISO3)
    assert ev.location is town


def test_unnamed_protest_and_attack_get_presumed_doers(pipeline) -> None:  # type: ignore[no-untyped-def]
    nlp = pipeline
    # A group named by who it is protests: the crowd follows it, as ACLED codes protesters.
    doc = nlp("On 2 May, doctors protested outside the hospital over unpaid salaries.")
    ev = next(e for e in doc._.events if e.type == "PROTEST")
    assert ev.source[0] == "g:doctor" and any(s.startswith("g:protester") for s in ev.source)
    # No place gives a country: the presumed doer is still there, unlocated.
    doc = nlp("A man was beaten to death by unknown attackers on Sunday night.")
    ev = next(e for e in doc._.events if e.type == "ASSAULT")
    assert ev.source, "an attack with an unnamed doer keeps a presumed doer"
