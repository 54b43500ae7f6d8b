from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from earnest.domain import history as h
from earnest.domain.errors import DomainError
from earnest.domain.results import OutcomeResult

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from ._validation import choice, clean_text
from .commitments import commitment_ask, commitment_set_status
from .outcomes import conversation_refresh_outcome
from .steps import next_step_add

MAX_NOTES = 1_000_000


@dataclass(frozen=True)
class StepInput:
    description: str
    owner: str = "both"
    due: date | None = None


@dataclass(frozen=True)
class AskInput:
    """The one concrete ask made in the conversation and how the prospect answered it."""

    answer: str  # agreed, declined, hedged, unanswered
    text: str = ""
    rung: str = ""
    currencies: tuple[str, ...] = ()
    due: date | None = None
    amount: str | Decimal | None = None
    # The ask prepared before the meeting (an `asked` commitment), when this answers it.
    commitment_id: int | None = None


NOT_ASKED = "not_asked"  # a prepared ask that was not made after all


@transaction.atomic
def conversation_log(
    *,
    prospect: m.Prospect,
    on: date,
    channel: str = "meeting",
    notes: str = "",
    contacts: Sequence[m.Contact] = (),
    ask: AskInput | None = None,
    complimented: bool = False,
    hedged: bool = False,
    rejected: bool = False,
    outreach_unanswered: bool = False,
    next_step: StepInput | None = None,
    planned: m.Commitment | None = None,
) -> tuple[m.Conversation, OutcomeResult]:
    """Record a conversation with its ask, its answer and its next step; the outcome is computed.

    A hedged answer creates no commitment: a soft no gives nothing, and the
    conversation keeps the ask's text so the coach can see it was made. `planned` is the ask
    prepared before the meeting: the answer moves it on; a hedge, or not asking after all,
    removes it, since it no longer waits for an answer.
    """
    if planned is not None and ask is not None and ask.answer in (h.AskAnswer.HEDGED.value, NOT_ASKED):
        from .deletions import record_delete

        record_delete(row=planned)
        planned = None
    if ask is not None and ask.answer == NOT_ASKED:
        ask = None
    if on < prospect.created_on:
        raise DomainError(f"the conversation on {on} predates the prospect ({prospect.created_on})")
    for contact in contacts:
        if contact.prospect_id != prospect.pk:
            raise DomainError(f"contact {contact.name!r} belongs to another prospect")
    answer = choice(h.AskAnswer, ask.answer, "answer") if ask else None
    row = m.Conversation.objects.create(
        workspace_id=prospect.workspace_id,
        prospect=prospect,
        on=on,
        channel=choice(h.Channel, channel, "channel").value,
        notes=clean_text(notes, "notes", max_length=MAX_NOTES),
        planned_ask=clean_text(ask.text or ask.rung, "ask", max_length=2_000) if ask else "",
        ask_answer=answer.value if answer else "",
        complimented=complimented,
        hedged=hedged or answer is h.AskAnswer.HEDGED,
        rejected=rejected,
        outreach_unanswered=outreach_unanswered,
    )
    row.contacts.set(contacts)
    record(
        row,
        "created",
        {
            "on": on.isoformat(),
            "channel": row.channel,
            "ask": row.planned_ask,
            "answer": row.ask_answer,
            "complimented": row.complimented,
            "hedged": row.hedged,
            "rejected": row.rejected,
        },
    )
    prospect_changed(row.workspace_id, row.prospect_id)
    if planned is not None and answer in (h.AskAnswer.AGREED, h.AskAnswer.DECLINED, h.AskAnswer.UNANSWERED):
        planned.conversation = row
        planned.save(update_fields=["conversation"])
        if answer is not h.AskAnswer.UNANSWERED:
            commitment_set_status(commitment=planned, to=answer.value, on=on, due=ask.due if ask else None)
    elif ask and answer in (h.AskAnswer.AGREED, h.AskAnswer.DECLINED, h.AskAnswer.UNANSWERED):
        commitment = commitment_ask(
            prospect=prospect,
            on=on,
            rung=ask.rung,
            description=ask.text,
            currencies=list(ask.currencies) or None,
            conversation=row,
            contact=contacts[0] if len(contacts) == 1 else None,
            amount=ask.amount,
        )
        if answer is not h.AskAnswer.UNANSWERED:
            commitment_set_status(commitment=commitment, to=answer.value, on=on, due=ask.due)
    if next_step:
        next_step_add(
            prospect=prospect,
            conversation=row,
            on=on,
            description=next_step.description,
            owner=next_step.owner,
            due=next_step.due,
        )
    return row, conversation_refresh_outcome(conversation=row)


FLAG_FIELDS = ["complimented", "hedged", "rejected", "outreach_unanswered"]


@transaction.atomic
def conversation_update(
    *,
    conversation: m.Conversation,
    expected_version: int | None = None,
    notes: str | None = None,
    on: date | None = None,
    channel: str | None = None,
    **flags: bool,
) -> tuple[m.Conversation, OutcomeResult]:
    """Correct a conversation's date, channel, notes or what the prospect said; the outcome is recomputed."""
    from .versions import bump, locked_for_edit

    unknown = set(flags) - set(FLAG_FIELDS)
    if unknown:
        raise DomainError(f"cannot change {', '.join(sorted(unknown))} of a conversation")
    row = locked_for_edit(conversation, expected_version)
    kept = ["on", "channel", *FLAG_FIELDS]
    before = {f: getattr(row, f) for f in kept}
    if on is not None:
        if on < row.prospect.created_on:
            raise DomainError(f"the conversation on {on} predates the prospect ({row.prospect.created_on})")
        row.on = on
    if channel is not None:
        row.channel = choice(h.Channel, channel, "channel").value
    if notes is not None:
        row.notes = clean_text(notes, "notes", max_length=MAX_NOTES)
    for key, value in flags.items():
        setattr(row, key, bool(value))
    bump(row, ["on", "channel", "notes", *FLAG_FIELDS])
    changes = {
        k: [str(before[k]) if k == "on" else before[k], str(getattr(row, k)) if k == "on" else getattr(row, k)]
        for k in kept
        if before[k] != getattr(row, k)
    }
    if notes is not None:
        changes["notes"] = ["…", "edited"]
    record(row, "updated", changes)
    prospect_changed(row.workspace_id, row.prospect_id)
    return row, conversation_refresh_outcome(conversation=row)
