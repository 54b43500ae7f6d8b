"""The after-meeting page's use case: the notes' findings as offers, a preview of the computed
outcome before anything is saved, and the save itself through `conversation_record`.

The outcome and the salvage ask come from the domain, run on the prospect's history with the
new conversation and the ticked offers added exactly as saving would record them, so what the
page shows is what the ledger will say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from earnest.domain import history as h
from earnest.domain.coach import Debrief, debrief
from earnest.domain.currencies import parse_currencies
from earnest.domain.errors import DomainError
from earnest.domain.findings import Finding, Offer
from earnest.domain.notes_hints import hints_from
from earnest.domain.outcomes import conversation_outcome
from earnest.domain.results import Outcome, OutcomeResult

from .. import models as m
from ..reads.selectors import ladder_get, prospect_history
from .conversations import NOT_ASKED
from .findings import NotesReading

NEW = "new"
PREPARED_ASK_UNANSWERED = (
    "You prepared an ask for this meeting: say how they answered it, or that you did not ask after all."
)


class DebriefError(DomainError):
    """A debrief that cannot be saved as it is; `field` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DebriefInput:
    on: date
    channel: str = "meeting"
    notes: str = ""
    contact_ids: tuple[int, ...] = ()
    answer: str = ""  # "", agreed, declined, hedged, unanswered, not_asked
    ask_text: str = ""
    ask_rung: str = ""
    ask_currencies: tuple[str, ...] = ()
    ask_due: date | None = None
    amount: str = ""
    complimented: bool = False
    hedged: bool = False
    rejected: bool = False
    step_description: str = ""
    step_owner: str = "both"
    step_due: date | None = None
    accepted: tuple[str, ...] = ()
    planned_ask_id: int | None = None
    # What Today's "Debrief" opened this page for: a dated step with them (ended as done on
    # saving), or a calendar meeting imported with nothing recorded (replaced by this one).
    meeting_step_id: int | None = None
    imported_conversation_id: int | None = None


@dataclass(frozen=True)
class Preview:
    outcome: OutcomeResult
    debrief: Debrief
    needs_dated_step: bool


def highlight(notes: str, findings: Sequence[Finding]) -> list[tuple[str, Finding | None]]:
    """The notes cut into plain and highlighted pieces; an overlapping finding yields to the earlier one."""
    pieces: list[tuple[str, Finding | None]] = []
    at = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < at or f.end > len(notes) or f.start >= f.end:
            continue
        if f.start > at:
            pieces.append((notes[at : f.start], None))
        pieces.append((notes[f.start : f.end], f))
        at = f.end
    if at < len(notes):
        pieces.append((notes[at:], None))
    return pieces


def _asked(data: DebriefInput) -> bool:
    return bool(data.answer) and data.answer != NOT_ASKED


def _accepted(data: DebriefInput, reading: NotesReading) -> list[Offer]:
    chosen = [o for o in reading.offers if o.key in set(data.accepted)]
    if len(chosen) < len(set(data.accepted)):
        raise DebriefError(
            "the notes changed after they were analyzed; analyze them again and re-check the findings", "notes"
        )
    return chosen


_STATUS = {
    "agreed": h.CommitmentStatus.AGREED,
    "declined": h.CommitmentStatus.DECLINED,
    "fulfilled": h.CommitmentStatus.FULFILLED,
    "unanswered": h.CommitmentStatus.ASKED,
}


