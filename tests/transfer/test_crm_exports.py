"""Real-format exports of HubSpot, Pipedrive and Salesforce: each file, its preset, exactly what it holds.

The files in fixtures/crm follow the header sets, quoting, BOMs and line endings of each
CRM's own export (HubSpot's "all properties" export with its "(Primary)" association
columns, Pipedrive's prefixed and plain exports, Salesforce's weekly Data Export).
"""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.transfer.csv_import import import_csv
from earnest.transfer.report import ImportFailed

CRM = Path(__file__).parent / "fixtures" / "crm"
HUBSPOT = [
    CRM / "hubspot" / f"hubspot-crm-exports-all-{kind}-2026-11-20.csv"
    for kind in ("companies", "contacts", "deals", "notes")
]
PIPEDRIVE = {
    style: [CRM / "pipedrive" / style / f"{kind}.csv" for kind in ("organizations", "people", "deals", "notes")]
    for style in ("prefixed", "unprefixed")
}
SALESFORCE = [
    CRM / "salesforce" / f"{name}.csv" for name in ("Account", "Contact", "Opportunity", "Task", "Event", "Note")
]
EVERY_SET = [
    ("hubspot", HUBSPOT),
    ("pipedrive", PIPEDRIVE["prefixed"]),
    ("pipedrive", PIPEDRIVE["unprefixed"]),
    ("salesforce", SALESFORCE),
]


def _import(workspace, today, path, preset, **kw):
    return import_csv(workspace=workspace, data=path.read_bytes(), name=path.name, today=today, preset=preset, **kw)


def _all(workspace, today, preset, files):
    return [_import(workspace, today, path, preset) for path in files]


def _links(workspace):
    """Every contact with its prospect, every won deal with its amount, every note with its prospect."""
    return (
        sorted((c.name, c.prospect.name) for c in m.Contact.objects.filter(workspace=workspace)),
        sorted((c.prospect.name, c.amount, c.status) for c in m.Commitment.objects.filter(workspace=workspace)),
        sorted((c.prospect.name, c.external_id) for c in m.Conversation.objects.filter(workspace=workspace)),
    )


def test_a_hubspot_export_files_contacts_deals_and_notes_under_their_primary_company(workspace, today, counts):
    companies, contacts, deals, notes = _all(workspace, today, "hubspot", HUBSPOT)
    assert companies.read_as == "HubSpot companies, 6 rows" and companies.counts() == {"prospect": {"created": 6}}
    assert m.Prospect.objects.filter(workspace=workspace).count() == 6  # nothing invented by later files
    assert contacts.read_as == "HubSpot contacts, 8 rows"
    assert contacts.counts() == {"contact": {"created": 7, "skipped": 1}}
    assert [(a.line, a.reason) for a in contacts.actions if a.action == "skipped"] == [
        (8, "no company: the CRM links this person to none")
    ]
    assert deals.counts() == {"deal": {"created": 5, "skipped": 2}}
    assert {a.label: a.reason for a in deals.actions if a.action == "skipped"} == {
        "Müller & Söhne – Angebot": "open: a pipeline stage is a hope, not a commitment",
        "Conference leads bundle": "no company: the CRM links this deal to none",
    }
    assert notes.counts() == {"note": {"created": 4, "skipped": 1}}
    assert [(a.line, a.reason) for a in notes.actions if a.action == "skipped"] == [
        (
            6,
            "links to contact hubspot:57, which is not in earnest: import contacts and deals before notes "
            "(a person or deal without a company is not imported)",
        )
    ]
    people, won, logged = _links(workspace)
    cafe = "Café Olé Distribución, S.L."
    assert people == [
        ("Ana López García", cafe),
        ("Chloé Martin", cafe),
        ("Emma O'Neill", 'Brightline "Express" Couriers Ltd'),
        ("Jonas Weiß", "Nordhafen Spedition AG"),
        ("Priya Raman", "Kranich Logistik GmbH"),
        ("Søren Dahl", "Fjord Freight AS"),
        ("Tom Becker", "Müller & Söhne Transporte"),
    ]
    assert won == [
        ("Café Olé Distribución, S.L.", Decimal("3000"), "fulfilled"),
        ("Kranich Logistik GmbH", Decimal("4800"), "fulfilled"),
        ("Nordhafen Spedition AG", Decimal("12500.50"), "fulfilled"),
    ]
    assert logged == [
        ("Café Olé Distribución, S.L.", "hubspot:60014"),
        ("Kranich Logistik GmbH", "hubspot:60011"),
        ("Müller & Söhne Transporte", "hubspot:60013"),
        ("Nordhafen Spedition AG", "hubspot:60012"),
    ]
    closed = dict(m.Prospect.objects.filter(workspace=workspace).values_list("name", "closed_on"))
    # the lost trial ends Fjord; Kranich lost a rollout but bought the pilot, so it stays open
    assert [name for name, on in closed.items() if on] == ["Fjord Freight AS"]
    kranich = m.Prospect.objects.get(workspace=workspace, name="Kranich Logistik GmbH")
    assert (kranich.domain, kranich.external_id) == ("kranich-logistik.example", "hubspot:18402311457")
    note = m.Conversation.objects.get(workspace=workspace, external_id="hubspot:60011")
    assert "Dispatchers rekey every load by hand." in note.notes and "<p>" not in note.notes
    assert [c.name for c in note.contacts.all()] == ["Priya Raman"]


