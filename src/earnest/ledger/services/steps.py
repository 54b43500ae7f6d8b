from __future__ import annotations

from datetime import date

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.history import StepOwner, StepResult

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from ._validation import choice, clean_date, clean_text
from .outcomes import conversation_refresh_outcome
from .rows import Rows, written
from .versions import bump, locked_for_edit


def next_step_add_rows(
    rows: Rows,
    *,
    prospect: m.Prospect,
    description: str,
    on: date,
    owner: str = "both",
    due: date | None = None,
    conversation: m.Conversation | None = None,
) -> m.NextStep:
    """A step agreed on `on` (decided here, written by `next_step_add`)."""
    clean_date(due, "due date")
    if due is not None and due < on:
        raise DomainError(f"a next step cannot be due ({due}) before it is agreed ({on})")
    step = m.NextStep(
        workspace_id=prospect.workspace_id,
        prospect=prospect,
        conversation=conversation,
        description=clean_text(description, "next step", max_length=2_000, required=True),
        owner=choice(StepOwner, owner, "owner").value,
        created_on=on,
        due=due,
    )
    rows.insert(step)
    rows.event(
        step, "created", {"description": step.description, "owner": step.owner, "due": due.isoformat() if due else None}
    )
    return step


next_step_add = written(next_step_add_rows)


@transaction.atomic
def next_step_complete(
    *,
    step: m.NextStep,
    result: str,
    on: date,
    expected_version: int | None = None,
) -> m.NextStep:
    """A step ends in a yes (it happened) or a no (it did not)."""
    step = locked_for_edit(step, expected_version)
    if step.result:
        raise DomainError(f"next step {step.pk} already ended with {step.result!r}")
    if on < step.created_on:
        raise DomainError(f"a step cannot end ({on}) before it was agreed ({step.created_on})")
    step.result = choice(StepResult, result, "result").value
    step.done_on = on
    bump(step, ["result", "done_on"])
    record(step, "ended", {"result": step.result, "on": on.isoformat()})
    prospect_changed(step.workspace_id, step.prospect_id)
    _refresh_conversation(step)
    return step


@transaction.atomic
def next_step_update(
    *,
    step: m.NextStep,
    expected_version: int | None = None,
    description: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    clear_due: bool = False,
) -> m.NextStep:
    step = locked_for_edit(step, expected_version)
    before = {"description": step.description, "owner": step.owner, "due": step.due}
    if description is not None:
        step.description = clean_text(description, "next step", max_length=2_000, required=True)
    if owner is not None:
        step.owner = choice(StepOwner, owner, "owner").value
    if due is not None or clear_due:
        clean_date(due, "due date")
        if due is not None and due < step.created_on:
            raise DomainError(f"a next step cannot be due ({due}) before it is agreed ({step.created_on})")
        step.due = due
    bump(step, ["description", "owner", "due"])
    after = {"description": step.description, "owner": step.owner, "due": step.due}
    record(step, "updated", {k: [str(before[k]), str(after[k])] for k in after if before[k] != after[k]})
    prospect_changed(step.workspace_id, step.prospect_id)
    _refresh_conversation(step)
    return step


def _refresh_conversation(step: m.NextStep) -> None:
    if step.conversation is not None:
        conversation_refresh_outcome(conversation=step.conversation)
