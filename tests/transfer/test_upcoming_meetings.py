"""Calendar meetings of the coming days become meetings to prepare; once held, meetings to debrief."""

from datetime import timedelta

from earnest.ledger import models as m
from earnest.ledger.reads.today import today_agenda
from earnest.ledger.services.prospects import prospect_create
from earnest.transfer.calendar_import import import_ics


def _calendar(day, status="CONFIRMED", uid="orbit-review@example.com") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"DTSTART:{day:%Y%m%d}T100000Z\r\nDTEND:{day:%Y%m%d}T110000Z\r\nDTSTAMP:20261120T080000Z\r\n"
        f"UID:{uid}\r\nORGANIZER:mailto:me@seller.example\r\n"
        "ATTENDEE:mailto:ana@orbit.example\r\nSUMMARY:Orbit pricing review\r\n"
        f"STATUS:{status}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _import(workspace, today, data):
    return import_ics(workspace=workspace, data=data, name="cal.ics", today=today)


def test_a_meeting_in_the_coming_days_is_one_to_prepare_and_after_it_one_to_debrief(workspace, today, days):
    orbit = prospect_create(workspace=workspace, name="Orbit", created_on=days(-20), domain="orbit.example")
    report = _import(workspace, today, _calendar(days(3)))
    assert report.counts() == {"upcoming meeting": {"created": 1}}
    step = m.NextStep.objects.get(prospect=orbit)
    assert (step.description, step.owner, step.due) == ("Meeting: Orbit pricing review", "both", days(3))
    assert [i.ref for i in today_agenda(workspace, today).to_prepare] == [step.pk]
    assert _import(workspace, today, _calendar(days(3))).changed() == 0

    moved = _import(workspace, today, _calendar(days(5)))
    assert moved.counts() == {"upcoming meeting": {"updated": 1}}
    step.refresh_from_db()
    assert step.due == days(5)

    later = today + timedelta(days=6)
    _import(workspace, later, _calendar(days(5)))
    step.refresh_from_db()
    held = m.Conversation.objects.get(prospect=orbit)
    assert (step.result, step.done_on, held.on) == ("yes", days(5), days(5))
    agenda = today_agenda(workspace, later)
    assert agenda.to_prepare == () and [(i.kind, i.ref) for i in agenda.to_debrief] == [("debrief_meeting", held.pk)]


def test_a_cancelled_meeting_takes_its_step_away_and_far_or_unmatched_ones_are_left_alone(workspace, today, days):
    prospect_create(workspace=workspace, name="Orbit", created_on=days(-20), domain="orbit.example")
    _import(workspace, today, _calendar(days(2)))
    assert _import(workspace, today, _calendar(days(2), "CANCELLED")).counts() == {"upcoming meeting": {"updated": 1}}
    assert not m.NextStep.objects.exists()
    assert _import(workspace, today, _calendar(days(2))).counts() == {"upcoming meeting": {"created": 1}}
    assert _import(workspace, today, _calendar(days(30), uid="far@example.com")).counts() == {}
    m.Prospect.objects.all().delete()
    skipped = _import(workspace, today, _calendar(days(1), uid="other@example.com"))
    assert skipped.counts() == {"upcoming meeting": {"skipped": 1}}
