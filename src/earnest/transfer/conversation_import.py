"""Logging an imported conversation (a CRM note, a meeting, an email thread) through the services.

The notes go through the analyzer and the one conversation use case
(`ledger.services.findings.conversation_record`), as when a user logs a conversation. A file of
them is planned (`ConversationsPlanned`): the use case decides each conversation's rows while the
file is read (`conversation_record_rows`), and the plan inserts them in bulk (ADR 0018).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from earnest.domain.ladders import Ladder
from earnest.ledger import models as m
from earnest.ledger.derived import prospect_changed
from earnest.ledger.derived.audit import record
from earnest.ledger.services.conversations import external_id_check
from earnest.ledger.services.rows import Rows

from .bulk import ImportPlan, RowsInBulk
from .report import ImportReport, row_checked

if TYPE_CHECKING:
    from earnest.ledger.services.findings import ConversationInput, NotesReading


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
    from earnest.ledger.services.findings import conversation_record, notes_read

    external_id_check(external_id)  # before the notes are read
    reach_back(prospect, on)
    if reading is None:
        reading = notes_read(prospect=prospect, notes=notes, on=on, our_speakers=our_speakers)
    recorded = conversation_record(
        prospect=prospect,
        reading=reading,
        accept="ticked" if accept_suggestions else None,
        data=imported_input(
            on=on,
            channel=channel,
            notes=notes,
            external_id=external_id,
            contacts=contacts,
            reading=reading,
            report=report,
        ),
    )
    return recorded.conversation


def imported_input(
    *,
    on: date,
    channel: str,
    notes: str,
    external_id: str,
    contacts: Sequence[m.Contact],
    reading: NotesReading,
    report: ImportReport,
) -> ConversationInput:
    """An imported conversation as the use case takes it: the flags its notes show, stored as said."""
    from earnest.ledger.services.findings import ConversationInput

    if reading.offers or any(reading.flags.values()):
        report.findings += 1
    flags = reading.flags
    return ConversationInput(
        on=on,
        channel=channel,
        notes=notes,
        contacts=list(contacts),
        flags_from_notes=False,
        complimented=flags["complimented"],
        hedged=flags["hedged"],
        rejected=flags["rejected"],
        external_id=external_id,
    )


# Notes read by the analyzer at a time, while a file is planned (its reads of ladders and contacts shared).
NOTES_BATCH = 64


@dataclass
class PlannedConversation:
    prospect: m.Prospect
    on: date
    notes: str
    ext: str
    contacts: list[m.Contact]
    line: int | None = None  # of the file, for a problem


class ConversationsPlanned:
    """An import's conversations, planned with no transaction open (ADR 0013): read by the analyzer in
    batches, then their rows decided in the file's order by the conversation use case's own
    `conversation_record_rows`, to be inserted in bulk when the plan is applied (ADR 0018)."""

    def __init__(self, plan: ImportPlan, *, channel: str, accept_suggestions: bool):
        self.plan, self.workspace, self.report = plan, plan.workspace, plan.report
        self.channel, self.accept = channel, accept_suggestions
        self.rows = RowsInBulk()
        plan.bulk.append(self.rows)
        self.unread: list[PlannedConversation] = []
        self.ladders: dict[str, Ladder] = {}
        # The contacts that accepted findings add, by prospect: a later conversation with the same prospect
        # must not offer them again, so it is read again with them, as it would have been row by row.
        self.added: dict[int, list[str]] = {}

    def add(self, planned: PlannedConversation) -> None:
        """A conversation to log; the prospect's history, which its rows follow from, must not move meanwhile."""
        self.plan.depend_on(planned.prospect)
        self.plan.new_conversations.add(planned.ext)
        self.unread.append(planned)
        if len(self.unread) >= NOTES_BATCH:
            self.read()

    def read(self) -> None:
        """The analyzer's reading of the conversations planned since the last batch, then their rows."""
        from earnest.ledger.services.findings import notes_read_many

        batch, self.unread = self.unread, []
        readings = notes_read_many(self.workspace, [(c.prospect, c.notes, c.on) for c in batch])
        for planned, reading in zip(batch, readings, strict=True):
            row_checked(self.report, planned.line, functools.partial(self.record, planned, reading))

    def record(self, planned: PlannedConversation, reading: NotesReading) -> None:
        """The conversation's rows, as `imported_conversation_log` would write them now."""
        from earnest.ledger.services.findings import conversation_record_rows

        prospect = planned.prospect
        ladder = self.ladder(prospect)
        added = self.added.get(_key(prospect))
        if self.accept and added:
            reading = self.read_again(planned, ladder, added)
        rows = Rows()
        if (change := reached_back(prospect, planned.on)) is not None:
            rows.update(prospect, ["created_on"])
            rows.event(prospect, "updated", change)
        recording = conversation_record_rows(
            rows,
            prospect=prospect,
            reading=reading,
            accept="ticked" if self.accept else None,
            ladder=ladder,
            data=imported_input(
                on=planned.on,
                channel=self.channel,
                notes=planned.notes,
                external_id=planned.ext,
                contacts=planned.contacts,
                reading=reading,
                report=self.report,
            ),
        )
        self.rows.add(rows)
        if recording.found.contacts:
            self.added.setdefault(_key(prospect), []).extend(c.name for c in recording.found.contacts)

    def ladder(self, prospect: m.Prospect) -> Ladder:
        from earnest.ledger.reads.selectors import ladder_get

        if prospect.ladder not in self.ladders:
            self.ladders[prospect.ladder] = ladder_get(self.workspace, prospect.ladder)
        return self.ladders[prospect.ladder]

    def read_again(self, planned: PlannedConversation, ladder: Ladder, added: list[str]) -> NotesReading:
        """The reading with the contacts that earlier conversations of the file add."""
        from earnest.ledger.services.findings import reading_of

        prospect = planned.prospect
        stored = m.Contact.objects.filter(prospect=prospect).values_list("name", flat=True) if prospect.pk else []
        return reading_of(planned.notes, ladder, planned.on, known_contacts=[*stored, *added])


def _key(prospect: m.Prospect) -> int:
    return prospect.pk or id(prospect)
