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
    return FeedToken.objects.filter(workspace=workspace).order_by("pk")


def feed_for_secret(secret: str) -> FeedToken | None:
    """The live feed behind a secret, or None for an unknown or revoked one."""
    if not secret.startswith(FEED_PREFIX) or len(secret) > 100:
        return None
    token = (
        FeedToken.objects.select_related("workspace")
        .filter(digest=feed_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
