import pytest

from earnest.domain import Currency, commitment_strength

from .builders import B2B, DISCOVERY, TODAY, agreed, fulfilled, history


def strength(*commitments, ladder=DISCOVERY):
    return commitment_strength(history(ladder.key, commitments=commitments), ladder, TODAY)


def test_no_commitments_no_strength():
    assert strength().score == 0 and strength().terms == ()


def test_a_fresh_fulfilled_commitment_on_the_top_rung_scores_100():
    assert strength(fulfilled(1, "paid_pilot", on=0)).score == 100


def test_fulfilled_counts_more_than_agreed():
    assert strength(fulfilled(1, "mockup_review", on=0)).score > strength(agreed(1, "mockup_review", on=0)).score


def test_money_counts_more_than_reputation_more_than_time():
    def alone(currency):
        return strength(fulfilled(1, None, on=0, currencies=(currency,))).score

    assert alone(Currency.MONEY) > alone(Currency.REPUTATION) > alone(Currency.TIME) > 0


def test_several_currencies_add_a_bonus():
    one = strength(fulfilled(1, None, on=0, currencies=(Currency.TIME,))).terms[0]
    two = strength(fulfilled(1, None, on=0, currencies=(Currency.TIME, Currency.REPUTATION))).terms[0]
    assert two.base > one.base


def test_strength_halves_every_ninety_days():
    fresh = strength(fulfilled(1, "mockup_review", on=0)).terms[0]
    old = strength(fulfilled(1, "mockup_review", on=-90)).terms[0]
    assert old.decay == pytest.approx(0.5) and old.value == pytest.approx(fresh.value / 2)


def test_age_runs_from_fulfilment_not_from_the_ask():
    term = strength(fulfilled(1, "mockup_review", on=-200, done=-1)).terms[0]
    assert term.decay > 0.99


def test_broken_and_unanswered_commitments_add_nothing():
    assert strength(agreed(1, "deposit", due=-1)).score == 0


def test_the_score_is_capped_at_100():
    many = [fulfilled(i, "paid_pilot", on=0) for i in range(5)]
    assert strength(*many).score == 100


def test_each_term_explains_itself():
    (term,) = strength(fulfilled(1, "limited_paid_pilot", on=-51), ladder=B2B).terms
    text = term.explanation
    assert "Paid for a limited pilot, fulfilled 3 Oct 2026" in text
    assert "money+time" in text and "weight 8" in text and "(51 days)" in text
