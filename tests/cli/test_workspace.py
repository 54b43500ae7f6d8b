import json


def test_it_sets_the_currency_and_the_date_order(cli):
    assert cli("workspace", "currency", "eur").exit_code == 0
    assert cli("workspace", "date-order", "dmy").exit_code == 0
    shown = json.loads(cli("workspace", "show", "--format", "json").output)
    assert shown == {"slug": "cli-test", "name": "cli-test", "currency": "EUR", "date_order": "dmy"}


def test_a_bad_code_is_one_line_and_status_2(cli):
    result = cli("workspace", "currency", "euro")
    assert result.exit_code == 2
    assert result.output == "error: currency 'euro' is not a three-letter code such as USD, EUR or GBP\n"


def test_typed_dates_follow_the_workspaces_order_and_impossible_ones_are_refused(cli):
    assert cli("prospect", "add", "Acme").exit_code == 0
    assert cli("workspace", "date-order", "dmy").exit_code == 0
    assert cli("step", "add", "Acme", "Pilot kickoff", "--due", "04/12/2026").exit_code == 0
    steps = json.loads(cli("step", "list", "--format", "json").output)
    assert [s["due"] for s in steps] == ["2026-12-04"]
    refused = cli("step", "add", "Acme", "Another", "--due", "31/02/2026")
    assert refused.exit_code == 2
    assert refused.output.startswith("error: due: cannot read '31/02/2026' as a date; write it like 2026-12-04")


def test_an_over_long_name_is_refused_with_the_limit_not_cut(cli):
    result = cli("prospect", "add", "x" * 5000)
    assert result.exit_code == 2
    assert "name is too long (5000 characters; at most 200)" in result.output