@pytest.mark.parametrize("style", ["prefixed", "unprefixed"])
def test_a_pipedrive_export_imports_the_same_with_and_without_entity_prefixes(workspace, today, style):
    organizations, persons, deals, notes = _all(workspace, today, "pipedrive", PIPEDRIVE[style])
    assert [r.read_as for r in (organizations, persons, deals, notes)] == [
        "Pipedrive organizations, 4 rows",
        "Pipedrive persons, 6 rows",
        "Pipedrive deals, 5 rows",
        "Pipedrive notes, 4 rows",
    ]
    assert persons.counts() == {"contact": {"created": 5, "skipped": 1}}
    assert deals.counts() == {"deal": {"created": 3, "skipped": 2}}
    assert notes.counts() == {"note": {"created": 4}}
    people, won, logged = _links(workspace)
    assert people == [
        ("Ada Krüger", "Umbrella Freight GmbH"),
        ("Ben Stone", "Stark Shipping"),
        ("Pieter van den Berg", "Van den Berg Koeltransport B.V."),
        ("Raj Patel", "Umbrella Freight GmbH"),
        ("Zofia Wójcik", "Łódź Cargo Sp. z o.o."),
    ]
    assert won == [
        ("Umbrella Freight GmbH", Decimal("12000"), "fulfilled"),
        ("Van den Berg Koeltransport B.V.", Decimal("9800"), "fulfilled"),
    ]
    # 702 names only its person and its open deal, 704 only its (won) deal
    assert logged == [
        ("Stark Shipping", "pipedrive:702"),
        ("Umbrella Freight GmbH", "pipedrive:701"),
        ("Van den Berg Koeltransport B.V.", "pipedrive:704"),
        ("Łódź Cargo Sp. z o.o.", "pipedrive:703"),
    ]
    assert m.Prospect.objects.get(workspace=workspace, name="Umbrella Freight GmbH").domain == "umbrella.example"
    assert m.Prospect.objects.get(workspace=workspace, name="Łódź Cargo Sp. z o.o.").closed_on is not None
    assert m.Prospect.objects.filter(workspace=workspace).count() == 4


