"""CLI commands for the web app and briefing reports."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError

__all__ = ["register"]


def register(cli: click.Group) -> None:
    cli.add_command(serve)
    cli.add_command(report)


@click.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None, envvar="EVENTSCOPE_DB", help="Store path.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Bind address (non-local needs --token).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", default=None, envvar="EVENTSCOPE_TOKEN", help="Access token for every request.")
@click.option("--allow-ingest", is_flag=True, help="Enable the upload/ingest endpoint (off: read-only).")
def serve(db: str | None, host: str, port: int, token: str | None, allow_ingest: bool) -> None:
    """Serve the analyst web app and JSON API."""
    from ..web import serve as run

    from ..workflow import default_store_path

    path = default_store_path(db)
    if not path.exists():
        raise ConfigError(f"no store at {path}; run 'eventscope ingest ... --db {path}' first")
    run(path, host=host, port=port, token=token, allow_ingest=allow_ingest)


@click.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None, envvar="EVENTSCOPE_DB", help="Store path.")
@click.option("--country", "countries", multiple=True, help="Country scope (repeatable).")
@click.option("--actor", "actors", multiple=True, help="Actor scope (repeatable).")
@click.option("--since", default=None, help="Start date (YYYY-MM-DD).")
@click.option("--until", default=None, help="End date (YYYY-MM-DD).")
@click.option("--out", "-o", type=click.Path(dir_okay=False), required=True, help="FILE.html or FILE.pdf")
def report(db: str | None, countries: tuple[str, ...], actors: tuple[str, ...], since: str | None,
           until: str | None, out: str) -> None:
    """Write a self-contained security-landscape briefing (HTML or PDF)."""
    from ..report import write_report
    from ..store import Store
    from ..workflow import default_store_path

    path = default_store_path(db)
    if not path.exists():
        raise ConfigError(f"no store at {path}; run 'eventscope ingest' first")
    target = Path(out)
    if target.suffix.lower() not in (".html", ".htm", ".pdf"):
        raise ConfigError("--out must end in .html or .pdf")
    with Store.open(path, readonly=True) as store:
        write_report(store, target, countries=list(countries), actors=list(actors), since=since, until=until)
    click.echo(f"wrote {target}", err=True)
