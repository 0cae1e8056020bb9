"""Where an event happened: the place index and the rules that pick an event's place.

Split from :mod:`.roles` (which re-exports the public names): :class:`PlaceIndex` maps tokens to
the doc's resolved places, :func:`event_location` picks the place of a trigger's event from its
locative phrases, :func:`clause_place` a place the sentence says something happened at, and
:func:`argument_tokens` the part of an argument phrase that names the party itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..records import Place

__all__ = ["PlaceIndex", "argument_tokens", "clause_place", "event_location"]

_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout",
                             "within", "off", "along", "over", "on", "through"})


class PlaceIndex:
    """Token -> Place for the doc's resolved place mentions."""

    def __init__(self, doc: Doc) -> None:
        self._by_token: dict[int, Place] = {}
        for place in doc._.places:
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self._by_token.setdefault(tok.i, place)

    def at(self, token: Token) -> Place | None:
        return self._by_token.get(token.i)

    def in_span(self, span: Span) -> list[tuple[Token, Place]]:
        out: list[tuple[Token, Place]] = []
        seen: set[int] = set()
        for tok in span:
            place = self._by_token.get(tok.i)
            if place is not None and id(place) not in seen:
                seen.add(id(place))
                out.append((tok, place))
        return out

    def __bool__(self) -> bool:
        return bool(self._by_token)


def _ancestors_chain(token: Token, limit: int = 4) -> list[Token]:
    chain = [token]
    cur = token
    while cur.head.i != cur.i and len(chain) <= limit:
        cur = cur.head
        chain.append(cur)
    return chain


def _outer_prep_head(tok: Token) -> Token | None:
    """The head of the preposition governing the noun that governs ``tok``'s preposition."""
    head = _prep_head(tok)
    return _prep_head(head) if head is not None and head.pos_ in ("NOUN", "PROPN") else None


def _nearest_in_chain(candidates: Sequence[tuple[Token, Place]], chain: Sequence[Token],
                      head_of: Callable[[Token], Token | None]) -> Place | None:
    """The candidate whose ``head_of`` token comes first in the clause chain, if any does."""
    order = {t.i: rank for rank, t in reversed(list(enumerate(chain)))}
    best: tuple[int, Place] | None = None
    for tok, place in candidates:
        head = head_of(tok)
        if head is not None and head.i in order and (best is None or order[head.i] < best[0]):
            best = (order[head.i], place)
    return best[1] if best is not None else None


def _prep_head(token: Token) -> Token | None:
    """For a place token, the word its locative preposition attaches to ("attack *in* Kabul")."""
    cur = token
    # climb over compound/appos/conj: "in Almaty, Kazakhstan"
    while cur.dep_ in ("compound", "appos", "conj", "amod") and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ == "pobj" and cur.head.dep_ == "prep" and cur.head.lower_ in _LOCATION_PREPS:
        return cur.head.head
    return None


def _in_phrase(tok: Token, head: Token, *, max_steps: int = 5) -> bool:
    """``tok`` hangs below ``head`` through nominal modifiers only ("gathering of the CSTO in ...")."""
    cur = tok
    for _ in range(max_steps):
        if cur.i == head.i:
            return True
        if cur.dep_ not in ("prep", "pobj", "appos", "compound", "nmod") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return cur.i == head.i