def test_a_salesforce_data_export_reads_each_object_by_its_own_fields(workspace, today):
    reports = _all(workspace, today, "salesforce", SALESFORCE)
    assert [r.read_as for r in reports] == [
        "Salesforce accounts, 25 rows",
        "Salesforce contacts, 7 rows",
        "Salesforce opportunities, 6 rows",
        "Salesforce tasks, 4 rows",
        "Salesforce events, 2 rows",
        "Salesforce notes, 3 rows",
    ]
    accounts, contacts, opportunities, tasks, events, notes = (r.counts() for r in reports)
    assert accounts == {"prospect": {"created": 25}}  # ParentId does not make Account.csv a notes file
    assert contacts == {"contact": {"created": 5, "skipped": 2}}  # one without an account, one deleted
    assert opportunities == {"deal": {"created": 3, "skipped": 3}}
    assert tasks == {"note": {"created": 3, "skipped": 1}} and events == {"note": {"created": 1, "skipped": 1}}
    assert notes == {"note": {"created": 3}}
    people, won, logged = _links(workspace)
    assert people == [
        ("Amélie Lefèvre", "Société Lumière SAS"),
        ("Jürg Schäfer", "Zürich Präzision AG"),
        ("Lucius Fox", "Wayne Enterprises"),
        ("Mette Østergaard", "Ørsted Havnelogistik ApS"),
        ("Miles Dyson", "Cyberdyne Systems"),
    ]
    assert won == [
        ("Société Lumière SAS", Decimal("7200.00"), "fulfilled"),
        ("Wayne Enterprises", Decimal("15000.00"), "fulfilled"),
    ]
    by_prospect = sorted({name for name, _ in logged})
    assert by_prospect == [
        "Cyberdyne Systems",
        "Société Lumière SAS",
        "Wayne Enterprises",
        "Zürich Präzision AG",
        "Ørsted Havnelogistik ApS",
    ]
    assert len(logged) == 7
    visit = m.Conversation.objects.get(workspace=workspace, external_id="salesforce:00U5g00000Evt01AAA")
    assert visit.notes.startswith("Werksbesuch Zürich\n\nJürg showed us the line") and str(visit.on) == "2026-10-14"
    assert m.Prospect.objects.filter(workspace=workspace).count() == 25


@pytest.mark.parametrize(("preset", "files"), EVERY_SET)
def test_reimporting_every_export_changes_nothing(workspace, today, counts, preset, files):
    from earnest.transfer.backup import workspace_export_json

    def backup() -> bytes:
        return workspace_export_json(workspace, exported_at=datetime(2026, 11, 23, tzinfo=UTC)).encode()

    _all(workspace, today, preset, files)
    before, first = counts(), backup()
    again = _all(workspace, today, preset, files)
    assert counts() == before and backup() == first  # byte for byte
    assert all(a.action in ("unchanged", "skipped") for r in again for a in r.actions)


@pytest.mark.parametrize(
    ("preset", "path", "expected"),
    [
        ("hubspot", HUBSPOT[1], "line 3: links to 'Nordhafen Spedition AG' (company hubspot:18402311502)"),
        ("hubspot", HUBSPOT[2], "line 2: links to 'Kranich Logistik GmbH' (company hubspot:18402311457)"),
        ("pipedrive", PIPEDRIVE["unprefixed"][1], "line 2: links to 'Umbrella Freight GmbH' (company pipedrive:11)"),
        (
            "hubspot",
            HUBSPOT[3],
            "line 2: links to 'Kranich Logistik GmbH' (company hubspot:18402311457, contact "
            "hubspot:51, deal hubspot:9101)",
        ),
        ("salesforce", SALESFORCE[2], "line 2: links to company salesforce:0015g00000Acc01AAA"),
    ],
)
def test_a_contact_or_deal_whose_company_is_missing_is_a_problem_not_a_new_prospect(
    workspace, today, counts, preset, path, expected
):
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        _import(workspace, today, path, preset)
    assert expected in str(failed.value) and "which is not in earnest" in str(failed.value)
    assert counts() == before


def test_a_dry_run_names_what_it_read_the_file_as(workspace, today, counts):
    _import(workspace, today, SALESFORCE[0], "salesforce")
    before = counts()
    report = _import(workspace, today, SALESFORCE[1], "salesforce", dry_run=True)
    assert report.summary().startswith("Contact.csv (read as: Salesforce contacts, 7 rows): contacts: 5 created")
    assert counts() == before
    named = _import(workspace, today, SALESFORCE[2], "salesforce", kind="deals", dry_run=True)
    assert named.read_as == "Salesforce opportunities, 6 rows"


