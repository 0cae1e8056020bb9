"""The output switches every listing command shares: --json, --jsonl, --csv, or a table.

Data goes to stdout; progress and logs go to stderr.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click

__all__ = ["Rows", "output_options", "emit", "emit_object"]


@dataclass
class Rows:
    """What a listing command returns: rows as JSON-able dicts plus the columns shown in a table."""

    items: list[dict[str, Any]]
    columns: Sequence[str]
    total: int | None = None
    title: str | None = None


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --json/--jsonl/--csv to a command; the command returns ``Rows`` and this prints them."""

    @click.option("--json", "fmt", flag_value="json", help="Print one JSON document.")
    @click.option("--jsonl", "fmt", flag_value="jsonl", help="Print one JSON object per line.")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV with a header row.")
    @functools.wraps(func)
    def wrapper(*args: Any, fmt: str | None = None, **kwargs: Any) -> None:
        rows = func(*args, **kwargs)
        if rows is not None:
            emit(rows, fmt or "table")

    return wrapper


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def emit(rows: Rows, fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        doc: dict[str, Any] = {"items": rows.items}
        if rows.total is not None:
            doc["total"] = rows.total
        json.dump(doc, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "jsonl":
        for item in rows.items:
            out.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        # CSV carries every field of the row, not only the table columns.
        keys = list(rows.items[0].keys()) if rows.items else list(rows.columns)
        writer.writerow(keys)
        for item in rows.items:
            writer.writerow([_cell(item.get(k)) for k in keys])
    else:
        _table(rows)


def _table(rows: Rows) -> None:
    from rich.console import Console
    from rich.table import Table

    # Piped or captured output gets a wide table rather than rich's 80-column fallback.
    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 180)
    table = Table(title=rows.title, show_lines=False, header_style="bold")
    for col in rows.columns:
        table.add_column(col, overflow="fold", max_width=60)
    for item in rows.items:
        table.add_row(*(_cell(item.get(c)) for c in rows.columns))
    console.print(table)
    shown = len(rows.items)
    if rows.total is not None and rows.total > shown:
        click.echo(f"{shown} of {rows.total} shown (use --limit)", err=True)
    elif not rows.items:
        click.echo("No results.", err=True)


def emit_object(obj: dict[str, Any], *, as_json: bool, title: str | None = None) -> None:
    """Print one result object (an evaluation, a benchmark): JSON, or a two-column table."""
    if as_json:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, header_style="bold")
    table.add_column("metric")
    table.add_column("value", overflow="fold")
    for key, value in obj.items():
        if isinstance(value, (dict, list)):
            if isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values()):
                value = ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
            else:
                continue
        table.add_row(str(key), _cell(value))
    Console().print(table)
    # Nested per-class / per-type / per-role tables (confusion matrices stay in --json).
    for key, value in obj.items():
        if not (isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values())):
            continue
        if key == "confusion":
            continue
        cols: list[str] = []
        for m in value.values():
            cols += [c for c in m if c not in cols and not isinstance(m[c], (dict, list))]
        t = Table(title=key, header_style="bold")
        t.add_column("")
        for c in cols:
            t.add_column(c)
        for label, m in value.items():
            t.add_row(str(label), *(_cell(m.get(c)) for c in cols))
        Console().print(t)
