"""Merging two prospects that turned out to be one company (entered twice, imported twice)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model

from earnest.domain.errors import DomainError

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from ..signals import prospect_merged
from .versions import bump, locked_for_edit

# Rows that belong to a prospect and move with it, by the name the audit trail gives their count.
_MOVED: dict[str, type[Model]] = {
    "contacts": m.Contact,
    "conversations": m.Conversation,
    "commitments": m.Commitment,
    "next_steps": m.NextStep,
    "evidence": m.Evidence,
}
# The kept prospect's empty fields are filled from the other's.
_FILLED = ["domain", "owner", "external_id"]


@transaction.atomic
def prospect_merge(
    *, keep: m.Prospect, absorb: m.Prospect, keep_version: int | None = None, absorb_version: int | None = None
) -> dict[str, int]:
    """Move everything of `absorb` (people, conversations, commitments, steps, evidence, its audit trail)
    to `keep`, fill `keep`'s empty fields from it, and delete it. Says how many rows moved."""
    if keep.pk == absorb.pk:
        raise DomainError("a prospect cannot be merged into itself")
    if keep.workspace_id != absorb.workspace_id:
        raise DomainError("prospects of two workspaces cannot be merged")
    # Lock both in id order, so two merges of the same pair cannot deadlock.
    first, second = sorted([(keep, keep_version), (absorb, absorb_version)], key=lambda pair: pair[0].pk)
    locked = {row.pk: locked_for_edit(row, version) for row, version in (first, second)}
    keep, absorb = locked[keep.pk], locked[absorb.pk]
    if keep.ladder != absorb.ladder and absorb.commitments.exclude(rung="").exists():
        raise DomainError(
            f"{absorb.name} has commitments on the {absorb.ladder} ladder's rungs and {keep.name} "
            f"is on {keep.ladder}; move one of them to the other's ladder first"
        )
    moved = {
        name: model._default_manager.filter(prospect=absorb).update(prospect=keep) for name, model in _MOVED.items()
    }
    m.AuditEvent.objects.filter(prospect=absorb).update(prospect=keep)
    filled = {f: getattr(absorb, f) for f in _FILLED if not getattr(keep, f) and getattr(absorb, f)}
    if absorb.notes:
        filled["notes"] = f"{keep.notes}\n\n{absorb.notes}".strip() if keep.notes else absorb.notes
    if absorb.created_on < keep.created_on:
        filled["created_on"] = absorb.created_on
    for key, value in filled.items():
        setattr(keep, key, value)
    bump(keep, [*filled, "updated_at"])
    # The apps above follow the merge (transfer repoints its import keys); the ledger does not know them.
    prospect_merged.send(__name__, workspace_id=keep.workspace_id, absorbed_id=absorb.pk, kept_id=keep.pk)
    name, absorbed_id = absorb.name, absorb.pk
    absorb.delete()
    record(
        keep,
        "merged",
        {
            "absorbed": f"{name} (id {absorbed_id})",
            **{k: v for k, v in moved.items() if v},
            **{f"filled {k}": str(v)[:200] for k, v in filled.items() if k != "notes"},
        },
    )
    prospect_changed(keep.workspace_id, keep.pk)
    return moved
