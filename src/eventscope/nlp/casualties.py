"""Casualty counts a sentence states ("killing 12", "two dead and 14 wounded", number words).

Plain regular expressions over text, no spaCy: the events stage reads them for violent, protest
and coercive events; kept apart so they can be read and tested on their own.
"""

from __future__ import annotations

import re

__all__ = ["casualties"]


_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_NUMWORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred|dozens|hundreds)"
_NUM = rf"(?:(?:at least|some|about|around|more than|over|nearly|almost|up to|as many as)\s+)?(\d[\d,]*|{_NUMWORD})"
_NOUNS = r"(?:\s+(?:[A-Za-z-]+\s+){0,2}?(?:people|persons?|civilians|soldiers|troops|police(?:men)?|officers|militants|fighters|protesters|demonstrators|children|women|men|others|members|workers|students|residents|villagers|pilgrims|worshippers|insurgents|rebels|guards|personnel|policemen|servicemen))?"
_KILL = r"(?:killed|dead|died|slain|lost their lives|perished|deaths?|fatalities)"
_HURT = r"(?:injured|wounded|hurt|injuries)"
_AUX = r"(?:\s+(?:were|was|have been|had been|are|being|have|had|reportedly|also|)\s*){0,2}"


def _num(text: str) -> int | None:
    t = text.lower().replace(",", "").strip()
    if t.isdigit():
        return int(t)
    if t in ("a dozen",):
        return 12
    if t in ("a hundred",):
        return 100
    if t in ("dozens", "hundreds"):
        return None
    parts = re.split(r"[- ]", t)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _UNITS.get(t)


def _count(sentence: str, *, kill: bool) -> int | None:
    word = _KILL if kill else _HURT
    verbs = r"(?:killing|killed|kills|claiming)" if kill else r"(?:injuring|wounding|injured|wounded|injures|wounds)"
    patterns = [
        rf"\b{_NUM}{_NOUNS}{_AUX}\s*{word}\b",  # "at least five people were killed", "two dead"
        rf"\b{verbs}\s+{_NUM}\b",  # "killing 12", "wounding at least three"
    ]
    if kill:
        patterns.append(rf"\btoll\s+(?:\w+\s+){{0,3}}?(?:to|at|of)\s+{_NUM}\b")  # "death toll rose to 20"
    for pat in patterns:
        for m in re.finditer(pat, sentence, flags=re.IGNORECASE):
            value = _num(m.group(1))
            if value is not None:
                return value
    return None


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, injured) stated in a sentence: "killing 12", "two dead and 14 wounded", number words."""
    return _count(sentence, kill=True), _count(sentence, kill=False)
