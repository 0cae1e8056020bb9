# ruff: noqa: E501  (inline data snippets are kept one record per line)
"""Evaluation readers: inline snippets of each format, and counts on the real dev files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eventscope.errors import DataError
from eventscope.evaluate import datasets as ds

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


ACLED_HEAD = "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,iso3,location,latitude,longitude,notes,fatalities\n"


def test_read_acled_dedupes_notes(tmp_path: Path) -> None:
    rows = (
        'XY1,2-May-20,Battles,Armed clash,Military Forces of X,Rebels,Xland,XLD,Town A,1.5,2.5,"On 2 May 2020, troops fought rebels in A and B.",3\n'
        'XY2,2-May-20,Battles,Armed clash,Military Forces of X,Rebels,Xland,XLD,Town B,1.7,2.6,"On 2 May 2020, troops fought rebels in A and B.",1\n'
        'XY3,30-Apr-20,Protests,Peaceful protest,Protesters (Xland),,Xland,XLD,Town C,3,4,"On 30 April 2020, teachers protested.",0\n'
        "XY4,30-Apr-20,Protests,Peaceful protest,Protesters (Xland),,Xland,XLD,Town C,3,4,,0\n"
    )
    items = ds.read_acled(_write(tmp_path, "a.csv", ACLED_HEAD + rows))
    assert len(items) == 2  # duplicate note merged, empty note dropped
    clash = items[0]
    assert clash.label == "ARMED_CLASH" and clash.event_type == "Battles"
    assert clash.coords == [(1.5, 2.5), (1.7, 2.6)]
    assert clash.dates == ["2020-05-02"] and clash.actor1 == ["Military Forces of X"]
    assert clash.fatalities == 3
    assert items[1].label == "PEACE_PROTEST" and items[1].date == "2020-04-30"


def test_read_acled_rejects_other_csv(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="missing columns"):
        ds.read_acled(_write(tmp_path, "x.csv", "a,b\n1,2\n"))
    bad = ACLED_HEAD + 'XY1,2-May-20,Battles,Sword fight,A,,X,XLD,T,1,2,"note",0\n'
    with pytest.raises(DataError, match="sub_event_type"):
        ds.read_acled(_write(tmp_path, "b.csv", bad))


def test_read_case_tsv_cameo(tmp_path: Path) -> None:
    case = ds.read_case(
        _write(tmp_path, "c.tsv", "id\tEventSnippet\tSubType\n7\tPolice detained two men.\tARREST\n")
    )
    assert case == [ds.LabelledText("7", "Police detained two men.", "ARREST")]
    with pytest.raises(DataError, match="header"):
        ds.read_case(_write(tmp_path, "c2.tsv", "7\tPolice detained two men.\tARREST\n"))
    tsv = ds.read_tsv(
        _write(tmp_path, "t.tsv", "id\ttext\tlabel\na\tFloods hit.\tNATURAL_DISASTER\nb\tx\tDIPLO\n")
    )
    assert [t.label for t in tsv] == ["NATURAL_DISASTER", "DIPLO"]
    with pytest.raises(DataError, match="3 tab-separated"):
        ds.read_tsv(_write(tmp_path, "t2.tsv", "a\tonly two\n"))
    cameo = ds.read_cameo(
        _write(tmp_path, "q.tsv", "Leaders met in Rome.\t1\r\nTroops shelled a town.\t4\r\n")
    )
    assert [(c.id, c.label) for c in cameo] == [("1", "1"), ("2", "4")]
    with pytest.raises(DataError, match="0-4"):
        ds.read_cameo(_write(tmp_path, "q2.tsv", "x\t7\n"))


def test_read_plover(tmp_path: Path) -> None:
    recs = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "doc"},
        {
            "id": "R1",
            "event": "DEMAND",
            "text": "Aland demanded that Bland withdraw.",
            "source": [{"actorText": "Aland", "code": "ALA"}],
            "target": [{"actorText": "Bland", "code": "BLA", "sector": "GOV"}],
            "eventLoc": {"name": "Cville", "country code": "BLA"},
        },
    ]
    items = ds.read_plover(_write(tmp_path, "p.txt", json.dumps(recs)))
    assert len(items) == 1
    it = items[0]
    assert it.label == "DEMAND" and it.source[0].code == "ALA" and it.target[0].sector == "GOV"
    assert it.location == "Cville" and it.location_country == "BLA"
    with pytest.raises(DataError):
        ds.read_plover(_write(tmp_path, "bad.txt", "{not json"))


def test_tag_spans_iob2_and_iob1() -> None:
    assert ds.tag_spans(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC"]) == [
        (0, 2, "PER"),
        (3, 5, "LOC"),
        (5, 6, "LOC"),
    ]
    assert ds.tag_spans(["I-ORG", "I-PER"]) == [(0, 1, "ORG"), (1, 2, "PER")]
    assert ds.tag_spans([]) == []


def test_read_conll_and_cameo_bio(tmp_path: Path) -> None:
    conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n"
    sents = ds.read_conll(_write(tmp_path, "c.txt", conll))
    assert len(sents) == 2
    assert sents[0].spans() == [(0, 1, "ORG"), (2, 3, "MISC")]
    assert sents[1].text == "Peter Blackburn" and sents[1].token_offsets() == [(0, 5), (6, 15)]
    bio = ds.read_cameo_bio(
        _write(tmp_path, "b.txt", "a B-S\ncourt I-S\nrejected O\nthe O\nplea B-T\n.  O\n\n")
    )
    assert bio[0].spans() == [(0, 2, "S"), (4, 5, "T")]
    with pytest.raises(DataError, match="bad tag"):
        ds.read_cameo_bio(_write(tmp_path, "bad.txt", "word X-S\n"))


LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="9"><title>T</title><text><![CDATA[Fire in Alexandria and Memphis St. today.]]></text>
<toponyms><toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
<gaztag geonameid="4314550"><name>Alexandria</name><fcode>PPL</fcode><lat>31.31</lat><lon>-92.44</lon></gaztag></toponym>
<toponym><start>23</start><end>34</end><phrase>Memphis St.</phrase></toponym></toponyms></article></articles>"""


