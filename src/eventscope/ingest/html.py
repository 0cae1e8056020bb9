"""HTML to an article: main text and metadata via trafilatura.

Navigation, sidebars, comment forms and reader comments are dropped.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..records import RawArticle
from .text import clean_text, normalise_published

__all__ = ["read_html", "html_fragment_to_text"]

_LANG_RE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)


def read_html(html: str | bytes, *, url: str | None = None, origin: str | None = None) -> RawArticle:
    """Extract the main text, title, author, site name and publication date of an HTML page.

    Raises ``InputError`` when the page has no extractable main text.
    """
    import trafilatura  # heavy import, only needed when HTML is actually read
    from trafilatura.settings import Document

    where = origin or url or "<html>"
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        raise InputError(where, "empty input (no HTML)")
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    if not isinstance(doc, Document):  # None when nothing was found (dict only with as_dict=True)
        raise InputError(where, "no main text found in the HTML page")
    text = clean_text(doc.text or "")
    if not text or (len(text) < 1000 and _only_link_text(html, text)):
        raise InputError(where, "no main text found in the HTML page")
    title = (doc.title or "").strip() or None
    # trafilatura repeats the headline as the first line; the title is kept separately.
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.strip("\n")
    lang_match = _LANG_RE.search(html[:4096])
    language = doc.language or (lang_match.group(1) if lang_match else None) or None
    return RawArticle(
        text=text,
        title=title,
        url=url or doc.url or None,
        published=normalise_published(doc.date),
        source=(doc.sitename or doc.hostname or None),
        language=language.lower() if language else None,
        author=(doc.author or None),
        origin=where,
    )


def _only_link_text(html: str, text: str) -> bool:
    """True when every extracted line is the text of a link: trafilatura's fallback on a page
    that is all navigation, which is not an article."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return False
    links = {" ".join(a.text_content().split()) for a in root.iter("a")}
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    return all(line in links for line in lines)


_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
)


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed entry's content or summary), one line per block."""
    if "<" not in fragment:
        return clean_text(_unescape(fragment))
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types for broken markup; fall back to tag stripping
        return clean_text(_unescape(re.sub(r"<[^>]+>", " ", fragment)))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in root.text_content().split("\n")]
    return clean_text("\n".join(line for line in lines if line))


def _unescape(text: str) -> str:
    import html as html_mod

    return html_mod.unescape(text)
