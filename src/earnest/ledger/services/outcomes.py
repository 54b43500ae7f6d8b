"""A conversation's stored outcome, recomputed after anything that can move it.

Logging or editing a conversation, moving or editing one of its commitments or next steps,
deleting one and undoing a change all end here. It stands a floor below those services and
imports none of them, so they import it, and not one another, to keep the outcome current.
"""

from __future__ import annotations

from django.db import transaction

from earnest.domain.outcomes import conversation_outcome
from earnest.domain.results import OutcomeResult

from .. import models as m
from ..mapping import commitment_value, conversation_value, step_value


def conversation_outcome_of(row: m.Conversation) -> OutcomeResult:
    """The outcome the rules give the conversation with its commitments and next steps as stored."""
    return conversation_outcome(
        conversation_value(row),
        [commitment_value(c) for c in row.commitments.all()],
        [step_value(s) for s in row.next_steps.all()],
    )


@transaction.atomic
def conversation_refresh_outcome(*, conversation: m.Conversation) -> OutcomeResult:
    result = conversation_outcome_of(conversation)
    if conversation.outcome != result.outcome.value:
        conversation.outcome = result.outcome.value
        conversation.save(update_fields=["outcome"])
    return result


def conversation_refresh_outcome_of(conversation_id: int | None) -> None:
    """Refresh the outcome of the conversation with this id, if there is one and it still exists."""
    if conversation_id:
        conversation = m.Conversation.objects.filter(pk=conversation_id).first()
        if conversation is not None:
            conversation_refresh_outcome(conversation=conversation)
