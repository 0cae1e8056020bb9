"""Small fakes shared by the stage tests (no packaged data loaded)."""

from __future__ import annotations

from spacy.tokens import Doc


class FakeGazetteer:
    """The two gazetteer methods this stage uses, over a handful of names."""

    places = {
        "almaty",
        "dushanbe",
        "herat",
        "kabul",
        "kazakhstan",
        "russia",
        "tajikistan",
        "kyrgyzstan",
        "belarus",
        "afghanistan",
        "bishkek",
        "latin america",
    }
    demonyms = {
        "russian": "RU",
        "tajik": "TJ",
        "afghan": "AF",
        "kazakh": "KZ",
        "kyrgyz": "KG",
        "chinese": "CN",
    }
    iso = {"RU": "RUS", "TJ": "TJK", "AF": "AFG", "KZ": "KAZ", "KG": "KGZ", "CN": "CHN"}

    def is_place(self, name: str) -> bool:
        return name.lower() in self.places

    def demonym(self, word: str) -> str | None:
        return self.demonyms.get(word.lower())

    def iso3(self, iso2: str) -> str | None:
        return self.iso.get(iso2)

    # No feature data: every place here counts as a town, so context decides.
    def lookup(self, name: str) -> list:
        return []

    def country(self, code_or_name: str) -> None:
        return None

    def admin_area(self, abbreviation: str) -> None:
        return None


def make(nlp, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A blank doc with model-like entities given as (surface, label), found in order."""
    doc = nlp(text)
    spans, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        pos = start + len(surface)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = spans
    return doc
