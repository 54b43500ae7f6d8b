"""F7: a ladder nested 500 levels deep (or far too long) is refused with one line, in the web, the API and the CLI."""

import pytest
from typer.testing import CliRunner

from earnest.domain.errors import LadderFileError
from earnest.domain.ladder_files import MAX_LADDER_CHARS, ladder_from_toml

pytestmark = pytest.mark.django_db
DEEP = 'key = "deep"\nname = "Deep"\nx = ' + "[" * 500 + "]" * 500 + "\n"
DEEP_TABLES = 'key = "deep"\nname = "Deep"\nx = ' + "{a = " * 500 + "1" + "}" * 500 + "\n"


@pytest.mark.parametrize("source", [DEEP, DEEP_TABLES], ids=["arrays", "inline tables"])
def test_a_deeply_nested_ladder_is_refused_before_the_parser_recurses(source):
    with pytest.raises(LadderFileError, match="nested more than 8 levels"):
        ladder_from_toml(source, "deep.toml")


def test_brackets_inside_strings_and_comments_are_not_nesting():
    from earnest.domain.ladder_files import builtin_ladder_text

    source = builtin_ladder_text("b2b") + "\n# [[[[[[[[[[ a comment\n"
    source = source.replace('name = "', 'name = "[[[[[[[[[[ ', 1)
    assert ladder_from_toml(source, "b2b.toml").key == "b2b"


def test_a_ladder_file_over_the_size_limit_is_refused():
    with pytest.raises(LadderFileError, match="at most 100,000 characters"):
        ladder_from_toml("# " + "x" * MAX_LADDER_CHARS, "big.toml")


def test_the_web_form_says_it_in_place(owner_client, workspace):
    response = owner_client.post(f"/w/{workspace.slug}/ladders/new/", {"source": DEEP})
    assert response.status_code == 400 and "nested more than 8 levels" in response.content.decode()


def test_the_api_answers_400_in_its_error_shape(token_client):
    response = token_client.put("/api/v1/ladders/deep", {"source": DEEP}, content_type="application/json")
    assert response.status_code == 400 and "nested more than 8 levels" in response.json()["error"]["message"]


def test_the_cli_prints_one_line_and_exits_2(tmp_path, workspace, monkeypatch):
    from earnest.cli import app

    monkeypatch.setenv("EARNEST_WORKSPACE", workspace.slug)
    path = tmp_path / "deep.toml"
    path.write_text(DEEP)
    result = CliRunner().invoke(app, ["ladder", "add", str(path)])
    assert result.exit_code == 2 and "nested more than 8 levels" in result.output
    assert len(result.output.strip().splitlines()) == 1
