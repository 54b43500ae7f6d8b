"""Rungs reached by what the prospect shows: a problem they admit, a dated meeting they give time to."""

from datetime import date

import pytest

from earnest.domain.findings import Finding, offers_for
from earnest.domain.ladder_files import LadderFileError, builtin_ladders, ladder_from_toml

ON = date(2026, 11, 16)
PROBLEM = "Honestly, we re-key every order by hand and lose a day a week to it."


def _problem(start: int = 0) -> Finding:
    return Finding("problem", PROBLEM, start, start + len(PROBLEM), confidence=0.8)


def test_a_pain_told_in_passing_offers_the_rung_without_recording_it():
    told = "We re-key every order by hand and lose a day a week to it."
    offers = offers_for([Finding("problem", told, 0, len(told), confidence=0.9)], builtin_ladders()["micro"], ON)
    assert [(o.kind, o.rung, o.ticked) for o in offers] == [
        ("problem", None, True),
        ("commitment", "admits_problem", False),
    ]


def test_on_the_micro_ladder_a_problem_they_admit_is_the_admitted_problem_rung_given():
    offers = offers_for([_problem()], builtin_ladders()["micro"], ON)
    assert [(o.kind, o.rung, o.status, o.ticked) for o in offers] == [
        ("problem", None, None, True),
        ("commitment", "admits_problem", "fulfilled", True),
    ]
    assert offers[1].finding.currencies == ("time",)


@pytest.mark.parametrize("ladder", ["b2b", "discovery"])
def test_ladders_without_such_a_rung_keep_a_problem_as_evidence_only(ladder):
    offers = offers_for([_problem()], builtin_ladders()[ladder], ON)
    assert [o.kind for o in offers] == ["problem"]


def test_a_commitment_read_from_the_same_words_is_not_recorded_twice():
    said = Finding("commitment", PROBLEM, 0, len(PROBLEM), ("time",), status="fulfilled", confidence=0.9)
    offers = offers_for([_problem(), said], builtin_ladders()["micro"], ON)
    assert [o.kind for o in offers].count("commitment") == 1


def test_money_words_inside_an_admitted_problem_are_no_purchase():
    text = "She agreed that is the problem: 35% of invoices get paid after 60 days."
    said = Finding("commitment", text, 0, len(text), ("money",), status="fulfilled", confidence=0.9)
    problem = Finding("problem", text, 0, len(text), confidence=0.9)
    offers = offers_for([said, problem], builtin_ladders()["micro"], ON)
    assert [(o.rung, o.status) for o in offers if o.kind == "commitment"] == [("admits_problem", "fulfilled")]


def test_a_named_purchase_that_also_mentions_the_problem_stays_a_purchase():
    text = "They paid the $4,000 invoice today because the re-keying problem cost them a day a week."
    said = Finding("commitment", text, 0, len(text), ("money",), "$4,000", status="fulfilled", confidence=0.9)
    problem = Finding("problem", text, 0, len(text), confidence=0.9)
    offers = offers_for([said, problem], builtin_ladders()["micro"], ON)
    assert [(o.rung, o.status) for o in offers if o.kind == "commitment"] == [("purchase", "fulfilled")]


def test_what_reads_as_given_in_the_words_of_a_clear_no_is_not_recorded():
    text = "They signed a three-year agreement with Procore in September and will not add another tool."
    said = Finding("commitment", text, 0, len(text), ("money",), status="fulfilled", confidence=0.9)
    no = Finding("rejection", text, 0, len(text), confidence=0.9)
    offers = offers_for([said, no], builtin_ladders()["b2b"], ON)
    assert [(o.rung, o.ticked) for o in offers if o.kind == "commitment"] == [("annual_license", False)]


def test_a_no_elsewhere_in_the_notes_leaves_what_was_given_recorded():
    booked = "They signed the annual license today."
    other = "They will not use the reporting add-on."
    said = Finding("commitment", booked, 0, len(booked), ("money",), status="fulfilled", confidence=0.9)
    no = Finding("rejection", other, 40, 40 + len(other), confidence=0.9)
    offers = offers_for([said, no], builtin_ladders()["b2b"], ON)
    assert [(o.rung, o.ticked) for o in offers if o.kind == "commitment"] == [("annual_license", True)]


