"""Scenarios through the CLI with --today: segments, experiments judged from the ledger, the asks table."""

import json

import pytest

START = "2026-11-01"


@pytest.fixture
def six_tagged(cli):
    """Six prospects tagged logistics (two reach trial_real_data), and one untagged that reaches it too."""
    for i in range(1, 7):
        out = cli("--today", START, "prospect", "add", f"Carrier {i}", "--tag", "logistics", "--tag", "EU")
        assert out.exit_code == 0, out.output
    cli("--today", START, "prospect", "add", "Outsider")
    for name in ("Carrier 1", "Carrier 2", "Outsider"):
        out = cli(
            "--today",
            "2026-11-10",
            "log",
            name,
            "--ask",
            "Try it on one real route",
            "--ask-rung",
            "trial_real_data",
            "--answer",
            "agreed",
            "--no-suggest",
        )
        assert out.exit_code == 0, out.output
    for name in ("Carrier 3", "Carrier 4"):
        cli(
            "--today",
            "2026-11-10",
            "log",
            name,
            "--ask",
            "Try it on one real route",
            "--ask-rung",
            "trial_real_data",
            "--answer",
            "declined",
            "--no-suggest",
        )
    return cli


def add(cli, name, *criterion, by="2026-11-30", today=START, segment="logistics"):
    return cli(
        "--today",
        today,
        "experiment",
        "add",
        name,
        "--hypothesis",
        "Carriers will trial on real routes",
        "--segment",
        segment,
        *criterion,
        "--by",
        by,
        "-f",
        "json",
    )


def listed(cli, today):
    out = cli("--today", today, "experiment", "list", "-f", "json")
    assert out.exit_code == 0, out.output
    return {e["name"]: e for e in json.loads(out.output)}


def test_two_of_six_tagged_prospects_reaching_the_rung_validate_an_experiment_needing_two(six_tagged):
    cli = six_tagged
    assert add(cli, "trial-two", "--rung", "trial_real_data", "--at-least", "2").exit_code == 0
    row = listed(cli, "2026-11-12")["trial-two"]
    assert (row["status"], row["count"], row["target"]) == ("validated", 2, 2)
    shown = json.loads(cli("--today", "2026-11-12", "experiment", "show", "trial-two", "-f", "json").output)
    assert sorted(c["prospect"] for c in shown["counted"]) == ["Carrier 1", "Carrier 2"]  # never Outsider
    assert shown["segment_size"] == 6


def test_an_experiment_needing_four_runs_before_its_deadline_and_is_invalidated_after(six_tagged):
    cli = six_tagged
    add(cli, "trial-four", "--rung", "trial_real_data", "--at-least", "4")
    assert listed(cli, "2026-11-30")["trial-four"]["status"] == "running"  # the deadline day
    after = listed(cli, "2026-12-01")["trial-four"]
    assert (after["status"], after["count"], after["target"]) == ("invalidated", 2, 4)
    assert "2 more needed" in after["distance"]


def test_untagged_prospects_never_count(six_tagged):
    cli = six_tagged
    cli("--today", START, "prospect", "untag", "Carrier 2", "logistics")
    add(cli, "trial-two", "--rung", "trial_real_data", "--at-least", "2")
    row = listed(cli, "2026-11-12")["trial-two"]
    assert (row["status"], row["count"]) == ("running", 1)


def test_a_rate_criterion_is_not_judged_before_its_minimum_number_of_asks(six_tagged):
    cli = six_tagged
    add(cli, "trial-rate", "--rung", "trial_real_data", "--rate", "40", "--min-asks", "5")
    row = listed(cli, "2026-11-12")["trial-rate"]  # 2 yes, 2 no: 50%, but only 4 asks
    assert row["status"] == "running" and row["asks_judged"] == 4
    assert "1 more before the rate can be judged" in row["distance"]
    cli(
        "--today",
        "2026-11-13",
        "log",
        "Carrier 5",
        "--ask",
        "Try it on one real route",
        "--ask-rung",
        "trial_real_data",
        "--answer",
        "agreed",
        "--no-suggest",
    )
    assert listed(cli, "2026-11-13")["trial-rate"]["status"] == "validated"


def test_a_revision_keeps_its_parents_result(six_tagged):
    cli = six_tagged
    add(cli, "trial", "--rung", "trial_real_data", "--at-least", "2")
    out = cli("--today", "2026-11-15", "experiment", "revise", "trial", "--at-least", "3", "--by", "2026-12-31")
    assert out.exit_code == 0, out.output
    assert "Version 1 stays validated" in " ".join(out.output.split())
    now = listed(cli, "2026-11-15")["trial"]
    assert (now["version"], now["status"], now["target"]) == (2, "running", 3)
    assert [(v["version"], v["status"]) for v in now["versions"]] == [(1, "validated")]
    old = json.loads(cli("--today", "2027-01-05", "experiment", "show", "trial", "--version", "1", "-f", "json").output)
    assert old["status"] == "validated" and old["revised_on"] == "2026-11-15"


