"""One colour per PLOVER type, shared by the report's SVG charts and the web app's map and timeline."""

from __future__ import annotations

from ..records import PLOVER_TYPES

__all__ = ["TYPE_COLOURS", "colour"]

# Cooperative types in cool colours, conflictual ones in warm colours (PLOVER order).
# fmt: off
_COLOURS = ("#1b9e77", "#66a61e", "#4daf4a", "#a6d854", "#1f78b4", "#a6cee3", "#80b1d3", "#8da0cb",
            "#e6ab02", "#fdb462", "#fb8072", "#e7298a", "#984ea3", "#d95f02", "#e41a1c", "#7f0000")
# fmt: on
TYPE_COLOURS: dict[str, str] = dict(zip(PLOVER_TYPES, _COLOURS, strict=True))


def colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type.upper(), "#888888")
