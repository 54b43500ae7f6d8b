"""Every write command can answer a script with the record it created or changed."""

import json


def _json(cli, *args):
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_write_commands_print_the_record_as_json(cli):
    prospect_id = _json(cli, "prospect", "add", "Acme", "--date", "2026-10-01")["id"]
    step = _json(cli, "step", "add", "Acme", "Pilot kickoff", "--due", "2026-11-30")
    assert (step["description"], step["due"], step["result"]) == ("Pilot kickoff", "2026-11-30", "")
    assert _json(cli, "step", "done", str(step["id"]))["result"] == "yes"
    asked = _json(cli, "commitment", "ask", "Acme", "--rung", "trial_real_data", "--amount", "$12,000")
    assert (asked["status"], asked["amount"]) == ("asked", "12000")
    for command, status in (("agree", "agreed"), ("fulfil", "fulfilled")):
        changed = _json(cli, "commitment", command, str(asked["id"]))
        assert (changed["id"], changed["status"]) == (asked["id"], status)
    other = _json(cli, "commitment", "ask", "Acme", "--rung", "deposit")
    assert _json(cli, "commitment", "decline", str(other["id"]))["status"] == "declined"
    evidence = _json(cli, "evidence", "add", "Acme", "urgency", "--note", "Audit in March")
    assert (evidence["criterion"], evidence["note"]) == ("urgency", "Audit in March") and evidence["id"]
    classified = _json(cli, "prospect", "classify", "Acme", "current_opportunity")
    assert (classified["id"], classified["classification"]) == (prospect_id, "current_opportunity")
    assert _json(cli, "prospect", "park", "Acme", "--until", "+30d", "--reason", "Budget")["parked"]["until"]
    assert _json(cli, "prospect", "reopen", "Acme")["parked"] is None
    closed = _json(cli, "prospect", "close", "Acme", "--reason", "competitor", "--note", "Bought X")
    assert closed["closed"]["reason"] == "competitor"


def test_breaking_a_commitment_prints_it_as_json(cli):
    cli("prospect", "add", "Acme", "--date", "2026-10-01")
    asked = _json(cli, "commitment", "ask", "Acme", "--rung", "deposit", "--date", "2026-11-01")
    cli("commitment", "agree", str(asked["id"]), "--date", "2026-11-02")
    assert _json(cli, "commitment", "break", str(asked["id"]))["status"] == "broken"
