"""Write docs/cli.md from the commands' own --help texts (run: .venv/bin/python scripts/gen_cli_docs.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eventscope.cli.main import cli
from eventscope.settings import SETTINGS


def walk(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
    out: list[tuple[list[str], click.Command]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        out.append((prefix + [name], cmd))
        if isinstance(cmd, click.Group):
            out += walk(cmd, prefix + [name])
    return out


def render() -> str:
    lines = ["# Command-line reference", "", "Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.", ""]
    lines += ["## Settings", "", "| setting | environment variable | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.env}` | `{s.default}` | {s.help} |")
    lines.append("")
    for path, cmd in walk(cli, []):
        full = "eventscope " + " ".join(path)
        with click.Context(cmd, info_name=full, terminal_width=88, max_content_width=88,
                           help_option_names=["-h", "--help"]) as ctx:
            text = cmd.get_help(ctx)
        lines += [f"## `{full}`", "", "```", text, "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    target.write_text(render())
    sys.stdout.write(f"wrote {target}\n")
