"""Words that say the prospect already pays us stand for the customer rung, given."""

from datetime import date

import pytest

from earnest.analyzer.cued_commitments import cued_commitments
from earnest.domain.ladder_files import builtin_ladders
from earnest.domain.rung_match import rung_for

ON = date(2026, 11, 18)


def _given(text: str, ladder: str) -> list[tuple[str, str | None, str | None]]:
    steps = builtin_ladders()[ladder]

    def fits(clause: str, money: bool) -> bool:
        return rung_for(clause, steps, ("money",) if money else (), amount=money) is not None

    found = cued_commitments(text, (), fits, ON)
    rungs = [rung_for(s.text, steps, s.currencies, amount=True) for s in found]
    return [(s.text, r.key if r else None, s.status) for s, r in zip(found, rungs, strict=True)]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Check-in with Orla Brandt (customer since 2024) about the spring rollout.", "customer since 2024"),
        ("Quarterly review: Pinewood Dental, annual licence since March, happy so far.", "annual licence since March"),
        ("They've been on the annual plan since last year and use it daily.", "been on the annual plan"),
        ("existing cust, yr 2 of their annual contract, asked about SSO", "existing cust"),
        (
            "Call with Joy, VP Ops of Cordillera, our annual licence customer since last year.",
            "annual licence customer since last year",
        ),
        (
            "Good call with Mike Sorensen of Sorensen & Sons, one of our oldest customers.",
            "one of our oldest customers",
        ),
    ],
)
def test_an_aside_that_they_already_pay_is_the_customer_rung_fulfilled(text, said):
    found = _given(text, "b2b")
    assert (said, "annual_license", "fulfilled") in [(t, r, s) for t, r, s in found if said in t]


def test_the_aside_stands_beside_what_the_rest_of_the_sentence_gives():
    text = "Hallmark Freight (cust since '25) agreed we can name them on the slide we show under NDA."
    assert any(r == "annual_license" and s == "fulfilled" for _, r, s in _given(text, "b2b"))


@pytest.mark.parametrize(
    "text",
    [
        "If they became a customer since the rules changed, we would know.",
        "Asked whether a customer since 2020 gets a discount?",
        "We have had no new customers since the summer.",
        "We have signed 40 customers since 2020, said it twice.",
        "our customers since launch mostly came through referrals",
    ],
)
def test_a_wish_a_question_or_our_own_customers_give_nothing(text):
    assert not any(r == "annual_license" for _, r, _ in _given(text, "b2b"))