def test_read_lgl_and_trnews_reanchor(tmp_path: Path) -> None:
    docs = ds.read_lgl(_write(tmp_path, "l.xml", LGL))
    t = docs[0].toponyms
    assert [x.name for x in t] == ["Alexandria", "Memphis St."]
    assert t[0].geonameid == 4314550 and t[0].has_coords and not t[1].has_coords
    shifted = LGL.replace("<start>8</start><end>18</end>", "<start>9</start><end>19</end>")
    tr = ds.read_trnews(_write(tmp_path, "t.xml", shifted))
    assert (tr[0].toponyms[0].start, tr[0].toponyms[0].end) == (8, 18)


def test_read_geovirus_one_based(tmp_path: Path) -> None:
    xml = """<articles><article><source>http://x</source><text>Ebola in Pandi, Bulacan.</text><locations>
    <location><name>Pandi</name><start>10</start><end>15</end><lat>14.87</lat><lon>120.95</lon><page>p</page></location>
    </locations></article></articles>"""
    d = ds.read_geovirus(_write(tmp_path, "g.xml", xml))[0]
    top = d.toponyms[0]
    assert d.text[top.start : top.end] == "Pandi" and top.lat == 14.87


def test_read_gwn_skips_non_locational_and_uncoded(tmp_path: Path) -> None:
    def top(name: str, s: int, nonloc: str, lat: str) -> str:
        return (
            f"<toponym><extractedName>{name}</extractedName><normalisedName>{name}</normalisedName><type>Literal</type>"
            f"<modifierType/><nonLocational>{nonloc}</nonLocational><start>{s}</start><end>{s + len(name)}</end>"
            f"<geonamesID>123</geonamesID><latitude>{lat}</latitude><longitude>{'5' if lat else ''}</longitude></toponym>"
        )

    text = "Paris met Berlin near Oslo."
    xml = (
        f"<articles><article><title>t</title><link>http://l</link><text>{text}</text><toponyms>"
        + top("Paris", 0, "Yes", "48.8")
        + top("Berlin", 10, "No", "52.5")
        + top("Oslo", 22, "No", "")
        + "</toponyms></article></articles>"
    )
    d = ds.read_gwn(_write(tmp_path, "w.xml", xml))[0]
    assert [(t.name, t.geonameid) for t in d.toponyms] == [("Berlin", 123)]
    assert d.text[d.toponyms[0].start : d.toponyms[0].end] == "Berlin"


