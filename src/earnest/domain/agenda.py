"""Today's agenda: what needs the user's attention, each item one step from its fix.

A next step that involves the prospect (owner `prospect` or `both`) is a meeting: before its
date it is one to prepare, after it one to debrief. A step that only we own is a to-do, listed
whether it has a date or not. A meeting imported from a calendar, with no ask and nothing that
came of it recorded yet, is waiting for its debrief.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .commitments import ANSWER_GRACE_DAYS
from .describe import day
from .history import Channel, CommitmentStatus, Conversation, Id, ProspectHistory, StepOwner
from .outcomes import conversation_outcome
from .results import Assessment, Outcome, Verdict

# An agreed commitment due within this many days shows up as coming due.
DUE_SOON_DAYS = 7
# A meeting this many days ahead or fewer is one to prepare.
PREPARE_AHEAD_DAYS = 7
# An ask unanswered for longer than this needs chasing.
CHASE_AFTER_DAYS = ANSWER_GRACE_DAYS
# A weak conversation (or an imported meeting never debriefed) older than this is history.
RECENT_CONVERSATION_DAYS = 14
_CLOSED_VERDICTS = {Verdict.LOST, Verdict.NOT_A_PROSPECT, Verdict.REJECTED}
MEETING_OWNERS = frozenset({StepOwner.PROSPECT, StepOwner.BOTH})

# The lists, in the order a person works through them.
LISTS = (
    "to_debrief",
    "to_prepare",
    "todos",
    "broken_commitments",
    "commitments_due",
    "unanswered_asks",
    "no_next_step",
    "stalled",
    "zombies",
    "woke_up",
)

# Each list's heading, the same on the page, in the digest and in the terminal.
TITLES = {
    "to_debrief": "Meetings to debrief",
    "to_prepare": "Meetings to prepare",
    "todos": "Our to-dos",
    "broken_commitments": "Promises past their date",
    "commitments_due": "Commitments coming due",
    "unanswered_asks": "Asks still waiting for an answer",
    "no_next_step": "Conversations that ended without a commitment",
    "stalled": "Stalled leads",
    "zombies": "Zombie leads: friendly, but nothing given",
    "woke_up": "Parked leads that woke up",
}


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
    to_debrief: tuple[AgendaItem, ...] = ()
    to_prepare: tuple[AgendaItem, ...] = ()
    todos: tuple[AgendaItem, ...] = ()
    broken_commitments: tuple[AgendaItem, ...] = ()
    commitments_due: tuple[AgendaItem, ...] = ()
    unanswered_asks: tuple[AgendaItem, ...] = ()
    no_next_step: tuple[AgendaItem, ...] = ()
    stalled: tuple[AgendaItem, ...] = ()
    zombies: tuple[AgendaItem, ...] = ()
    woke_up: tuple[AgendaItem, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


def id_order(value: Id | None) -> tuple[int, int, str]:
    """Ids sort as numbers (9 before 10), whatever their type; a missing id first."""
    if value is None:
        return (0, 0, "")
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return (1, int(value), "")
    return (2, 0, str(value))


def latest_conversation(conversations: Iterable[Conversation]) -> Conversation | None:
    """The last conversation: by date, then by id as a number, so the later of one day's two wins."""
    return max(conversations, key=lambda cv: (cv.on, id_order(cv.id)), default=None)


def awaiting_debrief(conversation: Conversation, history: ProspectHistory, today: date) -> bool:
    """An imported meeting, recent, where nobody has yet recorded an ask or anything that came of it."""
    if not (conversation.imported and conversation.channel is Channel.MEETING) or conversation.outreach_unanswered:
        return False
    if conversation.planned_ask or (today - conversation.on).days > RECENT_CONVERSATION_DAYS:
        return False
    return not any(c.conversation_id == conversation.id for c in history.commitments) and not any(
        s.conversation_id == conversation.id for s in history.next_steps
    )


def agenda(pairs: Iterable[tuple[ProspectHistory, Assessment]], today: date) -> Agenda:
    """What needs doing today across the open leads, in named lists, each in `item_order`."""
    lists: _Lists = {name: [] for name in LISTS}
    for history, assessment in pairs:
        if assessment.verdict in _CLOSED_VERDICTS or assessment.verdict is Verdict.PARKED:
            continue
        _add_step_items(lists, history, today)
        _add_commitment_items(lists, history, today)
        _add_conversation_items(lists, history, today)
        _add_status_items(lists, history, assessment, today)
    for name in lists:
        lists[name].sort(key=item_order)
    return Agenda(today=today, counts={k: len(v) for k, v in lists.items()}, **{k: tuple(v) for k, v in lists.items()})


