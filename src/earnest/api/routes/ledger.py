"""Contacts, conversations, commitments and next steps."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from earnest.jsonable import jsonable
from earnest.ledger import models as m
from earnest.ledger.reads.records import commitment_data, contact_data, conversation_data, step_data
from earnest.ledger.services import commitments as commitment_svc
from earnest.ledger.services import conversations as conversation_svc
from earnest.ledger.services import prospects as prospect_svc
from earnest.ledger.services import steps as step_svc

from ..auth import ApiRequest
from ..common import refused_duplicates, scoped, today, valid_id
from ..pagination import Mapped
from ..schemas import (
    CommitmentIn,
    CommitmentOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    ConversationIn,
    ConversationOut,
    ConversationPatch,
    FindingsOut,
    LoggedOut,
    StatusIn,
    StepEndIn,
    StepIn,
    StepOut,
    StepPatch,
)

router = Router()


class ByProspect(Schema):
    prospect_id: int | None = None


def _for_prospect(request: ApiRequest, model, filters: ByProspect, *order: str):
    qs = model.objects.filter(workspace=request.workspace).order_by(*order)
    if filters.prospect_id is not None:
        qs = qs.filter(prospect_id=filters.prospect_id) if valid_id(filters.prospect_id) else qs.none()
    return qs


# Contacts ---------------------------------------------------------------


@router.get("/contacts", response=list[ContactOut], tags=["contacts"])
@paginate
def contact_list(request: ApiRequest, filters: Query[ByProspect]):
    return Mapped(_for_prospect(request, m.Contact, filters, "pk"), contact_data)


@router.post("/contacts", response={201: ContactOut}, tags=["contacts"])
def contact_create(request: ApiRequest, body: ContactIn, allow_duplicate: bool = False):
    """Add a person; a known email, or a name the prospect already has, answers 409 unless `allow_duplicate`."""
    prospect = scoped(request, m.Prospect, body.prospect_id)
    with refused_duplicates():
        return Status(
            201,
            contact_data(
                prospect_svc.contact_add(
                    prospect=prospect,
                    name=body.name,
                    role=body.role,
                    email=body.email,
                    title=body.title,
                    allow_duplicate=allow_duplicate,
                )
            ),
        )


@router.get("/contacts/{contact_id}", response=ContactOut, tags=["contacts"])
def contact_get(request: ApiRequest, contact_id: int):
    return contact_data(scoped(request, m.Contact, contact_id))


@router.patch("/contacts/{contact_id}", response=ContactOut, tags=["contacts"])
def contact_update(request: ApiRequest, contact_id: int, body: ContactPatch):
    changes = body.dict(exclude_unset=True, exclude_none=True)
    version = changes.pop("version")
    return contact_data(
        prospect_svc.contact_update(contact=scoped(request, m.Contact, contact_id), expected_version=version, **changes)
    )


# Conversations ----------------------------------------------------------


@router.get("/conversations", response=list[ConversationOut], tags=["conversations"])
@paginate
def conversation_list(request: ApiRequest, filters: Query[ByProspect]):
    qs = _for_prospect(request, m.Conversation, filters, "-on", "-pk").prefetch_related("contacts")
    return Mapped(qs, conversation_data)


@router.post("/conversations", response={201: LoggedOut}, tags=["conversations"])
def conversation_create(request: ApiRequest, body: ConversationIn):
    """Log a conversation with its ask, the answer and the next step; the outcome is computed.

    With `apply_findings`, what the notes show is recorded too, as the CLI and the web debrief do."""
    from earnest.ledger.services.findings import ConversationInput, conversation_record

    prospect = scoped(request, m.Prospect, body.prospect_id)
    contacts = [scoped(request, m.Contact, pk) for pk in body.contact_ids]
    ask = (
        conversation_svc.AskInput(
            answer=body.ask.answer,
            text=body.ask.text,
            rung=body.ask.rung,
            currencies=tuple(body.ask.currencies),
            due=body.ask.due,
            amount=body.ask.amount,
        )
        if body.ask
        else None
    )
    step = (
        conversation_svc.StepInput(body.next_step.description, body.next_step.owner, body.next_step.due)
        if body.next_step
        else None
    )
    recorded = conversation_record(
        prospect=prospect,
        accept="ticked" if body.apply_findings else None,
        data=ConversationInput(
            on=body.on or today(),
            channel=body.channel,
            notes=body.notes,
            contacts=contacts,
            ask=ask,
            complimented=body.complimented,
            hedged=body.hedged,
            rejected=body.rejected,
            outreach_unanswered=body.outreach_unanswered,
            next_step=step,
        ),
    )
    return Status(
        201,
        {
            "conversation": conversation_data(recorded.conversation),
            "outcome": recorded.outcome.outcome.value,
            "reasons": jsonable(recorded.outcome.reasons),
            "created": recorded.applied.as_json(),
        },
    )


@router.get("/conversations/{conversation_id}/findings", response=FindingsOut, tags=["conversations"])
def conversation_findings(request: ApiRequest, conversation_id: int):
    """What the notes analyzer reads in the conversation's notes, and what recording each finding adds."""
    from earnest.ledger.services.findings import notes_read

    row = scoped(request, m.Conversation, conversation_id)
    reading = notes_read(prospect=row.prospect, notes=row.notes, on=row.on)
    findings = [
        {
            "key": o.key,
            "kind": o.kind,
            "text": o.text,
            "start": o.finding.start,
            "end": o.finding.end,
            "ticked": o.ticked,
            "records": o.action,
            "rung": o.rung,
            "status": o.status,
            "currencies": list(o.finding.currencies),
            "amount": o.finding.amount,
            "due": o.finding.due,
            "name": o.finding.name,
            "title": o.finding.title,
            "role": o.finding.role,
        }
        for o in reading.offers
    ]
    return {"verdict": reading.verdict, "score": reading.score, "flags": reading.flags, "findings": findings}


