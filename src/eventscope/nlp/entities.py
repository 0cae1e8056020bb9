"""Stage ``eventscope_entities``: correct and complete the model's named entities.

Runs after the model's ``ner``. The small model mislabels the names that matter most in
political news ("Daesh" as GPE, "Lavrov" or "Dushanbe" as ORG), so this stage:

1. matches actor-dictionary aliases over the normalised token words (longest match wins;
   PERSON for persons, GPE for states, ORG for the rest), and lets them replace the model's
   entities, except where a model entity is longer for a reason other than titles or demonyms
   ("Latin America" keeps its label although "America" is an alias);
2. relabels the remaining model entities with rules:
   * ORG/GPE that repeats a surname (or full name) of an earlier PERSON -> PERSON;
   * ORG/GPE/PERSON that is a demonym ("Kazakh") -> NORP;
   * ORG that is a known place and no organisation alias -> GPE ("Dushanbe and Herat" -> two GPEs);
   * GPE that is an alias of an organisation or armed group -> ORG;
   * ORG/GPE shaped like a personal name (Firstname Surname-ov/-ev/-in/-sky/...) -> PERSON.

``doc._.entity_origin[(start_char, end_char)]`` records "model", "actors" or "gazetteer" for every
entity. Dictionary matches carry the actor id as the span's ``kb_id`` for the actors stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import ConfigError
from ..resources import Resources
from ..resources.actors import HONORIFICS, ROLE_TITLES, ActorDictionary, ActorEntry, name_words

__all__ = ["EntityCorrector", "AliasMatch", "find_alias_matches", "looks_like_person_name", "make_entities"]

# Endings of (mostly post-Soviet, Slavic, Caucasian, South Asian) surnames; used only on multi-word
# ORG/GPE entities, so "Kazakhstan" or "Amazon" are never affected.
_SURNAME_END = re.compile(
    r"(ov|ova|ev|eva|yev|yeva|in|ina|yn|sky|ski|skiy|ska|enko|chuk|vich|vych|yan|ian|dze|shvili|uly|kyzy|zoda|zada|"
    r"oglu|bekov|ullah|ulla)$"
)
# Words that make a capitalised phrase an organisation or place rather than a person.
_ORG_WORDS = frozenset(
    {
        "ministry",
        "organization",
        "organisation",
        "council",
        "committee",
        "front",
        "party",
        "group",
        "army",
        "union",
        "bank",
        "agency",
        "office",
        "department",
        "service",
        "forces",
        "force",
        "movement",
        "league",
        "state",
        "states",
        "republic",
        "university",
        "institute",
        "centre",
        "center",
        "court",
        "news",
        "times",
        "corporation",
        "company",
        "association",
        "federation",
        "assembly",
        "parliament",
        "government",
        "brigade",
        "brigades",
        "network",
        "alliance",
        "commission",
        "fund",
        "program",
        "programme",
        "province",
        "region",
        "city",
        "district",
        "airport",
        "square",
        "street",
        "river",
        "lake",
        "mountains",
        "valley",
        "treaty",
    }
)
_COORD = frozenset({"and", ",", "&", "or"})
_LABELS_FIXED = frozenset({"ORG", "GPE", "PERSON", "NORP", "LOC", "FAC"})


@dataclass(frozen=True)
class AliasMatch:
    """A dictionary alias found in a doc: token span [start, end) and its entry."""

    start: int
    end: int
    entry: ActorEntry


def _token_words(doc: Doc, cache: dict[str, list[str]]) -> list[tuple[str, int, bool]]:
    """(word, token index, is the token's last word) for every normalised word of the doc."""
    out: list[tuple[str, int, bool]] = []
    for tok in doc:
        words = cache.get(tok.text)
        if words is None:
            words = name_words(tok.text)
            if len(cache) < 50_000:
                cache[tok.text] = words
        for j, w in enumerate(words):
            out.append((w, tok.i, j == len(words) - 1))
    return out


def find_alias_matches(
    doc: Doc, actors: ActorDictionary, *, cache: dict[str, list[str]] | None = None
) -> list[AliasMatch]:
    """Leftmost-longest, non-overlapping alias matches on token boundaries.

    A match must contain a capital letter, so common words that happen to be aliases in lower case
    ("us", "wagner" as a verb-less noun) are not taken for actors.
    """
    words = _token_words(doc, {} if cache is None else cache)
    matches: list[AliasMatch] = []
    i, n = 0, len(words)
    while i < n:
        tok_i = words[i][1]
        if i > 0 and words[i - 1][1] == tok_i:  # only start on a token's first word
            i += 1
            continue
        found: AliasMatch | None = None
        for length in range(min(actors.max_words, n - i), 0, -1):
            last_word, last_tok, is_last = words[i + length - 1]
            if not is_last:
                continue
            key = tuple(w for w, _, _ in words[i : i + length])
            span = doc[tok_i : last_tok + 1]
            entry = actors.lookup_words(key, span.text)
            if entry is not None and any(ch.isupper() for ch in span.text):
                found = AliasMatch(tok_i, last_tok + 1, entry)
                break
        if found is None:
            i += 1
            continue
        matches.append(found)
        while i < n and words[i][1] < found.end:
            i += 1
    return matches


def looks_like_person_name(span: Span) -> bool:
    """Firstname [Middle] Surname with a typical surname ending ("Amangali Tasmagambitov")."""
    parts = [t for t in span if t.text != "-"]
    if not 2 <= len(parts) <= 4:
        return False
    for t in parts:
        if not (t.is_alpha and t.text[0].isupper() and not t.is_upper) or t.lower_ in _ORG_WORDS:
            return False
    return bool(_SURNAME_END.search(parts[-1].lower_))


class EntityCorrector:
    """The ``eventscope_entities`` component. Call :meth:`setup` with loaded resources first."""

    def __init__(self, nlp: Language, name: str = "eventscope_entities") -> None:
        self.name = name
        self.actors: ActorDictionary | None = None
        self.gazetteer: Any = None
        self.resource_version: str | None = None
        self._cache: dict[str, list[str]] = {}

    def setup(self, resources: Resources) -> None:
        if resources.actors is None or resources.gazetteer is None:
            raise ConfigError(
                "eventscope_entities needs resources.actors and resources.gazetteer; "
                "build them with Resources.load()"
            )
        self.actors = resources.actors
        self.gazetteer = resources.gazetteer
        self.resource_version = getattr(resources.actors, "version", None)
        self._cache = {}

    # helpers ---------------------------------------------------------------------------------

    def _demonym(self, text: str) -> bool:
        gz = self.gazetteer
        if gz.demonym(text):
            return True
        return text.endswith("s") and len(text) > 4 and bool(gz.demonym(text[:-1]))

    def _ignorable(self, doc: Doc, i: int) -> bool:
        """Tokens a model entity may have beyond a dictionary match without being a different name."""
        tok = doc[i]
        return (
            tok.is_punct
            or tok.lower_ in {"the", "'s", "’s", "of", "and", "a"}
            or tok.lower_ in HONORIFICS
            or tok.lower_ in _TITLE_WORDS
            or self._demonym(tok.text)
        )

    def _place(self, text: str) -> bool:
        return bool(self.gazetteer.is_place(text))

    # the component ---------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        if self.actors is None:
            raise ConfigError("eventscope_entities was called before setup(resources)")
        matches = find_alias_matches(doc, self.actors, cache=self._cache)
        model_ents = self._split_possessives(doc, [e for e in doc.ents if not _inside_title(doc, e)])
        covered = {i for m in matches for i in range(m.start, m.end)}

        kept: list[AliasMatch] = []
        for m in matches:
            beaten = False
            for e in model_ents:
                if e.start <= m.start and m.end <= e.end and (e.start, e.end) != (m.start, m.end):
                    rest = [i for i in range(e.start, e.end) if i not in covered]
                    if not all(self._ignorable(doc, i) for i in rest):
                        beaten = True  # "Latin America": the model's longer name stands
                        break
            if not beaten:
                kept.append(m)

        new: list[tuple[Span, str]] = []
        taken: set[int] = set()
        for m in kept:
            new.append((Span(doc, m.start, m.end, label=m.entry.label, kb_id=m.entry.id), "actors"))
            taken.update(range(m.start, m.end))
        for e in model_ents:
            if any(i in taken for i in range(e.start, e.end)):
                # a replaced entity may leave a demonym behind: "Russian Foreign Minister Sergey Lavrov"
                for i in range(e.start, e.end):
                    if i not in taken and self._demonym(doc[i].text) and doc[i].text[0].isupper():
                        new.append((Span(doc, i, i + 1, label="NORP"), "gazetteer"))
                continue
            new.extend(self._fix(doc, e))

        # demonyms the model missed ("Tajik border guards"): NORP, so the actors stage sees them
        taken.update(i for e in model_ents for i in range(e.start, e.end))
        tagged = doc.has_annotation("POS")
        for tok in doc:
            if (
                tok.i not in taken
                and tok.is_title
                and (not tagged or tok.pos_ in ("ADJ", "PROPN", "NOUN"))
                and self._demonym(tok.text)
            ):
                new.append((Span(doc, tok.i, tok.i + 1, label="NORP"), "gazetteer"))

        persons: dict[str, int] = {}  # surname or full name (lower) -> seen
        final: list[Span] = []
        origins: dict[tuple[int, int], str] = {}
        for span, origin in sorted(new, key=lambda x: (x[0].start, -x[0].end)):
            if span.label_ in ("ORG", "GPE") and origin != "actors" and span.text.lower() in persons:
                span, origin = Span(doc, span.start, span.end, label="PERSON"), "actors"
            if span.label_ == "PERSON":
                persons[span.text.lower()] = 1
                persons[span[-1].text.lower()] = 1
            final.append(span)
            origins[(span.start_char, span.end_char)] = origin
        final = filter_spans(final)
        doc.ents = final
        doc._.entity_origin = {(s.start_char, s.end_char): origins[(s.start_char, s.end_char)] for s in final}
        return doc

    def _split_possessives(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "the Islamic State's Amaq" -> "the Islamic State", "Amaq" when the owner is a known name."""
        out: list[Span] = []
        for e in ents:
            cut = next((t.i for t in e[1:-1] if t.lower_ in _POSSESSIVE), None)
            if cut is not None:
                owner = doc[e.start : cut]
                bare = owner[1:] if len(owner) > 1 and owner[0].lower_ == "the" else owner
                assert self.actors is not None
                if self.actors.match(bare.text) is not None or self._place(bare.text):
                    out.append(Span(doc, e.start, cut, label=e.label_))
                    out.append(Span(doc, cut + 1, e.end, label=e.label_))
                    continue
            out.append(e)
        return out

    def _fix(self, doc: Doc, e: Span) -> list[tuple[Span, str]]:
        """Relabel one model entity that no dictionary match touched."""
        label = e.label_
        if label not in _LABELS_FIXED:
            return [(e, "model")]
        text = e.text
        if label in ("ORG", "GPE", "PERSON") and len(e) == 1 and self._demonym(text):
            return [(Span(doc, e.start, e.end, label="NORP"), "gazetteer")]
        if label == "GPE":
            entry = self.actors.match(text) if self.actors else None
            if entry is not None and entry.label == "ORG":
                return [(Span(doc, e.start, e.end, label="ORG", kb_id=entry.id), "actors")]
            if not self._place(text) and looks_like_person_name(e):
                return [(Span(doc, e.start, e.end, label="PERSON"), "actors")]
            return [(e, "model")]
        if label == "ORG":
            if self._place(text):
                return [(Span(doc, e.start, e.end, label="GPE"), "gazetteer")]
            parts = _split_coordination(e)
            if len(parts) > 1 and all(self._place(p.text) for p in parts):
                return [(Span(doc, p.start, p.end, label="GPE"), "gazetteer") for p in parts]
            if looks_like_person_name(e) and not any(self._place(t.text) for t in e):
                return [(Span(doc, e.start, e.end, label="PERSON"), "actors")]
        return [(e, "model")]


def _inside_title(doc: Doc, ent: Span) -> bool:
    """True for an entity that is only part of a role title ("State" in "Secretary of State")."""
    if ent.label_ not in ("ORG", "GPE", "NORP") or len(ent) > 3:
        return False
    for start in range(max(0, ent.start - _MAX_TITLE_WORDS), ent.start + 1):
        end = _title_at_tokens(doc, start)
        if end is not None and end >= ent.end:
            return True
    return False


def _title_at_tokens(doc: Doc, i: int) -> int | None:
    best, words = None, []
    for j in range(i, min(len(doc), i + _MAX_TITLE_WORDS)):
        words.append(doc[j].lower_)
        if " ".join(words) in ROLE_TITLES:
            best = j + 1
    return best


def _split_coordination(span: Span) -> list[Span]:
    """ "Dushanbe and Herat" -> [Dushanbe, Herat]; a span without coordination -> [span]."""
    parts: list[Span] = []
    start = span.start
    for tok in span:
        if tok.lower_ in _COORD:
            if tok.i > start:
                parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts


_POSSESSIVE = frozenset({"'s", "’s"})
_MAX_TITLE_WORDS = max(len(t.split()) for t in ROLE_TITLES)
_TITLE_WORDS = frozenset(w for t in ROLE_TITLES for w in t.split()) - {"of", "state"}


@Language.factory("eventscope_entities")
def make_entities(nlp: Language, name: str) -> EntityCorrector:
    """Factory for the entity-correction stage (set up later with resources)."""
    return EntityCorrector(nlp, name)
