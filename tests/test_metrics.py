"""Metric code against hand-computed scores."""

from __future__ import annotations

import math

import pytest

from eventscope.evaluate.metrics import (
    MAX_ERROR_KM,
    classification_report,
    error_auc,
    geo_scores,
    haversine_km,
    ner_scores,
    prf,
    span_scores,
)


def test_prf_zero_safe() -> None:
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(1, 2, 4) == pytest.approx((0.5, 0.25, 1 / 3))


def test_classification_report_hand_computed() -> None:
    gold = ["a", "a", "b", "b", "c"]
    pred = ["a", "b", "b", "b", "a"]
    r = classification_report(gold, pred)
    assert r.n == 5
    assert r.labels == ["a", "b", "c"]
    assert r.accuracy == pytest.approx(0.6)
    assert r.per_class["a"].precision == pytest.approx(0.5)
    assert r.per_class["a"].recall == pytest.approx(0.5)
    assert r.per_class["b"].precision == pytest.approx(2 / 3)
    assert r.per_class["b"].f1 == pytest.approx(0.8)
    assert r.per_class["c"].f1 == 0.0 and r.per_class["c"].support == 1
    assert r.macro_f1 == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert r.weighted_f1 == pytest.approx((0.5 * 2 + 0.8 * 2) / 5)
    assert r.confusion == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]
    assert r.top_confusions(2) == [("a", "b", 1), ("c", "a", 1)]
    assert r.to_dict()["per_class"]["b"]["support"] == 2


def test_classification_report_predicted_only_label_lowers_macro() -> None:
    r = classification_report(["x", "x"], ["x", "y"])
    assert r.labels == ["x", "y"]
    # x: P 1, R .5, F 2/3; y: F 0 (never gold) -> macro 1/3, weighted over gold support only
    assert r.macro_f1 == pytest.approx(1 / 3)
    assert r.weighted_f1 == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        classification_report(["x"], [])


def test_span_scores_exact_and_overlap() -> None:
    gold = [[(0, 2, "PER"), (5, 7, "LOC")]]
    pred = [[(0, 2, "PER"), (5, 6, "LOC"), (9, 10, "ORG")]]
    ex = span_scores(gold, pred, match="exact")
    assert (ex.tp, ex.n_pred, ex.n_gold) == (1, 3, 2)
    assert ex.precision == pytest.approx(1 / 3) and ex.recall == pytest.approx(0.5)
    assert ex.f1 == pytest.approx(0.4)
    ov = span_scores(gold, pred, match="overlap")
    assert (ov.precision, ov.recall, ov.f1) == pytest.approx((2 / 3, 1.0, 0.8))
    assert ov.per_type["ORG"].precision == 0.0 and ov.per_type["ORG"].n_pred == 1


def test_span_overlap_is_one_to_one_and_typed() -> None:
    # two predictions inside one gold span: only one can match
    s = span_scores([[(0, 10, None)]], [[(0, 3, None), (4, 8, None)]], match="overlap")
    assert (s.tp, s.precision, s.recall) == (1, 0.5, 1.0)
    # same offsets, different type: no match
    assert span_scores([[(0, 3, "A")]], [[(0, 3, "B")]], match="overlap").tp == 0
    with pytest.raises(ValueError):
        span_scores([[]], [[]], match="fuzzy")


def test_ner_scores_restricts_top_level_types() -> None:
    gold = [[(0, 1, "PER"), (2, 3, "MISC")], [(0, 2, "ORG")]]
    pred = [[(0, 1, "PER"), (2, 3, "LOC")], [(0, 2, "ORG")]]
    s = ner_scores(gold, pred)
    # top level over PER/ORG/LOC: gold 2 (PER, ORG), pred 3 (PER, LOC, ORG), tp 2
    assert (s.tp, s.n_pred, s.n_gold) == (2, 3, 2)
    assert s.precision == pytest.approx(2 / 3) and s.recall == 1.0
    assert s.per_type["MISC"].recall == 0.0 and s.per_type["MISC"].n_gold == 1


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(6371.0088 * math.pi / 180, rel=1e-9)
    assert haversine_km(10, 20, 10, 20) == 0.0
    # Paris - London, about 343.5 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)
    # antipodes on the equator: half the mean circumference (20039 km uses the equatorial radius)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088, rel=1e-9)


def test_error_auc_hand_computed() -> None:
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    assert error_auc([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0)
    assert error_auc([MAX_ERROR_KM, 0.0]) == pytest.approx(0.5)
    assert error_auc([0.0, MAX_ERROR_KM, 0.0]) == pytest.approx(0.25)  # sorted: 0, 0, 1
    one = math.log1p(100) / math.log1p(MAX_ERROR_KM)
    assert error_auc([100.0]) == pytest.approx(one)


def test_geo_scores_misses_count_as_max_error() -> None:
    g = geo_scores([0.0, 100.0, 200.0, None])
    assert g.n == 4
    assert g.acc_161km == 0.5
    assert g.median_error_km == pytest.approx(150.0)
    assert g.auc == pytest.approx(error_auc([0.0, 100.0, 200.0, MAX_ERROR_KM]))
    assert geo_scores([]).n == 0
