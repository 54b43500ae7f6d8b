import pytest

from earnest.domain import (
    AdviceKind,
    AskAnswer,
    Classification,
    CloseReason,
    Closure,
    DomainError,
    Outcome,
    Parking,
    brief,
    debrief,
    next_ask,
)
from earnest.domain import CommitmentStatus as S

from .builders import (
    B2B,
    DISCOVERY,
    MICRO,
    TODAY,
    agreed,
    commitment,
    d,
    fulfilled,
    history,
    step,
    talk,
)


def advice(h, ladder=DISCOVERY):
    return next_ask(h, ladder, TODAY)


def test_the_coach_refuses_to_stack_asks_while_one_is_unanswered():
    h = history(
        commitments=(
            fulfilled(1, "follow_up_agenda", on=-20),
            commitment(2, rung="mockup_review", asked=-2),
        )
    )
    a = advice(h)
    assert a.kind is AdviceKind.AWAIT_ANSWER and a.rung == "mockup_review"
    assert "21 Nov 2026" in a.text


def test_an_agreed_commitment_is_followed_through_before_the_next_ask():
    a = advice(history(commitments=(agreed(1, "trial_real_data", on=-2, due=5),)))
    assert a.kind is AdviceKind.FOLLOW_THROUGH and a.rung == "trial_real_data" and "28 Nov 2026" in a.text


def test_an_undated_promise_superseded_by_a_later_one_does_not_block_the_coach():
    h = history(commitments=(agreed(1, "follow_up_agenda", on=-20), fulfilled(2, "mockup_review", on=-5)))
    a = advice(h)
    assert a.kind is AdviceKind.ASK and a.rung == "trial_real_data"


def test_the_next_ask_is_the_rung_above_the_current_one_with_its_wording():
    a = advice(history(commitments=(fulfilled(1, "intro_colleague", on=-3),)))
    assert a.kind is AdviceKind.ASK and a.rung == "intro_decision_maker"
    assert a.wording == DISCOVERY.rung("intro_decision_maker").ask


def test_a_nurture_lead_climbs_the_micro_ladders_nurture_track():
    h = history(
        "micro",
        classification=Classification.NO_CURRENT_OPPORTUNITY,
        commitments=(fulfilled(1, "short_call", on=-30),),
    )
    assert advice(h, MICRO).rung == "receives_information"
    h = history(
        "micro",
        classification=Classification.NO_CURRENT_OPPORTUNITY,
        commitments=(fulfilled(1, "receives_information", on=-3),),
    )
    assert advice(h, MICRO).rung == "periodic_check_in"


def test_a_current_opportunity_stays_on_the_main_track():
    h = history(
        "micro",
        classification=Classification.CURRENT_OPPORTUNITY,
        commitments=(fulfilled(1, "answers_questions", on=-3),),
    )
    assert advice(h, MICRO).rung == "explores_solutions"


@pytest.mark.parametrize(
    "h",
    [
        history(closure=Closure(CloseReason.NO_BUDGET, d(-1), "")),
        history(commitments=(commitment(1, rung="pre_order", status=S.DECLINED),)),
        history("micro", classification=Classification.NOT_A_PROSPECT),
    ],
)
def test_the_coach_stops_on_lost_rejected_and_not_a_prospect(h):
    assert advice(h, MICRO if h.ladder == "micro" else DISCOVERY).kind is AdviceKind.STOP


def test_a_parked_lead_waits():
    assert advice(history(parking=Parking("freeze", d(-1), d(30)))).kind is AdviceKind.WAIT


def test_after_a_hedge_the_coach_salvages_with_a_smaller_rung():
    h = history(
        commitments=(fulfilled(1, "first_conversation", on=-30),),
        conversations=(talk(1, -2, planned_ask="trial_real_data", ask_answer=AskAnswer.HEDGED),),
    )
    a = advice(h)
    assert a.kind is AdviceKind.SALVAGE and a.rung == "follow_up_agenda" and a.wording


def test_when_nothing_smaller_is_left_the_salvage_is_an_introduction():
    h = history(
        commitments=(fulfilled(1, "first_conversation", on=-30),),
        conversations=(talk(1, -2, planned_ask="follow_up_agenda", ask_answer=AskAnswer.HEDGED),),
    )
    a = advice(h)
    assert a.kind is AdviceKind.SALVAGE and a.rung is None and "introduc" in a.wording


def test_a_compliment_with_no_ask_is_salvaged_with_a_concrete_ask():
    a = advice(history(conversations=(talk(1, -2, complimented=True),)))
    assert a.kind is AdviceKind.SALVAGE and a.rung == "first_conversation"


def test_a_broken_promise_is_salvaged_with_something_smaller_but_never_below_what_was_given():
    h = history(
        commitments=(
            fulfilled(1, "follow_up_agenda", on=-40),
            agreed(2, "trial_real_data", on=-30, due=-5),
        )
    )
    a = advice(h)
    # smaller than the trial they broke, above the follow-up they already gave
    assert a.kind is AdviceKind.SALVAGE and a.rung == "mockup_review"


def test_top_of_the_ladder_leaves_nothing_to_ask():
    h = history("b2b", commitments=(fulfilled(1, "refers_others", on=-1),))
    assert advice(h, B2B).kind is AdviceKind.TOP


def test_the_brief_gathers_history_the_ask_and_learning_questions():
    h = history(
        commitments=(fulfilled(1, "intro_colleague", on=-3),),
        conversations=(talk(1, -9, complimented=True), talk(2, -3)),
        next_steps=(step(due=4),),
    )
    b = brief(h, DISCOVERY, TODAY)
    assert [g.id for g in b.recent] == [2, 1]
    assert b.recent[1].outcome is Outcome.COMPLIMENTED
    assert b.ask.rung == "intro_decision_maker" and len(b.open_steps) == 1
    assert 4 <= len(b.questions) <= 6 and all(q.endswith("?") for q in b.questions)


def test_the_debrief_explains_why_a_hedge_failed_and_offers_a_salvage():
    h = history(conversations=(talk(7, -1, planned_ask="pre_order", ask_answer=AskAnswer.HEDGED),))
    result = debrief(h, DISCOVERY, 7, TODAY)
    assert result.outcome is Outcome.HEDGED and result.failure
    assert result.salvage is not None and result.salvage.kind is AdviceKind.SALVAGE


def test_the_debrief_of_an_advancing_conversation_has_no_salvage():
    h = history(
        conversations=(talk(7, -1),),
        commitments=(agreed(1, "mockup_review", on=-1, conversation=7),),
    )
    result = debrief(h, DISCOVERY, 7, TODAY)
    assert result.outcome is Outcome.ADVANCED and result.salvage is None and result.failure == ""


def test_the_debrief_names_an_unknown_conversation():
    with pytest.raises(DomainError, match="no conversation 99"):
        debrief(history(), DISCOVERY, 99, TODAY)
