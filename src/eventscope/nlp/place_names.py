"""Mention boundaries the places stage fixes before resolving: whole place names where the model
took only part of one ("Grove" of "Meadow Grove"), and places inside organisation names that
:func:`eventscope.nlp.place_mentions.held_place` leaves out ("Northeast Georgia Medical Center",
"the Guernsey County Common Pleas Court"), and mentions that name a currency or a commodity
grade rather than a place ("the US dollar", "Brent crude").

Each check looks up one or two candidate names per mention, never every token. This module never
imports :mod:`eventscope.nlp.places`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..resources.gazetteer import Gazetteer, normalise_name
from .place_lookup import _candidates
from .place_mentions import _PART_WORDS, _own_name, _town_named, held_place

__all__ = ["whole_names", "held_after_region_word", "with_county_word", "names_money", "drop_money_modifiers"]


# "the Avon River" is named after no town Avon (nor is "Lake Geneva" a town's lake)
_LANDFORMS = frozenset({"River", "Lake", "Creek", "Mountain", "Mountains", "Valley", "Bay", "Island", "Islands",
                        "Forest", "Sea", "Gulf", "Canal", "Falls", "Hills", "Desert", "Delta", "Basin", "Peninsula"})


def whole_names(doc: Doc, spans: list[tuple[int, int]], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Mentions widened to the whole place name when the model took only part of it: "Grove" of
    "Meadow Grove", "Tennessee" of "Tennessee Colony". The wider name must be a town's or an
    area's own name in the gazetteer; a direction word ("East Texas") or a landform ("the Missouri
    Valley") does not widen it."""
    taken = {c for s, e in spans for c in (s, e)}
    out = []
    for s, e in spans:
        span = doc.char_span(s, e)
        wide = _widen(doc, span.start, span.end, taken, gaz) if span is not None and len(span) <= 2 else None
        out.append(wide or (s, e))
    return out


def _widen(doc: Doc, i: int, j: int, taken: set[int], gaz: Gazetteer) -> tuple[int, int] | None:
    for a, b in ((i - 1, j), (i, j + 1)):
        if a < 0 or b > len(doc):
            continue
        word = doc[a] if a < i else doc[b - 1]
        if (not word.is_alpha or not word.text[:1].isupper() or word.lower_ in _PART_WORDS or word.text in _LANDFORMS
                or word.idx in taken or word.idx + len(word.text) in taken or word.ent_type_ in ("PERSON", "DATE")):
            continue
        name = doc[a:b].text
        key = normalise_name(name)
        if key == normalise_name(doc[i:j].text):
            continue  # "The Almaty": the gazetteer's key drops the article
        if any((c.is_city or c.is_admin) and _own_name(c, key) for c in gaz.lookup(name)):
            return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
    return None


def held_after_region_word(ent: Span, gaz: Gazetteer) -> tuple[int, int] | None:
    """The state or town after a word for part of it leading an organisation's name: "Northeast
    Georgia Medical Center", "Western Pennsylvania Kennel Association", "Metro Vancouver". Only a
    state, a country or a town of that very name (not an alternate name) is held."""
    words = [t.text for t in ent]
    start = 1 if words and words[0].lower() == "the" else 0
    if start >= len(words) - 1 or words[start].lower() not in _REGION_WORDS:
        return None
    hit = held_place(words[start + 1:], gaz) if len(words) - start > 2 else None
    if hit is None:
        rest = " ".join(words[start + 1:])  # "Metro Vancouver": the place is the rest of the name
        if len(words) - start == 2 and _town_named(rest, gaz):
            return start + 1, len(words)
        return None
    return start + 1 + hit[0], start + 1 + hit[1]


# ("North", "Western", "Metro", ...: the words for part of a place, as in place_mentions)
_REGION_WORDS = _PART_WORDS | {"metropolitan"}


def with_county_word(ent: Span, hit: tuple[int, int], gaz: Gazetteer) -> tuple[int, int]:
    """The held place with its kind word where it names a county: in "the Guernsey County Common
    Pleas Court" the place is Guernsey County, Ohio, not the island of Guernsey."""
    end = hit[1]
    if end < len(ent) and ent[end].text in _COUNTY_NOUNS:
        name = ent[hit[0]:end + 1].text
        # ("Lancashire County Council": Lancashire is a county by its bare name already)
        if (any(c.feature_code == "ADM2" for c in _candidates(name, gaz))
                and not any(c.feature_code == "ADM2" and normalise_name(c.name) == normalise_name(ent[hit[0]:end].text)
                            for c in _candidates(ent[hit[0]:end].text, gaz))):
            return hit[0], end + 1
    return hit


_COUNTY_NOUNS = frozenset({"County", "Parish", "Borough"})


# Money and traded-commodity nouns: a place's name before one names a currency or a benchmark
# grade ("the US dollar exchange rate", "Iran rial terms", "Brent crude"), not where anything is.
_MONEY_NOUNS = frozenset({
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "lira", "liras", "lire", "rial", "rials",
    "riyal", "riyals", "rupee", "rupees", "yuan", "renminbi", "yen", "ruble", "rubles", "rouble", "roubles",
    "peso", "pesos", "franc", "francs", "dinar", "dinars", "dirham", "dirhams", "shekel", "shekels", "rupiah",
    "ringgit", "baht", "naira", "cedi", "cedis", "rand", "shilling", "shillings", "birr", "kwacha", "hryvnia",
    "lari", "manat", "tenge", "afghani", "afghanis", "taka", "kyat", "riel", "krona", "kronor", "krone",
    "kroner", "zloty", "forint", "bolivar", "bolivars", "crude"})  # not "real" ("Dubai real estate"), "won"
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def names_money(doc: Doc, start: int, end: int) -> bool:
    """Is the name at these characters written before a money noun it modifies ("the US dollar",
    "Iran rial terms")? With a parse, the name must be a modifier whose head is that noun or lies
    after it (the parser may hang "US" on "rate" in "the US dollar exchange rate"); "the US
    economy", "US troops", "the Syria border" keep their place."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    noun = doc[span.end]
    # a capitalised noun is a name's word: "the Mansfield Dollar General store"
    if noun.lower_ not in _MONEY_NOUNS or noun.text.istitle():
        return False
    if not doc.has_annotation("DEP"):
        return True
    root = span.root
    return root.dep_ in _MODIFIER_DEPS and root.head.i >= noun.i


def drop_money_modifiers(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Place mentions less the names of currencies and commodity grades: kept, "US" in "the US
    dollar" would count as a place and even pull the article's towns to American namesakes."""
    return [sp for sp in spans if not names_money(doc, *sp)]
