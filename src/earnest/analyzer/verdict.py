"""Signals -> the conversation's verdict, and a 0..1 score of how strongly it shows commitment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .result import AnalysisResult, Signal

_ADVANCING = ("commitment", "next_step")
# How much one signal of each currency says: money > reputation > time.
_CURRENCY_WEIGHT = {"money": 0.95, "reputation": 0.85, "time": 0.75}
# A later no undoes a dated step only when it calls off the step itself (or all contact).
_CALLS_OFF = re.compile(
    r"\b(?:cancel\w*|call(?:ed|ing)? (?:it |the \w+ )?off|postpon\w*|no need to meet"
    r"|(?:won't|will not|can't|cannot|not) (?:be )?(?:meet|meeting|join|joining|attend|attending|make it)"
    r"|unsubscribe|remove me|stop (?:emailing|contacting)|don't contact)",
    re.IGNORECASE,
)
_SOFT_WEIGHT = {"next_step": 0.7, "budget": 0.25, "problem": 0.15, "workaround": 0.2}


@dataclass(frozen=True)
class Scored:
    """A signal (or None: a sentence that showed nothing) with the model's confidence in it."""

    signal: Signal | None
    confidence: float


def _weight(signal: Signal) -> float:
    if signal.kind == "commitment":
        weight = max(_CURRENCY_WEIGHT[c] for c in signal.currencies) if signal.currencies else 0.75
        return min(1.0, weight + 0.03 * bool(signal.amount) + 0.03 * bool(signal.due))
    dated = 0.1 if signal.due and signal.kind == "next_step" else 0.0
    return _SOFT_WEIGHT.get(signal.kind, 0.0) + dated


def verdict_of(signals: Sequence[Signal]) -> str:
    """advanced > rejected > hedged > complimented > no_next_step, with one exception in time.

    A later rejection undoes an earlier advance, except a dated step with the prospect (a next
    step or commitment with a due date): "we won't be buying anything this year" after "demo
    booked for Thursday 2pm" is an objection about timing while the meeting stands. Only a no that
    calls the step off ("cancel the demo", "we won't meet") undoes a dated step.
    """
    kinds = [s.kind for s in signals]
    last_advance = max((i for i, k in enumerate(kinds) if k in _ADVANCING), default=-1)
    last_rejection = max((i for i, k in enumerate(kinds) if k == "rejection"), default=-1)
    last_dated = max((i for i, s in enumerate(signals) if s.kind in _ADVANCING and s.due), default=-1)
    last_call_off = max(
        (i for i, s in enumerate(signals) if s.kind == "rejection" and _CALLS_OFF.search(s.text)), default=-1
    )
    if last_advance >= 0 and last_advance > last_rejection:
        return "advanced"
    if last_dated >= 0 and last_dated > last_call_off:
        return "advanced"
    if last_rejection >= 0:
        return "rejected"
    if any(k in ("hedge", "objection", "no_budget") for k in kinds):
        return "hedged"
    if any(k in ("compliment", "fluff") for k in kinds):
        return "complimented"
    return "no_next_step"


def score_and_verdict(scored: Sequence[Scored]) -> AnalysisResult:
    """Verdict, and a score that only advancing signals can raise far.

    Advancing signals (commitments, next steps) combine as independent evidence: two real
    commitments say more than one. Everything else counts once, by its strongest item, so a long
    text of small talk or problems stays low however many sentences it has.
    """
    signals = tuple(s.signal for s in scored if s.signal is not None)
    doubt = 1.0
    soft = 0.0
    for item in scored:
        if item.signal is None:
            soft = max(soft, 0.3 * item.confidence)  # below threshold, still a little evidence
        elif item.signal.kind in _ADVANCING:
            doubt *= 1.0 - _weight(item.signal) * item.confidence
        else:
            soft = max(soft, _weight(item.signal) * item.confidence)
    evidence = 1.0 - doubt * (1.0 - soft)
    verdict = verdict_of(signals)
    if verdict == "rejected":
        evidence *= 0.3
    elif verdict in ("hedged", "complimented"):
        evidence *= 0.8
    return AnalysisResult(verdict, round(min(1.0, max(0.0, evidence)), 4), signals)
