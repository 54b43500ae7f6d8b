"""Small builders so each test states only the facts it is about. Days are relative to TODAY."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from earnest.domain import (
    Commitment,
    CommitmentStatus,
    Contact,
    Conversation,
    Currency,
    Id,
    NextStep,
    ProspectHistory,
    Role,
    StepOwner,
    builtin_ladders,
)

TODAY = date(2026, 11, 23)
LADDERS = builtin_ladders()
DISCOVERY, B2B, MICRO = LADDERS["discovery"], LADDERS["b2b"], LADDERS["micro"]


def d(days: int) -> date:
    return TODAY + timedelta(days=days)


def commitment(
    id: Id = 1,
    *,
    rung: str | None = None,
    status: CommitmentStatus = CommitmentStatus.ASKED,
    asked: int = -10,
    answered: int | None = None,
    due: int | None = None,
    closed: int | None = None,
    currencies: tuple[Currency, ...] = (),
    conversation: Id | None = None,
    description: str = "",
) -> Commitment:
    if answered is None and status is not CommitmentStatus.ASKED:
        answered = asked
    if closed is None and status in (CommitmentStatus.FULFILLED, CommitmentStatus.BROKEN):
        closed = answered
    return Commitment(
        id=id,
        description=description,
        currencies=frozenset(currencies),
        asked_on=d(asked),
        status=status,
        rung=rung,
        conversation_id=conversation,
        answered_on=d(answered) if answered is not None else None,
        due=d(due) if due is not None else None,
        closed_on=d(closed) if closed is not None else None,
    )


def agreed(id: Id = 1, rung: str | None = None, on: int = -10, **kw: Any) -> Commitment:
    return commitment(id, rung=rung, status=CommitmentStatus.AGREED, asked=on, **kw)


def fulfilled(id: Id = 1, rung: str | None = None, on: int = -10, done: int | None = None, **kw: Any) -> Commitment:
    return commitment(
        id,
        rung=rung,
        status=CommitmentStatus.FULFILLED,
        asked=on,
        closed=done if done is not None else on,
        **kw,
    )


def talk(id: Id = 1, on: int = -10, **kw: Any) -> Conversation:
    return Conversation(id=id, on=d(on), **kw)


def step(
    id: Id = 1,
    *,
    owner: StepOwner = StepOwner.PROSPECT,
    due: int | None = None,
    created: int = -10,
    conversation: Id | None = None,
    **kw: Any,
) -> NextStep:
    return NextStep(
        id=id,
        description=f"step {id}",
        owner=owner,
        created_on=d(created),
        due=d(due) if due is not None else None,
        conversation_id=conversation,
        **kw,
    )


def people(*roles: Role) -> tuple[Contact, ...]:
    return tuple(Contact(i, f"person {i}", role) for i, role in enumerate(roles, 1))


def history(ladder: str = "discovery", created: int = -100, **kw: Any) -> ProspectHistory:
    return ProspectHistory(id=1, name="Acme", ladder=ladder, created_on=d(created), **kw)
