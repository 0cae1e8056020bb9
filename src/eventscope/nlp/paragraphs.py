"""Paragraph boundaries before the parser: a line break always starts a new sentence.

Without it the parser glues a headline or a dateline ("KABUL, March 12 -") onto the first
sentence, and the event stage then reads roles across them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["ParagraphBreaks", "mark_paragraph_breaks"]

_DASHES = {"-", "--", "\u2013", "\u2014"}


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
    _split_datelines(doc)
    return doc


def _split_datelines(doc: Doc) -> None:
    """A wire dateline ("KABUL, March 12, 2025 - Gunmen ...") ends at its dash: the story starts after it.

    Only at the start of a paragraph, when the first word is in capitals and a dash follows within a
    dozen tokens, so an ordinary sentence with a dash is left alone.
    """
    starts = [0] + [t.i for t in doc if t.i > 0 and t.is_sent_start]
    for i in starts:
        first = doc[i]
        if not (first.is_alpha and first.is_upper and len(first) > 2):
            continue
        if i + 1 >= len(doc) or doc[i + 1].text != ",":
            continue
        for tok in doc[i + 2 : i + 14]:
            if "\n" in tok.text or tok.is_sent_start:
                break
            if tok.text in _DASHES and tok.i + 1 < len(doc):
                doc[tok.i + 1].is_sent_start = True
                break


class ParagraphBreaks:
    resource_version = "paragraphs-v1"

    def __call__(self, doc: Doc) -> Doc:
        return mark_paragraph_breaks(doc)

    def setup(self, resources: object) -> None:  # needs nothing
        return None


@Language.factory("eventscope_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()
