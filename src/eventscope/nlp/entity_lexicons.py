"""Word lists and token tests shared by the entity context rules.

The context rules are split by the kind of text they read: :mod:`.entity_sports` (results tables,
score lines, sports headlines and prose) and :mod:`.entity_context` (general prose, name boundaries
and the entry point, which calls both). What both read is defined here, once; this module imports
neither of them, so there is no cycle:

* :class:`NerLexicons`, the project-written word lists in ``resources/data/ner``, read only when
  :meth:`NerLexicons.load` is called (never at import);
* ``_Ctx``, what a rule consults (gazetteer, actor dictionary, lexicons), with per-document memos;
* the shape of a name: capitalised words (``_cap``, ``_title_name``), numbers (``_numeric``), a
  headline's common words (``_headline_word``), a sentence's capitalised runs (``_runs``), and the
  word sets and patterns several rules test against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from importlib import resources as importlib_resources
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

__all__ = ["NerLexicons", "NER_LEXICON_VERSION", "Labelled"]

NER_LEXICON_VERSION = "ner-lexicons-v4"
_DATA = ("eventscope.resources", "data/ner")

Labelled = tuple[Span, str]  # (span with label, origin)


@dataclass(frozen=True)
class NerLexicons:
    """Project-written word lists for the context rules (lower case)."""

    given_names: frozenset[str]
    org_suffixes: frozenset[str]
    person_roles: frozenset[str]
    sports_words: frozenset[str]
    org_names: frozenset[str] = frozenset()  # whole names, several words allowed
    verbs: frozenset[str] = frozenset()  # base forms, from the model's lemmatizer (not a file)
    nouns: frozenset[str] = frozenset()  # the same, singular nouns
    version: str = NER_LEXICON_VERSION

    def with_words(self, *, verbs: frozenset[str], nouns: frozenset[str]) -> NerLexicons:
        return replace(self, verbs=verbs, nouns=nouns)

    @classmethod
    def load(cls) -> NerLexicons:
        base = importlib_resources.files(_DATA[0]).joinpath(_DATA[1])

        def words(name: str) -> frozenset[str]:
            out: set[str] = set()
            for line in base.joinpath(name).read_text(encoding="utf-8").splitlines():
                out.update(line.split("#", 1)[0].lower().split())
            return frozenset(out)

        def names(name: str) -> frozenset[str]:
            lines = base.joinpath(name).read_text(encoding="utf-8").splitlines()
            return frozenset(" ".join(x.split("#", 1)[0].lower().split()) for x in lines) - {""}

        return cls(
            given_names=words("given_names.txt"),
            org_suffixes=words("org_suffixes.txt"),
            person_roles=words("person_roles.txt"),
            sports_words=words("sports_words.txt"),
            org_names=names("org_names.txt"),
        )


# Word sets and patterns that rules of both modules test against.
_CONNECT = frozenset({"v", "vs", "vs.", "at"})
_NAME_JOINERS = frozenset({"of", "de", "van", "der", "den", "del", "da", "di", "la", "le", "von", "du", "dos",
                           "bin", "ibn", "al", "el", "'s", "&"})
_HEADLINE_VERBS = frozenset({"beat", "beats", "win", "wins", "won", "take", "takes", "seal", "seals", "lead",
                             "leads", "meet", "meets", "put", "puts", "move", "moves", "retire", "retires",
                             "defend", "defends", "homers", "break", "breaks", "hold", "holds", "sign",
                             "signs", "say", "says", "set", "sets", "face", "faces", "join", "joins", "quit",
                             "quits", "keep", "keeps", "hit", "hits", "draw", "draws", "lose", "loses",
                             "reach", "reaches", "toss", "bat", "over", "v", "vs", "results", "result",
                             "standings", "scoreboard", "summary", "summaries", "qualifier", "final",
                             "semifinal", "round", "division", "table", "tables", "top", "after", "ahead",
                             "first", "second", "third", "day", "latest", "still", "back", "off", "out"})
_SCORE = re.compile(r"^\d+-\d+$")
_NUMERIC = re.compile(r"^[+\-]?[\d.,:/]*\d[\d.,:/]*$|^\d+-\d+$|^\d+(st|nd|rd|th)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RANK = re.compile(r"^\d+[.=]$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_ORG_WORDS = frozenset({"ministry", "organization", "organisation", "council", "committee", "front", "party",
                        "group", "army", "union", "bank", "agency", "office", "department", "service",
                        "forces", "force", "movement", "league", "state", "states", "republic", "university",
                        "institute", "centre", "center", "court", "news", "times", "corporation", "company",
                        "association", "federation", "assembly", "parliament", "government", "club", "united",
                        "city", "county", "fc", "rovers", "athletic", "foundation", "fund", "exchange",
                        "market", "board", "authority", "police", "cup", "open", "games", "championship",
                        "house", "church", "post", "press", "newsroom", "desk", "airport", "hospital",
                        "school", "college", "stadium", "international"})


def _numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text)) and not _DATE.match(text)


def _cap(tok: Any) -> bool:
    t = tok.text
    return t[:1].isupper() and any(c.isalpha() for c in t)


def _title_name(span: Span) -> bool:
    """Capitalised words (joiners allowed inside), no organisation word: a name's shape."""
    if not span or not _cap(span[0]) or not _cap(span[-1]):
        return False
    for t in span:
        if t.lower_ in _ORG_WORDS:
            return False
        if not (_cap(t) or t.lower_ in _NAME_JOINERS or t.text in ("-", "'")):
            return False
    return True


