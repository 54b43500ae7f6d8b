"""Experiments are judged from the ledger like verdicts: every criterion, the boundary days, revisions."""

from dataclasses import replace
from decimal import Decimal

import pytest

from earnest.domain import AskAnswer, CommitmentStatus, Currency, DomainError, ProspectHistory
from earnest.domain.experiments import (
    CriterionKind,
    ExperimentPlan,
    ExperimentStatus,
    experiment_result,
    success_criterion,
)

from .builders import LADDERS, TODAY, agreed, commitment, d, fulfilled, talk

SEG = "logistics"


def prospect(pid: int, *commitments, conversations=(), ladder="discovery") -> ProspectHistory:
    return ProspectHistory(
        id=pid,
        name=f"P{pid}",
        ladder=ladder,
        created_on=d(-200),
        commitments=tuple(commitments),
        conversations=tuple(conversations),
    )


def plan(criterion, *, deadline=10, started=-60, revised=None, segment=SEG) -> ExperimentPlan:
    return ExperimentPlan(
        id=1,
        name="trial",
        number=1,
        hypothesis="Dispatchers will try it on real data",
        segment=segment,
        criterion=criterion,
        started_on=d(started),
        deadline=d(deadline),
        revised_on=d(revised) if revised is not None else None,
    )


def judge(p, members, today=TODAY):
    return experiment_result(p, members, LADDERS, today)


def tagged(*histories, tags=(SEG,)):
    return [(h, set(tags)) for h in histories]


REACH_TWO = success_criterion(rung="trial_real_data", at_least=2)


def six_with_two_reaching():
    reaching = [
        prospect(1, agreed(1, "trial_real_data", on=-20)),
        prospect(2, fulfilled(2, "deposit", on=-5)),
    ]  # a higher rung counts too
    others = [prospect(i, agreed(i, "follow_up_agenda", on=-30)) for i in range(3, 7)]
    return tagged(*reaching, *others)


def test_two_of_six_reaching_the_rung_validate_an_experiment_needing_two():
    result = judge(plan(REACH_TWO), six_with_two_reaching())
    assert result.status is ExperimentStatus.VALIDATED
    assert result.count == 2 and result.target == 2 and result.segment_size == 6
    assert [c.prospect for c in result.counted] == ["P1", "P2"]
    assert result.met_on == d(-5)


def test_an_experiment_needing_four_runs_until_its_deadline_then_is_invalidated():
    p = plan(success_criterion(rung="trial_real_data", at_least=4), deadline=10)
    members = six_with_two_reaching()
    assert judge(p, members, d(10)).status is ExperimentStatus.RUNNING  # the deadline day itself
    after = judge(p, members, d(11))
    assert after.status is ExperimentStatus.INVALIDATED
    assert "2 more needed" in after.distance
    assert "passed without it" in after.reasons[0].text


def test_the_criterion_met_on_the_deadline_day_validates():
    p = plan(REACH_TWO, deadline=0)
    members = tagged(prospect(1, agreed(1, "trial_real_data", on=-3)), prospect(2, agreed(2, "trial_real_data", on=0)))
    assert judge(p, members, d(5)).status is ExperimentStatus.VALIDATED


def test_a_rung_reached_the_day_after_the_deadline_does_not_count():
    p = plan(REACH_TWO, deadline=0)
    members = tagged(prospect(1, agreed(1, "trial_real_data", on=-3)), prospect(2, agreed(2, "trial_real_data", on=1)))
    result = judge(p, members, d(5))
    assert result.status is ExperimentStatus.INVALIDATED
    assert result.count == 1


def test_untagged_prospects_never_count():
    members = [
        *tagged(prospect(1, agreed(1, "trial_real_data"))),
        *tagged(prospect(2, agreed(2, "trial_real_data")), tags=("retail",)),
        (prospect(3, agreed(3, "trial_real_data")), set()),
    ]
    result = judge(plan(REACH_TWO), members)
    assert result.status is ExperimentStatus.RUNNING
    assert result.segment_size == 1 and result.count == 1


def test_a_declined_or_broken_ask_reaches_nothing_and_an_open_one_is_listed():
    members = tagged(
        prospect(1, commitment(1, rung="trial_real_data", status=CommitmentStatus.DECLINED)),
        prospect(2, commitment(2, rung="trial_real_data", status=CommitmentStatus.AGREED, due=-2)),
        prospect(3, commitment(3, rung="deposit", asked=-1)),
    )
    result = judge(plan(REACH_TWO), members)
    assert result.count == 0
    assert [(a.prospect, a.rung) for a in result.open_asks] == [("P3", "deposit")]


def test_a_prospect_whose_ladder_lacks_the_rung_cannot_count():
    members = tagged(prospect(1, agreed(1, "limited_paid_pilot"), ladder="b2b"))
    assert judge(plan(REACH_TWO), members).count == 0


def test_paying_counts_prospects_who_gave_money():
    p = plan(success_criterion(money=True, at_least=2))
    members = tagged(
        prospect(1, agreed(1, "deposit", on=-8)),
        prospect(2, agreed(2, currencies=(Currency.MONEY,), on=-4, description="Paid setup")),
        prospect(3, agreed(3, "trial_real_data")),
    )
    result = judge(p, members)
    assert result.status is ExperimentStatus.VALIDATED
    assert result.met_on == d(-4)
    assert {c.prospect for c in result.counted} == {"P1", "P2"}


