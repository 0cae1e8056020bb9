"""Paragraph boundaries before the parser: a line break always starts a new sentence.

Without it the parser glues a headline or a dateline ("KABUL, March 12 -") onto the first
sentence, and the event stage then reads roles across them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["ParagraphBreaks", "mark_paragraph_breaks"]


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after any whitespace that holds a newline."""
    after_break = False
    for token in doc:
        if token.is_space or token.whitespace_.count("\n"):
            if "\n" in token.text or "\n" in token.whitespace_:
                after_break = True
            if token.is_space:
                continue
        if after_break and token.i > 0:
            token.is_sent_start = True
        after_break = "\n" in token.whitespace_
    return doc


class ParagraphBreaks:
    resource_version = "paragraphs-v1"

    def __call__(self, doc: Doc) -> Doc:
        return mark_paragraph_breaks(doc)

    def setup(self, resources: object) -> None:  # needs nothing
        return None


@Language.factory("eventscope_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()
