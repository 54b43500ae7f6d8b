"""The coach prefers the wording and size of ask that got answers in the segment, and says why."""

from earnest.domain import Advice, AdviceKind, CommitmentStatus, ProspectHistory
from earnest.domain.asks import ask_records, ask_table
from earnest.domain.coach import prefer_asks_that_work

from .builders import DISCOVERY, LADDERS, TODAY, commitment, d

Y, N, Q = CommitmentStatus.AGREED, CommitmentStatus.DECLINED, CommitmentStatus.ASKED


def table(*asks):
    """asks: (rung, wording, status); each on a prospect of its own, asked three weeks ago."""
    records = []
    for i, (rung, wording, status) in enumerate(asks, 1):
        h = ProspectHistory(
            id=i,
            name=f"P{i}",
            ladder="discovery",
            created_on=d(-100),
            commitments=(commitment(i, rung=rung, description=wording, status=status, asked=-21),),
        )
        records += ask_records(h, DISCOVERY, TODAY)
    return ask_table(records, LADDERS, "logistics")


ASK_DEPOSIT = Advice(AdviceKind.ASK, "Ask for the next rung: 'Paid a deposit'.", "deposit", "Would you pay a deposit?")


def test_it_uses_the_wording_that_got_answers_and_says_why():
    t = table(
        *[("deposit", "Would you pay a deposit?", s) for s in (Q, Q, Q, Y)],
        *[("deposit", "Can we hold your slot with 500?", s) for s in (Y, N, Y)],
    )
    tuned = prefer_asks_that_work(ASK_DEPOSIT, DISCOVERY, [], t)
    assert tuned.wording == "Can we hold your slot with 500?" and tuned.rung == "deposit"
    assert (
        "In logistics, “Can we hold your slot with 500?” got a clear yes or no 3 times out of 3 (2 yes)"
        in tuned.reasons[-1].text
    )


def test_too_few_asks_change_nothing():
    t = table(("deposit", "Can we hold your slot with 500?", Y), ("deposit", "Can we hold your slot with 500?", Y))
    assert prefer_asks_that_work(ASK_DEPOSIT, DISCOVERY, [], t) == ASK_DEPOSIT


def test_a_rung_that_rarely_gets_answers_gives_way_to_a_smaller_one_that_does():
    t = table(
        *[("deposit", "Would you pay a deposit?", s) for s in (Q, Q, Q, N)],
        *[("pre_order", "Pre-order at the launch price?", s) for s in (Y, N, Y)],
    )
    tuned = prefer_asks_that_work(ASK_DEPOSIT, DISCOVERY, ["first_conversation"], t)
    assert tuned.rung == "pre_order" and tuned.wording == "Pre-order at the launch price?"
    assert "rarely got a clear answer (a clear yes or no 1 times out of 4" in tuned.text


def test_a_reached_smaller_rung_is_not_offered_again():
    t = table(
        *[("deposit", "Would you pay a deposit?", s) for s in (Q, Q, Q, N)],
        *[("pre_order", "Pre-order at the launch price?", s) for s in (Y, N, Y)],
    )
    tuned = prefer_asks_that_work(ASK_DEPOSIT, DISCOVERY, ["pre_order"], t)
    assert tuned.rung == "deposit"


def test_only_asks_are_tuned():
    wait = Advice(AdviceKind.AWAIT_ANSWER, "Get the answer first.", "deposit", "Yes or no?")
    t = table(*[("deposit", "Can we hold your slot with 500?", Y)] * 3)
    assert prefer_asks_that_work(wait, DISCOVERY, [], t) == wait
