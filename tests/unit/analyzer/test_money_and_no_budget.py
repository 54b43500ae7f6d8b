"""European thousands in money amounts, and a budget that the prospect says is not there."""

from __future__ import annotations

from datetime import date

import pytest

from earnest.analyzer import KINDS, analyze
from earnest.analyzer.corpus import load_corpus
from earnest.analyzer.model import shipped_model
from earnest.analyzer.money import find_money
from earnest.analyzer.result import RULE_KINDS

WHEN = date(2026, 11, 23)


def kinds(text: str, voice: str = "prospect") -> frozenset[str]:
    return analyze(text, when=WHEN, voice=voice).kinds()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("$1.500", "USD 1,500"),
        ("€12.000", "EUR 12,000"),
        ("1.500 EUR", "EUR 1,500"),
        ("EUR 12.000", "EUR 12,000"),
        ("1.500 dollars", "USD 1,500"),
        ("£2.000 a year", "GBP 2,000"),
        ("$10.000 per seat", "USD 10,000"),
        ("costs $1.500.", "USD 1,500"),
    ],
)
def test_a_dot_before_three_digits_groups_thousands_in_any_currency(text, label):
    assert [m.label for m in find_money(text)] == [label]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$1.50", 1.5),
        ("$2.5k", 2500.0),
        ("$1,500.00", 1500.0),
        ("1.500,50 €", 1500.5),
        ("€1,50", 1.5),
        ("$1.5000", 1.5),
        ("$0.500", 0.5),
        ("$0.005 per call", 0.005),
        ("$1.500k", 1500.0),
        ("€1.2m", 1_200_000.0),
        ("$1.500.000", 1_500_000.0),
    ],
)
def test_decimals_sub_cent_prices_and_scaled_amounts_stay_as_written(text, value):
    assert [m.value for m in find_money(text)] == [pytest.approx(value)]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Just did the EFT for the first year, R 7 200.", "ZAR 7,200"),
        ("pilot at R3 000 a month", "ZAR 3,000"),
        ("quoted Rs. 2 lakh for the year", "INR 200,000"),
        ("₹40,000 per site", "INR 40,000"),
        ("R$ 5.000 de sinal", "BRL 5,000"),
        ("KSh 50,000 via M-Pesa", "KES 50,000"),
        ("deposit of CAD 500", "CAD 500"),
        ("budget is 300 000 zł", "PLN 300,000"),
        ("they pay 12 000 € a year", "EUR 12,000"),
        ("NZ$450 a month", "USD 450"),
    ],
)
def test_the_rest_of_the_worlds_currencies_are_money(text, label):
    assert [m.label for m in find_money(text)] == [label]


@pytest.mark.parametrize("text", ["the R2 release", "fixed in R12", "2 500 users", "VR 300 headsets", "try 300"])
def test_letters_and_spaced_numbers_alone_are_no_money(text):
    assert find_money(text) == []


def test_an_amount_span_ends_at_the_amount():
    text = "$5.000 budget and $2 now"
    assert [text[m.start : m.end] for m in find_money(text)] == ["$5.000", "$2"]


def test_a_dollar_amount_with_a_thousands_dot_reaches_the_commitment():
    result = analyze("They wired the $1.500 deposit today.", when=WHEN)
    commitment = next(s for s in result.signals if s.kind == "commitment")
    assert commitment.amount == "USD 1,500"


@pytest.mark.parametrize(
    "text",
    [
        "Budget: none.",
        "budget: none",
        "Budget? Not this year.",
        "budget? not this year",
        "Do they have budget? Not this year.",
        "The budget isn't there.",
        "Budget is zero.",
        "Budget is $0.",
        "No budget.",
        "no budget",
        "Budget - nope.",
        "There's no budget for this.",
        "We don't have any budget for tooling.",
        "No budget until the new fiscal year, I'm afraid.",
    ],
)
def test_no_budget_is_its_own_finding_and_never_a_budget(text):
    result = analyze(text, when=WHEN, voice="prospect")
    assert result.kinds() == {"no_budget"}
    assert result.verdict == "hedged"
    assert result.score < 0.1


@pytest.mark.parametrize("voice", ["notes", "auto"])
def test_no_budget_in_notes(voice):
    assert kinds("Budget? Not this year.", voice) == {"no_budget"}


def test_no_budget_is_not_a_no_to_the_product():
    result = analyze("We don't have budget this year.", when=WHEN, voice="prospect")
    assert result.verdict == "hedged"
    assert "rejection" not in result.kinds()


def test_a_real_no_next_to_no_budget_stays():
    assert kinds("Not interested, no budget.") >= {"rejection", "no_budget"}


@pytest.mark.parametrize(
    "text",
    [
        "No budget and security is a concern.",
        "No budget, and security is a big concern.",
        "Budget: none. Concern: SSO.",
    ],
)
def test_an_objection_named_beside_no_budget_stays(text):
    assert kinds(text) == {"objection", "no_budget"}


def test_no_budget_leaves_a_dated_step_standing():
    result = analyze("Demo booked for next Thursday 2pm. Budget: none.", when=WHEN)
    assert result.verdict == "advanced"
    assert {"next_step", "no_budget"} <= result.kinds()


@pytest.mark.parametrize(
    "text",
    [
        "We have budget for this set aside in Q1.",
        "Budget? We have 20k set aside.",
        "Budget is set for the new fiscal year.",
    ],
)
def test_a_budget_that_exists_is_still_budget(text):
    found = kinds(text)
    assert "budget" in found and "no_budget" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Budget isn't an issue for us.",
        "Budget is not a problem.",
        "No problem with budget, it's approved.",
        "No, budget is approved.",
        "Budget wasn't discussed.",
        "Not sure about budget yet.",
    ],
)
def test_a_negation_about_something_else_is_no_missing_budget(text):
    assert "no_budget" not in kinds(text)


def test_a_question_about_budget_shows_no_budget_either_way():
    assert not kinds("Do you have budget?") & {"budget", "no_budget"}


def test_no_budget_is_a_kind_set_by_rules_and_the_model_has_no_weights_for_it():
    assert "no_budget" in KINDS and "no_budget" in RULE_KINDS
    assert "no_budget" not in shipped_model().kinds
    assert {k for e in load_corpus() for k in e.kinds} <= set(KINDS)
