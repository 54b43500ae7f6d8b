"""Deleting records. Each deletion is audited; deleting a prospect removes its whole history."""

from __future__ import annotations

from django.db import transaction

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from .outcomes import conversation_refresh_outcome_of
from .versions import locked_for_edit


@transaction.atomic
def prospect_delete(*, prospect: m.Prospect, expected_version: int | None = None) -> None:
    row = locked_for_edit(prospect, expected_version)
    # The prospect's own trail goes with it, so the deletion is recorded at workspace level.
    record(row, "deleted", {"name": row.name})
    prospect_changed(row.workspace_id, row.pk)
    m.AuditEvent.objects.filter(prospect=row, action="deleted", entity="prospect").update(prospect=None)
    row.delete()


@transaction.atomic
def record_delete(
    *, row: m.Contact | m.Conversation | m.Commitment | m.NextStep, expected_version: int | None = None
) -> None:
    """Delete a contact, conversation, commitment or next step; the prospect's verdict is recomputed."""
    row = locked_for_edit(row, expected_version)
    record(row, "deleted", {"description": str(getattr(row, "description", "") or getattr(row, "name", ""))[:200]})
    prospect_changed(row.workspace_id, row.prospect_id)
    conversation_id = getattr(row, "conversation_id", None)
    row.delete()
    conversation_refresh_outcome_of(conversation_id)


def prospect_delete_summary(prospect: m.Prospect) -> dict[str, int]:
    """What goes with a prospect when it is deleted, counted, for the confirmation that names it."""
    from django.db.models import Count

    counts = m.Prospect.objects.filter(pk=prospect.pk).aggregate(
        contacts=Count("contacts", distinct=True),
        conversations=Count("conversations", distinct=True),
        commitments=Count("commitments", distinct=True),
        next_steps=Count("next_steps", distinct=True),
        evidence=Count("evidence", distinct=True),
    )
    return {k: v for k, v in counts.items() if v}


_NOUNS = {
    "contacts": ("contact", "contacts"),
    "conversations": ("conversation", "conversations"),
    "commitments": ("commitment", "commitments"),
    "next_steps": ("next step", "next steps"),
    "evidence": ("piece of evidence", "pieces of evidence"),
}


def counted(counts: dict[str, int]) -> str:
    """{'contacts': 1, 'next_steps': 2} -> '1 contact and 2 next steps'; 'nothing else' when empty."""
    parts = [f"{n} {_NOUNS.get(k, (k, k))[n != 1]}" for k, n in counts.items() if n]
    if not parts:
        return "nothing else"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
