from __future__ import annotations

from datetime import date

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.history import StepOwner, StepResult

from .. import models as m
from ._validation import choice, clean_text


@transaction.atomic
def next_step_add(
    *, prospect: m.Prospect, description: str, on: date, owner: str = "both",
    due: date | None = None, conversation: m.Conversation | None = None,
) -> m.NextStep:
    if due is not None and due < on:
        raise DomainError(f"a next step cannot be due ({due}) before it is agreed ({on})")
    return m.NextStep.objects.create(
        workspace_id=prospect.workspace_id, prospect=prospect, conversation=conversation,
        description=clean_text(description, "next step", max_length=2_000, required=True),
        owner=choice(StepOwner, owner, "owner").value, created_on=on, due=due,
    )


@transaction.atomic
def next_step_complete(*, step: m.NextStep, result: str, on: date) -> m.NextStep:
    """A step ends in a yes (it happened) or a no (it did not)."""
    if step.result:
        raise DomainError(f"next step {step.pk} already ended with {step.result!r}")
    if on < step.created_on:
        raise DomainError(f"a step cannot end ({on}) before it was agreed ({step.created_on})")
    step.result = choice(StepResult, result, "result").value
    step.done_on = on
    step.save(update_fields=["result", "done_on"])
    return step
