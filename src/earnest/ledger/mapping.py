"""Rows to domain values, in one place (cosmicpython's single mapper, without an ORM of its own).

Each entity has its columns (`COMMITMENT_COLUMNS`, ...) in the order its `*_of` function reads them.
Set-based reads fetch those columns with `values_list` (any extra column, such as the prospect id
they group by, goes after them) and map the tuples; a service holding one model instance maps it
with `*_value(row)`, which reads the same columns off the instance. A field added to a domain value
is therefore added here once, for the reads and the writes alike.

Stored values become enum members through dicts built once, not an Enum call per row: reading the
histories of 100,000 leads maps millions of rows.

This module imports only the models and `domain/`: the services and the reads all stand on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from earnest.domain import history as h
from earnest.domain.currencies import parse_currencies

if TYPE_CHECKING:
    from . import models as m

E = TypeVar("E", bound=Enum)


def _by_value(enum_cls: type[E]) -> dict[str, E]:
    """A stored value -> its enum member."""
    return {member.value: member for member in enum_cls}


_ROLE, _CHANNEL, _ANSWER = _by_value(h.Role), _by_value(h.Channel), _by_value(h.AskAnswer)
_STATUS, _OWNER, _RESULT = _by_value(h.CommitmentStatus), _by_value(h.StepOwner), _by_value(h.StepResult)
_CRITERION = _by_value(h.Criterion)

PROSPECT_COLUMNS = (
    "pk",
    "name",
    "ladder",
    "created_on",
    "classification",
    "classified_on",
    "close_reason",
    "close_note",
    "closed_on",
    "park_reason",
    "parked_on",
    "parked_until",
)
CONTACT_COLUMNS = ("pk", "name", "role", "email")
CONVERSATION_COLUMNS = (
    "pk",
    "on",
    "channel",
    "planned_ask",
    "ask_answer",
    "complimented",
    "hedged",
    "rejected",
    "outreach_unanswered",
    "external_id",
)
COMMITMENT_COLUMNS = (
    "pk",
    "description",
    "currencies",
    "asked_on",
    "status",
    "rung",
    "conversation_id",
    "contact_id",
    "answered_on",
    "due",
    "closed_on",
    "amount",
)
STEP_COLUMNS = ("pk", "description", "owner", "created_on", "due", "conversation_id", "result", "done_on")
EVIDENCE_COLUMNS = ("criterion", "on", "note")


def _columns(row: Any, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in names)


def contact_of(c: Sequence[Any]) -> h.Contact:
    return h.Contact(c[0], c[1], _ROLE[c[2]], c[3])


def conversation_of(c: Sequence[Any], contact_ids: tuple[int, ...]) -> h.Conversation:
    return h.Conversation(
        c[0],
        c[1],
        _CHANNEL[c[2]],
        contact_ids,
        c[3],
        _ANSWER[c[4]] if c[4] else None,
        c[5],
        c[6],
        c[7],
        c[8],
        imported=bool(c[9]),
    )


def commitment_of(c: Sequence[Any]) -> h.Commitment:
    return h.Commitment(
        c[0], c[1], parse_currencies(c[2]), c[3], _STATUS[c[4]], c[5] or None, c[6], c[7], c[8], c[9], c[10], c[11]
    )


def step_of(s: Sequence[Any]) -> h.NextStep:
    return h.NextStep(s[0], s[1], _OWNER[s[2]], s[3], s[4], s[5], _RESULT[s[6]] if s[6] else None, s[7])


def evidence_of(e: Sequence[Any]) -> h.Evidence:
    return h.Evidence(_CRITERION[e[0]], e[1], e[2])


def history_of(
    p: Sequence[Any],
    *,
    contacts: Iterable[h.Contact],
    conversations: Iterable[h.Conversation],
    commitments: Iterable[h.Commitment],
    next_steps: Iterable[h.NextStep],
    evidence: Iterable[h.Evidence],
) -> h.ProspectHistory:
    """A prospect's history from its columns (`PROSPECT_COLUMNS`) and its mapped facts."""
    (
        pk,
        name,
        ladder,
        created_on,
        classification,
        classified_on,
        close_reason,
        close_note,
        closed_on,
        park_reason,
        parked_on,
        parked_until,
    ) = p[:12]
    return h.ProspectHistory(
        id=pk,
        name=name,
        ladder=ladder,
        created_on=created_on,
        contacts=tuple(contacts),
        conversations=tuple(conversations),
        commitments=tuple(commitments),
        next_steps=tuple(next_steps),
        evidence=tuple(evidence),
        classification=h.Classification(classification) if classification else None,
        classified_on=classified_on,
        closure=h.Closure(h.CloseReason(close_reason), closed_on, close_note) if close_reason and closed_on else None,
        parking=h.Parking(park_reason, parked_on, parked_until) if parked_until and parked_on else None,
    )


def commitment_value(row: m.Commitment) -> h.Commitment:
    return commitment_of(_columns(row, COMMITMENT_COLUMNS))


def step_value(row: m.NextStep) -> h.NextStep:
    return step_of(_columns(row, STEP_COLUMNS))


def conversation_value(row: m.Conversation) -> h.Conversation:
    """A conversation with the people in it (one query, or none when they were prefetched)."""
    return conversation_of(_columns(row, CONVERSATION_COLUMNS), tuple(c.pk for c in row.contacts.all()))
