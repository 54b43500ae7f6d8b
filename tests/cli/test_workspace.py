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
