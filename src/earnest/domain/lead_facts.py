"""One pass over a prospect's history, collecting what every rule reads.

Verdicts, stages, strength, warnings and advice all need the same derived facts
(which commitments were really given, when the lead last moved, what is scheduled).
Computing them once keeps ``assess_many`` linear in the number of events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .as_of import as_of
from .commitments import agreed_on, effective_status, given_on
from .currencies import Currency
from .history import (
    AskAnswer,
    Commitment,
    CommitmentStatus,
    Conversation,
    NextStep,
    ProspectHistory,
    StepResult,
    id_order,
)
from .ladder_profile import LadderProfile, ladder_profile
from .ladders import Ladder, Rung
from .results import Stage, StageEntry

Status = CommitmentStatus
_NOT_YET = Stage((), None, date.min, 0)


@dataclass(slots=True)
class LeadFacts:
    history: ProspectHistory
    profile: LadderProfile
    today: date
    given: list[Commitment] = field(default_factory=list)  # agreed and kept, or fulfilled
    open_asks: list[Commitment] = field(default_factory=list)  # asked, no answer yet
    awaiting: list[Commitment] = field(default_factory=list)  # agreed, not yet fulfilled
    broken: list[Commitment] = field(default_factory=list)
    declined: list[Commitment] = field(default_factory=list)
    reached: dict[str, date] = field(default_factory=dict)  # rung key -> first reached
    delivered: dict[str, date] = field(default_factory=dict)  # rung key -> first fulfilled
    last_advanced_on: date | None = None
    last_given_on: date | None = None  # the latest day they bound themselves to something
    last_no_on: date | None = None
    last_no_text: str = ""
    ever_asked: bool = False
    upcoming_step: NextStep | None = None  # earliest open, dated step with them, not overdue
    overdue_steps: list[NextStep] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)  # oldest first
    stage: Stage = _NOT_YET  # set by lead_facts()

    def rung_of(self, c: Commitment) -> Rung | None:
        return self.profile.rungs.get(c.rung) if c.rung else None

    def currencies_of(self, c: Commitment) -> frozenset[Currency]:
        rung = self.rung_of(c)
        return c.currencies | rung.currencies if rung is not None else c.currencies

    @property
    def last_conversation(self) -> Conversation | None:
        return self.conversations[-1] if self.conversations else None

    @property
    def last_talk(self) -> Conversation | None:
        """The latest conversation in which the prospect actually took part."""
        for conversation in reversed(self.conversations):
            if not conversation.outreach_unanswered:
                return conversation
        return None

    @property
    def current_rung(self) -> Rung | None:
        return self.profile.rungs.get(self.stage.current) if self.stage.current else None


def lead_facts(history: ProspectHistory, ladder: Ladder | LadderProfile, today: date) -> LeadFacts:
    profile = ladder if isinstance(ladder, LadderProfile) else ladder_profile(ladder)
    facts = LeadFacts(as_of(history, today), profile, today)
    _read_commitments(facts)
    _read_conversations(facts)
    _read_steps(facts)
    facts.stage = _stage(facts)
    return facts


def _read_commitments(facts: LeadFacts) -> None:
    today = facts.today
    rungs = facts.profile.rungs
    last_advanced = facts.last_advanced_on
    # "Not this month" turns one ask down and leaves the deal open: a declined ask logged with a
    # conversation that said no clear no to the deal is a soft no, not a rejection (ADR 0022).
    # Only the conversation's clear no, or its planned ask answered "declined", closes the door.
    stalled_in = {
        t.id for t in facts.history.conversations if not t.rejected and t.ask_answer is not AskAnswer.DECLINED
    }
    for c in facts.history.commitments:
        facts.ever_asked = True
        status = effective_status(c, today)
        if status is Status.AGREED or status is Status.FULFILLED:
            facts.given.append(c)
            bound_on = agreed_on(c)
            moved_on = given_on(c)
            if facts.last_given_on is None or bound_on > facts.last_given_on:
                facts.last_given_on = bound_on
            if last_advanced is None or moved_on > last_advanced:
                last_advanced = moved_on
            if status is Status.AGREED:
                facts.awaiting.append(c)
            if c.rung is not None and c.rung in rungs:
                _note_rung(facts, c, c.rung, status)
        elif status is Status.ASKED:
            facts.open_asks.append(c)
        elif status is Status.BROKEN:
            facts.broken.append(c)
        else:
            facts.declined.append(c)
            if c.conversation_id in stalled_in:
                continue
            no_on = c.answered_on or c.asked_on
            if facts.last_no_on is None or no_on >= facts.last_no_on:
                facts.last_no_on = no_on
                facts.last_no_text = c.description or (c.rung or "")
    facts.last_advanced_on = last_advanced


def _note_rung(facts: LeadFacts, c: Commitment, rung: str, status: Status) -> None:
    """The first day a rung was reached and, once fulfilled, delivered."""
    # A rung counts from the day they agreed to it, not the day it was done.
    reached_on = c.answered_on or c.closed_on or c.asked_on
    known = facts.reached.get(rung)
    if known is None or reached_on < known:
        facts.reached[rung] = reached_on
    if status is Status.FULFILLED:
        done_on = c.closed_on or reached_on
        if rung not in facts.delivered or done_on < facts.delivered[rung]:
            facts.delivered[rung] = done_on


def _read_conversations(facts: LeadFacts) -> None:
    conversations = sorted(facts.history.conversations, key=_conversation_order)
    facts.conversations = conversations
    for conversation in conversations:
        # A hedge answers something: they had a chance to commit and stalled, which is a soft no.
        if conversation.planned_ask or conversation.ask_answer is not None or conversation.hedged:
            facts.ever_asked = True
        said_no = conversation.rejected or conversation.ask_answer is AskAnswer.DECLINED
        if said_no and (facts.last_no_on is None or conversation.on >= facts.last_no_on):
            facts.last_no_on = conversation.on
            facts.last_no_text = conversation.planned_ask


def _read_steps(facts: LeadFacts) -> None:
    today = facts.today
    last_advanced = facts.last_advanced_on
    upcoming: NextStep | None = None
    upcoming_due = date.max
    for step in facts.history.next_steps:
        if step.result is None:
            if step.due is None:
                continue
            if step.due < today:
                facts.overdue_steps.append(step)
            elif step.involves_prospect and step.due < upcoming_due:
                upcoming, upcoming_due = step, step.due
        elif step.result is StepResult.YES and step.involves_prospect and step.done_on is not None:
            # A step the prospect took part in and saw through moves the lead too.
            done_on = step.done_on
            last_advanced = done_on if last_advanced is None else max(last_advanced, done_on)
    facts.upcoming_step = upcoming
    facts.last_advanced_on = last_advanced


def _stage(facts: LeadFacts) -> Stage:
    profile = facts.profile
    position = profile.position
    reached = facts.reached
    if not reached:
        since = facts.history.created_on
        return Stage((), None, since, max(0, (facts.today - since).days))
    entries = [StageEntry(key, profile.rungs[key].label, on) for key, on in reached.items()]
    if len(entries) > 1:
        entries.sort(key=lambda e: (e.reached_on, position[e.rung]))
        current = max(reached, key=position.__getitem__)
    else:
        current = entries[0].rung
    since = reached[current]
    return Stage(tuple(entries), current, since, max(0, (facts.today - since).days))


def _conversation_order(conversation: Conversation) -> tuple[date, tuple[int, int, str]]:
    return conversation.on, id_order(conversation.id)
