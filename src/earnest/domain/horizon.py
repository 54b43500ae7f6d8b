"""How long an assessment holds: the first day on which the date alone can change it.

Verdicts move with time: a promise whose due date passes is broken, a lead whose stall clock
runs out is stalled, a parked lead wakes up, a fact dated ahead comes into view. Everything
else a lead's assessment concludes depends on its history only. So an assessment made for one
day still holds on the following days until the first of those dates; a store of assessments
needs to judge again, when the day turns, only the leads whose date has come.

`next_change` is that date. It looks at every rule that reads ``today`` (see `lead_facts`,
`verdict_rules`, `warnings`, `earlyvangelist`, `as_of`, `commitments.effective_status`) and
takes the earliest day after ``today`` on which one of them can answer differently:

- a fact dated after today (a conversation, an ask, an answer, a fulfilment, a step made or
  done, evidence, a closure, a parking, a classification) comes into view on its date;
- an agreed promise is broken from the day after it is due (`effective_status`); so is one
  stored as fulfilled or broken on a later day, which is agreed until then;
- an ask stops counting as fresh after `ANSWER_GRACE_DAYS` (the "waiting for the answer"
  verdict), if it is still unanswered then: stored so, or answered on a later day;
- a next step with a due date is due on that day and overdue from the next (the overdue
  warning, the step that keeps a lead from stalling, the state lists show);
- a parked lead wakes on the day its parking ends;
- the stall clock (the verdict) and the rung's clock (the "stalled in rung" warning) run out
  the day after the rung's allowance, counted from the last advance or the rung's start;
- the lead's items on today's agenda (`agenda.agenda_counts`, stored beside the verdict so a
  workspace's totals are sums): a meeting comes within the days to prepare, a promise within
  the days to come due, an ask needs chasing, a conversation stops being recent.

What is not a change: the numbers that grow by one each day for every lead, because they
would make every lead change every day: the days in the current rung, the idle days that a
stall reason or warning quotes, and each given commitment's age in its strength (the decay;
it shrinks every lead's score by the same factor, so their order does not move). A kept
assessment shows them as of the day it was made. `recheck_on` bounds how old they get: every
lead is judged again at least once a week, on a day of the week set by its id, so a store
judges about a seventh of the leads on a quiet day rather than all of them on one.

The dates are conservative: a lead may be judged again on a day when nothing turns out to
change, never kept past a day when something does (`tests/unit/domain/test_horizon.py`
checks this day by day on generated histories, the assessment and the agenda's counts).
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from .agenda import CHASE_AFTER_DAYS, DUE_SOON_DAYS, PREPARE_AHEAD_DAYS, RECENT_CONVERSATION_DAYS
from .commitments import ANSWER_GRACE_DAYS
from .history import Commitment, CommitmentStatus, Id, NextStep, ProspectHistory
from .ladder_profile import LadderProfile, ladder_profile
from .ladders import Ladder
from .lead_facts import LeadFacts, lead_facts

# The longest an assessment is kept before its day counts are brought up to date.
KEEP_DAYS = 7
_DAY = timedelta(days=1)
_GRACE = timedelta(days=ANSWER_GRACE_DAYS + 1)
_AGREED, _ASKED = CommitmentStatus.AGREED, CommitmentStatus.ASKED
_PREPARE = timedelta(days=PREPARE_AHEAD_DAYS)
_SOON = timedelta(days=DUE_SOON_DAYS)
_CHASE = timedelta(days=CHASE_AFTER_DAYS + 1)
_RECENT = timedelta(days=RECENT_CONVERSATION_DAYS + 1)


def next_change(history: ProspectHistory, ladder: Ladder | LadderProfile, today: date) -> date | None:
    """The first day after `today` on which the date alone can change this lead's assessment;
    None when nothing dated lies ahead."""
    profile = ladder if isinstance(ladder, LadderProfile) else ladder_profile(ladder)
    return next_change_of(history, lead_facts(history, profile, today))


def next_change_of(history: ProspectHistory, facts: LeadFacts) -> date | None:
    """`next_change` from the facts already collected for today (`lead_facts(history, ...)`):
    the assessment's own pass, so the store pays nothing more per lead."""
    today = facts.today
    return min((day for day in _turning_days(history, facts) if day is not None and day > today), default=None)