_Lists = dict[str, list[AgendaItem]]


def _item(history: ProspectHistory, kind: str, text: str, on: date | None = None, ref: Id | None = None) -> AgendaItem:
    return AgendaItem(kind, history.id, history.name, text, on, ref)


def _add_step_items(lists: _Lists, history: ProspectHistory, today: date) -> None:
    """Open steps: our own are to-dos; a meeting past is to debrief, one coming soon to prepare."""
    ahead = today + timedelta(days=PREPARE_AHEAD_DAYS)
    for step in history.next_steps:
        if not step.open:
            continue
        if step.owner not in MEETING_OWNERS:
            lists["todos"].append(_item(history, "todo", step.description, step.due, step.id))
        elif step.due is not None and step.due < today:
            lists["to_debrief"].append(_item(history, "debrief_step", step.description, step.due, step.id))
        elif step.due is not None and step.due <= ahead:
            lists["to_prepare"].append(_item(history, "prepare", step.description, step.due, step.id))


def _add_commitment_items(lists: _Lists, history: ProspectHistory, today: date) -> None:
    """Agreed commitments overdue or due soon, and asks left unanswered too long."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    for c in history.commitments:
        if c.status is CommitmentStatus.AGREED and c.due is not None:
            if c.due < today:
                lists["broken_commitments"].append(_item(history, "broken_commitment", c.description, c.due, c.id))
            elif c.due <= soon:
                lists["commitments_due"].append(_item(history, "commitment_due", c.description, c.due, c.id))
        elif c.status is CommitmentStatus.ASKED and (today - c.asked_on).days > CHASE_AFTER_DAYS:
            lists["unanswered_asks"].append(_item(history, "unanswered_ask", c.description, c.asked_on, c.id))


def _add_conversation_items(lists: _Lists, history: ProspectHistory, today: date) -> None:
    """Imported meetings awaiting a debrief, and a recent last conversation that came to nothing."""
    waiting = {cv.id for cv in history.conversations if awaiting_debrief(cv, history, today)}
    for cv in history.conversations:
        if cv.id in waiting:
            text = cv.summary or "Imported meeting"
            lists["to_debrief"].append(_item(history, "debrief_meeting", text, cv.on, cv.id))
    last = latest_conversation(history.conversations)
    if (
        last is None
        or last.id in waiting
        or (today - last.on).days > RECENT_CONVERSATION_DAYS
        or last.outreach_unanswered
    ):
        return
    result = conversation_outcome(last, history.commitments, history.next_steps)
    if result.outcome not in (Outcome.ADVANCED, Outcome.REJECTED):
        lists["no_next_step"].append(_item(history, "weak_conversation", weak_text(result.outcome), last.on, last.id))


def _add_status_items(lists: _Lists, history: ProspectHistory, assessment: Assessment, today: date) -> None:
    """Stalled and zombie leads, and parked ones whose parking has run out."""
    if assessment.verdict is Verdict.STALLED:
        lists["stalled"].append(_item(history, "stalled", _first_reason(assessment), assessment.stage.since))
    elif assessment.verdict is Verdict.ZOMBIE:
        lists["zombies"].append(_item(history, "zombie", _first_reason(assessment)))
    parking = history.parking
    if parking is not None and parking.until <= today:
        lists["woke_up"].append(
            _item(history, "woke_up", f"Parked until {day(parking.until)}: {parking.reason}", parking.until)
        )


def item_order(i: AgendaItem) -> tuple[bool, date, str, tuple[int, int, str], tuple[int, int, str]]:
    """Dated items first, oldest first; undated to-dos after them; then by lead and the item's id."""
    return (i.on is None, i.on or date.min, i.prospect, id_order(i.prospect_id), id_order(i.ref))


_WEAK_TEXT = {
    Outcome.HEDGED: "The conversation ended in a hedge, with no commitment",
    Outcome.COMPLIMENTED: "The conversation ended in compliments, with no commitment",
    Outcome.NO_NEXT_STEP: "The conversation ended with no next step and no commitment",
}


def weak_text(outcome: Outcome) -> str:
    """What a weak conversation amounted to, as a sentence."""
    return _WEAK_TEXT.get(outcome, "The conversation ended with no commitment")


def _first_reason(assessment: Assessment) -> str:
    return assessment.reasons[0].text if assessment.reasons else str(assessment.verdict)
