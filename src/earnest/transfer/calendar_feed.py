"""The workspace's next steps and commitment due dates as an iCalendar feed to subscribe to.

All-day events with stable UIDs, so a calendar app that refreshes the feed moves
or removes an event instead of adding a copy.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from earnest.ledger import models as m

PRODID = "-//earnest//commitment ledger//EN"


def feed_calendar(workspace: m.Workspace, *, stamp: datetime, host: str = "earnest") -> bytes:
    """Open, dated next steps and agreed commitments with a due date; one query each."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"earnest: {workspace.name}")
    steps = (
        m.NextStep.objects.filter(workspace=workspace, result="", due__isnull=False)
        .select_related("prospect")
        .order_by("due", "pk")
    )
    for step in steps:
        cal.add_component(
            _event(
                Event(),
                uid=f"step-{step.pk}@{host}",
                day=step.due,
                stamp=stamp,
                summary=f"{step.prospect.name}: {step.description}",
                description=f"Next step (owner: {step.owner}) with {step.prospect.name}, agreed on {step.created_on}.",
            )
        )
    commitments = (
        m.Commitment.objects.filter(workspace=workspace, status="agreed", due__isnull=False)
        .select_related("prospect")
        .order_by("due", "pk")
    )
    for c in commitments:
        cal.add_component(
            _event(
                Event(),
                uid=f"commitment-{c.pk}@{host}",
                day=c.due,
                stamp=stamp,
                summary=f"Due from {c.prospect.name}: {c.description}",
                description=f"{c.prospect.name} agreed on {c.answered_on} to: {c.description}. Did they do it?",
            )
        )
    return cal.to_ical()


def _event(event, *, uid, day, stamp, summary, description):
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    # An all-day event ends the next day. The last day a date can hold (9999-12-31, stored before
    # entry refused far dates) has no next day; without DTEND it still lasts one day (RFC 5545 3.6.1).
    if day < date.max:
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary[:500])
    event.add("description", description[:2_000])
    event.add("transp", "TRANSPARENT")
    return event