def test_an_amount_is_met_on_the_day_the_sum_reaches_it():
    p = plan(success_criterion(amount=Decimal(10_000)))
    first = replace(agreed(1, "deposit", on=-9), amount=Decimal(4_000))
    second = replace(fulfilled(2, "paid_pilot", on=-3), amount=Decimal(6_000))
    members = tagged(prospect(1, first), prospect(2, second))
    result = judge(p, members)
    assert result.status is ExperimentStatus.VALIDATED
    assert result.met_on == d(-3) and result.count == Decimal(10_000)
    short = judge(p, tagged(prospect(1, first)))
    assert short.status is ExperimentStatus.RUNNING
    assert "6,000 to go" in short.distance


def _asks(pid, answers, rung="trial_real_data", asked=-20):
    """Commitments for rung asks: 'y' agreed, 'n' declined, '?' unanswered."""
    status = {"y": CommitmentStatus.AGREED, "n": CommitmentStatus.DECLINED, "?": CommitmentStatus.ASKED}
    return [
        commitment(pid * 100 + i, rung=rung, status=status[a], asked=asked + i, answered=None)
        for i, a in enumerate(answers)
    ]


def test_a_rate_is_not_judged_before_its_minimum_number_of_asks():
    p = plan(success_criterion(rung="trial_real_data", rate=50, min_asks=4))
    members = tagged(prospect(1, *_asks(1, "yyy")))
    result = judge(p, members)
    assert result.status is ExperimentStatus.RUNNING
    assert result.asks_judged == 3
    assert "1 more before the rate can be judged" in result.distance


def test_a_rate_is_validated_once_enough_asks_agree():
    p = plan(success_criterion(rung="trial_real_data", rate=50, min_asks=4))
    result = judge(p, tagged(prospect(1, *_asks(1, "ynyn")), prospect(2, *_asks(2, "n", rung="deposit"))))
    assert result.status is ExperimentStatus.VALIDATED
    assert result.count == Decimal("50.0") and result.asks_judged == 4


def test_a_rate_below_target_after_the_deadline_is_invalidated():
    p = plan(success_criterion(rung="trial_real_data", rate=75, min_asks=4), deadline=0)
    result = judge(p, tagged(prospect(1, *_asks(1, "ynny"))), d(1))
    assert result.status is ExperimentStatus.INVALIDATED
    assert "50% agreed over 4 asks" in result.distance


def test_an_ask_waiting_less_than_a_week_is_open_and_silence_after_it_counts_as_no():
    p = plan(success_criterion(rung="trial_real_data", rate=50, min_asks=2))
    fresh = tagged(prospect(1, *_asks(1, "y"), commitment(9, rung="trial_real_data", asked=-3)))
    result = judge(p, fresh)
    assert result.asks_judged == 1 and len(result.open_asks) == 1
    stale = tagged(prospect(1, *_asks(1, "n"), commitment(9, rung="trial_real_data", asked=-8)))
    assert judge(p, stale).asks_judged == 2
    assert judge(p, stale).status is ExperimentStatus.RUNNING


def test_a_hedge_is_an_ask_that_was_not_agreed():
    p = plan(success_criterion(rung="trial_real_data", rate=100, min_asks=2))
    hedge = talk(5, on=-4, planned_ask="trial_real_data", ask_answer=AskAnswer.HEDGED, hedged=True)
    result = judge(p, tagged(prospect(1, *_asks(1, "y"), conversations=(hedge,))))
    assert result.asks_judged == 2 and result.count == Decimal("50.0")


def test_a_revision_keeps_its_parents_result():
    parent = plan(REACH_TWO, revised=-2)
    before = tagged(
        prospect(1, agreed(1, "trial_real_data", on=-20)), prospect(2, agreed(2, "trial_real_data", on=-10))
    )
    later = [*before, *tagged(prospect(3, agreed(3, "trial_real_data", on=-1)))]
    assert judge(parent, later).status is ExperimentStatus.VALIDATED
    # Still running when revised: it stays that way, judged as of the revision, whatever came later.
    need_three = plan(success_criterion(rung="trial_real_data", at_least=3), revised=-2)
    result = judge(need_three, later, d(30))
    assert result.status is ExperimentStatus.REVISED
    assert result.count == 2 and result.judged_on == d(-2)


def test_a_revision_after_the_deadline_keeps_the_invalidation():
    p = plan(REACH_TWO, deadline=-5, revised=-1)
    assert judge(p, tagged(prospect(1, agreed(1, "trial_real_data")))).status is ExperimentStatus.INVALIDATED


def test_nothing_tagged_says_so():
    result = judge(plan(REACH_TWO), [])
    assert result.segment_size == 0
    assert "No prospect is tagged" in result.reasons[0].text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "choose a criterion"),
        ({"rung": "deposit"}, "--at-least"),
        ({"rung": "deposit", "at_least": 0}, "--at-least"),
        ({"money": True, "rung": "deposit", "at_least": 2}, "--money or --rung"),
        ({"rate": 120, "min_asks": 3}, "percentage"),
        ({"rate": 50}, "--min-asks"),
        ({"min_asks": 3, "rung": "x", "at_least": 1}, "--min-asks goes with --rate"),
        ({"amount": Decimal(0)}, "more than 0"),
        ({"amount": Decimal(5), "money": True}, "choose one"),
    ],
)
def test_a_criterion_needs_exactly_the_options_it_reads(options, message):
    with pytest.raises(DomainError, match=message):
        success_criterion(**options)


def test_criteria_describe_themselves():
    assert (
        success_criterion(rung="deposit", at_least=1).describe("Deposit")
        == "at least 1 prospect reach 'Deposit' or a higher rung"
    )
    rate = success_criterion(rate=40, min_asks=10)
    assert rate.kind is CriterionKind.RATE
    assert rate.describe() == "at least 40% of the asks are agreed, over at least 10 asks"
