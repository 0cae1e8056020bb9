"""Print the headline figures of build/eval/*.json (written by scripts/evaluate.sh) as Markdown rows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HEAD = {
    "ner-conll-testa": ["precision", "recall", "f1"],
    "geo-lgl": ["toponym_precision", "toponym_recall", "toponym_f1", "acc_161km", "median_error_km", "auc",
                "acc_161km_resolved", "gold_spans_acc_161km"],
    "events-plover": ["n", "accuracy", "macro_f1", "weighted_f1", "n_no_event"],
    "events-cameo": ["n", "accuracy", "macro_f1", "weighted_f1", "n_no_event"],
    "roles-cameo": ["precision", "recall", "f1"],
    "events-acled-split": ["n", "event_type_accuracy", "subtype_weighted_f1", "subtype_macro_f1", "actor1_match",
                           "location_within_50km", "date_exact", "train_n"],
    "events-dev-news": ["n", "accuracy", "macro_f1", "weighted_f1"],
    "bench-pipeline": ["n_docs", "n_words", "pipeline_words_per_s", "baseline_words_per_s", "ratio", "peak_rss_mb"],
}
HEAD["geo-trnews"] = HEAD["geo-geovirus"] = HEAD["geo-lgl"]
HEAD["events-dev-news-b"] = HEAD["events-dev-news"]


def fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 100 else f"{v:,.0f}"
    return str(v)


def flat(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = v
    return out


def main(folder: str = "build/eval") -> None:
    for path in sorted(Path(folder).glob("*.json")):
        name = path.stem
        data = json.loads(path.read_text())
        f = flat(data)
        keys = HEAD.get(name) or [k for k, v in f.items() if not isinstance(v, (list, dict))][:8]
        cells = ", ".join(f"{k} **{fmt(f[k])}**" for k in keys if k in f)
        sys.stdout.write(f"| {name} | {cells} |\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
