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

3. reads the sentence around each name (``entity_context``): results tables and score lines, sports
   clubs named after towns, line-ups and scorecards, "Name ( Country )", role words, corporate
   suffixes, competitions, datelines; and trims numbers, brackets and "'s" from names.

``doc._.entity_origin[(start_char, end_char)]`` records "model", "actors", "gazetteer" or "rules"
(step 3) for every entity. Dictionary matches carry the actor id as the span's ``kb_id`` for the actors
stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IS_TITLE, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import ConfigError
from ..resources import Resources
from ..resources.actors import HONORIFICS, ROLE_TITLES, ActorDictionary, ActorEntry, name_words
from .entity_context import apply_context_rules
from .entity_lexicons import NerLexicons

__all__ = [
    "EntityCorrector",
    "AliasMatch",
    "alias_index",
    "find_alias_matches",
    "looks_like_person_name",
    "make_entities",
]

# Endings of (mostly post-Soviet, Slavic, Caucasian, South Asian) surnames; used only on multi-word
# ORG/GPE entities, so "Kazakhstan" or "Amazon" are never affected.
_SURNAME_END = re.compile(
    r"(ov|ova|ev|eva|yev|yeva|in|ina|yn|sky|ski|skiy|ska|enko|chuk|vich|vych|yan|ian|dze|shvili|uly|kyzy|"
    r"zoda|zada|oglu|bekov|ullah|ulla)$"
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
_MEMO_LIMIT = 100_000  # gazetteer answers kept per component; cleared, not evicted, when full
_LABELS_FIXED = frozenset({"ORG", "GPE", "PERSON", "NORP", "LOC", "FAC"})


@dataclass(frozen=True)
class AliasMatch:
    """A dictionary alias found in a doc: token span [start, end) and its entry."""

    start: int
    end: int
    entry: ActorEntry


AliasIndex = dict[str, tuple[int, ...]]


def alias_index(actors: ActorDictionary) -> AliasIndex:
    """First normalised word of each alias -> the alias lengths (in words) starting with it, longest
    first. Build once per dictionary (``EntityCorrector.setup``); rebuild after changing it."""
    lengths: dict[str, set[int]] = {}
    for key in actors.alias_keys():
        lengths.setdefault(key[0], set()).add(len(key))
    return {w: tuple(sorted(ls, reverse=True)) for w, ls in lengths.items()}


def _token_words(doc: Doc, cache: dict[int, list[str]]) -> list[tuple[str, int, bool]]:
    """(word, token index, is the token's last word) for every normalised word of the doc.
    ``cache``: the words by the token text's hash (``ORTH``: read from the doc's array, without
    a Token object per token)."""
    out: list[tuple[str, int, bool]] = []
    strings = doc.vocab.strings
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        words = cache.get(orth)
        if words is None:
            words = name_words(strings[orth])
            if len(cache) < 50_000:
                cache[orth] = words
        if len(words) == 1:  # the usual case
            out.append((words[0], i, True))
            continue
        last = len(words) - 1
        out.extend((w, i, j == last) for j, w in enumerate(words))
    return out


def find_alias_matches(
    doc: Doc,
    actors: ActorDictionary,
    *,
    cache: dict[int, list[str]] | None = None,
    index: AliasIndex | None = None,
    keys: frozenset[tuple[str, ...]] | None = None,
) -> list[AliasMatch]:
    """Leftmost-longest, non-overlapping alias matches on token boundaries.

    A match must contain a capital letter, so common words that happen to be aliases in lower case
    ("us", "wagner" as a verb-less noun) are not taken for actors. ``index`` (from :func:`alias_index`)
    is built here when not given; ``keys``: the dictionary's ``alias_keys()`` as a set, to skip
    phrases it does not know without asking it (built with the index, by the caller).
    """
    if index is None:
        index = alias_index(actors)
    words = _token_words(doc, {} if cache is None else cache)
    plain = [w for w, _, _ in words]
    matches: list[AliasMatch] = []
    n = len(words)
    resume = 0  # the first word after the last match
    # Only start on a token's first word, and only where some alias starts with this word
    # (most words start none: only those are visited, left to right).
    for i in [k for k, w in enumerate(plain) if w in index]:
        if i < resume:
            continue
        tok_i = words[i][1]
        if i > 0 and words[i - 1][1] == tok_i:
            continue
        found: AliasMatch | None = None
        for length in index[plain[i]]:
            if length > n - i:
                continue
            last_word, last_tok, is_last = words[i + length - 1]
            if not is_last:
                continue
            key = tuple(plain[i : i + length])
            if keys is not None and key not in keys:
                continue  # (lookup_words would answer None)
            # (the span's own text: doc.text would be rebuilt from every token of the doc)
            surface = doc[tok_i : last_tok + 1].text
            entry = actors.lookup_words(key, surface)
            if entry is not None and any(ch.isupper() for ch in surface):
                found = AliasMatch(tok_i, last_tok + 1, entry)
                break
        if found is None:
            continue
        matches.append(found)
        resume = i
        while resume < n and words[resume][1] < found.end:
            resume += 1
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
        self._nlp = nlp  # for the lemmatizer's word index, read in setup
        self.actors: ActorDictionary | None = None
        self.gazetteer: Any = None
        self.resource_version: str | None = None
        self.lexicons: NerLexicons | None = None
        self._cache: dict[int, list[str]] = {}
        self._index: AliasIndex = {}
        self._keys: frozenset[tuple[str, ...]] = frozenset()  # the dictionary's alias keys (setup)
        # Gazetteer answers by text, kept across articles (the gazetteer does not change after setup):
        # a name is normalised and looked up once, not once per mention in every article.
        self._memo: dict[tuple[str, str], bool] = {}
        self._ctx_memo: dict[tuple[str, str], bool] = {}  # the same for the context rules (entity_context)

    def setup(self, resources: Resources) -> None:
        resources.require_actors_and_gazetteer("eventscope_entities")
        self.actors = resources.actors
        self.gazetteer = resources.gazetteer
        self._cache = {}
        self._memo, self._ctx_memo = {}, {}
        self._index = alias_index(resources.actors)
        self._keys = frozenset(resources.actors.alias_keys())
        self.lexicons = NerLexicons.load().with_words(verbs=_word_index(self._nlp, "verb"),
                                                      nouns=_word_index(self._nlp, "noun"))
        # the stage's own resource: its word lists (the actor dictionary is recorded by the actors stage)
        self.resource_version = self.lexicons.version

    # helpers ---------------------------------------------------------------------------------

    def _remember(self, kind: str, text: str, answer: Callable[[], Any]) -> bool:
        """``answer()`` for this text, asked once per text (``_memo``, cleared when full)."""
        key = (kind, text)
        value = self._memo.get(key)
        if value is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            value = self._memo[key] = bool(answer())
        return value

    def _demonym(self, text: str) -> bool:
        gz = self.gazetteer
        return self._remember("demonym", text, lambda: gz.demonym(text) or (
            text.endswith("s") and len(text) > 4 and gz.demonym(text[:-1])))

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
        return self._remember("place", text, lambda: self.gazetteer.is_place(text))

    def _sports_fix(self, doc: Doc, span: Span, origin: str) -> tuple[Span, str]:
        """A club named after its town or county ("Derbyshire 471", "Surrey beat Kent") is an ORG
        in a sports sentence: a town/county name followed by a score or a sports verb. Countries
        stay places (national teams are reported under the country's name)."""
        # (the place lookup first: it rules out most names without reading the sentence)
        if span.label_ not in ("GPE", "LOC", "PERSON") or not self._place(span.text):
            return span, origin
        gz = self.gazetteer
        if not _sports_sentence(span) or _gz(gz, "country", span.text) is not None:
            return span, origin
        nxt = doc[span.end] if span.end < len(doc) else None
        prev = doc[span.start - 1] if span.start > 0 else None
        scored = nxt is not None and (nxt.like_num or bool(_SCORE.match(nxt.text)))
        playing = ((nxt is not None and nxt.lower_ in _SPORTS_VERBS)
                   or (prev is not None and prev.lower_ in _SPORTS_VERBS))
        if (playing and prev is not None and prev.lower_ == "at"
                and not (nxt is not None and nxt.lower_ in _SPORTS_VERBS)):
            # "BOSTON AT SEATTLE" is a fixture, "the final at Indianapolis" a venue
            before = doc[span.start - 2] if span.start > 1 else None
            playing = before is not None and before.text[:1].isupper()
        if scored or playing:
            return Span(doc, span.start, span.end, label="ORG"), "gazetteer"
        return span, origin

    def _capital(self, doc: Doc, e: Span) -> bool:
        """A single word naming a country, a first-level area or a capital city, and no given name
        ("Khartoum", "Kiev"; not "Sofia" or "Victoria", who are people as often)."""
        if len(e) != 1 or (self.lexicons is not None and e[0].lower_ in self.lexicons.given_names):
            return False
        cands = _gz(self.gazetteer, "lookup", e.text) or []
        return any(c.is_country or c.feature_code in ("ADM1", "PPLC") for c in cands[:2])

    def _org_is_place(self, doc: Doc, e: Span) -> bool:
        """An ORG that names a place: a country, state or region always ("Iran and Syria"); a town
        only in a place-like context, since firms and clubs are often named after one ("Toyota",
        "Bell", "Everton"); an acronym only when it is a country's ("UAE")."""
        text = e.text
        gz = self.gazetteer
        if _acronym(text):
            return _gz(gz, "country", text) is not None
        if not self._place(text):
            return False
        if any(c.is_country or c.feature_code == "ADM1" or c.geonameid is None
               for c in (_gz(gz, "lookup", text) or [])[:3]):
            return True
        return _locative_context(doc, e.start, e.end, gz)

    def _gazetteer_places(self, doc: Doc, taken: set[int]) -> list[tuple[Span, str]]:
        """Capitalised gazetteer names the model left untagged, in a place-like context
        ("north of Moorhead", "in Roselle", "Fargo, N.D."), and news datelines ("BELGRADE 1996-08-30")."""
        gz = self.gazetteer
        out: list[tuple[Span, str]] = []
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            if i in taken or not tok.text[:1].isupper() or tok.lower_ in _NOT_PLACE_WORDS or tok.is_stop:
                i += 1
                continue
            found = None
            for length in (3, 2, 1):
                j = i + length
                if j > n or any(k in taken for k in range(i, j)):
                    continue
                span = doc[i:j]
                if (not all(t.text[:1].isupper() or t.lower_ in ("of", "-") for t in span)
                        or span[-1].lower_ in ("of", "-")):
                    continue
                if _dateline(doc, i, j) and self._place(span.text):
                    found = span
                    break
                if span.text.isupper() or not self._place(span.text) or self._demonym(span.text):
                    continue
                if _locative_context(doc, i, j, gz, strict=True):
                    found = span
                    break
            if found is None:
                i += 1
                continue
            out.append((Span(doc, found.start, found.end, label="GPE"), "gazetteer"))
            i = found.end
        return out

    # the component ---------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        if self.actors is None:
            raise ConfigError("eventscope_entities was called before setup(resources)")
        matches = find_alias_matches(doc, self.actors, cache=self._cache, index=self._index,
                                     keys=self._keys or None)
        model_ents = self._split_possessives(doc, [e for e in doc.ents if not _inside_title(doc, e)])
        model_ents = [p for e in model_ents for p in _split_dashes(_trim_numbers(e))]
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
            new.extend(self._sports_fix(doc, span, origin) for span, origin in self._fix(doc, e))

        # demonyms the model missed ("Tajik border guards"): NORP, so the actors stage sees them
        taken.update(i for e in model_ents for i in range(e.start, e.end))
        tagged = doc.has_annotation("POS")
        for i in doc.to_array(IS_TITLE).nonzero()[0].tolist():  # (title-case tokens only: few)
            tok = doc[i]
            if (
                tok.i not in taken
                and (not tagged or tok.pos_ in ("ADJ", "PROPN", "NOUN"))
                and self._demonym(tok.text)
            ):
                new.append((Span(doc, tok.i, tok.i + 1, label="NORP"), "gazetteer"))

        new.extend(self._gazetteer_places(doc, taken | {i for sp, _ in new for i in range(sp.start, sp.end)}
                                          | {i for e in doc.ents for i in range(e.start, e.end)}))

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
        if self.lexicons is not None:
            # sentence context: results tables, sports clubs, line-ups, speech verbs, roles, firms
            if len(self._ctx_memo) >= _MEMO_LIMIT:
                self._ctx_memo.clear()
            fixed = apply_context_rules(doc, [(s, origins[(s.start_char, s.end_char)]) for s in final],
                                        gazetteer=self.gazetteer, actors=self.actors, lex=self.lexicons,
                                        memo=self._ctx_memo)
            final = [s for s, _ in fixed]
            origins.update({(s.start_char, s.end_char): o for s, o in fixed})
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
        if label == "PERSON" and self._place(text) and (_locative_context(doc, e.start, e.end, self.gazetteer)
                                                        or self._capital(doc, e)):
            # "an Alexandria man", "Steven Sachs of Alexandria": a town the model took for a name;
            # "if Khartoum does not hand over": a capital or a country alone is no one's surname
            return [(Span(doc, e.start, e.end, label="GPE"), "gazetteer")]
        if label == "GPE":
            entry = self.actors.match(text) if self.actors else None
            if entry is not None and entry.label == "ORG":
                return [(Span(doc, e.start, e.end, label="ORG", kb_id=entry.id), "actors")]
            if not self._place(text) and looks_like_person_name(e):
                return [(Span(doc, e.start, e.end, label="PERSON"), "actors")]
            return [(e, "model")]
        if label == "ORG":
            if self._org_is_place(doc, e):
                return [(Span(doc, e.start, e.end, label="GPE"), "gazetteer")]
            parts = _split_coordination(e)
            if len(parts) > 1 and all(self._place(p.text) and not _acronym(p.text) for p in parts):
                return [(Span(doc, p.start, p.end, label="GPE"), "gazetteer") for p in parts]
            if looks_like_person_name(e) and not any(self._place(t.text) for t in e):
                return [(Span(doc, e.start, e.end, label="PERSON"), "actors")]
        return [(e, "model")]


def _word_index(nlp: Language, pos: str) -> frozenset[str]:
    """English verbs or nouns (base forms) from the model's rule lemmatizer tables, when it has them."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get(pos, ()))


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
# Words before a name that make it a place ("in Fargo", "north of Moorhead"), and nouns after a
# town name that make it one ("an Alexandria man", "Mansfield police").
_LOCATIVE_BEFORE = frozenset({"in", "near", "from", "outside", "into", "across", "throughout", "around",
                              "towards", "toward", "via", "between", "nearby", "inside", "to", "at", "on"})
_LOCATIVE_OF = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                          "southwest", "outskirts", "suburb", "suburbs", "city", "town", "village", "mayor",
                          "residents", "resident", "people", "part", "parts", "center", "centre", "heart",
                          "streets"})
_PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "port", "province", "region", "suburb"})
_LOCATIVE_AFTER = frozenset({"man", "woman", "men", "women", "boy", "girl", "teen", "couple", "family",
                             "families", "resident", "residents", "police", "officials", "businesses",
                             "schools", "students", "doctor", "area", "county", "city", "township", "mayor",
                             "native", "natives", "suburb", "neighborhood", "neighbourhood", "province",
                             "region", "district", "village", "airport", "airports", "homes", "community"})
# Capitalised words that a gazetteer knows as towns but that start sentences or dates.
_NOT_PLACE_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                              "september", "october", "november", "december", "monday", "tuesday",
                              "wednesday", "thursday", "friday", "saturday", "sunday", "i", "mr", "mrs", "ms",
                              "dr", "god"})
_DATE_TOKEN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_SCORE = re.compile(r"^\d+-\d+$")
_SPORTS_VERBS = frozenset({"beat", "beats", "drew", "draw", "lost", "lose", "defeated", "defeat", "v", "vs",
                           "vs.", "versus", "at", "scored", "won", "win", "routed", "edged", "thrashed",
                           "trounced"})
_SPORTS_WORDS = frozenset({"match", "game", "games", "league", "cup", "innings", "wickets", "wicket", "runs",
                           "goal", "goals", "scored", "beat", "drew", "halftime", "half-time", "season",
                           "championship", "soccer", "football", "cricket", "baseball", "basketball",
                           "hockey", "rugby", "tennis", "striker", "midfielder", "coach", "points",
                           "standings", "played", "division", "semifinal", "final", "quarter-final",
                           "batting", "bowling", "inning", "homer", "pitcher"})


def _sports_sentence(span: Span) -> bool:
    """A sentence about sport: a sports word, or scores ("2-1") beside numbers."""
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    if any(t.lower_ in _SPORTS_WORDS or _SCORE.match(t.text) for t in sent):
        return True
    # numbers beside names, with (almost) no prose: a results line ("Derbyshire 471 Surrey 210");
    # "seven km ( four miles )" in a sentence is no score
    return sum(1 for t in sent if t.like_num) >= 2 and sum(1 for t in sent if t.is_lower and t.is_alpha) <= 2


def _trim_numbers(e: Span) -> Span:
    """ "Durham 114", "MOSCOW 1996-08-30": names do not end in a number; drop it."""
    end = e.end
    while end - 1 > e.start and (e.doc[end - 1].like_num or _DATE_TOKEN.match(e.doc[end - 1].text)
                                 or _SCORE.match(e.doc[end - 1].text)):
        end -= 1
    if end == e.end or e.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
        return e
    return Span(e.doc, e.start, end, label=e.label_, kb_id=e.kb_id_)


def _split_dashes(e: Span) -> list[Span]:
    """ "Romania - Cosmin Contra": a spaced dash separates two names; each keeps the label for
    now (the place part is relabelled by the place rules)."""
    doc = e.doc
    cuts = [t.i for t in e[1:-1]
            if t.text in ("-", "--", "\u2013", "\u2014") and t.whitespace_ and doc[t.i - 1].whitespace_]
    if not cuts or e.label_ not in ("PERSON", "ORG", "GPE", "LOC"):
        return [e]
    out, start = [], e.start
    for c in cuts + [e.end]:
        if c > start:
            part = Span(doc, start, c, label=e.label_)
            if part[0].like_num:  # "2 - Rodney Eyles"
                part = Span(doc, start + 1, c, label=e.label_) if c > start + 1 else None
            if part is not None and part.label_ == "ORG" and _two_names(part):
                part = Span(doc, part.start, part.end, label="PERSON")  # "Romania - Cosmin Contra"
            if part is not None:
                out.append(part)
        start = c + 1
    return out


def _two_names(span: Span) -> bool:
    """Two or three capitalised words, none an organisation word: the shape of a person's name."""
    return 2 <= len(span) <= 3 and all(
        t.is_alpha and t.text[0].isupper() and not t.is_upper and t.lower_ not in _ORG_WORDS for t in span)


def _gz(gazetteer: Any, method: str, arg: str) -> Any:
    """Optional gazetteer methods: a minimal gazetteer (is_place + demonym, as in tests) lacks
    feature lookups, and then every known place counts as a town whose context decides."""
    fn = getattr(gazetteer, method, None)
    return fn(arg) if fn is not None else None


def _acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in text.strip()


def _locative_context(doc: Doc, start: int, end: int, gazetteer: Any, *, strict: bool = False) -> bool:
    """True when the words around doc[start:end] say it is a place. ``strict`` (for names the
    model did not tag at all) drops the weak cues "to", "at" and "on" ("an assault on Grozny")."""
    prev = doc[start - 1].lower_ if start > 0 else ""
    if prev in _LOCATIVE_BEFORE and not (strict and prev in ("to", "at", "on")):
        return True
    if prev in _PLACE_NOUNS and not strict:  # "the Chechen capital Grozny"
        return True
    if prev == "of" and start > 1 and doc[start - 2].lower_ in _LOCATIVE_OF:
        return True
    # a list of places: "Red Deer, Innisfail and Edmonton", "Edinburgh, Aberdeen"
    if prev in _COORD and start > 1 and doc[start - 2].ent_type_ in ("GPE", "LOC"):
        return True
    if end + 1 < len(doc) and doc[end].lower_ in _COORD and doc[end + 1].ent_type_ in ("GPE", "LOC"):
        return True
    if end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in _LOCATIVE_AFTER and not nxt.text[:1].isupper():
            return True
        if nxt.text == "," and end + 1 < len(doc):
            after = doc[end + 1]
            # "Fargo, N.D." / "Almaty, Kazakhstan": a state abbreviation or a country/state name
            if _gz(gazetteer, "admin_area", after.text) is not None:
                return True
            word = after.text
            if word[:1].isupper() and any(c.is_country or c.feature_code == "ADM1"
                                          for c in (_gz(gazetteer, "lookup", word) or [])[:3]):
                nxt2 = doc[end + 2] if end + 2 < len(doc) else None
                return nxt2 is None or not nxt2.text[:1].isupper()
    return False


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """ "BELGRADE 1996-08-30" / "MOSCOW (Reuters) -": an all-caps place opening a text or line."""
    if not doc[start:end].text.isupper() or len(doc[start:end].text) < 3:
        return False
    if start > 0 and "\n" not in doc[start - 1].text_with_ws and not doc[start - 1].is_space:
        return False
    if end >= len(doc):
        return False
    nxt = doc[end].text
    return bool(_DATE_TOKEN.match(nxt)) or doc[end].like_num or nxt in ("(", "-", "--", "\u2014", "\u2013")
_MAX_TITLE_WORDS = max(len(t.split()) for t in ROLE_TITLES)
_TITLE_WORDS = frozenset(w for t in ROLE_TITLES for w in t.split()) - {"of", "state"}


@Language.factory("eventscope_entities")
def make_entities(nlp: Language, name: str) -> EntityCorrector:
    """Factory for the entity-correction stage (set up later with resources)."""
    return EntityCorrector(nlp, name)
