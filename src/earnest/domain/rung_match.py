"""Which rung of a ladder a commitment written in notes stands on, from the rungs' cue phrases.

A cue is a few slots separated by spaces; each slot lists word beginnings separated by "|".
The cue fits a text when each slot starts a different word of it, in any order, since notes say
"paid the pilot invoice" as often as "pilot invoice paid": the cue
"introduc|intro|loop cfo|ceo|boss" fits "introduced me to Raj, their CFO". The cue with the most
slots wins, so "paid pilot" beats "pilot"; between rungs whose best cues tie, the one with more
fitting cues wins (more of its words are there), and then the lower rung, since claiming less
than was given is the smaller mistake. A cue that starts with "$" fits only a commitment that
involves money ("$pilot": a pilot is a paid pilot only when money is named). No fit means no
rung: a wrong rung would move the lead on the ladder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .currencies import Currency
from .ladders import Ladder, Rung

_WORD = re.compile(r"[a-z0-9][a-z0-9'&-]*")


MONEY_MARK = "$"


@lru_cache(maxsize=4096)
def _slots(cue: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(alt for alt in slot.split("|") if alt) for slot in cue.lstrip(MONEY_MARK).split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def cue_fits(cue: str, words: Sequence[str]) -> bool:
    """True when each slot of `cue` starts a different word of `words`."""
    used: set[int] = set()
    for slot in _slots(cue):
        at = next((i for i, w in enumerate(words) if i not in used and w.startswith(slot)), None)
        if at is None:
            return False
        used.add(at)
    return True


def rung_for(text: str, ladder: Ladder, currencies: Iterable[str | Currency] = (), *,
             amount: bool = False) -> Rung | None:
    """The rung of `ladder` that the commitment described by `text` fits, or None."""
    words = _words(text)
    if not words:
        return None
    money = amount or "money" in {c.label if isinstance(c, Currency) else str(c).lower() for c in currencies}
    best: tuple[int, int, int] | None = None
    found: Rung | None = None
    for position, rung in enumerate(ladder.rungs):
        # named money makes a money cue the more specific reading
        fitting = [len(_slots(cue)) + cue.startswith(MONEY_MARK) for cue in rung.cues
                   if (money or not cue.startswith(MONEY_MARK)) and cue_fits(cue, words)]
        if fitting:
            score = (max(fitting), len(fitting), -position)
            if best is None or score > best:
                best, found = score, rung
    return found
