import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.transfer.csv_import import import_csv
from earnest.transfer.report import ImportFailed

HUBSPOT = ["hubspot-companies.csv", "hubspot-contacts.csv", "hubspot-deals.csv", "hubspot-notes.csv"]
PIPEDRIVE = ["pipedrive-organizations.csv", "pipedrive-persons.csv", "pipedrive-deals.csv"]
SALESFORCE = ["salesforce-Account.csv", "salesforce-Contact.csv", "salesforce-Opportunity.csv", "salesforce-Note.csv"]


def _import(workspace, today, data, name, **kw):
    return import_csv(workspace=workspace, data=data, name=name, today=today, **kw)


def _all(workspace, today, fixture_bytes, files, preset):
    return [_import(workspace, today, fixture_bytes(f), f, preset=preset) for f in files]


def test_a_hubspot_export_imports_companies_contacts_deals_and_notes(workspace, today, fixture_bytes):
    reports = _all(workspace, today, fixture_bytes, HUBSPOT, "hubspot")
    assert [r.counts() for r in reports[:2]] == [{"prospect": {"created": 3}}, {"contact": {"created": 3}}]
    acme = m.Prospect.objects.get(workspace=workspace, name="Acme Logistics")
    assert (acme.domain, acme.external_id, str(acme.created_on)) == ("acme.example", "hubspot:5130011201", "2026-03-14")
    assert acme.contacts.get().email == "priya@acme.example"
    won = m.Commitment.objects.get(prospect=acme)
    assert (won.status, won.amount, won.currencies) == ("fulfilled", 4800, ["money"])
    initech = m.Prospect.objects.get(workspace=workspace, name="Initech, Inc.")
    assert initech.close_reason == "other" and "Initech trial" in initech.close_note
    assert reports[2].counts()["deal"] == {"created": 2, "skipped": 1}
    note = m.Conversation.objects.get(prospect=acme)
    assert "Dispatchers rekey every load by hand." in note.notes and "<p>" not in note.notes
    assert note.external_id == "hubspot:77001" and list(note.contacts.all()) == [acme.contacts.get()]


@pytest.mark.parametrize(
    ("files", "preset"), [(HUBSPOT, "hubspot"), (PIPEDRIVE, "pipedrive"), (SALESFORCE, "salesforce")]
)
def test_reimporting_the_same_export_changes_nothing(workspace, today, fixture_bytes, counts, files, preset):
    _all(workspace, today, fixture_bytes, files, preset)
    before = counts()
    again = _all(workspace, today, fixture_bytes, files, preset)
    assert counts() == before
    assert all(a.action in ("unchanged", "skipped") for r in again for a in r.actions)


def test_pipedrive_organizations_take_their_domain_from_the_website(workspace, today, fixture_bytes):
    _all(workspace, today, fixture_bytes, PIPEDRIVE, "pipedrive")
    umbrella = m.Prospect.objects.get(workspace=workspace, name="Umbrella Freight")
    assert umbrella.domain == "umbrella.example"
    assert umbrella.contacts.get().name == "Ada Kruger"
    assert m.Commitment.objects.get(prospect=umbrella).amount == 12000


def test_salesforce_notes_keep_their_lines_and_find_the_account_by_id(workspace, today, fixture_bytes):
    _all(workspace, today, fixture_bytes, SALESFORCE, "salesforce")
    wayne = m.Prospect.objects.get(workspace=workspace, external_id="salesforce:0015g00000Xyz01AAA")
    note = wayne.conversations.get()
    assert note.notes.startswith("Site visit\n\nWalked the plant") and "two engineers" in note.notes
    assert wayne.contacts.get().title == "CTO"


def test_a_changed_row_updates_the_prospect_it_matches(workspace, today, fixture_bytes):
    _import(workspace, today, fixture_bytes("hubspot-companies.csv"), "c.csv", preset="hubspot")
    edited = fixture_bytes("hubspot-companies.csv").replace(b"Dana Seller,2026-04-02", b"Lee Ops,2026-04-02")
    report = _import(workspace, today, edited, "c.csv", preset="hubspot")
    assert report.counts() == {"prospect": {"unchanged": 2, "updated": 1}}
    assert m.Prospect.objects.get(workspace=workspace, name="Globex").owner == "Lee Ops"


def test_a_dry_run_reports_and_saves_nothing(workspace, today, fixture_bytes, counts):
    _import(workspace, today, fixture_bytes("hubspot-companies.csv"), "c.csv", preset="hubspot")
    before = counts()
    report = _import(workspace, today, fixture_bytes("hubspot-contacts.csv"), "x.csv", preset="hubspot", dry_run=True)
    assert report.counts() == {"contact": {"created": 3}}
    assert "dry run" in report.summary() and counts() == before


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(workspace, today, counts):
    data = (
        b"name,domain,created\nGood Co,good.example,2026-01-01\n,nameless.example,\n"
        b"Bad Date,bad.example,31st of never\nShort row\n"
    )
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        _import(workspace, today, data, "leads.csv")
    message = str(failed.value)
    assert "3 problems; nothing was imported" in message
    assert "line 3: name is required" in message and "line 4: created '31st of never'" in message
    assert "line 5: starts at byte offset 106 and has 1 columns" in message
    assert counts() == before