def _hypothetical(
    history: h.ProspectHistory, data: DebriefInput, accepted: Sequence[Offer], currencies: frozenset, ladder
) -> h.ProspectHistory:
    conversation = h.Conversation(
        id=NEW,
        on=data.on,
        channel=h.Channel(data.channel),
        contact_ids=data.contact_ids,
        planned_ask=(data.ask_text or data.ask_rung) if _asked(data) else "",
        ask_answer=h.AskAnswer(data.answer) if _asked(data) else None,
        complimented=data.complimented,
        hedged=data.hedged or data.answer == "hedged",
        rejected=data.rejected,
    )
    # the prepared ask is answered here, not still waiting beside it
    commitments = [c for c in history.commitments if c.id != data.planned_ask_id]
    status = _STATUS.get(data.answer)
    if status is not None:
        commitments.append(
            h.Commitment(
                id="new-ask",
                description=data.ask_text,
                currencies=currencies,
                asked_on=data.on,
                status=status,
                rung=data.ask_rung or None,
                conversation_id=NEW,
                answered_on=data.on if status is not h.CommitmentStatus.ASKED else None,
                due=data.ask_due if status is h.CommitmentStatus.AGREED else None,
            )
        )
    steps = list(history.next_steps)
    if data.step_description.strip():
        steps.append(
            h.NextStep("new-step", data.step_description, h.StepOwner(data.step_owner), data.on, data.step_due, NEW)
        )
    for i, offer in enumerate(accepted):
        f = offer.finding
        if offer.kind == "commitment" and not (offer.rung and offer.rung == data.ask_rung and _asked(data)):
            done = offer.status == "fulfilled"
            rung_currencies = ladder.rung(offer.rung).currencies if offer.rung else frozenset()
            commitments.append(
                h.Commitment(
                    f"new-c{i}",
                    f.text,
                    rung_currencies | parse_currencies(f.currencies or ("time",)),
                    data.on,
                    _STATUS.get(offer.status or "agreed", h.CommitmentStatus.AGREED),
                    rung=offer.rung,
                    conversation_id=NEW,
                    answered_on=data.on,
                    closed_on=data.on if done else None,
                    due=f.due if offer.status == "agreed" and f.due and f.due >= data.on else None,
                )
            )
        elif offer.kind == "next_step" and not data.step_description.strip() and f.due and f.due >= data.on:
            steps.append(h.NextStep(f"new-s{i}", f.text, h.StepOwner.BOTH, data.on, f.due, NEW))
    return dataclasses.replace(
        history,
        conversations=(*history.conversations, conversation),
        commitments=tuple(commitments),
        next_steps=tuple(steps),
    )


def _ask_currencies(workspace: m.Workspace, prospect: m.Prospect, data: DebriefInput) -> frozenset:
    if data.answer in ("", "hedged", NOT_ASKED):
        return frozenset()
    if data.ask_currencies:
        return parse_currencies(data.ask_currencies)
    if data.ask_rung:
        return ladder_get(workspace, prospect.ladder).rung(data.ask_rung).currencies
    raise DebriefError(
        "choose the rung you asked for, or what it would cost them (time, reputation, money)", "ask_rung"
    )


def debrief_preview(
    workspace: m.Workspace, prospect: m.Prospect, data: DebriefInput, today: date, reading: NotesReading
) -> Preview:
    """What saving this debrief would record: the computed outcome, and the salvage for a weak one."""
    if _asked(data) and not (data.ask_text.strip() or data.ask_rung):
        raise DebriefError("say what you asked for", "ask_text")
    if data.planned_ask_id and not data.answer:
        raise DebriefError(
            PREPARED_ASK_UNANSWERED,
            "answer",
        )
    accepted = _accepted(data, reading)
    ladder = ladder_get(workspace, prospect.ladder)
    history = _hypothetical(
        prospect_history(workspace, prospect), data, accepted, _ask_currencies(workspace, prospect, data), ladder
    )
    conversation = history.conversations[-1]
    outcome = conversation_outcome(conversation, history.commitments, history.next_steps)
    result = debrief(history, ladder, NEW, today, hints_from(reading.findings))
    dated = any(s.conversation_id == NEW and s.due is not None for s in history.next_steps)
    return Preview(outcome, result, outcome.outcome is Outcome.ADVANCED and not dated)


def conversation_debrief(workspace: m.Workspace, conversation: m.Conversation, today: date) -> Debrief:
    """What a logged conversation amounted to, with a salvage ask after a weak one."""
    from .findings import notes_read

    prospect = conversation.prospect
    # the notes' own words (someone to bring in, the deck they asked for) shape the salvage
    reading = notes_read(prospect=prospect, notes=conversation.notes, on=conversation.on)
    return debrief(
        prospect_history(workspace, prospect),
        ladder_get(workspace, prospect.ladder),
        conversation.pk,
        today,
        hints_from(reading.findings),
    )


