"""Every command is documented: in the README, and with an example in its help."""

from pathlib import Path

import typer.main

from earnest.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _commands(group, prefix=()):
    click_group = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, cmd in click_group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), cmd


def test_every_command_appears_in_the_readme():
    missing = [name for name, _ in _commands(app) if f"earnest {name}" not in README]
    assert missing == []


def test_every_command_has_an_example_in_its_help():
    missing = [name for name, cmd in _commands(app) if "Example: earnest" not in (cmd.help or "")]
    assert missing == []


def test_every_setting_read_from_the_environment_is_documented():
    import re

    root = Path(__file__).resolve().parents[2]
    names = set()
    for path in (root / "src" / "earnest").rglob("*.py"):
        names |= set(re.findall(r"[\"'](EARNEST_[A-Z_]+)[\"']", path.read_text()))
    assert names, "no EARNEST_ settings found"
    missing = sorted(n for n in names if n not in README)
    assert missing == []
