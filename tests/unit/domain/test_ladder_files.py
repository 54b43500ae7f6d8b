import pytest

from earnest.domain import LadderFileError, builtin_ladders, ladder_from_file, ladder_from_toml

GOOD = """\
key = "mine"
name = "My ladder"

[[rungs]]
key = "call"
label = "Took a call"
currencies = ["time"]
weight = 1

[[rungs]]
key = "buy"
label = "Bought"
currencies = ["money"]
weight = 5
customer = true
"""


def error_of(text: str) -> LadderFileError:
    with pytest.raises(LadderFileError) as caught:
        ladder_from_toml(text, "mine.toml")
    return caught.value


def test_the_three_builtin_ladders_load():
    ladders = builtin_ladders()
    assert set(ladders) == {"discovery", "b2b", "micro"}
    assert all(ladder.customer_line is not None for ladder in ladders.values())


def test_a_good_ladder_loads():
    ladder = ladder_from_toml(GOOD, "mine.toml")
    assert [r.key for r in ladder.rungs] == ["call", "buy"]


def test_a_syntax_error_names_the_file_and_line():
    error = error_of(GOOD.replace("weight = 5", "weight = = 5"))
    assert error.path == "mine.toml" and error.line == 14


def test_a_missing_key_names_the_file_and_line():
    error = error_of(GOOD.replace('label = "Bought"\n', ""))
    # the key is absent, so the error points at the table that lacks it
    assert error.path == "mine.toml" and error.line == 10 and "label" in str(error)


def test_an_unknown_currency_names_the_line():
    error = error_of(GOOD.replace('["money"]', '["goodwill"]'))
    assert error.line == 13 and "goodwill" in str(error)


def test_a_duplicate_rung_key_names_the_line():
    error = error_of(GOOD.replace('key = "buy"', 'key = "call"'))
    assert error.line == 11 and "used twice" in str(error)


def test_an_unknown_field_names_the_line():
    error = error_of(GOOD.replace("weight = 1\n", 'weight = 1\ncolour = "red"\n'))
    assert error.line == 9 and "colour" in str(error)


def test_an_unknown_top_level_field_names_the_line():
    error = error_of("flavour = 1\n" + GOOD)
    assert error.line == 1 and "flavour" in str(error)


def test_a_missing_file_is_a_ladder_error(tmp_path):
    with pytest.raises(LadderFileError, match="missing.toml"):
        ladder_from_file(tmp_path / "missing.toml")


def test_a_file_is_read_with_its_path_in_errors(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(GOOD.replace("weight = 1", "weight = -1"), encoding="utf-8")
    with pytest.raises(LadderFileError, match=r"broken\.toml:8"):
        ladder_from_file(path)
