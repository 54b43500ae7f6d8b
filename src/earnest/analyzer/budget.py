"""Whether a sentence says there is a budget, says there is none, or only mentions one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Stance = Literal["yes", "no", "open"]

# Words that deny a budget when they follow its cue: "budget: none", "budget is zero", "budget is
# $0", "the budget was frozen". The negation cues ("not", "n't", "no", "nothing") count too.
_NONE_AFTER = frozenset({"none", "zero", "nil", "nada", "nope", "0", "frozen", "freeze"})
# Where a clause ends a negation stops reaching: "No, budget is approved", "budget, not price".
_CLAUSE_BREAKS = frozenset(
    {",", ";", ".", "!", "and", "but", "so", "because", "though", "although", "while", "whereas"}
)
# A negation about something else: "budget isn't a problem", "no concerns about budget" say the
# money is fine, so the model decides as if there were no negation.
_REASSURING = frozenset(
    {
        "problem",
        "issue",
        "concern",
        "object",
        "obstacle",
        "blocker",
        "constraint",
        "worry",
        "worried",
        "doubt",
        "factor",
        "question",
    }
)
# A negation of knowing or talking: "not sure about budget", "budget wasn't discussed" show
# neither a budget nor its absence.
_UNKNOWING = frozenset(
    {
        "sure",
        "know",
        "known",
        "idea",
        "discuss",
        "discussed",
        "mention",
        "mentioned",
        "decide",
        "decided",
        "clear",
        "confirm",
        "confirmed",
        "tell",
        "told",
        "say",
        "said",
        "ask",
        "asked",
        "talk",
        "raise",
        "raised",
    }
)
# Cues that say when or through whom money moves, not that it exists: "no budget until the new
# fiscal year" denies the budget; the fiscal year beside it does not bring one back.
_SETTING = frozenset({"fiscal year", "procurement", "cost center"})
_BEFORE = 4  # a negation up to this many words before the cue: "we don't have any budget"
_AFTER = 5  # a denial up to this many words after it: "the budget for this isn't approved"


def budget_stance(lemmas: Sequence[str], hits: Sequence[tuple[str, int, int]], has_money: bool) -> Stance | None:
    """ "yes", "no" or "open" (mentioned, nothing shown) for a sentence; None without a budget cue.

    One cue that stands un-negated makes it "yes" for the model to confirm; "no" needs every
    budget cue denied. A question without an amount ("do you have budget?") is "open".
    """
    words = [w.lower() for w in lemmas]
    cues = [(start, end) for cue, start, end in hits if cue == "budget"]
    if not cues:
        return None
    cues = [(s, e) for s, e in cues if " ".join(words[s:e]) not in _SETTING] or cues
    if words and words[-1] == "?" and not has_money:
        return "open"
    negations = [start for cue, start, _ in hits if cue == "negation"]
    stances = [_cue_stance(words, start, end, negations) for start, end in cues]
    if "yes" in stances:
        return "yes"
    return "no" if "no" in stances else "open"


def _cue_stance(words: list[str], start: int, end: int, negations: list[int]) -> Stance:
    denials = [n for n in negations if 0 < start - n <= _BEFORE]
    denials += [n for n in range(end, min(len(words), end + _AFTER)) if n in negations or words[n] in _NONE_AFTER]
    found: Stance = "yes"
    for n in denials:
        # the words from the negation to the cue and the few after the later of the two, in
        # one clause
        left, right = (n, start) if n < start else (end, n)
        if _CLAUSE_BREAKS & set(words[left:right]):
            continue
        tail = words[right : right + 4]
        breaks = [i for i, w in enumerate(tail) if w in _CLAUSE_BREAKS]
        context = set(words[left:right]) | set(tail[: breaks[0]] if breaks else tail)
        if context & _REASSURING:
            continue
        if context & _UNKNOWING:
            found = "open"
            continue
        return "no"
    return found
