"""Hand-made articles for the web, report and browser tests (no NLP: records written directly).

Offsets are computed from the text with ``str.find``, so every record points at real evidence.
One article is hostile (``<script>``, ``onerror=``) to test escaping everywhere.
"""

from __future__ import annotations

from pathlib import Path

from eventscope.records import Actor, Article, DateMention, Entity, Event, Place, Quote, content_id
from eventscope.store import Store

ACTORS = {
    "RUS": ("Russia", "state", "RUS", "GOV"),
    "KAZ": ("Kazakhstan", "state", "KAZ", "GOV"),
    "KAZ-GOV": ("Government of Kazakhstan", "government", "KAZ", "GOV"),
    "TJK": ("Tajikistan", "state", "TJK", "GOV"),
    "AFG-TALIBAN": ("Taliban", "armed_group", "AFG", "REB"),
    "lavrov-sergey": ("Sergey Lavrov", "person", "RUS", "GOV"),
    "CSTO": ("CSTO", "igo", None, "IGO"),
    "u:protesters": ("protesters", None, "KAZ", "CVL"),
}

PLACES = {
    "Almaty": (43.25, 76.95, "KZ", 1526012),
    "Astana": (51.18, 71.45, "KZ", 1526273),
    "Dushanbe": (38.54, 68.78, "TJ", 1221874),
    "Moscow": (55.75, 37.62, "RU", 524901),
    "Kabul": (34.53, 69.17, "AF", 1138958),
}

# (title, published, source, text, events); events: (type, trigger, sentence-substring, sources, targets,
#   place, date, modality, confidence, killed)
DOCS = [
    (
        "CSTO ministers meet in Almaty",
        "2024-06-03",
        "Example Wire",
        "Russia and Kazakhstan agreed on Monday in Almaty to expand military cooperation within the CSTO. "
        'Sergey Lavrov said: "Our alliance is stronger than ever." '
        "The Government of Kazakhstan welcomed the deal.",
        [
            (
                "AGREE",
                "agreed",
                "Russia and Kazakhstan agreed",
                ["RUS"],
                ["KAZ"],
                "Almaty",
                "2024-06-03",
                "asserted",
                0.92,
                None,
            ),
            (
                "SUPPORT",
                "welcomed",
                "The Government of Kazakhstan welcomed",
                ["KAZ-GOV"],
                ["RUS"],
                "Almaty",
                "2024-06-03",
                "asserted",
                0.7,
                None,
            ),
        ],
    ),
    (
        "Clashes near the Tajik border",
        "2024-06-10",
        "Border Monitor",
        "Taliban fighters attacked a border post near Dushanbe, killing two guards. "
        "Tajikistan accused the Taliban of violating the border. "
        'Sergey Lavrov said Moscow "will not stand aside".',
        [
            (
                "ASSAULT",
                "attacked",
                "Taliban fighters attacked",
                ["AFG-TALIBAN"],
                ["TJK"],
                "Dushanbe",
                "2024-06-09",
                "asserted",
                0.88,
                2,
            ),
            (
                "ACCUSE",
                "accused",
                "Tajikistan accused",
                ["TJK"],
                ["AFG-TALIBAN"],
                "Dushanbe",
                "2024-06-10",
                "asserted",
                0.81,
                None,
            ),
        ],
    ),
    (
        "Taliban attack confirmed",
        "2024-06-11",
        "Example Wire",
        "Officials confirmed that Taliban fighters attacked a border post near Dushanbe. "
        "Russia may send troops to Tajikistan, officials in Moscow said.",
        [
            (
                "ASSAULT",
                "attacked",
                "Taliban fighters attacked",
                ["AFG-TALIBAN"],
                ["TJK"],
                "Dushanbe",
                "2024-06-09",
                "asserted",
                0.84,
                2,
            ),
            (
                "MOBILIZE",
                "send",
                "Russia may send troops",
                ["RUS"],
                ["TJK"],
                "Moscow",
                "2024-06-11",
                "hypothetical",
                0.55,
                None,
            ),
        ],
    ),
    (
        "Protest in Astana",
        "2024-06-17",
        "City Daily",
        "Hundreds of protesters rallied in Astana against fuel prices. "
        "The Government of Kazakhstan rejected the demands of the protesters.",
        [
            (
                "PROTEST",
                "rallied",
                "protesters rallied",
                ["u:protesters"],
                ["KAZ-GOV"],
                "Astana",
                "2024-06-16",
                "asserted",
                0.9,
                None,
            ),
            (
                "REJECT",
                "rejected",
                "The Government of Kazakhstan rejected",
                ["KAZ-GOV"],
                ["u:protesters"],
                "Astana",
                "2024-06-17",
                "asserted",
                0.66,
                None,
            ),
        ],
    ),
    (
        "Talks in Moscow",
        "2024-05-20",
        "Example Wire",
        "Sergey Lavrov met officials of Kazakhstan in Moscow to consult on regional security.",
        [
            (
                "CONSULT",
                "met",
                "Sergey Lavrov met",
                ["lavrov-sergey"],
                ["KAZ"],
                "Moscow",
                "2024-05-20",
                "asserted",
                0.77,
                None,
            )
        ],
    ),
    (
        "<script>alert('x')</script> Kabul <img src=x onerror=alert(1)> report",
        "2024-06-12",
        "<b>Evil</b> Source",
        "The Taliban <script>alert('pwned')</script> threatened Kazakhstan from Kabul "
        '<img src=x onerror=alert(1)>. "<b>We warn</b>" the Taliban said.',
        [
            (
                "THREATEN",
                "threatened",
                "The Taliban <script>",
                ["AFG-TALIBAN"],
                ["KAZ"],
                "Kabul",
                "2024-06-12",
                "asserted",
                0.6,
                None,
            )
        ],
    ),
]


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return start, (end + 1 if end >= 0 else len(text))


