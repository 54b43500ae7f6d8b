"""The request guards of earnest.web.middleware and the server settings behind them (issue 17: F5, F6, F13)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from earnest.web import urls as real_urls
from earnest.web.middleware import BUSY_RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("the probe's failure")


def _locked_write(request):
    """A write into a SQLite file another connection holds the write lock on, through Django's wrapper."""
    from django.db.backends.sqlite3.base import DatabaseWrapper
    from django.db.utils import ConnectionHandler

    config = ConnectionHandler().configure_settings(
        {"default": {"ENGINE": "django.db.backends.sqlite3", **_LOCKED, "OPTIONS": {"timeout": 0.1}}}
    )["default"]
    other = DatabaseWrapper(config, alias="locked-probe")
    try:
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
    finally:
        other.close()
    return HttpResponse("written")


_LOCKED: dict = {}
urlpatterns = [
    path("boom/", _boom),
    path("api/v1/boom", _boom),
    path("locked/", _locked_write),
    path("api/v1/locked", _locked_write),
    *real_urls.urlpatterns,
]
handler500 = real_urls.handler500


@pytest.fixture
def error_log():
    """What the configured django.request handler writes (it holds the real stderr, not pytest's)."""
    import logging

    handler = logging.getLogger("django.request").handlers[0]
    # Swapped without flushing: the stream it holds may be a capture pytest has closed already.
    previous, handler.stream = handler.stream, io.StringIO()
    yield handler.stream
    handler.stream = previous


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/login/"), client.get("/login/")
    assert len(first["X-Request-ID"]) == 12 and first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_the_id_the_500_page_shows(error_log):
    """F5: the probe's 500s left no trace; now each has a log line and an id to quote."""
    response = Client(raise_request_exception=False).get("/boom/")
    rid = response["X-Request-ID"]
    assert response.status_code == 500 and f'<code id="request-id">{rid}</code>' in response.content.decode()
    logged = error_log.getvalue()
    assert f"[{rid}] django.request" in logged and "RuntimeError: the probe's failure" in logged


@pytest.mark.urls(__name__)
def test_an_api_500_keeps_the_error_shape_with_the_request_id(error_log):
    response = Client(raise_request_exception=False).get("/api/v1/boom")
    body = response.json()["error"]
    assert response.status_code == 500 and body["code"] == "server_error"
    assert body["request_id"] == response["X-Request-ID"] and body["request_id"] in error_log.getvalue()


@pytest.fixture
def locked_sqlite(tmp_path):
    """A SQLite file whose write lock another connection holds, as a long CLI import does."""
    name = str(tmp_path / "locked.sqlite3")
    holder = sqlite3.connect(name, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    _LOCKED.update(NAME=name)
    yield
    holder.rollback()
    holder.close()
    _LOCKED.clear()


@pytest.mark.urls(__name__)
def test_a_locked_database_answers_503_with_retry_after_never_500(locked_sqlite):
    """F6: requests during a long import got 500 "database is locked"."""
    page = Client(raise_request_exception=False).get("/locked/")
    assert page.status_code == 503 and page["Retry-After"] == str(BUSY_RETRY_AFTER_SECONDS)
    api = Client(raise_request_exception=False).get("/api/v1/locked")
    assert api.status_code == 503 and api["Retry-After"] == str(BUSY_RETRY_AFTER_SECONDS)
    assert api.json()["error"]["code"] == "busy" and "try again" in api.json()["error"]["message"]


def test_sqlite_waits_only_a_few_seconds_for_a_lock():
    from earnest.web import settings

    assert settings._SQLITE_OPTIONS["timeout"] <= 5


def test_the_home_folder_database_cache_and_key_are_private(tmp_path):
    """F13: they were created world-readable under the usual umask 022."""
    home = tmp_path / "home"
    script = (
        "import os, django; os.umask(0o022); os.environ['DJANGO_SETTINGS_MODULE']='earnest.web.settings'; "
        "django.setup(); from django.db import connection; connection.ensure_connection(); "
        "connection.cursor().execute('CREATE TABLE t (x)'); "
        "from django.core.cache import cache; cache.set('k', 'session data')"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARNEST_")}
    env["EARNEST_HOME"] = str(home)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    modes = {p.relative_to(home).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [home, *home.rglob("*")]}
    assert modes["."] == 0o700 and modes["cache"] == 0o700, modes
    files = {name: mode for name, mode in modes.items() if (home / name).is_file()}
    assert {"secret_key", "earnest.sqlite3"} <= set(files) and any(n.startswith("cache/") for n in files), files
    assert all(mode == 0o600 for mode in files.values()), json.dumps({k: oct(v) for k, v in files.items()})
