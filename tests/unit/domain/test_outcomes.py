from earnest.domain import AskAnswer, Outcome, StepOwner, conversation_outcome
from earnest.domain import CommitmentStatus as S

from .builders import agreed, commitment, step, talk


def outcome(conversation, commitments=(), steps=()):
    return conversation_outcome(conversation, commitments, steps).outcome


def test_a_clear_no_is_rejected_even_with_other_signals():
    assert outcome(talk(rejected=True, complimented=True)) is Outcome.REJECTED
    assert outcome(talk(ask_answer=AskAnswer.DECLINED), [agreed(conversation=1)]) is Outcome.REJECTED


def test_an_agreed_commitment_in_the_conversation_advances_it():
    assert outcome(talk(ask_answer=AskAnswer.AGREED), [agreed(conversation=1)]) is Outcome.ADVANCED


def test_a_later_broken_promise_does_not_undo_the_advance():
    broken = commitment(status=S.BROKEN, conversation=1)
    assert outcome(talk(), [broken]) is Outcome.ADVANCED


def test_a_dated_step_with_the_prospect_advances():
    assert outcome(talk(complimented=True), steps=[step(due=5, conversation=1)]) is Outcome.ADVANCED
    both = step(due=5, conversation=1, owner=StepOwner.BOTH)
    assert outcome(talk(), steps=[both]) is Outcome.ADVANCED


def test_a_step_only_we_own_never_advances():
    ours = step(due=5, conversation=1, owner=StepOwner.US)
    assert outcome(talk(), steps=[ours]) is Outcome.NO_NEXT_STEP


def test_an_undated_step_does_not_advance():
    assert outcome(talk(), steps=[step(conversation=1)]) is Outcome.NO_NEXT_STEP


def test_a_yes_without_a_commitment_or_a_dated_step_is_a_hedge():
    result = conversation_outcome(talk(ask_answer=AskAnswer.AGREED, hedged=True), [], [])
    assert result.outcome is Outcome.HEDGED
    assert "hedge" in result.reasons[0].text


def test_a_hedge_never_advances():
    assert outcome(talk(ask_answer=AskAnswer.HEDGED)) is Outcome.HEDGED
    assert outcome(talk(hedged=True, complimented=True)) is Outcome.HEDGED


def test_praise_alone_is_a_compliment():
    assert outcome(talk(complimented=True)) is Outcome.COMPLIMENTED


def test_nothing_at_all_is_no_next_step():
    assert outcome(talk()) is Outcome.NO_NEXT_STEP
    assert outcome(talk(outreach_unanswered=True)) is Outcome.NO_NEXT_STEP


def test_commitments_and_steps_of_other_conversations_are_ignored():
    other = [agreed(conversation=2)]
    assert outcome(talk(id=1), other, [step(due=3, conversation=2)]) is Outcome.NO_NEXT_STEP


def test_reasons_cite_the_date():
    result = conversation_outcome(talk(on=-3, complimented=True), [], [])
    assert "20 Nov 2026" in result.reasons[0].text


def test_a_commitment_already_done_reads_as_followed_through_not_as_a_promise():
    done = commitment(1, status=S.FULFILLED, conversation=1, asked=0, description="introduced me to Raj")
    promised = commitment(2, status=S.AGREED, conversation=1, asked=0, description="share the shipment data")
    texts = [r.text for r in conversation_outcome(talk(1, on=0), [done, promised], []).reasons]
    assert texts == [
        "On 23 Nov 2026 they followed through on 'introduced me to Raj'.",
        "On 23 Nov 2026 they agreed to 'share the shipment data'.",
    ]
