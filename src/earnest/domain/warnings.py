"""Warnings about a lead that is moving, or looks like it is, but has a weak spot."""

from __future__ import annotations

from datetime import date

from .describe import day, plural
from .history import ProspectHistory, Role, id_order
from .ladders import Ladder
from .lead_facts import LeadFacts, lead_facts
from .results import LeadWarning, Stage, WarningKind

_SIGNERS = frozenset({Role.DECISION_MAKER, Role.BUDGET_OWNER})
GHOSTED_AFTER = 2  # unanswered messages in a row


def lead_warnings(
    history: ProspectHistory,
    ladder: Ladder,
    today: date,
    stage: Stage,
) -> tuple[LeadWarning, ...]:
    return warnings_of(lead_facts(history, ladder, today), stage)


def warnings_of(facts: LeadFacts, stage: Stage, explain: bool = True) -> tuple[LeadWarning, ...]:
    """The lead's warnings; with `explain=False` their kinds only, without the words (for a store of verdicts)."""
    history = facts.history
    found: list[LeadWarning] = []
    if facts.conversations and len(history.contacts) < 2:
        count = len(history.contacts)
        known = (f"Only {plural(count, 'contact')}" if count else "No contact") if explain else ""
        found.append(
            LeadWarning(
                WarningKind.SINGLE_THREADED,
                f"{known} recorded; one person leaving or going quiet ends the deal. Ask to meet a colleague."
                if explain
                else "",
            )
        )
    if stage.current is not None and not any(c.role in _SIGNERS for c in history.contacts):
        found.append(
            LeadWarning(
                WarningKind.NO_DECISION_MAKER,
                (
                    "No decision maker or budget owner among the contacts, though the lead is on the "
                    "ladder. Find out who signs."
                ),
            )
        )
    recent = facts.conversations[-GHOSTED_AFTER:]
    if len(recent) == GHOSTED_AFTER and all(c.outreach_unanswered for c in recent):
        found.append(
            LeadWarning(
                WarningKind.GHOSTED,
                f"The last {GHOSTED_AFTER} messages, on {day(recent[0].on)} and {day(recent[-1].on)}, got no reply."
                if explain
                else "",
            )
        )
    for step in sorted(facts.overdue_steps, key=lambda s: (s.due, id_order(s.id))):
        found.append(
            LeadWarning(
                WarningKind.OVERDUE_NEXT_STEP,
                f"Next step {step.description!r} was due {day(step.due)} and is still open." if explain else "",
            )
        )
    if stage.current is not None and facts.upcoming_step is None:
        rung = facts.profile.rungs[stage.current]
        allowed = facts.profile.ladder.stall_days_for(rung)
        if stage.days_in_current > allowed:
            found.append(
                LeadWarning(
                    WarningKind.STALLED_IN_RUNG,
                    (
                        f"On {rung.label!r} since {day(stage.since)}: {stage.days_in_current} days, "
                        f"more than the {allowed} this rung allows, and nothing dated with them ahead."
                    )
                    if explain
                    else "",
                )
            )
    return tuple(found)
