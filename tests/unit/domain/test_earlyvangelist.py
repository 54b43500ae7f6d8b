from earnest.domain import Criterion, Evidence, earlyvangelist

from .builders import TODAY, d, history


def judged(*criteria, on=-5):
    evidence = tuple(Evidence(c, d(on), f"note on {c.value}") for c in criteria)
    return earlyvangelist(history(evidence=evidence), TODAY)


def test_all_five_criteria_flag_an_earlyvangelist():
    result = judged(*Criterion)
    assert result.flag and result.score == 1 and result.missing == ()


def test_four_including_budget_and_makeshift_solution_flag():
    result = judged(
        Criterion.HAS_PROBLEM,
        Criterion.KNOWS_PROBLEM,
        Criterion.HAS_BUDGET,
        Criterion.MAKESHIFT_SOLUTION,
    )
    assert result.flag and result.score == 0.8 and result.missing == (Criterion.URGENCY,)


def test_four_without_a_makeshift_solution_do_not_flag():
    result = judged(Criterion.HAS_PROBLEM, Criterion.KNOWS_PROBLEM, Criterion.HAS_BUDGET, Criterion.URGENCY)
    assert not result.flag


def test_no_evidence_scores_zero():
    result = judged()
    assert result.score == 0 and not result.flag and len(result.missing) == 5


def test_reasons_cite_the_evidence_date_and_note():
    result = judged(Criterion.HAS_BUDGET, on=-3)
    assert "20 Nov 2026" in result.reasons[0].text and "note on has_budget" in result.reasons[0].text


def test_evidence_dated_after_today_is_not_counted_yet():
    assert judged(Criterion.HAS_BUDGET, on=3).score == 0
