"""A world outline for the report's map: Natural Earth 1:110m countries decoded from TopoJSON.

The file is the one vendored for the web app (world-atlas on npm, public-domain data); it is read
on demand, never at import time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import DataError

__all__ = ["Polygon", "load_world", "WORLD_RESOURCE"]

WORLD_RESOURCE = ("web", "static", "vendor", "world-atlas", "countries-110m.json")

Ring = list[tuple[float, float]]  # (lon, lat)


@dataclass(frozen=True)
class Polygon:
    name: str
    rings: list[Ring]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def _decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    transform = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            ring: Ring = []
            for dx, dy, *_ in arc:  # delta-encoded quantised positions
                x += dx
                y += dy
                ring.append((x * sx + tx, y * sy + ty))
        else:
            ring = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(ring)
    return arcs


def _ring(arcs: list[Ring], indices: list[int]) -> Ring:
    out: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(arc if not out else arc[1:])  # consecutive arcs share their end points
    return out


def load_world() -> list[Polygon]:
    """Country polygons (one per country; multipolygons flattened into rings)."""
    path = resources.files("eventscope").joinpath(*WORLD_RESOURCE)
    try:
        topo = json.loads(path.read_text(encoding="utf-8"))
        arcs = _decode_arcs(topo)
        geometries = topo["objects"]["countries"]["geometries"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(
            f"world outline {'/'.join(WORLD_RESOURCE)} unreadable: {exc}; re-run scripts/vendor_assets.sh"
        ) from exc
    polygons = []
    for geom in geometries:
        if geom.get("type") == "Polygon":
            parts = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            parts = geom["arcs"]
        else:
            continue
        rings = [_ring(arcs, r) for part in parts for r in part]
        rings = [r for r in rings if len(r) >= 3]
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        name = str((geom.get("properties") or {}).get("name", ""))
        polygons.append(Polygon(name, rings, (min(lons), min(lats), max(lons), max(lats))))
    return polygons
