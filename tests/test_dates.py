"""Dates stage: pure resolution, mention finding on blank docs, and the real model on project-written text."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from eventscope.nlp.dates import DatesStage, event_date, find_date_mentions, parse_published, resolve_date
from eventscope.nlp.extensions import register_extensions
from eventscope.records import GRANULARITIES
from eventscope.resources import Resources

PUB = date(2024, 6, 25)  # a Tuesday


@pytest.fixture(scope="module")
def blank():  # type: ignore[no-untyped-def]
    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="module")
def model_nlp(nlp_model):  # type: ignore[no-untyped-def]
    """Runs the shared model (conftest ``nlp_model``, left unchanged) and then the dates stage."""
    register_extensions()
    stage = DatesStage(nlp_model)
    stage.setup(Resources())

    def run(text: str, published: str | None) -> Doc:
        doc = nlp_model.make_doc(text)
        doc._.published = published
        return stage(nlp_model(doc))

    return run


# --------------------------------------------------------------------------- resolve_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21 June 2024", ("2024-06-21", "day")),
        ("June 21, 2024", ("2024-06-21", "day")),
        ("2024-06-21", ("2024-06-21", "day")),
        ("June 21", ("2024-06-21", "day")),
        ("June 2024", ("2024-06-01", "month")),
        ("March", ("2024-03-01", "month")),  # the most recent March before publication
        ("in 2023", ("2023-01-01", "year")),
        ("2019", ("2019-01-01", "year")),
        ("yesterday", ("2024-06-24", "day")),
        ("today", ("2024-06-25", "day")),
        ("Friday", ("2024-06-21", "day")),
        ("on Tuesday", ("2024-06-25", "day")),  # on/before publication, so the same day
        ("last Tuesday", ("2024-06-18", "day")),
        ("next Friday", ("2024-06-28", "day")),
        ("Friday's", ("2024-06-21", "day")),
        ("last week", ("2024-06-17", "week")),
        ("this week", ("2024-06-24", "week")),
        ("earlier this week", ("2024-06-24", "week")),
        ("next week", ("2024-07-01", "week")),
        ("last month", ("2024-05-01", "month")),
        ("earlier this month", ("2024-06-01", "month")),
        ("last year", ("2023-01-01", "year")),
        ("three days ago", ("2024-06-22", "day")),
        ("two weeks ago", ("2024-06-10", "week")),
        ("last October", ("2023-10-01", "month")),
        ("next March", ("2025-03-01", "month")),
        ("spring 2006", ("2006-01-01", "year")),
        ("mid-June", ("2024-06-01", "month")),
    ],
)
def test_resolve_date(text: str, expected: tuple[str, str]) -> None:
    assert resolve_date(text, PUB) == expected


@pytest.mark.parametrize(
    "text",
    [
        "two years",
        "for decades",
        "decades",
        "24 hours",
        "the past two years",
        "35-year-old",
        "aged 35",
        "45 years old",
        "recent weeks",
        "the 1990s",
        "the season",
        "Ramadan",
        "",
        "five days",
        "two days later",
        "34 years later",
        "a week earlier",
    ],
)
def test_not_dates(text: str) -> None:
    assert resolve_date(text, PUB) is None


def test_month_boundaries_and_january() -> None:
    assert resolve_date("last month", date(2024, 1, 15)) == ("2023-12-01", "month")
    assert resolve_date("last week", date(2024, 1, 1)) == ("2023-12-25", "week")
    assert resolve_date("Sunday", date(2024, 6, 23)) == ("2024-06-23", "day")


def test_without_publication_date() -> None:
    assert resolve_date("21 June 2024", None) == ("2024-06-21", "day")
    assert resolve_date("2024", None) == ("2024-01-01", "year")
    assert resolve_date("yesterday", None) == (None, "day")
    assert resolve_date("last week", None) == (None, "week")
    assert resolve_date("June 21", None) == (None, "day")
    assert resolve_date("two years", None) is None


def test_parse_published() -> None:
    assert parse_published("2024-06-25T23:30:00-05:00") == date(2024, 6, 25)
    assert parse_published("2024-06-25") == date(2024, 6, 25)
    assert parse_published("not a date") is None
    assert parse_published(None) is None


# --------------------------------------------------------------------------- mentions on blank docs


def _doc(nlp, text: str, published: str | None, dates: list[str] = ()) -> Doc:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.published = published
    ents = []
    for surface in dates:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label="DATE")
        assert span is not None, surface
        ents.append(span)
    doc.ents = ents
    return doc


def test_component_with_manual_entities(blank) -> None:  # type: ignore[no-untyped-def]
    text = "On Friday the army withdrew after fighting for two years. A 35-year-old man said so last week."
    doc = _doc(blank, text, "2024-06-25", ["Friday", "two years", "35-year-old", "last week"])
    stage = DatesStage(blank)
    stage.setup(Resources())
    doc = stage(doc)
    got = [(d.text, d.date, d.granularity, d.from_publication) for d in doc._.dates]
    assert got == [("Friday", "2024-06-21", "day", False), ("last week", "2024-06-17", "week", False)]
    for d in doc._.dates:
        assert text[d.start : d.end] == d.text and d.granularity in GRANULARITIES


def test_regex_pass_finds_what_the_model_missed(blank) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Talks held on 21 June 2024 failed. In 2019 the treaty was signed, and 2023 protesters "
        "marched. Officials met yesterday, as they may do again in May 2025."
    )
    doc = _doc(blank, text, "2024-06-25")
    got = [(d.text, d.date) for d in find_date_mentions(doc, PUB)]
    assert got == [
        ("21 June 2024", "2024-06-21"),
        ("2019", "2019-01-01"),
        ("yesterday", "2024-06-24"),
        ("May 2025", "2025-05-01"),
    ]


def test_model_bare_year_before_a_noun_is_a_count(blank) -> None:  # type: ignore[no-untyped-def]
    text = "Police said 2023 protesters were detained in 2022, before the 2019 election."
    doc = _doc(blank, text, "2024-06-25", ["2023", "2022", "2019"])
    assert [d.text for d in find_date_mentions(doc, PUB)] == ["2022", "2019"]


def test_unresolvable_model_span_falls_back_to_regex_inside(blank) -> None:  # type: ignore[no-untyped-def]
    text = "The ceasefire, agreed over the weekend of 21 June 2024, held."
    doc = _doc(blank, text, "2024-06-25", ["the weekend of 21 June 2024"])
    [mention] = find_date_mentions(doc, PUB)
    assert (mention.text, mention.date) == ("21 June 2024", "2024-06-21")


def test_event_date_rules(blank) -> None:  # type: ignore[no-untyped-def]
    text = "Ministers met on Friday in the capital. They signed a pact.\nRebels attacked a convoy."
    doc = blank(text)  # blank pipeline: no sentence boundaries, so no carry-over between sentences
    doc._.published = "2024-06-25T08:00:00+00:00"
    doc = DatesStage(blank)(doc)
    first_end = text.index(".") + 1
    assert event_date(doc, 0, first_end) == ("2024-06-21", "day", False)
    rebels = text.index("Rebels")
    assert event_date(doc, rebels, len(text)) == ("2024-06-25", "day", True)
    doc._.published = None
    assert event_date(doc, rebels, len(text)) == (None, None, True)


def test_event_date_prefers_most_specific_in_sentence(blank) -> None:  # type: ignore[no-untyped-def]
    text = "In 2024 the two sides, who met last week, agreed on 21 June 2024 to talk."
    doc = DatesStage(blank)(_doc(blank, text, "2024-06-25"))
    assert event_date(doc, 0, len(text)) == ("2024-06-21", "day", False)


def test_resolution_is_cached() -> None:
    from eventscope.nlp import dates as mod

    mod._resolve_cached.cache_clear()
    for _ in range(3):
        resolve_date("21 June 2024", PUB)
    info = mod._resolve_cached.cache_info()
    assert info.misses == 1 and info.hits == 2


# --------------------------------------------------------------------------- the real model


@pytest.mark.model
def test_real_model_sentences(model_nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Friday, the foreign ministers met in the capital of Norland. The talks, postponed for two "
        "years, ended with a joint statement.\n"
        "A 45-year-old official said the agreement would be signed on 3 July 2024."
    )
    doc = model_nlp(text, "2024-06-25")
    got = {(d.text, d.date, d.granularity) for d in doc._.dates}
    assert ("Friday", "2024-06-21", "day") in got
    assert ("3 July 2024", "2024-07-03", "day") in got
    assert not any("year" in d.text for d in doc._.dates)  # neither the duration nor the age
    sents = list(doc.sents)
    assert event_date(doc, sents[0].start_char, sents[0].end_char) == ("2024-06-21", "day", False)
    # The second sentence has no date of its own: it carries over Friday from the sentence before.
    assert event_date(doc, sents[1].start_char, sents[1].end_char) == ("2024-06-21", "day", False)


@pytest.mark.model
def test_real_model_no_dates_uses_publication(model_nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Protesters gathered outside the ministry and demanded the release of the detained journalists."
    doc = model_nlp(text, "2024-06-25T10:00:00+00:00")
    assert doc._.dates == []
    assert event_date(doc, 0, len(text)) == ("2024-06-25", "day", True)


def test_factory_registered_and_setup_is_a_no_op() -> None:
    register_extensions()
    nlp = spacy.blank("en")
    stage = nlp.add_pipe("eventscope_dates")
    stage.setup(Resources())  # needs no resources: no error even with empty ones
    assert stage.resource_version.startswith("eventscope-dates-")
    doc = nlp.make_doc("The vote was held yesterday.")
    doc._.published = "2024-06-25"
    doc = nlp(doc)
    assert [(d.text, d.date) for d in doc._.dates] == [("yesterday", "2024-06-24")]


def test_regex_match_wider_than_a_coarse_model_span_replaces_it(blank) -> None:  # type: ignore[no-untyped-def]
    # The model sometimes tags only "May 2020" in "Around 4 May 2020"; the day is in the text.
    text = "Around 4 May 2020 (as reported), gunmen shot a trader in the market."
    doc = _doc(blank, text, None, ["May 2020"])
    assert [(d.text, d.date, d.granularity) for d in find_date_mentions(doc, None)] == [
        ("4 May 2020", "2020-05-04", "day")
    ]
    # but a model span that is already as precise stays as it is
    doc = _doc(blank, "On 27 April 2020, locals protested.", None, ["27 April 2020"])
    assert [(d.text, d.date) for d in find_date_mentions(doc, None)] == [("27 April 2020", "2020-04-27")]


def test_event_date_carries_over_several_sentences_of_a_paragraph(blank) -> None:  # type: ignore[no-untyped-def]
    text = "On 3 May 2020, rebels attacked a post. Two guards died. Police arrested a man.\nVillagers fled."
    doc = _doc(blank, text, None, ["3 May 2020"])
    for i, start in enumerate((0, text.index("Two"), text.index("Police"), text.index("Villagers"))):
        doc[doc.char_span(start, start + 1, alignment_mode="expand").start].is_sent_start = True
    doc = DatesStage(blank)(doc)
    police = text.index("Police")
    assert event_date(doc, police, text.index("\n")) == ("2020-05-03", "day", False)
    assert event_date(doc, text.index("Villagers"), len(text)) == (None, None, True)  # new paragraph
