from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


def table_counts() -> dict[str, int]:
    """How many rows each ledger and transfer table holds: to prove a failed import changed nothing."""
    from django.apps import apps

    return {model._meta.label: model.objects.count()
            for app in ("ledger", "transfer") for model in apps.get_app_config(app).get_models()}


@pytest.fixture
def counts():
    return table_counts
