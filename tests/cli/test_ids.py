import pytest


@pytest.mark.parametrize(
    ("args", "what", "typed"),
    [
        (["step", "done", "x"], "next step", "x"),
        (["debrief", "x"], "conversation", "x"),
        (["commitment", "agree", "x"], "commitment", "x"),
        (["commitment", "fulfil", "1.5"], "commitment", "1.5"),
        (["token", "revoke", "dana", "x"], "token", "x"),
        (["import", "assign", "x", "Acme"], "pending meeting", "x"),
        (["feed", "revoke", "x"], "feed", "x"),
    ],
)
def test_an_id_that_is_not_a_number_is_one_error_line(cli, args, what, typed):
    result = cli(*args)
    assert result.exit_code == 2
    assert result.output == f"error: {what} id must be a number, not {typed!r}\n"


def test_an_id_too_large_for_the_database_is_a_user_error(cli):
    result = cli("step", "done", "9" * 30)
    assert result.exit_code == 2
    assert result.output.startswith("error: next step id") and "out of range" in result.output


def test_an_unknown_numeric_id_is_still_reported_as_missing(cli):
    result = cli("step", "done", "41")
    assert result.exit_code == 2 and result.output == "error: no next step 41 in this workspace\n"
