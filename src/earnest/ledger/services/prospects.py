from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db import transaction
from django.utils import timezone

from earnest.domain.domain_names import domain_name
from earnest.domain.duplicates import DuplicateFound
from earnest.domain.errors import DomainError
from earnest.domain.history import Classification, CloseReason, Criterion, Role

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import diff, record, snapshot
from ..reads.duplicates import contact_matches, prospect_matches
from ..reads.selectors import workspace_ladders
from ._validation import choice, clean_text
from .rows import Rows, written
from .versions import bump, locked_for_edit

PROSPECT_FIELDS = ["name", "domain", "ladder", "owner", "notes", "external_id"]
CONTACT_FIELDS = ["name", "email", "title", "role"]


@transaction.atomic
def workspace_ensure(*, slug: str = "default", name: str = "") -> m.Workspace:
    # Named after its slug unless told otherwise, so the page header, the URL and the CLI agree.
    workspace, _ = m.Workspace.objects.get_or_create(slug=slug, defaults={"name": name or slug})
    return workspace


def prospect_fields_clean(
    workspace: m.Workspace,
    *,
    name: str,
    ladder: str,
    domain: str,
    owner: str,
    notes: str,
    external_id: str,
    ladders: Collection[str] | None = None,
    stored_domain: str | None = None,
) -> dict[str, str]:
    """The fields checked and cleaned, as every write of a prospect takes them (importers plan with it);
    `ladders` (the workspace's keys), when a caller checks many, saves a query. The domain is shortened
    to the name ('https://www.acme.com/' -> 'acme.com') and refused when it is none, except for an
    edit that keeps the `stored_domain` (one stored before domains were checked stays as it is)."""
    ladders = workspace_ladders(workspace) if ladders is None else ladders
    if ladder not in ladders:
        raise DomainError(f"no ladder {ladder!r}; ladders: {', '.join(sorted(ladders))}")
    site = clean_text(domain, "domain", max_length=2_000)
    return {
        "name": clean_text(name, "name", max_length=200, required=True),
        "ladder": ladder,
        "domain": site if stored_domain is not None and site == stored_domain else domain_name(site),
        "owner": clean_text(owner, "owner", max_length=150),
        "notes": clean_text(notes, "notes", max_length=100_000),
        "external_id": clean_text(external_id, "external id", max_length=200),
    }


@transaction.atomic
def prospect_create(
    *,
    workspace: m.Workspace,
    name: str,
    created_on: date,
    ladder: str = "discovery",
    domain: str = "",
    owner: str = "",
    notes: str = "",
    external_id: str = "",
    allow_duplicate: bool = True,
) -> m.Prospect:
    """Add a prospect; with `allow_duplicate=False`, one that repeats an existing name or domain is
    refused with `DuplicateFound` naming it (people adding by hand; importers match first instead)."""
    fields = prospect_fields_clean(
        workspace, name=name, ladder=ladder, domain=domain, owner=owner, notes=notes, external_id=external_id
    )
    if not allow_duplicate:
        matches = prospect_matches(workspace, name=fields["name"], domain=fields["domain"])
        if matches:
            raise DuplicateFound("prospect", matches)
    prospect = m.Prospect.objects.create(workspace=workspace, created_on=created_on, **fields)
    record(prospect, "created", fields)
    prospect_changed(prospect.workspace_id, prospect.pk)
    return prospect


@transaction.atomic
def prospect_update(
    *,
    prospect: m.Prospect,
    expected_version: int | None = None,
    **changes: str,
) -> m.Prospect:
    """Edit the prospect's own fields; refuses an edit based on a stale version."""
    unknown = set(changes) - set(PROSPECT_FIELDS)
    if unknown:
        raise DomainError(f"cannot change {', '.join(sorted(unknown))} of a prospect")
    row = locked_for_edit(prospect, expected_version)
    before = snapshot(row, PROSPECT_FIELDS)
    merged = {**before, **changes}
    if merged["ladder"] != before["ladder"] and row.commitments.exclude(rung="").exists():
        raise DomainError("this prospect has commitments on its ladder's rungs; it cannot change ladder")
    fields = prospect_fields_clean(row.workspace, stored_domain=before["domain"], **merged)
    for key, value in fields.items():
        setattr(row, key, value)
    bump(row, [*PROSPECT_FIELDS, "updated_at"])
    record(row, "updated", diff(before, fields))
    prospect_changed(row.workspace_id, row.pk)
    return row


