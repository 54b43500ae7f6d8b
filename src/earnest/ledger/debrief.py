"""The after-meeting flow: the notes analyzer's findings as offers, a preview of the computed
outcome before anything is saved, and the save itself in one transaction.

The outcome and the salvage ask come from the domain, run on the prospect's history with the
new conversation added, so what the page shows is exactly what saving would record.
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
from earnest.domain.outcomes import conversation_outcome
from earnest.domain.results import Outcome, OutcomeResult

from . import models as m
from .selectors import ladder_get, prospect_history
from .suggestions import EVIDENCE_BY_KIND

NEW = "new"
# Findings the user can accept with one click, and what accepting records.
OFFERS = {
    "commitment": "Record as a commitment they agreed to",
    "next_step": "Add as a dated next step",
    "objection": "Add 'answer this objection' to our to-do",
    "no_budget": "Add 'find out who would fund this' to our to-do",
    "problem": "Record as earlyvangelist evidence",
    "workaround": "Record as earlyvangelist evidence",
    "budget": "Record as earlyvangelist evidence",
}
# Findings that tick one of the conversation's flags instead.
FLAGS = {"compliment": "complimented", "fluff": "complimented", "hedge": "hedged", "rejection": "rejected"}


class DebriefError(DomainError):
    """A debrief that cannot be saved as it is; `field` names the form field to show it on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Finding:
    key: str
    kind: str
    text: str
    start: int
    end: int
    currencies: tuple[str, ...] = ()
    amount: str | None = None
    due: date | None = None

    @property
    def offer(self) -> str:
        return OFFERS.get(self.kind, "")


@dataclass(frozen=True)
class DebriefInput:
    on: date
    channel: str = "meeting"
    notes: str = ""
    contact_ids: tuple[int, ...] = ()
    answer: str = ""  # "", agreed, declined, hedged, unanswered
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


@dataclass(frozen=True)
class Preview:
    outcome: OutcomeResult
    debrief: Debrief
    needs_dated_step: bool


def notes_findings(notes: str, on: date) -> tuple[str, float, list[Finding]]:
    """The analyzer's verdict, score and findings on the notes, each with a stable key."""
    if not notes.strip():
        return "", 0.0, []
    from earnest.analyzer import analyze

    result = analyze(notes, when=on)
    findings = [Finding(f"{s.kind}:{s.start}:{s.end}", str(s.kind), s.text.strip(), s.start, s.end,
                        tuple(str(c) for c in s.currencies), str(s.amount) if s.amount is not None else None,
                        s.due) for s in result.signals]
    return str(result.verdict), float(result.score), findings


def highlight(notes: str, findings: Sequence[Finding]) -> list[tuple[str, Finding | None]]:
    """The notes cut into plain and highlighted pieces; an overlapping finding yields to the earlier one."""
    pieces: list[tuple[str, Finding | None]] = []
    at = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < at or f.end > len(notes) or f.start >= f.end:
            continue
        if f.start > at:
            pieces.append((notes[at:f.start], None))
        pieces.append((notes[f.start:f.end], f))
        at = f.end
    if at < len(notes):
        pieces.append((notes[at:], None))
    return pieces


def _accepted(data: DebriefInput, findings: Sequence[Finding]) -> list[Finding]:
    wanted = set(data.accepted)
    chosen = [f for f in findings if f.key in wanted and f.kind in OFFERS]
    if len(chosen) < len(wanted):
        raise DebriefError("the notes changed after they were analyzed; analyze them again and "
                           "re-check the findings", "notes")
    return chosen


def _hypothetical(history: h.ProspectHistory, data: DebriefInput, accepted: Sequence[Finding],
                  currencies: frozenset) -> h.ProspectHistory:
    conversation = h.Conversation(
        id=NEW, on=data.on, channel=h.Channel(data.channel), contact_ids=data.contact_ids,
        planned_ask=(data.ask_text or data.ask_rung) if data.answer else "",
        ask_answer=h.AskAnswer(data.answer) if data.answer else None,
        complimented=data.complimented, hedged=data.hedged or data.answer == "hedged", rejected=data.rejected)
    commitments = list(history.commitments)
    status = {"agreed": h.CommitmentStatus.AGREED, "declined": h.CommitmentStatus.DECLINED,
              "unanswered": h.CommitmentStatus.ASKED}.get(data.answer)
    if status is not None:
        commitments.append(h.Commitment(
            id="new-ask", description=data.ask_text, currencies=currencies, asked_on=data.on, status=status,
            rung=data.ask_rung or None, conversation_id=NEW,
            answered_on=data.on if status is not h.CommitmentStatus.ASKED else None,
            due=data.ask_due if status is h.CommitmentStatus.AGREED else None))
    steps = list(history.next_steps)
    if data.step_description.strip():
        steps.append(h.NextStep("new-step", data.step_description, h.StepOwner(data.step_owner), data.on,
                                data.step_due, NEW))
    for i, f in enumerate(accepted):
        if f.kind == "commitment":
            commitments.append(h.Commitment(
                f"new-c{i}", f.text, parse_currencies(f.currencies or ("time",)), data.on,
                h.CommitmentStatus.AGREED, conversation_id=NEW, answered_on=data.on, due=f.due))
        elif f.kind == "next_step":
            steps.append(h.NextStep(f"new-s{i}", f.text, h.StepOwner.BOTH, data.on, f.due, NEW))
    return dataclasses.replace(history, conversations=(*history.conversations, conversation),
                               commitments=tuple(commitments), next_steps=tuple(steps))


