"""Is this prospect an earlyvangelist: a first customer who wants it badly enough to take a risk?

Five criteria, each met by at least one dated piece of evidence: they have the
problem, they know it, they have budget, they already built a makeshift fix, and
they need it soon.

The flag needs at least four of the five, and the four must include budget and the
makeshift fix. Those two are deeds rather than feelings: money set aside and effort
already spent. A prospect who only hurts, knows and is in a hurry has told us how
they feel, which is exactly what we should not take on trust.
"""

from __future__ import annotations

from datetime import date

from .describe import day, either
from .history import Criterion, Evidence, ProspectHistory
from .results import Earlyvangelist, Reason

FLAG_AT = 4
MUST_HAVE = (Criterion.HAS_BUDGET, Criterion.MAKESHIFT_SOLUTION)
_CRITERIA = tuple(Criterion)
_MEANING = {
    Criterion.HAS_PROBLEM: "has the problem",
    Criterion.KNOWS_PROBLEM: "knows they have it",
    Criterion.HAS_BUDGET: "has budget for it",
    Criterion.MAKESHIFT_SOLUTION: "built a makeshift solution",
    Criterion.URGENCY: "needs it solved soon",
}
# The same, after "they": "no evidence yet that they have the problem or need it solved soon".
_THEY = {
    Criterion.HAS_PROBLEM: "have the problem",
    Criterion.KNOWS_PROBLEM: "know they have it",
    Criterion.HAS_BUDGET: "have budget for it",
    Criterion.MAKESHIFT_SOLUTION: "built a makeshift solution",
    Criterion.URGENCY: "need it solved soon",
}


def earlyvangelist(history: ProspectHistory, today: date, *, explain: bool = True) -> Earlyvangelist:
    """The criteria met and the flag; with `explain=False` no reasons are written (a store of
    verdicts keeps none, and a refresh judges every lead of a workspace)."""
    # Evidence dated after ``today`` is left out, so that assessing a lead as of a past
    # day shows what was known on that day.
    first: dict[Criterion, Evidence] = {}
    for item in history.evidence:
        if item.on > today:
            continue
        known = first.get(item.criterion)
        if known is None or item.on < known.on:
            first[item.criterion] = item
    met = tuple(c for c in _CRITERIA if c in first)
    missing = tuple(c for c in _CRITERIA if c not in first)
    flag = len(met) >= FLAG_AT and all(c in first for c in MUST_HAVE)
    if not explain:
        return Earlyvangelist(round(len(met) / len(_CRITERIA), 2), flag, met, missing, ())
    reasons = [Reason(_cited(c, first[c]), first[c].on) for c in met]
    if missing:
        lacking = either([_THEY[c] for c in missing])
        reasons.append(Reason(f"No evidence yet that they {lacking}."))
    return Earlyvangelist(round(len(met) / len(_CRITERIA), 2), flag, met, missing, tuple(reasons))


def _cited(criterion: Criterion, evidence: Evidence) -> str:
    note = f": {evidence.note.rstrip(' .')}" if evidence.note.rstrip(" .") else ""
    return f"{_MEANING[criterion].capitalize()} (noted {day(evidence.on)}){note}."
