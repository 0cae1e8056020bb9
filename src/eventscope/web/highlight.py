"""displaCy-like highlighting of an article from record offsets.

The HTML is built from character offsets, so every piece of text is escaped here (the template
marks the result safe). Spans may overlap in any way: the text is cut at every span boundary and
each piece is wrapped in the spans covering it, outermost layer first, so the markup always nests.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from ..records import Article

__all__ = ["Span", "article_spans", "highlight"]

# Layer order: outer to inner. Quotes are long, triggers are single words.
LAYERS = ("quote", "actor", "place", "entity", "trigger")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    layer: str  # one of LAYERS
    label: str
    title: str
    href: str | None = None
    anchor: str | None = None


def article_spans(article: Article) -> list[Span]:
    """All highlightable spans of an article, clipped to its text; empty or inverted spans dropped."""
    n = len(article.text)
    spans: list[Span] = []

    def add(start: int | None, end: int | None, layer: str, label: str, title: str, **kw: str | None) -> None:
        if start is None or end is None:
            return
        s, e = max(0, int(start)), min(n, int(end))
        if s < e:
            spans.append(Span(s, e, layer, label, title, **kw))

    for q in article.quotes:
        add(q.start, q.end, "quote", "QUOTE", f"quote by {q.speaker_text or q.speaker or 'unknown speaker'}")
    for a in article.actors:
        for m in a.mentions:
            if len(m) >= 2:
                add(
                    m[0],
                    m[1],
                    "actor",
                    a.id,
                    f"actor {a.name} ({a.kind or 'unknown kind'})",
                    href="/actors/" + quote(a.id, safe=""),
                )
    for p in article.places:
        where = f"{p.name}, {p.country}" if p.country else p.name
        add(p.start, p.end, "place", "PLACE", f"place {where}")
    # An entity exactly covered by an actor or place says nothing more: keep the richer mark only.
    richer = {(s.start, s.end) for s in spans if s.layer in ("actor", "place")}
    for ent in article.entities:
        if (ent.start, ent.end) in richer:
            continue
        add(ent.start, ent.end, "entity", ent.label, f"{ent.label} ({ent.origin})")
    for i, ev in enumerate(article.events):
        add(
            ev.trigger_start,
            ev.trigger_end,
            "trigger",
            ev.type,
            f"event {ev.type} ({ev.modality})",
            href="/events/" + quote(ev.id, safe=""),
            anchor=f"trigger-{i}",
        )
    # Deterministic and stable: by layer, then position.
    spans.sort(key=lambda s: (LAYERS.index(s.layer), s.start, -s.end, s.label))
    return spans


def _dedupe(spans: list[Span]) -> list[Span]:
    """Inside one layer, keep only non-overlapping spans (first, longest wins) so a layer never self-nests."""
    kept: list[Span] = []
    last_end: dict[str, int] = {}
    for s in spans:
        if s.start >= last_end.get(s.layer, -1):
            kept.append(s)
            last_end[s.layer] = s.end
    return kept


def highlight(article: Article) -> Markup:
    """The article text as safe HTML with highlighted spans (newlines kept as text)."""
    text = article.text
    spans = _dedupe(article_spans(article))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(text[a:b]))  # newlines kept; the container uses white-space: pre-wrap
        covering = sorted(
            (s for s in spans if s.start <= a and b <= s.end), key=lambda s: LAYERS.index(s.layer)
        )
        for s in reversed(covering):  # innermost first, wrapping outward
            last = b == s.end
            badge = f'<span class="hl-label">{escape(s.label)}</span>' if last and s.layer != "quote" else ""
            tag = "a" if s.href else "span"
            attrs = f' class="hl hl-{s.layer}" title="{escape(s.title)}" data-label="{escape(s.label)}"'
            if s.href:
                attrs += f' href="{escape(s.href)}"'
            if s.anchor and a == s.start:
                attrs += f' id="{escape(s.anchor)}"'
            if (
                s.layer in ("actor", "trigger")
                and covering[0] is not s
                and any(c.href for c in covering if LAYERS.index(c.layer) < LAYERS.index(s.layer))
            ):
                tag = "span"  # never nest a link inside a link
                attrs = attrs.replace(' href="', ' data-href="')
            piece = f"<{tag}{attrs}>{piece}{badge}</{tag}>"
        out.append(piece)
    return Markup("".join(out))
