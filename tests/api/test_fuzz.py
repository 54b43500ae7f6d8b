"""Schemathesis against the live API, served by gunicorn, from the published OpenAPI schema.

Every generated request, valid or not, must get an answer that is not a server error.
Runs in `make test` (target test-fuzz); excluded from the quick default run.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.fuzz
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _earnest(env, *args: str) -> str:
    out = subprocess.run([str(BIN / "earnest"), *args], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture
def live_api(tmp_path):
    env = {
        **os.environ,
        "EARNEST_HOME": str(tmp_path),
        "EARNEST_WORKSPACE": "fuzz",
        "EARNEST_SECRET_KEY": "fuzz-only-secret-key-0123456789abcdefghij",
        "EARNEST_NEW_PASSWORD": "fuzz-pass-9f3k2",
    }
    env.pop("EARNEST_TODAY", None)
    _earnest(env, "init")
    _earnest(env, "demo")
    _earnest(env, "createuser", "fuzzer", "--role", "owner")
    secret = _earnest(env, "token", "create", "fuzzer", "--name", "schemathesis").strip().splitlines()[-1]
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "earnest.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base, secret
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        print((tmp_path / "server.log").read_text()[-4000:])


def test_no_generated_request_causes_a_server_error(live_api):
    base, secret = live_api
    result = subprocess.run(
        [
            str(BIN / "st"),
            "run",
            f"{base}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {secret}",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            os.environ.get("EARNEST_FUZZ_EXAMPLES", "30"),
            "--seed",
            "20261123",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    report = result.stdout
    failures = report[report.find("FAILURES") : report.find("WARNINGS")] if "FAILURES" in report else report[-6000:]
    assert result.returncode == 0, failures[:12000] + result.stderr[-2000:]
