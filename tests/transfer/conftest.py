import threading
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


def table_counts() -> dict[str, int]:
    """How many rows each ledger and transfer table holds: to prove a failed import changed nothing."""
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for app in ("ledger", "transfer")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def counts():
    return table_counts


@pytest.fixture
def applied_queries(monkeypatch):
    """How many queries each import's write transaction made (`ImportPlan.apply`), one number per import."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from earnest.transfer import bulk

    applied: list[int] = []
    real_apply = bulk.ImportPlan.apply

    def counted(plan):
        with CaptureQueriesContext(connection) as queries:
            real_apply(plan)
        applied.append(len(queries))

    monkeypatch.setattr(bulk.ImportPlan, "apply", counted)
    return applied


class WriterMeanwhile:
    """An import's progress callback that, halfway through the file, creates a prospect from another
    thread (its own connection, as the server's requests have) and waits for it; `done` says how it went."""

    def __init__(self, workspace, today):
        self.workspace, self.today = workspace, today
        self.done: list[str] = []

    def _write(self):
        from django.db import connection

        from earnest.ledger.services.prospects import prospect_create

        try:
            prospect_create(workspace=self.workspace, name="Written meanwhile", created_on=self.today)
            self.done.append("ok")
        except Exception as exc:  # noqa: BLE001 -- the test's assertion names it
            self.done.append(repr(exc))
        finally:
            connection.close()

    def __call__(self, n, total):
        if n == total // 2 and not self.done:
            writer = threading.Thread(target=self._write)
            writer.start()
            writer.join(timeout=30)


@pytest.fixture
def writer_meanwhile(workspace, today):
    return WriterMeanwhile(workspace, today)


@pytest.fixture
def prospects(workspace, days):
    """Three companies a calendar's or a mailbox's addresses match (Priya is Acme's contact)."""
    from earnest.ledger.services.prospects import contact_add, prospect_create

    acme = prospect_create(workspace=workspace, name="Acme", created_on=days(-5), domain="acme.example")
    contact_add(prospect=acme, name="Priya Raman", email="priya@acme.example")
    globex = prospect_create(workspace=workspace, name="Globex", created_on=days(-5), domain="globex.example")
    umbrella = prospect_create(workspace=workspace, name="Umbrella", created_on=days(-5), domain="umbrella.example")
    return acme, globex, umbrella


@pytest.fixture
def analyzer_reads(monkeypatch):
    """For each note the analyzer reads, how many transactions were open around it (beyond the test's own)."""
    from django.db import connection

    import earnest.analyzer as analyzer

    inside: list[int] = []
    real_analyze = analyzer.analyze
    depth = len(connection.atomic_blocks)

    def watched(*args, **kwargs):
        inside.append(len(connection.atomic_blocks) - depth)
        return real_analyze(*args, **kwargs)

    monkeypatch.setattr(analyzer, "analyze", watched)
    return inside
