"""The quotes stage: direct and indirect quotations with their speakers.

Direct quotations are found on the raw text (straight ``"``, curly “ ” and ‘ ’, guillemets « »;
a quotation may run over several sentences and over paragraphs when each paragraph re-opens the
quote, as newspapers print them). Indirect ones come from the parse: a reporting verb with a
clausal complement ("X said that ...", "X warned that ...") or "according to X, ...".

The speaker is the subject of the reporting verb next to the quotation ("..., Lavrov stated",
"said the minister", "He said: ..."), mapped to an actor id through ``doc._.actor_spans``;
a pronoun without its own actor span falls back to the closest preceding person actor.
Writes ``doc._.quotes`` (list of :class:`records.Quote`, sorted by offset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ConfigError
from ..records import Quote
from ..resources import Resources
from .roles import ActorIndex
from .extensions import doc_text

__all__ = ["QuotesComponent", "make_quotes", "find_direct_quotes", "QuoteSpan", "REPORTING_LEMMAS"]

QUOTES_VERSION = "quotes-1"

REPORTING_LEMMAS = frozenset({
    "say", "state", "tell", "warn", "claim", "assert", "announce", "insist", "stress", "emphasize", "emphasise",
    "add", "note", "argue", "allege", "confirm", "declare", "report", "explain", "write", "reiterate",
    "acknowledge", "admit", "remark", "comment", "caution", "underline", "underscore", "maintain", "contend",
    "vow", "pledge", "promise", "predict", "complain", "reply", "respond", "answer", "ask", "deny", "tweet",
    "post", "mention", "observe", "suggest", "concede", "threaten", "urge",
})
_THIRD_PERSON = frozenset({"he", "she", "him", "her", "they", "them", "it"})
_MIN_WORDS = 4  # shorter quoted strings are scare quotes or titles, not quotations
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QuoteSpan:
    """Character offsets of a direct quotation's content (marks excluded)."""

    start: int
    end: int


def _pairs(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """Spans (after opener, at closer) of quotations; re-opened paragraphs continue the quote."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        o = text.find(opener, i)
        if o < 0:
            break
        c = text.find(closer, o + 1)
        if c < 0:
            break
        nxt = text.find(opener, o + 1) if opener != closer else -1
        # An opener before the closer means the first paragraph ended without a closing mark:
        # a multi-paragraph quotation if a paragraph break separates them, else a stray mark.
        while 0 <= nxt < c:
            if "\n" not in text[o:nxt]:
                o = nxt
            nxt = text.find(opener, nxt + 1)
        out.append((o + 1, c))
        i = c + 1
    return out


def _single_curly(text: str) -> list[tuple[int, int]]:
    """‘...’ quotations, telling closing marks from apostrophes (Russia’s)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[—-]))‘", text):
        o = m.start()
        for c_m in re.finditer(r"’(?![A-Za-z])", text[o + 1 : o + 3000]):
            out.append((o + 1, o + 1 + c_m.start()))
            break
    return out


def _straight(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for para_m in re.finditer(r"[^\n]+", text):
        para = para_m.group(0)
        marks = [m.start() for m in re.finditer('"', para)]
        for a, b in zip(marks[::2], marks[1::2]):
            out.append((para_m.start() + a + 1, para_m.start() + b))
    return out


def find_direct_quotes(text: str, *, min_words: int = _MIN_WORDS) -> list[QuoteSpan]:
    """Direct quotations in ``text`` (content offsets), longest first on overlap, sorted by start."""
    spans = _pairs(text, "“", "”") + _pairs(text, "«", "»") + _straight(text) + _single_curly(text)
    spans = [(a, b) for a, b in spans if len(text[a:b].split()) >= min_words]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int]] = []
    for a, b in spans:
        if kept and a < kept[-1][1]:
            continue  # nested or overlapping: the outer quotation wins
        kept.append((a, b))
    # Trim whitespace (and a leading paragraph's trailing spaces) inside the marks.
    out = []
    for a, b in kept:
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
            b -= 1
        out.append(QuoteSpan(a, b))
    return out


def _inside(tok: Token, spans: list[tuple[int, int]]) -> bool:
    return any(a <= tok.idx < b for a, b in spans)


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    return None


def _name_span(tok: Token) -> Span:
    """The words naming a speaker: its entity, else the head with its compounds and modifiers."""
    if tok.ent_type_:
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "det", "poss", "nmod"):
            left = min(left, c.left_edge.i)
    return tok.doc[left : tok.i + 1]


class SpeakerResolver:
    """Maps a speaker token to an actor id, with pronoun fallback to the previous person."""

    def __init__(self, doc: Doc, actors: ActorIndex) -> None:
        self.doc = doc
        self.actors = actors
        persons: list[tuple[int, str]] = []
        actor_records = doc._.actors
        for start, _end, actor_id in doc._.actor_spans:
            rec = actor_records.get(actor_id)
            kind = getattr(rec, "kind", None)
            label = getattr(rec, "label", None)
            if kind == "person" or label == "PERSON":
                persons.append((start, actor_id))
        persons.sort()
        self._persons = persons

    def resolve(self, tok: Token) -> str | None:
        ids = self.actors.for_token(tok)
        if ids:
            return ids[0]
        if tok.lower_ in _THIRD_PERSON:
            before = [aid for start, aid in self._persons if start < tok.idx]
            if before:
                return before[-1]
        return None


def _speech_verbs(span: Span, exclude: list[tuple[int, int]]) -> list[Token]:
    return [t for t in span if t.lemma_.lower() in REPORTING_LEMMAS and t.pos_ in ("VERB", "AUX")
            and not _inside(t, exclude)]


