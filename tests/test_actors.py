"""The actor dictionary and the actor-resolution stage."""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
import pytest
import spacy
from spacy.tokens import Doc

from eventscope.errors import ConfigError, DataError
from eventscope.nlp import entities as _entities  # noqa: F401 - registers the eventscope_entities factory
from eventscope.nlp.actors import ActorResolver, actor_at
from eventscope.nlp.extensions import register_extensions
from eventscope.resources import Resources
from eventscope.resources.actors import ActorDictionary, ActorEntry, name_words, normalise_name

from fakes import FakeGazetteer, make, model_copy  # noqa: E402

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "articles" / "csto-almaty-2024-06.txt"


@pytest.fixture(scope="module")
def bundled() -> ActorDictionary:
    return ActorDictionary.load()


# --- normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Al-Qaeda", "the al Qa'ida"),
        ("Mohammed Yaqoob", "Muhammad Yaqoob"),
        ("Dmitriy", "Dmitry"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("Kassym-Jomart Tokaev", "Kassym Jomart TOKAYEV"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Amir Khan Muttaqi", "Amir Han Mutaqi"),
        ("U.S.", "US"),
    ],
)
def test_normalisation_unifies_variants(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize("a, b", [("EU", "EEU"), ("Iran", "Iraq"), ("Sergey Lavrov", "Sergey Ivanov")])
def test_normalisation_keeps_different_names_apart(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_name_words_keeps_leading_the():
    assert name_words("The Hague") == ["the", "hague"]
    assert normalise_name("The Taliban") == "taliban"


# --- the bundled dictionary ----------------------------------------------------------------------


def test_every_state_and_its_government(bundled):
    for country in pycountry.countries:
        state = bundled.get(country.alpha_3)
        assert state is not None and state.kind == "state" and state.country == country.alpha_3
        gov = bundled.get(country.alpha_3 + "-GOV")
        assert gov is not None and gov.kind == "government" and gov.sector == "GOV"


@pytest.mark.parametrize(
    "alias, ident",
    [
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("South Korea", "KOR"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("America", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Kyrgyz Republic", "KGZ"),
        ("Kremlin", "RUS-GOV"),
        ("Russian government", "RUS-GOV"),
        ("UN Security Council", "unsc"),
        ("NATO", "nato"),
        ("European Commission", "european-commission"),
        ("CSTO", "csto"),
        ("Shanghai Cooperation Organization", "sco"),
        ("ICRC", "icrc"),
        ("UNAMA", "unama"),
        ("Daesh", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Islamic State in Iraq and Syria", "islamic-state"),
        ("ISIS-K", "iskp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("al-Qaida", "al-qaeda"),
        ("Islamic Emirate of Afghanistan", "taliban"),
        ("Pakistani Taliban", "ttp"),
        ("Ansar Allah", "houthis"),
        ("al-Shabab", "al-shabaab"),
        ("Africa Corps", "africa-corps"),
        ("Jamaat Ansarullah", "jamaat-ansarullah"),
        ("Sergei Lavrov", "lavrov-sergey"),
        ("Kassym-Jomart Tokayev", "tokayev-kassym-jomart"),
        ("Imangali Tasmagambetov", "tasmagambetov-imangali"),
        ("Hibatullah Akhundzada", "akhundzada-hibatullah"),
    ],
)
def test_bundled_aliases(bundled, alias, ident):
    entry = bundled.match(alias)
    assert entry is not None and entry.id == ident


def test_cities_and_pronouns_are_not_aliases(bundled):
    for text in ("Moscow", "Washington", "us", "is", "Beijing", "Kabul"):
        assert bundled.match(text) is None, text


def test_person_entries_have_role_country_sector(bundled):
    lavrov = bundled.match("Sergey Lavrov")
    assert (lavrov.kind, lavrov.country, lavrov.sector, lavrov.role) == (
        "person",
        "RUS",
        "GOV",
        "Foreign Minister",
    )
    persons = [e for e in bundled.entries() if e.kind == "person"]
    assert len(persons) > 40
    assert all(e.role and e.country and e.sector for e in persons)


def test_bundled_aliases_do_not_collide(bundled):
    owner: dict[tuple[str, ...], str] = {}
    for entry in bundled.entries():
        for alias in (entry.name, *entry.aliases):
            key = tuple(normalise_name(alias).split())
            assert owner.setdefault(key, entry.id) == entry.id, f"{alias!r}: {owner[key]} vs {entry.id}"


def test_national_actors_are_generated(bundled):
    mil = bundled.national("TJK", "MIL")
    assert (mil.id, mil.name, mil.kind, mil.country, mil.sector) == (
        "TJK-MIL",
        "Tajikistan military",
        "military",
        "TJK",
        "MIL",
    )
    assert bundled.get("AFG-COP").name == "Afghanistan police"
    assert bundled.get("GBR-GOV").name == "Government of the United Kingdom"
    assert bundled.get("RUS-GOV").name == "Government of Russia"
    assert bundled.national("XXX", "MIL") is None and bundled.national("TJK", "BUS") is None


def test_closest_suggests_but_match_does_not(bundled):
    assert bundled.match("Amangali Tasmagambitov") is None
    assert bundled.closest("Amangali Tasmagambitov", kind="person").id == "tasmagambetov-imangali"
    assert bundled.closest("Georgi Grigorevich", kind="person") is None


def test_patterns_and_version(bundled):
    pats = bundled.patterns()
    assert {"label": "ORG", "pattern": "Daesh", "id": "islamic-state"} in pats
    assert {"label": "GPE", "pattern": "Russia", "id": "RUS"} in pats
    assert bundled.version.startswith("actors-v1-") and bundled.version == ActorDictionary.load().version


# --- the user's file -----------------------------------------------------------------------------


def test_user_file_wins_on_id_and_alias(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n"
        "  - {id: lavrov-sergey, name: Sergey V. Lavrov, kind: person, country: RUS, sector: GOV,\n"
        "     role: Minister}\n"
        "  - {id: my-daesh, name: Daesh (my coding), aliases: [Daesh], kind: armed_group, sector: REB}\n",
        encoding="utf-8",
    )
    d = ActorDictionary.load(extra=path)
    assert d.get("lavrov-sergey").role == "Minister"
    assert d.match("Sergey V. Lavrov").id == "lavrov-sergey"
    assert d.match("Daesh").id == "my-daesh"
    assert d.match("ISIS").id == "islamic-state"
    assert d.version != ActorDictionary.load().version


def test_user_json_file(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "actors": [
                    {
                        "id": "x-front",
                        "name": "X Front",
                        "aliases": ["XF"],
                        "kind": "armed_group",
                        "country": "TJK",
                        "sector": "REB",
                    }
                ]
            }
        )
    )
    assert ActorDictionary.load(extra=path).match("XF").id == "x-front"


@pytest.mark.parametrize(
    "content, reason",
    [
        ("actors: [\n  - {id: x", "cannot parse"),
        ("- just a list", "'actors' list"),
        ("actors:\n  - {name: No Id, kind: person}", "'id' is required"),
        ("actors:\n  - {id: x, name: X, kind: person, country: Russia}", "alpha-3"),
        ("actors:\n  - {id: x, name: X, kind: person, sector: ARMY}", "unknown sector"),
        ("actors:\n  - {id: x, name: X, kind: wizard}", "unknown kind"),
        ("actors:\n  - {id: x, name: X, kind: person, aliases: Y}", "'aliases' must be a list"),
        ("actors:\n  - {id: x, name: X, kind: person, colour: red}", "unknown field"),
    ],
)
def test_malformed_user_file(tmp_path, content, reason):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        ActorDictionary.load(extra=path)
    message = str(info.value)
    assert str(path) in message and reason in message and "\n" not in message


def test_missing_user_file(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        ActorDictionary.load(extra=tmp_path / "nope.yaml")


# --- resolver on blank docs with manual entities -------------------------------------------------

TINY = ActorDictionary(
    [
        ActorEntry(id="RUS", name="Russia", kind="state", country="RUS"),
        ActorEntry(id="TJK", name="Tajikistan", kind="state", country="TJK"),
        ActorEntry(id="AFG", name="Afghanistan", kind="state", country="AFG"),
        ActorEntry(id="KAZ", name="Kazakhstan", kind="state", country="KAZ"),
        ActorEntry(
            id="csto",
            name="Collective Security Treaty Organization",
            aliases=("CSTO",),
            kind="igo",
            sector="IGO",
        ),
        ActorEntry(id="taliban", name="Taliban", kind="armed_group", country="AFG", sector="REB"),
        ActorEntry(
            id="lavrov-sergey",
            name="Sergey Lavrov",
            kind="person",
            country="RUS",
            sector="GOV",
            role="Foreign Minister",
        ),
    ]
)


@pytest.fixture(scope="module")
def blank():
    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="module")
def resolver(blank):
    comp = ActorResolver(blank)
    comp.setup(Resources(actors=TINY, gazetteer=FakeGazetteer()))
    return comp


def mentions(doc: Doc) -> list[tuple[str, str]]:
    return [(doc.text[s:e], ident) for s, e, ident in doc._.actor_spans]


def test_person_with_title_and_surname_coreference(resolver, blank):
    text = "Russian Foreign Minister Sergey Lavrov spoke. Later Lavrov left and the minister flew home."
    doc = resolver(
        make(blank, text, [("Russian", "NORP"), ("Sergey Lavrov", "PERSON"), ("Lavrov", "PERSON")])
    )
    assert mentions(doc) == [
        ("Sergey Lavrov", "lavrov-sergey"),
        ("Lavrov", "lavrov-sergey"),
        ("the minister", "lavrov-sergey"),
    ]
    actor = doc._.actors["lavrov-sergey"]
    assert (actor.kind, actor.country, actor.sector, actor.role, actor.resolved) == (
        "person",
        "RUS",
        "GOV",
        "Foreign Minister",
        True,
    )
    assert len(actor.mentions) == 3


def test_unknown_person_gets_role_from_title_and_keeps_label(resolver, blank):
    text = "Kazakh Defence Minister Ruslan Zhaksylykov met Tajik President Ivan Petrov. Zhaksylykov said so."
    doc = resolver(
        make(
            blank,
            text,
            [
                ("Kazakh", "NORP"),
                ("Ruslan Zhaksylykov", "PERSON"),
                ("Tajik", "NORP"),
                ("Ivan Petrov", "PERSON"),
                ("Zhaksylykov", "PERSON"),
            ],
        )
    )
    a = doc._.actors["u:ruslan zhaksylykov"]
    assert (a.role, a.country, a.sector, a.label, a.resolved, a.kind) == (
        "Defence Minister",
        "KAZ",
        "GOV",
        "PERSON",
        False,
        "person",
    )
    assert len(a.mentions) == 2
    assert doc._.actors["u:ivan petrov"].country == "TJK"


def test_apposition_role_with_igo(resolver, blank):
    text = "Ivan Sidorov, Secretary General of the CSTO, spoke."
    doc = resolver(make(blank, text, [("Ivan Sidorov", "PERSON"), ("CSTO", "ORG")]))
    a = doc._.actors["u:ivan sidorov"]
    assert (a.role, a.sector, a.country) == ("Secretary General of the CSTO", "IGO", None)
    assert doc._.actors["csto"].kind == "igo"


def test_national_actors_from_demonyms_and_possessives(resolver, blank):
    text = (
        "Tajik border guards and Afghan police met Kazakh officials and Russia's Ministry of Foreign Affairs."
    )
    doc = resolver(
        make(
            blank,
            text,
            [
                ("Tajik", "NORP"),
                ("Afghan", "NORP"),
                ("Kazakh", "NORP"),
                ("Russia", "GPE"),
                ("Ministry of Foreign Affairs", "ORG"),
            ],
        )
    )
    assert mentions(doc) == [
        ("Tajik border guards", "TJK-MIL"),
        ("Afghan police", "AFG-COP"),
        ("Kazakh officials", "KAZ-GOV"),
        ("Russia's Ministry of Foreign Affairs", "RUS-GOV"),
    ]
    assert (doc._.actors["TJK-MIL"].sector, doc._.actors["AFG-COP"].sector) == ("MIL", "COP")
    assert doc._.actors["TJK-MIL"].resolved


def test_states_orgs_places_and_unknowns(resolver, blank):
    text = "Russia and the Taliban met in Almaty. The Pamir Front (PF) said the PF and Vostok Group disagree."
    doc = resolver(
        make(
            blank,
            text,
            [
                ("Russia", "GPE"),
                ("Taliban", "ORG"),
                ("Almaty", "GPE"),
                ("The Pamir Front", "ORG"),
                ("PF", "ORG"),
                ("PF", "ORG"),
                ("Vostok Group", "ORG"),
            ],
        )
    )
    got = mentions(doc)
    assert got[:2] == [("Russia", "RUS"), ("Taliban", "taliban")]
    assert ("Almaty", "AFG") not in got and not any(t == "Almaty" for t, _ in got)  # a place, not an actor
    assert [i for t, i in got[2:]] == ["u:pamir front"] * 3 + ["u:vostok group"]
    pf = doc._.actors["u:pamir front"]
    assert (pf.name, pf.label, pf.resolved) == ("Pamir Front", "ORG", False)
    assert doc._.actors["RUS"].kind == "state"


def test_unresolved_ids_and_possessives(resolver, blank):
    text = "Tony Blair's plan was criticised. Blair said the Home Office agreed with the Home Office."
    doc = resolver(
        make(
            blank,
            text,
            [
                ("Tony Blair's", "PERSON"),
                ("Blair", "PERSON"),
                ("the Home Office", "ORG"),
                ("the Home Office", "ORG"),
            ],
        )
    )
    assert [i for _, i in mentions(doc)] == ["u:tony blair", "u:tony blair", "u:home office", "u:home office"]
    assert doc._.actors["u:tony blair"].name == "Tony Blair"
    assert doc._.actors["u:home office"].name == "Home Office"


def test_actor_at(resolver, blank):
    doc = resolver(make(blank, "Tajik border guards fired.", [("Tajik", "NORP")]))
    assert actor_at(doc, 0, 5) == "TJK-MIL"
    assert actor_at(doc, 6, 19) == "TJK-MIL"
    assert actor_at(doc, 20, 25) is None


def test_resolver_needs_setup(blank):
    with pytest.raises(ConfigError):
        ActorResolver(blank)(blank("x"))


# --- with the real model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_nlp(nlp_model):
    """The session model's components with the two stages, built once for this module."""
    register_extensions()
    nlp = model_copy(nlp_model)
    res = Resources(actors=ActorDictionary.load(), gazetteer=FakeGazetteer())
    nlp.add_pipe("eventscope_entities").setup(res)
    nlp.add_pipe("eventscope_actors").setup(res)
    return nlp


@pytest.fixture(scope="module")
def article(model_nlp):
    return model_nlp(ARTICLE.read_text(encoding="utf-8"))


@pytest.mark.model
def test_article_lavrov(article):
    lavrov = article._.actors["lavrov-sergey"]
    assert (lavrov.kind, lavrov.country, lavrov.sector, lavrov.role) == (
        "person",
        "RUS",
        "GOV",
        "Foreign Minister",
    )
    texts = [article.text[s:e] for s, e in lavrov.mentions]
    assert texts[0] == "Sergey Lavrov" and texts.count("Lavrov") >= 3
    # every "Lavrov" in the text resolves to him
    start = 0
    while (i := article.text.find("Lavrov", start)) >= 0:
        assert actor_at(article, i, i + 6) == "lavrov-sergey"
        start = i + 6


@pytest.mark.model
def test_article_groups_igo_and_states(article):
    actors = article._.actors
    at = {article.text[s:e]: ident for s, e, ident in article._.actor_spans}
    assert at["Daesh"] == "islamic-state" and actors["islamic-state"].label == "ORG"
    assert actors["islamic-state"].kind == "armed_group"
    assert at["Al-Qaeda"] == "al-qaeda" and actors["al-qaeda"].kind == "armed_group"
    assert at["Taliban"] == "taliban" and actors["taliban"].kind == "armed_group"
    assert at["Collective Security Treaty Organization"] == at["CSTO"] == "csto"
    assert actors["csto"].kind == "igo"
    for name, iso3 in [
        ("Russia", "RUS"),
        ("Tajikistan", "TJK"),
        ("Kyrgyzstan", "KGZ"),
        ("Kazakhstan", "KAZ"),
        ("Belarus", "BLR"),
    ]:
        assert at[name] == iso3 and actors[iso3].kind == "state"
    assert "Almaty" not in at  # a place
    # the misspelt Secretary General is kept, unresolved, with the role the text gives him
    sg = next(a for a in actors.values() if a.name == "Amangali Tasmagambitov")
    assert not sg.resolved and sg.kind == "person" and sg.sector == "IGO" and "Secretary General" in sg.role
    # spans are sorted and each is a recorded mention of its actor
    assert article._.actor_spans == sorted(article._.actor_spans)
    for s, e, ident in article._.actor_spans:
        assert [s, e] in actors[ident].mentions


@pytest.mark.model
def test_written_sentences(model_nlp):
    doc = model_nlp(
        "Tajik border guards clashed with Afghan police near Herat. Protesters marched in Bishkek."
    )
    got = mentions(doc)
    assert ("Tajik border guards", "TJK-MIL") in got and ("Afghan police", "AFG-COP") in got
    assert ("Protesters", "g:protester") in got and doc._.actors["g:protester"].sector == "CVL"
    doc = model_nlp(
        "Kazakh President Kassym-Jomart Tokayev arrived in Dushanbe on Monday. He met Tajik officials."
    )
    got = mentions(doc)
    assert got[0] == ("Kassym-Jomart Tokayev", "tokayev-kassym-jomart")
    assert ("He", "tokayev-kassym-jomart") in got and ("Tajik officials", "TJK-GOV") in got
    assert not any(t == "Dushanbe" for t, _ in got)


@pytest.mark.model
def test_pronoun_left_alone_when_ambiguous(model_nlp):
    doc = model_nlp("Sergey Lavrov met Wang Yi in Moscow. He said the talks were useful.")
    assert not any(t == "He" for t, _ in mentions(doc))


@pytest.mark.model
def test_generic_groups_and_named_group_heads(model_nlp):
    doc = model_nlp("On 3 May 2020, Taliban militants shot and killed a farmer. Locals protested against the killing.")
    got = mentions(doc)
    assert ("militants", "taliban") in got  # "Taliban militants" are the Taliban, not generic militants
    assert ("Locals", "g:local") in got and doc._.actors["g:local"].sector == "CVL"
    doc = model_nlp("On 2 May 2020, unidentified armed men attacked a checkpoint and police arrested two students.")
    got = mentions(doc)
    assert ("armed men", "g:armed-man") in got and doc._.actors["g:armed-man"].sector == "REB"
    assert ("police", "g:police") in got and doc._.actors["g:police"].sector == "COP"
    assert ("students", "g:student") in got
    # a single woman or man is no group actor
    doc = model_nlp("A man was shot dead by a woman in the market.")
    assert not any(i.startswith("g:") for i in doc._.actors)


@pytest.mark.model
def test_pro_prefix_names_the_group(model_nlp):
    doc = model_nlp("On 4 May 2020, pro-Houthi forces fired mortar shells at a village.")
    assert "houthis" in doc._.actors


@pytest.mark.model
def test_state_forces_named_with_of_or_as_an_organisation(model_nlp):
    doc = model_nlp("On 2 May 2020, military forces of Armenia fired on the positions of the military forces of Azerbaijan.")
    got = mentions(doc)
    assert ("military forces", "ARM-MIL") in got and ("military forces", "AZE-MIL") in got
    assert doc._.actors["ARM-MIL"].country == "ARM" and doc._.actors["ARM-MIL"].sector == "MIL"
    doc = model_nlp("On 3 May 2020, residents of Armenia protested.")
    assert any(i == "g:resident@ARM" for _, i in mentions(doc))


@pytest.mark.model
def test_armed_individuals_and_unnamed_groups(model_nlp):
    # One armed person is an actor ("a policeman killed ..."); one civilian is not (see above).
    doc = model_nlp("On 2 May 2020, a policeman killed a woman in the village.")
    assert ("policeman", "g:policeman") in mentions(doc) and doc._.actors["g:policeman"].sector == "COP"
    doc = model_nlp("On 3 May 2020, an unidentified group vandalized a cafe and unknown people burned a car.")
    got = mentions(doc)
    assert ("unidentified group", "g:unidentified-group") in got and ("unknown people", "g:unknown-people") in got
    assert {doc._.actors[i].sector for i in ("g:unidentified-group", "g:unknown-people")} == {"REB"}
    doc = model_nlp("Two men were shot by a group of armed criminals.")
    assert doc._.actors["g:criminal"].sector == "REB"


@pytest.mark.model
def test_capitalised_group_noun_and_state_name_as_modifier(model_nlp):
    # The tagger reads "Separatists" as a proper noun (lemma "Separatists"): still the group noun.
    doc = model_nlp("On 3 May 2020, Malay Muslim Separatists shot and killed one ranger.")
    assert any(i == "g:separatist" for _, i in mentions(doc))
    doc = model_nlp("On 4 May 2020, Ethiopia troops shot down a plane near the border.")
    assert ("Ethiopia troops", "ETH-MIL") in mentions(doc)


def test_lower_case_word_of_a_group_name_before_its_fighters(pipeline):
    """ "Al shabaab militants": the dictionary name with a lower-case word still owns "militants"."""
    doc = pipeline("On Sunday, Al shabaab militants attacked an army base near Baidoa.")
    assert any(s == "al-shabaab" for *_, s in doc._.actor_spans)
    assert not any(i.startswith("g:militant") for i in doc._.actors)


def test_forces_loyal_to_a_head_of_state_are_that_states_forces(pipeline):
    doc = pipeline("On Monday, pro-Hadi forces shelled Houthi positions near Marib.")
    assert "YEM-MIL" in doc._.actors
    doc = pipeline("On Monday, pro-Hadi and allied forces shelled Houthi positions near Marib.")
    assert "YEM-MIL" in doc._.actors


def test_forces_named_by_their_own_name_or_acronym(pipeline):
    doc = pipeline("On Monday, FARDC soldiers clashed with rebels near Beni.")
    assert doc._.actors["cod-fardc"].country == "COD" and doc._.actors["cod-fardc"].sector == "MIL"
    doc = pipeline("On Monday, pro-STC Security Belt Forces ambushed a convoy in Abyan.")
    assert "yem-security-belt" in doc._.actors  # the group itself, its allegiance before it
    doc = pipeline("On Monday, Israeli airstrikes targeted positions near Quneitra.")
    assert "ISR-MIL" in doc._.actors
    doc = pipeline("On Monday, a Turkish drone attacked a checkpoint near Kobani.")
    assert "TUR-MIL" in doc._.actors
    doc = pipeline("On Monday, law enforcement detained dozens of gang members in San Salvador.")
    assert "SLV-COP" in doc._.actors


def test_common_name_of_forces_in_capitals_is_located_like_police(pipeline):
    doc = pipeline("On Monday, a man was killed by the Military Police in Recife, Pernambuco, Brazil.")
    assert "BRA-COP" in doc._.actors and not any(i.startswith("u:") for i in doc._.actors)


def test_country_naming_a_thing_does_not_locate_a_group(pipeline):
    """ "the US dollar exchange rate" says what the protest is about, not where it was."""
    doc = pipeline("On Monday, protesters demonstrating against the high US dollar exchange rate blocked a "
                   "road in Beirut.")
    assert "g:protester@LBN" in doc._.actors
    doc = pipeline("On Monday, protesters demonstrating against the high US dollar exchange rate blocked "
                   "a road.")
    assert not any(i.startswith("g:protester@") for i in doc._.actors)


def test_forces_of_a_polity_outside_the_un_are_its_own(pipeline):
    doc = pipeline("The military forces of Artsakh fired on Azerbaijani positions near Terter.")
    ev = next(e for e in doc._.events if e.type == "ASSAULT")
    assert ev.source == ["artsakh"]


def test_forces_operating_under_a_named_operation_are_that_operation(pipeline):
    """ "X, operating under Operation Y": the forces act as the operation (as with Barkhane)."""
    doc = pipeline("On Monday, Turkish forces and allied factions, operating under Operation Peace Spring, "
                   "shelled a village near Ain Issa.")
    assert "tur-peace-spring" in doc._.actors and "TUR-MIL" not in doc._.actors
    doc = pipeline("On Monday, Turkish forces shelled a village near Ain Issa.")
    assert "TUR-MIL" in doc._.actors


def test_plural_demonym_is_the_countrys_people_not_its_state(pipeline):
    doc = pipeline("On Friday, dozens of Moroccans held a sit-in outside a consulate in Tangier.")
    assert "MAR-CVL" in doc._.actors and "MAR" not in doc._.actors
    doc = pipeline("On Friday, about 40 Ethiopian refugees protested outside a UN office in Hargeisa.")
    assert doc._.actors["ETH-CVL"].sector == "CVL"


def test_side_named_alone_and_border_police_and_gendarmerie(pipeline):
    doc = pipeline("On Monday, pro-Hadi and Southern Resistance forces shot down a drone near Qaatabah.")
    assert {"YEM-MIL", "yem-southern-resistance"} <= set(doc._.actors)
    doc = pipeline("On Monday, Myanmar border guard police clashed with insurgents near Maungdaw.")
    assert "MMR-COP" in doc._.actors and "MMR-MIL" not in doc._.actors
    doc = pipeline("On Monday, the Gendarmerie forces beat a journalist in Nzerekore, Guinea.")
    assert "GIN-COP" in doc._.actors


def test_vague_noun_suspected_to_be_a_named_group(pipeline):
    doc = pipeline("On Monday, men suspected to be Al Shabaab militants threw a grenade at soldiers in "
                   "Mogadishu.")
    ev = next(e for e in doc._.events if e.type == "ASSAULT")
    assert "al-shabaab" in ev.source


def test_numbered_units_and_demonyms_sharing_a_noun(pipeline):
    doc = pipeline("On Monday, the 35th Armoured Brigade repelled an attack in Taizz, Yemen.")
    assert "YEM-MIL" in doc._.actors
    doc = pipeline("On Monday, Turkish and Russian forces conducted a joint patrol near Kobani.")
    assert {"TUR-MIL", "RUS-MIL"} <= set(doc._.actors)
    doc = pipeline("On Monday, opposition factions destroyed a bulldozer near Idlib, Syria.")
    assert doc._.actors["g:opposition-faction@SYR"].sector == "REB"
