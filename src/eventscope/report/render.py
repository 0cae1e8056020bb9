"""Render a Briefing as one self-contained HTML file (inline CSS and SVG) or as PDF via WeasyPrint."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..errors import ConfigError
from ..store import Store
from .briefing import Briefing, build_briefing
from .geo import load_world
from .palette import colour
from .svg import MapPoint, hbars, point_map, stacked_bars

__all__ = ["render_report", "write_report", "render_html", "html_to_pdf", "FORMATS"]

FORMATS = ("html", "pdf")


def render_html(briefing: Briefing) -> str:
    env = Environment(
        loader=PackageLoader("eventscope.report", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    env.globals["colour"] = colour
    points = [MapPoint(lon, lat, n, type_, name) for name, lon, lat, n, type_ in briefing.places]
    charts = {
        "timeline": stacked_bars(briefing.periods, briefing.series, title="events by type over time"),
        "map": point_map(points, load_world()),
        "actors": hbars([(name, n) for _, name, n in briefing.top_actors]),
    }
    return env.get_template("report.html").render(b=briefing, charts=charts)


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the pango/cairo system libraries are missing
        raise ConfigError(f"PDF output needs WeasyPrint and its system libraries (pango): {exc}") from exc
    # No base URL and no external assets: the document is self-contained.
    return bytes(HTML(string=html).write_pdf())


def render_report(
    store: Store,
    *,
    countries: Sequence[str] = (),
    actors: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    fmt: str = "html",
) -> bytes:
    """The briefing as bytes (UTF-8 HTML or PDF); same store and arguments give the same bytes."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r}; use html or pdf")
    html = render_html(build_briefing(store, countries=countries, actors=actors, since=since, until=until))
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)


def write_report(
    store: Store,
    out: str | Path,
    *,
    countries: Sequence[str] = (),
    actors: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    fmt: str | None = None,
) -> Path:
    """Write the briefing to ``out``; the format follows the suffix (.html/.htm or .pdf) unless given."""
    path = Path(out)
    if fmt is None:
        suffix = path.suffix.lower()
        fmt = "pdf" if suffix == ".pdf" else "html" if suffix in (".html", ".htm") else ""
        if not fmt:
            raise ConfigError(f"cannot tell the report format from {path.name!r}: use .html or .pdf")
    data = render_report(store, countries=countries, actors=actors, since=since, until=until, fmt=fmt)
    path.write_bytes(data)
    return path