def event_location(trigger: Token, places: PlaceIndex, *, exclude: set[int] = frozenset(),  # type: ignore[assignment]
                   role_tokens: Iterable[Token] = (), place_roles: Iterable[Token] | None = None) -> Place | None:
    """Where the event happened: a locative phrase on the trigger or its clause, else a clause-level place.

    ``exclude`` holds token indices of the event's source arguments: a place that names the doer
    ("Russia attacked ...") is not where the event happened. ``place_roles`` (default: all of
    ``role_tokens``) are the arguments that, when they are places, are where it happened
    ("shelled Kharkiv"; not "accused Pakistan").
    """
    role_tokens = list(role_tokens)
    place_roles = role_tokens if place_roles is None else list(place_roles)
    if not places:
        return None
    sent = trigger.sent
    chain = _ancestors_chain(trigger)
    candidates = [(tok, place) for tok, place in places.in_span(sent) if tok.i not in exclude]
    if not candidates:
        return None
    # A nominal trigger modified by a place: "the Kabul bombing".
    for tok, place in candidates:
        if tok.head.i == trigger.i and tok.dep_ in ("compound", "amod"):
            return place
    # A place that is itself the target: "shelled Kharkiv", "visited Paris".
    roles_direct = {t.i for t in place_roles}
    for tok, place in candidates:
        if tok.i in roles_direct or (tok.dep_ == "compound" and tok.head.i in roles_direct
                                     and places.at(tok.head) is place):
            return place
    found = _nearest_in_chain(candidates, chain, _prep_head)
    if found is not None:
        return found
    # A place inside a locative phrase of the clause: "exploded outside a police station *in* X",
    # "fighting at a checkpoint *near* X".
    found = _nearest_in_chain(candidates, chain, _outer_prep_head)
    if found is not None:
        return found
    # A locative phrase inside the trigger's own phrase: "a gathering of the CSTO in Almaty".
    if trigger.pos_ in ("NOUN", "PROPN"):
        for tok, place in candidates:
            head = _prep_head(tok)
            if head is not None and head.pos_ in ("NOUN", "PROPN") and _in_phrase(head, trigger):
                return place
    # Fallback: a place on one of the event's own arguments ("militants near Kandahar"); a place on
    # some other noun ("groups in Afghanistan") does not say where this event happened.
    roles = {t.i for t in role_tokens}
    for tok, place in candidates:
        head = _prep_head(tok)
        if head is not None and head.i in roles:
            return place
    return None


def argument_tokens(tok: Token) -> set[int]:
    """Token indices of the argument phrase headed by ``tok`` that name the party itself: its
    subtree without the locative phrases and clauses hanging on it. In "teachers *in Bamako* staged
    a protest" or "citizens *protested in X*" (a main verb read as a participle), the place says
    where the event happened; in "Russian forces" or "the Kabul government" it names the party."""
    out = {t.i for t in tok.subtree}
    for t in tok.subtree:
        if t.i == tok.i:
            continue
        if (t.dep_ == "prep" and t.lower_ in _LOCATION_PREPS - {"on", "over"}) or (
                t.dep_ in ("acl", "relcl") and t.pos_ in ("VERB", "AUX")):
            out.difference_update(u.i for u in t.subtree)
    return out


def clause_place(sent: Span, places: PlaceIndex, *, exclude: Iterable[Token] = ()) -> Place | None:
    """A place the sentence says something happened at, for an event whose own phrase names none
    (terse reports: "On 3 May, two groups clashed over a dispute *in Pakdi area of Ballia district*").

    The first place inside a locative phrase ("in/at/near X") that is not part of an excluded
    argument (the doer: "Russia", "Houthi forces"); else None.
    """
    skip: set[int] = set()
    for tok in exclude:
        skip.update(argument_tokens(tok))
    found = [place for tok, place in places.in_span(sent) if tok.i not in skip and _locative(tok)]
    # The most specific place first: "protesters from the movement in Lebanon marched in X" happened in X.
    specific = [p for p in found if not (p.feature_code or "").startswith("PCL")]
    return (specific or found or [None])[0]


def _locative(tok: Token) -> bool:
    """``tok`` sits in a locative phrase, possibly nested in "of" phrases ("in Pakdi area *of Ballia*")."""
    cur = tok
    for _ in range(8):
        if _prep_head(cur) is not None:
            return True
        while cur.dep_ in ("compound", "appos", "conj", "amod") and cur.head.i != cur.i:
            cur = cur.head
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.pos_ in ("NOUN", "PROPN"):
            cur = cur.head.head
            continue
        return False
    return False
