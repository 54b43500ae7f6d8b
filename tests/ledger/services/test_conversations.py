import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
from earnest.ledger.services.prospects import contact_add, prospect_create


def test_an_agreed_ask_with_a_dated_step_advances(prospect, days):
    conv, result = conversation_log(
        prospect=prospect,
        on=days(-1),
        ask=AskInput(answer="agreed", rung="intro_colleague", due=days(6)),
        next_step=StepInput("Intro call with their data lead", "both", days(6)),
    )
    assert result.outcome.value == "advanced"
    conv.refresh_from_db()
    assert conv.outcome == "advanced"
    commitment = conv.commitments.get()
    assert (commitment.status, commitment.rung, commitment.currencies) == ("agreed", "intro_colleague", ["reputation"])
    assert list(commitment.changes.values_list("to_status", flat=True)) == ["asked", "agreed"]


def test_a_hedged_ask_gives_nothing_and_is_not_advanced(prospect, days):
    conv, result = conversation_log(
        prospect=prospect, on=days(-1), ask=AskInput(answer="hedged", text="Trial with real data")
    )
    assert result.outcome.value == "hedged"
    assert not conv.commitments.exists()
    assert conv.hedged and conv.planned_ask == "Trial with real data"


def test_praise_alone_is_complimented(prospect, days):
    _, result = conversation_log(prospect=prospect, on=days(-1), complimented=True)
    assert result.outcome.value == "complimented"


def test_a_declined_ask_is_a_rejection(prospect, days):
    conv, result = conversation_log(prospect=prospect, on=days(-1), ask=AskInput(answer="declined", rung="pre_order"))
    assert result.outcome.value == "rejected"
    assert conv.commitments.get().status == "declined"


def test_a_step_only_we_own_does_not_advance(prospect, days):
    _, result = conversation_log(prospect=prospect, on=days(-1), next_step=StepInput("We send the deck", "us", days(2)))
    assert result.outcome.value == "no_next_step"


def test_a_conversation_before_the_prospect_existed_is_refused(prospect, days):
    with pytest.raises(DomainError, match="predates"):
        conversation_log(prospect=prospect, on=days(-400))
    assert not m.Conversation.objects.exists()


def test_a_failing_part_rolls_back_the_whole_conversation(prospect, days):
    with pytest.raises(DomainError, match="no rung 'moon'"):
        conversation_log(
            prospect=prospect, on=days(-1), notes="Long notes worth keeping", ask=AskInput(answer="agreed", rung="moon")
        )
    assert not m.Conversation.objects.exists()


def test_contacts_from_another_prospect_are_refused(prospect, workspace, days):
    other = prospect_create(workspace=workspace, name="Other", created_on=days(-5))
    stranger = contact_add(prospect=other, name="Stranger")
    with pytest.raises(DomainError, match="another prospect"):
        conversation_log(prospect=prospect, on=days(-1), contacts=[stranger])


def test_an_answer_must_be_known(prospect, days):
    with pytest.raises(DomainError, match="answer 'perhaps'"):
        conversation_log(prospect=prospect, on=days(-1), ask=AskInput(answer="perhaps", text="Pilot"))
