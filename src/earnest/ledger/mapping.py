"""Rows to domain values, in one place (cosmicpython's single mapper, without an ORM of its own).

Each entity has its columns (`COMMITMENT_COLUMNS`, ...) in the order its `*_of` function reads them.
Set-based reads fetch those columns with `values_list` (any extra column, such as the prospect id
they group by, goes after them) and map the tuples; a service holding one model instance maps it
with `*_value(row)`, which reads the same columns off the instance. A field added to a domain value
is therefore added here once, for the reads and the writes alike.

Stored values become enum members through dicts built once, not an Enum call per row: reading the
histories of 100,000 leads maps millions of rows. The set-based reads fetch the columns as the
database driver returns them (`HistoryRows`, grouped by prospect), and `histories_of` maps them:
it reads no database, so the process pool that judges a large workspace runs it in its workers.

This module imports only the models and `domain/`: the services and the reads all stand on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from decimal import Context, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from earnest.domain import history as h
from earnest.domain.currencies import Currency, parse_currencies

if TYPE_CHECKING:
    from . import models as m

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def _builder(cls: type[T]) -> Callable[..., T]:
    """`cls(*values)` for a frozen dataclass with slots, given every field in order.

    A frozen class's `__init__` sets each field through `object.__setattr__`, to get past its own
    guard: that doubled the cost of mapping the million rows of a large refresh. This sets the
    same slots through their descriptors, which is what `__init__` ends up doing, with no checks
    skipped (the domain's records have no `__post_init__`; `test_mapping` compares both ways)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"set_{name}": getattr(cls, name).__set__ for name in names})
    lines = [f"def build({', '.join(names)}):", "    made = new(cls)"]
    lines += [f"    set_{name}(made, {name})" for name in names]
    exec("\n".join([*lines, "    return made"]), scope)  # noqa: S102 - field names only, from the class itself
    return scope["build"]


_CONTACT, _CONVERSATION, _COMMITMENT = _builder(h.Contact), _builder(h.Conversation), _builder(h.Commitment)
_STEP, _EVIDENCE, _HISTORY = _builder(h.NextStep), _builder(h.Evidence), _builder(h.ProspectHistory)


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
    return _CONTACT(c[0], c[1], _ROLE[c[2]], c[3])


def conversation_of(c: Sequence[Any], contact_ids: tuple[int, ...]) -> h.Conversation:
    return _CONVERSATION(
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
        "",  # the summary, which CONVERSATION_COLUMNS do not read
        bool(c[9]),  # imported
    )


def commitment_of(c: Sequence[Any]) -> h.Commitment:
    amount = c[11]
    if amount is not None and type(amount) is not Decimal:
        amount = _decimal(amount)
    return _COMMITMENT(
        c[0], c[1], _currencies(c[2]), c[3], _STATUS[c[4]], c[5] or None, c[6], c[7], c[8], c[9], c[10], amount
    )


_STORED_CURRENCIES: dict[str, frozenset[Currency]] = {}
_FLOAT = Context(prec=15)
_CENTS = Decimal("0.01")


def _currencies(value: Any) -> frozenset[Currency]:
    """Currencies as a model gives them (a list) or as the driver does (the stored JSON text)."""
    if not isinstance(value, str):
        return parse_currencies(value)
    found = _STORED_CURRENCIES.get(value)
    if found is None:
        found = parse_currencies(json.loads(value))
        if len(_STORED_CURRENCIES) < 1024:
            _STORED_CURRENCIES[value] = found
    return found


def _decimal(value: float | int | str) -> Decimal:
    # SQLite hands an amount back as a number: made a Decimal as Django's own converter makes it.
    number = _FLOAT.create_decimal_from_float(value) if isinstance(value, float) else Decimal(value)
    return number.quantize(_CENTS)


def step_of(s: Sequence[Any]) -> h.NextStep:
    return _STEP(s[0], s[1], _OWNER[s[2]], s[3], s[4], s[5], _RESULT[s[6]] if s[6] else None, s[7])


def evidence_of(e: Sequence[Any]) -> h.Evidence:
    return _EVIDENCE(_CRITERION[e[0]], e[1], e[2])


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
    return _HISTORY(
        pk,
        name,
        ladder,
        created_on,
        tuple(contacts),
        tuple(conversations),
        tuple(commitments),
        tuple(next_steps),
        tuple(evidence),
        h.Classification(classification) if classification else None,
        classified_on,
        h.Closure(h.CloseReason(close_reason), closed_on, close_note) if close_reason and closed_on else None,
        h.Parking(park_reason, parked_on, parked_until) if parked_until and parked_on else None,
        {},  # extra
    )


def commitment_value(row: m.Commitment) -> h.Commitment:
    return commitment_of(_columns(row, COMMITMENT_COLUMNS))


def step_value(row: m.NextStep) -> h.NextStep:
    return step_of(_columns(row, STEP_COLUMNS))


def conversation_value(row: m.Conversation, contact_ids: tuple[int, ...] | None = None) -> h.Conversation:
    """A conversation with the people in it (one query, or none when they were prefetched or handed in)."""
    if contact_ids is None:
        contact_ids = tuple(c.pk for c in row.contacts.all())
    return conversation_of(_columns(row, CONVERSATION_COLUMNS), contact_ids)


@dataclass
class HistoryRows:
    """The stored rows of some prospects' histories, as the database driver returns them.

    `prospects` holds one `PROSPECT_COLUMNS` row per prospect, in id order; the other tables'
    rows (their `*_COLUMNS`) are grouped by prospect id, each group in the order the history
    keeps them; `conversation_contacts` lists the people in each conversation."""

    prospects: list[tuple[Any, ...]] = field(default_factory=list)
    contacts: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    conversations: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    conversation_contacts: dict[int, list[int]] = field(default_factory=dict)
    commitments: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    next_steps: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    evidence: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)


def histories_of(rows: HistoryRows, start: int = 0, stop: int | None = None) -> list[h.ProspectHistory]:
    """The histories of `rows.prospects[start:stop]`, from their grouped rows."""
    no_rows: list[tuple[Any, ...]] = []
    no_people: list[int] = []
    contacts, conversations, commitments = rows.contacts, rows.conversations, rows.commitments
    steps, evidence, people = rows.next_steps, rows.evidence, rows.conversation_contacts
    return [
        history_of(
            p,
            contacts=[contact_of(c) for c in contacts.get(p[0], no_rows)],
            conversations=[
                conversation_of(c, tuple(people.get(c[0], no_people))) for c in conversations.get(p[0], no_rows)
            ],
            commitments=[commitment_of(c) for c in commitments.get(p[0], no_rows)],
            next_steps=[step_of(s) for s in steps.get(p[0], no_rows)],
            evidence=[evidence_of(e) for e in evidence.get(p[0], no_rows)],
        )
        for p in rows.prospects[start:stop]
    ]
