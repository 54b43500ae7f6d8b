import json

import pytest


def _setup(cli):
    cli("prospect", "add", "Acme", "--date", "2026-10-01")
    cli("contact", "add", "Acme", "Priya", "--role", "champion")


def test_logging_an_agreed_ask_with_a_dated_step_advances_the_lead(cli):
    _setup(cli)
    result = cli(
        "log",
        "Acme",
        "--date",
        "2026-11-20",
        "--with",
        "Priya",
        "--ask",
        "Intro to the CFO",
        "--ask-rung",
        "intro_decision_maker",
        "--answer",
        "agreed",
        "--next-step",
        "Call with CFO",
        "--next-step-due",
        "2026-11-27",
        "--no-suggest",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["outcome"] == "advanced"
    lead = json.loads(cli("lead", "Acme", "-f", "json").output)
    assert lead["verdict"] == "real"
    assert lead["stage"]["current"] == "intro_decision_maker"


def test_a_hedge_is_logged_as_hedged_and_the_coach_offers_a_salvage(cli):
    _setup(cli)
    result = cli(
        "log",
        "Acme",
        "--date",
        "2026-11-20",
        "--ask",
        "Trial",
        "--ask-rung",
        "trial_real_data",
        "--answer",
        "hedged",
        "--no-suggest",
        "-f",
        "json",
    )
    assert json.loads(result.output)["outcome"] == "hedged"
    advice = json.loads(cli("coach", "Acme", "-f", "json").output)["advice"]
    assert advice["kind"] == "salvage"


def test_an_ask_without_an_answer_is_refused(cli):
    _setup(cli)
    result = cli("log", "Acme", "--ask", "Pilot", "--no-suggest")
    assert result.exit_code == 2 and "--answer" in result.output


def test_notes_from_a_missing_file_are_a_user_error(cli, tmp_path):
    _setup(cli)
    result = cli("log", "Acme", "--notes-file", str(tmp_path / "missing.txt"), "--no-suggest")
    assert result.exit_code == 2 and "missing.txt" in result.output


def test_commitment_lifecycle_from_the_command_line(cli):
    _setup(cli)
    assert cli("commitment", "ask", "Acme", "--rung", "trial_real_data", "--date", "2026-11-01").exit_code == 0
    (c,) = json.loads(cli("commitment", "list", "-f", "json").output)
    assert c["status"] == "asked"
    assert json.loads(cli("coach", "Acme", "-f", "json").output)["advice"]["kind"] == "await_answer"
    cli("commitment", "agree", str(c["id"]), "--date", "2026-11-02", "--due", "2026-11-10")
    (c,) = json.loads(cli("commitment", "list", "-f", "json").output)
    # agreed, due 2026-11-10, today is 2026-11-23, never fulfilled: stored as agreed, read as broken
    assert (c["status"], c["effective_status"]) == ("agreed", "broken")
    bad = cli("commitment", "decline", str(c["id"]))
    assert bad.exit_code == 2
    assert cli("commitment", "fulfil", "999999").exit_code == 2


def test_next_steps_end_with_yes_or_no(cli):
    _setup(cli)
    cli("step", "add", "Acme", "Workshop with ops", "--due", "2026-11-30", "--owner", "prospect")
    (s,) = json.loads(cli("step", "list", "-f", "json").output)
    assert s["due"] == "2026-11-30" and s["result"] == ""
    assert cli("step", "done", str(s["id"]), "--result", "maybe").exit_code == 2
    assert cli("step", "done", str(s["id"]), "--result", "no").exit_code == 0
    assert json.loads(cli("step", "list", "-f", "json").output) == []
    (s,) = json.loads(cli("step", "list", "--all", "-f", "json").output)
    assert s["result"] == "no"


def test_the_analyzer_findings_are_applied_when_accepted(cli):
    _setup(cli)
    notes = (
        "Priya loved the demo and said it would be amazing. Send me an email and keep me posted. "
        "We spend ten hours a week reconciling invoices in a spreadsheet."
    )
    result = cli("log", "Acme", "--date", "2026-11-20", "--notes", notes, "--accept-suggestions", "-f", "json")
    data = json.loads(result.output)
    assert {"complimented", "hedged"} <= set(data["applied_suggestions"])
    assert data["outcome"] == "hedged"
    lead = json.loads(cli("lead", "Acme", "-f", "json").output)
    assert "makeshift_solution" in lead["earlyvangelist"]["met"]


def test_the_analyzer_findings_are_not_applied_without_consent(cli):
    _setup(cli)
    result = cli("log", "Acme", "--date", "2026-11-20", "--notes", "They loved it, amazing product!", "-f", "json")
    data = json.loads(result.output)
    assert data["applied_suggestions"] == [] and data["outcome"] == "no_next_step"


def test_a_non_finite_amount_is_one_error_line_not_a_crash(cli):
    _setup(cli)
    for typed in ("NaN", "sNaN", "Infinity"):
        result = cli("commitment", "ask", "Acme", "--description", "t", "--currency", "money", "--amount", typed)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("error: amount") and result.output.count("\n") == 1
        result = cli(
            "log",
            "Acme",
            "--ask",
            "Deposit",
            "--ask-rung",
            "deposit",
            "--answer",
            "agreed",
            "--amount",
            typed,
            "--no-suggest",
        )
        assert result.exit_code == 2 and "amount" in result.output, result.output
    assert json.loads(cli("commitment", "list", "-f", "json").output) == []


@pytest.fixture
def no_analyzer(monkeypatch):
    """Fails the test if the notes analyzer runs: option errors must come before it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the analyzer ran before the options were checked")

    monkeypatch.setattr("earnest.ledger.services.findings.notes_read", refuse)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--answer", "agreed"], "error: --answer needs the ask it answers: add --ask TEXT or --ask-rung RUNG"),
        (["--ask", "Pilot"], "error: --ask needs how they answered: add --answer agreed|declined|hedged|unanswered"),
        (["--ask-rung", "deposit"], "error: --ask-rung needs how they answered"),
        (["--next-step-due", "+3d"], "error: --next-step-due need the step itself: add --next-step TEXT"),
        (["--next-step-owner", "us"], "error: --next-step-owner need the step itself"),
        (["--due", "+3d"], "error: --due describe an ask"),
        (["--ask", "Pilot", "--answer", "agreed", "--rejected"], "error: --answer agreed and --rejected contradict"),
        (["--ask", "Pilot", "--answer", "maybe"], "error: answer 'maybe' is not one of"),
        (["--ask", "Pilot", "--answer", "agreed", "--amount", "NaN"], "error: amount 'NaN'"),
        (["--next-step", "Call", "--next-step-due", "whenever-ish"], "error: next step due: cannot read"),
    ],
)
def test_log_options_are_checked_before_the_analyzer_runs(cli, no_analyzer, args, message):
    _setup(cli)
    result = cli("log", "Acme", "--notes", "They loved it, amazing product!", *args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert json.loads(cli("step", "list", "-f", "json").output) == []


def test_rejected_with_praise_or_a_hedge_is_not_a_contradiction(cli):
    _setup(cli)
    result = cli("log", "Acme", "--rejected", "--complimented", "--hedged", "--no-suggest", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.output)["outcome"] == "rejected"


def test_findings_left_unapplied_without_a_terminal_are_announced_on_stderr(cli):
    _setup(cli)
    result = cli("log", "Acme", "--date", "2026-11-20", "--notes", "They loved it, amazing product!")
    assert result.exit_code == 0
    (line,) = [x for x in result.stderr.splitlines() if x]
    assert "not recorded" in line and "--accept-suggestions" in line
    quiet = cli("log", "Acme", "--date", "2026-11-20", "--notes", "They loved it!", "-f", "json")
    assert quiet.stderr == ""


def test_with_finds_a_contact_by_first_name_as_in_the_quick_start(cli):
    cli("prospect", "add", "Acme", "--date", "2026-10-01")
    cli("contact", "add", "Acme", "Priya Raman")
    cli("contact", "add", "Acme", "Priyanka Shah")
    for ref in ("Priya", "Raman"):
        result = cli("log", "Acme", "--with", ref, "--no-suggest", "-f", "json")
        assert result.exit_code == 0, result.output
    result = cli("log", "Acme", "--with", "Priy", "--no-suggest")
    assert result.exit_code == 2 and "could be any of Priya Raman (id" in result.output
    assert "Priyanka Shah (id" in result.output


def test_on_a_terminal_each_finding_is_asked_about(cli, monkeypatch):
    _setup(cli)
    monkeypatch.setattr("earnest.cli.conversations._interactive", lambda fmt: True)
    notes = "Priya agreed to share last month's shipment data by Friday. Met Raj Patel, their CFO."
    # yes to the flags question if any, then: the data commitment yes, the rest no
    answers = "\n".join(["y"] + ["n"] * 10) + "\n"
    result = cli("log", "Acme", "--date", "2026-11-20", "--notes", notes, input=answers)
    assert result.exit_code == 0, result.output
    assert "Record commitment, agreed" in result.output
    assert "Record new contact: Raj Patel, CFO (budget owner)?" in result.output
    contacts = json.loads(cli("contact", "list", "Acme", "-f", "json").output)
    assert "Raj Patel" not in {c["name"] for c in contacts}
