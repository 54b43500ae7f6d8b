import pytest

from earnest.domain import (
    AskAnswer,
    Classification,
    CloseReason,
    Closure,
    DomainError,
    Parking,
    Verdict,
    assess,
    assess_many,
)
from earnest.domain import CommitmentStatus as S

from .builders import (
    B2B,
    DISCOVERY,
    LADDERS,
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


def verdict(h, ladder=DISCOVERY):
    return assess(h, ladder, TODAY).verdict


def test_a_closed_lead_is_lost_with_its_reason_and_note():
    h = history(
        closure=Closure(CloseReason.COMPETITOR, d(-3), "Bought a suite"),
        commitments=(fulfilled(1, "paid_pilot"),),
    )
    a = assess(h, DISCOVERY, TODAY)
    assert a.verdict is Verdict.LOST
    assert "competitor" in a.reasons[0].text and "Bought a suite" in a.reasons[0].text


def test_a_parked_lead_waits_until_its_date():
    h = history(parking=Parking("budget freeze", d(-10), d(5)))
    assert verdict(h) is Verdict.PARKED


def test_a_parked_lead_wakes_up_on_its_date_and_says_so():
    h = history(
        parking=Parking("budget freeze", d(-10), d(0)),
        commitments=(agreed(1, "mockup_review", on=-2),),
    )
    a = assess(h, DISCOVERY, TODAY)
    assert a.verdict is Verdict.REAL
    assert "Woke up on 23 Nov 2026" in a.reasons[0].text


def test_not_a_prospect_comes_before_anything_given():
    h = history(classification=Classification.NOT_A_PROSPECT, commitments=(agreed(1, "short_call"),))
    assert verdict(h, MICRO) is Verdict.NOT_A_PROSPECT


def test_a_fulfilled_commitment_on_the_customer_line_makes_a_customer():
    assert verdict(history("b2b", commitments=(fulfilled(1, "annual_license"),)), B2B) is Verdict.CUSTOMER
    h = history("b2b", commitments=(fulfilled(1, "annual_license"), fulfilled(2, "testimonial")))
    assert verdict(h, B2B) is Verdict.CUSTOMER


def test_a_reference_without_a_logged_purchase_is_real_not_a_customer():
    # a testimonial is reputation given, not money: only the purchase makes a customer
    a = assess(history("b2b", commitments=(fulfilled(1, "testimonial"),)), B2B, TODAY)
    assert a.verdict is Verdict.REAL
    assert a.stage.current == "testimonial"


def test_a_promise_to_buy_is_a_real_lead_not_yet_a_customer():
    assert verdict(history("b2b", commitments=(agreed(1, "annual_license", on=-5),)), B2B) is Verdict.REAL


def test_a_broken_purchase_does_not_make_a_customer():
    h = history("b2b", commitments=(agreed(1, "annual_license", on=-30, due=-1),))
    assert verdict(h, B2B) is Verdict.ZOMBIE


def test_a_clear_no_with_nothing_given_after_is_rejected():
    h = history(
        commitments=(
            agreed(1, "follow_up_agenda", on=-30),
            commitment(2, rung="pre_order", status=S.DECLINED, asked=-10),
        )
    )
    a = assess(h, DISCOVERY, TODAY)
    assert a.verdict is Verdict.REJECTED and "13 Nov 2026" in a.reasons[0].text


def test_something_given_after_a_no_outweighs_it():
    h = history(
        conversations=(talk(1, -20, rejected=True),),
        commitments=(agreed(1, "follow_up_agenda", on=-5),),
    )
    assert verdict(h) is Verdict.REAL


def test_no_current_opportunity_is_nurture():
    h = history(
        "micro",
        classification=Classification.NO_CURRENT_OPPORTUNITY,
        commitments=(agreed(1, "receives_information", on=-3),),
    )
    assert verdict(h, MICRO) is Verdict.NURTURE


def test_never_asked_is_unasked():
    assert verdict(history(conversations=(talk(1, -5, complimented=True),))) is Verdict.UNASKED


def test_a_planned_ask_counts_as_asking():
    h = history(conversations=(talk(1, -5, planned_ask="pilot", ask_answer=AskAnswer.HEDGED, hedged=True),))
    assert verdict(h) is Verdict.ZOMBIE


def test_a_given_commitment_makes_a_real_lead_with_dated_reasons():
    a = assess(
        history(commitments=(agreed(1, "intro_colleague", on=-3, description="intro to CFO"),)),
        DISCOVERY,
        TODAY,
    )
    assert a.verdict is Verdict.REAL
    assert a.reasons[0].text == "Agreed on 20 Nov 2026 to 'intro to CFO' (reputation)."


def test_only_broken_promises_make_a_zombie_not_a_real_lead():
    assert verdict(history(commitments=(agreed(1, "trial_real_data", on=-30, due=-10),))) is Verdict.ZOMBIE


def test_a_lead_stalls_after_its_rungs_stall_days_without_advancing():
    # intro_colleague allows 21 days
    assert verdict(history(commitments=(fulfilled(1, "intro_colleague", on=-21),))) is Verdict.REAL
    assert verdict(history(commitments=(fulfilled(1, "intro_colleague", on=-22),))) is Verdict.STALLED


def test_the_stall_threshold_follows_the_rung():
    # paid_pilot allows 45 days, first_conversation 14
    assert verdict(history(commitments=(fulfilled(1, "paid_pilot", on=-40),))) is Verdict.CUSTOMER
    assert verdict(history(commitments=(fulfilled(1, "first_conversation", on=-15),))) is Verdict.STALLED
    assert verdict(history(commitments=(fulfilled(1, "trial_real_data", on=-29),))) is Verdict.REAL


def test_a_done_step_with_the_prospect_counts_as_advancement():
    from earnest.domain import StepResult

    done = step(due=-3, result=StepResult.YES, done_on=d(-3))
    h = history(commitments=(fulfilled(1, "intro_colleague", on=-60),), next_steps=(done,))
    assert verdict(h) is Verdict.REAL


def test_a_future_dated_step_with_the_prospect_means_never_stalled():
    h = history(commitments=(fulfilled(1, "intro_colleague", on=-200),), next_steps=(step(due=10),))
    assert verdict(h) is Verdict.REAL


def test_assess_many_uses_each_historys_own_ladder():
    histories = [
        history("discovery", commitments=(fulfilled(1, "paid_pilot"),)),
        history("b2b", commitments=(agreed(1, "shares_needs", on=-1),)),
    ]
    assert [a.verdict for a in assess_many(histories, LADDERS, TODAY)] == [
        Verdict.CUSTOMER,
        Verdict.REAL,
    ]


def test_assess_many_names_a_missing_ladder():
    with pytest.raises(DomainError, match="nope"):
        list(assess_many([history("nope")], LADDERS, TODAY))


def test_assess_fills_every_part():
    a = assess(history(commitments=(agreed(1, "intro_colleague", on=-3),)), DISCOVERY, TODAY)
    assert a.prospect_id == 1 and a.stage.current == "intro_colleague"
    assert a.strength.score > 0 and a.advice.text


def test_a_fresh_ask_waits_for_its_answer_before_the_lead_counts_as_a_zombie():
    fresh = commitment(1, rung="intro_colleague", status=S.ASKED, asked=-2)
    a = assess(history(commitments=(fresh,)), DISCOVERY, TODAY)
    assert a.verdict is Verdict.UNASKED and "waiting for the answer" in a.reasons[0].text
    stale = commitment(1, rung="intro_colleague", status=S.ASKED, asked=-20)
    assert verdict(history(commitments=(stale,)), DISCOVERY) is Verdict.ZOMBIE


def test_a_no_followed_by_a_classification_as_later_opportunity_is_nurture():
    from earnest.domain.history import Classification

    h = history(
        "micro",
        commitments=(commitment(1, rung="purchase", status=S.DECLINED, asked=-10),),
        classification=Classification.NO_CURRENT_OPPORTUNITY,
        classified_on=d(-5),
    )
    assert verdict(h, MICRO) is Verdict.NURTURE


def test_a_no_with_a_meeting_agreed_the_same_day_does_not_end_the_lead():
    from earnest.domain.history import StepOwner

    h = history(
        commitments=(commitment(1, rung="pre_order", status=S.DECLINED, asked=-3),),
        next_steps=(step(1, owner=StepOwner.BOTH, created=-3, due=4),),
    )
    assert verdict(h, DISCOVERY) is not Verdict.REJECTED


def test_an_ask_turned_down_in_a_conversation_that_stalled_is_a_soft_no():
    # "not before the board meets" with "touch base in the new year": the door is left open
    h = history(
        conversations=(talk(1, -3, hedged=True),),
        commitments=(commitment(1, rung="letter_of_intent", status=S.DECLINED, asked=-3, conversation=1),),
    )
    assert verdict(h) is Verdict.ZOMBIE


def test_an_ask_turned_down_without_a_no_to_the_deal_is_a_soft_no():
    # "not this month" to the LOI, nothing else said: one ask refused, the deal left open (ADR 0022)
    h = history(
        conversations=(talk(1, -3),),
        commitments=(commitment(1, rung="letter_of_intent", status=S.DECLINED, asked=-3, conversation=1),),
    )
    assert verdict(h) is Verdict.ZOMBIE


def test_a_planned_ask_answered_declined_is_a_clear_no():
    # the seller chose "declined" as their answer in the debrief: that is their word for the no
    h = history(
        conversations=(talk(1, -3, planned_ask="letter_of_intent", ask_answer=AskAnswer.DECLINED),),
        commitments=(commitment(1, rung="letter_of_intent", status=S.DECLINED, asked=-3, conversation=1),),
    )
    assert verdict(h) is Verdict.REJECTED


def test_an_ask_turned_down_outside_any_conversation_is_a_clear_no():
    h = history(commitments=(commitment(1, rung="letter_of_intent", status=S.DECLINED, asked=-3),))
    assert verdict(h) is Verdict.REJECTED


def test_a_stall_beside_a_clear_no_is_still_a_no():
    h = history(
        conversations=(talk(1, -3, hedged=True, rejected=True),),
        commitments=(commitment(1, rung="letter_of_intent", status=S.DECLINED, asked=-3, conversation=1),),
    )
    assert verdict(h) is Verdict.REJECTED
