"""Context rules for the entity-correction stage: the shape of a sentence decides a label.

The small model knows names, not the conventions of wire copy. :func:`apply_context_rules` cuts a
document into sentences and results lines and applies the rules that read them. The rules for
sports reports (results tables, score lines, headlines, clubs, line-ups, competitions) live in
:mod:`.entity_sports`; those of general prose are here:

* persons: a role word before a name ("spokesman Glyn Davies"), a speech verb after a surname
  ("Lebed said"), a given name ("Chad Curtis"), an initial ("M. Bicknell"), particles inside a
  name ("Joost van der Westhuizen"), "he"/"she" after a lone surname the model calls an
  organisation ("Fox said he ...", "said Muster");
* not names: capitalised common words of headlines, term sheets and tables of figures ("FULL FEES",
  "Operating Income 906"), a common noun opening a line ("Qualifier vs. ...", "Extras ( lb-11 )"),
  lower-case "organisations" ("call-up");
* organisations: a corporate last word ("Jeans Mate Corp", "Pirelli SpA"), a news-agency or
  newspaper head word ("Itar-Tass news agency"), a bracketed acronym and its other mentions, the
  organisation list anywhere (clubs: "Galatasaray", with a home town before a nickname);
* places: datelines ("MOSCOW 1996-08-30") and state abbreviations ("Akron , Ohio");
* boundaries: names never contain numbers, brackets or a final "'s" ("Mansfield 0 Rochdale",
  "Natalya Shikolen ( Belarus"); an all-caps headline is split at its common words
  ("AZERBAIJAN BEAT SWITZERLAND IN ...").

Pure functions over a Doc and its entity spans; the lexicons are project-written word lists in
``resources/data/ner`` loaded once by :meth:`NerLexicons.load`. What both rule modules share
(lexicons, ``_Ctx``, token tests) is in :mod:`.entity_lexicons`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from .entity_lexicons import (
    _CONNECT,
    _INITIAL,
    _ORG_WORDS,
    _RANK,
    _SCORE,
    Labelled,
    NerLexicons,
    _cap,
    _Ctx,
    _headline_text,
    _numeric,
    _title_name,
)
from .entity_sports import (
    _SPORT_NAMES,
    _bracket_clubs,
    _events,
    _headline_rules,
    _is_headline,
    _is_sports,
    _is_table,
    _list_persons,
    _name_country,
    _sports_places,
    _table_rules,
    _teams,
    _tie_winner,
)

__all__ = ["apply_context_rules"]

# Corporate last words strong enough to make an untagged capitalised run an organisation.
_CORP_SUFFIX = frozenset({"inc", "corp", "co", "cos", "ltd", "plc", "llc", "spa", "ag", "gmbh", "nv", "bv",
                          "sa", "ab", "asa", "bhd", "pty", "kk", "holdings", "bancorp", "bancshares", "oyj"})
_SPEECH_AFTER = frozenset({"said", "says", "told", "added", "stated", "insisted", "argued", "explained",
                           "noted", "admitted", "denied", "warned", "claimed", "replied", "recalled",
                           "stressed", "conceded", "quoted", "confirmed", "acknowledged", "predicted"})
_CUT_MARKS = frozenset({"(", ")", "--", "-", ":", ";", '"', "="})
# Nouns before a name that make it an organisation ("news agency Tanjug", "provincial side Boland").
_ORG_HEADS = frozenset({"side", "club", "team", "agency", "firm", "company", "group", "daily", "newspaper",
                        "paper", "weekly", "magazine", "radio", "television", "station", "channel", "broker",
                        "bank", "maker", "carrier", "airline", "insurer", "retailer", "unit", "subsidiary",
                        "party", "union", "outfit", "franchise"})
_MAPPED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_MONTHS_DAYS = frozenset({"january", "february", "march", "april", "june", "july", "august", "september",
                          "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                          "friday", "saturday", "sunday"})
# Abbreviations the model takes for organisations that name none: time zones, units, statistics.
_NOT_ORGS = frozenset({"gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet",
                       "cest", "eet", "mph", "kph", "mw", "gw", "kwh", "bpd", "pct",
                       "dwt", "cif", "fob", "ebitda", "ytd", "q1", "q2", "q3", "q4", "h1", "h2",
                       "halftime", "half-time", "aggregate", "attendance"})
# a rank, a count, a score or a minute ("16.", "3", "2-1", "44th")
_SMALL_NUMBER = re.compile(r"^(\d{1,2}\.?|\d{1,2}-\d{1,2}|\d{1,3}(st|nd|rd|th))$")
_CURRENCY = re.compile(r"^[A-Z]{0,3}\$$")  # "C$", "HK$", "US$": a currency, not a name


def _not_org(span: Span) -> bool:
    return len(span) == 1 and (span[0].lower_ in _NOT_ORGS or bool(_CURRENCY.match(span[0].text)))


# ------------------------------------------------------------------------------ boundaries


_CLEANED = _MAPPED - {"FAC"}


def _clean(doc: Doc, span: Span, demonym: Callable[[str], bool],
           words: tuple[list[str], list[str]] | None = None) -> list[Span]:
    """Drop numbers, brackets, dashes and a final "'s" from a name; split where they were inside,
    and split an all-caps headline name at its common words. ``words``: the document's token
    texts and lower-case forms (:meth:`_Ctx.words`), when already read."""
    if span.label_ not in _CLEANED:
        return [span]
    texts, lowers = words if words is not None else ([t.text for t in doc], [t.lower_ for t in doc])
    # (whitespace has no case: the joined words are upper case exactly when the span's text is)
    upper = len(span) > 1 and "".join(texts[span.start : span.end]).isupper()

    def cut(i: int) -> bool:
        x = texts[i]
        if _numeric(x) or _RANK.match(x) or x in _CUT_MARKS or x.lower() in _CONNECT:
            # keep "Jean-Michel" style joins
            return not (x == "-" and i > span.start and not doc[i].whitespace_)
        return upper and _headline_text(x)

    pieces: list[tuple[int, int]] = []
    start = span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or cut(i):
            if i > start:
                pieces.append((start, i))
            start = i + 1
    out: list[Span] = []
    for start, end in pieces:
        # "Xinhua news agency", "Hizbollah 's": names end in a capitalised word
        while end > start and texts[end - 1] in ("'s", "’s", "'", ",", "."):
            end -= 1
        head = end
        # A dictionary alias match ("Al shabaab", "Saudi-led coalition") is a whole name already.
        while not span.kb_id_ and head > start and doc[head - 1].is_alpha and doc[head - 1].is_lower:
            head -= 1
        # but "Syrian government" stays whole: the actors stage reads it as a state actor
        if head > start and not (head - start == 1 and demonym(texts[start])):
            end = head
        # "August National Association of ...": a date word before a name is not part of it
        while end - start > 1 and lowers[start] in _MONTHS_DAYS:
            start += 1
        if end > start and any(c.isalpha() for x in texts[start:end] for c in x):
            out.append(Span(doc, start, end, label=span.label_, kb_id=span.kb_id_))
    if len(out) == 1 and (out[0].start, out[0].end) == (span.start, span.end):
        return [span]
    return out


# ------------------------------------------------------------------------------ the rules of prose

# Titles that are part of how a person is named by one name ("Prince Charles", "Sheikh Hasina"); with
# a full name they go ("Archbishop Desmond Tutu" -> "Desmond Tutu").
_STYLED = frozenset({"king", "queen", "prince", "princess", "pope", "sheikh", "lord", "lady", "sir", "emir",
                     "sultan", "cardinal", "archbishop", "bishop", "imam", "rabbi"})
_NATIONALS = frozenset({"frenchman", "englishman", "irishman", "scotsman", "dutchman", "welshman", "briton",
                        "swede", "dane", "finn", "spaniard", "pole", "turk", "scot", "countryman",
                        "compatriot", "frenchwoman", "englishwoman", "irishwoman", "dutchwoman"})


def _leading_role(ctx: _Ctx, spans: list[Span]) -> list[Labelled]:
    """ "Spokesman Glyn Davies", "Frenchman Cedric Pioline": a role or nationality word opening a
    sentence is no part of the name that follows it (a demonym stays as NORP)."""
    out: list[Labelled] = []
    for e in spans:
        if e.label_ not in ("PERSON", "ORG") or not (3 if e.label_ == "ORG" else 2) <= len(e) <= 5:
            continue
        first = e[0].lower_
        demonym = first in _NATIONALS or ctx.demonym(e[0].text)
        if not (demonym or first in ctx.lex.person_roles) or (len(e) == 2 and first in _STYLED):
            continue
        rest = e[1:]
        if not _title_name(rest) or ctx.known_non_person(rest.text) or ctx.place(rest.text):
            continue
        if e.label_ == "ORG" and not (ctx.given(rest[0]) or _INITIAL.match(rest[0].text)):
            continue
        out.append((Span(e.doc, rest.start, rest.end, label="PERSON"), "rules"))
        if demonym:
            out.append((Span(e.doc, e.start, e.start + 1, label="NORP"), "rules"))
    return out


_JOINERS = frozenset({"van", "der", "den", "de", "del", "della", "dal", "dalla", "di", "da", "von", "zu",
                      "wa", "bin", "ibn", "al", "el", "le", "la", "du", "dos", "das", "ter", "ten"})


def _joined_names(sent: Span, spans: list[Span]) -> list[Labelled]:
    """ "Joost van der Westhuizen", "Kengo wa Dondo": the model cut a name at its lower-case
    particles; a person's name, particles and a capitalised word are one name."""
    doc = sent.doc
    out: list[Labelled] = []
    for e in spans:
        if e.label_ != "PERSON" or e.end >= sent.end or doc[e.end].text not in _JOINERS:
            continue
        j = e.end
        while j < sent.end and doc[j].text in _JOINERS and j - e.end < 3:
            j += 1
        if j < sent.end and _cap(doc[j]) and doc[j].is_alpha:
            end = next((x.end for x in spans
                        if x.start == j and x.label_ in ("PERSON", "ORG", "GPE", "")), j + 1)
            out.append((Span(doc, e.start, end, label="PERSON"), "rules"))
    return out


