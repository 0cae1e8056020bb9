"""Briefing reports: a self-contained HTML (inline CSS and SVG charts/map) or PDF summary of a store.

render_report(store, *, countries=(), actors=(), since=None, until=None, fmt="html") -> bytes
write_report(store, out, *, countries=(), actors=(), since=None, until=None, fmt=None) -> Path
"""

from __future__ import annotations

from .briefing import Briefing, build_briefing
from .render import render_report, write_report

__all__ = ["render_report", "write_report", "build_briefing", "Briefing"]
