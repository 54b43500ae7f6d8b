import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
from earnest.ledger.services.prospects import contact_add, evidence_add, workspace_ensure
from earnest.transfer.backup import workspace_export, workspace_export_json, workspace_import
from earnest.transfer.calendar_feed import feed_calendar
from earnest.transfer.csv_import import import_csv
from earnest.transfer.lead_export import leads_csv
from earnest.transfer.services import feed_create, feed_revoke, mapping_save


@pytest.fixture
def full_workspace(workspace, prospect, days, today, fixture_bytes):
    priya = contact_add(prospect=prospect, name="Priya", role="champion", email="priya@northwind.example")
    conversation_log(
        prospect=prospect,
        on=days(-10),
        contacts=[priya],
        notes="Good call.",
        ask=AskInput(answer="agreed", text="Share a real project", rung="trial_real_data", due=days(5)),
        next_step=StepInput("Demo on their data", "both", days(7)),
    )
    evidence_add(prospect=prospect, criterion="has_budget", on=days(-9), note="Budget line for Q1")
    for name in ("hubspot-companies.csv", "hubspot-deals.csv"):
        import_csv(workspace=workspace, data=fixture_bytes(name), name=name, today=today, preset="hubspot")
    mapping_save(workspace=workspace, name="mine", data={"kind": "contacts", "columns": {"email": "Mail"}})
    return workspace


def _normal(document):
    return {k: v for k, v in document.items() if k != "workspace"}


def test_a_backup_restores_into_an_empty_workspace_with_every_field(full_workspace):
    document = workspace_export(full_workspace)
    assert {t: len(rows) for t, rows in document["tables"].items() if rows}.keys() >= {
        "prospects",
        "contacts",
        "conversations",
        "commitments",
        "commitment_changes",
        "next_steps",
        "evidence",
        "csv_mappings",
        "external_records",
    }
    target = workspace_ensure(slug="restored")
    workspace_import(workspace=target, data=workspace_export_json(full_workspace).encode(), name="b.json")
    assert _normal(workspace_export(target)) == _normal(document)
    assert m.Workspace.objects.get(slug="restored").name == full_workspace.name


def test_a_backup_is_refused_by_a_workspace_that_is_not_empty(full_workspace):
    with pytest.raises(DomainError, match="is not empty"):
        workspace_import(workspace=full_workspace, data=workspace_export_json(full_workspace).encode(), name="b.json")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="other"), "not an earnest backup"),
        (lambda d: d["tables"]["contacts"][0].update(prospect=999), "not in the backup"),
        (lambda d: d["tables"]["prospects"][0].update(created_on="yesterday-ish"), "created_on"),
        (lambda d: d["tables"]["prospects"][0].update(surprise=1), "unknown fields"),
        (lambda d: d["tables"]["commitments"][0].update(status="maybe"), "allowed values"),
    ],
)
def test_a_damaged_backup_restores_nothing(full_workspace, counts, mutate, expected):
    document = workspace_export(full_workspace)
    mutate(document)
    target = workspace_ensure(slug="restored")
    before = counts()
    with pytest.raises(DomainError, match=expected):
        workspace_import(workspace=target, data=json.dumps(document).encode(), name="b.json")
    assert counts() == before


def test_the_feed_lists_open_steps_and_agreed_due_dates(full_workspace):
    import icalendar

    body = feed_calendar(full_workspace, stamp=datetime(2026, 11, 23, tzinfo=UTC))
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == ["Due from Northwind: Share a real project", "Northwind: Demo on their data"]


def test_the_feed_url_needs_a_live_token(full_workspace, client):
    token, secret = feed_create(workspace=full_workspace, name="phone")
    assert m.Workspace.objects.count() >= 1 and len(token.digest) == 64 and secret not in token.digest
    response = client.get(f"/feeds/{secret}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"Demo on their data" in response.content
    assert client.get("/feeds/fd_wrong.ics").status_code == 404
    feed_revoke(workspace=full_workspace, feed_id=token.pk)
    assert client.get(f"/feeds/{secret}.ics").status_code == 404


def test_leads_export_as_csv_with_verdicts_and_reasons(full_workspace, today):
    rows = list(csv.DictReader(io.StringIO(leads_csv(full_workspace, today))))
    northwind = next(r for r in rows if r["prospect"] == "Northwind")
    assert northwind["verdict"] and northwind["reasons"] and northwind["domain"] == "northwind.example"
    assert {r["prospect"] for r in rows} >= {"Acme Logistics", "Globex", "Initech, Inc."}


def test_a_backup_with_a_prospect_on_an_unknown_ladder_restores_nothing(full_workspace, counts):
    document = workspace_export(full_workspace)
    document["tables"]["prospects"][0]["ladder"] = "sales"
    target = workspace_ensure(slug="restored")
    before = counts()
    with pytest.raises(DomainError, match=r"prospects #1 \(Northwind\) is on ladder 'sales'"):
        workspace_import(workspace=target, data=json.dumps(document).encode(), name="b.json")
    assert counts() == before


CUSTOM_LADDER = """
key = "bespoke"
name = "Bespoke sales"

[[rungs]]
key = "call"
label = "Took a call"
currencies = ["time"]
weight = 1
"""


def test_a_prospect_on_a_custom_ladder_from_the_same_backup_is_restored(full_workspace):
    from earnest.ledger.services.ladders import ladder_save
    from earnest.ledger.services.prospects import prospect_create

    ladder_save(workspace=full_workspace, source=CUSTOM_LADDER)
    prospect_create(workspace=full_workspace, name="Bespoke", ladder="bespoke", created_on=date(2026, 11, 1))
    target = workspace_ensure(slug="restored")
    workspace_import(workspace=target, data=workspace_export_json(full_workspace).encode(), name="b.json")
    assert m.Prospect.objects.get(workspace=target, name="Bespoke").ladder == "bespoke"
