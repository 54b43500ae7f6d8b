"""Calendar (.ics, RFC 5545) import: meetings that happened become conversations.

Recurring events are expanded (RRULE, RDATE, EXDATE and moved occurrences) up to
today; each meeting keeps the day and the time in its own time zone. Meetings are
matched to prospects by their attendees' addresses; those that match none wait
as pending meetings for the user to assign.
"""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import date, datetime, timedelta
from typing import Any

from earnest.domain.agenda import PREPARE_AHEAD_DAYS
from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .conversation_import import conversation_exists, imported_conversation_log
from .files import decode_text, line_offsets, size_check
from .matching import ProspectIndex
from .models import PendingMeeting
from .report import ImportReport, Progress, all_or_nothing, row_step

MAX_OCCURRENCES = 20_000
_CONTENT_LINE = re.compile(r"[A-Za-z0-9-]+[;:]")


def parse_calendar(data: bytes, name: str) -> Any:
    import icalendar

    text = decode_text(size_check(data, name), name, what="an iCalendar file")
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise DomainError(f"{name}: this is not an iCalendar file (no BEGIN:VCALENDAR)")
    offsets = line_offsets(data, re.compile(rb"\n"))  # as text.split("\n") counts them
    lines = text.split("\n")
    if "END:VCALENDAR" not in text.upper():
        last = max(1, len(lines) - (not lines[-1]))
        raise DomainError(
            f"{name}: the calendar is truncated (no END:VCALENDAR; it ends on line {last}, "
            f"byte offset {len(data)}); export it again"
        )
    for number, line in enumerate(lines, start=1):
        # every line is "NAME;PARAMS:value" or the folded continuation of one (RFC 5545 3.1)
        if line.strip("\r") and line[0] not in " \t" and not _CONTENT_LINE.match(line):
            raise DomainError(
                f"{name}: line {number} (byte offset {offsets[number - 1]}) is not an iCalendar line "
                f"({line.strip()[:40]!r}); the file is damaged: export it again"
            )
    try:
        return icalendar.Calendar.from_ical(text)
    except Exception as exc:  # the parser raises ValueError, KeyError, IndexError... on bad input
        raise DomainError(f"{name}: the calendar cannot be read ({str(exc)[:200]})") from None


def _occurrences(calendar: Any, name: str, until: date) -> list[Any]:
    import recurring_ical_events

    try:
        starts = [ev.decoded("DTSTART") for ev in calendar.walk("VEVENT") if "DTSTART" in ev]
        first = min(
            (s if isinstance(s, date) and not isinstance(s, datetime) else s.date() for s in starts),
            default=until,
        )
        found = []
        for event in recurring_ical_events.of(calendar).between(first, until + timedelta(days=1)):
            found.append(event)
            if len(found) > MAX_OCCURRENCES:
                raise DomainError(f"{name}: more than {MAX_OCCURRENCES} meetings; export a shorter range")
        return found
    except DomainError:
        raise
    except Exception as exc:  # broken RRULEs, dates and time zones surface as many exception types
        raise DomainError(f"{name}: the calendar's events cannot be read ({str(exc)[:200]})") from None


def _emails(event: Any) -> list[str]:
    people = event.get("ATTENDEE") or []
    people = [people] if not isinstance(people, list) else people
    if event.get("ORGANIZER"):
        people = [event.get("ORGANIZER"), *people]
    emails = [str(p).removeprefix("mailto:").removeprefix("MAILTO:").strip().lower() for p in people]
    return list(dict.fromkeys(e for e in emails if "@" in e))


def _meeting(event: Any, recurring: set[str]) -> dict[str, Any]:
    start = event["DTSTART"]
    when = start.dt
    uid = (
        str(event.get("UID") or "")
        or "no-uid:" + hashlib.sha256(f"{event.get('SUMMARY')}|{when}".encode()).hexdigest()[:24]
    )
    summary = str(event.get("SUMMARY") or "Meeting").strip()
    if isinstance(when, datetime):
        zone = start.params.get("TZID") or ("UTC" if when.utcoffset() == timedelta(0) else "")
        moment = f"{when:%Y-%m-%d %H:%M} {zone}".strip()
    else:
        moment = f"{when:%Y-%m-%d} (all day)"
    lines = [summary, moment]
    if event.get("LOCATION"):
        lines.append(f"Location: {event.get('LOCATION')}")
    if event.get("DESCRIPTION"):
        lines += ["", str(event.get("DESCRIPTION")).strip()]
    return {
        "uid": f"{uid}/{when.isoformat()}" if uid in recurring else uid,
        "on": when.date() if isinstance(when, datetime) else when,
        "title": summary[:500],
        "notes": "\n".join(lines),
        "emails": _emails(event),
        "cancelled": str(event.get("STATUS") or "").upper() == "CANCELLED",
    }