def _ask_currencies(workspace: m.Workspace, prospect: m.Prospect, data: DebriefInput) -> frozenset:
    if data.answer in ("", "hedged"):
        return frozenset()
    if data.ask_currencies:
        return parse_currencies(data.ask_currencies)
    if data.ask_rung:
        return ladder_get(workspace, prospect.ladder).rung(data.ask_rung).currencies
    raise DebriefError("choose the rung you asked for, or what it would cost them (time, reputation, money)",
                       "ask_rung")


def debrief_preview(workspace: m.Workspace, prospect: m.Prospect, data: DebriefInput, today: date,
                    findings: Sequence[Finding] = ()) -> Preview:
    """What saving this debrief would record: the computed outcome, and the salvage for a weak one."""
    if data.answer and not (data.ask_text.strip() or data.ask_rung):
        raise DebriefError("say what you asked for", "ask_text")
    accepted = _accepted(data, findings)
    history = _hypothetical(prospect_history(workspace, prospect), data, accepted,
                            _ask_currencies(workspace, prospect, data))
    conversation = history.conversations[-1]
    outcome = conversation_outcome(conversation, history.commitments, history.next_steps)
    ladder = ladder_get(workspace, prospect.ladder)
    result = debrief(history, ladder, NEW, today)
    dated = any(s.conversation_id == NEW and s.due is not None for s in history.next_steps)
    return Preview(outcome, result, outcome.outcome is Outcome.ADVANCED and not dated)


@transaction.atomic
def debrief_save(workspace: m.Workspace, prospect: m.Prospect, data: DebriefInput, today: date,
                 findings: Sequence[Finding] = ()) -> m.Conversation:
    """Log the conversation with its ask, answer, next steps and accepted findings, all or nothing."""
    from .services.commitments import commitment_ask, commitment_set_status
    from .services.conversations import AskInput, StepInput, conversation_log, conversation_refresh_outcome
    from .services.prospects import evidence_add
    from .services.steps import next_step_add

    preview = debrief_preview(workspace, prospect, data, today, findings)
    if preview.needs_dated_step:
        raise DebriefError("an advanced meeting needs a concrete next step with a date: what happens next, "
                           "and when?", "step_due")
    contacts = list(m.Contact.objects.filter(prospect=prospect, pk__in=data.contact_ids))
    ask = None
    if data.answer:
        currencies = _ask_currencies(workspace, prospect, data)
        ask = AskInput(answer=data.answer, text=data.ask_text.strip(), rung=data.ask_rung,
                       currencies=tuple(c.label for c in currencies), due=data.ask_due,
                       amount=data.amount or None)
    step = StepInput(data.step_description.strip(), data.step_owner, data.step_due) \
        if data.step_description.strip() else None
    row, _ = conversation_log(
        prospect=prospect, on=data.on, channel=data.channel, notes=data.notes, contacts=contacts, ask=ask,
        complimented=data.complimented, hedged=data.hedged, rejected=data.rejected, next_step=step)
    for f in _accepted(data, findings):
        if f.kind == "commitment":
            c = commitment_ask(prospect=prospect, on=data.on, description=f.text[:2_000],
                               currencies=list(f.currencies or ("time",)), conversation=row, amount=f.amount)
            commitment_set_status(commitment=c, to="agreed", on=data.on, due=f.due)
        elif f.kind == "next_step":
            next_step_add(prospect=prospect, description=f.text[:2_000], on=data.on, owner="both",
                          due=f.due if f.due and f.due >= data.on else None, conversation=row)
        elif f.kind == "objection":
            next_step_add(prospect=prospect, description=f"Answer their objection: {f.text}"[:2_000],
                          on=data.on, owner="us", conversation=row)
        elif f.kind == "no_budget":
            # No money set aside is a question to answer (whose budget, when), never a commitment.
            next_step_add(prospect=prospect, description=f"Find out who would fund this: {f.text}"[:2_000],
                          on=data.on, owner="us", conversation=row)
        else:
            for criterion in EVIDENCE_BY_KIND.get(f.kind, ()):
                evidence_add(prospect=prospect, criterion=criterion.value, on=data.on, note=f.text[:5_000])
    conversation_refresh_outcome(conversation=row)
    return row
