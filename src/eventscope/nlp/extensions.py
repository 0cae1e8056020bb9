"""The custom attributes the pipeline stages share, registered in one place.

Call :func:`register_extensions` before building a pipeline (``pipeline.build`` does).
Nothing is registered at import time.

Doc attributes (each stage writes its own, reads only earlier ones):

===================  =====================================  ==================
attribute            type                                   written by
===================  =====================================  ==================
``article_id``       ``str | None``                         pipeline runner
``published``        ``str | None`` (ISO date/datetime)     pipeline runner
``entity_origin``    ``dict[(start_char, end_char), str]``  entities
``actors``           ``dict[str, Actor]`` (id -> record)    actors
``actor_spans``      ``list[(start_char, end_char, id)]``   actors
``places``           ``list[Place]``                        places
``focus_country``    ``str | None`` (ISO alpha-2)           places
``dates``            ``list[DateMention]``                  dates
``quotes``           ``list[Quote]``                        quotes
``events``           ``list[Event]``                        events
===================  =====================================  ==================
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["register_extensions", "DOC_EXTENSIONS", "doc_text"]

# name -> (default, is_mutable_container)
DOC_EXTENSIONS: dict[str, str] = {
    "article_id": "none",
    "published": "none",
    "entity_origin": "dict",
    "actors": "dict",
    "actor_spans": "list",
    "places": "list",
    "focus_country": "none",
    "dates": "list",
    "quotes": "list",
    "events": "list",
}


def _getter_for(name: str, kind: str):  # type: ignore[no-untyped-def]
    key = "eventscope_" + name

    def getter(doc: Doc):  # type: ignore[no-untyped-def]
        if key not in doc.user_data:
            doc.user_data[key] = {} if kind == "dict" else [] if kind == "list" else None
        return doc.user_data[key]

    def setter(doc: Doc, value) -> None:  # type: ignore[no-untyped-def]
        doc.user_data[key] = value

    return getter, setter


def register_extensions() -> None:
    """Register the Doc attributes (idempotent)."""
    for name, kind in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            getter, setter = _getter_for(name, kind)
            Doc.set_extension(name, getter=getter, setter=setter)


_TEXT_KEY = "eventscope_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds the string from every token on each access
    (about 0.4 ms for a news article), and the stages read it dozens of times per article."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    text = doc.text
    doc.user_data[_TEXT_KEY] = (len(doc), text)
    return text