def test_a_problem_read_unsurely_offers_the_rung_without_recording_it():
    unsure = Finding("problem", "Closed - Lost (competitor)", 0, 26, confidence=0.67)
    offers = offers_for([unsure], builtin_ladders()["micro"], ON)
    assert [(o.rung, o.ticked) for o in offers if o.kind == "commitment"] == [("admits_problem", False)]


LADDER = """
key = "mine"
name = "Mine"
[[rungs]]
key = "pain"
label = "Told us where it hurts"
currencies = ["time"]
weight = 1
shown_by = [{kinds}]
"""


def test_your_own_ladder_may_name_the_rung_a_problem_shows():
    ladder = ladder_from_toml(LADDER.format(kinds='"problem"'))
    assert ladder.shown_by("problem") is ladder.rung("pain")
    offers = offers_for([_problem()], ladder, ON)
    assert [(o.kind, o.rung) for o in offers][-1] == ("commitment", "pain")


def test_an_unknown_kind_in_shown_by_is_a_clear_error():
    with pytest.raises(LadderFileError, match="shown_by of rung 'pain' must be a list of: problem"):
        ladder_from_toml(LADDER.format(kinds='"compliment"'))


def _step(text: str, due: date | None) -> Finding:
    return Finding("next_step", text, 0, len(text), due=due, confidence=0.9)


def test_a_dated_meeting_with_them_is_time_they_agreed_to_give():
    offers = offers_for(
        [_step("Demo booked with their ops team for Tue 24 Nov, 10am", date(2026, 11, 24))],
        builtin_ladders()["b2b"],
        ON,
    )
    assert [(o.kind, o.status) for o in offers] == [("next_step", None), ("commitment", "agreed")]
    assert offers[1].finding.currencies == ("time",)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("I'll send the recap before our call on the 24th", date(2026, 11, 24)),  # ours alone
        ("Demo some time next quarter", None),  # no date
        ("Send over the signed order form by Friday", date(2026, 11, 20)),  # no meeting
    ],
)
def test_our_own_steps_undated_ones_and_non_meetings_are_no_commitment(text, due):
    offers = offers_for([_step(text, due)], builtin_ladders()["b2b"], ON)
    assert [o.kind for o in offers] == ["next_step"]


def test_one_promise_told_twice_is_one_commitment_with_the_date_told():
    first = "They agreed to share last quarter's invoice data with us."
    second = "Tom will send the invoice data export by Wednesday."
    a = Finding("commitment", first, 0, len(first), ("time",), status="agreed", confidence=0.9)
    b = Finding(
        "commitment", second, 100, 100 + len(second), ("time",), due=date(2026, 11, 18), status="agreed", confidence=0.9
    )
    offers = offers_for([a, b], builtin_ladders()["b2b"], ON)
    ticked = [o for o in offers if o.ticked]
    assert [(o.rung, o.finding.due) for o in ticked] == [("shares_project_data", date(2026, 11, 18))]
    assert [o.rung for o in offers] == ["shares_project_data", "shares_project_data"]


def test_a_no_budget_after_a_clear_no_leaves_no_funding_to_do():
    no = Finding("rejection", "Not interested.", 0, 15, confidence=0.9)
    broke = Finding("no_budget", "No budget this year.", 16, 36, confidence=0.9)
    offers = offers_for([no, broke], builtin_ladders()["b2b"], ON)
    assert [(o.kind, o.ticked) for o in offers] == [("no_budget", False)]


def test_the_words_of_our_own_ask_are_no_commitment_of_theirs():
    ask = "Asked Jo for a ten-minute call next week."
    said = Finding("commitment", ask[:-1], 0, len(ask) - 1, ("time",), status="agreed", confidence=0.9)
    ours = Finding("our_ask", ask[:-1], 0, len(ask) - 1)
    offers = offers_for([said, ours], builtin_ladders()["micro"], ON)
    assert [o.ticked for o in offers if o.kind == "commitment"] == [False]
    # with their answer beside it, it is theirs
    answered = "Asked Jo for a ten-minute call -> yes, Tuesday."
    said = Finding("commitment", answered, 0, len(answered), ("time",), status="agreed", confidence=0.9)
    ours = Finding("our_ask", answered, 0, len(answered))
    offers = offers_for([said, ours], builtin_ladders()["micro"], ON)
    assert [o.ticked for o in offers if o.kind == "commitment"] == [True]
