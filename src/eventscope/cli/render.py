"""Terminal rendering of one article with its annotations highlighted."""

from __future__ import annotations

from typing import Any

__all__ = ["print_article"]

STYLES = {
    "actor": "bold cyan",
    "place": "bold green",
    "trigger": "bold black on yellow",
    "quote": "italic magenta",
    "date": "blue",
}


def print_article(article: Any) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    text = Text(article.text)
    for q in article.quotes:
        text.stylize(STYLES["quote"], q.start, q.end)
    for d in article.dates:
        text.stylize(STYLES["date"], d.start, d.end)
    for a in article.actors:
        for start, end in a.mentions:
            text.stylize(STYLES["actor"], start, end)
    for p in article.places:
        text.stylize(STYLES["place"], p.start, p.end)
    for e in article.events:
        if e.trigger_start is not None and e.trigger_end is not None:
            text.stylize(STYLES["trigger"], e.trigger_start, e.trigger_end)

    console = Console()
    head = f"{article.title or '(untitled)'}\n{article.id}  published {article.published or '?'}  {article.url or ''}"
    console.print(Panel(text, title=head, title_align="left"))
    legend = Text("  ").join(Text(k, style=v) for k, v in STYLES.items())
    console.print(legend)
    names = {a.id: a.name for a in article.actors}
    t = Table(title="Events", header_style="bold")
    for col in ("type", "modality", "source", "target", "location", "date", "trigger"):
        t.add_column(col)
    for e in article.events:
        t.add_row(e.type, e.modality, ", ".join(names.get(i, i) for i in e.source),
                  ", ".join(names.get(i, i) for i in e.target), e.location.name if e.location else "",
                  e.date or "", e.trigger or "")
    console.print(t)
    if article.quotes:
        qt = Table(title="Quotes", header_style="bold")
        qt.add_column("speaker")
        qt.add_column("quote", overflow="fold")
        for q in article.quotes:
            qt.add_row(names.get(q.speaker or "", q.speaker or "?"), q.text)
        console.print(qt)
