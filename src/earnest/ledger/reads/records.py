"""One record per entity, the same for the CLI's `--format json` and the API.

Each function turns one row into a dict of plain Python values (dates, decimals); the CLI prints it
through `jsonable`, the API through its Out schema in `api/schemas.py`, which declares exactly these
keys (`tests/api/test_records.py` checks both). A field added here reaches both adapters at once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from earnest.domain.commitments import effective_status
from earnest.domain.ladders import Ladder
from earnest.jsonable import jsonable

from ..mapping import commitment_value

if TYPE_CHECKING:  # the CLI imports this module before Django is set up
    from .. import models as m

Record = dict[str, Any]


def prospect_data(row: m.Prospect) -> Record:
    """A prospect, its closure and parking both flat and grouped (`closed`, `parked`: None when not)."""
    return {
        "id": row.pk,
        "name": row.name,
        "domain": row.domain,
        "ladder": row.ladder,
        "owner": row.owner,
        "notes": row.notes,
        "external_id": row.external_id,
        "created_on": row.created_on,
        "classification": row.classification,
        "close_reason": row.close_reason,
        "close_note": row.close_note,
        "closed_on": row.closed_on,
        "park_reason": row.park_reason,
        "parked_until": row.parked_until,
        "closed": {"reason": row.close_reason, "note": row.close_note, "on": row.closed_on}
        if row.close_reason
        else None,
        "parked": {"reason": row.park_reason, "until": row.parked_until} if row.parked_until else None,
        "tags": sorted(t.name for t in row.tags.all()),
        "version": row.version,
    }


def contact_data(row: m.Contact) -> Record:
    return {
        "id": row.pk,
        "prospect_id": row.prospect_id,
        "name": row.name,
        "email": row.email,
        "title": row.title,
        "role": row.role,
        "version": row.version,
    }


def conversation_data(row: m.Conversation) -> Record:
    """A conversation with its stored outcome and the ids of the people in it."""
    return {
        "id": row.pk,
        "prospect_id": row.prospect_id,
        "on": row.on,
        "channel": row.channel,
        "notes": row.notes,
        "planned_ask": row.planned_ask,
        "ask_answer": row.ask_answer,
        "complimented": row.complimented,
        "hedged": row.hedged,
        "rejected": row.rejected,
        "outreach_unanswered": row.outreach_unanswered,
        "outcome": row.outcome,
        "contact_ids": [c.pk for c in row.contacts.all()],
        "version": row.version,
    }


def commitment_data(row: m.Commitment, today: date) -> Record:
    """A commitment with its stored `status` and the `effective_status` the rules read as of `today`
    (an agreed commitment past its due date counts as broken)."""
    return {
        "id": row.pk,
        "prospect_id": row.prospect_id,
        "prospect": row.prospect.name,
        "conversation_id": row.conversation_id,
        "contact_id": row.contact_id,
        "description": row.description,
        "rung": row.rung,
        "currencies": row.currencies,
        "status": row.status,
        "effective_status": effective_status(commitment_value(row), today).value,
        "asked_on": row.asked_on,
        "answered_on": row.answered_on,
        "due": row.due,
        "closed_on": row.closed_on,
        "amount": row.amount,
        "version": row.version,
    }


def step_data(row: m.NextStep) -> Record:
    """A next step; `result` is empty while it is open."""
    return {
        "id": row.pk,
        "prospect_id": row.prospect_id,
        "prospect": row.prospect.name,
        "conversation_id": row.conversation_id,
        "description": row.description,
        "owner": row.owner,
        "created_on": row.created_on,
        "due": row.due,
        "result": row.result,
        "done_on": row.done_on,
        "version": row.version,
    }


def evidence_data(row: m.Evidence) -> Record:
    return {
        "id": row.pk,
        "prospect_id": row.prospect_id,
        "prospect": row.prospect.name,
        "criterion": row.criterion,
        "note": row.note,
        "on": row.on,
    }


def ladder_data(ladder: Ladder, version: int | None = None) -> Record:
    """A ladder with its rungs; a custom one carries the `version` an edit must name."""
    return {**jsonable(ladder), "version": version}


def ladder_detail_data(workspace: m.Workspace, key: str) -> Record:
    """One ladder of the workspace, with the version of its stored source when it is a custom one."""
    from .. import models as m
    from .selectors import ladder_get

    ladder = ladder_get(workspace, key)
    row = m.CustomLadder.objects.filter(workspace=workspace, key=key).only("version").first()
    return ladder_data(ladder, row.version if row else None)


def audit_data(row: m.AuditEvent) -> Record:
    return {
        "id": row.pk,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "action": row.action,
        "actor": row.actor_label,
        "changes": row.changes,
        "at": row.at,
    }
