"""Reads of the transfer app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from earnest.ledger import models as m

from .models import FeedToken, PendingMeeting, SavedMapping
from .services import FEED_PREFIX, feed_digest


def pending_meetings(workspace: m.Workspace) -> QuerySet[PendingMeeting]:
    return PendingMeeting.objects.filter(workspace=workspace).order_by("on", "pk")


def saved_mappings(workspace: m.Workspace) -> QuerySet[SavedMapping]:
    return SavedMapping.objects.filter(workspace=workspace).order_by("name")


def feeds(workspace: m.Workspace) -> QuerySet[FeedToken]:
    return FeedToken.objects.filter(workspace=workspace).select_related("created_by").order_by("pk")


def feed_for_secret(secret: str) -> FeedToken | None:
    """The live feed behind a secret, or None for an unknown or revoked one."""
    if not secret.startswith(FEED_PREFIX) or len(secret) > 100:
        return None
    token = (
        FeedToken.objects.select_related("workspace", "created_by")
        .filter(digest=feed_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is not None and token.created_by is not None and not _may_keep_feed(token):
        return None
    if token is not None:
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def _may_keep_feed(token: FeedToken) -> bool:
    """Its maker is still active and may still make feeds there; a second guard behind revocation on
    removal and demotion, for a deactivation that went around the services."""
    maker = token.created_by  # None once the maker's account is deleted: the feed is theirs no more
    return (
        maker is not None
        and maker.is_active
        and m.Membership.objects.filter(
            user_id=maker.pk, workspace_id=token.workspace_id, role__in=("owner", "member")
        ).exists()
    )
