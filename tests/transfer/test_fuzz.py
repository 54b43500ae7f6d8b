"""Random and corrupted input: importers answer with a DomainError or succeed, never crash."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earnest.domain.errors import DomainError
from earnest.transfer.backup import workspace_import
from earnest.transfer.calendar_import import import_ics
from earnest.transfer.csv_import import import_csv
from earnest.transfer.email_import import import_email

from .conftest import FIXTURES, table_counts

TODAY = __import__("datetime").date(2026, 11, 23)
IMPORTERS = {
    "csv": (
        lambda ws, data: import_csv(workspace=ws, data=data, name="f.csv", today=TODAY, preset="hubspot"),
        "hubspot-notes.csv",
    ),
    "ics": (lambda ws, data: import_ics(workspace=ws, data=data, name="f.ics", today=TODAY), "calendar.ics"),
    "email": (lambda ws, data: import_email(workspace=ws, data=data, name="f.mbox", today=TODAY), "mailbox.mbox"),
    "json": (lambda ws, data: workspace_import(workspace=ws, data=data, name="f.json"), None),
}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _backup_bytes() -> bytes:
    return (
        b'{"format": "earnest-backup", "version": 1, "workspace": {"name": "W", "slug": "w"}, '
        b'"tables": {"prospects": [{"ref": 1, "name": "Acme", "created_on": "2026-01-02", '
        b'"ladder": "discovery"}], "contacts": [{"ref": 1, "prospect": 1, "name": "P"}]}}'
    )


def _sample(kind: str) -> bytes:
    fixture = IMPORTERS[kind][1]
    return (FIXTURES / fixture).read_bytes() if fixture else _backup_bytes()


def _check(workspace, kind: str, data: bytes) -> None:
    run = IMPORTERS[kind][0]
    with transaction.atomic():
        before = table_counts()
        try:
            run(workspace, data)
        except DomainError:
            assert table_counts() == before
        transaction.set_rollback(True)


def corrupted(sample: bytes):
    """The real file with bytes flipped, cut short, or a slice repeated."""
    return st.one_of(
        st.integers(0, max(len(sample) - 1, 0)).map(lambda n: sample[:n]),
        st.lists(st.tuples(st.integers(0, len(sample) - 1), st.integers(0, 255)), min_size=1, max_size=8).map(
            lambda edits: _edit(sample, edits)
        ),
        st.tuples(st.integers(0, len(sample)), st.binary(max_size=64)).map(
            lambda t: sample[: t[0]] + t[1] + sample[t[0] :]
        ),
    )


def _edit(sample: bytes, edits) -> bytes:
    data = bytearray(sample)
    for i, b in edits:
        data[i] = b
    return bytes(data)


@pytest.mark.parametrize("kind", list(IMPORTERS))
@FUZZ
@given(data=st.binary(max_size=2_000))
def test_random_bytes_never_crash_an_importer(workspace, kind, data):
    _check(workspace, kind, data)


@pytest.mark.parametrize("kind", list(IMPORTERS))
@FUZZ
@given(data=st.data())
def test_corrupted_real_files_never_crash_an_importer(workspace, kind, data):
    _check(workspace, kind, data.draw(corrupted(_sample(kind))))
