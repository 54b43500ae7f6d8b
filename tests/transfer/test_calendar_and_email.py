import pytest

from earnest.domain.errors import DomainError
from earnest.ledger.services.prospects import prospect_create
from earnest.transfer.calendar_import import import_ics
from earnest.transfer.email_import import import_email
from earnest.transfer.models import PendingMeeting
from earnest.transfer.services import pending_assign


def _ics(workspace, today, data, **kw):
    return import_ics(workspace=workspace, data=data, name="calendar.ics", today=today, **kw)


def test_meetings_become_conversations_with_recurrences_expanded_in_their_own_time_zone(
    workspace, today, fixture_bytes, prospects
):
    acme, globex, umbrella = prospects
    report = _ics(workspace, today, fixture_bytes("calendar.ics"))
    syncs = list(acme.conversations.order_by("on"))
    # weekly x4 from 2 Nov 23:30 Berlin, 9 Nov excluded, up to today; the day is Berlin's, not UTC's
    assert [str(c.on) for c in syncs] == ["2026-11-02", "2026-11-16", "2026-11-23"]
    assert "2026-11-02 23:30 Europe/Berlin" in syncs[0].notes
    assert syncs[0].external_id == "weekly-acme-sync@google.com/2026-11-02T23:30:00+01:00"
    assert [c.name for c in syncs[0].contacts.all()] == ["Priya Raman"]
    demo = globex.conversations.get()  # mail.globex.example belongs to globex.example
    assert demo.complimented  # "This is awesome, we would definitely use it someday": praise
    assert str(umbrella.conversations.get().on) == "2026-11-10"
    assert report.counts()["meeting"] == {"created": 5, "skipped": 1, "unmatched": 1}
    assert PendingMeeting.objects.get(workspace=workspace).title == "Coffee with a stranger"


def test_reimporting_a_calendar_changes_nothing_and_a_pending_meeting_can_be_assigned(
    workspace, today, fixture_bytes, prospects, counts
):
    _ics(workspace, today, fixture_bytes("calendar.ics"))
    before = counts()
    again = _ics(workspace, today, fixture_bytes("calendar.ics"))
    assert counts() == before and again.changed() == 0
    pending = PendingMeeting.objects.get(workspace=workspace)
    conversation = pending_assign(workspace=workspace, pending_id=pending.pk, prospect=prospects[0])
    assert conversation.external_id == "coffee-unknown@google.com"
    assert _ics(workspace, today, fixture_bytes("calendar.ics")).changed() == 0


def test_old_meetings_move_the_prospects_first_date_back(workspace, today, fixture_bytes, days):
    late = prospect_create(workspace=workspace, name="Acme", created_on=today, domain="acme.example")
    _ics(workspace, today, fixture_bytes("calendar.ics"))
    late.refresh_from_db()
    assert str(late.created_on) == "2026-11-02"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026", "truncated"),
        (b"hello world", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "cannot be read"),
    ],
)
def test_broken_calendars_are_refused_with_a_clear_message(workspace, today, data, expected, counts):
    before = counts()
    with pytest.raises(DomainError, match=expected):
        _ics(workspace, today, data)
    assert counts() == before


def test_a_mailbox_becomes_one_conversation_per_thread_without_quotes_or_signatures(
    workspace, today, fixture_bytes, prospects, counts
):
    acme, globex, _ = prospects
    report = import_email(workspace=workspace, data=fixture_bytes("mailbox.mbox"), name="m.mbox", today=today)
    assert report.counts()["thread"] == {"created": 2, "unmatched": 1}
    thread = acme.conversations.get()
    assert thread.channel == "email" and str(thread.on) == "2026-11-03"
    assert "From our side Raj will send the export." in thread.notes  # mboxrd unescaped
    assert "Can Raj send it by Friday?" in thread.notes
    assert "Head of Operations" not in thread.notes and "> We can share" not in thread.notes
    questionnaire = globex.conversations.get()
    assert "Let me think about it" in questionnaire.notes and "<p>" not in questionnaire.notes
    assert "JVBERi" not in questionnaire.notes and "CFO" not in questionnaire.notes
    assert questionnaire.hedged
    before = counts()
    again = import_email(workspace=workspace, data=fixture_bytes("mailbox.mbox"), name="m.mbox", today=today)
    assert counts() == before and again.changed() == 0


