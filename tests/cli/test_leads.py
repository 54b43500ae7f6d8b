import json


def test_the_demo_loads_and_leads_carry_reasons(cli):
    assert cli("demo").exit_code == 0
    leads = json.loads(cli("leads", "-f", "json").output)
    assert len(leads) == 12
    assert all(lead["reasons"] for lead in leads)
    zombies = json.loads(cli("leads", "--verdict", "zombie", "-f", "json").output)
    assert {z["prospect"]["name"] for z in zombies} == {"Bluebird Clinics", "Kestrel Energy"}
    assert cli("leads", "--verdict", "warm").exit_code == 2


def test_today_lists_what_needs_attention(cli):
    cli("demo")
    agenda = json.loads(cli("today", "-f", "json").output)
    assert agenda["today"] == "2026-11-23"
    assert [i["prospect"] for i in agenda["to_prepare"]] == ["Lumen Architects"]
    assert "Cobalt Analytics" in [i["prospect"] for i in agenda["stalled"]]
    assert "Kestrel Energy" in [i["prospect"] for i in agenda["broken_commitments"]]
    table = cli("today")
    assert table.exit_code == 0 and "Lumen Architects" in table.output


def test_the_lead_view_explains_strength_and_earlyvangelist(cli):
    cli("demo")
    lead = json.loads(cli("lead", "Northwind Freight", "-f", "json").output)
    assert lead["earlyvangelist"]["flag"] is True
    assert lead["strength"]["score"] > 0 and lead["strength"]["terms"]
    text = cli("lead", "Northwind Freight").output
    assert "Commitment strength" in text and "Earlyvangelist" in text


def test_an_empty_workspace_says_what_to_do(cli):
    assert "earnest prospect add" in cli("leads").output


def test_brief_names_one_ask_and_learning_questions(cli):
    cli("demo")
    brief = json.loads(cli("brief", "Bluebird Clinics", "-f", "json").output)
    assert brief["prospect"] == "Bluebird Clinics" and len(brief["questions"]) >= 4
    assert brief["ask"]["kind"] in {"ask", "salvage"}
    assert "Recent conversations" in cli("brief", "Bluebird Clinics").output


def test_debrief_of_a_hedge_explains_the_failure_and_offers_a_salvage(cli):
    cli("demo")
    convs = json.loads(cli("lead", "Bluebird Clinics", "-f", "json").output)
    assert convs["verdict"] == "zombie"
    from earnest.ledger.models import Conversation

    last = Conversation.objects.filter(prospect__name="Bluebird Clinics").latest("on")
    d = json.loads(cli("debrief", str(last.pk), "-f", "json").output)
    assert d["outcome"] == "hedged" and d["failure"] and d["salvage"]
    assert cli("debrief", "999999").exit_code == 2


def test_refresh_recomputes_only_the_verdicts_that_no_longer_hold(cli, today, monkeypatch):
    from datetime import timedelta

    from earnest.ledger.models import LeadSnapshot, Prospect

    cli("demo")
    leads = Prospect.objects.filter(workspace__slug="cli-test").count()
    LeadSnapshot.objects.all().delete()
    assert f"Recomputed {leads} leads" in cli("refresh").output
    assert "Recomputed 0 leads" in cli("refresh").output  # all of them hold today
    # A week on, every verdict has come to its day again (at the latest its weekly one).
    monkeypatch.setenv("EARNEST_TODAY", (today + timedelta(days=7)).isoformat())
    assert f"Recomputed {leads} leads" in cli("refresh").output
    assert f"Recomputed {leads} leads" in cli("refresh", "--all").output


def test_piped_tables_are_not_cut_at_80_columns(cli, monkeypatch):
    """The trial: `earnest leads | cat` and CI logs wrapped every row at Rich's default of 80 columns."""
    monkeypatch.delenv("COLUMNS", raising=False)
    name = "Northwind Freight and Logistics International Holdings of the Greater Pacific Northwest"
    assert cli("prospect", "add", name).exit_code == 0
    rows = [line for line in cli("leads").output.splitlines() if "Northwind" in line]
    assert len(rows) == 1 and name in rows[0] and len(rows[0]) > 80
    lead = cli("lead", name).output.splitlines()
    assert name in lead[0] and max(len(line) for line in lead) < 300  # the box fits its reasons


def test_columns_still_sets_the_width_of_piped_tables(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    cli("demo")
    assert max(len(line) for line in cli("leads").output.splitlines()) <= 60
