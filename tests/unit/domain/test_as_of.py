from dataclasses import replace

from earnest.domain import CommitmentStatus as S
from earnest.domain import Verdict, assess
from earnest.domain.as_of import as_of

from .builders import DISCOVERY, TODAY, commitment, d, fulfilled, history, talk


def test_a_history_with_nothing_later_passes_through_untouched():
    h = history(commitments=(fulfilled(1, "intro_colleague"),))
    assert as_of(h, TODAY) is h


def test_a_fulfilment_recorded_after_the_day_is_not_known_on_that_day():
    h = history(commitments=(commitment(1, rung="paid_pilot", status=S.FULFILLED, asked=-20, answered=-15, closed=-5),))
    then = as_of(h, d(-10))
    assert then.commitments[0].status is S.AGREED and then.commitments[0].closed_on is None
    assert assess(h, DISCOVERY, d(-10)).verdict is Verdict.REAL
    assert assess(h, DISCOVERY, TODAY).verdict is Verdict.CUSTOMER


def test_events_after_the_day_are_ignored():
    h = history(commitments=(fulfilled(1, "intro_colleague", on=5),), conversations=(talk(1, on=3),))
    then = as_of(h, TODAY)
    assert then.commitments == () and then.conversations == ()
    assert assess(h, DISCOVERY, TODAY).verdict is Verdict.UNASKED


def test_a_closure_dated_later_does_not_close_the_lead_yet():
    from earnest.domain import CloseReason, Closure

    h = replace(history(), closure=Closure(CloseReason.OTHER, d(4), "later"))
    assert assess(h, DISCOVERY, TODAY).verdict is not Verdict.LOST
