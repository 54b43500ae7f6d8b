import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import django
import pytest

# Keep the tests away from the user's real data folder and signing key.
_OWN_HOME = "EARNEST_HOME" not in os.environ
os.environ.setdefault("EARNEST_HOME", tempfile.mkdtemp(prefix="earnest-test-"))
os.environ.setdefault("EARNEST_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
# Named here rather than in pyproject.toml: pytest-django would read the settings before this
# file runs, and they would point at the user's real EARNEST_HOME (its cache, its secret key).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earnest.web.settings")
django.setup()

TODAY = date(2026, 11, 23)
DATABASE_TEST_FOLDERS = ("ledger", "cli", "web", "api", "transfer", "security")
_STATIC_ROOT = pytest.StashKey[tuple]()


def pytest_configure(config):
    if os.environ.get("EARNEST_REQUIRE_POSTGRES") == "1":
        url = os.environ.get("EARNEST_DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            raise pytest.UsageError("EARNEST_REQUIRE_POSTGRES=1 needs EARNEST_DATABASE_URL to be PostgreSQL")
    _static_root_for_tests(config)


def _static_root_for_tests(config) -> None:
    """An empty STATIC_ROOT of the tests' own, so WhiteNoise finds the folder it is told to serve.

    `earnest serve` fills STATIC_ROOT with collectstatic before it starts; the tests never collect,
    and the staticfiles finders serve the files instead (WHITENOISE_USE_FINDERS). Without the folder
    WhiteNoise warns "No directory at ..." each time a test client builds the middleware. The folder
    is a fresh temporary one rather than the settings' own: pytest-django loads the settings before
    this file sets EARNEST_HOME, so theirs is the user's real data folder.
    """
    from django.conf import settings

    if not settings.configured:
        return
    from django.test.utils import override_settings

    root = tempfile.mkdtemp(prefix="earnest-test-static-")
    override = override_settings(STATIC_ROOT=root)
    override.enable()
    config.stash[_STATIC_ROOT] = (root, override)


def pytest_unconfigure(config):
    if _STATIC_ROOT in config.stash:
        root, override = config.stash[_STATIC_ROOT]
        override.disable()
        shutil.rmtree(root, ignore_errors=True)
    if _OWN_HOME:
        shutil.rmtree(os.environ["EARNEST_HOME"], ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        parts = Path(item.fspath).relative_to(here).parts
        if parts and parts[0] in DATABASE_TEST_FOLDERS:
            item.fixturenames.append("_postgres_when_required")


@pytest.fixture(scope="session")
def _postgres_when_required(django_db_setup, django_db_blocker):
    """With EARNEST_REQUIRE_POSTGRES=1 the database tests must really run on PostgreSQL, never skip."""
    from django.db import connection

    if os.environ.get("EARNEST_REQUIRE_POSTGRES") == "1":
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", f"running on {connection.vendor}, not PostgreSQL"


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def days(today):
    def at(offset: int) -> date:
        return today + timedelta(days=offset)

    return at


@pytest.fixture
def workspace(db):
    from earnest.ledger.services.prospects import workspace_ensure

    return workspace_ensure(slug="acme-team", name="Acme team")


@pytest.fixture
def other_workspace(db):
    from earnest.ledger.services.prospects import workspace_ensure

    return workspace_ensure(slug="rival-team", name="Rival team")


@pytest.fixture
def prospect(workspace, days):
    from earnest.ledger.services.prospects import prospect_create

    return prospect_create(
        workspace=workspace, name="Northwind", ladder="discovery", created_on=days(-60), domain="Northwind.example"
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rolled-back tests reuse ids, so a cached page from one test must not answer the next."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        cache.clear()
