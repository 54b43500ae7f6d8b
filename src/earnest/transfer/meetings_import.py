"""Meetings (from a calendar) and email threads (from a mailbox) into the ledger, planned, then applied.

Planning (no transaction open, ADR 0013) matches each meeting to a prospect by its attendees'
addresses and decides what becomes of it: a conversation, whose rows the conversation use case
decides from the reading the analyzer makes of its notes (in batches, while planning); a pending
meeting when it matches no prospect; for a meeting still to come, a next step to prepare it, moved
or removed when the meeting moved or was cancelled. Applying re-checks what the plan read (the
prospects' histories, the pending meetings and the meetings to prepare of the file, no prospect or
contact added meanwhile with one of its addresses or domains), inserts the conversations in bulk
(ADR 0018) and writes the rest through the use cases, in one transaction.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from earnest.ledger import models as m

from .bulk import ImportPlan, chunks
from .conversation_import import ConversationsPlanned, PlannedConversation
from .matching import ProspectIndex, address_keys
from .models import ExternalRecord, PendingMeeting
from .report import ImportReport, Progress, plan_then_apply, row_checked

UPCOMING = "upcoming_meeting"  # the kind of ExternalRecord that ties a meeting to come to its next step


def meetings_import(
    *,
    workspace: m.Workspace,
    meetings: list[dict[str, Any]],
    name: str,
    source: str,
    dry_run: bool,
    accept_suggestions: bool,
    progress: Progress | None,
    upcoming: list[dict[str, Any]] = (),  # type: ignore[assignment]
    today: date | None = None,
) -> ImportReport:
    """Calendar meetings or email threads, all or nothing, each logged or left pending; meetings still
    to come become next steps with the prospect (`MeetingsPlanner.upcoming`)."""
    everything = [*upcoming, *meetings]
    keys = {key for meeting in everything for email in meeting["emails"] for key in address_keys(email)}

    def plan() -> tuple[ImportReport, Any]:
        report = ImportReport(source=name, dry_run=dry_run)
        plan = ImportPlan(workspace, keys, report)
        planner = MeetingsPlanner(
            workspace=workspace,
            plan=plan,
            source=source,
            accept_suggestions=accept_suggestions,
            today=today,
            uids=[meeting["uid"] for meeting in everything],
        )
        for ahead in upcoming:
            row_checked(report, None, functools.partial(planner.upcoming, ahead))
        for done, meeting in enumerate(meetings, start=1):
            row_checked(report, None, functools.partial(planner.meeting, meeting))
            if progress:
                progress(done, len(meetings))
        planner.conversations.read()
        return report, plan.apply

    # The use cases check more than a plan can: a dry run is applied and rolled back.
    return plan_then_apply(name, plan, rehearse=True)


class MeetingsPlanner:
    def __init__(
        self,
        *,
        workspace: m.Workspace,
        plan: ImportPlan,
        source: str,
        accept_suggestions: bool,
        today: date | None,
        uids: list[str],
    ):
        self.workspace, self.planned, self.report, self.source, self.today = workspace, plan, plan.report, source, today
        self.channel, self.kind = ("email", "thread") if source == "email" else ("meeting", "meeting")
        self.index = ProspectIndex(workspace)
        self.conversations = ConversationsPlanned(plan, channel=self.channel, accept_suggestions=accept_suggestions)
        ids = sorted(set(uids))
        self.logged = _logged(workspace, ids)
        self.pending = plan.keep_unchanged(
            "a pending meeting of this file", functools.partial(_pending, workspace, ids)
        )
        self.new_pending: set[str] = set()
        ahead = plan.keep_unchanged("a meeting to prepare of this file", functools.partial(_upcoming, workspace, ids))
        # each meeting to come that has a record: the due date of its next step, None once the step ended
        self.ahead_due = {ext: due if result == "" else None for ext, (due, result) in ahead.items()}

    def meeting(self, meeting: dict[str, Any]) -> None:
        """A meeting held (or a thread): logged with its prospect, or left pending when none matches."""
        ext, title, kind = meeting["uid"], meeting["title"], self.kind
        if meeting.get("cancelled"):
            self.report.add(kind, "skipped", title, reason="cancelled")
            return
        if ext in self.logged or ext in self.planned.new_conversations:
            self.report.add(kind, "unchanged", title)
            return
        prospect, contacts, why = self.index.match_emails(meeting["emails"])
        pending = self.pending.get(ext)
        if prospect is None:
            new = pending is None and ext not in self.new_pending
            if new:
                self.new_pending.add(ext)
                self.planned.write(None, functools.partial(self.pending_add, meeting), on=None)
            self.report.add(kind, "unmatched" if new else "unchanged", title, reason=why)
            return
        planned = PlannedConversation(
            prospect=prospect, on=meeting["on"], notes=meeting["notes"], ext=ext, contacts=contacts
        )
        prepared = self.ahead_due.get(ext) is not None  # imported while to come: its open step ends now
        self.conversations.add(planned)
        if pending is not None or prepared:
            self.planned.write(None, functools.partial(self.meeting_logged, planned, pending, prepared), on=prospect)
        self.report.add(kind, "created", f"{title} ({prospect.name})")

    def upcoming(self, meeting: dict[str, Any]) -> None:
        """A meeting still to come becomes a next step with the prospect, dated, so Today offers to prepare it.

        Importing again moves the step when the meeting moved, and removes it when the meeting was
        cancelled; a step someone deleted or ended stays so. A meeting that matches no prospect is
        skipped (it waits in the calendar, not here).
        """
        ext, title, kind, on = meeting["uid"], meeting["title"], "upcoming meeting", meeting["on"]
        known = ext in self.ahead_due
        due = self.ahead_due.get(ext)
        if meeting.get("cancelled"):
            if due is not None:
                self.planned.write(None, functools.partial(_upcoming_cancel, self.workspace, ext), on=None)
                del self.ahead_due[ext]  # were it set up again, it would be a meeting to prepare again
                self.report.add(kind, "updated", title, reason="cancelled: its next step is removed")
            else:
                self.report.add(kind, "skipped", title, reason="cancelled")
            return
        if known:
            if due is not None and due != on:
                self.planned.write(None, functools.partial(_upcoming_move, self.workspace, ext, on), on=None)
                self.ahead_due[ext] = on
                self.report.add(kind, "updated", title, reason=f"moved to {on}")
            else:
                self.report.add(kind, "unchanged", title)
            return
        prospect, _contacts, why = self.index.match_emails(meeting["emails"])
        if prospect is None:
            self.report.add(kind, "skipped", title, reason=why)
            return
        step_add = functools.partial(_upcoming_add, self.workspace, prospect, meeting, self.today)
        self.planned.write(None, step_add, on=prospect)
        self.ahead_due[ext] = on
        self.report.add(kind, "created", f"{title} ({prospect.name})")

    # --- applied, in the one transaction ---------------------------------------------------------

    def pending_add(self, meeting: dict[str, Any]) -> None:
        PendingMeeting.objects.create(
            workspace=self.workspace,
            source=self.source,
            external_id=meeting["uid"],
            title=meeting["title"],
            on=meeting["on"],
            channel=self.channel,
            emails=meeting["emails"],
            notes=meeting["notes"],
        )

    def meeting_logged(self, planned: PlannedConversation, pending: int | None, prepared: bool) -> None:
        """After the meeting's conversation is written (in bulk): it waits no more, and its step ends."""
        if pending is not None:
            PendingMeeting.objects.filter(pk=pending).delete()
        if prepared:
            _meeting_held(self.workspace, planned.ext, planned.on)


