"""Real `earnest serve` processes, each in a home of its own: what a second server on one machine meets."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

EARNEST = str(Path(sys.executable).with_name("earnest"))
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def machine(tmp_path) -> Iterator:
    """Starts servers as one user of one machine would (one HOME, no XDG_RUNTIME_DIR); stops them after."""
    processes: list[subprocess.Popen] = []
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("EARNEST_", "XDG_"))}
    base_env.update(HOME=str(tmp_path / "user"), EARNEST_SECRET_KEY="serve-live-secret-key-0123456789-abcdefghijkl")

    def start(name: str, port: int) -> tuple[subprocess.Popen, Path]:
        home = tmp_path / name
        env = {**base_env, "EARNEST_HOME": str(home)}
        process = subprocess.Popen(
            [EARNEST, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # little: the tests make no requests
            text=True,
        )
        processes.append(process)
        return process, home

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _running(process: subprocess.Popen) -> str:
    """Waits until the server says it runs; the line."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "running at" in line:
            return line
        assert line, "the server stopped without saying it runs"
    raise AssertionError("the server did not say it runs within a minute")


def test_a_second_server_on_a_busy_port_stops_with_the_port_named(machine):
    port = _free_port()
    first, _ = machine("a", port)
    assert f":{port}/" in _running(first)
    second, _ = machine("b", port)
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in out and "--port" in out
    assert "running at" not in out
    assert first.poll() is None


def _appears(path: Path) -> bool:
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return path.exists()


def test_two_servers_keep_their_own_control_sockets(machine, tmp_path):
    """gunicorn's default control socket is one per user: the second server took it over, and the one
    stopping first removed it. Each server now keeps its own in its EARNEST_HOME."""
    port_a, port_b = _free_port(), _free_port()
    first, home_a = machine("a", port_a)
    second, home_b = machine("b", port_b)
    _running(first), _running(second)
    ctl_a, ctl_b = home_a / f"gunicorn-{port_a}.ctl", home_b / f"gunicorn-{port_b}.ctl"
    assert _appears(ctl_a) and _appears(ctl_b)
    assert not (tmp_path / "user" / ".gunicorn").exists()
    second.terminate()
    second.wait(timeout=10)
    assert ctl_a.exists() and not ctl_b.exists()
    answer = subprocess.run(
        [str(Path(EARNEST).with_name("gunicornc")), "-s", str(ctl_a), "-c", "show stats", "-j"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert answer.returncode == 0 and json.loads(answer.stdout)["pid"] == first.pid
