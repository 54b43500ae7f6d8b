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
from .history import Channel, Commitment, CommitmentStatus, Conversation, Id, NextStep, ProspectHistory, StepOwner
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
        if not on_agenda(assessment):
            continue
        _add_step_items(lists, history, today)
        _add_commitment_items(lists, history, today)
        _add_conversation_items(lists, history, today)
        _add_status_items(lists, history, assessment, today)
    for name in lists:
        lists[name].sort(key=item_order)
    return Agenda(today=today, counts={k: len(v) for k, v in lists.items()}, **{k: tuple(v) for k, v in lists.items()})


def agenda_counts(history: ProspectHistory, assessment: Assessment, today: date) -> dict[str, int]:
    """How many items one lead puts on each of today's lists: `agenda`'s counts for this lead
    alone, by the same rules, without making the items (stored with the lead's verdict, so that
    a workspace's totals are sums)."""
    counts = dict.fromkeys(LISTS, 0)
    if not on_agenda(assessment):
        return counts
    for step in history.next_steps:
        name = step_list(step, today)
        if name is not None:
            counts[name] += 1
    for c in history.commitments:
        name = commitment_list(c, today)
        if name is not None:
            counts[name] += 1
    waiting = _awaiting(history, today)
    counts["to_debrief"] += len(waiting)
    if weak_last_talk(history, today, waiting) is not None:
        counts["no_next_step"] += 1
    if assessment.verdict is Verdict.STALLED:
        counts["stalled"] += 1
    elif assessment.verdict is Verdict.ZOMBIE:
        counts["zombies"] += 1
    if woke_up(history, today):
        counts["woke_up"] += 1
    return counts


def on_agenda(assessment: Assessment) -> bool:
    """Leads closed, refused or set aside put nothing on the agenda."""
    return assessment.verdict not in _CLOSED_VERDICTS and assessment.verdict is not Verdict.PARKED


def step_list(step: NextStep, today: date) -> str | None:
    """The list an open step is on today: ours is a to-do; a meeting past is one to debrief, one
    within `PREPARE_AHEAD_DAYS` one to prepare."""
    if not step.open:
        return None
    if step.owner not in MEETING_OWNERS:
        return "todos"
    if step.due is not None and step.due < today:
        return "to_debrief"
    if step.due is not None and step.due <= today + timedelta(days=PREPARE_AHEAD_DAYS):
        return "to_prepare"
    return None


def commitment_list(c: Commitment, today: date) -> str | None:
    """The list a commitment is on today: agreed and past its date, agreed and due within
    `DUE_SOON_DAYS`, or asked and unanswered for longer than `CHASE_AFTER_DAYS`."""
    if c.status is CommitmentStatus.AGREED and c.due is not None:
        if c.due < today:
            return "broken_commitments"
        return "commitments_due" if c.due <= today + timedelta(days=DUE_SOON_DAYS) else None
    if c.status is CommitmentStatus.ASKED and (today - c.asked_on).days > CHASE_AFTER_DAYS:
        return "unanswered_asks"
    return None


def weak_last_talk(
    history: ProspectHistory, today: date, waiting: set[Id] | None = None
) -> tuple[Conversation, Outcome] | None:
    """The lead's last conversation, when it is recent, they took part, it is not an imported
    meeting still awaiting its debrief (`waiting`), and it came to nothing."""
    waiting = _awaiting(history, today) if waiting is None else waiting
    last = latest_conversation(history.conversations)
    if (
        last is None
        or last.id in waiting
        or (today - last.on).days > RECENT_CONVERSATION_DAYS
        or last.outreach_unanswered
    ):
        return None
    outcome = conversation_outcome(last, history.commitments, history.next_steps).outcome
    return None if outcome in (Outcome.ADVANCED, Outcome.REJECTED) else (last, outcome)


def woke_up(history: ProspectHistory, today: date) -> bool:
    return history.parking is not None and history.parking.until <= today


def _awaiting(history: ProspectHistory, today: date) -> set[Id]:
    return {cv.id for cv in history.conversations if awaiting_debrief(cv, history, today)}


_Lists = dict[str, list[AgendaItem]]


def _item(history: ProspectHistory, kind: str, text: str, on: date | None = None, ref: Id | None = None) -> AgendaItem:
    return AgendaItem(kind, history.id, history.name, text, on, ref)


_STEP_KINDS = {"todos": "todo", "to_debrief": "debrief_step", "to_prepare": "prepare"}
_COMMITMENT_KINDS = {
    "broken_commitments": "broken_commitment",
    "commitments_due": "commitment_due",
    "unanswered_asks": "unanswered_ask",
}


def _add_step_items(lists: _Lists, history: ProspectHistory, today: date) -> None:
    """Open steps: our own are to-dos; a meeting past is to debrief, one coming soon to prepare."""
    for step in history.next_steps:
        name = step_list(step, today)
        if name is not None:
            lists[name].append(_item(history, _STEP_KINDS[name], step.description, step.due, step.id))


def _add_commitment_items(lists: _Lists, history: ProspectHistory, today: date) -> None:
    """Agreed commitments overdue or due soon, and asks left unanswered too long."""
    for c in history.commitments:
        name = commitment_list(c, today)
        if name is not None:
            on = c.asked_on if name == "unanswered_asks" else c.due
            lists[name].append(_item(history, _COMMITMENT_KINDS[name], c.description, on, c.id))


def _add_conversation_items(lists: _Lists, history: ProspectHistory, today: date) -> None:
    """Imported meetings awaiting a debrief, and a recent last conversation that came to nothing."""
    waiting = _awaiting(history, today)
    for cv in history.conversations:
        if cv.id in waiting:
            text = cv.summary or "Imported meeting"
            lists["to_debrief"].append(_item(history, "debrief_meeting", text, cv.on, cv.id))
    weak = weak_last_talk(history, today, waiting)
    if weak is not None:
        last, outcome = weak
        lists["no_next_step"].append(_item(history, "weak_conversation", weak_text(outcome), last.on, last.id))


def _add_status_items(lists: _Lists, history: ProspectHistory, assessment: Assessment, today: date) -> None:
    """Stalled and zombie leads, and parked ones whose parking has run out."""
    if assessment.verdict is Verdict.STALLED:
        lists["stalled"].append(_item(history, "stalled", _first_reason(assessment), assessment.stage.since))
    elif assessment.verdict is Verdict.ZOMBIE:
        lists["zombies"].append(_item(history, "zombie", _first_reason(assessment)))
    parking = history.parking
    if parking is not None and woke_up(history, today):
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
