"""Writes of the transfer app: saved mappings, calendar feed tokens, assigning pending meetings."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .crm_presets import PRESETS, Mapping, mapping_from_data
from .models import FeedToken, PendingMeeting, SavedMapping
from .report import ImportReport

FEED_PREFIX = "fd_"


@transaction.atomic
def mapping_save(*, workspace: m.Workspace, name: str, data: object) -> SavedMapping:
    """Save or replace a CSV mapping under a name; the presets' names are taken."""
    name = (name or "").strip().lower()
    if not name or len(name) > 64 or not name.replace("-", "").replace("_", "").isalnum():
        raise DomainError("a mapping needs a name of letters, digits, - and _ (at most 64)")
    if name in PRESETS:
        raise DomainError(f"{name!r} is a built-in preset; choose another name")
    mapping = mapping_from_data(name, data)
    row, _ = SavedMapping.objects.update_or_create(
        workspace=workspace,
        name=name,
        defaults={"kind": mapping.kind, "columns": mapping.as_data()["columns"]},
    )
    return row


@transaction.atomic
def mapping_delete(*, workspace: m.Workspace, name: str) -> None:
    deleted, _ = SavedMapping.objects.filter(workspace=workspace, name=name.strip().lower()).delete()
    if not deleted:
        raise DomainError(f"no saved mapping {name!r}")


def mapping_get(*, workspace: m.Workspace, name: str) -> Mapping:
    row = SavedMapping.objects.filter(workspace=workspace, name=name.strip().lower()).first()
    if row is None:
        raise DomainError(f"no saved mapping {name!r}; see: earnest mapping list")
    return mapping_from_data(row.name, {"kind": row.kind, "columns": row.columns})


def feed_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def feed_create(*, workspace: m.Workspace, name: str, created_by=None) -> tuple[FeedToken, str]:
    """A new secret feed address; the secret is returned once and only its hash is kept."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("a feed needs a name of at most 100 characters")
    secret = FEED_PREFIX + secrets.token_urlsafe(32)
    token = FeedToken.objects.create(
        workspace=workspace, name=name, prefix=secret[:12], digest=feed_digest(secret), created_by=created_by
    )
    return token, secret


@transaction.atomic
def feed_revoke(*, workspace: m.Workspace, feed_id: int) -> FeedToken:
    token = FeedToken.objects.filter(workspace=workspace, pk=feed_id).first()
    if token is None:
        raise DomainError(f"no calendar feed {feed_id} in this workspace")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def feeds_revoke_for(*, user, workspace: m.Workspace | None = None) -> int:
    """Revoke the live feeds `user` made (in one workspace, or all): they left, became a viewer or were
    deactivated, and a feed address must not outlive its maker's access. Returns how many."""
    live = FeedToken.objects.filter(created_by=user, revoked_at__isnull=True)
    if workspace is not None:
        live = live.filter(workspace=workspace)
    return live.update(revoked_at=timezone.now())


@transaction.atomic
def pending_assign(
    *,
    workspace: m.Workspace,
    pending_id: int,
    prospect: m.Prospect,
    accept_suggestions: bool = False,
) -> m.Conversation:
    """Log an unmatched meeting or thread with the prospect the user chose."""
    from .conversation_import import imported_conversation_log

    pending = PendingMeeting.objects.select_for_update().filter(workspace=workspace, pk=pending_id).first()
    if pending is None:
        raise DomainError(f"no pending meeting {pending_id}; see: earnest import pending")
    if prospect.workspace_id != workspace.pk:
        raise DomainError("that prospect belongs to another workspace")
    report = ImportReport(source="assign")
    conversation = imported_conversation_log(
        prospect=prospect,
        on=pending.on,
        channel=pending.channel,
        notes=pending.notes,
        external_id=pending.external_id,
        report=report,
        accept_suggestions=accept_suggestions,
    )
    pending.delete()
    return conversation


@transaction.atomic
def pending_dismiss(*, workspace: m.Workspace, pending_id: int) -> None:
    deleted, _ = PendingMeeting.objects.filter(workspace=workspace, pk=pending_id).delete()
    if not deleted:
        raise DomainError(f"no pending meeting {pending_id}")
