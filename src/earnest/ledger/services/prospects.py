from __future__ import annotations

from datetime import date

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.history import Classification, CloseReason, Criterion, Role

from .. import models as m
from ..selectors import workspace_ladders
from ._validation import choice, clean_text


@transaction.atomic
def workspace_ensure(*, slug: str = "default", name: str = "My workspace") -> m.Workspace:
    workspace, _ = m.Workspace.objects.get_or_create(slug=slug, defaults={"name": name})
    return workspace


@transaction.atomic
def prospect_create(
    *, workspace: m.Workspace, name: str, created_on: date, ladder: str = "discovery",
    domain: str = "", owner: str = "", notes: str = "", external_id: str = "",
) -> m.Prospect:
    name = clean_text(name, "name", max_length=200, required=True)
    ladders = workspace_ladders(workspace)
    if ladder not in ladders:
        raise DomainError(f"no ladder {ladder!r}; ladders: {', '.join(sorted(ladders))}")
    return m.Prospect.objects.create(
        workspace=workspace, name=name, ladder=ladder, created_on=created_on,
        domain=clean_text(domain, "domain", max_length=253).lower(),
        owner=clean_text(owner, "owner", max_length=150),
        notes=clean_text(notes, "notes", max_length=100_000),
        external_id=clean_text(external_id, "external id", max_length=200),
    )


@transaction.atomic
def prospect_classify(*, prospect: m.Prospect, classification: str, on: date) -> m.Prospect:
    prospect.classification = choice(Classification, classification, "classification").value
    prospect.classified_on = on
    prospect.save(update_fields=["classification", "classified_on", "updated_at"])
    return prospect


@transaction.atomic
def prospect_close(*, prospect: m.Prospect, reason: str, note: str, on: date) -> m.Prospect:
    """Closing needs a reason from the list and a note, so that a lost lead teaches something."""
    prospect.close_reason = choice(CloseReason, reason, "close reason").value
    prospect.close_note = clean_text(note, "note", max_length=5_000, required=True)
    prospect.closed_on = on
    prospect.save(update_fields=["close_reason", "close_note", "closed_on", "updated_at"])
    return prospect


@transaction.atomic
def prospect_reopen(*, prospect: m.Prospect) -> m.Prospect:
    prospect.close_reason = prospect.close_note = prospect.park_reason = ""
    prospect.closed_on = prospect.parked_on = prospect.parked_until = None
    prospect.save()
    return prospect


@transaction.atomic
def prospect_park(*, prospect: m.Prospect, reason: str, until: date, on: date) -> m.Prospect:
    if until <= on:
        raise DomainError(f"a lead is parked until a later date; {until} is not after {on}")
    prospect.park_reason = clean_text(reason, "reason", max_length=5_000, required=True)
    prospect.parked_on = on
    prospect.parked_until = until
    prospect.save(update_fields=["park_reason", "parked_on", "parked_until", "updated_at"])
    return prospect


@transaction.atomic
def contact_add(
    *, prospect: m.Prospect, name: str, role: str = "other", email: str = "", title: str = "",
) -> m.Contact:
    email = clean_text(email, "email", max_length=254).lower()
    if email and ("@" not in email or " " in email):
        raise DomainError(f"email {email!r} is not an email address")
    return m.Contact.objects.create(
        workspace_id=prospect.workspace_id, prospect=prospect,
        name=clean_text(name, "name", max_length=200, required=True),
        role=choice(Role, role, "role").value, email=email,
        title=clean_text(title, "title", max_length=200),
    )


@transaction.atomic
def evidence_add(*, prospect: m.Prospect, criterion: str, on: date, note: str = "") -> m.Evidence:
    return m.Evidence.objects.create(
        workspace_id=prospect.workspace_id, prospect=prospect,
        criterion=choice(Criterion, criterion, "criterion").value, on=on,
        note=clean_text(note, "note", max_length=5_000),
    )
