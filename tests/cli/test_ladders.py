import json


def test_builtin_ladders_are_listed_and_shown(cli):
    keys = [lad["key"] for lad in json.loads(cli("ladder", "list", "-f", "json").output)]
    assert keys[:3] == ["discovery", "b2b", "micro"]
    b2b = json.loads(cli("ladder", "show", "b2b", "-f", "json").output)
    customer = [r["key"] for r in b2b["rungs"] if r["customer"]]
    assert customer == ["annual_license"]


def test_a_custom_ladder_round_trips_through_export_and_add(cli, tmp_path):
    exported = cli("ladder", "export", "micro").output
    path = tmp_path / "mine.toml"
    path.write_text(exported.replace('key = "micro"', 'key = "mine"', 1))
    assert cli("ladder", "add", str(path)).exit_code == 0
    assert json.loads(cli("ladder", "show", "mine", "-f", "json").output)["builtin"] is False
    assert cli("ladder", "delete", "mine").exit_code == 0


def test_a_broken_ladder_file_reports_file_and_line(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('key = "bad"\nname = "Bad"\n[[rungs]]\nkey = "a"\nlabel = "A"\ncurrencies = ["fame"]\nweight = 1\n')
    result = cli("ladder", "add", str(path))
    assert result.exit_code == 2
    assert f"{path}:6" in result.output and "fame" in result.output


def test_ladder_show_never_cuts_a_rung_key_in_a_narrow_terminal(cli, monkeypatch):
    for width in (80, 60):
        # COLUMNS, as a narrow terminal sets it: setting `console.width` would outlive the test
        monkeypatch.setenv("COLUMNS", str(width))
        for key in ("discovery", "b2b", "micro"):
            shown = cli("ladder", "show", key).output
            for rung in json.loads(cli("ladder", "show", key, "-f", "json").output)["rungs"]:
                assert rung["key"] in shown, (width, rung["key"])
