"""CLI commands for training, evaluation and benchmarks."""

from __future__ import annotations

import click

__all__ = ["register"]


def register(cli: click.Group) -> None:
    """Attach train/eval/bench commands (filled in as the evaluation layer lands)."""
