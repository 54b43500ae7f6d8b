import pytest

from earnest.domain.errors import DomainError
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.conversations import AskInput, conversation_log


def test_an_ask_takes_its_currencies_from_the_rung(prospect, days):
    c = commitment_ask(prospect=prospect, on=days(-3), rung="paid_pilot")
    assert sorted(c.currencies) == ["money", "time"]
    assert c.description == "Started a paid pilot" and c.status == "asked"


def test_an_ask_without_rung_needs_currencies(prospect, days):
    with pytest.raises(DomainError, match="currencies"):
        commitment_ask(prospect=prospect, on=days(-3), description="Coffee")
    c = commitment_ask(prospect=prospect, on=days(-3), description="Coffee", currencies=["time"])
    assert c.currencies == ["time"]


def test_amounts_must_be_numbers(prospect, days):
    with pytest.raises(DomainError, match="not a number"):
        commitment_ask(prospect=prospect, on=days(-3), rung="deposit", amount="lots")
    c = commitment_ask(prospect=prospect, on=days(-3), rung="deposit", amount="2,500.50")
    assert str(c.amount) == "2500.50"


def test_the_lifecycle_is_enforced_and_dated(prospect, days):
    c = commitment_ask(prospect=prospect, on=days(-10), rung="trial_real_data")
    commitment_set_status(commitment=c, to="agreed", on=days(-9), due=days(-2))
    commitment_set_status(commitment=c, to="fulfilled", on=days(-3))
    c.refresh_from_db()
    assert (c.status, c.answered_on, c.closed_on) == ("fulfilled", days(-9), days(-3))
    assert [(ch.from_status, ch.to_status, ch.on) for ch in c.changes.order_by("pk")] == [
        ("", "asked", days(-10)),
        ("asked", "agreed", days(-9)),
        ("agreed", "fulfilled", days(-3)),
    ]
    with pytest.raises(DomainError):
        commitment_set_status(commitment=c, to="declined", on=days(-1))
    c.refresh_from_db()
    assert c.status == "fulfilled"


def test_changing_a_commitment_recomputes_its_conversation_outcome(prospect, days):
    conv, result = conversation_log(
        prospect=prospect, on=days(-5), ask=AskInput(answer="unanswered", rung="intro_colleague")
    )
    assert result.outcome.value != "advanced"
    commitment_set_status(commitment=conv.commitments.get(), to="agreed", on=days(-4))
    conv.refresh_from_db()
    assert conv.outcome == "advanced"


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "Infinity", "-Infinity", "1e5", "1,5", "twelve"])
def test_an_amount_that_is_not_a_finite_number_is_refused(prospect, days, typed):
    with pytest.raises(DomainError, match="amount"):
        commitment_ask(prospect=prospect, on=days(-3), rung="deposit", amount=typed)


def test_a_negative_amount_is_refused(prospect, days):
    with pytest.raises(DomainError, match="negative"):
        commitment_ask(prospect=prospect, on=days(-3), rung="deposit", amount="-5")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12k", "12000"),
        ("$12,000", "12000"),
        ("EUR 12000", "12000"),
        ("12 000", "12000"),
        ("12000 usd", "12000"),
        ("€40.50", "40.50"),
        ("1.5m", "1500000"),
    ],
)
def test_common_money_forms_store_the_number(prospect, days, typed, stored):
    from decimal import Decimal

    c = commitment_ask(prospect=prospect, on=days(-3), rung="deposit", amount=typed)
    c.refresh_from_db()
    assert c.amount == Decimal(stored)