_SURNAME = re.compile(r"[a-z](ov|ova|ev|eva|yev|sky|skiy|ski|enko|vich|shvili|dze|yan)$")
_AGE = re.compile(r"^[1-9]\d$")
# "the 20-year-old Rubin", "the 12th-ranked Washington", "sixth-seeded American MaliVai Washington",
# "Unseeded Patrick Rafter": an age or a ranking describes a person (a place can be old, never seeded)
_DESCRIBED = re.compile(r"(?i)^(\S+-year-old|\S+-ranked|\S+-seeded|seeded|unseeded|top-seeded)$")


def _person_shape(doc: Doc, e: Span, end: int) -> bool:
    """What follows a name says it is a person: an age ("Wang , 45 ,"), "who", a pitcher's
    record ("Telgheder ( 2-5 )"); or a single word with a typical surname ending ("Maskhadov")."""
    nxt = [t.text for t in doc[e.end : min(end, e.end + 4)]]
    if len(nxt) >= 3 and nxt[0] == "," and _AGE.match(nxt[1]) and nxt[2] == ",":
        return True
    # (a team named in the plural takes "who" in British copy: "the Cardinals , who")
    plural_team = e.label_ == "ORG" and e.text.endswith("s")
    if len(nxt) >= 2 and nxt[0] == "," and nxt[1] == "who" and not plural_team:
        return True
    if len(nxt) >= 3 and nxt[0] == "(" and _SCORE.match(nxt[1]) and nxt[2] == ")":
        return True
    return len(e) == 1 and bool(_SURNAME.search(e.text))


