"""How long an assessment holds: nothing it concludes changes before its next change."""

import re
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from earnest.domain import Assessment, CommitmentStatus, Parking, ProspectHistory, assess
from earnest.domain.agenda import agenda_counts
from earnest.domain.commitments import tally
from earnest.domain.horizon import KEEP_DAYS, next_change, recheck_on, weekly_recheck
from earnest.domain.ladders import Ladder
from earnest.domain.verdicts import assess_many, assess_many_until
from earnest.jsonable import jsonable

from .builders import DISCOVERY, LADDERS, TODAY, agreed, commitment, d, fulfilled, history, step
from .test_invariants import SETTINGS, histories

_DAY_COUNT = re.compile(r"\d+ days")


@st.composite
def generated(draw) -> ProspectHistory:
    """The invariants' histories, some of whose conversations were imported from a calendar
    (an imported meeting waits for its debrief while it is recent)."""
    h = draw(histories())
    imported = draw(st.lists(st.booleans(), min_size=len(h.conversations), max_size=len(h.conversations)))
    return replace(
        h, conversations=tuple(replace(c, imported=i) for c, i in zip(h.conversations, imported, strict=True))
    )


def _text(text: str) -> str:
    # Day counts grow by one each day for every lead; they are not a change (see horizon).
    return _DAY_COUNT.sub("N days", text)


def _next_step_state(h: ProspectHistory, today: date) -> tuple[str, date | None]:
    dated = sorted((s.due, str(s.id)) for s in h.next_steps if s.result is None and s.due is not None)
    if not dated:
        return ("undated" if any(s.result is None for s in h.next_steps) else "none", None)
    due = dated[0][0]
    return ("overdue" if due < today else "due_today" if due == today else "scheduled", due)


def _conclusions(h: ProspectHistory, ladder: Ladder, today: date) -> tuple:
    """Everything an assessment concludes, less the day counts; with the tally, the next step's state
    and the lead's counts on today's agenda."""
    a: Assessment = assess(h, ladder, today)
    return (
        a.verdict,
        tuple((_text(r.text), r.on) for r in a.reasons),
        tuple((w.kind, _text(w.text)) for w in a.warnings),
        (a.stage.current, a.stage.since, a.stage.history),
        jsonable(a.advice),
        a.earlyvangelist,
        sorted(str(t.commitment_id) for t in a.strength.terms),
        tally(h.commitments, today),
        _next_step_state(h, today),
        agenda_counts(h, a, today),
    )


@SETTINGS
@given(generated(), st.integers(min_value=-40, max_value=40))
def test_nothing_an_assessment_concludes_changes_before_its_next_change(h, shift):
    today = TODAY + timedelta(days=shift)
    ladder = LADDERS[h.ladder]
    change = next_change(h, ladder, today)
    assert change is None or change > today
    last = min(change - timedelta(days=1), today + timedelta(days=90)) if change else today + timedelta(days=90)
    then = _conclusions(h, ladder, today)
    day = today + timedelta(days=1)
    while day <= last:
        assert _conclusions(h, ladder, day) == then, f"changed on {day}, before {change}"
        day += timedelta(days=1)


@SETTINGS
@given(generated(), st.integers(min_value=-40, max_value=40))
def test_an_assessment_is_made_again_within_a_week_and_never_after_its_next_change(h, shift):
    today = TODAY + timedelta(days=shift)
    ladder = LADDERS[h.ladder]
    again = recheck_on(h, ladder, today)
    change = next_change(h, ladder, today)
    assert today < again <= today + timedelta(days=KEEP_DAYS)
    assert change is None or again <= change


def test_a_promise_due_ahead_changes_the_day_after_it_is_due():
    h = history(commitments=(agreed(1, "intro_colleague", on=-3, due=3),))
    assert next_change(h, DISCOVERY, TODAY) == d(4)
    assert assess(h, DISCOVERY, d(3)).verdict != assess(h, DISCOVERY, d(4)).verdict


def test_a_parked_lead_changes_the_day_it_wakes():
    h = history(parking=Parking("after the budget round", d(-30), d(12)))
    assert next_change(h, DISCOVERY, TODAY) == d(12)


def test_a_fresh_ask_changes_when_its_grace_runs_out():
    h = history(commitments=(commitment(1, rung="intro_colleague", asked=-2),))
    assert next_change(h, DISCOVERY, TODAY) == d(6)  # asked 2 days ago, 7 days of grace


def test_a_stall_clock_changes_the_day_after_the_rung_allows():
    h = history(commitments=(fulfilled(1, "intro_colleague", on=-5),))
    allowed = DISCOVERY.stall_days_for(DISCOVERY.rung("intro_colleague"))
    assert next_change(h, DISCOVERY, TODAY) == d(-5 + allowed + 1)
    assert assess(h, DISCOVERY, d(-5 + allowed)).verdict.value == "real"
    assert assess(h, DISCOVERY, d(-5 + allowed + 1)).verdict.value == "stalled"


def test_a_step_due_ahead_changes_on_its_day_and_the_day_after():
    h = history(next_steps=(step(1, due=5),))
    assert next_change(h, DISCOVERY, TODAY) == d(5)
    assert next_change(h, DISCOVERY, d(5)) == d(6)


def test_a_lead_with_nothing_dated_ahead_never_changes_by_the_date():
    h = history(commitments=(commitment(1, rung="intro_colleague", asked=-60, status=CommitmentStatus.DECLINED),))
    assert next_change(h, DISCOVERY, TODAY) is None
    assert recheck_on(h, DISCOVERY, TODAY) == weekly_recheck(h.id, TODAY)


def test_the_weekly_rechecks_spread_the_leads_evenly_over_the_week():
    days = Counter(weekly_recheck(n, TODAY) for n in range(7 * 100))
    assert len(days) == KEEP_DAYS and set(days.values()) == {100}
    # A lead keeps its day of the week: judged again on it, it comes back a week later.
    again = weekly_recheck(42, TODAY)
    assert weekly_recheck(42, again) == again + timedelta(days=KEEP_DAYS)


@SETTINGS
@given(st.lists(histories(), min_size=1, max_size=4))
def test_assessing_with_recheck_days_gives_the_same_assessments(hs):
    hs = [replace(h, id=i) for i, h in enumerate(hs)]
    pairs = list(assess_many_until(hs, LADDERS, TODAY))
    assert [a for a, _ in pairs] == list(assess_many(hs, LADDERS, TODAY))
    assert [again for _, again in pairs] == [recheck_on(h, LADDERS[h.ladder], TODAY) for h in hs]


def test_dates_at_the_end_of_the_calendar_turn_on_no_later_day():
    from datetime import date, timedelta

    from earnest.domain.horizon import _shift

    assert _shift(date.max, timedelta(days=1)) == date.max
    assert _shift(date.min, -timedelta(days=3)) == date.min
    assert _shift(date(2026, 12, 1), timedelta(days=1)) == date(2026, 12, 2)
