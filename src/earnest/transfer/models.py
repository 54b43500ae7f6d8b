"""What importing and exporting keeps: saved CSV mappings, feed tokens, links and open questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from earnest.ledger.models import Workspace


class SavedMapping(models.Model):
    """A user's own CSV column mapping, kept by name so the next export imports the same way."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="csv_mappings")
    name = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="one_mapping_name")]


class FeedToken(models.Model):
    """A secret calendar-feed address. Only a SHA-256 of the secret is kept; revoking is final.

    A feed made in the web app records who made it: it is revoked when that person leaves the
    workspace, becomes a viewer or is deactivated (feeds made with the CLI have no creator).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="feed_tokens")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="feed_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class ExternalRecord(models.Model):
    """Which ledger row an outside record became (a won deal, a future meeting), for re-imports."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="external_records")
    kind = models.CharField(max_length=32)
    external_id = models.CharField(max_length=500)
    entity = models.CharField(max_length=32)
    entity_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "kind", "external_id"], name="one_external_record")]


class PendingMeeting(models.Model):
    """An imported meeting or thread that matched no prospect, waiting for the user to assign it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="pending_meetings")
    source = models.CharField(max_length=16)
    external_id = models.CharField(max_length=500)
    title = models.CharField(max_length=500, blank=True)
    on = models.DateField()
    channel = models.CharField(max_length=16)
    emails = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "external_id"], name="one_pending_meeting")]