def _mentions(text: str, name: str) -> list[list[int]]:
    out, i = [], text.find(name)
    while i >= 0:
        out.append([i, i + len(name)])
        i = text.find(name, i + len(name))
    return out


def make_article(title: str, published: str, source: str, text: str, events: list[tuple]) -> Article:
    aid = content_id(text, title)
    actors, entities = [], []
    for actor_id, (name, kind, country, sector) in ACTORS.items():
        spans = _mentions(text, name)
        if not spans:
            continue
        actors.append(
            Actor(
                id=actor_id,
                name=name,
                kind=kind,
                country=country,
                sector=sector,
                resolved=not actor_id.startswith("u:"),
                mentions=spans,
                label="ORG",
            )
        )
        for s, e in spans:
            entities.append(Entity(text=name, label="PERSON" if kind == "person" else "ORG", start=s, end=e))
    places = []
    for name, (lat, lon, cc, gid) in PLACES.items():
        for s, e in _mentions(text, name):
            places.append(
                Place(
                    name=name,
                    start=s,
                    end=e,
                    text=name,
                    lat=lat,
                    lon=lon,
                    country=cc,
                    geonameid=gid,
                    feature_class="P",
                    feature_code="PPLC",
                    population=1000000,
                )
            )
            entities.append(Entity(text=name, label="GPE", start=s, end=e, origin="gazetteer"))
    quotes = []
    qs = text.find('"')
    if qs >= 0:
        qe = text.find('"', qs + 1) + 1
        speaker = "lavrov-sergey" if "Lavrov" in text else "AFG-TALIBAN"
        quotes.append(
            Quote(
                id=Quote.make_id(aid, qs, qe),
                text=text[qs + 1 : qe - 1],
                start=qs,
                end=qe,
                speaker=speaker,
                speaker_text=ACTORS[speaker][0],
            )
        )
    dates = (
        [DateMention(text="Monday", start=text.find("Monday"), end=text.find("Monday") + 6, date=published)]
        if "Monday" in text
        else []
    )
    evs = []
    for type_, trig, anchor, src, tgt, place, date, modality, conf, killed in events:
        pos = text.find(anchor)
        assert pos >= 0, anchor
        s, e = _sentence_bounds(text, pos)
        ts = text.find(trig, pos)
        lat, lon, cc, gid = PLACES[place]
        loc = Place(
            name=place,
            start=text.find(place),
            end=text.find(place) + len(place),
            text=place,
            lat=lat,
            lon=lon,
            country=cc,
            geonameid=gid,
        )
        evs.append(
            Event(
                id=Event.make_id(aid, s, e, type_),
                type=type_,
                sentence=text[s:e],
                start=s,
                end=e,
                trigger=trig,
                trigger_start=ts,
                trigger_end=ts + len(trig),
                source=src,
                target=tgt,
                location=loc,
                date=date,
                date_granularity="day",
                modality=modality,
                confidence=conf,
                killed=killed,
                quote=quotes[0].id if quotes else None,
            )
        )
    return Article(
        id=aid,
        text=text,
        title=title,
        published=published,
        source=source,
        url="https://example.org/" + aid,
        focus_country="KZ",
        entities=entities,
        actors=actors,
        places=places,
        dates=dates,
        events=evs,
        quotes=quotes,
    )


def make_articles() -> list[Article]:
    return [make_article(*doc) for doc in DOCS]


def build_store(path: Path) -> Path:
    """Write the fixture articles into a new store at ``path``."""
    with Store.open(path) as store:
        for article in make_articles():
            store.add_article(article)
    return path


MALICIOUS_TITLE = DOCS[-1][0]