@dataclass
class _Ctx:
    """What the rules consult: gazetteer, actor dictionary, lexicons (all optional features)."""

    gazetteer: Any
    actors: Any
    lex: NerLexicons
    _runs: dict[tuple[int, int], list[Span]] = field(default_factory=dict)
    _memo: dict[tuple[str, str], bool] = field(default_factory=dict)  # gazetteer answers by text
    _sports: dict[tuple[int, int], bool] = field(default_factory=dict)  # per sentence (see entity_context)
    # The document's token texts and lower-case forms, read once (a Token object per look costs
    # more than the test the rules make on it); set by :meth:`words` for one document.
    _texts: list[str] | None = None
    _lowers: list[str] | None = None

    def place(self, text: str) -> bool:
        key = ("place", text)
        if key not in self._memo:
            probe = text.title() if text.isupper() and len(text) > 3 else text
            self._memo[key] = bool(self.gazetteer.is_place(probe))
        return self._memo[key]

    def country(self, text: str) -> bool:
        """A country, or a home nation that fields its own teams ("England", "Wales")."""
        key = ("country", text)
        if key not in self._memo:
            self._memo[key] = self._country(text)
        return self._memo[key]

    def _country(self, text: str) -> bool:
        fn = getattr(self.gazetteer, "country", None)
        if fn is None:
            return False
        probe = text.title() if text.isupper() and len(text) > 3 else text
        if fn(probe) is not None:
            return len(probe.replace(".", "")) > 1
        lookup = getattr(self.gazetteer, "lookup", None)
        home_nation = lookup is not None and any(c.feature_code == "ADM1" and c.country == "GB"
                                                 for c in lookup(probe)[:2])
        if home_nation:
            return True
        entry = self.actors.match(probe) if self.actors is not None else None
        return entry is not None and entry.label == "GPE"

    def demonym(self, text: str) -> bool:
        key = ("demonym", text)
        if key not in self._memo:
            self._memo[key] = bool(self.gazetteer.demonym(text))
        return self._memo[key]

    def known_non_person(self, text: str) -> bool:
        key = ("non_person", text)
        if key not in self._memo:
            entry = self.actors.match(text) if self.actors is not None else None
            self._memo[key] = (entry is not None and entry.label != "PERSON") or self.known_org(text)
        return self._memo[key]

    def known_org(self, text: str) -> bool:
        """A name of the project's organisation list ("Interfax", "UEFA")."""
        return " ".join(text.lower().split()) in self.lex.org_names

    def given(self, tok: Any) -> bool:
        return tok.lower_ in self.lex.given_names

    def runs(self, sent: Span) -> list[Span]:
        """The capitalised runs of a sentence, computed once per sentence (several rules read them)."""
        key = (sent.start, sent.end)
        if key not in self._runs:
            texts, lowers = self.words(sent.doc)
            self._runs[key] = _runs(sent, texts, lowers)
        return self._runs[key]

    def words(self, doc: Any) -> tuple[list[str], list[str]]:
        """(token texts, lower-case forms) of the document (one ``_Ctx`` serves one document)."""
        if self._texts is None or self._lowers is None:
            self._texts = [t.text for t in doc]
            self._lowers = [t.lower_ for t in doc]
        return self._texts, self._lowers


def _headline_word(tok: Any) -> bool:
    """A common word of an all-caps headline ("BEAT", "IN", "V"), never part of a name."""
    return _headline_text(tok.text)


def _headline_text(x: str) -> bool:
    """:func:`_headline_word` of a token's text."""
    low = x.lower()
    return x.isupper() and len(x) > 1 and low != "of" and (low in STOP_WORDS or low in _HEADLINE_VERBS)


# Prepositions that open a sentence capitalised before a name ("In Bergen : Brann ( Norway ) 2 ...").
_LEAD_PREPS = frozenset({"In", "At", "From", "Against", "Before", "After", "Under", "With", "Without"})


def _runs(sent: Span, texts: list[str] | None = None, lowers: list[str] | None = None) -> list[Span]:
    """Maximal capitalised runs ("Queen 's Park", "Bristol City"); joiners only inside.
    ``texts`` and ``lowers``: the document's token texts and lower-case forms, when already read."""
    doc = sent.doc
    s0 = sent.start
    if texts is None or lowers is None:
        words = [t.text for t in sent]
        low = [t.lower_ for t in sent]
    else:
        words = texts[s0 : sent.end]
        low = lowers[s0 : sent.end]
    n = len(words)
    # (most words are lower case: one look at the first letter settles them; the rest as _cap,
    # _CONNECT and _headline_word test them)
    name = [x[:1].isupper() and any(c.isalpha() for c in x) and lw not in _CONNECT
            and not (x.isupper() and len(x) > 1 and (xl := x.lower()) != "of"
                     and (xl in STOP_WORDS or xl in _HEADLINE_VERBS))
            if x[:1].isupper() else False
            for x, lw in zip(words, low)]
    if n > 1 and words[0] in _LEAD_PREPS and name[1]:
        name[0] = False  # "In Tirana : ...", "At Minnesota , ...": the opening preposition is no name
    out: list[Span] = []
    i = 0
    while i < n:
        if not name[i]:
            i += 1
            continue
        j = i + 1
        while j < n and (name[j] or (low[j] in _NAME_JOINERS and j + 1 < n and name[j + 1])
                         or (words[j] == "-" and not doc[s0 + j - 1].whitespace_)):
            j += 1
        while j > i + 1 and not name[j - 1]:
            j -= 1
        out.append(doc[s0 + i : s0 + j])
        i = j
    return out