def test_money_and_amount_criteria(six_tagged):
    cli = six_tagged
    cli(
        "--today",
        "2026-11-11",
        "log",
        "Carrier 6",
        "--ask",
        "Deposit for the pilot",
        "--ask-rung",
        "deposit",
        "--answer",
        "agreed",
        "--amount",
        "2500",
        "--no-suggest",
    )
    add(cli, "payers", "--money", "--at-least", "1")
    add(cli, "cash", "--amount", "5k")
    rows = listed(cli, "2026-11-12")
    assert (rows["payers"]["status"], rows["payers"]["count"]) == ("validated", 1)
    assert (rows["cash"]["status"], rows["cash"]["count"], rows["cash"]["target"]) == ("running", 2500, 5000)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--rung", "trial_real_data"), "--at-least"),
        (("--rung", "no_such_rung", "--at-least", "1"), "no ladder of this workspace has a rung"),
        (("--money", "--rung", "deposit", "--at-least", "1"), "choose one criterion"),
        (("--rate", "50"), "--min-asks"),
    ],
)
def test_a_bad_criterion_is_one_line_and_exit_status_2(cli, args, message):
    out = add(cli, "bad", *args)
    assert out.exit_code == 2
    assert message in out.output and len(out.output.strip().splitlines()) == 1
    assert json.loads(cli("experiment", "list", "-f", "json").output) == []


def test_a_deadline_before_the_start_and_a_repeated_name_are_refused(cli):
    assert add(cli, "early", "--money", "--at-least", "1", by="2026-10-01").exit_code == 2
    assert add(cli, "twice", "--money", "--at-least", "1").exit_code == 0
    again = add(cli, "Twice", "--money", "--at-least", "1")
    assert again.exit_code == 2 and "already an experiment" in again.output


def test_tags_on_prospects_and_the_leads_filter(six_tagged):
    cli = six_tagged
    out = cli("prospect", "tag", "Outsider", "retail", "Direct Sales", "-f", "json")
    assert json.loads(out.output)["tags"] == ["direct-sales", "retail"]
    bad = cli("prospect", "untag", "Outsider", "logistics")
    assert bad.exit_code == 2 and "has no tag 'logistics'" in bad.output
    names = {lead["prospect"]["name"] for lead in json.loads(cli("leads", "--tag", "retail", "-f", "json").output)}
    assert names == {"Outsider"}
    assert len(json.loads(cli("leads", "--tag", "eu", "-f", "json").output)) == 6
    assert json.loads(cli("leads", "--tag", "nobody", "-f", "json").output) == []
    listed = {p["name"]: p["tags"] for p in json.loads(cli("prospect", "list", "-f", "json").output)}
    assert listed["Outsider"] == ["direct-sales", "retail"]


def test_a_bad_tag_adds_no_prospect(cli):
    out = cli("prospect", "add", "Acme", "--tag", "no good!")
    assert out.exit_code == 2 and "tag" in out.output
    assert json.loads(cli("prospect", "list", "-f", "json").output) == []


def test_the_asks_table_counts_each_rung_and_wording_per_segment(six_tagged):
    cli = six_tagged
    data = json.loads(cli("--today", "2026-11-12", "experiment", "asks", "--segment", "logistics", "-f", "json").output)
    (rung,) = data["rungs"]
    assert (rung["rung"], rung["asked"], rung["agreed"], rung["declined"]) == ("trial_real_data", 4, 2, 2)
    assert [w["wording"] for w in rung["wordings"]] == ["Try it on one real route"]
    everyone = json.loads(cli("--today", "2026-11-12", "experiment", "asks", "-f", "json").output)
    assert everyone["total"]["asked"] == 5
    table = cli("--today", "2026-11-12", "experiment", "asks")
    assert "“Try" in table.output and "Tried it" in table.output  # the wording under its rung


def test_the_coach_prefers_the_wording_that_got_answers_in_the_segment(cli):
    for i in range(1, 5):
        cli("--today", START, "prospect", "add", f"Shop {i}", "--tag", "retail")
    for i in (1, 2, 3):
        cli(
            "--today",
            "2026-11-05",
            "log",
            f"Shop {i}",
            "--ask",
            "Fifteen minutes on Tuesday about returns?",
            "--ask-rung",
            "first_conversation",
            "--answer",
            "agreed" if i < 3 else "declined",
            "--no-suggest",
        )
    out = cli("--today", "2026-11-12", "coach", "Shop 4", "-f", "json")
    advice = json.loads(out.output)["advice"]
    assert advice["rung"] == "first_conversation"
    assert advice["wording"] == "Fifteen minutes on Tuesday about returns?"
    assert "In retail" in advice["reasons"][-1]["text"]
    untagged = cli("--today", START, "prospect", "add", "Loner")
    assert untagged.exit_code == 0
    plain = json.loads(cli("--today", "2026-11-12", "coach", "Loner", "-f", "json").output)["advice"]
    assert plain["wording"] != "Fifteen minutes on Tuesday about returns?"


def test_the_digest_mentions_experiments_that_changed_status_once(six_tagged, settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cli = six_tagged
    add(cli, "trial-two", "--rung", "trial_real_data", "--at-least", "2")
    add(cli, "trial-four", "--rung", "trial_real_data", "--at-least", "4")
    assert cli("--today", "2026-11-12", "digest", "--to", "me@example.com").exit_code == 0
    body = mail.outbox[-1].body
    assert "Experiments that changed status (1)" in body and "trial-two: running -> validated" in body
    assert "trial-two" in mail.outbox[-1].alternatives[0][0]
    cli("--today", "2026-11-13", "digest", "--to", "me@example.com")
    assert "Experiments that changed status" not in mail.outbox[-1].body  # said once
    cli("--today", "2026-12-01", "digest", "--to", "me@example.com")
    assert "trial-four: running -> invalidated" in mail.outbox[-1].body


def test_a_revision_that_changes_nothing_is_refused(cli):
    add(cli, "payers", "--money", "--at-least", "1")
    out = cli("experiment", "revise", "payers")
    assert out.exit_code == 2 and "already says this" in out.output
    assert [e["version"] for e in json.loads(cli("experiment", "list", "-f", "json").output)] == [1]
