"""A file of notes (engagements, activities, tasks): each note filed with its company and read by the
analyzer while the file is planned, in batches; logged through the conversation use case when applied."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .conversation_import import conversation_exists, imported_conversation_log
from .csv_format import FALSE, Row, split_ids
from .csv_links import FilePlanner, UnmatchedLink
from .email_text import html_to_text, looks_like_html
from .matching import emails_in

# Notes read by the analyzer at a time, while the file is planned (its reads of ladders and contacts shared).
NOTES_BATCH = 64


@dataclass
class PlannedNote:
    prospect: m.Prospect
    on: date
    notes: str
    ext: str
    contacts: list[m.Contact]
    reading: Any = None  # the analyzer's NotesReading, filled in by batches before the plan is applied


class NoteRows(FilePlanner):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notes_unread: list[PlannedNote] = []
        # prospects whose contacts a note's accepted findings added at apply: later notes are read again
        self.contacts_grew: set[int] = set()

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
        if len(ext) > 500:  # as the use case refuses it, but before its notes are read
            raise DomainError(f"the id {ext[:40]!r}… is longer than 500 characters")
        note = PlannedNote(
            prospect=prospect, on=on, notes=text.strip(), ext=ext, contacts=self.note_contacts(row, prospect)
        )
        self.planned.write(line, functools.partial(self.note_write, note), on=prospect)
        self.planned.new_conversations.add(ext)
        self.notes_unread.append(note)
        if len(self.notes_unread) >= NOTES_BATCH:
            self.notes_read()
        self.report.add("note", "created", label, line)

    def finish(self) -> None:
        self.notes_read()

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

    def notes_read(self) -> None:
        """The analyzer's reading of the notes planned since the last batch (no transaction is open)."""
        from earnest.ledger.services.findings import notes_read_many

        batch, self.notes_unread = self.notes_unread, []
        readings = notes_read_many(self.workspace, [(n.prospect, n.notes, n.on) for n in batch])
        for note, reading in zip(batch, readings, strict=True):
            note.reading = reading

    def note_write(self, note: PlannedNote) -> None:
        prospect = note.prospect
        # Accepted findings can add people; a later note on the same prospect then must not offer them
        # again, so it is read again here, as it would have been row by row.
        reread = self.accept and prospect.pk in self.contacts_grew
        count = m.Contact.objects.filter(prospect=prospect).count() if self.accept else 0
        imported_conversation_log(
            prospect=prospect,
            on=note.on,
            channel="other",
            notes=note.notes,
            external_id=note.ext,
            report=self.report,
            contacts=note.contacts,
            accept_suggestions=self.accept,
            reading=None if reread else note.reading,
        )
        if self.accept and m.Contact.objects.filter(prospect=prospect).count() != count:
            self.contacts_grew.add(prospect.pk)
