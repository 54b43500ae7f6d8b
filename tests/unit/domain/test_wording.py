"""The sentences the rules hand to people read as English: verbs agree, counts agree, one date format."""

import re

import pytest

from earnest.domain import AskAnswer, Criterion, Evidence, Role, debrief, earlyvangelist, next_ask
from earnest.domain.verdicts import assess

from .builders import DISCOVERY, TODAY, d, history, people, talk

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_missing_earlyvangelist_criteria_read_after_they():
    reasons = earlyvangelist(history(), TODAY).reasons
    assert reasons[-1].text == (
        "No evidence yet that they have the problem, know they have it, have budget "
        "for it, built a makeshift solution or need it solved soon."
    )


def test_one_missing_criterion_reads_alone():
    given = tuple(Evidence(c, d(-5), "") for c in Criterion if c is not Criterion.URGENCY)
    assert (
        earlyvangelist(history(evidence=given), TODAY).reasons[-1].text
        == "No evidence yet that they need it solved soon."
    )


def _said(advice) -> str:
    return " ".join([advice.text, *(r.text for r in advice.reasons)])


@pytest.mark.parametrize(
    ("conversation", "ending"),
    [
        (talk(7, -1, planned_ask="pre_order", ask_answer=AskAnswer.HEDGED), "ended in a stall."),
        (talk(7, -1, complimented=True), "ended in compliments, with nothing given."),
        (talk(7, -1), "ended with no next step."),
    ],
)
def test_a_weak_conversation_says_how_it_ended(conversation, ending):
    said = _said(next_ask(history(conversations=(conversation,)), DISCOVERY, TODAY))
    assert f"The conversation on 22 Nov 2026 {ending}" in said
    assert debrief(history(conversations=(conversation,)), DISCOVERY, 7, TODAY).failure


@pytest.mark.parametrize(("count", "phrase"), [(0, "No contact recorded"), (1, "Only 1 contact recorded")])
def test_single_threaded_counts_agree(count, phrase):
    h = history(contacts=people(*([Role.CHAMPION] * count)), conversations=(talk(1, -3, contact_ids=()),))
    texts = [w.text for w in assess(h, DISCOVERY, TODAY).warnings]
    assert any(t.startswith(phrase + ";") for t in texts), texts


def test_no_sentence_shows_an_iso_date():
    h = history(conversations=(talk(7, -1, planned_ask="pre_order", ask_answer=AskAnswer.HEDGED),))
    assert not ISO.search(_said(next_ask(h, DISCOVERY, TODAY)))