def _upcoming_step(workspace: m.Workspace, ext: str) -> tuple[ExternalRecord | None, m.NextStep | None]:
    """The record of a meeting to come, and its next step while it is open."""
    known = ExternalRecord.objects.filter(workspace=workspace, kind=UPCOMING, external_id=ext).first()
    step = m.NextStep.objects.filter(pk=known.entity_id, result="").first() if known else None
    return known, step


def _upcoming_add(workspace: m.Workspace, prospect: m.Prospect, meeting: dict[str, Any], today: date | None) -> None:
    from earnest.ledger.services.steps import next_step_add

    step = next_step_add(
        prospect=prospect,
        description=f"Meeting: {meeting['title']}"[:2_000],
        owner="both",
        on=min(today or meeting["on"], meeting["on"]),
        due=meeting["on"],
    )
    ExternalRecord.objects.create(
        workspace=workspace, kind=UPCOMING, external_id=meeting["uid"], entity="nextstep", entity_id=step.pk
    )


def _upcoming_move(workspace: m.Workspace, ext: str, due: date) -> None:
    from earnest.ledger.services.steps import next_step_update

    _, step = _upcoming_step(workspace, ext)
    if step is not None:
        next_step_update(step=step, due=due)


def _upcoming_cancel(workspace: m.Workspace, ext: str) -> None:
    from earnest.ledger.services.deletions import record_delete

    known, step = _upcoming_step(workspace, ext)
    if step is not None and known is not None:
        record_delete(row=step)
        known.delete()


def _meeting_held(workspace: m.Workspace, ext: str, on: date) -> None:
    """The calendar says a meeting imported while still to come took place: its step ends in a yes,
    and the conversation now logged for it is the one to debrief."""
    from earnest.ledger.services.steps import next_step_complete

    _, step = _upcoming_step(workspace, ext)
    if step is not None and step.created_on <= on:
        next_step_complete(step=step, result="yes", on=on)


# --- what the plan reads of the file's meetings, in batches of ids -----------------------------------


def _logged(workspace: m.Workspace, uids: list[str]) -> set[str]:
    """The meetings of the file already logged as conversations."""
    found: set[str] = set()
    for ids in chunks(uids):
        rows = m.Conversation.objects.filter(workspace=workspace, external_id__in=ids)
        found.update(rows.values_list("external_id", flat=True))
    return found


def _pending(workspace: m.Workspace, uids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for ids in chunks(uids):
        rows = PendingMeeting.objects.filter(workspace=workspace, external_id__in=ids)
        found.update(rows.values_list("external_id", "pk"))
    return found


def _upcoming(workspace: m.Workspace, uids: list[str]) -> dict[str, tuple[date | None, str | None]]:
    """Each meeting to come of the file that has a record: its step's due date and result (None: no step)."""
    records: dict[str, int] = {}
    for ids in chunks(uids):
        rows = ExternalRecord.objects.filter(workspace=workspace, kind=UPCOMING, external_id__in=ids)
        records.update(rows.values_list("external_id", "entity_id"))
    steps: dict[int, tuple[date | None, str]] = {}
    for ids in chunks(sorted(set(records.values()))):
        found = m.NextStep.objects.filter(workspace=workspace, pk__in=ids).values_list("pk", "due", "result")
        steps.update((pk, (due, result)) for pk, due, result in found)
    return {ext: steps.get(step_id, (None, None)) for ext, step_id in records.items()}