def test_read_geo_jsonl_and_dispatch(tmp_path: Path) -> None:
    line = {
        "id": "d1",
        "text": "Floods hit Dhaka.",
        "toponyms": [{"start": 11, "end": 16, "lat": 23.7, "lon": 90.4}],
    }
    p = _write(tmp_path, "g.jsonl", json.dumps(line) + "\n\n")
    d = ds.read_geo(p, "jsonl")[0]
    assert d.toponyms[0].name == "Dhaka" and d.toponyms[0].has_coords
    with pytest.raises(DataError, match=":1:"):
        ds.read_geo_jsonl(_write(tmp_path, "bad.jsonl", '{"id": 1}\n'))
    with pytest.raises(DataError, match="unknown geoparse format"):
        ds.read_geo(p, "kml")
    with pytest.raises(DataError, match="no such file"):
        ds.read_geo(tmp_path / "missing.xml", "lgl")


def test_read_bbc(tmp_path: Path) -> None:
    (tmp_path / "politics").mkdir()
    _write(tmp_path / "politics", "001.txt", "Vote called\n\nThe prime minister called a vote.\n")
    arts = ds.read_bbc(tmp_path)
    assert arts[0].title == "Vote called" and arts[0].text == "The prime minister called a vote."
    assert arts[0].source == "politics"


# ---------------------------------------------------------------- real dev files (counts from READMEs)

needs_data = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")


@needs_data
def test_real_geoparse_counts() -> None:
    for fmt, rel, n_docs, n_tops, n_coords in (
        ("lgl", "lgl/lgl.xml", 588, 5088, 4462),
        ("trnews", "tr-news/TR-News.xml", 118, 1319, 1275),
    ):
        docs = ds.read_geo(SHARED / rel, fmt)
        tops = [t for d in docs for t in d.toponyms]
        assert (len(docs), len(tops), sum(t.has_coords for t in tops)) == (n_docs, n_tops, n_coords)
        assert all(d.text[t.start : t.end] == t.name for d in docs for t in d.toponyms)
    gv = ds.read_geovirus(SHARED / "geovirus" / "GeoVirus.xml")
    assert len(gv) == 229
    assert all(d.text[t.start : t.end] == t.name and t.has_coords for d in gv for t in d.toponyms)


@needs_data
def test_real_conll_plover_cameo_counts() -> None:
    testa = ds.read_conll(SHARED / "conll2003" / "eng.testa")
    assert len(testa) == 3250 and sum(len(s.tokens) for s in testa) == 51362
    assert Counter(t for s in testa for *_, t in s.spans()) == {
        "LOC": 1837,
        "PER": 1842,
        "ORG": 1341,
        "MISC": 922,
    }
    plover = ds.read_plover(SHARED / "plover-gsr-cameo")
    assert len(plover) == 322 and Counter(p.label for p in plover)["AGREE"] == 40
    cameo = ds.read_cameo(SHARED / "cameo-conflibert" / "cameo_class" / "train.tsv")
    assert Counter(c.label for c in cameo) == {"0": 240, "1": 248, "2": 303, "3": 337, "4": 221}
    assert len(ds.read_cameo_bio(SHARED / "cameo-conflibert" / "cameo_ner" / "train.txt")) == 1153


@needs_data
def test_real_acled() -> None:
    items = ds.read_acled(SHARED / "acled-2020-05-global" / "acled.csv")
    texts = [i.text for i in items]
    assert len(texts) == len(set(texts)) and 3000 < len(items) < 3185  # 3,185 rows, some share a note
    assert {i.event_type for i in items} == {
        "Protests",
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Riots",
        "Strategic developments",
    }
    assert all(i.coords and i.dates and "2020-04-27" <= i.date <= "2020-05-04" for i in items)


def test_tagged_sentence_detokenized_rejoins_split_words() -> None:
    sent = ds.TaggedSentence(
        ["Japan", "’", "s", "envoy", "Mr", ".", "L", "ó", "pez", "met", "Saudi", "-", "led", "forces",
         "and", "4", ",", "300", "people", "in", "the", "U", ".", "S", "."], ["O"] * 25)
    text, offsets = sent.detokenized()
    assert text == "Japan’s envoy Mr. López met Saudi-led forces and 4,300 people in the U.S ."
    assert [text[s:e] for s, e in offsets] == sent.tokens
