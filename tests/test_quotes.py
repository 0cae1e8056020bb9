"""Quotes stage: direct quotations on raw text (pure) and speakers/indirect quotes on the parse."""

from __future__ import annotations

import re

import pytest

from eventscope.nlp.extensions import register_extensions
from eventscope.nlp.quotes import extract_quotes, find_direct_quotes
from eventscope.records import Actor, Quote


def _texts(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_direct_quotes(text)]


def test_curly_straight_and_guillemets() -> None:
    text = ('“We will defend our land,” he said. Then: "No talks without a ceasefire first," '
            'she added, and «the border stays closed to everyone» was heard.')
    assert _texts(text) == ["We will defend our land", "No talks without a ceasefire first",
                            "the border stays closed to everyone"]


def test_single_curly_quotes_are_not_apostrophes() -> None:
    text = "Russia’s envoy said ‘we reject this plan entirely’ and left."
    assert _texts(text) == ["we reject this plan entirely"]


def test_scare_quotes_are_not_quotations() -> None:
    assert _texts("It called the raid a “special operation” in Russia’s words.") == []


def test_multi_sentence_and_multi_paragraph_quotes() -> None:
    text = "“The danger is real. It is growing every day.\n\n“We must act now,” she said."
    [q] = find_direct_quotes(text)
    assert text[q.start:q.end].startswith("The danger is real.") and text[q.start:q.end].endswith("act now")


# -- with the parse ------------------------------------------------------------------------------
NAMES = {"Sergey Lavrov": "lavrov-sergey", "Lavrov": "lavrov-sergey", "United Nations": "UN",
         "Maria Zakharova": "zakharova-maria"}


def _doc(nlp_model, text: str):  # type: ignore[no-untyped-def]
    register_extensions()
    doc = nlp_model(text)
    spans = []
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), NAMES[name]))
    doc._.actor_spans = sorted(spans)
    doc._.actors = {i: Actor(id=i, name=i, kind="person" if i != "UN" else "igo") for _, _, i in spans}
    doc._.article_id = "a1"
    return doc


@pytest.mark.parametrize("text, speaker, quoted", [
    ("“We must engage the Taliban in dialogue,” Lavrov stated.", "lavrov-sergey", "We must engage the Taliban in dialogue"),
    ("“We will never surrender to these terrorists,” said Sergey Lavrov.", "lavrov-sergey",
     "We will never surrender to these terrorists"),
    ("Sergey Lavrov arrived. He said: “The talks will resume next week in Geneva.”", "lavrov-sergey",
     "The talks will resume next week in Geneva."),
])
def test_direct_quote_speaker(nlp_model, text: str, speaker: str, quoted: str) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp_model, text)
    direct = [q for q in extract_quotes(doc) if q.direct]
    assert [(q.text, q.speaker) for q in direct] == [(quoted, speaker)]
    assert direct[0].id == Quote.make_id("a1", direct[0].start, direct[0].end)
    assert text[direct[0].start:direct[0].end] == quoted


def test_indirect_quotes(nlp_model) -> None:  # type: ignore[no-untyped-def]
    text = ("Maria Zakharova warned that the sanctions would hurt ordinary people. "
            "According to the United Nations, at least five civilians were killed in the attack.")
    quotes = extract_quotes(_doc(nlp_model, text))
    assert [(q.text, q.speaker, q.direct) for q in quotes] == [
        ("the sanctions would hurt ordinary people", "zakharova-maria", False),
        ("at least five civilians were killed in the attack", "UN", False),
    ]


def test_unattributed_quote_has_no_speaker(nlp_model) -> None:  # type: ignore[no-untyped-def]
    quotes = extract_quotes(_doc(nlp_model, "The banner read “no war in our name, ever”."))
    assert [(q.text, q.speaker) for q in quotes] == [("no war in our name, ever", None)]
