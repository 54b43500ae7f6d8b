import pytest

from earnest.domain import CommitmentStatus as S
from earnest.domain import DomainError, effective_status, given, transition

from .builders import TODAY, agreed, commitment, d, fulfilled


def test_an_agreed_commitment_past_its_due_date_counts_as_broken():
    assert effective_status(agreed(due=-1), TODAY) is S.BROKEN


def test_an_agreed_commitment_due_today_is_still_agreed():
    assert effective_status(agreed(due=0), TODAY) is S.AGREED


def test_a_fulfilled_commitment_past_its_due_date_stays_fulfilled():
    assert effective_status(fulfilled(due=-5), TODAY) is S.FULFILLED


def test_given_means_agreed_and_unbroken_or_fulfilled():
    assert given(agreed(), TODAY)
    assert given(fulfilled(), TODAY)
    assert not given(agreed(due=-1), TODAY)
    assert not given(commitment(status=S.DECLINED), TODAY)
    assert not given(commitment(), TODAY)


def test_agreeing_records_the_answer_date_and_the_due_date():
    changed = transition(commitment(asked=-10), S.AGREED, d(-8), due=d(5))
    assert (changed.status, changed.answered_on, changed.due) == (S.AGREED, d(-8), d(5))


def test_declining_records_the_answer_date():
    changed = transition(commitment(asked=-10), S.DECLINED, d(-9))
    assert (changed.status, changed.answered_on) == (S.DECLINED, d(-9))


def test_fulfilling_and_breaking_record_the_closing_date():
    assert transition(agreed(on=-10), S.FULFILLED, d(-2)).closed_on == d(-2)
    assert transition(agreed(on=-10), S.BROKEN, d(-1)).status is S.BROKEN


def test_transition_returns_a_new_value_and_leaves_the_old_one_alone():
    original = commitment()
    transition(original, S.AGREED, d(-5))
    assert original.status is S.ASKED


@pytest.mark.parametrize(
    ("start", "to", "message"),
    [
        (commitment(status=S.DECLINED), S.FULFILLED, "a declined commitment cannot be fulfilled"),
        (commitment(), S.FULFILLED, "the prospect has to agree to it first"),
        (commitment(), S.BROKEN, "the prospect has to agree to it first"),
        (agreed(), S.DECLINED, "once agreed it can only be fulfilled or broken"),
        (fulfilled(), S.BROKEN, "a fulfilled commitment cannot be marked broken"),
        (commitment(status=S.BROKEN), S.FULFILLED, "a broken commitment cannot be fulfilled"),
        (agreed(), S.AGREED, "already agreed"),
        (agreed(), S.ASKED, "cannot be asked again"),
    ],
)
def test_illegal_transitions_are_refused_in_plain_words(start, to, message):
    with pytest.raises(DomainError, match=message):
        transition(start, to, TODAY)


def test_a_commitment_cannot_be_answered_before_it_was_asked():
    with pytest.raises(DomainError, match="before it was asked"):
        transition(commitment(asked=-3), S.AGREED, d(-4))


def test_a_commitment_cannot_be_fulfilled_before_it_was_agreed():
    with pytest.raises(DomainError, match="agreed on"):
        transition(commitment(status=S.AGREED, asked=-10, answered=-3), S.FULFILLED, d(-4))


def test_a_due_date_only_comes_with_an_agreement():
    with pytest.raises(DomainError, match="only be set when the prospect agrees"):
        transition(agreed(), S.FULFILLED, TODAY, due=d(3))
    with pytest.raises(DomainError, match="before the day they agreed"):
        transition(commitment(asked=-10), S.AGREED, d(-5), due=d(-6))


def test_a_tally_counts_promises_by_effective_status_and_what_was_given_by_currency():
    import dataclasses
    from decimal import Decimal

    from earnest.domain import Currency
    from earnest.domain.commitments import tally

    money, time_ = (Currency.MONEY,), (Currency.TIME,)
    commitments = [
        dataclasses.replace(fulfilled(1, currencies=money), amount=Decimal("1500")),
        agreed(2, currencies=time_, due=5),  # open
        dataclasses.replace(agreed(3, currencies=money, due=-1), amount=Decimal("99")),  # due yesterday: broken
        commitment(4, currencies=time_),  # only asked
        commitment(5, status=S.DECLINED, currencies=money),
    ]
    t = tally(commitments, TODAY)
    assert (t.agreed, t.fulfilled, t.still_open, t.broken) == (3, 1, 1, 1)
    assert t.given == {Currency.MONEY: 1, Currency.TIME: 1}  # the broken promise gave nothing
    assert t.money == Decimal("1500")
