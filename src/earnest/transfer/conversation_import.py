"""Logging an imported conversation (a CRM note, a meeting, an email thread) through the services.

The notes go through the analyzer and the one conversation use case
(`ledger.services.findings.conversation_record`), as when a user logs a conversation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.derived import prospect_changed
from earnest.ledger.derived.audit import record

from .report import ImportReport

if TYPE_CHECKING:
    from earnest.ledger.services.findings import NotesReading


def conversation_exists(workspace: m.Workspace, external_id: str) -> bool:
    return m.Conversation.objects.filter(workspace=workspace, external_id=external_id).exists()


def reach_back(prospect: m.Prospect, on: date) -> None:
    """A record older than the prospect shows when it really began: move its first date back.

    Imports bring history that predates the prospect's row in earnest; refusing it
    (as a typed-in conversation would be) would make every calendar import fail.
    """
    if (change := reached_back(prospect, on)) is not None:
        m.Prospect.objects.filter(pk=prospect.pk).update(created_on=on)
        record(prospect, "updated", change)
        prospect_changed(prospect.workspace_id, prospect.pk)


def reached_back(prospect: m.Prospect, on: date) -> dict[str, list[str]] | None:
    """`reach_back` on the object only (a plan writes it later): the audit trail's change, None when none."""
    if on >= prospect.created_on:
        return None
    before, prospect.created_on = prospect.created_on, on
    return {"created_on": [before.isoformat(), on.isoformat()]}


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
    our_speakers: Sequence[str] = (),
    reading: NotesReading | None = None,
) -> m.Conversation:
    """Log one imported conversation through the same use case as a debrief.

    What the notes show as praise, a hedge or a clear no is stored on the conversation; the
    commitments, steps, contacts and evidence they show are recorded only when the user accepted
    the findings (`--accept-suggestions`), exactly as `earnest log` records them.
    """
    from earnest.ledger.services.findings import ConversationInput, conversation_record, notes_read

    if len(external_id) > 500:
        raise DomainError(f"the id {external_id[:40]!r}… is longer than 500 characters")
    reach_back(prospect, on)
    if reading is None:
        reading = notes_read(prospect=prospect, notes=notes, on=on, our_speakers=our_speakers)
    if reading.offers or any(reading.flags.values()):
        report.findings += 1
    flags = reading.flags
    recorded = conversation_record(
        prospect=prospect,
        reading=reading,
        accept="ticked" if accept_suggestions else None,
        data=ConversationInput(
            on=on,
            channel=channel,
            notes=notes,
            contacts=list(contacts),
            flags_from_notes=False,
            complimented=flags["complimented"],
            hedged=flags["hedged"],
            rejected=flags["rejected"],
        ),
    )
    row = recorded.conversation
    row.external_id = external_id
    row.save(update_fields=["external_id"])
    return row


# Notes read by the analyzer at a time, while a file is planned (its reads of ladders and contacts shared).
NOTES_BATCH = 64


@dataclass
class PlannedConversation:
    prospect: m.Prospect
    on: date
    notes: str
    ext: str
    contacts: list[m.Contact]
    reading: NotesReading | None = None  # filled in by batches before the plan is applied


class ConversationsPlanned:
    """An import's conversations: read by the analyzer in batches while the file is planned (no transaction
    open), logged through the use case when the plan is applied (ADR 0013)."""

    def __init__(self, workspace: m.Workspace, *, channel: str, accept_suggestions: bool, report: ImportReport):
        self.workspace, self.channel, self.accept, self.report = workspace, channel, accept_suggestions, report
        self.unread: list[PlannedConversation] = []
        # prospects whose contacts a conversation's accepted findings added at apply: later ones are read again
        self.contacts_grew: set[int] = set()

    def add(self, planned: PlannedConversation) -> None:
        self.unread.append(planned)
        if len(self.unread) >= NOTES_BATCH:
            self.read()

    def read(self) -> None:
        """The analyzer's reading of the conversations planned since the last batch."""
        from earnest.ledger.services.findings import notes_read_many

        batch, self.unread = self.unread, []
        readings = notes_read_many(self.workspace, [(c.prospect, c.notes, c.on) for c in batch])
        for planned, reading in zip(batch, readings, strict=True):
            planned.reading = reading

    def log(self, planned: PlannedConversation) -> None:
        """At apply: the conversation through the use case, with the reading made while planning."""
        prospect = planned.prospect
        # Accepted findings can add people; a later conversation with the same prospect then must not
        # offer them again, so it is read again here, as it would have been row by row.
        reread = self.accept and prospect.pk in self.contacts_grew
        count = m.Contact.objects.filter(prospect=prospect).count() if self.accept else 0
        imported_conversation_log(
            prospect=prospect,
            on=planned.on,
            channel=self.channel,
            notes=planned.notes,
            external_id=planned.ext,
            report=self.report,
            contacts=planned.contacts,
            accept_suggestions=self.accept,
            reading=None if reread else planned.reading,
        )
        if self.accept and m.Contact.objects.filter(prospect=prospect).count() != count:
            self.contacts_grew.add(prospect.pk)
