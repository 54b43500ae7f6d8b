from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.db import transaction

from earnest.domain import history as h
from earnest.domain.commitments import transition
from earnest.domain.currencies import parse_currencies
from earnest.domain.errors import DomainError
from earnest.domain.ladders import Ladder

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from ..mapping import commitment_value
from ..reads.selectors import ladder_get
from ._validation import choice, clean_date, clean_text
from .outcomes import conversation_refresh_outcome
from .rows import Rows, written
from .versions import bump, locked_for_edit

# "$12,000", "EUR 12000", "12 000 €", "12k", "1.5m": the forms people type. The currency mark is
# dropped (commitments have no currency field); only the number is kept.
_AMOUNT = re.compile(
    r"(?:[A-Z]{3}\s*)?[$€£¥]?\s*"
    r"(?P<number>(?:\d{1,3}(?:[,\s']\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"\s*(?P<scale>k|m|mm|bn)?\s*(?:[$€£¥]|[A-Z]{3})?",
    re.IGNORECASE,
)
_SCALES = {"": 1, "k": 1_000, "m": 1_000_000, "mm": 1_000_000, "bn": 1_000_000_000}
MAX_AMOUNT = Decimal("1e12")


def parse_amount(value: str | Decimal | None) -> Decimal | None:
    """A non-negative, finite amount of money from what a person typed; None when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
        if text.startswith("-"):
            raise DomainError(f"amount {value!r} cannot be negative")
        match = _AMOUNT.fullmatch(text)
        if match is None:
            raise DomainError(f"amount {value!r} is not a number (try 12000, 12k, $12,000 or EUR 12000)")
        digits = re.sub(r"[,\s']", "", match["number"])
        amount = Decimal(digits) * _SCALES[(match["scale"] or "").lower()]
    if not amount.is_finite():
        raise DomainError(f"amount {value!r} is not a number")
    if amount < 0 or amount >= MAX_AMOUNT:
        raise DomainError(f"amount {value!r} is out of range (0 to {MAX_AMOUNT:,.0f})")
    return amount


def commitment_ask_rows(
    rows: Rows,
    *,
    prospect: m.Prospect,
    on: date,
    rung: str = "",
    description: str = "",
    currencies: list[str] | None = None,
    conversation: m.Conversation | None = None,
    contact: m.Contact | None = None,
    due: date | None = None,
    amount: str | Decimal | None = None,
    ladder: Ladder | None = None,
) -> m.Commitment:
    """Record that we asked for a commitment; the rung fills in what the user leaves out.

    Decided here (the commitment, its first change, the audit event), written by `commitment_ask`;
    `ladder` is the prospect's, when the caller has it already (an import reads it once)."""
    clean_date(due, "due date")
    rung_value = None
    if rung:
        rung_value = (ladder or ladder_get(prospect.workspace, prospect.ladder)).rung(rung)
    text = clean_text(description, "description", max_length=2_000) or (rung_value.label if rung_value else "")
    if not text:
        raise DomainError("a commitment needs a rung or a description")
    chosen = parse_currencies(currencies) if currencies else (rung_value.currencies if rung_value else frozenset())
    if not chosen:
        raise DomainError("a commitment without a rung needs its currencies (time, reputation, money)")
    if contact is not None and contact.prospect_id != prospect.pk:
        raise DomainError("that contact belongs to another prospect")
    if on < prospect.created_on:
        raise DomainError(f"the ask on {on} predates the prospect ({prospect.created_on})")
    row = m.Commitment(
        workspace_id=prospect.workspace_id,
        prospect=prospect,
        conversation=conversation,
        contact=contact,
        description=text,
        rung=rung,
        currencies=sorted(c.label for c in chosen),
        asked_on=on,
        due=due,
        amount=parse_amount(amount),
    )
    rows.insert(row)
    rows.insert(m.CommitmentChange(commitment=row, to_status=row.status, on=on))
    rows.event(row, "asked", {"description": row.description, "rung": row.rung, "on": on.isoformat()})
    return row


commitment_ask = written(commitment_ask_rows)


@transaction.atomic
def commitment_set_status(
    *,
    commitment: m.Commitment,
    to: str,
    on: date,
    due: date | None = None,
    expected_version: int | None = None,
) -> m.Commitment:
    """Move a commitment along its lifecycle; the domain refuses impossible moves."""
    clean_date(due, "due date")
    row = locked_for_edit(commitment, expected_version)
    rows = Rows()
    commitment_set_status_rows(rows, row, to=to, on=on, due=due)
    rows.save()
    if row.conversation is not None:
        conversation_refresh_outcome(conversation=row.conversation)
    return row


def commitment_set_status_rows(rows: Rows, row: m.Commitment, *, to: str, on: date, due: date | None = None) -> None:
    """`commitment_set_status`'s rows, decided on `row` (as it stands, locked or planned), not written."""
    clean_date(due, "due date")
    target = choice(h.CommitmentStatus, to, "status")
    changed = transition(commitment_value(row), target, on, due=due)
    previous = row.status
    # What the change replaces, so a one-click move can be undone (services/undo.py).
    before = {"status": previous, "answered_on": row.answered_on, "closed_on": row.closed_on, "due": row.due}
    row.status = changed.status.value
    row.answered_on, row.closed_on, row.due = changed.answered_on, changed.closed_on, changed.due
    row.version += 1
    rows.update(row, ["status", "answered_on", "closed_on", "due", "version"])
    rows.insert(m.CommitmentChange(commitment=row, from_status=previous, to_status=row.status, on=on))
    rows.event(
        row,
        row.status,
        {
            "status": [previous, row.status],
            "on": on.isoformat(),
            "due": row.due.isoformat() if row.due else None,
            "_before": {k: v.isoformat() if isinstance(v, date) else v for k, v in before.items()},
        },
    )


@transaction.atomic
def commitment_update(
    *,
    commitment: m.Commitment,
    expected_version: int | None = None,
    description: str | None = None,
    due: date | None = None,
    clear_due: bool = False,
    amount: str | Decimal | None = None,
    clear_amount: bool = False,
) -> m.Commitment:
    """Correct what was promised, by when, or how much; its status moves only through `commitment_set_status`."""
    row = locked_for_edit(commitment, expected_version)
    before = {"description": row.description, "due": row.due, "amount": row.amount}
    if description is not None:
        row.description = clean_text(description, "description", max_length=2_000, required=True)
    if due is not None or clear_due:
        clean_date(due, "due date")
        if due is not None and due < row.asked_on:
            raise DomainError(f"a commitment cannot be due ({due}) before it was asked for ({row.asked_on})")
        row.due = due
    if amount is not None or clear_amount:
        row.amount = None if clear_amount else parse_amount(amount)
    bump(row, ["description", "due", "amount"])
    after = {"description": row.description, "due": row.due, "amount": row.amount}
    record(row, "updated", {k: [str(before[k] or ""), str(after[k] or "")] for k in after if before[k] != after[k]})
    prospect_changed(row.workspace_id, row.prospect_id)
    if row.conversation is not None:
        conversation_refresh_outcome(conversation=row.conversation)
    return row
