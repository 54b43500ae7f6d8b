"""Calendars and mailboxes are planned first (meetings matched, notes read by the analyzer, no transaction
open), then applied in one short transaction that re-checks what the plan read (ADR 0013)."""

import pytest
from django.db import connection

from earnest.ledger import models as m
from earnest.ledger.services.deletions import record_delete
from earnest.ledger.services.prospects import prospect_create
from earnest.transfer.calendar_import import import_ics
from earnest.transfer.email_import import import_email
from earnest.transfer.models import PendingMeeting
from earnest.transfer.services import pending_dismiss


def _ics(workspace, today, data, **kw):
    return import_ics(workspace=workspace, data=data, name="calendar.ics", today=today, **kw)


def test_a_dry_run_of_a_calendar_reports_what_the_import_does_and_writes_nothing(
    workspace, today, fixture_bytes, prospects, counts
):
    before = counts()
    dry = _ics(workspace, today, fixture_bytes("calendar.ics"), dry_run=True)
    assert counts() == before
    real = _ics(workspace, today, fixture_bytes("calendar.ics"))
    assert dry.counts() == real.counts() == {"meeting": {"created": 5, "skipped": 1, "unmatched": 1}}
    assert dry.findings == real.findings > 0


def test_the_meetings_notes_are_read_before_the_write_transaction(
    workspace, today, fixture_bytes, prospects, analyzer_reads
):
    _ics(workspace, today, fixture_bytes("calendar.ics"))
    assert len(analyzer_reads) == 5 and not any(analyzer_reads)
    assert m.Conversation.objects.filter(workspace=workspace).count() == 5


def test_a_company_added_while_the_calendar_is_planned_gets_its_meeting(workspace, today, fixture_bytes, prospects):
    """The stranger's meeting matched nothing when planning began; the plan is made again, and it matches."""
    calls = []

    def progress(done, total):
        calls.append(done)
        if not m.Prospect.objects.filter(name="Unknown Startup").exists():
            prospect_create(
                workspace=workspace, name="Unknown Startup", created_on=today, domain="unknown-startup.example"
            )

    report = _ics(workspace, today, fixture_bytes("calendar.ics"), progress=progress)
    assert calls == [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7]
    assert report.counts()["meeting"] == {"created": 6, "skipped": 1}
    assert not PendingMeeting.objects.filter(workspace=workspace).exists()
    assert m.Conversation.objects.get(external_id="coffee-unknown@google.com").prospect.name == "Unknown Startup"


def test_a_pending_meeting_dismissed_while_the_calendar_is_planned_is_planned_again(
    workspace, today, fixture_bytes, prospects
):
    _ics(workspace, today, fixture_bytes("calendar.ics"))
    record_delete(row=prospects[1].conversations.get())  # so that the calendar has something to write again
    pending = PendingMeeting.objects.get(workspace=workspace)
    dismissed = []

    def progress(done, total):
        if not dismissed:
            pending_dismiss(workspace=workspace, pending_id=pending.pk)
            dismissed.append(done)

    report = _ics(workspace, today, fixture_bytes("calendar.ics"), progress=progress)
    assert report.counts()["meeting"] == {"created": 1, "unchanged": 4, "skipped": 1, "unmatched": 1}
    assert PendingMeeting.objects.get(workspace=workspace).external_id == "coffee-unknown@google.com"
    assert prospects[1].conversations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_another_writer_is_not_blocked_while_a_calendar_is_planned(workspace, today, fixture_bytes, writer_meanwhile):
    """F6: a calendar was imported in one transaction from its first meeting to its last. Now a writer on its
    own connection gets through while the meetings are matched and read."""
    acme = prospect_create(workspace=workspace, name="Acme", created_on=today, domain="acme.example")
    in_transaction: list[bool] = []

    def progress(done, total):
        in_transaction.append(connection.in_atomic_block)
        writer_meanwhile(done, total)

    report = _ics(workspace, today, fixture_bytes("calendar.ics"), progress=progress)
    assert writer_meanwhile.done == ["ok"]
    assert in_transaction and not any(in_transaction)
    assert report.counts()["meeting"]["created"] == 3
    assert m.Conversation.objects.filter(prospect=acme).count() == 3


@pytest.mark.django_db(transaction=True)
def test_another_writer_is_not_blocked_while_a_mailbox_is_planned(workspace, today, fixture_bytes, writer_meanwhile):
    prospect_create(workspace=workspace, name="Acme", created_on=today, domain="acme.example")
    prospect_create(workspace=workspace, name="Globex", created_on=today, domain="globex.example")
    data = fixture_bytes("mailbox.mbox")
    report = import_email(workspace=workspace, data=data, name="m.mbox", today=today, progress=writer_meanwhile)
    assert writer_meanwhile.done == ["ok"]
    assert report.counts()["thread"] == {"created": 2, "unmatched": 1}
