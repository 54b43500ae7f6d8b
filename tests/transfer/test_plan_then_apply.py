"""Prospect and contact imports are planned without writing, then applied in one short transaction (ADR 0013)."""

import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.derived.audit import acting_as
from earnest.ledger.services.prospects import prospect_create, prospect_update
from earnest.transfer.csv_import import import_csv
from earnest.transfer.report import ImportFailed


def _companies(n: int, bad_line: int | None = None) -> bytes:
    rows = ["name,domain,owner,tags"]
    for i in range(n):
        name = "x" * 300 if i + 2 == bad_line else f"Company {i}"
        rows.append(f"{name},company{i}.example,Dana,pilot")
    return ("\n".join(rows) + "\n").encode()


def _import(workspace, today, data, **kw):
    return import_csv(workspace=workspace, data=data, name="file.csv", today=today, **kw)


def test_a_bad_row_in_the_middle_of_a_long_file_writes_nothing(workspace, today, counts):
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        _import(workspace, today, _companies(1_200, bad_line=600))
    assert "line 600: name is too long (300 characters; at most 200)" in str(failed.value)
    assert counts() == before


def test_a_bad_contact_in_the_middle_writes_neither_it_nor_the_company_it_named(workspace, today, counts):
    before = counts()
    data = (
        b"name,email,company\nPriya,priya@acme.example,Acme\nBob,not an address,Globex\n"
        b"Tom,tom@initech.example,Initech\n"
    )
    with pytest.raises(ImportFailed, match="line 3: email 'not an address' is not an email address"):
        _import(workspace, today, data)
    assert counts() == before


def test_a_dry_run_plans_the_same_counts_and_errors_and_writes_nothing(workspace, today, counts, prospect):
    data = b"name,domain,owner\nNorthwind,northwind.example,Sam\nGlobex,globex.example,\n,x.example,\n"
    before = counts()
    dry = _import(workspace, today, data, dry_run=True)
    assert counts() == before
    assert dry.counts() == {"prospect": {"updated": 1, "created": 1}}
    assert [str(p) for p in dry.problems] == ["line 4: name is required"]
    with pytest.raises(ImportFailed) as real:
        _import(workspace, today, data)
    assert real.value.report.counts() == dry.counts() and counts() == before


def test_an_import_writes_the_audit_trail_and_retires_the_verdicts_as_the_services_do(
    workspace, today, prospect, django_capture_on_commit_callbacks
):
    revision = m.Prospect.objects.get(pk=prospect.pk).revision
    data = b"name,domain,owner,tags\nNorthwind,northwind.example,Sam,pilot\nGlobex,globex.example,Dana,pilot; eu\n"
    with acting_as(label="importer"), django_capture_on_commit_callbacks(execute=True):
        report = _import(workspace, today, data)
    assert report.counts() == {"prospect": {"updated": 1, "created": 1}}
    globex = m.Prospect.objects.get(workspace=workspace, name="Globex")
    northwind = m.Prospect.objects.get(pk=prospect.pk)
    assert (northwind.owner, northwind.version) == ("Sam", prospect.version + 1)
    assert northwind.revision > revision and globex.revision > 0
    trail = list(
        m.AuditEvent.objects.filter(workspace=workspace, actor_label="importer")
        .order_by("pk")
        .values_list("prospect_id", "action", "changes")
    )
    assert trail == [
        (northwind.pk, "updated", {"owner": ["", "Sam"]}),
        (northwind.pk, "tagged", {"tags": ["pilot"]}),
        (
            globex.pk,
            "created",
            {
                "name": "Globex",
                "ladder": "discovery",
                "domain": "globex.example",
                "owner": "Dana",
                "notes": "",
                "external_id": "",
            },
        ),
        (globex.pk, "tagged", {"tags": ["pilot", "eu"]}),
    ]
    assert sorted(globex.tags.values_list("name", flat=True)) == ["eu", "pilot"]
    # recomputed after the commit: both leads have a verdict at their new revision
    assert set(m.LeadSnapshot.objects.filter(workspace=workspace).values_list("prospect_id", "revision")) == {
        (northwind.pk, northwind.revision),
        (globex.pk, globex.revision),
    }


