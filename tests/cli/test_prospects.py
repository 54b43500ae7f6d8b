import json


def test_adding_and_listing_prospects_as_json(cli):
    result = cli(
        "prospect", "add", "Acme Logistics", "--ladder", "b2b", "--domain", "acme.example", "--date", "2026-11-01"
    )
    assert result.exit_code == 0, result.output
    assert "Acme Logistics" in result.output
    listed = json.loads(cli("prospect", "list", "--format", "json").output)
    assert [(p["name"], p["ladder"], p["created_on"]) for p in listed] == [("Acme Logistics", "b2b", "2026-11-01")]


def test_a_user_error_is_one_line_and_exit_status_2(cli):
    result = cli("prospect", "add", "Acme", "--ladder", "nope")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert "no ladder 'nope'" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_prospect_is_a_user_error(cli):
    result = cli("coach", "Nobody")
    assert result.exit_code == 2 and "no prospect 'Nobody'" in result.output


def test_an_unreadable_date_is_a_user_error(cli):
    result = cli("prospect", "add", "Acme", "--date", "the day after never")
    assert result.exit_code == 2 and "cannot read" in result.output


def test_relative_dates_are_read_against_today(cli):
    cli("prospect", "add", "Acme", "--date", "-3d")
    (p,) = json.loads(cli("prospect", "list", "-f", "json").output)
    assert p["created_on"] == "2026-11-20"


def test_contacts_roles_classification_close_and_park(cli):
    cli("prospect", "add", "Acme", "--date", "2026-10-01")
    out = cli(
        "contact",
        "add",
        "Acme",
        "Priya Raman",
        "--role",
        "decision_maker",
        "--email",
        "priya@acme.example",
        "-f",
        "json",
    )
    assert json.loads(out.output)["role"] == "decision_maker"
    contacts = json.loads(cli("contact", "list", "Acme", "-f", "json").output)
    assert [c["name"] for c in contacts] == ["Priya Raman"]
    assert cli("prospect", "classify", "Acme", "current_opportunity").exit_code == 0
    assert cli("prospect", "park", "Acme", "--until", "+30d", "--reason", "Budget in January").exit_code == 0
    lead = json.loads(cli("lead", "Acme", "-f", "json").output)
    assert lead["verdict"] == "parked"
    assert cli("prospect", "close", "Acme", "--reason", "competitor", "--note", "Bought X").exit_code == 0
    assert json.loads(cli("lead", "Acme", "-f", "json").output)["verdict"] == "lost"
    bad = cli("prospect", "close", "Acme", "--reason", "meh", "--note", "x")
    assert bad.exit_code == 2 and "close reason" in bad.output


def test_the_lead_lifecycle_refusals_are_one_error_line(cli):
    cli("prospect", "add", "Acme", "--date", "2026-10-01")
    assert cli("prospect", "reopen", "Acme").exit_code == 2
    assert cli("prospect", "close", "Acme", "--reason", "other", "--note", "n", "--date", "tomorrow").exit_code == 2
    assert cli("prospect", "close", "Acme", "--reason", "other", "--note", "n").exit_code == 0
    result = cli("prospect", "close", "Acme", "--reason", "competitor", "--note", "again")
    assert result.exit_code == 2 and result.output == "error: Acme is already closed on 2026-11-23; reopen it first\n"
    result = cli("prospect", "park", "Acme", "--until", "+30d", "--reason", "Budget")
    assert result.exit_code == 2 and "reopen it before parking" in result.output


def test_a_domain_is_checked_and_shortened_to_its_name(cli):
    refused = cli("prospect", "add", "Acme", "--domain", "not a domain")
    assert refused.exit_code == 2 and "domain 'not a domain' is not a domain name" in refused.output
    assert cli("prospect", "add", "Acme", "--domain", "https://www.acme.com/").exit_code == 0
    assert [p["domain"] for p in json.loads(cli("prospect", "list", "--format", "json").output)] == ["acme.com"]
