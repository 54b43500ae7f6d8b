"""A file of notes (engagements, activities, tasks): each note filed with its company and read by the
analyzer while the file is planned, in batches, its rows decided then by the conversation use case;
inserted in bulk when the plan is applied (ADR 0018)."""

from __future__ import annotations

import hashlib
from typing import Any

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.services.conversations import external_id_check

from .conversation_import import ConversationsPlanned, PlannedConversation, conversation_exists
from .csv_format import FALSE, Row, split_ids
from .csv_links import FilePlanner, UnmatchedLink
from .email_text import html_to_text, looks_like_html
from .matching import emails_in


class NoteRows(FilePlanner):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.conversations = ConversationsPlanned(self.planned, channel="other", accept_suggestions=self.accept)

    def row(self, row: Row, line: int) -> None:
        body = row.get("body", "")
        text = html_to_text(body) if looks_like_html(body) else body
        if row.get("title"):
            text = f"{row['title']}\n\n{text}"
        label = text.strip().split("\n", 1)[0][:60]
        if self.note_skipped(row, text, label, line):
            return
        on = self.day(row, "date")
        if on is None:
            raise DomainError("the note has no date")
        if on > self.today:
            self.report.add("note", "skipped", label, line, f"dated {on}, after today: it has not happened yet")
            return
        ext = (
            self.ext(row.get("external_id", ""))
            or "csv-note:" + hashlib.sha256(f"{row.get('company')}|{on}|{body}".encode()).hexdigest()[:32]
        )
        if ext in self.planned.new_conversations or conversation_exists(self.workspace, ext):
            self.report.add("note", "unchanged", label, line)
            return
        try:
            prospect = self.linked_prospect(row, line)
        except UnmatchedLink as exc:
            if exc.to_company:
                raise
            # a note on a person or deal that earnest did not take (one without a company)
            self.report.add("note", "skipped", label, line, str(exc))
            return
        if prospect is None:
            self.report.add("note", "skipped", label, line, "linked to no company, contact or deal")
            return
        external_id_check(ext)  # as the use case refuses it, but before its notes are read
        note = PlannedConversation(
            prospect=prospect, on=on, notes=text.strip(), ext=ext, contacts=self.note_contacts(row, prospect), line=line
        )
        self.report.add("note", "created", label, line)
        self.conversations.add(note)

    def finish(self) -> None:
        self.conversations.read()

    def note_skipped(self, row: Row, text: str, label: str, line: int) -> bool:
        if self.skip_deleted("note", row, label, line):
            return True
        reason = (
            "an open task is a plan, not a conversation"
            if row.get("done", "").lower() in FALSE
            else ""
            if text.strip()
            else "the note is empty"
        )
        if reason:
            self.report.add("note", "skipped", label, line, reason)
        return bool(reason)

    def note_contacts(self, row: Row, prospect: m.Prospect) -> list[m.Contact]:
        """The prospect's contacts a note names by id or address."""
        contacts = [
            c
            for c in (
                *(
                    self.linked(self.index.contacts_by_external, self.ext(i))
                    for i in split_ids(row.get("contact_external_id", ""))
                ),
                *(self.index.contacts_by_email.get(e) for e in emails_in(row.get("contact_email", ""))),
            )
            if c is not None and c.prospect_id == prospect.pk
        ]
        return list(dict.fromkeys(contacts))