def _lifecycle_save(prospect: m.Prospect, fields: list[str], action: str) -> m.Prospect:
    before = snapshot(m.Prospect.objects.get(pk=prospect.pk), fields)
    bump(prospect, [*fields, "updated_at"])
    record(prospect, action, diff(before, snapshot(prospect, fields)))
    prospect_changed(prospect.workspace_id, prospect.pk)
    return prospect


@transaction.atomic
def prospect_classify(
    *, prospect: m.Prospect, classification: str, on: date, expected_version: int | None = None
) -> m.Prospect:
    prospect = locked_for_edit(prospect, expected_version)
    prospect.classification = choice(Classification, classification, "classification").value
    prospect.classified_on = on
    return _lifecycle_save(prospect, ["classification", "classified_on"], "classified")


def _not_in_the_future(on: date, what: str, today: date | None) -> None:
    now = today or timezone.localdate()
    if on > now:
        raise DomainError(f"cannot {what} a lead on {on}: that is in the future (today is {now})")


@transaction.atomic
def prospect_close(
    *,
    prospect: m.Prospect,
    reason: str,
    note: str,
    on: date,
    expected_version: int | None = None,
    today: date | None = None,
) -> m.Prospect:
    """Closing needs a reason from the list and a note, so that a lost lead teaches something.

    A closed lead stays closed: closing it again would overwrite the lesson, so it must be reopened first.
    `today` is the date the caller judges by (the server's local date when not given).
    """
    reason = choice(CloseReason, reason, "close reason").value
    note = clean_text(note, "note", max_length=5_000, required=True)
    prospect = locked_for_edit(prospect, expected_version)
    if prospect.closed_on:
        raise DomainError(f"{prospect.name} is already closed on {prospect.closed_on}; reopen it first")
    _not_in_the_future(on, "close", today)
    prospect.close_reason, prospect.close_note, prospect.closed_on = reason, note, on
    return _lifecycle_save(prospect, ["close_reason", "close_note", "closed_on"], "closed")


@transaction.atomic
def prospect_reopen(*, prospect: m.Prospect, expected_version: int | None = None) -> m.Prospect:
    """Undo a close or a parking; a lead that is neither has nothing to reopen."""
    prospect = locked_for_edit(prospect, expected_version)
    if not prospect.closed_on and not prospect.parked_until:
        raise DomainError(f"{prospect.name} is neither closed nor parked; there is nothing to reopen")
    prospect.close_reason = prospect.close_note = prospect.park_reason = ""
    prospect.closed_on = prospect.parked_on = prospect.parked_until = None
    return _lifecycle_save(
        prospect, ["close_reason", "close_note", "closed_on", "park_reason", "parked_on", "parked_until"], "reopened"
    )


@transaction.atomic
def prospect_park(
    *,
    prospect: m.Prospect,
    reason: str,
    until: date,
    on: date,
    expected_version: int | None = None,
    today: date | None = None,
) -> m.Prospect:
    """Park a lead until a later date; a closed lead must be reopened before it can be parked."""
    prospect = locked_for_edit(prospect, expected_version)
    if prospect.closed_on:
        raise DomainError(f"{prospect.name} is closed (on {prospect.closed_on}); reopen it before parking it")
    _not_in_the_future(on, "park", today)
    if until <= on:
        raise DomainError(f"a lead is parked until a later date; {until} is not after {on}")
    prospect.park_reason = clean_text(reason, "reason", max_length=5_000, required=True)
    prospect.parked_on = on
    prospect.parked_until = until
    return _lifecycle_save(prospect, ["park_reason", "parked_on", "parked_until"], "parked")


def contact_fields_clean(*, name: str, role: str, email: str, title: str) -> dict[str, str]:
    """A contact's fields checked and cleaned, as every write of a contact takes them."""
    email = clean_text(email, "email", max_length=254).lower()
    if email and ("@" not in email or " " in email):
        raise DomainError(f"email {email!r} is not an email address")
    return {
        "name": clean_text(name, "name", max_length=200, required=True),
        "role": choice(Role, role, "role").value,
        "email": email,
        "title": clean_text(title, "title", max_length=200),
    }


