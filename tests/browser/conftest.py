"""A real `earnest serve` in a temporary home, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
EARNEST = str(Path(sys.executable).with_name("earnest"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """Loads the demo, starts the server, and yields (base URL, one-time login link)."""
    home = tempfile.mkdtemp(prefix="earnest-browser-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARNEST_")}
    env.update(EARNEST_HOME=home, EARNEST_SECRET_KEY="browser-test-secret-key-0123456789-abcdefghijklmnop")
    subprocess.run([EARNEST, "--workspace", "demo", "demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [EARNEST, "--workspace", "demo", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    link = None
    deadline = time.monotonic() + 60
    output = []
    while link is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        found = re.search(r"(http://\S+/login/\S+)", line)
        link = found.group(1) if found else None
    assert link, "the server printed no login link:\n" + "".join(output)
    base = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(base + "/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.2)
    yield base, link
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test-browser` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def signed_in(browser, server):
    """One browser session, signed in with the one-time link the server printed."""
    base, link = server
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.goto(link)
    # The link opens a confirmation page (so a mail scanner's prefetch signs nobody in); click through.
    page.get_by_test_id("confirm-login").click()
    page.wait_for_url(re.compile(r"/w/demo/$"))
    page.close()
    yield context
    context.close()


@pytest.fixture
def page(signed_in):
    page = signed_in.new_page()
    page.set_viewport_size({"width": 1280, "height": 860})
    page.set_default_timeout(15_000)
    yield page
    page.close()


@pytest.fixture
def shoot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
