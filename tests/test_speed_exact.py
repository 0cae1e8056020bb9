"""The speed-ups of the classifier engine and the attribute ruler give exactly the plain results."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from eventscope.classify.engine import _KNN_K, Engine, _Groups, _knn_means, _tfidf_transform

TEXTS = [
    "Police fired tear gas at protesters in the capital on Friday.",
    "The minister met his counterpart and signed a trade agreement.",
    "Rebels attacked an army post, killing twelve soldiers.",
    "The ministers met again; the talks went on.",
    "",
    "An unknown word: zyxwvut",
]


@pytest.mark.parametrize(
    "vectorizer",
    [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                        token_pattern=r"(?u)\b[^\W\d_]{2,}\b"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        TfidfVectorizer(analyzer=lambda t: t.lower().split()[:3], use_idf=False, norm=None, binary=True),
    ],
)
def test_tfidf_transform_equals_sklearn(vectorizer):
    vectorizer.fit(TEXTS[:4])
    for batch in (TEXTS, TEXTS[:1], TEXTS[4:]):
        fast, ref = _tfidf_transform(vectorizer, batch), vectorizer.transform(batch)
        assert type(fast) is type(ref) and fast.shape == ref.shape
        assert np.array_equal(fast.indptr, ref.indptr) and np.array_equal(fast.indices, ref.indices)
        assert np.array_equal(fast.data, ref.data)  # bit for bit


def _plain_desc_knn(sims_desc, desc_label, sims_ex, ex_label, n_lab):
    """The per-class loops the engine used before (the reference)."""
    n = sims_desc.shape[0]
    best = np.full((n, n_lab), -1.0, dtype=np.float32)
    knn = np.full((n, n_lab), -1.0, dtype=np.float32)
    for i in range(n_lab):
        cols = desc_label == i
        if cols.any():
            best[:, i] = sims_desc[:, cols].max(axis=1)
        cols = ex_label == i
        if cols.any():
            knn[:, i] = np.sort(sims_ex[:, cols], axis=1)[:, ::-1][:, :_KNN_K].mean(axis=1)
    return best, knn


def test_grouped_desc_and_knn_equal_the_loops():
    rng = np.random.default_rng(7)
    n_lab = 9
    # Uneven classes: some empty, some with one or two examples, one large.
    ex_label = np.array([0] * 12 + [2] + [3, 3] + [5] * 4 + [8] * 7, dtype=np.int64)
    rng.shuffle(ex_label)
    desc_label = np.array([0, 0, 2, 3, 5, 5, 5, 8], dtype=np.int64)
    for n in (1, 2, 5, 40):
        # Large values make float32 sums order-sensitive: the same order is needed, not just close.
        sims_ex = (rng.standard_normal((n, ex_label.size)) * 1e4).astype(np.float32)
        sims_desc = rng.standard_normal((n, desc_label.size)).astype(np.float32)
        ref_best, ref_knn = _plain_desc_knn(sims_desc, desc_label, sims_ex, ex_label, n_lab)
        groups = _Groups.of(desc_label, n_lab)
        best = np.full((n, n_lab), -1.0, dtype=np.float32)
        best[:, groups.labels] = np.maximum.reduceat(sims_desc[:, groups.order], groups.starts, axis=1)
        knn = _knn_means(sims_ex, _Groups.of(ex_label, n_lab), np.full((n, n_lab), -1.0, dtype=np.float32))
        assert np.array_equal(best, ref_best)
        assert np.array_equal(knn, ref_knn) and knn.dtype == ref_knn.dtype


def test_engine_groups_are_cached_per_label_array():
    engine = Engine(["a", "b"])
    labels = np.array([1, 0, 1])
    assert engine._groups(labels, 2) is engine._groups(labels, 2)
    assert engine._groups(labels.copy(), 2) is not engine._groups(labels, 2)


@pytest.mark.model
def test_cached_ruler_annotations_equal_the_original(nlp_model):
    from eventscope.nlp.speedups import CachedAttributeRuler

    texts = [
        "There is no deal. There were two of them, and there's more: let's see, y'all gonna wait.",
        "I ain't going. They gotta go. C'mon! Is there any hope?",
        "The minister said there are 12 dead.\n\nThere",
        "",
    ]
    ruler = nlp_model.get_pipe("attribute_ruler")
    cached = CachedAttributeRuler(ruler)
    with nlp_model.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        plain = list(nlp_model.pipe(texts))
        fast = list(nlp_model.pipe(texts))
    for a, b in zip(plain, fast, strict=True):
        ruler(a)
        cached(b)
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in a] == \
            [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in b]