def test_a_file_with_bad_domains_names_each_line_and_imports_nothing(workspace, today, counts):
    data = b"name,domain\nGood Co,https://www.good.example/\nSpaced,not a domain\nBare,http://x\nFine,fine.example\n"
    before = counts()
    with pytest.raises(ImportFailed) as failed:
        _import(workspace, today, data, "leads.csv")
    message = str(failed.value)
    assert "2 problems; nothing was imported" in message
    assert "line 3: domain 'not a domain' is not a domain name" in message
    assert "line 4: domain 'http://x' is not a domain name" in message
    assert counts() == before
    report = _import(
        workspace, today, data.replace(b"not a domain", b"spaced.example").replace(b"http://x", b""), "l.csv"
    )
    assert report.counts() == {"prospect": {"created": 4}}
    assert m.Prospect.objects.get(workspace=workspace, name="Good Co").domain == "good.example"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'name,notes\nAcme,"never closed\n', r"line 2 \(byte offset 11\): broken CSV"),
        ("name\nCaf\u00e9 M\u00fcller\n".encode("cp1252"), r"line 2 is not valid utf-8 at byte offset 8 \(0xe9\)"),
        (b"name\nAcme\x00\n", r"binary file, not a CSV file \(a NUL byte on line 2, at byte offset 9\)"),
        (b"\x00\x01\x02PK\x03\x04", "binary file"),
        (b"", "the file is empty"),
        (b"colour,size\nred,4\n", "cannot tell what this generic file holds"),
        (b"body\nhello\n", "no column for date"),
        (b"name,name\nA,B\n", "repeats the column"),
    ],
)
def test_malformed_files_get_a_clear_message(workspace, today, data, expected, counts):
    before = counts()
    with pytest.raises(DomainError, match=expected):
        _import(workspace, today, data, "bad.csv")
    assert counts() == before


def test_another_encoding_can_be_named(workspace, today):
    _import(workspace, today, "name\nCaf\u00e9 M\u00fcller\n".encode("cp1252"), "x.csv", encoding="cp1252")
    assert m.Prospect.objects.get(workspace=workspace).name == "Caf\u00e9 M\u00fcller"


def test_files_over_the_size_limit_are_refused(workspace, today):
    with pytest.raises(DomainError, match="limited to 20 MB"):
        _import(workspace, today, b"name\n" + b"x" * (21 * 1024 * 1024), "big.csv")


def test_semicolon_separated_files_from_european_excel_import(workspace, today):
    _import(workspace, today, b"name;domain\nAcme;acme.example\n", "x.csv")
    assert m.Prospect.objects.get(workspace=workspace).domain == "acme.example"


def test_a_contact_of_several_companies_goes_to_the_primary_one_named_in_the_file(workspace, today, fixture_bytes):
    _import(workspace, today, fixture_bytes("hubspot-companies.csv"), "c.csv", preset="hubspot")
    data = (
        b"Record ID,First Name,Email,Associated Company IDs,Associated Company (Primary)\n"
        b"301,Mia,mia@example.org,5130011201;5130011202,Globex\n"
    )
    _import(workspace, today, data, "contacts.csv", preset="hubspot")
    assert m.Contact.objects.get(workspace=workspace, name="Mia").prospect.name == "Globex"


def test_generic_files_create_the_company_a_row_names_but_never_one_from_a_deal_or_a_domain(workspace, today):
    _import(workspace, today, b"name,email,company\nMia,mia@new.example,New Co\nLeo,leo@other.example,\n", "people.csv")
    assert [p.name for p in m.Prospect.objects.filter(workspace=workspace)] == ["New Co"]
    deals = _import(workspace, today, b"name,won,amount\nBig one,true,100\n", "deals.csv")
    assert deals.counts() == {"deal": {"skipped": 1}} and m.Prospect.objects.filter(workspace=workspace).count() == 1


def test_a_stage_counts_as_won_or_lost_by_its_words_not_by_a_substring(workspace, today):
    data = b"name,stage,company,amount\nA,closedwon,Acme,10\nB,Won't proceed,Acme,5\nC,Closed lost,Acme,1\n"
    report = _import(workspace, today, data, "deals.csv")
    assert [(a.label, a.action) for a in report.actions if a.kind == "deal"] == [
        ("A (won)", "created"),
        ("B", "skipped"),
        ("C (lost)", "created"),
    ]
