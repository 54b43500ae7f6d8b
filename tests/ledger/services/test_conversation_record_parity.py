"""The same notes make the same ledger through the web debrief, the CLI, the API and an import."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NOTES = (
    "Dana introduced me by email to Raj, their CFO, and booked a 45-min call with him for next Tuesday "
    "10am. She also agreed to share last quarter's shipment data so we can run a pilot on it. "
    "Today they re-key every order by hand into a spreadsheet."
)


def _ledger(prospect) -> dict:
    """Everything the conversation left in the ledger, without ids or the prospect's name."""
    from earnest.ledger import models as m

    conversation = m.Conversation.objects.get(prospect=prospect)
    return {
        "conversation": (
            conversation.on,
            conversation.outcome,
            conversation.complimented,
            conversation.hedged,
            conversation.rejected,
        ),
        "commitments": sorted(
            (c.description, c.rung, c.status, tuple(c.currencies), c.due, c.amount)
            for c in m.Commitment.objects.filter(prospect=prospect)
        ),
        "steps": sorted((s.description, s.owner, s.due) for s in m.NextStep.objects.filter(prospect=prospect)),
        "evidence": sorted((e.criterion, e.note) for e in m.Evidence.objects.filter(prospect=prospect)),
        "contacts": sorted((c.name, c.title, c.role) for c in m.Contact.objects.filter(prospect=prospect)),
    }


@pytest.fixture
def prospects(workspace, today):
    from earnest.ledger.services.prospects import prospect_create

    return {
        way: prospect_create(
            workspace=workspace, name=f"Orbit {way}", ladder="b2b", created_on=today - timedelta(days=30)
        )
        for way in ("web", "cli", "api", "import")
    }


def _through_the_web(workspace, prospect, today):
    from django.contrib.auth import get_user_model

    from earnest.ledger.models import Membership

    user = get_user_model().objects.create_user(username="web-user", password="a-long-test-password")
    Membership.objects.create(user=user, workspace=workspace, role="owner")
    client = Client()
    client.force_login(user)
    url = f"/w/{workspace.slug}/prospects/{prospect.pk}/debrief/"
    form = {"on": today.isoformat(), "channel": "meeting", "notes": NOTES, "answer": "", "step_owner": "both"}
    # What the page ticks after "Analyze notes" is what the user saves when they change nothing.
    html = client.post(url + "analyze/", form, HTTP_HX_REQUEST="true").content.decode()
    form["accepted"] = re.findall(r'name="accepted" value="([^"]+)" checked', html)
    for flag in ("complimented", "hedged", "rejected"):
        if re.search(rf'name="{flag}"[^>]*checked', html):
            form[flag] = "on"
    response = client.post(url, {**form, "action": "save"})
    assert response.status_code == 302, response.content.decode()[:2000]


def _through_the_cli(workspace, prospect, today, monkeypatch):
    from typer.testing import CliRunner

    from earnest.cli import app

    monkeypatch.setenv("EARNEST_WORKSPACE", workspace.slug)
    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())
    result = CliRunner().invoke(
        app,
        ["log", prospect.name, "--date", today.isoformat(), "--notes", NOTES, "--accept-suggestions", "-f", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _through_the_api(workspace, prospect, today):
    from django.contrib.auth import get_user_model

    from earnest.accounts.tokens import token_create
    from earnest.ledger.models import Membership

    user = get_user_model().objects.create_user(username="api-user", password="a-long-test-password")
    Membership.objects.create(user=user, workspace=workspace, role="member")
    _, secret = token_create(user=user, workspace=workspace, name="parity")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        "/api/v1/conversations",
        {"prospect_id": prospect.pk, "on": today.isoformat(), "notes": NOTES, "apply_findings": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json(), client


def _through_an_import(prospect, today):
    from earnest.transfer.conversation_import import imported_conversation_log
    from earnest.transfer.report import ImportReport

    imported_conversation_log(
        prospect=prospect,
        on=today,
        channel="meeting",
        notes=NOTES,
        external_id="crm:note:1",
        report=ImportReport("notes.csv"),
        accept_suggestions=True,
    )


def test_the_same_notes_make_the_same_ledger_through_every_adapter(workspace, prospects, today, monkeypatch):
    _through_the_web(workspace, prospects["web"], today)
    cli_out = _through_the_cli(workspace, prospects["cli"], today, monkeypatch)
    api_out, api = _through_the_api(workspace, prospects["api"], today)
    _through_an_import(prospects["import"], today)

    ledgers = {way: _ledger(p) for way, p in prospects.items()}
    assert ledgers["cli"] == ledgers["web"]
    assert ledgers["api"] == ledgers["web"]
    assert ledgers["import"] == ledgers["web"]

    # and that ledger is the truth about the meeting
    ledger = ledgers["web"]
    assert ledger["conversation"][1] == "advanced"
    by_rung = {rung: (status, due) for _, rung, status, _, due, _ in ledger["commitments"]}
    assert by_rung["shares_project_data"][0] == "agreed"
    assert by_rung["attention"] == ("agreed", today + timedelta(days=(1 - today.weekday()) % 7 or 7))
    # b2b has no introduction rung: the introduction is offered for the user to judge, not recorded
    assert all(rung for _, rung, *_ in ledger["commitments"])
    assert ("Raj", "CFO", "budget_owner") in ledger["contacts"]
    assert any(criterion == "makeshift_solution" for criterion, _ in ledger["evidence"])
    assert sorted(cli_out["created"]["commitments"]) and api_out["created"]["contacts"]


def test_the_lead_reads_real_everywhere_and_the_coach_climbs(workspace, prospects, today, monkeypatch):
    from earnest.ledger.reads.selectors import lead_assessment

    cli_out = _through_the_cli(workspace, prospects["cli"], today, monkeypatch)
    assert cli_out["outcome"] == "advanced"
    _, assessment = lead_assessment(workspace, prospects["cli"], today)
    assert assessment.verdict.value == "real"
    assert assessment.stage.current == "shares_project_data"
    # the coach holds them to the call they booked, or climbs; it never asks for less than was given
    from earnest.domain.ladder_files import builtin_ladders

    b2b = builtin_ladders()["b2b"]
    advice = assessment.advice
    assert advice.kind.value == "follow_through" or b2b.position(advice.rung) > b2b.position("shares_project_data")


def test_findings_can_be_read_back_through_the_api(workspace, prospects, today):
    api_out, api = _through_the_api(workspace, prospects["api"], today)
    conversation_id = api_out["conversation"]["id"]
    found = api.get(f"/api/v1/conversations/{conversation_id}/findings").json()
    kinds = {f["kind"] for f in found["findings"]}
    # Raj became a contact when the findings were applied, so he is not offered again
    assert "commitment" in kinds and "person" not in kinds
    data = next(f for f in found["findings"] if f["rung"] == "shares_project_data")
    assert data["status"] == "agreed" and data["ticked"]


def test_an_introduction_that_happened_is_fulfilled_on_a_ladder_with_that_rung(workspace, today, monkeypatch):
    from earnest.ledger.models import Commitment
    from earnest.ledger.services.prospects import prospect_create

    p = prospect_create(
        workspace=workspace, name="Orbit discovery", ladder="discovery", created_on=today - timedelta(days=30)
    )
    _through_the_cli(workspace, p, today, monkeypatch)
    intro = Commitment.objects.get(prospect=p, rung="intro_decision_maker")
    assert intro.status == "fulfilled" and intro.closed_on == today
