"""An ego network of one actor as SVG geometry: partners on a circle, arrows for who acts on whom."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Node", "Edge", "EgoNetwork", "ego_network"]

SIZE = 520
RADIUS = 190


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    x: float
    y: float
    r: float
    ego: bool = False


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    n: int
    path: str  # SVG path data (a gentle curve, so A->B and B->A do not overlap)
    width: float
    outgoing: bool  # the ego is the source


@dataclass(frozen=True)
class EgoNetwork:
    size: int
    nodes: list[Node]
    edges: list[Edge]


def ego_network(
    ego: str,
    ego_name: str,
    dyads: list[tuple[str, str, int]],
    names: dict[str, str],
    *,
    max_partners: int = 16,
) -> EgoNetwork:
    """Layout of the ego's dyads; only dyads touching the ego, strongest partners first."""
    weight: dict[str, int] = {}
    for s, t, n in dyads:
        if s == ego and t != ego:
            weight[t] = weight.get(t, 0) + n
        elif t == ego and s != ego:
            weight[s] = weight.get(s, 0) + n
    partners = sorted(weight, key=lambda p: (-weight[p], p))[:max_partners]
    c = SIZE / 2
    top = max(weight.values(), default=1)
    nodes = [Node(ego, ego_name, c, c, 26, ego=True)]
    pos: dict[str, tuple[float, float]] = {ego: (c, c)}
    for i, p in enumerate(partners):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(partners))
        x, y = c + RADIUS * math.cos(angle), c + RADIUS * math.sin(angle)
        pos[p] = (x, y)
        nodes.append(Node(p, names.get(p, p), round(x, 1), round(y, 1), round(8 + 10 * weight[p] / top, 1)))
    edges = []
    for s, t, n in sorted(dyads, key=lambda d: (d[0], d[1])):
        if s not in pos or t not in pos or s == t or ego not in (s, t):
            continue
        (x1, y1), (x2, y2) = pos[s], pos[t]
        # Control point offset perpendicular to the chord: opposite directions bend to opposite sides.
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        ox, oy = -dy / length * 24, dx / length * 24
        path = f"M{x1:.1f},{y1:.1f} Q{mx + ox:.1f},{my + oy:.1f} {x2:.1f},{y2:.1f}"
        edges.append(Edge(s, t, n, path, round(1 + 5 * n / top, 1), outgoing=s == ego))
    return EgoNetwork(SIZE, nodes, edges)