@transaction.atomic
def contact_add(
    *,
    prospect: m.Prospect,
    name: str,
    role: str = "other",
    email: str = "",
    title: str = "",
    external_id: str = "",
    allow_duplicate: bool = True,
) -> m.Contact:
    """Add a person; with `allow_duplicate=False`, one whose email is already known, or whose name
    is already a contact of this prospect, is refused with `DuplicateFound`."""
    rows = Rows()
    contact = contact_add_rows(rows, prospect=prospect, name=name, role=role, email=email, title=title)
    if not allow_duplicate:
        matches = contact_matches(prospect.workspace, name=contact.name, email=contact.email, prospect=prospect)
        if matches:
            raise DuplicateFound("contact", matches)
    contact.external_id = clean_text(external_id, "external id", max_length=200)
    rows.save()
    return contact


def contact_add_rows(
    rows: Rows, *, prospect: m.Prospect, name: str, role: str = "other", email: str = "", title: str = ""
) -> m.Contact:
    """`contact_add`'s row and audit event, decided and not written."""
    fields = contact_fields_clean(name=name, role=role, email=email, title=title)
    contact = m.Contact(workspace_id=prospect.workspace_id, prospect=prospect, **fields)
    rows.insert(contact)
    rows.event(contact, "created", fields)
    return contact


def contact_find(*, prospect: m.Prospect, ref: str) -> m.Contact:
    """The prospect's one contact that `ref` names: an id, an email, the full name, or a unique
    case-insensitive prefix of the name or of any word in it ("Priya" or "ram" for "Priya Raman").

    A read, kept beside the contact services so every command resolves names the same way.
    """
    text = " ".join(ref.split()).casefold()
    if not text:
        raise DomainError("a contact is named by its id, email or name; got an empty name")
    contacts = list(prospect.contacts.order_by("pk"))
    if text.isdigit():
        exact = [c for c in contacts if c.pk == int(text)]
    else:
        exact = [c for c in contacts if c.name.casefold() == text or (c.email and c.email == text)]
    if len(exact) == 1:
        return exact[0]
    # A whole word beats a prefix, so "Priya" is Priya Raman even when Priyanka Shah is a contact too.
    words = [c for c in contacts if text in c.name.casefold().split()]
    candidates = (
        exact
        or words
        or [
            c
            for c in contacts
            if c.name.casefold().startswith(text) or any(w.startswith(text) for w in c.name.casefold().split())
        ]
    )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise DomainError(
            f"{prospect.name} has no contact {ref!r}; add it with: earnest contact add {prospect.name!r} NAME"
        )
    listed = ", ".join(f"{c.name} (id {c.pk})" for c in candidates)
    raise DomainError(f"{ref!r} could be any of {listed}; give more of the name or the id")


@transaction.atomic
def contact_update(*, contact: m.Contact, expected_version: int | None = None, **changes: str) -> m.Contact:
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise DomainError(f"cannot change {', '.join(sorted(unknown))} of a contact")
    row = locked_for_edit(contact, expected_version)
    before = snapshot(row, CONTACT_FIELDS)
    fields = contact_fields_clean(**{**before, **changes})
    for key, value in fields.items():
        setattr(row, key, value)
    bump(row, CONTACT_FIELDS)
    record(row, "updated", diff(before, fields))
    prospect_changed(row.workspace_id, row.prospect_id)
    return row


def evidence_add_rows(rows: Rows, *, prospect: m.Prospect, criterion: str, on: date, note: str = "") -> m.Evidence:
    """Earlyvangelist evidence seen on `on` (decided here, written by `evidence_add`)."""
    evidence = m.Evidence(
        workspace_id=prospect.workspace_id,
        prospect=prospect,
        criterion=choice(Criterion, criterion, "criterion").value,
        on=on,
        note=clean_text(note, "note", max_length=5_000),
    )
    rows.insert(evidence)
    rows.event(evidence, "created", {"criterion": evidence.criterion, "note": evidence.note})
    return evidence


evidence_add = written(evidence_add_rows)
