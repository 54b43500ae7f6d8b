"""transfer's answers to the ledger's events (`earnest.ledger.signals`), connected in `TransferConfig.ready()`."""

from __future__ import annotations

from typing import Any

from earnest.ledger import signals
from earnest.ledger.models import Workspace

from .models import ExternalRecord
from .services import feeds_revoke_for


def connect() -> None:
    signals.prospect_merged.connect(external_records_follow_merge, dispatch_uid="transfer.external_records")
    signals.write_access_ended.connect(feeds_follow_access, dispatch_uid="transfer.feeds")


def external_records_follow_merge(sender: Any, *, workspace_id: int, absorbed_id: int, kept_id: int, **_: Any) -> None:
    """Imports remember which prospect an outside record became; the absorbed one's now point to the kept."""
    ExternalRecord.objects.filter(workspace_id=workspace_id, entity="prospect", entity_id=absorbed_id).update(
        entity_id=kept_id
    )


def feeds_follow_access(sender: Any, *, user: Any, workspace: Workspace | None = None, **_: Any) -> None:
    """The calendar feeds a person made stop where they may no longer write."""
    feeds_revoke_for(user=user, workspace=workspace)