@pytest.mark.parametrize(
    ("preset", "header", "kind"),
    [
        ("salesforce", "Id,IsDeleted,Name,Type,ParentId,Website,Description", "accounts"),
        ("salesforce", "Id,IsDeleted,ParentId,Title,IsPrivate,Body,CreatedDate", "notes"),
        ("salesforce", "Id,WhoId,WhatId,Subject,ActivityDate,Status,Description,AccountId,IsClosed", "tasks"),
        ("salesforce", "Id,AccountId,Name,StageName,Amount,CloseDate,IsClosed,IsWon,Description", "opportunities"),
        ("salesforce", "Id,AccountId,LastName,FirstName,Email,Title,Description", "contacts"),
        ("pipedrive", "ID,Content,Organization,Organization ID,Contact person,Deal title,Deal ID,Add time", "notes"),
        ("pipedrive", "ID,Title,Value,Organization,Organization ID,Contact person,Status,Won time", "deals"),
        ("pipedrive", "ID,Name,Organization,Organization ID,Email - Work,Person created", "persons"),
        ("pipedrive", "ID,Name,Owner,Address,Website,People,Organization created", "organizations"),
        ("hubspot", "Record ID,Deal Name,Deal Stage,Associated Company IDs (Primary),Associated Contact", "deals"),
        ("hubspot", "Record ID,Company name,Company Domain Name,Associated Contact IDs", "companies"),
    ],
)
def test_kinds_are_told_apart_by_the_fields_only_that_object_has(preset, header, kind):
    from earnest.transfer.crm_presets import detect_kind

    assert detect_kind(preset, header.split(","))[1] == kind


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("bom", [b"", BOM], ids=["plain", "bom"])
@pytest.mark.parametrize(
    ("preset", "path"),
    [("hubspot", HUBSPOT[0]), ("pipedrive", PIPEDRIVE["prefixed"][0]), ("salesforce", SALESFORCE[0])],
)
def test_a_corrupted_byte_is_named_by_its_line_and_exact_offset(workspace, today, counts, bom, preset, path):
    data = bom + path.read_bytes().removeprefix(BOM)
    at = data.index("ü".encode() if preset != "pipedrive" else "ß".encode())
    bad = data[:at] + b"\xe4" + data[at + 2 :]  # a Latin-1 byte where UTF-8 needs two
    before = counts()
    with pytest.raises(DomainError) as failed:
        import_csv(workspace=workspace, data=bad, name="x.csv", today=today, preset=preset)
    line = bad[:at].count(b"\n") + 1
    assert f"x.csv: line {line} is not valid utf-8 at byte offset {at} (0xe4)" in str(failed.value)
    assert "\n" not in str(failed.value) and counts() == before


@pytest.mark.parametrize("bom", [b"", BOM], ids=["plain", "bom"])
def test_a_truncated_or_broken_row_names_its_line_and_the_byte_it_starts_at(workspace, today, counts, bom):
    data = bom + SALESFORCE[0].read_bytes()
    cut = data[: data.index(b'"0015g00000Acc03AAA"') + 40]  # a quoted field left open
    before = counts()
    with pytest.raises(DomainError) as failed:
        import_csv(workspace=workspace, data=cut, name="Account.csv", today=today, preset="salesforce")
    start = data.index(b'"0015g00000Acc03AAA"')
    line = data[:start].count(b"\n") + 1
    assert f"Account.csv: line {line} (byte offset {start}): broken CSV" in str(failed.value)
    assert counts() == before
    extra = data.replace(b'"0015g00000Acc03AAA","false"', b'"0015g00000Acc03AAA","false","x"')
    with pytest.raises(ImportFailed) as failed:
        import_csv(workspace=workspace, data=extra, name="Account.csv", today=today, preset="salesforce")
    assert f"line {line}: starts at byte offset {start} and has 27 columns; the header has 26" in str(failed.value)
    assert counts() == before


def test_a_salesforce_report_links_by_the_15_character_ids_reports_use(workspace, today):
    _all(workspace, today, "salesforce", SALESFORCE[:3])
    report = (
        '"Contact ID","First Name","Last Name","Email","Title","Account Name","Account ID"\n'
        '"0035g00000Con99","Alfred","Pennyworth","alfred@wayneenterprise.example","Butler","","0015g00000Acc01"\n'
    )
    assert _import_bytes(workspace, today, report.encode(), "report.csv").read_as == "Salesforce contacts, 1 row"
    assert m.Contact.objects.get(workspace=workspace, name="Alfred Pennyworth").prospect.name == "Wayne Enterprises"
    note = (
        '"Id","ParentId","Title","Body","CreatedDate"\n'
        '"0025g00000Not99","0065g00000Opp03","Call","Paid.","2026-10-01"\n'
    )
    _import_bytes(workspace, today, note.encode(), "notes.csv")
    assert m.Conversation.objects.get(workspace=workspace, external_id="salesforce:0025g00000Not99").prospect.name == (
        "Société Lumière SAS"
    )


def _import_bytes(workspace, today, data, name):
    return import_csv(workspace=workspace, data=data, name=name, today=today, preset="salesforce")
