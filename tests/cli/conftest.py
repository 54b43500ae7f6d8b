import pytest


@pytest.fixture
def cli(db, today, monkeypatch):
    """Runs `earnest ARGS...` in-process against the test database, judged as of `today`."""
    from typer.testing import CliRunner

    from earnest.cli import app

    runner = CliRunner()
    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())
    monkeypatch.setenv("EARNEST_WORKSPACE", "cli-test")

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run
