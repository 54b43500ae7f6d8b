"""Two servers, as on two machines: separate homes, one PostgreSQL database, one Redis cache.

A write through one server shows on the other's next read of Today, the pipeline and the leads,
and both keep their cached reads in the shared Redis, not in their own folders. Runs in
`make test-postgres` (with EARNEST_REQUIRE_POSTGRES=1 it must run, never skip); `.ci/run` starts
Redis when it is not answering.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("EARNEST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TODAY = "2026-11-23"
PASSWORD = "two-servers-pass-8d2k"


def _required() -> bool:
    return "1" in (os.environ.get("EARNEST_REQUIRE_POSTGRES"), os.environ.get("EARNEST_REQUIRE_REDIS"))


@pytest.fixture(scope="module")
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis is not answering at {REDIS_URL} ({error}); start redis-server (.ci/run does)"
        if _required():
            pytest.fail(message)
        pytest.skip(message)
    yield client
    client.close()


@pytest.fixture(scope="module")
def team_database(django_db_blocker) -> Iterator[str]:
    """A database of its own (the servers cannot see the test's transactions), dropped afterwards."""
    import dj_database_url
    import psycopg

    with django_db_blocker.unblock():
        vendor = connection.vendor
    url = os.environ.get("EARNEST_DATABASE_URL", "")
    if vendor != "postgresql" or not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("two servers share one PostgreSQL database: run with EARNEST_DATABASE_URL (make test-postgres)")
    parts = dj_database_url.parse(url)
    name = f"test_{parts['NAME']}_two_servers"
    admin = psycopg.connect(
        dbname="postgres",
        user=parts["USER"] or None,
        password=parts["PASSWORD"] or None,
        host=parts["HOST"] or None,
        port=parts["PORT"] or None,
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    split = urllib.parse.urlsplit(url)
    try:
        yield urllib.parse.urlunsplit(split._replace(path=f"/{name}"))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _earnest(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([str(BIN / "earnest"), *args], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


class Server:
    """One `earnest serve` in its own home, and a signed-in browser-like client for it."""

    def __init__(self, env: dict[str, str], home: Path) -> None:
        self.env, self.home = {**env, "EARNEST_HOME": str(home)}, home
        self.base = f"http://127.0.0.1:{_free_port()}"
        self.log = (home.parent / f"{home.name}.log").open("w")
        self.process = subprocess.Popen(
            [str(BIN / "earnest"), "serve", "--port", self.base.rsplit(":", 1)[1], "--workers", "2"],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        deadline = time.monotonic() + 120
        while True:
            try:
                if urllib.request.urlopen(f"{self.base}/health", timeout=2).status == 200:
                    break
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, self.output()
                time.sleep(0.3)

    def output(self) -> str:
        self.log.flush()
        return (self.home.parent / f"{self.home.name}.log").read_text()[-4000:]

    def sign_in(self, username: str) -> None:
        page = self.browser.open(f"{self.base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(f"{self.base}/login/", data=form, headers={"Referer": f"{self.base}/login/"})
        assert "/login/" not in self.browser.open(request).url, "sign-in failed"

    def page(self, path: str) -> str:
        return self.browser.open(f"{self.base}/w/team/{path}").read().decode()

    def api(self, secret: str, path: str, body: dict | None = None) -> object:
        request = urllib.request.Request(
            f"{self.base}/api/v1/{path}",
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def two_servers(team_database, redis_client):
    root = Path(tempfile.mkdtemp(prefix="earnest-two-servers-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARNEST_")}
    env.update(
        EARNEST_DATABASE_URL=team_database,
        EARNEST_REDIS_URL=REDIS_URL,
        EARNEST_WORKSPACE="team",
        EARNEST_SECRET_KEY="two-servers-secret-key-0123456789-abcdefghijklmn",
        EARNEST_TODAY=TODAY,
        EARNEST_NEW_PASSWORD=PASSWORD,
    )
    first = {**env, "EARNEST_HOME": str(root / "a")}
    _earnest(first, "init")
    _earnest(first, "createuser", "dana", "--role", "owner")
    secret = _earnest(first, "token", "create", "dana", "--name", "two-servers").strip().splitlines()[-1]
    prefix = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['KEY_PREFIX'])",
        ],
        env=first,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    servers: list[Server] = []
    try:
        for home in ("a", "b"):  # one after the other: the first start migrates
            servers.append(Server(env, root / home))
        for server in servers:
            server.sign_in("dana")
        yield servers[0], servers[1], secret, prefix
    finally:
        for server in servers:
            print(server.output())
            server.stop()
        for key in redis_client.scan_iter(match=f"{prefix}:*"):
            redis_client.delete(key)
        shutil.rmtree(root, ignore_errors=True)


def test_a_write_through_one_server_shows_on_the_others_next_read(two_servers, redis_client):
    a, b, secret, prefix = two_servers
    # A reads first, so that each page is cached before the write.
    assert "Umbrella Health" not in a.page("pipeline/")
    assert "Send the pilot contract" not in a.page("")
    assert a.api(secret, "leads") == {"items": [], "count": 0}

    lead = b.api(secret, "prospects", {"name": "Umbrella Health", "created_on": "2026-10-01"})
    assert "Umbrella Health" in a.page("pipeline/")
    leads = a.api(secret, "leads")
    assert leads["count"] == 1 and [row["verdict"] for row in leads["items"]] == ["unasked"]

    ask = b.api(secret, "commitments", {"prospect_id": lead["id"], "rung": "intro_colleague", "on": "2026-11-20"})
    b.api(secret, f"commitments/{ask['id']}/status", {"status": "agreed", "on": "2026-11-21"})
    b.api(
        secret,
        "next-steps",
        {"prospect_id": lead["id"], "description": "Send the pilot contract", "due": TODAY, "owner": "us"},
    )
    assert "Send the pilot contract" in a.page("")
    assert [row["verdict"] for row in a.api(secret, "leads")["items"]] == ["real"]
    assert "Send the pilot contract" in a.page(f"prospects/{lead['id']}/")

    # The reads were cached in the one Redis both use, under the database's and the code's prefix,
    # and B's commits moved the generation that A reads; neither home holds a cache of its own.
    keys = {key.decode() for key in redis_client.scan_iter(match=f"{prefix}:*")}
    assert any(":earnest:generation:" in key for key in keys), keys
    assert len(keys) > 3
    for server in (a, b):
        assert not any((server.home / "cache").glob("**/*.djcache"))
