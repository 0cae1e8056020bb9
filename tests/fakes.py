"""Small fakes shared by the stage tests (no packaged data loaded)."""

from __future__ import annotations

import re

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


def model_copy(base):  # type: ignore[no-untyped-def]
    """A new pipeline sharing the session model's vocab and components, so that a test module can add
    its own stages without loading the model again or changing the shared one."""
    import spacy

    model = spacy.blank("en", vocab=base.vocab)
    for name in base.pipe_names:
        model.add_pipe(name, source=base)
    return model


def events_model(base, stage_name: str, stage, *, iso3=None):  # type: ignore[no-untyped-def]
    """The session's spaCy model (its components shared, not reloaded) plus a stand-in stage for the
    actors and places stages and our quotes + events stages (lexicon and bundled classifier)."""
    from spacy.language import Language

    from eventscope.nlp import events, quotes  # noqa: F401  (registers the factories)
    from eventscope.nlp.extensions import register_extensions
    from eventscope.resources import Resources

    register_extensions()
    if not Language.has_factory(stage_name):
        Language.component(stage_name, func=stage)
    model = model_copy(base)
    model.add_pipe(stage_name)
    model.add_pipe("eventscope_quotes")
    model.add_pipe("eventscope_events")
    for name in ("eventscope_quotes", "eventscope_events"):
        model.get_pipe(name).setup(Resources())
    if iso3 is not None:
        model.get_pipe("eventscope_events")._iso3 = iso3
    return model


def name_matches(text: str, names: dict[str, str]) -> list[tuple[int, int, str, str]]:
    """(start, end, id, name) of each whole-word name in ``text``, longest names first, no overlaps."""
    found: list[tuple[int, int, str, str]] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not any(s < m.end() and m.start() < e for s, e, _, _ in found):
                found.append((m.start(), m.end(), names[name], name))
    return sorted(found)


def named_stage(actors: dict[str, str], places: dict[str, str]):  # type: ignore[no-untyped-def]
    """A stand-in actors/places stage: each name in ``actors`` (name -> id) is an actor and each in
    ``places`` (name -> country) a place, wherever the text writes it."""
    from eventscope.records import Actor, Place

    def stage(doc):  # type: ignore[no-untyped-def]
        spans = name_matches(doc.text, actors)
        doc._.actor_spans = [(s, e, a) for s, e, a, _ in spans]
        doc._.actors = {a: Actor(id=a, name=n) for _, _, a, n in spans}
        doc._.places = [Place(name=n, start=s, end=e, text=n, country=cc)
                        for s, e, cc, n in name_matches(doc.text, places)]
        return doc

    return stage


def main_event_of(nlp, text: str):  # type: ignore[no-untyped-def]
    """The main event the evaluation would score for ``text``."""
    from eventscope.evaluate.run import main_event

    return main_event(nlp(text)._.events)
