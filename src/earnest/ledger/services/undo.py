"""Undoing a one-click action (a step ended, a commitment moved on, a parked lead brought back).

Each click is recorded in the audit trail with what it replaced; undoing puts that back, is
audited in turn, and is allowed only for a while and only while nobody has changed the record
since (the Undo button carries the version the click left).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from earnest.domain.errors import DomainError

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record
from .outcomes import conversation_refresh_outcome_of
from .versions import bump, locked_for_edit

UNDO_WINDOW = timedelta(minutes=15)
_COMMITMENT_ACTIONS = {"agreed", "declined", "fulfilled", "broken"}
_PROSPECT_DATES = {"closed_on", "parked_on", "parked_until"}


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _last_click(row: m.NextStep | m.Commitment | m.Prospect) -> m.AuditEvent | None:
    return (
        m.AuditEvent.objects.filter(workspace_id=row.workspace_id, entity=row._meta.model_name, entity_id=row.pk)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def click_undo(
    *, row: m.NextStep | m.Commitment | m.Prospect, expected_version: int | None, now: datetime | None = None
) -> str:
    """Put back what the last one-click action on this record changed; says what was undone."""
    row = locked_for_edit(row, expected_version)
    event = _last_click(row)
    undoable = {"nextstep": {"ended"}, "commitment": _COMMITMENT_ACTIONS, "prospect": {"reopened"}}
    if event is None or event.action not in undoable.get(row._meta.model_name or "", set()):
        raise DomainError("there is nothing to undo: the last change to this record was not a one-click action")
    if (now or timezone.now()) - event.at > UNDO_WINDOW:
        raise DomainError(
            f"too late to undo: a click can be undone for {UNDO_WINDOW.seconds // 60} minutes; "
            "change the record by editing it instead"
        )
    if isinstance(row, m.NextStep):
        before = {"result": row.result, "done_on": row.done_on}
        row.result, row.done_on = "", None
        bump(row, ["result", "done_on"])
        conversation_refresh_outcome_of(row.conversation_id)
    elif isinstance(row, m.Commitment):
        saved = event.changes.get("_before")
        if not isinstance(saved, dict):
            raise DomainError("this change was recorded before undo existed; edit the commitment instead")
        before = {"status": row.status}
        row.status = saved["status"]
        row.answered_on, row.closed_on, row.due = (_as_date(saved.get(k)) for k in ("answered_on", "closed_on", "due"))
        bump(row, ["status", "answered_on", "closed_on", "due"])
        # The lifecycle replays without the change taken back.
        last = row.changes.order_by("-pk").first()
        if last is not None and last.to_status == event.action:
            last.delete()
        conversation_refresh_outcome_of(row.conversation_id)
    else:
        restored = {k: (_as_date(v[0]) if k in _PROSPECT_DATES else v[0] or "") for k, v in event.changes.items()}
        before = {k: getattr(row, k) for k in restored}
        for key, value in restored.items():
            setattr(row, key, value)
        bump(row, [*restored, "updated_at"])
    record(
        row, "undone", {"undid": event.action, **{k: [_plain(v), _plain(getattr(row, k))] for k, v in before.items()}}
    )
    prospect_changed(row.workspace_id, row.pk if isinstance(row, m.Prospect) else row.prospect_id)
    return event.action


def _plain(value: Any) -> Any:
    """A value as the audit trail's JSON keeps it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value
