"""The asks-that-work table: each ask, its answer and how long it took, by rung and by wording."""

from earnest.domain import AskAnswer, CommitmentStatus, ProspectHistory
from earnest.domain.asks import Answer, ask_records, ask_table

from .builders import DISCOVERY, LADDERS, TODAY, commitment, d, talk


def prospect(pid, *commitments, conversations=()):
    return ProspectHistory(
        id=pid,
        name=f"P{pid}",
        ladder="discovery",
        created_on=d(-100),
        commitments=tuple(commitments),
        conversations=tuple(conversations),
    )


def test_each_commitment_is_an_ask_answered_when_it_was_agreed_or_declined():
    h = prospect(
        1,
        commitment(1, rung="deposit", status=CommitmentStatus.AGREED, asked=-10, answered=-6),
        commitment(2, rung="deposit", status=CommitmentStatus.BROKEN, asked=-9, answered=-9, closed=-1),
        commitment(3, rung="deposit", status=CommitmentStatus.DECLINED, asked=-5, answered=-4),
        commitment(4, rung="deposit", asked=-20),
        commitment(5, rung="deposit", asked=-2),
    )
    records = ask_records(h, DISCOVERY, TODAY)
    assert [r.answer for r in records] == [
        Answer.UNANSWERED,
        Answer.AGREED,
        Answer.AGREED,
        Answer.DECLINED,
        Answer.UNANSWERED,
    ]
    assert [r.waiting for r in records] == [False, False, False, False, True]
    assert [r.days_to_answer for r in records] == [None, 4, 0, 1, None]
    assert records[0].wording == "Paid a deposit"  # the rung's label when no text was given


def test_a_hedged_conversation_is_an_ask_without_a_commitment():
    hedge = talk(7, on=-3, planned_ask="Would you put down a deposit?", ask_answer=AskAnswer.HEDGED, hedged=True)
    h = prospect(
        1,
        commitment(
            1, rung="deposit", description="Would you put down a deposit?", status=CommitmentStatus.AGREED, asked=-10
        ),
        conversations=(hedge,),
    )
    table = ask_table(ask_records(h, DISCOVERY, TODAY), LADDERS)
    deposit = table.rung("deposit")
    assert deposit is not None
    assert (deposit.counts.asked, deposit.counts.agreed, deposit.counts.hedged) == (2, 1, 1)
    assert len(deposit.wordings) == 1  # the same words, whatever the case and spacing


def test_the_table_splits_a_rung_by_wording_and_orders_rungs_by_the_ladder():
    h1 = prospect(
        1,
        commitment(1, rung="deposit", description="Deposit of 500?", status=CommitmentStatus.AGREED),
        commitment(2, rung="first_conversation", status=CommitmentStatus.DECLINED),
    )
    h2 = prospect(
        2,
        commitment(3, rung="deposit", description="Pay 5,000 up front?", status=CommitmentStatus.DECLINED),
        commitment(4, rung="deposit", description="deposit  of 500?", status=CommitmentStatus.AGREED),
        commitment(5, description="Coffee", currencies=()),
    )
    records = ask_records(h1, DISCOVERY, TODAY) + ask_records(h2, DISCOVERY, TODAY)
    table = ask_table(records, LADDERS, "logistics")
    assert [r.rung for r in table.rungs] == ["first_conversation", "deposit", None]
    deposit = table.rung("deposit")
    assert [(w.wording, w.counts.asked, w.counts.agreed) for w in deposit.wordings] == [
        ("Deposit of 500?", 2, 2),
        ("Pay 5,000 up front?", 1, 0),
    ]
    assert deposit.counts.answer_rate == 1.0 and deposit.counts.agree_rate == 2 / 3
    assert table.total.asked == 5 and table.segment == "logistics"


def test_answers_given_after_today_are_not_known_yet():
    h = prospect(1, commitment(1, rung="deposit", status=CommitmentStatus.AGREED, asked=-3, answered=2))
    (record,) = ask_records(h, DISCOVERY, TODAY)
    assert record.answer is Answer.UNANSWERED and record.waiting
