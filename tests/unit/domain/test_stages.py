from earnest.domain import CommitmentStatus as S
from earnest.domain import stage

from .builders import DISCOVERY, TODAY, agreed, commitment, d, fulfilled, history


def test_before_any_rung_the_stage_starts_with_the_prospect():
    result = stage(history(created=-30), DISCOVERY, TODAY)
    assert (result.current, result.since, result.days_in_current, result.history) == (
        None,
        d(-30),
        30,
        (),
    )


def test_the_current_rung_is_the_highest_by_ladder_position_not_the_latest():
    commitments = (agreed(1, "intro_colleague", on=-40), agreed(2, "follow_up_agenda", on=-10))
    result = stage(history(commitments=commitments), DISCOVERY, TODAY)
    assert result.current == "intro_colleague"
    assert (result.since, result.days_in_current) == (d(-40), 40)
    assert [e.rung for e in result.history] == ["intro_colleague", "follow_up_agenda"]


def test_a_rung_is_reached_on_the_day_it_was_agreed():
    c = commitment(1, rung="mockup_review", status=S.FULFILLED, asked=-20, answered=-18, closed=-5)
    assert stage(history(commitments=(c,)), DISCOVERY, TODAY).history[0].reached_on == d(-18)


def test_declined_broken_and_unanswered_asks_reach_nothing():
    commitments = (
        commitment(1, rung="pre_order", status=S.DECLINED),
        commitment(2, rung="deposit", status=S.BROKEN),
        agreed(3, rung="letter_of_intent", due=-1),
        commitment(4, rung="paid_pilot"),
    )
    assert stage(history(commitments=commitments), DISCOVERY, TODAY).current is None


def test_a_rung_reached_twice_counts_from_the_first_time():
    commitments = (fulfilled(1, "mockup_review", on=-30), agreed(2, "mockup_review", on=-3))
    result = stage(history(commitments=commitments), DISCOVERY, TODAY)
    assert len(result.history) == 1 and result.since == d(-30)


def test_commitments_without_a_known_rung_do_not_move_the_stage():
    commitments = (agreed(1, None), agreed(2, "no_such_rung"))
    assert stage(history(commitments=commitments), DISCOVERY, TODAY).current is None
