"""Today's agenda: what needs the user's attention, each item one step from its fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .commitments import ANSWER_GRACE_DAYS
from .history import CommitmentStatus, Id, ProspectHistory
from .outcomes import conversation_outcome
from .results import Assessment, Outcome, Verdict

# An agreed commitment due within this many days shows up as coming due.
DUE_SOON_DAYS = 7
# An ask unanswered for longer than this needs chasing.
CHASE_AFTER_DAYS = ANSWER_GRACE_DAYS
# A weak conversation older than this is history, not today's business.
RECENT_CONVERSATION_DAYS = 14
_CLOSED_VERDICTS = {Verdict.LOST, Verdict.NOT_A_PROSPECT, Verdict.REJECTED}


@dataclass(frozen=True, slots=True)
class AgendaItem:
    kind: str
    prospect_id: Id
    prospect: str
    text: str
    on: date | None = None
    ref: Id | None = None


@dataclass(frozen=True, slots=True)
class Agenda:
    today: date
    overdue_steps: tuple[AgendaItem, ...] = ()
    due_today: tuple[AgendaItem, ...] = ()
    commitments_due: tuple[AgendaItem, ...] = ()
    broken_commitments: tuple[AgendaItem, ...] = ()
    unanswered_asks: tuple[AgendaItem, ...] = ()
    no_next_step: tuple[AgendaItem, ...] = ()
    stalled: tuple[AgendaItem, ...] = ()
    zombies: tuple[AgendaItem, ...] = ()
    woke_up: tuple[AgendaItem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


def agenda(pairs: Iterable[tuple[ProspectHistory, Assessment]], today: date) -> Agenda:
    lists: dict[str, list[AgendaItem]] = {
        name: [] for name in ("overdue_steps", "due_today", "commitments_due", "broken_commitments",
                              "unanswered_asks", "no_next_step", "stalled", "zombies", "woke_up")
    }
    soon = today + timedelta(days=DUE_SOON_DAYS)
    for history, assessment in pairs:
        if assessment.verdict in _CLOSED_VERDICTS or assessment.verdict is Verdict.PARKED:
            continue

        def item(kind: str, text: str, on: date | None = None, ref: Id | None = None,
                 _h: ProspectHistory = history) -> AgendaItem:
            return AgendaItem(kind, _h.id, _h.name, text, on, ref)

        for step in history.next_steps:
            if step.open and step.due is not None:
                if step.due < today:
                    lists["overdue_steps"].append(
                        item("overdue_step", step.description, step.due, step.id))
                elif step.due == today:
                    lists["due_today"].append(
                        item("due_today", step.description, step.due, step.id))
        for c in history.commitments:
            if c.status is CommitmentStatus.AGREED and c.due is not None:
                if c.due < today:
                    lists["broken_commitments"].append(
                        item("broken_commitment", c.description, c.due, c.id))
                elif c.due <= soon:
                    lists["commitments_due"].append(
                        item("commitment_due", c.description, c.due, c.id))
            elif (c.status is CommitmentStatus.ASKED
                  and (today - c.asked_on).days > CHASE_AFTER_DAYS):
                lists["unanswered_asks"].append(
                    item("unanswered_ask", c.description, c.asked_on, c.id))
        if history.conversations:
            last = max(history.conversations, key=lambda cv: (cv.on, str(cv.id)))
            if (today - last.on).days <= RECENT_CONVERSATION_DAYS and not last.outreach_unanswered:
                result = conversation_outcome(last, history.commitments, history.next_steps)
                if result.outcome not in (Outcome.ADVANCED, Outcome.REJECTED):
                    lists["no_next_step"].append(item(
                        "weak_conversation",
                        f"Conversation ended {result.outcome.value.replace('_', ' ')} "
                        "with no commitment",
                        last.on, last.id))
        if assessment.verdict is Verdict.STALLED:
            lists["stalled"].append(
                item("stalled", _first_reason(assessment), assessment.stage.since))
        elif assessment.verdict is Verdict.ZOMBIE:
            lists["zombies"].append(item("zombie", _first_reason(assessment)))
        if history.parking is not None and history.parking.until <= today:
            parking = history.parking
            lists["woke_up"].append(item(
                "woke_up", f"Parked until {parking.until}: {parking.reason}", parking.until))
    for name in lists:
        lists[name].sort(key=lambda i: (i.on or today, str(i.prospect)))
    return Agenda(today=today, counts={k: len(v) for k, v in lists.items()},
                  **{k: tuple(v) for k, v in lists.items()})


def _first_reason(assessment: Assessment) -> str:
    return assessment.reasons[0].text if assessment.reasons else str(assessment.verdict)
