"""Calendar (.ics, RFC 5545) import: meetings that happened become conversations.

Recurring events are expanded (RRULE, RDATE, EXDATE and moved occurrences) up to
today; each meeting keeps the day and the time in its own time zone. Meetings are
matched to prospects by their attendees' addresses; those that match none wait
as pending meetings for the user to assign. The file is planned, then applied in one
short transaction (`meetings_import`, ADR 0013).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from typing import Any

from earnest.domain.agenda import PREPARE_AHEAD_DAYS
from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .files import decode_text, line_offsets, size_check
from .meetings_import import meetings_import
from .report import ImportReport, Progress

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