def debrief_save(
    workspace: m.Workspace, prospect: m.Prospect, data: DebriefInput, today: date, reading: NotesReading
) -> m.Conversation:
    """Log the conversation with its ask, answer, next step and ticked findings, all or nothing."""
    from .conversations import AskInput, StepInput
    from .findings import ConversationInput, conversation_record

    preview = debrief_preview(workspace, prospect, data, today, reading)
    if preview.needs_dated_step:
        raise DebriefError(
            "an advanced meeting needs a concrete next step with a date: what happens next, and when?", "step_due"
        )
    ask = None
    if data.answer:
        currencies = _ask_currencies(workspace, prospect, data)
        ask = AskInput(
            answer=data.answer,
            text=data.ask_text.strip(),
            rung=data.ask_rung,
            currencies=tuple(c.label for c in currencies),
            due=data.ask_due,
            amount=data.amount or None,
            commitment_id=data.planned_ask_id,
        )
    step = (
        StepInput(data.step_description.strip(), data.step_owner, data.step_due)
        if data.step_description.strip()
        else None
    )
    contacts = list(m.Contact.objects.filter(prospect=prospect, pk__in=data.contact_ids))
    with transaction.atomic():
        recorded = conversation_record(
            prospect=prospect,
            reading=reading,
            accept=data.accepted,
            data=ConversationInput(
                on=data.on,
                channel=data.channel,
                notes=data.notes,
                contacts=contacts,
                ask=ask,
                complimented=data.complimented,
                hedged=data.hedged,
                rejected=data.rejected,
                next_step=step,
                flags_from_notes=False,
            ),
        )
        _close_what_was_debriefed(prospect, data, recorded.conversation)
    return recorded.conversation


def _close_what_was_debriefed(prospect: m.Prospect, data: DebriefInput, row: m.Conversation) -> None:
    """The meeting Today listed is debriefed now: its step ends as done, an empty import gives way."""
    from .deletions import record_delete
    from .steps import next_step_complete

    if data.meeting_step_id:
        step = m.NextStep.objects.filter(prospect=prospect, pk=data.meeting_step_id, result="").first()
        if step is not None:
            next_step_complete(step=step, result="yes", on=max(data.on, step.created_on))
    if data.imported_conversation_id:
        stub = (
            m.Conversation.objects.filter(prospect=prospect, pk=data.imported_conversation_id)
            .exclude(pk=row.pk)
            .first()
        )
        if stub is not None and stub.external_id and not stub.commitments.exists() and not stub.notes.strip():
            external_id = stub.external_id
            record_delete(row=stub)
            row.external_id = external_id  # re-importing the calendar still finds it
            row.save(update_fields=["external_id"])


def planned_ask_for(prospect: m.Prospect, on: date) -> m.Commitment | None:
    """The ask prepared for a meeting on or before `on` that still waits for its answer."""
    return (
        m.Commitment.objects.filter(prospect=prospect, status="asked", conversation__isnull=True, asked_on__lte=on)
        .order_by("-asked_on", "-pk")
        .first()
    )


def ask_prepare(*, prospect: m.Prospect, on: date, description: str, rung: str = "") -> m.Commitment:
    """Save the one ask planned for the meeting on `on`, replacing an earlier plan not yet answered.

    It is stored as an `asked` commitment dated the day of the meeting, so the debrief carries it
    in and its answer becomes a required choice; one planned ask at a time, as the coach advises.
    """
    from django.db import transaction

    from .commitments import commitment_ask
    from .deletions import record_delete

    with transaction.atomic():
        earlier = m.Commitment.objects.filter(prospect=prospect, status="asked", conversation__isnull=True)
        for row in earlier:
            record_delete(row=row)
        return commitment_ask(
            prospect=prospect, on=on, rung=rung, description=description, currencies=None if rung else ["time"]
        )
