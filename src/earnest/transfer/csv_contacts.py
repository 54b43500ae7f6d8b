"""A file of people (contacts, persons): each row matched to a contact by id or address, or planned as a new
one under the company its CRM links it to."""

from __future__ import annotations

from earnest.ledger import models as m
from earnest.ledger.derived.audit import diff, snapshot
from earnest.ledger.services._validation import clean_text

from .csv_format import Row
from .csv_links import FilePlanner
from .matching import addresses


class ContactRows(FilePlanner):
    def row(self, row: Row, line: int) -> None:
        from earnest.ledger.services.prospects import CONTACT_FIELDS, contact_fields_clean

        emails = addresses(row.get("email", ""))
        email = emails[0] if emails else row.get("email", "").strip().lower()
        name = row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name")))) or email
        if self.skip_deleted("contact", row, name, line):
            return
        ext = self.ext(row.get("external_id", ""))
        existing = self.index.contacts_by_external.get(ext) if ext else None
        existing = existing or (self.index.contacts_by_email.get(email) if email else None)
        fields = {"name": name, "email": email, "title": row.get("title", "")}
        if row.get("role"):
            fields["role"] = row["role"]
        if existing is None:
            prospect = self.linked_prospect({**row, "email": email}, line)
            if prospect is None:
                self.report.add("contact", "skipped", name, line, "no company: the CRM links this person to none")
                return
            cleaned = contact_fields_clean(**{"role": "other", **fields})
            contact = m.Contact(
                workspace_id=self.workspace.pk,
                prospect=prospect,
                external_id=clean_text(ext, "external id", max_length=200),
                **cleaned,
            )
            self.planned.contact_create(contact, cleaned)
            self.index.add_contact(contact)
            self.report.add("contact", "created", contact.name, line)
            return
        changes = {k: v for k, v in fields.items() if v and getattr(existing, k) != v.strip()}
        if changes:
            before = snapshot(self.planned.current(existing), CONTACT_FIELDS)
            cleaned = contact_fields_clean(**{**before, **changes})
            self.planned.contact_update(existing, cleaned, diff(before, cleaned))
        self.report.add("contact", "updated" if changes else "unchanged", existing.name, line)