def test_a_single_eml_message_imports(workspace, today, fixture_bytes, prospects):
    import_email(workspace=workspace, data=fixture_bytes("umbrella.eml"), name="u.eml", today=today)
    note = prospects[2].conversations.get()
    assert note.notes.startswith("Prüfung done") and "signed it this morning" in note.notes
    assert "Umbrella Freight" not in note.notes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00\x00binary\xff", "binary file"),
        (b"just some words\n", "not an email"),
        (b"From: a@b.example\nSubject: no date\n\nhi\n", "no Date header"),
    ],
)
def test_broken_email_is_refused_with_a_clear_message(workspace, today, data, expected, counts):
    before = counts()
    with pytest.raises(DomainError, match=expected):
        import_email(workspace=workspace, data=data, name="x.eml", today=today)
    assert counts() == before


def test_a_german_gmail_reply_and_an_outlook_signature_stay_out_of_the_notes(workspace, today, prospects):
    raw = (
        b"Message-ID: <de-1@acme.example>\nDate: Wed, 11 Nov 2026 09:30:00 +0100\n"
        b"From: Priya Raman <priya@acme.example>\nTo: Dana Seller <dana@seller.example>\nSubject: AW: Pilot\n"
        b'MIME-Version: 1.0\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: 8bit\n\n'
        b"Hallo Dana,\n\nwir starten den Pilot am 1. Dezember.\n\nPriya Raman\nHead of Operations | Acme\n"
        b"T +49 40 5550 1201\n\nAm Mi., 11. Nov. 2026 um 09:02 Uhr schrieb Dana Seller <dana@seller.example>:\n\n"
        b"> Hallo Priya,\n> wann starten wir? Ich bin begeistert.\n"
    )
    import_email(workspace=workspace, data=raw, name="de.eml", today=today)
    notes = prospects[0].conversations.get().notes
    assert "wir starten den Pilot am 1. Dezember." in notes
    assert "schrieb" not in notes and "begeistert" not in notes and "Head of Operations" not in notes


BOM = b"\xef\xbb\xbf"


def _damaged(data: bytes, marker: bytes, replacement: bytes) -> tuple[bytes, int, int]:
    """The file with marker's first byte replaced, the offset of that byte, and its line."""
    at = data.index(marker)
    return data[:at] + replacement + data[at + 1 :], at, data[:at].count(b"\n") + 1


@pytest.mark.parametrize("bom", [b"", BOM], ids=["plain", "bom"])
def test_a_damaged_calendar_names_the_line_and_byte_and_changes_nothing(
    workspace, today, fixture_bytes, prospects, counts, bom
):
    data = bom + fixture_bytes("calendar.ics")
    before = counts()
    bad, at, line = _damaged(data, b"Europe/Berlin:20261102", b"\xff")
    with pytest.raises(DomainError, match=rf"line {line} is not valid utf-8 at byte offset {at} \(0xff\)"):
        _ics(workspace, today, bad)
    garbled, at, line = _damaged(data, b"RRULE:FREQ=WEEKLY", b"#")
    start = data.rindex(b"\n", 0, at) + 1
    with pytest.raises(DomainError, match=rf"line {line} \(byte offset {start}\) is not an iCalendar line"):
        _ics(workspace, today, garbled)
    with pytest.raises(DomainError, match=rf"truncated .*byte offset {len(data) // 2}\)"):
        _ics(workspace, today, data[: len(data) // 2])
    assert counts() == before


def test_a_damaged_mailbox_names_the_line_and_byte_and_changes_nothing(
    workspace, today, fixture_bytes, prospects, counts
):
    data = fixture_bytes("mailbox.mbox")
    before = counts()
    bad, at, line = _damaged(data, b"Our team loves", b"\xff")
    with pytest.raises(DomainError) as failed:
        import_email(workspace=workspace, data=bad, name="m.mbox", today=today)
    assert str(failed.value) == (
        f"m.mbox: line {line}, byte offset {at} (0xff) is not UTF-8, and message 1 "
        "declares no other charset; the file is damaged: export it again"
    )
    nul, at, line = _damaged(data, b"Can Raj send", b"\x00")
    with pytest.raises(DomainError, match=rf"a NUL byte in message 2, line {line}, byte offset {at}\)"):
        import_email(workspace=workspace, data=nul, name="m.mbox", today=today)
    assert counts() == before
