"""Evaluation metrics: classification report, span P/R/F1, geoparsing errors, NER scores.

Pure functions over plain Python values (no spaCy, no numpy), so they are easy to test with
hand-computed inputs.

Geoparsing (Gritta et al., "What's missing in geographical parsing?", LRE 2018, and
"A Pragmatic Guide to Geoparsing Evaluation", 2019):

* ``acc_161km``: share of errors <= 161 km (100 miles).
* ``median_error_km``: median of the errors.
* ``auc``: area under the curve of the *sorted, log-scaled* errors, normalised to [0, 1];
  lower is better (0 = every toponym exact, 1 = every toponym at the antipode)::

      e_i  = ln(1 + error_i_km) / ln(1 + 20039)        for errors sorted ascending, i = 0..n-1
      AUC  = trapezoid(e_0 .. e_{n-1}, dx=1) / (n - 1)  (n = 1: AUC = e_0)

  20039 km is half the Earth's circumference, the largest possible error. A toponym the
  system failed to find or resolve gets that maximum error (end-to-end evaluation).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from ..records import _Record

__all__ = [
    "ClassScore",
    "ClassificationReport",
    "SpanScore",
    "GeoScore",
    "MAX_ERROR_KM",
    "prf",
    "classification_report",
    "span_scores",
    "match_spans",
    "haversine_km",
    "geo_scores",
    "error_auc",
    "ner_scores",
]

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the worst possible geocoding error
EARTH_RADIUS_KM = 6371.0088


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts; 0.0 where undefined (no predictions / no gold)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class ClassScore(_Record):
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class ClassificationReport(_Record):
    """Single-label classification scores.

    ``macro_f1`` averages F1 over :attr:`labels` (gold and predicted labels unless given), so a
    label predicted but never gold counts with F1 0, as in scikit-learn. ``weighted_f1`` weights
    each label's F1 by its gold support. ``confusion[i][j]`` counts gold ``labels[i]`` predicted
    as ``labels[j]``.
    """

    n: int
    accuracy: float
    macro_f1: float
    weighted_f1: float
    labels: list[str]
    per_class: dict[str, ClassScore]
    confusion: list[list[int]]

    def top_confusions(self, k: int = 3) -> list[tuple[str, str, int]]:
        """The ``k`` most frequent (gold, predicted, count) errors."""
        pairs = [
            (self.labels[i], self.labels[j], c)
            for i, row in enumerate(self.confusion)
            for j, c in enumerate(row)
            if i != j and c
        ]
        return sorted(pairs, key=lambda x: (-x[2], x[0], x[1]))[:k]


def classification_report(
    gold: Sequence[str], pred: Sequence[str], *, labels: Sequence[str] | None = None
) -> ClassificationReport:
    """Accuracy, macro/weighted F1, per-class P/R/F1/support and confusion matrix."""
    if len(gold) != len(pred):
        raise ValueError(f"gold and pred differ in length ({len(gold)} != {len(pred)})")
    labs = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    index = {lab: i for i, lab in enumerate(labs)}
    conf = [[0] * len(labs) for _ in labs]
    for g, p in zip(gold, pred, strict=False):
        if g in index and p in index:
            conf[index[g]][index[p]] += 1
    gold_n, pred_n = Counter(gold), Counter(pred)
    per: dict[str, ClassScore] = {}
    for lab in labs:
        tp = conf[index[lab]][index[lab]]
        p, r, f = prf(tp, pred_n[lab], gold_n[lab])
        per[lab] = ClassScore(p, r, f, gold_n[lab])
    n = len(gold)
    total_support = sum(s.support for s in per.values())
    return ClassificationReport(
        n=n,
        accuracy=sum(g == p for g, p in zip(gold, pred, strict=False)) / n if n else 0.0,
        macro_f1=sum(s.f1 for s in per.values()) / len(per) if per else 0.0,
        weighted_f1=sum(s.f1 * s.support for s in per.values()) / total_support if total_support else 0.0,
        labels=labs,
        per_class=per,
        confusion=conf,
    )


# ---------------------------------------------------------------- spans

Span = tuple[int, int, Hashable]  # (start, end exclusive, type); type may be None


@dataclass
class SpanScore(_Record):
    precision: float
    recall: float
    f1: float
    tp: int
    n_pred: int
    n_gold: int
    per_type: dict[str, SpanScore] = field(default_factory=dict)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(gold: Sequence[Span], pred: Sequence[Span], *, match: str = "exact") -> list[tuple[int, int]]:
    """One-to-one matching of same-type spans: (gold index, pred index) pairs.

    ``exact``: same start, end and type. ``overlap``: same type and overlapping, greedy by
    overlap size (largest first, ties by position), each span used at most once.
    """
    pairs: list[tuple[int, int]] = []
    if match == "exact":
        pos: dict[Span, list[int]] = {}
        for i, g in enumerate(gold):
            pos.setdefault(tuple(g), []).append(i)  # type: ignore[arg-type]
        for j, p in enumerate(pred):
            free = pos.get(tuple(p))  # type: ignore[arg-type]
            if free:
                pairs.append((free.pop(0), j))
    elif match == "overlap":
        cands = sorted(
            (
                (_overlap(g[:2], p[:2]), i, j)
                for i, g in enumerate(gold)
                for j, p in enumerate(pred)
                if g[2] == p[2] and _overlap(g[:2], p[:2]) > 0
            ),
            key=lambda x: (-x[0], x[1], x[2]),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in cands:
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
                pairs.append((i, j))
        pairs.sort()
    else:
        raise ValueError(f"match must be 'exact' or 'overlap', not {match!r}")
    return pairs


def _match_count(gold: list[Span], pred: list[Span], *, match: str) -> tuple[int, list[bool], list[bool]]:
    pairs = match_spans(gold, pred, match=match)
    gold_hit = [False] * len(gold)
    pred_hit = [False] * len(pred)
    for i, j in pairs:
        gold_hit[i] = pred_hit[j] = True
    return len(pairs), gold_hit, pred_hit


def span_scores(
    gold: Iterable[Sequence[Span]],
    pred: Iterable[Sequence[Span]],
    *,
    match: str = "exact",
    types: Iterable[str] | None = None,
) -> SpanScore:
    """Micro P/R/F1 of typed spans over documents (``gold[k]``, ``pred[k]`` are one document's).

    ``match="exact"``: same start, end and type. ``match="overlap"``: same type and at least one
    shared character/token, each gold and predicted span matched at most once.
    ``types`` restricts the top-level score (all types still appear in ``per_type``).
    """
    keep = set(types) if types is not None else None
    tot = Counter[str]()
    by_type: dict[str, Counter[str]] = {}
    for g_doc, p_doc in zip(gold, pred, strict=True):
        g_list, p_list = list(g_doc), list(p_doc)
        _, g_hit, p_hit = _match_count(g_list, p_list, match=match)
        for spans, hits, key in ((g_list, g_hit, "gold"), (p_list, p_hit, "pred")):
            for span, hit in zip(spans, hits, strict=False):
                typ = str(span[2])
                c = by_type.setdefault(typ, Counter())
                c[key] += 1
                if hit and key == "gold":
                    c["tp"] += 1
                if keep is None or typ in keep:
                    tot[key] += 1
                    if hit and key == "gold":
                        tot["tp"] += 1
    per = {
        t: SpanScore(*prf(c["tp"], c["pred"], c["gold"]), c["tp"], c["pred"], c["gold"])
        for t, c in sorted(by_type.items())
    }
    return SpanScore(*prf(tot["tp"], tot["pred"], tot["gold"]), tot["tp"], tot["pred"], tot["gold"], per)


def ner_scores(
    gold: Iterable[Sequence[Span]],
    pred: Iterable[Sequence[Span]],
    *,
    types: Iterable[str] = ("PER", "ORG", "LOC"),
) -> SpanScore:
    """CoNLL entity-level exact-match scores: top level over ``types``, per type for every type."""
    return span_scores(gold, pred, match="exact", types=types)


# ---------------------------------------------------------------- geography


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _median(xs: Sequence[float]) -> float:
    s = sorted(xs)
    n = len(s)
    if not n:
        return 0.0
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def error_auc(errors_km: Sequence[float]) -> float:
    """Area under the log-error curve (see module docstring); lower is better."""
    if not errors_km:
        return 0.0
    scale = math.log1p(MAX_ERROR_KM)
    e = [math.log1p(min(max(x, 0.0), MAX_ERROR_KM)) / scale for x in sorted(errors_km)]
    if len(e) == 1:
        return e[0]
    area = sum((e[i] + e[i + 1]) / 2 for i in range(len(e) - 1))
    return area / (len(e) - 1)


@dataclass
class GeoScore(_Record):
    n: int
    acc_161km: float
    median_error_km: float
    auc: float


def geo_scores(errors_km: Sequence[float | None]) -> GeoScore:
    """Scores over errors in km; ``None`` (not found / unresolved) counts as :data:`MAX_ERROR_KM`."""
    errs = [MAX_ERROR_KM if e is None else float(e) for e in errors_km]
    n = len(errs)
    return GeoScore(
        n=n,
        acc_161km=sum(e <= 161.0 for e in errs) / n if n else 0.0,
        median_error_km=_median(errs),
        auc=error_auc(errs),
    )
