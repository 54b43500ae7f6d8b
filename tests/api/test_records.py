"""One record per entity: the CLI's `--format json` and the API show the same fields with the same values."""

import json

import pytest


@pytest.fixture
def cli(db, today, monkeypatch, workspace):
    """`earnest ARGS...` in-process, in the API clients' workspace, judged as of `today`."""
    from typer.testing import CliRunner

    from earnest.cli import app

    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())
    monkeypatch.setenv("EARNEST_WORKSPACE", workspace.slug)
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, [*args, "--format", "json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return run


def _api(client, path: str):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 200, response.content
    return response.json()


def _same_record(shown_by_cli: dict, shown_by_api: dict) -> None:
    # The CLI may show more (nothing today); every field of the API's is in the CLI's, equal.
    assert shown_by_api.keys() <= shown_by_cli.keys()
    assert {k: shown_by_cli[k] for k in shown_by_api} == shown_by_api


def test_the_cli_and_the_api_show_the_same_prospect_contact_commitment_and_step(cli, client_for):
    api = client_for("owner")
    cli("prospect", "add", "Acme", "--date", "2026-10-01", "--domain", "acme.com", "--tag", "logistics")
    cli("prospect", "park", "Acme", "--until", "2026-12-20", "--reason", "Budget in January")
    contact = cli("contact", "add", "Acme", "Priya Raman", "--role", "decision_maker", "--title", "COO")
    asked = cli("commitment", "ask", "Acme", "--rung", "trial_real_data", "--amount", "12k", "--date", "2026-11-01")
    cli("commitment", "agree", str(asked["id"]), "--date", "2026-11-02", "--due", "2026-11-10")
    step = cli("step", "add", "Acme", "Pilot kickoff", "--due", "2026-11-30")

    (prospect,) = cli("prospect", "list")
    assert prospect["parked"] == {"reason": "Budget in January", "until": "2026-12-20"}
    _same_record(prospect, _api(api, f"prospects/{prospect['id']}"))
    (listed_contact,) = cli("contact", "list", "Acme")
    _same_record(listed_contact, _api(api, f"contacts/{contact['id']}"))
    (commitment,) = cli("commitment", "list")
    # stored as agreed; due 2026-11-10 and today is 2026-11-23, so the rules read it as broken
    assert (commitment["status"], commitment["effective_status"], commitment["amount"]) == (
        "agreed",
        "broken",
        "12000.00",
    )
    _same_record(commitment, _api(api, f"commitments/{commitment['id']}"))
    (listed_step,) = cli("step", "list")
    assert listed_step["id"] == step["id"]
    _same_record(listed_step, _api(api, f"next-steps/{step['id']}"))


def test_a_correction_answers_the_same_record_in_the_cli_and_the_api(cli, client_for):
    api = client_for("owner")
    cli("prospect", "add", "Acme", "--date", "2026-10-01")
    logged = cli("log", "Acme", "--date", "2026-11-20", "--notes", "Went through the pilot plan.", "--no-suggest")
    edited = cli("conversation", "edit", str(logged["conversation_id"]), "--complimented")
    assert edited["complimented"] is True and edited["version"] == 2
    _same_record(edited, _api(api, f"conversations/{edited['id']}"))


def test_every_out_schema_declares_exactly_the_record_keys(workspace, days, today):
    """The API shows a record through its Out schema; a key missing there would vanish from the API."""
    from earnest.api import schemas
    from earnest.ledger.reads import records
    from earnest.ledger.services.commitments import commitment_ask
    from earnest.ledger.services.conversations import conversation_log
    from earnest.ledger.services.prospects import contact_add, prospect_create
    from earnest.ledger.services.steps import next_step_add

    prospect = prospect_create(workspace=workspace, name="Acme", ladder="discovery", created_on=days(-30))
    pairs = [
        (schemas.ProspectOut, records.prospect_data(prospect)),
        (schemas.ContactOut, records.contact_data(contact_add(prospect=prospect, name="Priya"))),
        (schemas.ConversationOut, records.conversation_data(conversation_log(prospect=prospect, on=days(-2))[0])),
        (
            schemas.CommitmentOut,
            records.commitment_data(commitment_ask(prospect=prospect, on=days(-2), rung="trial_real_data"), today),
        ),
        (schemas.StepOut, records.step_data(next_step_add(prospect=prospect, description="Kickoff", on=days(-1)))),
    ]
    for schema, record in pairs:
        assert set(schema.model_fields) == set(record), schema.__name__
