"""Deal and note files are planned first (their notes read by the analyzer in batches, no transaction
open), then written in one short transaction that re-checks the plan (ADR 0013): deals in bulk
(`test_deals_bulk.py`), notes through the conversation use case."""

from datetime import timedelta

import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.services.prospects import prospect_create, prospect_update
from earnest.transfer.csv_import import import_csv
from earnest.transfer.report import ImportFailed

NOTE = "Dana agreed to share last quarter's shipment data so we can run a pilot on it."


@pytest.fixture
def companies(workspace, today):
    return [
        prospect_create(workspace=workspace, name=f"Company {i}", created_on=today - timedelta(days=60))
        for i in range(5)
    ]


def _notes(n: int, today, bad_line: int | None = None) -> bytes:
    rows = ["company,date,body,external_id"]
    for i in range(n):
        day = "" if i + 2 == bad_line else (today - timedelta(days=i % 20)).isoformat()
        rows.append(f'Company {i % 5},{day},"{NOTE} Call {i}.",note-{i}')
    return ("\n".join(rows) + "\n").encode()


def _import(workspace, today, data, name="file.csv", **kw):
    return import_csv(workspace=workspace, data=data, name=name, today=today, **kw)


def test_a_bad_note_in_the_middle_of_a_long_file_writes_nothing(workspace, today, companies, counts):
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        _import(workspace, today, _notes(150, today, bad_line=100), "notes.csv")
    assert [str(p) for p in failed.value.report.problems] == ["line 100: the note has no date"]
    assert counts() == before


def test_a_bad_deal_in_the_middle_writes_neither_it_nor_the_deals_or_companies_before_it(workspace, today, counts):
    before = counts()
    data = b"name,won,amount,company\nFirst,true,100,New Co\nSecond,true,lots,Other Co\nThird,true,5,Third Co\n"
    with pytest.raises(ImportFailed, match="line 3: amount 'lots' is not a number"):
        _import(workspace, today, data, "deals.csv")
    assert counts() == before


def test_a_dry_run_of_notes_reports_what_the_import_does_and_writes_nothing(workspace, today, companies, counts):
    data = _notes(12, today) + b'Company 1,someday,"A note",note-x\n'
    before = counts()
    dry = _import(workspace, today, data, "notes.csv", dry_run=True)
    assert counts() == before
    assert [str(p) for p in dry.problems] == ["line 14: date 'someday' is not a date (2026-03-14 or 03/14/2026)"]
    with pytest.raises(ImportFailed) as failed:
        _import(workspace, today, data, "notes.csv")
    assert failed.value.report.problems == dry.problems and counts() == before
    fixed = _import(workspace, today, _notes(12, today), "notes.csv", dry_run=True)
    real = _import(workspace, today, _notes(12, today), "notes.csv")
    assert real.counts() == fixed.counts() == {"note": {"created": 12}}
    assert real.findings == fixed.findings > 0
    assert m.Conversation.objects.filter(workspace=workspace).count() == 12


def test_the_notes_are_read_by_the_analyzer_before_the_write_transaction(workspace, today, companies, analyzer_reads):
    _import(workspace, today, _notes(70, today), "notes.csv")
    assert len(analyzer_reads) == 70 and not any(analyzer_reads)
    assert m.Conversation.objects.filter(workspace=workspace).count() == 70


def test_deals_are_written_in_the_files_order_with_the_services_rules(workspace, today, companies):
    data = (
        b"name,stage,company,amount,external_id\nA,Closed lost,Company 0,,d-1\nB,Closed lost,Company 0,,d-2\n"
        b"C,closedwon,Company 1,250,d-3\nC again,closedwon,Company 1,250,d-3\nD,Negotiation,Company 2,,d-4\n"
    )
    report = _import(workspace, today, data, "deals.csv")
    assert [(a.label, a.action) for a in report.actions] == [
        ("A (lost)", "created"),
        ("B (lost)", "created"),
        ("C (won)", "created"),
        ("C again", "unchanged"),
        ("D", "skipped"),
    ]
    first = m.Prospect.objects.get(pk=companies[0].pk)
    # the first lost deal closed it; the second saw it closed (asked when applied, not when planned)
    assert first.closed_on == today and "'A' lost" in first.close_note
    assert m.AuditEvent.objects.filter(prospect=first, action="closed").count() == 1
    won = m.Commitment.objects.get(prospect=companies[1])
    assert (won.status, won.amount) == ("fulfilled", 250)
    assert _import(workspace, today, data, "deals.csv").changed() == 0


def test_a_prospect_changed_between_plan_and_apply_is_planned_again(workspace, today, companies):
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 1:  # only while the first plan is made
            prospect_update(prospect=companies[0], owner="Sam")

    report = _import(workspace, today, _notes(3, today), "notes.csv", progress=progress)
    assert calls == [1, 2, 3, 1, 2, 3]
    assert report.counts() == {"note": {"created": 3}}
    assert m.Prospect.objects.get(pk=companies[0].pk).owner == "Sam"
    assert m.Conversation.objects.filter(workspace=workspace).count() == 3


def test_a_note_imported_by_someone_else_meanwhile_is_not_imported_twice(workspace, today, companies):
    def progress(done, total):
        if done == 1 and not m.Conversation.objects.filter(external_id="note-0").exists():
            _import(workspace, today, _notes(1, today), "the same note.csv")

    report = _import(workspace, today, _notes(2, today), "notes.csv", progress=progress)
    assert report.counts() == {"note": {"unchanged": 1, "created": 1}}
    assert m.Conversation.objects.filter(workspace=workspace, external_id="note-0").count() == 1


def test_a_deal_whose_company_keeps_changing_fails_clearly_with_nothing_written(workspace, today, companies):
    def progress(done, total):
        prospect_update(prospect=m.Prospect.objects.get(pk=companies[1].pk), notes=f"edit {done}")

    data = b"name,stage,company,amount\nC,closedwon,Company 1,250\n"
    with pytest.raises(DomainError, match="prospect 'Company 1' was changed by someone else.*nothing was imported"):
        _import(workspace, today, data, "deals.csv", progress=progress)
    assert not m.Commitment.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db(transaction=True)
def test_another_writer_is_not_blocked_while_the_notes_are_read(workspace, today, writer_meanwhile, companies):
    """F6: reading notes (the analyzer) took most of a notes import, all of it under SQLite's write
    lock. Now a writer in another thread (its own connection) gets through while the file is planned."""
    report = _import(workspace, today, _notes(100, today), "notes.csv", progress=writer_meanwhile)
    assert writer_meanwhile.done == ["ok"]
    assert report.counts() == {"note": {"created": 100}}
    assert m.Conversation.objects.filter(workspace=workspace).count() == 100
