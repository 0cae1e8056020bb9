"""End-to-end checks on the real article in ../shared/articles (read at test time, never copied)."""

from __future__ import annotations

import math

import pytest

from eventscope.nlp.pipeline import process
from eventscope.records import RawArticle

pytestmark = pytest.mark.model

ALMATY = (43.25, 76.92)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def article(pipeline, shared_dir):
    path = shared_dir / "articles" / "csto-almaty-2024-06.txt"
    if not path.exists():
        pytest.fail(f"the real article is missing at {path}")
    from eventscope.ingest import read_path

    raws = read_path(path)
    assert len(raws) == 1
    raw: RawArticle = raws[0]
    raw.published = raw.published or "2024-06-25"
    return next(process(pipeline, [raw]))


def test_leave_a_reply_is_dropped(article):
    assert "Leave a Reply" not in article.text


def test_almaty_geocoded_in_kazakhstan(article):
    almaty = [p for p in article.places if p.text == "Almaty"]
    assert almaty, "Almaty not found as a place"
    for p in almaty:
        assert p.country == "KZ"
        assert _km(p.lat, p.lon, *ALMATY) < 25


def test_member_states_and_afghanistan_are_places(article):
    countries = {p.country for p in article.places if p.feature_class == "A"}
    for iso in ("RU", "TJ", "KG", "KZ", "BY", "AF"):
        assert iso in countries, f"{iso} missing from places {sorted(countries)}"


def test_lavrov_is_a_russian_government_person(article):
    lavrov = [a for a in article.actors if "Lavrov" in a.name]
    assert len(lavrov) == 1, [a.name for a in article.actors]
    a = lavrov[0]
    assert a.kind == "person" and a.country == "RUS" and a.sector == "GOV"
    # "Sergey Lavrov" and the later "Lavrov" mentions are the same actor
    assert len(a.mentions) >= 4
    ents = {(e.text, e.label) for e in article.entities}
    assert ("Sergey Lavrov", "PERSON") in ents
    assert ("Lavrov", "ORG") not in ents


def test_armed_groups_and_igo(article):
    by_name = {a.name.lower(): a for a in article.actors}
    kinds = {a.kind for a in article.actors}
    assert "armed_group" in kinds
    daesh = [a for a in article.actors if any(article.text[s:e] == "Daesh" for s, e in a.mentions)]
    assert daesh and "islamic state" in daesh[0].name.lower() and daesh[0].kind == "armed_group"
    for name in ("taliban", "al-qaeda"):
        match = [a for n, a in by_name.items() if name in n.replace("al qaeda", "al-qaeda")]
        assert match and match[0].kind == "armed_group", name
    csto = [a for a in article.actors if a.kind == "igo" and "CSTO" in (article.text[s:e] for s, e in a.mentions)]
    assert csto, "CSTO not resolved as an intergovernmental organisation"
    assert ("Daesh", "GPE") not in {(e.text, e.label) for e in article.entities}


def test_meeting_in_almaty_and_lavrov_events(article):
    lavrov_id = next(a.id for a in article.actors if "Lavrov" in a.name)
    consult = [e for e in article.events if e.type == "CONSULT"]
    assert consult, "the meeting is not an event"
    assert any(e.location is not None and e.location.name == "Almaty" for e in consult)
    by_lavrov = [e for e in article.events if lavrov_id in e.source]
    assert len(by_lavrov) >= 2, [(e.type, e.source, e.trigger) for e in article.events]
    demanded = [e for e in article.events if e.modality == "demanded"]
    taliban = next(a.id for a in article.actors if "taliban" in a.name.lower())
    assert any(taliban in e.target for e in demanded), "the call to engage the Taliban is not a demanded event"


def test_direct_quote_attributed_to_lavrov(article):
    lavrov_id = next(a.id for a in article.actors if "Lavrov" in a.name)
    direct = [q for q in article.quotes if q.direct and "engage the Taliban" in q.text]
    assert direct and direct[0].speaker == lavrov_id
