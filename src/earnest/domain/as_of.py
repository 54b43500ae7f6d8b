"""A history as it stood on a given day: what happened later is not known yet.

Judging a lead "as of" a past day (`earnest --today`, a review of last quarter) must not
use a fulfilment recorded the week after, and a date typed in the future must not steer
today's advice. Most histories hold nothing after today, so they pass through untouched.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .history import Commitment, CommitmentStatus, ProspectHistory


def _has_future(history: ProspectHistory, today: date) -> bool:
    for c in history.commitments:
        if (
            c.asked_on > today
            or (c.answered_on is not None and c.answered_on > today)
            or (c.closed_on is not None and c.closed_on > today)
        ):
            return True
    if any(cv.on > today for cv in history.conversations):
        return True
    if any(s.created_on > today or (s.done_on is not None and s.done_on > today) for s in history.next_steps):
        return True
    if any(e.on > today for e in history.evidence):
        return True
    return (
        (history.closure is not None and history.closure.on > today)
        or (history.parking is not None and history.parking.on > today)
        or (history.classified_on is not None and history.classified_on > today)
    )


def _commitment_then(c: Commitment, today: date) -> Commitment:
    if c.answered_on is not None and c.answered_on > today:
        return replace(c, status=CommitmentStatus.ASKED, answered_on=None, closed_on=None)
    if c.closed_on is not None and c.closed_on > today:
        return replace(c, status=CommitmentStatus.AGREED, closed_on=None)
    return c


def as_of(history: ProspectHistory, today: date) -> ProspectHistory:
    if not _has_future(history, today):
        return history
    later_classified = history.classified_on is not None and history.classified_on > today
    return replace(
        history,
        commitments=tuple(_commitment_then(c, today) for c in history.commitments if c.asked_on <= today),
        conversations=tuple(cv for cv in history.conversations if cv.on <= today),
        next_steps=tuple(
            replace(s, result=None, done_on=None) if s.done_on is not None and s.done_on > today else s
            for s in history.next_steps
            if s.created_on <= today
        ),
        evidence=tuple(e for e in history.evidence if e.on <= today),
        closure=history.closure if history.closure is None or history.closure.on <= today else None,
        parking=history.parking if history.parking is None or history.parking.on <= today else None,
        classification=None if later_classified else history.classification,
        classified_on=None if later_classified else history.classified_on,
    )