@router.get("/conversations/{conversation_id}", response=ConversationOut, tags=["conversations"])
def conversation_get(request: ApiRequest, conversation_id: int):
    return conversation_data(scoped(request, m.Conversation, conversation_id))


@router.patch("/conversations/{conversation_id}", response=ConversationOut, tags=["conversations"])
def conversation_update(request: ApiRequest, conversation_id: int, body: ConversationPatch):
    changes = body.dict(exclude_unset=True, exclude_none=True)
    version = changes.pop("version")
    row, _ = conversation_svc.conversation_update(
        conversation=scoped(request, m.Conversation, conversation_id), expected_version=version, **changes
    )
    return conversation_data(row)


@router.get("/conversations/{conversation_id}/debrief", response=dict, tags=["conversations"])
def conversation_debrief(request: ApiRequest, conversation_id: int):
    """The outcome with its reasons and, after a weak conversation, a salvage ask."""
    from earnest.ledger.services.debrief import conversation_debrief

    row = scoped(request, m.Conversation, conversation_id)
    return jsonable(conversation_debrief(request.workspace, row, today()))


# Commitments ------------------------------------------------------------


class CommitmentFilter(ByProspect):
    status: str | None = None


def _commitment_out(row: m.Commitment) -> dict:
    return commitment_data(row, today())


@router.get("/commitments", response=list[CommitmentOut], tags=["commitments"])
@paginate
def commitment_list(request: ApiRequest, filters: Query[CommitmentFilter]):
    qs = _for_prospect(request, m.Commitment, filters, "asked_on", "pk").select_related("prospect")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return Mapped(qs, _commitment_out)


@router.post("/commitments", response={201: CommitmentOut}, tags=["commitments"])
def commitment_create(request: ApiRequest, body: CommitmentIn):
    """Record an ask that awaits the prospect's answer."""
    prospect = scoped(request, m.Prospect, body.prospect_id)
    row = commitment_svc.commitment_ask(
        prospect=prospect,
        on=body.on or today(),
        rung=body.rung,
        description=body.description,
        currencies=list(body.currencies) or None,
        due=body.due,
        amount=body.amount,
    )
    return Status(201, _commitment_out(row))


@router.get("/commitments/{commitment_id}", response=CommitmentOut, tags=["commitments"])
def commitment_get(request: ApiRequest, commitment_id: int):
    return _commitment_out(scoped(request, m.Commitment, commitment_id))


class CommitmentPatch(Schema):
    version: int
    description: str | None = Field(None, min_length=1, max_length=2_000)
    due: dt.date | None = None
    amount: str | None = Field(None, max_length=40)


