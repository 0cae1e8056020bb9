"""Definition cues for the lexical head: who was hurt, and whether two armed sides fought.

ACLED's definitions turn on the victim, not the verb: an *armed clash* is two armed, organised sides
fighting (gunmen shooting a police officer or a soldier counts), an *attack* is violence on civilians or
other unarmed people. A bag of words sees "gunmen", "shot", "officer" either way; these cues look at the
words right after a violent verb (its object) or right before a passive one ("a policeman was shot") and
say whether that victim is armed or civilian. They are features the regression learns weights for from
the user's labels, never rules: the lexical head uses them once a user's thousands of texts can weigh
them (``engine.LexicalFeatures``).
"""

from __future__ import annotations

import re

__all__ = ["definition_cues"]

_ARMED = (r"(?:police\w*|policem[ae]n|officers?|soldiers?|fighters?|militants?|militiam[ae]n|militias?|"
          r"troops|army|guards?|commanders?|gunm[ae]n|rebels?|members? of (?:the )?[A-Z]\w+|gang members?|"
          r"insurgents?|combatants?|agents?|personnel|forces?)")
_CIVILIAN = (r"(?:civilians?|wom[ae]n|m[ae]n|child(?:ren)?|boys?|girls?|farmers?|teachers?|traders?|"
             r"residents?|villagers?|worshippers?|students?|journalists?|persons?|people|family|families|"
             r"herders?|shepherds?|motorists?|passengers?|driver|elder(?:ly)?|activists?|leaders?)")
_VIOLENT = (r"(?:killed|shot(?: dead)?|attacked|wounded|injured|stabbed|beat(?:en)?|assaulted|abducted|"
            r"kidnapped|lynched|hacked|ambushed|targeted|opened fire (?:on|at)|fired (?:on|at))")
# Between the verb and the victim: "and wounded", "dead", numbers, articles, names and possessives.
_FILL = r"(?:\s+(?:and\s+\w+|dead|\d+|a|an|the|two|three|several|one|local|[A-Z]\w*'?s?|\w+'s))*\s+(?:\w+\s+)?"
_PASSIVE = r"\s+(?:\w+\s+){0,3}(?:was|were)\s+(?:\w+ly\s+)?" + _VIOLENT

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("victim_armed", re.compile(_VIOLENT + _FILL + _ARMED + r"\b")),
    ("victim_civilian", re.compile(_VIOLENT + _FILL + _CIVILIAN + r"\b")),
    ("victim_armed", re.compile(r"\b" + _ARMED + _PASSIVE, re.I)),
    ("victim_civilian", re.compile(r"\b" + _CIVILIAN + _PASSIVE, re.I)),
    ("two_sided", re.compile(r"\b(?:clash(?:ed|es)?|exchanged? (?:of )?fire|fought|firefight|gun ?battle|"
                             r"engaged)\b", re.I)),
)


def definition_cues(text: str) -> list[str]:
    """The cue names found in ``text`` (each at most once)."""
    return sorted({name for name, pattern in _CUES if pattern.search(text)})
