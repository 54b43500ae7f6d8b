"""Which rung of a ladder a commitment written in notes stands on, from the rungs' cue phrases.

A cue is a few slots separated by spaces; each slot lists word beginnings separated by "|".
The cue fits a text when each slot starts a different word of it, in any order, since notes say
"paid the pilot invoice" as often as "pilot invoice paid": the cue
"introduc|intro|loop cfo|ceo|boss" fits "introduced me to Raj, their CFO". The cue with the most
slots wins, so "paid pilot" beats "pilot"; between rungs whose best cues tie, the one with more
fitting cues wins (more of its words are there), and then the lower rung, since claiming less
than was given is the smaller mistake. A cue that starts with "$" fits only a commitment that
involves money ("$pilot": a pilot is a paid pilot only when money is named).

For the built-in ladders a learned model (rung_model) reads words the cues never listed, and its
probabilities decide, the cues adding a little; a longer cue that says all a shorter one says
and more still narrows the choice. Your own ladders are matched by their cues alone. No fit, or
a model that is unsure, means no rung: a wrong rung would move the lead on the ladder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .currencies import Currency
from .ladders import Ladder, Rung
from .rung_model import NO_RUNG, shipped_rung_models

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


# What a fitting cue adds to the learned model's probability of its rung, per slot of the cue: a
# long cue ("introduced ... CFO") is strong evidence, a one-word cue a hint the model may overrule.
CUE_WEIGHT = 0.08
# Without any fitting cue the model alone must be this sure; below it, no rung.
MODEL_ALONE = 0.4


def _money(currencies: Iterable[str | Currency], amount: bool) -> bool:
    return amount or "money" in {c.label if isinstance(c, Currency) else str(c).lower() for c in currencies}


def _cue_fits(words: Sequence[str], ladder: Ladder, money: bool) -> dict[str, tuple[int, int]]:
    """Per rung whose cues fit `words`: (slots of its longest fitting cue, how many of its cues fit)."""
    out: dict[str, tuple[int, int]] = {}
    for rung in ladder.rungs:
        # named money makes a money cue the more specific reading
        cues = [cue for cue in rung.cues if (money or not cue.startswith(MONEY_MARK)) and cue_fits(cue, words)]
        if _denied(rung, words):
            cues = [cue for cue in cues if len(_slots(cue)) >= 2]
        fitting = [len(_slots(cue)) + cue.startswith(MONEY_MARK) for cue in cues]
        if fitting:
            out[rung.key] = (max(fitting), len(fitting))
    return out


def _denied(rung: Rung, words: Sequence[str]) -> bool:
    """Whether one of the rung's not_cues fits: "send the deck" is no project data."""
    return any(cue_fits(cue, words) for cue in rung.not_cues)


def rung_for(
    text: str, ladder: Ladder, currencies: Iterable[str | Currency] = (), *, amount: bool = False
) -> Rung | None:
    """The rung of `ladder` that the commitment described by `text` fits, or None.

    The cues decide for ladders the learned model does not know; for the built-in ones
    (rung_model) the model's probabilities decide, each rung whose cues fit getting CUE_WEIGHT
    more per slot of its longest cue. A rung that takes money needs money named, or a cue of its
    own that fits, so "run a pilot" never becomes a paid one."""
    money = _money(currencies, amount)
    words = _words(text)  # read once for every cue of every rung
    fits = _cue_fits(words, ladder, money)
    model = shipped_rung_models().get(ladder.key)
    rungs = {r.key: r for r in ladder.rungs}
    if model is None:
        return _best_cue(fits, ladder)
    # a rung that takes money needs money named or its own cue; one that a kind of finding shows
    # (an admitted problem) is found by that finding or its cues, never guessed from other words,
    # and so is one marked cues_only
    allowed = [
        k
        for k, r in rungs.items()
        if k in fits
        or (
            (money or Currency.MONEY not in r.currencies)
            and not r.shown_by
            and not r.cues_only
            and not _denied(r, words)
        )
    ]
    # one reading over every rung: the allowed ones share its probability, and its favourite says
    # whether the model wanted a rung these words may not have
    every = model.probabilities(text, model.classes)
    kept = {k: p for k, p in every.items() if k in allowed or k == NO_RUNG}
    total = sum(kept.values()) or 1.0
    chances = {k: p / total for k, p in kept.items()}
    for key, (slots, _) in fits.items():
        chances[key] = chances.get(key, 0.0) + CUE_WEIGHT * slots
    best = max(chances, key=lambda k: chances[k], default=NO_RUNG)
    barred = max(every, key=lambda k: every[k], default=NO_RUNG) not in kept
    if fits and best not in fits and barred:
        # the model's favourite was a money rung with no money named ("agreed to a pilot"): the rung
        # a cue names ("pilot": an evaluation) inherits it, not whatever "agreed" most often was
        best = max(fits, key=lambda k: chances[k])
    if not fits and chances.get(best, 0.0) < MODEL_ALONE:
        return None
    if best in fits:
        best = _narrowed(best, words, ladder, money) or best
    return rungs.get(best)


def _narrowed(key: str, words: Sequence[str], ladder: Ladder, money: bool) -> str | None:
    """Another rung whose fitting cue says all that a fitting cue of `key` says and more:
    "introduc ... cfo|ceo" narrows "introduc", so an introduction to the CFO is to the decision maker."""

    def fitting(rung: Rung) -> list[set[tuple[str, ...]]]:
        return [set(_slots(c)) for c in rung.cues if (money or not c.startswith(MONEY_MARK)) and cue_fits(c, words)]

    mine = next((fitting(r) for r in ladder.rungs if r.key == key), [])
    for rung in ladder.rungs:
        if rung.key != key and any(theirs > ours for theirs in fitting(rung) for ours in mine):
            return rung.key
    return None


def cue_rung(
    text: str, ladder: Ladder, currencies: Iterable[str | Currency] = (), *, amount: bool = False
) -> Rung | None:
    """The rung whose cues fit `text` best, or None: the longest cue, then the most cues, then the
    lower rung, since claiming less than was given is the smaller mistake."""
    return _best_cue(_cue_fits(_words(text), ladder, _money(currencies, amount)), ladder)


def _best_cue(fits: dict[str, tuple[int, int]], ladder: Ladder) -> Rung | None:
    ranked = [(fits[r.key], -i, r) for i, r in enumerate(ladder.rungs) if r.key in fits]
    return max(ranked, key=lambda x: (x[0], x[1]))[2] if ranked else None
