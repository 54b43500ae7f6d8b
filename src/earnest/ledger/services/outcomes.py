"""A conversation's stored outcome, recomputed after anything that can move it.

Logging or editing a conversation, moving or editing one of its commitments or next steps,
deleting one and undoing a change all end here. It stands a floor below those services and
imports none of them, so they import it, and not one another, to keep the outcome current.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from earnest.domain.outcomes import conversation_outcome
from earnest.domain.results import OutcomeResult

from .. import models as m
from ..mapping import commitment_value, conversation_value, step_value


def conversation_outcome_of(
    row: m.Conversation,
    *,
    contacts: Sequence[m.Contact] | None = None,
    commitments: Sequence[m.Commitment] | None = None,
    steps: Sequence[m.NextStep] | None = None,
) -> OutcomeResult:
    """The outcome the rules give the conversation with its commitments and next steps as stored, or as
    handed in (a conversation decided and not yet written, with its people, commitments and steps)."""
    return conversation_outcome(
        conversation_value(row, None if contacts is None else tuple(c.pk for c in contacts)),
        [commitment_value(c) for c in (row.commitments.all() if commitments is None else commitments)],
        [step_value(s) for s in (row.next_steps.all() if steps is None else steps)],
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
