import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "transfer" / "fixtures"


def _f(name):
    return str(FIXTURES / name)


def test_a_crm_export_imports_from_the_command_line_and_again_changes_nothing(cli):
    dry = cli("import", "csv", _f("hubspot-companies.csv"), "--preset", "hubspot", "--dry-run", "-f", "json")
    assert dry.exit_code == 0 and json.loads(dry.output)["counts"] == {"prospect": {"created": 3}}
    assert json.loads(cli("prospect", "list", "-f", "json").output) == []
    for name in ("hubspot-companies.csv", "hubspot-contacts.csv", "hubspot-deals.csv", "hubspot-notes.csv"):
        assert cli("import", "csv", _f(name), "--preset", "hubspot").exit_code == 0
    again = json.loads(cli("import", "csv", _f("hubspot-contacts.csv"), "--preset", "hubspot", "-f", "json").output)
    assert again["counts"] == {"contact": {"unchanged": 3}}


def test_a_bad_csv_exits_2_and_names_its_lines(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,created\n,2026-01-01\nOk,not a date\n")
    result = cli("import", "csv", str(bad))
    assert result.exit_code == 2
    assert "line 2: name is required" in result.output and "line 3: created" in result.output


def test_calendar_email_and_pending_assignment_from_the_command_line(cli):
    cli("prospect", "add", "Acme", "--domain", "acme.example", "--date", "2026-10-01")
    ics = json.loads(cli("import", "ics", _f("calendar.ics"), "-f", "json").output)
    assert ics["counts"]["meeting"]["created"] == 3
    pending = json.loads(cli("import", "pending", "-f", "json").output)
    assert {p["title"] for p in pending} >= {"Coffee with a stranger", "Globex demo"}
    coffee = next(p for p in pending if p["title"] == "Coffee with a stranger")
    assert cli("import", "assign", str(coffee["id"]), "Acme").exit_code == 0
    mail = json.loads(cli("import", "email", _f("mailbox.mbox"), "-f", "json").output)
    assert mail["counts"]["thread"]["created"] == 1


def test_export_json_restores_into_another_workspace(cli, tmp_path):
    cli("import", "csv", _f("pipedrive-organizations.csv"), "--preset", "pipedrive")
    backup = tmp_path / "backup.json"
    assert cli("export", "json", "-o", str(backup)).exit_code == 0
    assert cli("--workspace", "restored", "import", "json", str(backup)).exit_code == 0
    names = [p["name"] for p in json.loads(cli("--workspace", "restored", "prospect", "list", "-f", "json").output)]
    assert sorted(names) == ["Stark Shipping", "Umbrella Freight"]
    again = cli("--workspace", "restored", "import", "json", str(backup))
    assert again.exit_code == 2 and "not empty" in again.output


def test_leads_csv_mappings_and_feeds(cli, tmp_path):
    cli("prospect", "add", "Acme", "--domain", "acme.example")
    assert cli("export", "leads-csv").output.startswith("id,prospect,domain,ladder,verdict")
    mine = tmp_path / "mine.json"
    mine.write_text(cli("mapping", "show", "generic", "--kind", "prospects").output.replace('"name"\n', '"Firma"\n'))
    assert cli("mapping", "save", "mycrm", str(mine)).exit_code == 0
    data = tmp_path / "firms.csv"
    data.write_text("Firma\nInitech\n")
    assert cli("import", "csv", str(data), "--mapping", "mycrm").exit_code == 0
    created = cli("feed", "create", "phone", "--base-url", "https://e.example")
    assert "https://e.example/feeds/fd_" in created.output
    (feed,) = json.loads(cli("feed", "list", "-f", "json").output)
    assert cli("feed", "revoke", str(feed["id"])).exit_code == 0
    assert cli("mapping", "delete", "nope").exit_code == 2
