"""Logging an imported conversation (a CRM note, a meeting, an email thread) through the services.

The notes go through the analyzer: what it reads in them (praise, a hedge, a clear
no) is stored on the conversation, as when a user logs one; the next step and the
earlyvangelist evidence it suggests are applied only when the user accepts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.audit import record

from .report import ImportReport


def conversation_exists(workspace: m.Workspace, external_id: str) -> bool:
    return m.Conversation.objects.filter(workspace=workspace, external_id=external_id).exists()


def reach_back(prospect: m.Prospect, on: date) -> None:
    """A record older than the prospect shows when it really began: move its first date back.

    Imports bring history that predates the prospect's row in earnest; refusing it
    (as a typed-in conversation would be) would make every calendar import fail.
    """
    if on < prospect.created_on:
        before = prospect.created_on
        m.Prospect.objects.filter(pk=prospect.pk).update(created_on=on)
        prospect.created_on = on
        record(prospect, "updated", {"created_on": [before.isoformat(), on.isoformat()]})


def _suggestions(notes: str, on: date):
    from earnest.ledger.suggestions import suggest_from_notes

    return suggest_from_notes(notes, on) if notes.strip() else None


def imported_conversation_log(
    *,
    prospect: m.Prospect,
    on: date,
    channel: str,
    notes: str,
    external_id: str,
    report: ImportReport,
    contacts: Sequence[m.Contact] = (),
    accept_suggestions: bool = False,
) -> m.Conversation:
    from earnest.ledger.services.conversations import StepInput, conversation_log
    from earnest.ledger.suggestions import apply_evidence

    reach_back(prospect, on)
    found = _suggestions(notes, on)
    flags = {"complimented": False, "hedged": False, "rejected": False}
    step = None
    if found is not None:
        flags = {k: getattr(found, k) for k in flags}
        if accept_suggestions and found.next_step and (found.next_step.due or on) >= on:
            step = StepInput(found.next_step.description[:2_000], "both", found.next_step.due)
        if found.any():
            report.findings += 1
    row, _ = conversation_log(
        prospect=prospect,
        on=on,
        channel=channel,
        notes=notes,
        contacts=list(contacts),
        next_step=step,
        **flags,
    )
    if len(external_id) > 500:
        raise DomainError(f"the id {external_id[:40]!r}… is longer than 500 characters")
    row.external_id = external_id
    row.save(update_fields=["external_id"])
    if found is not None and accept_suggestions:
        apply_evidence(prospect=prospect, suggestions=found, on=on)
    return row
