"""Inline SVG for the report: stacked bars over time, horizontal bars, and a point map.

Pure functions from plain data to SVG strings; every text is escaped; coordinates are rounded so
the output is byte-identical for the same input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .geo import Polygon
from .palette import colour

__all__ = ["MapPoint", "stacked_bars", "hbars", "point_map"]


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def stacked_bars(
    periods: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    width: int = 720,
    height: int = 260,
    title: str = "",
) -> Markup:
    """Stacked bars: one bar per period, one colour per series (event type), with a legend."""
    left, right, top, bottom = 36, 10, 10, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[i] for s in series.values()) for i in range(len(periods))]
    peak = max(totals, default=0) or 1
    step = plot_w / max(1, len(periods))
    bar_w = max(1.0, step * 0.8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="chart" role="img" aria-label="{escape(title)}">'
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_f(y)}" y2="{_f(y)}" stroke="#dde3ea"/>')
        parts.append(
            f'<text x="{left - 4}" y="{_f(y + 3)}" text-anchor="end" font-size="9">'
            f"{round(peak * frac)}</text>"
        )
    for i, period in enumerate(periods):
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h
        for name, values in series.items():
            v = values[i]
            if not v:
                continue
            h = plot_h * v / peak
            y -= h
            parts.append(
                f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(bar_w)}" height="{_f(h)}" '
                f'fill="{colour(name)}"><title>{escape(period)} {escape(name)}: {v}</title></rect>'
            )
    label_every = max(1, len(periods) // 8)
    for i, period in enumerate(periods):
        if i % label_every == 0:
            x = left + i * step + step / 2
            parts.append(
                f'<text x="{_f(x)}" y="{top + plot_h + 12}" text-anchor="middle" font-size="9">'
                f"{escape(period)}</text>"
            )
    lx, ly = left, height - 30
    for name in series:
        if lx > width - 90:
            lx, ly = left, ly + 13
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="9" height="9" fill="{colour(name)}"/>'
            f'<text x="{lx + 12}" y="{ly + 8}" font-size="9">{escape(name)}</text>'
        )
        lx += 20 + 6 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def hbars(
    items: Sequence[tuple[str, int]], *, width: int = 340, row: int = 16, fill: str = "#2f5d8a"
) -> Markup:
    """Horizontal bars with labels (e.g. most active actors)."""
    label_w = 150
    peak = max((n for _, n in items), default=0) or 1
    height = row * max(1, len(items)) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="hbars">'
    ]
    for i, (label, n) in enumerate(items):
        y = 2 + i * row
        w = (width - label_w - 30) * n / peak
        parts.append(
            f'<text x="{label_w - 4}" y="{y + row - 5}" text-anchor="end" font-size="10">'
            f'{escape(label[:28])}</text><rect x="{label_w}" y="{y + 2}" width="{_f(w)}" '
            f'height="{row - 5}" fill="{fill}"/><text x="{_f(label_w + w + 3)}" y="{y + row - 5}" '
            f'font-size="10">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    n: int
    type: str  # dominant event type at this place
    label: str


def _extent(points: Sequence[MapPoint]) -> tuple[float, float, float, float]:
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    min_lon, max_lon = min(p.lon for p in points), max(p.lon for p in points)
    min_lat, max_lat = min(p.lat for p in points), max(p.lat for p in points)
    # At least 24 degrees across, 10 degrees margin, same aspect as the frame (2:1).
    cx, cy = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    w = max(24.0, max_lon - min_lon + 20, 2 * (max_lat - min_lat + 10))
    h = w / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def point_map(points: Sequence[MapPoint], world: Sequence[Polygon], *, width: int = 720) -> Markup:
    """Equirectangular map of event places over country outlines, cropped to the events."""
    x0, y0, x1, y1 = _extent(points)
    height = round(width * (y1 - y0) / (x1 - x0))
    k = width / (x1 - x0)

    def px(lon: float, lat: float) -> str:
        return f"{_f((lon - x0) * k)},{_f((y1 - lat) * k)}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="map" role="img" aria-label="map of events">',
        f'<rect width="{width}" height="{height}" fill="#cfe3f2"/>',
    ]
    for poly in world:
        b = poly.bbox
        if b[2] < x0 or b[0] > x1 or b[3] < y0 or b[1] > y1:
            continue
        d = " ".join("M" + " L".join(px(lon, lat) for lon, lat in ring) + "Z" for ring in poly.rings)
        parts.append(f'<path d="{d}" fill="#f2efe6" stroke="#8a9bab" stroke-width="0.6"/>')
    peak = max((p.n for p in points), default=1)
    for p in sorted(points, key=lambda p: (-p.n, p.lon, p.lat)):
        r = 3 + 9 * (p.n / peak) ** 0.5
        x, y = (p.lon - x0) * k, (y1 - p.lat) * k
        parts.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{colour(p.type)}" fill-opacity="0.8" '
            f'stroke="#fff" stroke-width="1"><title>{escape(p.label)}: {p.n}</title></circle>'
        )
    labelled = sorted(points, key=lambda p: (-p.n, p.label))[:8]
    for p in labelled:
        x, y = (p.lon - x0) * k, (y1 - p.lat) * k
        parts.append(
            f'<text x="{_f(x + 8)}" y="{_f(y + 3)}" font-size="10" fill="#1d2733">{escape(p.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