def _turning_days(history: ProspectHistory, facts: LeadFacts) -> list[date | None]:
    """Every day on which a rule may answer differently than the day before (past ones too)."""
    # The history as stored, not as of today: what lies ahead is what as_of leaves out.
    days: list[date | None] = [history.created_on, history.classified_on]
    for c in history.commitments:
        days += _commitment_days(c)
    for s in history.next_steps:
        days += _step_days(s)
    for talk in history.conversations:
        days += (talk.on, _shift(talk.on, _RECENT))  # no longer recent: off the agenda
    days += [e.on for e in history.evidence]
    if history.closure is not None:
        days.append(history.closure.on)
    if history.parking is not None:
        days += (history.parking.on, history.parking.until)
    # The stall clock and the rung's clock, as the facts stand today: anything that changes
    # those facts (an ask answered, a step passing) is a turning day of its own, above.
    allowed = timedelta(days=facts.profile.ladder.stall_days_for(facts.current_rung) + 1)
    if facts.last_advanced_on is not None:
        days.append(_shift(facts.last_advanced_on, allowed))
    if facts.stage.current is not None:
        days.append(_shift(facts.stage.since, allowed))
    return days


def _shift(day: date, by: timedelta) -> date:
    """`day` moved by `by`, held at the calendar's ends: a step due 9999-12-31 turns on no later day."""
    try:
        return day + by
    except OverflowError:
        return date.max if by > timedelta(0) else date.min


def _commitment_days(c: Commitment) -> list[date | None]:
    days = [c.asked_on, c.answered_on, c.closed_on]
    if c.due is not None:
        # Agreed on the day after it is due (stored so, or fulfilled or broken only later): broken.
        if c.status is _AGREED or (c.closed_on is not None and c.closed_on > c.due):
            days.append(_shift(c.due, _DAY))
        if c.status is _AGREED:
            days.append(_shift(c.due, -_SOON))  # coming due, on the agenda
    # Still unanswered when its grace runs out (stored so, or answered only later): no longer fresh.
    grace_over = _shift(c.asked_on, _GRACE)
    if c.status is _ASKED or (c.answered_on is not None and c.answered_on > grace_over):
        days.append(grace_over)
    if c.status is _ASKED:
        days.append(_shift(c.asked_on, _CHASE))  # an ask to chase, on the agenda
    return days


def _step_days(s: NextStep) -> list[date | None]:
    # Open on its due day and the next (stored so, or done only later): due, then overdue; and a
    # meeting to prepare, on the agenda, from some days before.
    if s.due is not None and (s.result is None or (s.done_on is not None and s.done_on > s.due)):
        return [s.created_on, s.done_on, s.due, _shift(s.due, _DAY), _shift(s.due, -_PREPARE)]
    return [s.created_on, s.done_on]


def recheck_on(history: ProspectHistory, ladder: Ladder | LadderProfile, today: date) -> date:
    """The day a kept assessment must be made again: its next change, or its lead's day of the
    week (at most `KEEP_DAYS` ahead) so that the day counts it shows stay close."""
    profile = ladder if isinstance(ladder, LadderProfile) else ladder_profile(ladder)
    return recheck_on_of(history, lead_facts(history, profile, today))


def recheck_on_of(history: ProspectHistory, facts: LeadFacts) -> date:
    weekly = weekly_recheck(history.id, facts.today)
    change = next_change_of(history, facts)
    return weekly if change is None or weekly < change else change


def weekly_recheck(prospect_id: Id, today: date) -> date:
    """The lead's own day in each `KEEP_DAYS`, after today: ids spread the leads over the week."""
    number = prospect_id if isinstance(prospect_id, int) else zlib.crc32(str(prospect_id).encode())
    return today + timedelta(days=1 + (-(today.toordinal() + 1 + number)) % KEEP_DAYS)
