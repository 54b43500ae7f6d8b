"""The life of one commitment: asked, then agreed or declined, then fulfilled or broken.

A promise with a date that passes unkept is broken whether or not anyone wrote that
down, so the rules read the *effective* status, computed against an injected ``today``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from .currencies import Currency
from .errors import DomainError
from .history import Commitment, CommitmentStatus

Status = CommitmentStatus

# Every move the lifecycle allows; anything else is a mistake the user should hear about.
_NEXT: dict[CommitmentStatus, frozenset[CommitmentStatus]] = {
    Status.ASKED: frozenset({Status.AGREED, Status.DECLINED}),
    Status.AGREED: frozenset({Status.FULFILLED, Status.BROKEN}),
    Status.DECLINED: frozenset(),
    Status.FULFILLED: frozenset(),
    Status.BROKEN: frozenset(),
}
# How long an ask may wait for its answer before the silence itself counts against the lead.
ANSWER_GRACE_DAYS = 7

_VERB = {
    Status.ASKED: "asked again",
    Status.AGREED: "agreed to",
    Status.DECLINED: "declined",
    Status.FULFILLED: "fulfilled",
    Status.BROKEN: "marked broken",
}


def effective_status(c: Commitment, today: date) -> CommitmentStatus:
    """The stored status, except that an agreed commitment past its due date counts as broken."""
    if c.status is Status.AGREED and c.due is not None and c.due < today:
        return Status.BROKEN
    return c.status


def given(c: Commitment, today: date) -> bool:
    """Whether the prospect actually gave it, or is still bound to give it."""
    status = effective_status(c, today)
    return status is Status.AGREED or status is Status.FULFILLED


def agreed_on(c: Commitment) -> date:
    """When the prospect bound themselves to it (falls back to the ask for old records)."""
    return c.answered_on or c.closed_on or c.asked_on


def given_on(c: Commitment) -> date:
    """When the prospect last gave something for it: the fulfilment, else the agreement."""
    if c.status is Status.FULFILLED and c.closed_on is not None:
        return c.closed_on
    return agreed_on(c)


def transition(
    c: Commitment,
    to: CommitmentStatus,
    on: date,
    *,
    due: date | None = None,
) -> Commitment:
    """Move a commitment along its lifecycle, refusing moves that cannot happen."""
    if to not in _NEXT[c.status]:
        raise DomainError(_illegal(c.status, to))
    if on < c.asked_on:
        raise DomainError(
            f"the commitment was asked on {c.asked_on}; it cannot be {_VERB[to]} on {on}, before it was asked"
        )
    if due is not None and to is not Status.AGREED:
        raise DomainError("a due date can only be set when the prospect agrees")
    if to in (Status.AGREED, Status.DECLINED):
        if due is not None and due < on:
            raise DomainError(f"the due date {due} is before the day they agreed ({on})")
        return replace(c, status=to, answered_on=on, due=due if due is not None else c.due)
    if c.answered_on is not None and on < c.answered_on:
        raise DomainError(f"the commitment was agreed on {c.answered_on}; it cannot be {_VERB[to]} on {on}")
    return replace(c, status=to, closed_on=on)


def _illegal(current: CommitmentStatus, to: CommitmentStatus) -> str:
    article = "an" if current.value[0] in "aeiou" else "a"
    message = f"{article} {current.value} commitment cannot be {_VERB[to]}"
    if current is Status.ASKED and to in (Status.FULFILLED, Status.BROKEN):
        message += "; the prospect has to agree to it first"
    elif current is Status.AGREED and to is Status.DECLINED:
        message += "; once agreed it can only be fulfilled or broken"
    elif current is to:
        message = f"the commitment is already {current.value}"
    return message


@dataclass(frozen=True)
class Tally:
    """What a lead's commitments add up to on one day, for totals over many leads.

    `agreed` counts every promise the prospect made (kept, still open or broken);
    `given` counts, by currency, what they gave or are still bound to give."""

    agreed: int = 0
    fulfilled: int = 0
    still_open: int = 0
    broken: int = 0
    given: dict[Currency, int] = field(default_factory=dict)
    money: Decimal = Decimal(0)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.agreed + other.agreed,
            self.fulfilled + other.fulfilled,
            self.still_open + other.still_open,
            self.broken + other.broken,
            {c: self.given.get(c, 0) + other.given.get(c, 0) for c in {*self.given, *other.given}},
            self.money + other.money,
        )


def tally(commitments: Iterable[Commitment], today: date) -> Tally:
    follow = dict.fromkeys((Status.FULFILLED, Status.AGREED, Status.BROKEN), 0)
    by_currency: dict[Currency, int] = {}
    money = Decimal(0)
    for c in commitments:
        status = effective_status(c, today)
        if status in follow:
            follow[status] += 1
        if status is Status.AGREED or status is Status.FULFILLED:
            for currency in c.currencies:
                by_currency[currency] = by_currency.get(currency, 0) + 1
            if c.amount is not None:
                money += c.amount
    return Tally(
        agreed=sum(follow.values()),
        fulfilled=follow[Status.FULFILLED],
        still_open=follow[Status.AGREED],
        broken=follow[Status.BROKEN],
        given=by_currency,
        money=money,
    )