def _described(ctx: _Ctx, doc: Doc, e: Span, first: int) -> bool:
    """An age or ranking right before the name, or before a nationality before it."""
    i = e.start - 1
    if i > first and (ctx.demonym(doc[i].text) or doc[i].lower_ in _NATIONALS):
        i -= 1
    if i < first or e[0].lower_ in _NATIONALS:
        return False
    # the word before, whole: a tokenizer splits "20-year-old" at its hyphens
    j = i
    while j > first and j > i - 5 and not doc[j - 1].whitespace_:
        j -= 1
    if _DESCRIBED.match(doc[j : i + 1].text) is None:
        return False
    # the whole name, and not the qualifier of a title ("fifth-seeded Wimbledon champion Krajicek")
    # (a verb may follow: "the 20-year-old Rubin withdrew")
    nxt = doc[e.end] if e.end < len(doc) else None
    if nxt is None:
        return True
    noun = nxt.pos_ == "NOUN" if doc.has_annotation("TAG") else nxt.lower_ in ctx.lex.person_roles
    return not (_cap(nxt) or (nxt.is_lower and (noun or nxt.lower_ in ctx.lex.person_roles)))


def _person_rules(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """Role word before, speech verb after, given name first, initial first."""
    doc = sent.doc
    out: list[Labelled] = []
    taken = {i for e in spans for i in range(e.start, e.end)}
    cands: list[Span] = [e for e in spans if e.label_ in ("ORG", "GPE", "LOC", "NORP", "PERSON")]
    cands += [r for r in ctx.runs(sent) if not any(i in taken for i in range(r.start, r.end))]
    for e in cands:
        if not (sent.start <= e.start < sent.end) or len(e) > 4 or not _title_name(e) or e.text.isupper():
            continue
        if e.label_ == "PERSON" or ctx.known_non_person(e.text) or ctx.demonym(e.text):
            continue
        described = _described(ctx, doc, e, sent.start)
        if ctx.place(e.text) and not (described and not doc[e.start - 1].lower_.endswith("old")):
            continue
        if doc[e.end - 1].lower_.rstrip(".") in ctx.lex.org_suffixes:
            continue
        prev = doc[e.start - 1] if e.start > sent.start else None
        nxt = doc[e.end] if e.end < sent.end else None
        role = prev is not None and prev.is_lower and prev.lower_ in ctx.lex.person_roles
        # a speech verb makes a person of a name the model took for a place that is none ("Lebed
        # said"), and of a lone mixed-case word it left untagged ("Ischinger said": wire copy
        # names people by surname after the first mention, and the model knows most firms by
        # name); not of an acronym ("HINA said"), a listed organisation ("Tasnim said") or a
        # name the model calls an organisation ("Uber said")
        lone = (len(e) == 1 and e.label_ == "" and not e.text.isupper()
                and not (prev is not None and prev.lower_ in _ORG_HEADS))  # "provincial side Boland said"
        speech = (nxt is not None and nxt.lower_ in _SPEECH_AFTER and len(e) <= 2
                  and (e.label_ in ("GPE", "LOC") or lone))
        speech = speech or (prev is not None and prev.lower_ in ("said", "says") and e.end < sent.end
                            and doc[e.end].text in (".", ",") and len(e) <= 2 and e.label_ in ("GPE", "LOC"))
        given = len(e) >= 2 and ctx.given(e[0]) and all(_cap(t) for t in e) and e.label_ != "NORP"
        initial = len(e) >= 2 and _INITIAL.match(e[0].text) is not None and not ctx.place(e[1:].text)
        shape = e.label_ != "NORP" and _person_shape(doc, e, sent.end)
        untagged = e.label_ == ""
        if untagged and (any(t.lower_ in STOP_WORDS for t in e) or (doc.has_annotation("TAG")
                                                                  and not all(t.pos_ == "PROPN" for t in e))):
            continue  # "He said", "Analysts said": not names
        if untagged and not (role or given or initial or speech or shape or described):
            continue
        if untagged and e.start == sent.start and not (speech or given or initial or shape):
            continue
        if role or speech or given or initial or shape or described:
            out.append((Span(doc, e.start, e.end, label="PERSON"), "rules"))
    return out


_PERSONAL = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
_IMPERSONAL = frozenset({"it", "its", "itself", "they", "their", "them"})


def _surname_orgs(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """A lone surname the model calls an organisation ("Fox said he ...", "Conte , an army general ,
    survived ... he described", "said Muster"): a firm is "it" and rarely follows "said", a person is
    "he" or "she". Plural names ("Orioles"), names used as a modifier ("Lehman analyst"), places,
    demonyms and listed organisations stay as they are."""
    doc = sent.doc
    out: list[Labelled] = []
    for e in spans:
        if e.label_ != "ORG" or len(e) != 1:
            continue
        t = e[0]
        if len(t.text) < 3 or not (t.text[0].isupper() and t.text[1:].islower()) or t.tag_ == "NNPS":
            continue
        if t.lower_.endswith("s") and t.lower_[:-1] in ctx.lex.nouns:
            continue  # a plural common noun opening the sentence ("Magistrates ordered him")
        nxt = doc[e.end] if e.end < sent.end else None
        if nxt is not None and nxt.is_lower and nxt.pos_ in ("NOUN", "PROPN"):
            continue  # "Lehman analyst", "Bench coach": the name qualifies a noun
        if e.start > sent.start and doc[e.start - 1].lower_ == "the":
            continue  # "told the Sun", "in the Dow": a title or an index, not a person
        after = [x.lower_ for x in doc[e.end : sent.end]]
        personal = any(w in _PERSONAL for w in after) and not any(w in _IMPERSONAL for w in after[:8])
        inverted = e.start > sent.start and doc[e.start - 1].lower_ in ("said", "says")
        if not (personal or inverted):
            continue
        if ctx.known_non_person(t.text) or ctx.demonym(t.text) or ctx.place(t.text):
            continue
        out.append((Span(doc, e.start, e.end, label="PERSON"), "rules"))
    return out


# Head words that keep a name of common words an organisation ("WORKERS UNION", "STATE COUNCIL").
_BODY_WORDS = frozenset({"union", "league", "club", "party", "council", "association", "federation",
                         "ministry", "committee", "army", "university", "court", "church", "school",
                         "college", "hospital", "airport", "exchange", "board", "authority", "police",
                         "government", "parliament", "assembly", "institute", "service", "services",
                         "news", "commission", "office"})


def _common_word(lex: NerLexicons, word: str) -> bool:
    """An English noun, verb or function word (plural nouns too), per the model's own word index."""
    w = word.lower()
    return (w in STOP_WORDS or w in lex.nouns or w in lex.verbs
            or (w.endswith("s") and w[:-1] in lex.nouns) or (w.endswith("es") and w[:-2] in lex.nouns))


def _no_name_line(ctx: _Ctx, sent: Span) -> bool:
    """A line without a lower-case word: a headline, a term sheet ("FULL FEES 1.875 REOFFER 99.32")
    or the labels of a table of figures ("Operating Income 906 962"), where the model reads
    capitalised common words as organisations. Title-case lines of sports reports are left out:
    clubs there are named by common words ("Young Boys 9 1 0 8", "Start 20 3 3 14")."""
    if any(t.is_alpha and t.is_lower for t in sent):
        return False
    if all(t.is_upper or not t.is_alpha for t in sent):
        return True
    # a title-case line: figures, not the small numbers of standings, scores and places
    # ("Operating Income 906 962", not "Start 20 3 3 14" or "16. Jos Verstappen ... Arrows")
    return not _sports(ctx, sent) and not any(_SMALL_NUMBER.match(t.text) for t in sent)


def _sports(ctx: _Ctx, sent: Span) -> bool:
    """:func:`_is_sports` of a sentence, asked once per sentence (several steps ask it)."""
    key = (sent.start, sent.end)
    value = ctx._sports.get(key)
    if value is None:
        _, lowers = ctx.words(sent.doc)
        value = ctx._sports[key] = _is_sports(sent, ctx.lex, lowers)
    return value


def _common_words_org(ctx: _Ctx, span: Span) -> bool:
    """An organisation of the model made only of common words, none a place, a nationality or a
    body's head word: "MATURITY", "SELL CONC", "Working Capital" (checked on such lines only)."""
    lex = ctx.lex
    words = [t for t in span if t.is_alpha]
    if span.label_ != "ORG" or not words or all(len(t) == 1 for t in words):
        return False
    if ctx.known_org(span.text):
        return False
    if any(t.lower_ in _BODY_WORDS or t.lower_ in lex.org_suffixes for t in words):
        return False
    if not all(_common_word(lex, t.text) for t in words):
        return False
    return not any(ctx.place(t.text) or ctx.demonym(t.text.title()) for t in words if not t.is_stop)


def _common_noun_person(ctx: _Ctx, sent: Span, span: Span) -> bool:
    """A common noun opening a line, that the model calls a person: a table's label ("Extras ( lb-11
    w-1 ) 20", "Scorer : ...", "Qualifier vs. ...", "Forwards - ...") or a subject noun ("Garlic
    pills ..."). Surnames that are nouns too ("Hill ( 14-7 )", "Fox said") are followed by a
    figure, a bracketed country or a verb, and stay."""
    if span.label_ != "PERSON" or len(span) != 1 or span.start != sent.start or span.end >= sent.end:
        return False
    word = span[0].lower_
    nouns = ctx.lex.nouns
    if word in ctx.lex.given_names or not (word in nouns or (word.endswith("s") and word[:-1] in nouns)):
        return False
    nxt = sent.doc[span.end]
    after = sent.doc[span.end + 1] if span.end + 1 < sent.end else None
    return (nxt.text in (":", "-", "vs.", "vs", "v") or (nxt.is_lower and nxt.pos_ == "NOUN")
            or (nxt.text == "(" and after is not None and after.text[:1].islower()))


def _org_rules(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """Corporate last words, news-agency heads, and names of the organisation list."""
    doc = sent.doc
    out: list[Labelled] = []
    tagged = {(e.start, e.end) for e in spans}
    for e in spans:
        if e.label_ in _MAPPED and e.label_ != "ORG" and ctx.known_org(e.text):
            out.append((Span(doc, e.start, e.end, label="ORG"), "rules"))
    for r in ctx.runs(sent):
        if (r.start, r.end) not in tagged and ctx.known_org(r.text):
            taken = any(e.start < r.end and r.start < e.end for e in spans)
            if not taken:
                out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
                continue
        last = doc[r.end - 1].lower_.rstrip(".")
        nxt = doc[r.end] if r.end < sent.end else None
        if len(r) >= 2 and last in _CORP_SUFFIX and not ctx.place(r.text):
            # the model's name plus the suffix it left out ("Jeans Mate" + "Corp"), else the run
            start = next((e.start for e in spans if e.end == r.end - 1 and r.start <= e.start), r.start)
            out.append((Span(doc, start, r.end, label="ORG"), "rules"))
        elif nxt is not None and nxt.lower_ in ("news", "newspaper", "daily") and len(r) <= 3 \
                and not ctx.place(r.text) and not ctx.country(r.text) and not ctx.demonym(r.text):
            after = doc[r.end + 1].lower_ if r.end + 1 < sent.end else ""
            if nxt.lower_ != "news" or after == "agency":
                out.append((Span(doc, r.start, r.end, label="ORG"), "rules"))
    return out



def _acronyms(ctx: _Ctx, doc: Doc, ents: list[Labelled]) -> list[Labelled]:
    """"Kurdistan Democratic Party ( KDP )": the bracketed acronym, and its other mentions in the
    text, name the same organisation."""
    defined: set[str] = set()
    for sp, _ in ents:
        if (sp.label_ == "ORG" and sp.end + 2 < len(doc) and doc[sp.end].text == "("
                and doc[sp.end + 2].text == ")"):
            word = doc[sp.end + 1].text
            if word.isupper() and word.isalpha() and 2 <= len(word) <= 6:
                defined.add(word)
    if not defined:
        return []
    taken = {i for sp, _ in ents for i in range(sp.start, sp.end)}
    return [(Span(doc, t.i, t.i + 1, label="ORG"), "rules")
            for t in doc if t.text in defined and t.i not in taken]


def _datelines(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """"MOSCOW 1996-08-30", "LONGYEAR , Norway 1996-08-30", "MINNETONKA , Minn .": the place a
    story was filed from, a town in capitals opening the line (the model often tags only part of
    it, "KUALA" of "KUALA LUMPUR"), with its state or country."""
    doc = sent.doc
    if not (sent[0].text[:1].isupper() and sent[0].text.isupper()):  # (most sentences: no need for the runs)
        return []
    runs = ctx.runs(sent)
    if not runs or runs[0].start != sent.start or not runs[0].text.isupper():
        return []
    town = runs[0]
    after = sent.text[town.end_char - sent.start_char :]  # (doc.text would rebuild the whole text)
    dated = re.match(r"\s*(,\s*[A-Z][\w.]*(\s[A-Z][\w.]*)?\s*)?\d{4}\s?-\s?\d{1,2}\s?-\s?\d{1,2}", after)
    state = None
    if town.end + 1 < sent.end and doc[town.end].text == ",":
        word = doc[town.end + 1]
        if _cap(word) and _gz_admin(ctx.gazetteer, word.text.rstrip(".")) and town.end + 2 >= sent.end - 1:
            state = word  # "MONTGOMERY , Ala ." (a line of its own)
    if not dated and state is None:
        return []
    out: list[Labelled] = []
    if dated and (ctx.place(town.text) or dated.group(1)) or state is not None:
        if not any(e.start == town.start and e.end == town.end and e.label_ == "GPE" for e in spans):
            out.append((Span(doc, town.start, town.end, label="GPE"), "rules"))
    if state is not None:
        out.append((Span(doc, state.i, state.i + 1, label="GPE"), "rules"))
    return out


def _state_abbrevs(ctx: _Ctx, sent: Span, spans: list[Span]) -> list[Labelled]:
    """ "Patricia Smith , of Lees Summit , Mo .", "Akron , Ohio": a state after a town and a comma
    (abbreviated, it ends in a dot) is a place, whatever the model made of it."""
    doc = sent.doc
    places = {e.end for e in spans if e.label_ in ("GPE", "LOC")}
    out: list[Labelled] = []
    for t in sent[1:-1]:
        if t.text != "," or t.i not in places or t.i + 1 >= sent.end:
            continue
        word = doc[t.i + 1]
        dotted = word.text.endswith(".") or (word.i + 1 < sent.end and doc[word.i + 1].text == ".")
        if (_cap(word) and dotted and len(word.text.rstrip(".")) <= 5
                and _gz_admin(ctx.gazetteer, word.text.rstrip("."))):
            if not any(e.start == word.i and e.label_ == "GPE" for e in spans):
                out.append((Span(doc, word.i, word.i + 1, label="GPE"), "rules"))
    return out


def _gz_admin(gazetteer: Any, text: str) -> bool:
    """A state or province abbreviation ("Minn", "Ala", "N.M.") when the gazetteer knows them."""
    fn = getattr(gazetteer, "admin_area", None)
    return fn is not None and (fn(text) is not None or fn(text + ".") is not None)


# ------------------------------------------------------------------------------ sentences and lines


def _units(doc: Doc) -> list[tuple[Span, bool]]:
    """(span, is a table line): sentences, except that a line of a results table stays whole
    (the parser cuts "Bradford 1 Tranmere 0" in two). Only whole lines can be tables."""
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else []
    breaks = [t.i for t in doc if t.is_space and "\n" in t.text_with_ws] + [len(doc)]
    out: list[tuple[Span, bool]] = []
    start = k = 0
    for end in breaks:
        if end > start:
            line = doc[start:end]
            table = _is_table(line)
            if table or not sents:
                out.append((line, table))
            else:  # the sentences of this line, cut at the line's ends
                while k < len(sents) and sents[k].end <= start:
                    k += 1
                j = k
                while j < len(sents) and sents[j].start < end:
                    out.append((doc[max(sents[j].start, start) : min(sents[j].end, end)], False))
                    j += 1
        start = end + 1
    return out


# ------------------------------------------------------------------------------ entry point


def _overlay(base: list[Labelled], new: Iterable[Labelled],
             keep: Callable[[Labelled], bool]) -> list[Labelled]:
    """Put ``new`` spans over ``base``: an overlapped base span goes unless ``keep`` says so."""
    out = base  # (the same list back when nothing changes: the caller then need not re-read it)
    for sp, origin in new:
        clash = [x for x in out if x[0].start < sp.end and sp.start < x[0].end]
        if any(keep(x) for x in clash):
            continue
        if any((x[0].start, x[0].end, x[0].label_) == (sp.start, sp.end, sp.label_) for x in clash):
            continue
        out = [x for x in out if x not in clash]
        out.append((sp, origin))
    return out


def apply_context_rules(doc: Doc, ents: list[Labelled], *, gazetteer: Any, actors: Any,
                        lex: NerLexicons, memo: dict[tuple[str, str], bool] | None = None) -> list[Labelled]:
    """Correct labels and boundaries of ``ents`` (non-overlapping) from sentence context. ``memo``:
    the gazetteer and dictionary answers by text, to share between articles (the caller bounds it)."""
    ctx = _Ctx(gazetteer, actors, lex, _memo={} if memo is None else memo)
    words = ctx.words(doc)
    cleaned: list[Labelled] = [(p, o) for sp, o in ents for p in _clean(doc, sp, ctx.demonym, words)]
    return _apply(ctx, doc, cleaned)


def _apply(ctx: _Ctx, doc: Doc, cleaned: list[Labelled]) -> list[Labelled]:
    texts, _ = ctx.words(doc)

    def from_actors(x: Labelled) -> bool:
        return x[1] == "actors"

    for sent, table in _units(doc):
        s0, s1 = sent.start, sent.end

        def within(labelled: list[Labelled]) -> list[Span]:
            return [sp for sp, _ in labelled if s0 <= sp.start < s1]

        # Each rule reads the sentence's spans as the rules before it left them. ``_overlay`` gives
        # the same list back when a rule changed nothing (most rules on most sentences), and only
        # then are the spans not read again.
        spans = within(cleaned)
        first_name = table or sent[0].pos_ in ("PROPN", "")  # "" : no tagger ran
        if not spans and not (first_name and _cap(sent[0])) and not any(
                x[:1].isupper() and any(c.isalpha() for c in x) for x in texts[s0 + 1 : s1]):
            continue  # no name in the sentence (no capitalised word after the first): nothing to read
        text = sent.text
        places = _datelines(ctx, sent, spans) + (_state_abbrevs(ctx, sent, spans) if "," in text else [])
        if places:
            cleaned = _overlay(cleaned, places, from_actors)
            spans = within(cleaned)
        if table:
            new = _overlay(cleaned, _table_rules(ctx, sent, spans),
                           lambda x: from_actors(x) and x[0].label_ == "PERSON")
            if new is not cleaned:
                cleaned, spans = new, within(new)
        elif _is_headline(sent) and _sports(ctx, sent):
            new = _overlay(cleaned, _headline_rules(ctx, sent, spans), from_actors)
            if new is not cleaned:
                cleaned, spans = new, within(new)
            new = _overlay(cleaned, _events(ctx, sent, spans, True), from_actors)
            if new is not cleaned:
                cleaned, spans = new, within(new)
        else:
            sports = _sports(ctx, sent)
            if sports:
                cleaned = _overlay(cleaned, _sports_places(ctx, sent, spans), from_actors)
                # batting statistics, not the Reserve Bank of India: "had four RBI"
                cleaned = [x for x in cleaned if not (s0 <= x[0].start < s1 and len(x[0]) == 1
                                                      and x[0][0].lower_ in ("rbi", "rbis", "era"))]
                spans = within(cleaned)
            for rule in (_events, _teams):
                new = _overlay(cleaned, rule(ctx, sent, spans, sports), from_actors)
                if new is not cleaned:
                    cleaned, spans = new, within(new)
            for prose_rule in (_org_rules, _person_rules, _surname_orgs):
                new = _overlay(cleaned, prose_rule(ctx, sent, spans), from_actors)
                if new is not cleaned:
                    cleaned, spans = new, within(new)
        for any_rule in (_tie_winner, _name_country):
            new = _overlay(cleaned, any_rule(ctx, sent, spans), from_actors)
            if new is not cleaned:
                cleaned, spans = new, within(new)
        new = _overlay(cleaned, _list_persons(ctx, sent), from_actors)
        if new is not cleaned:
            cleaned, spans = new, within(new)
        names = _leading_role(ctx, spans) + (_bracket_clubs(ctx, sent, spans) if "(" in text else [])
        names += _joined_names(sent, spans)
        if names:
            cleaned = _overlay(cleaned, names, from_actors)
        spans = sorted((sp for sp, o in cleaned if s0 <= sp.start < s1 and o != "actors"),
                       key=lambda sp: sp.start)
        if spans and spans[0].start == s0 and _common_noun_person(ctx, sent, spans[0]):
            cleaned = [x for x in cleaned if x[1] == "actors" or x[0].start != s0]
        if spans and _no_name_line(ctx, sent):
            cleaned = [x for x in cleaned if x[1] == "actors" or not (s0 <= x[0].start < s1)
                       or not _common_words_org(ctx, x[0])]
    cleaned = _overlay(cleaned, _acronyms(ctx, doc, cleaned), from_actors)
    # a section label is no name: "SOCCER - ...", "BASEBALL - ..."
    cleaned = [x for x in cleaned if x[1] == "actors" or not all(t.lower_ in _SPORT_NAMES for t in x[0])]
    cleaned = [x for x in cleaned if x[1] == "actors" or not _not_org(x[0])]
    cleaned = [x for x in cleaned if x[1] == "actors" or not _lower_case_org(x[0])]
    cleaned = _with_home_town(ctx, sorted((_listed_org(ctx, x) for x in cleaned), key=lambda x: x[0].start))
    return sorted(cleaned, key=lambda x: x[0].start)


def _with_home_town(ctx: _Ctx, ents: list[Labelled]) -> list[Labelled]:
    """"the Florida Marlins", "the New York Yankees": a listed team's nickname takes in the place
    the model tagged apart just before it. (``ents`` sorted by start.)"""
    out: list[Labelled] = []
    for sp, origin in ents:
        prev = out[-1][0] if out else None
        if (prev is not None and sp.label_ == "ORG" and origin != "actors" and prev.end == sp.start
                and prev.label_ in ("GPE", "LOC", "ORG") and out[-1][1] != "actors"
                and ctx.known_org(sp.text) and ctx.place(prev.text)):
            out[-1] = (Span(sp.doc, prev.start, sp.end, label="ORG"), "rules")
            continue
        out.append((sp, origin))
    return out


def _lower_case_org(span: Span) -> bool:
    """"call-up", "runner-up", "warm-up": an organisation of the model with no capital letter and
    no body's head word is a common noun ("labour ministry", "the government" stay)."""
    return (span.label_ == "ORG" and not any(c.isupper() for c in span.text)
            and not any(t.lower_ in _BODY_WORDS or t.lower_ in _ORG_WORDS for t in span))


def _listed_org(ctx: _Ctx, x: Labelled) -> Labelled:
    """A name of the organisation list is an organisation in headlines and tables too ("PSV",
    "Galatasaray" the model calls a person); the prose rules (``_org_rules``) also find untagged ones."""
    sp, origin = x
    if origin == "actors" or sp.label_ not in ("PERSON", "GPE", "LOC", "NORP") or not ctx.known_org(sp.text):
        return x
    return Span(sp.doc, sp.start, sp.end, label="ORG"), "rules"