@router.patch("/commitments/{commitment_id}", response=CommitmentOut, tags=["commitments"])
def commitment_update(request: ApiRequest, commitment_id: int, body: CommitmentPatch):
    """Correct what was promised, by when (null clears it) or how much (null clears it)."""
    changes = body.dict(exclude_unset=True)
    row = commitment_svc.commitment_update(
        commitment=scoped(request, m.Commitment, commitment_id),
        expected_version=changes.pop("version"),
        description=changes.get("description"),
        due=changes.get("due"),
        clear_due="due" in changes and changes["due"] is None,
        amount=changes.get("amount"),
        clear_amount="amount" in changes and changes["amount"] is None,
    )
    return _commitment_out(row)


@router.post("/commitments/{commitment_id}/status", response=CommitmentOut, tags=["commitments"])
def commitment_status(request: ApiRequest, commitment_id: int, body: StatusIn):
    """Move a commitment along asked → agreed/declined → fulfilled/broken."""
    row = commitment_svc.commitment_set_status(
        commitment=scoped(request, m.Commitment, commitment_id),
        to=body.status,
        on=body.on or today(),
        due=body.due,
        expected_version=body.version,
    )
    return _commitment_out(row)


# Next steps -------------------------------------------------------------


class StepFilter(ByProspect):
    open: bool | None = None


@router.get("/next-steps", response=list[StepOut], tags=["next steps"])
@paginate
def step_list(request: ApiRequest, filters: Query[StepFilter]):
    qs = _for_prospect(request, m.NextStep, filters, "due", "pk").select_related("prospect")
    if filters.open is not None:
        qs = qs.filter(result="") if filters.open else qs.exclude(result="")
    return Mapped(qs, step_data)


@router.post("/next-steps", response={201: StepOut}, tags=["next steps"])
def step_create(request: ApiRequest, body: StepIn):
    prospect = scoped(request, m.Prospect, body.prospect_id)
    return Status(
        201,
        step_data(
            step_svc.next_step_add(
                prospect=prospect, description=body.description, owner=body.owner, due=body.due, on=body.on or today()
            )
        ),
    )


@router.get("/next-steps/{step_id}", response=StepOut, tags=["next steps"])
def step_get(request: ApiRequest, step_id: int):
    return step_data(scoped(request, m.NextStep, step_id))


@router.patch("/next-steps/{step_id}", response=StepOut, tags=["next steps"])
def step_update(request: ApiRequest, step_id: int, body: StepPatch):
    changes = body.dict(exclude_unset=True)
    version = changes.pop("version")
    return step_data(
        step_svc.next_step_update(
            step=scoped(request, m.NextStep, step_id),
            expected_version=version,
            description=changes.get("description"),
            owner=changes.get("owner"),
            due=changes.get("due"),
            clear_due="due" in changes and changes["due"] is None,
        )
    )


@router.post("/next-steps/{step_id}/end", response=StepOut, tags=["next steps"])
def step_end(request: ApiRequest, step_id: int, body: StepEndIn):
    """End a next step with yes (it happened) or no (it did not)."""
    return step_data(
        step_svc.next_step_complete(
            step=scoped(request, m.NextStep, step_id),
            result=body.result,
            on=body.on or today(),
            expected_version=body.version,
        )
    )


def _delete(request: ApiRequest, model, pk: int, version: int | None):
    from earnest.ledger.services.deletions import record_delete

    record_delete(row=scoped(request, model, pk), expected_version=version)
    return Status(204, None)


@router.delete("/contacts/{contact_id}", response={204: None}, tags=["contacts"])
def contact_delete(request: ApiRequest, contact_id: int, version: int | None = None):
    return _delete(request, m.Contact, contact_id, version)


@router.delete("/conversations/{conversation_id}", response={204: None}, tags=["conversations"])
def conversation_delete(request: ApiRequest, conversation_id: int, version: int | None = None):
    return _delete(request, m.Conversation, conversation_id, version)


@router.delete("/commitments/{commitment_id}", response={204: None}, tags=["commitments"])
def commitment_delete(request: ApiRequest, commitment_id: int, version: int | None = None):
    return _delete(request, m.Commitment, commitment_id, version)


@router.delete("/next-steps/{step_id}", response={204: None}, tags=["next steps"])
def step_delete(request: ApiRequest, step_id: int, version: int | None = None):
    return _delete(request, m.NextStep, step_id, version)
