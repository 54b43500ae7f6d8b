from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from earnest.domain import history as h
from earnest.domain.errors import DomainError
from earnest.domain.ladders import Ladder
from earnest.domain.results import OutcomeResult

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from ._validation import choice, clean_text
from .commitments import commitment_ask_rows, commitment_set_status_rows
from .outcomes import conversation_outcome_of, conversation_refresh_outcome
from .rows import Rows
from .steps import next_step_add_rows
from .versions import bump, locked_for_edit

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


@dataclass(frozen=True)
class ConversationInput:
    """A conversation as any adapter hands it over."""

    on: date
    channel: str = "meeting"
    notes: str = ""
    contacts: Sequence[m.Contact] = ()
    ask: AskInput | None = None
    complimented: bool = False
    hedged: bool = False
    rejected: bool = False
    outreach_unanswered: bool = False
    next_step: StepInput | None = None
    # The notes' praise, hedge or no tick the conversation's flags (the CLI, API and imports);
    # the web debrief shows them ticked and sends what the user left ticked instead.
    flags_from_notes: bool = True
    external_id: str = ""  # its id in the system it was imported from


@dataclass
class Logged:
    """A conversation decided with the rows that its outcome is judged on."""

    conversation: m.Conversation
    contacts: list[m.Contact]
    commitments: list[m.Commitment] = field(default_factory=list)
    steps: list[m.NextStep] = field(default_factory=list)

    def outcome(self) -> OutcomeResult:
        """The outcome the rules give it with the rows decided so far, kept on the conversation's row.

        Nothing is written yet, so the conversation and the rows made in it have no ids: only its own
        rows are handed in."""
        result = conversation_outcome_of(
            self.conversation, contacts=self.contacts, commitments=self.commitments, steps=self.steps
        )
        self.conversation.outcome = result.outcome.value
        return result


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
    data = ConversationInput(
        on=on,
        channel=channel,
        notes=notes,
        contacts=contacts,
        ask=ask,
        complimented=complimented,
        hedged=hedged,
        rejected=rejected,
        outreach_unanswered=outreach_unanswered,
        next_step=next_step,
    )
    rows = Rows()
    logged = conversation_log_rows(rows, prospect=prospect, data=data, planned=planned_answered(planned, ask))
    outcome = logged.outcome()
    rows.save()
    return logged.conversation, outcome


def planned_answered(planned: m.Commitment | None, ask: AskInput | None) -> m.Commitment | None:
    """The prepared ask as the answer leaves it, before the conversation's rows are decided: removed (a
    write) after a hedge or when it was not asked after all, otherwise locked for the answer to move it."""
    if planned is None:
        return None
    if ask is not None and ask.answer in (h.AskAnswer.HEDGED.value, NOT_ASKED):
        from .deletions import record_delete

        record_delete(row=planned)
        return None
    return locked_for_edit(planned, None)


def conversation_log_rows(
    rows: Rows,
    *,
    prospect: m.Prospect,
    data: ConversationInput,
    planned: m.Commitment | None = None,
    ladder: Ladder | None = None,
) -> Logged:
    """`conversation_log`'s rows, decided and not written, for the conversation as `data` has it (its
    notes' findings are `findings.conversation_record_rows`'s); `planned` as `planned_answered` leaves it,
    `ladder` the prospect's when the caller has read it already."""
    on, contacts, ask, next_step = data.on, data.contacts, data.ask, data.next_step
    if ask is not None and ask.answer == NOT_ASKED:
        ask = None
    if on < prospect.created_on:
        raise DomainError(f"the conversation on {on} predates the prospect ({prospect.created_on})")
    for contact in contacts:
        if contact.prospect_id != prospect.pk:
            raise DomainError(f"contact {contact.name!r} belongs to another prospect")
    external_id_check(data.external_id)
    answer = choice(h.AskAnswer, ask.answer, "answer") if ask else None
    row = m.Conversation(
        workspace_id=prospect.workspace_id,
        prospect=prospect,
        on=on,
        channel=choice(h.Channel, data.channel, "channel").value,
        notes=clean_text(data.notes, "notes", max_length=MAX_NOTES),
        planned_ask=clean_text(ask.text or ask.rung, "ask", max_length=2_000) if ask else "",
        ask_answer=answer.value if answer else "",
        complimented=data.complimented,
        hedged=data.hedged or answer is h.AskAnswer.HEDGED,
        rejected=data.rejected,
        outreach_unanswered=data.outreach_unanswered,
        external_id=data.external_id,
    )
    rows.insert(row)
    logged = Logged(row, list(dict.fromkeys(contacts)))
    rows.link(row, logged.contacts)
    rows.event(
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
    answered = answer if answer in (h.AskAnswer.AGREED, h.AskAnswer.DECLINED, h.AskAnswer.UNANSWERED) else None
    if planned is not None and answered is not None:
        planned.conversation = row
        rows.update(planned, ["conversation"])
        if answered is not h.AskAnswer.UNANSWERED:
            commitment_set_status_rows(rows, planned, to=answered.value, on=on, due=ask.due if ask else None)
        logged.commitments.append(planned)
    elif ask and answered is not None:
        commitment = commitment_ask_rows(
            rows,
            prospect=prospect,
            on=on,
            rung=ask.rung,
            description=ask.text,
            currencies=list(ask.currencies) or None,
            conversation=row,
            contact=contacts[0] if len(contacts) == 1 else None,
            amount=ask.amount,
            ladder=ladder,
        )
        if answered is not h.AskAnswer.UNANSWERED:
            commitment_set_status_rows(rows, commitment, to=answered.value, on=on, due=ask.due)
        logged.commitments.append(commitment)
    if next_step:
        step = next_step_add_rows(
            rows,
            prospect=prospect,
            conversation=row,
            on=on,
            description=next_step.description,
            owner=next_step.owner,
            due=next_step.due,
        )
        logged.steps.append(step)
    return logged


def external_id_check(external_id: str) -> None:
    """A conversation's id in the system it was imported from fits its column."""
    if len(external_id) > 500:
        raise DomainError(f"the id {external_id[:40]!r}… is longer than 500 characters")


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