def _according_to(sent: Span) -> tuple[Token, Token] | None:
    """(the word 'according', its object) in "according to X"."""
    for t in sent:
        if t.lower_ == "according":
            for to in t.children:
                if to.lower_ == "to":
                    for p in to.children:
                        if p.dep_ == "pobj":
                            return t, p
    return None


def _trim(doc: Doc, start_i: int, end_i: int) -> tuple[int, int] | None:
    """Character span of tokens [start_i, end_i) without surrounding punctuation and 'that'."""
    while start_i < end_i and (doc[start_i].is_punct or doc[start_i].is_space or doc[start_i].lower_ == "that"):
        start_i += 1
    while end_i > start_i and (doc[end_i - 1].is_punct or doc[end_i - 1].is_space):
        end_i -= 1
    if end_i <= start_i:
        return None
    return doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1])


def extract_quotes(doc: Doc) -> list[Quote]:
    """All direct and indirect quotations of ``doc`` with resolved speakers."""
    article_id = doc._.article_id or ""
    text = doc_text(doc)
    actors = ActorIndex(doc)
    resolver = SpeakerResolver(doc, actors)
    direct = find_direct_quotes(text)
    direct_spans = [(q.start, q.end) for q in direct]
    quotes: list[Quote] = []

    previous: Quote | None = None
    for q in direct:
        verb = _attribution_verb(doc, q, direct_spans, text=text)
        subj = _subject(verb) if verb is not None else None
        speaker = resolver.resolve(subj) if subj is not None else None
        if subj is None and previous is not None and _continues(text, previous.end, q.start):
            # “...,” Lavrov said. “More words.” — the next quotation in the paragraph is his too.
            quotes.append(Quote(id=Quote.make_id(article_id, q.start, q.end), text=text[q.start : q.end],
                                start=q.start, end=q.end, speaker=previous.speaker, direct=True,
                                speaker_text=previous.speaker_text))
            previous = quotes[-1]
            continue
        quotes.append(Quote(id=Quote.make_id(article_id, q.start, q.end), text=text[q.start : q.end],
                            start=q.start, end=q.end, speaker=speaker, direct=True,
                            speaker_text=_name_span(subj).text if subj is not None else None))
        previous = quotes[-1]

    for sent in doc.sents:
        if any(a <= sent.start_char and sent.end_char <= b for a, b in direct_spans):
            continue
        for verb in _speech_verbs(sent, direct_spans):
            comps = [c for c in verb.children if c.dep_ == "ccomp" and not _inside(c, direct_spans)]
            subj = _subject(verb)
            if not comps or subj is None:
                continue
            comp = comps[0]
            span = _trim(doc, comp.left_edge.i, comp.right_edge.i + 1)
            if span is None or any(a < span[1] and span[0] < b for a, b in direct_spans):
                continue
            if len(_WORD.findall(text[span[0] : span[1]])) < 2:
                continue
            quotes.append(Quote(id=Quote.make_id(article_id, *span), text=text[span[0] : span[1]],
                                start=span[0], end=span[1], speaker=resolver.resolve(subj), direct=False,
                                speaker_text=_name_span(subj).text))
        acc = _according_to(sent)
        if acc is not None:
            word, who = acc
            phrase = (word.left_edge.i, word.right_edge.i + 1)
            if phrase[0] - sent.start <= 1:
                span = _trim(doc, phrase[1], sent.end)
            else:
                span = _trim(doc, sent.start, phrase[0])
            if span is not None and not any(a < span[1] and span[0] < b for a, b in direct_spans):
                quotes.append(Quote(id=Quote.make_id(article_id, *span), text=text[span[0] : span[1]],
                                    start=span[0], end=span[1], speaker=resolver.resolve(who), direct=False,
                                    speaker_text=_name_span(who).text))
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _continues(text: str, prev_end: int, start: int) -> bool:
    """The next quotation follows the previous one in the same paragraph, with only a short attribution between."""
    between = text[prev_end:start]
    return "\n\n" not in between and len(between) <= 80


def _attribution_verb(
    doc: Doc, q: QuoteSpan, direct_spans: list[tuple[int, int]], *, text: str | None = None
) -> Token | None:
    """The reporting verb outside the quotation, in the sentences it touches, nearest to it.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds that string on every access)."""
    if text is None:
        text = doc_text(doc)
    first = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
    last = doc.char_span(max(q.start, q.end - 1), q.end, alignment_mode="expand")
    if first is None or last is None:
        return None
    sents: list[Span] = []
    for tok in (first[0], last[0]):
        if tok.sent not in sents:
            sents.append(tok.sent)
    # The sentence right after the quote may hold the attribution when the parser split at the mark.
    nxt = last[0].sent.end
    if nxt < len(doc):
        after = doc[nxt].sent
        if after not in sents and after.start_char - q.end <= 3:
            sents.append(after)
    best: tuple[int, Token] | None = None
    for sent in sents:
        for verb in _speech_verbs(sent, direct_spans):
            if _subject(verb) is None:
                continue
            between = text[q.end : verb.idx] if verb.idx >= q.end else text[verb.idx : q.start]
            if len(between) > 200 or "\n" in between:
                continue
            if best is None or len(between) < best[0]:
                best = (len(between), verb)
    return best[1] if best else None


class QuotesComponent:
    """spaCy component writing ``doc._.quotes``; needs no resources."""

    resource_version = QUOTES_VERSION

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def setup(self, resources: Resources) -> None:
        """Nothing to load: quotes rely on the parse and the actors stage's spans."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("DEP"):
            raise ConfigError("eventscope_quotes needs a dependency parser before it in the pipeline")
        doc._.quotes = extract_quotes(doc) if len(doc) else []
        return doc


@Language.factory("eventscope_quotes")
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent(nlp, name)
