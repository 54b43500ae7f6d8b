"""Imports match existing prospects rather than adding copies, and the duplicate checks are shared."""

from email.utils import getaddresses

from hypothesis import example, given
from hypothesis import strategies as st

from earnest.ledger import models as m
from earnest.ledger.services.prospects import prospect_create
from earnest.transfer.csv_import import import_csv
from earnest.transfer.matching import ProspectIndex, addresses, prospect_matches


def _csv(*rows: str) -> bytes:
    return ("name,domain\n" + "\n".join(rows) + "\n").encode()


def test_a_company_imported_under_a_variant_of_its_name_is_matched_not_duplicated(workspace, today, days):
    orbit = prospect_create(workspace=workspace, name="Orbit Freight", created_on=days(-10))
    report = import_csv(
        workspace=workspace,
        data=_csv('"Orbit Freight, Inc.",orbit.example'),
        name="c.csv",
        today=today,
        preset="generic",
        kind="prospects",
    )
    assert report.counts() == {"prospect": {"updated": 1}}
    assert m.Prospect.objects.filter(workspace=workspace).count() == 1
    orbit.refresh_from_db()
    assert orbit.domain == "orbit.example"


def test_when_duplicates_already_exist_an_import_matches_the_oldest(workspace, today, days):
    first = prospect_create(workspace=workspace, name="Orbit Freight", created_on=days(-10))
    prospect_create(workspace=workspace, name="ORBIT FREIGHT", created_on=days(-5))
    assert ProspectIndex(workspace).find(name="orbit freight ltd") == first
    import_csv(
        workspace=workspace, data=_csv("Orbit Freight,"), name="c.csv", today=today, preset="generic", kind="prospects"
    )
    assert m.Prospect.objects.filter(workspace=workspace).count() == 2


def test_prospect_matches_names_why(workspace, days):
    orbit = prospect_create(workspace=workspace, name="Orbit Freight", created_on=days(-10), domain="orbit.example")
    assert [(x.id, x.why) for x in prospect_matches(workspace, name="Orbit-Freight AG")] == [(orbit.pk, "same name")]
    assert [x.why for x in prospect_matches(workspace, name="Other", domain="https://www.orbit.example/x")] == [
        "same domain orbit.example"
    ]
    assert prospect_matches(workspace, name="Orbit Freight", exclude=orbit.pk) == []


@given(st.text(alphabet="abcXYZ019._%+-@'\" <>,;()", max_size=30) | st.emails())
@example("Pat.Lee+invoices@Import0.Example")
@example("a_b%c-d@mail.e-f.example")
@example("a..b@x.example")
def test_a_plain_address_is_read_as_the_header_parser_reads_it(cell):
    """`addresses` skips the parser for a cell that is one plain address (most CSV cells); it must agree."""
    parsed = list(dict.fromkeys(a.lower() for _, a in getaddresses([cell]) if "@" in a))
    assert addresses(cell) == parsed