def import_ics(
    *,
    workspace: m.Workspace,
    data: bytes,
    name: str,
    today: date,
    dry_run: bool = False,
    accept_suggestions: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    calendar = parse_calendar(data, name)
    recurring = {
        str(ev.get("UID"))
        for ev in calendar.walk("VEVENT")
        if any(k in ev for k in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }
    # Meetings of the coming days are read too: they become meetings to prepare on Today.
    events = _occurrences(calendar, name, today + timedelta(days=PREPARE_AHEAD_DAYS))
    try:
        meetings = [_meeting(ev, recurring) for ev in events]
    except (KeyError, AttributeError, TypeError, ValueError) as exc:
        raise DomainError(f"{name}: an event cannot be read ({exc})") from None

    return meetings_import(
        workspace=workspace,
        meetings=[mt for mt in meetings if mt["on"] <= today],
        upcoming=[mt for mt in meetings if mt["on"] > today],
        today=today,
        name=name,
        source="ics",
        dry_run=dry_run,
        accept_suggestions=accept_suggestions,
        progress=progress,
    )


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
    to come become next steps with the prospect (`upcoming_meeting_import`)."""
    channel, kind = ("email", "thread") if source == "email" else ("meeting", "meeting")

    def work(report: ImportReport) -> None:
        index = ProspectIndex(workspace)
        for ahead in upcoming:
            row_step(
                report,
                None,
                functools.partial(
                    upcoming_meeting_import, workspace=workspace, index=index, meeting=ahead, today=today, report=report
                ),
            )
        for done, meeting in enumerate(meetings, start=1):
            row_step(
                report,
                None,
                functools.partial(
                    meeting_import,
                    workspace=workspace,
                    index=index,
                    meeting=meeting,
                    source=source,
                    channel=channel,
                    kind=kind,
                    report=report,
                    accept_suggestions=accept_suggestions,
                ),
            )
            if progress:
                progress(done, len(meetings))

    return all_or_nothing(ImportReport(source=name, dry_run=dry_run), work)


def meeting_import(
    *,
    workspace: m.Workspace,
    index: ProspectIndex,
    meeting: dict[str, Any],
    source: str,
    channel: str,
    kind: str,
    report: ImportReport,
    accept_suggestions: bool,
) -> None:
    """Log one meeting or thread with its prospect, or leave it pending when none matches."""
    ext, title = meeting["uid"], meeting["title"]
    if meeting.get("cancelled"):
        report.add(kind, "skipped", title, reason="cancelled")
        return
    if conversation_exists(workspace, ext):
        report.add(kind, "unchanged", title)
        return
    prospect, contacts, why = index.match_emails(meeting["emails"])
    pending = PendingMeeting.objects.filter(workspace=workspace, external_id=ext).first()
    if prospect is None:
        if pending is None:
            PendingMeeting.objects.create(
                workspace=workspace,
                source=source,
                external_id=ext,
                title=title,
                on=meeting["on"],
                channel=channel,
                emails=meeting["emails"],
                notes=meeting["notes"],
            )
        report.add(kind, "unmatched" if pending is None else "unchanged", title, reason=why)
        return
    imported_conversation_log(
        prospect=prospect,
        on=meeting["on"],
        channel=channel,
        notes=meeting["notes"],
        external_id=ext,
        report=report,
        contacts=contacts,
        accept_suggestions=accept_suggestions,
    )
    if pending is not None:
        pending.delete()
    _meeting_held(workspace, ext, meeting["on"])
    report.add(kind, "created", f"{title} ({prospect.name})")


UPCOMING = "upcoming_meeting"


def upcoming_meeting_import(
    *, workspace: m.Workspace, index: ProspectIndex, meeting: dict[str, Any], today: date | None, report: ImportReport
) -> None:
    """A meeting still to come becomes a next step with the prospect, dated, so Today offers to prepare it.

    Importing again moves the step when the meeting moved, and removes it when the meeting was
    cancelled; a step someone deleted or ended stays so. A meeting that matches no prospect is
    skipped (it waits in the calendar, not here).
    """
    from earnest.ledger.services.deletions import record_delete
    from earnest.ledger.services.steps import next_step_add, next_step_update

    from .models import ExternalRecord

    ext, title, kind = meeting["uid"], meeting["title"], "upcoming meeting"
    known = ExternalRecord.objects.filter(workspace=workspace, kind=UPCOMING, external_id=ext).first()
    step = m.NextStep.objects.filter(pk=known.entity_id, result="").first() if known else None
    if meeting.get("cancelled"):
        if step is not None and known is not None:
            record_delete(row=step)
            known.delete()  # were it set up again, it would be a meeting to prepare again
            report.add(kind, "updated", title, reason="cancelled: its next step is removed")
        else:
            report.add(kind, "skipped", title, reason="cancelled")
        return
    if known is not None:
        if step is not None and step.due != meeting["on"]:
            next_step_update(step=step, due=meeting["on"])
            report.add(kind, "updated", title, reason=f"moved to {meeting['on']}")
        else:
            report.add(kind, "unchanged", title)
        return
    prospect, _contacts, why = index.match_emails(meeting["emails"])
    if prospect is None:
        report.add(kind, "skipped", title, reason=why)
        return
    step = next_step_add(
        prospect=prospect,
        description=f"Meeting: {title}"[:2_000],
        owner="both",
        on=min(today or meeting["on"], meeting["on"]),
        due=meeting["on"],
    )
    ExternalRecord.objects.create(
        workspace=workspace, kind=UPCOMING, external_id=ext, entity="nextstep", entity_id=step.pk
    )
    report.add(kind, "created", f"{title} ({prospect.name})")


def _meeting_held(workspace: m.Workspace, ext: str, on: date) -> None:
    """The calendar says a meeting imported while still to come took place: its step ends in a yes,
    and the conversation now logged for it is the one to debrief."""
    from earnest.ledger.services.steps import next_step_complete

    from .models import ExternalRecord

    known = ExternalRecord.objects.filter(workspace=workspace, kind=UPCOMING, external_id=ext).first()
    step = m.NextStep.objects.filter(pk=known.entity_id, result="").first() if known else None
    if step is not None and step.created_on <= on:
        next_step_complete(step=step, result="yes", on=on)