def test_contacts_are_filed_under_companies_the_same_file_creates(workspace, today):
    data = b"name,email,company\nPriya,priya@acme.example,Acme\nTom,tom@acme.example,Acme\n"
    report = _import(workspace, today, data)
    assert report.counts() == {"prospect": {"created": 1}, "contact": {"created": 2}}
    acme = m.Prospect.objects.get(workspace=workspace, name="Acme")
    assert sorted(acme.contacts.values_list("email", flat=True)) == ["priya@acme.example", "tom@acme.example"]
    assert m.AuditEvent.objects.filter(prospect=acme, entity="contact", action="created").count() == 2
    again = _import(workspace, today, b"name,email,title\nPriya R,priya@acme.example,CFO\n")
    assert again.counts() == {"contact": {"updated": 1}}
    assert acme.contacts.get(email="priya@acme.example").title == "CFO"


def test_a_prospect_changed_between_plan_and_apply_is_planned_again(workspace, today, prospect):
    """Someone edits a prospect the file updates while the file is read: the edit is kept, the row too."""
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 1:  # only while the first plan is made
            prospect_update(prospect=prospect, notes="Met at the fair")

    data = b"name,domain,owner\nNorthwind,northwind.example,Sam\nGlobex,globex.example,\n"
    report = _import(workspace, today, data, progress=progress)
    assert calls == [1, 2, 1, 2]  # planned twice, with the same progress
    assert report.counts() == {"prospect": {"updated": 1, "created": 1}}
    northwind = m.Prospect.objects.get(pk=prospect.pk)
    assert (northwind.owner, northwind.notes) == ("Sam", "Met at the fair")


def test_a_prospect_that_keeps_changing_fails_the_import_clearly_with_nothing_written(workspace, today, prospect):
    def progress(done, total):
        if done == 1:
            prospect_update(prospect=m.Prospect.objects.get(pk=prospect.pk), notes=f"edit {done} {total}x")

    data = b"name,domain,owner\nNorthwind,northwind.example,Sam\nGlobex,globex.example,\n"
    with pytest.raises(DomainError, match="prospect 'Northwind' was changed by someone else.*nothing was imported"):
        _import(workspace, today, data, progress=progress)
    assert not m.Prospect.objects.filter(workspace=workspace, name="Globex").exists()
    assert m.Prospect.objects.get(pk=prospect.pk).owner == ""


def test_a_prospect_added_meanwhile_that_a_row_matches_is_not_duplicated(workspace, today):
    def progress(done, total):
        if done == 1 and not m.Prospect.objects.filter(name__startswith="Globex").exists():
            prospect_create(workspace=workspace, name="Globex, Inc.", created_on=today)

    data = b"name,domain\nAcme,acme.example\nGlobex,globex.example\n"
    report = _import(workspace, today, data, progress=progress)
    assert report.counts() == {"prospect": {"created": 1, "updated": 1}}
    assert list(
        m.Prospect.objects.filter(workspace=workspace, name__startswith="Globex").values_list("name", "domain")
    ) == [("Globex", "globex.example")]


@pytest.mark.django_db(transaction=True)
def test_another_writer_is_not_blocked_while_a_long_import_is_planned(workspace, today, writer_meanwhile):
    """F6: on SQLite a CLI import held the write lock for the whole file, so the server's writes
    waited and then failed. Now a writer in another thread (its own connection) gets through while
    the file is read, and the import still applies everything."""
    report = _import(workspace, today, _companies(400), progress=writer_meanwhile)
    assert writer_meanwhile.done == ["ok"]
    assert report.counts() == {"prospect": {"created": 400}}
    assert m.Prospect.objects.filter(workspace=workspace).count() == 401
