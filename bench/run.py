"""earnest's benchmarks, one command: `python bench/run.py` (or `make bench`).

Each measurement is the median of repeated runs and is reported next to a baseline
measured in the same run. Results go to a table on stdout and to bench/results/latest.json.

    python bench/run.py [--sizes 1000 10000 100000] [--backends sqlite postgres] [--quick]
                        [--keep] [--out NAME] [--servers 2 --connections 64]

Sections:
  verdicts  all verdicts of a workspace, end to end from the database: judged again on every
            core (the recomputation, without and with storing them), and in one process,
            against the naive baseline of one prospect at a time through the ORM (timed on a
            sample and scaled, since at 100k it would take many minutes); the next day's
            catch-up; the database's size
  pages     the main pages and API list endpoints through Django's test client: p50 and
            p95 latency and query counts, and p50 and p95 of the first view after someone
            else's change, at each size; the serving process's peak memory
  load      requests per second from wrk against `earnest serve` with several workers, and
            the server's memory; with `--servers 2`, two servers with separate homes on one
            PostgreSQL and one Redis (`--redis-url`), the connections shared between them, and
            a write through one read back through the other
  import    CSV import rows per second; analyzer notes per second

Each size gets its own database, named `EARNEST_BENCH_DB` (default `earnest_bench`) and the size
on PostgreSQL, or a SQLite file under `--home-root`; with `--keep` a database generated before
is measured again without generating it anew.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PG_ADMIN_URL = os.environ.get("EARNEST_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
TODAY = date(2026, 11, 23)
NAIVE_SAMPLE = 300
DB_PREFIX = os.environ.get("EARNEST_BENCH_DB", "earnest_bench")
# Above this many prospects the one-process recomputation is left out (minutes, gigabytes).
ONE_PROCESS_UP_TO = 200_000


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- worker side: runs inside one configured Django process -------------------------------


def worker_verdicts(size: int, repeat: int) -> dict:
    from earnest.ledger.derived.snapshots import snapshots_current, snapshots_refresh
    from earnest.ledger.derived.totals import totals_rebuild
    from earnest.ledger.derived.verdict_rows import processes_for
    from earnest.ledger.models import LeadTotal, Prospect
    from earnest.ledger.reads.selectors import lead_assessment, lead_assessments, workspace_get

    ws = workspace_get("bench")
    count = Prospect.objects.filter(workspace=ws).count()
    result: dict = {"prospects": count, "processes": processes_for(count)}
    # The recomputation: every verdict judged again from the database, on every core, dropped
    # (as the one-process figure below), then stored (a rules change, `earnest refresh`).
    result["recompute_s"] = round(_median_time(lambda: snapshots_refresh(ws, TODAY, store=False), repeat), 3)
    result["snapshot_refresh_s"] = round(_median_time(lambda: snapshots_refresh(ws, TODAY), max(1, repeat // 2)), 3)
    # The kept totals summed again from every snapshot row (the end of a whole refresh, above).
    result["totals_rebuild_s"] = round(_median_time(lambda: totals_rebuild(ws.pk), repeat), 3)
    result["totals_rows"] = LeadTotal.objects.filter(workspace_id=ws.pk).count()
    if count <= ONE_PROCESS_UP_TO:
        result["set_based_s"] = round(_median_time(lambda: lead_assessments(ws, TODAY), max(1, repeat // 2)), 3)
    sys.path.insert(0, str(HERE))
    from generate import gather_statistics

    gather_statistics()
    warm = _median_time(lambda: list(snapshots_current(ws, TODAY).values_list("prospect_id", "verdict")), repeat)
    sample = list(Prospect.objects.filter(workspace=ws).order_by("pk")[:NAIVE_SAMPLE])

    def naive() -> None:
        for p in sample:
            lead_assessment(ws, p, TODAY)

    per_prospect = _median_time(naive, max(1, repeat - 1)) / len(sample)
    result.update(
        snapshot_read_s=round(warm, 3),
        naive_s_estimated=round(per_prospect * count, 3),
        naive_sample=len(sample),
        speedup=round(per_prospect * count / result["recompute_s"], 1),
        **_upkeep(ws, repeat),
        **_day_turnover(ws),
        **_vacuumed(),
        **_database_size(),
        worker_peak_rss_mb=_peak_rss_mb(),
        # Other work on the machine slows every figure: the 1-minute load average at the end.
        load_average=round(os.getloadavg()[0], 1),
    )
    return result


def _peak_rss_mb() -> int:
    """The peak memory of this process and of the pool processes it waited for, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024)


def _vacuumed() -> dict:
    """The next day's catch-up rewrote a sixth of the snapshots and the reset all of them: the
    statistics and the visibility map autovacuum would restore within minutes, restored now, so
    the pages measure the steady state rather than the minute after a bulk write."""
    from generate import gather_statistics

    gather_statistics()
    return {}


def _database_size() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        size = cursor.fetchone()[0]
    return {"database_mb": round(size / 2**20)}


def _upkeep(ws, repeat: int) -> dict:
    """What keeping verdicts current on write adds to one write: a next step added through the
    service, with the snapshot recomputed after the commit, against the same write without it."""
    import random

    from earnest.ledger.derived import snapshots
    from earnest.ledger.models import Prospect
    from earnest.ledger.services.steps import next_step_add

    rng = random.Random(11)
    ids = list(Prospect.objects.filter(workspace=ws).values_list("pk", flat=True))
    writes = max(20, repeat * 6)

    def write_some() -> list[float]:
        times = []
        for p in Prospect.objects.filter(pk__in=rng.sample(ids, writes)):
            started = time.perf_counter()
            next_step_add(
                prospect=p, description="Bench follow-up", on=TODAY, owner="us", due=TODAY + timedelta(days=3)
            )
            times.append(time.perf_counter() - started)
        return times

    with_upkeep = statistics.median(write_some())
    kept, snapshots._after_commit = snapshots._after_commit, lambda: None
    try:
        without = statistics.median(write_some())
    finally:
        snapshots._after_commit = kept
    return {"write_with_upkeep_ms": round(1000 * with_upkeep, 1), "write_without_upkeep_ms": round(1000 * without, 1)}


def _day_turnover(ws) -> dict:
    """The next day: verdicts computed for TODAY are read as of the day after. The first read
    returns at once (with the earlier verdicts) while one background thread judges again the
    leads whose date has come (`domain.horizon`); how long that takes, and how many they are.
    Then the same catch-up inline, from the same state, as `earnest refresh` or a reader without
    a server would run it. The workspace ends current for the next day."""
    from django.conf import settings

    from earnest.ledger.derived import snapshots
    from earnest.ledger.models import LeadSnapshot

    tomorrow = TODAY + timedelta(days=1)
    due = snapshots.snapshots_pending(ws, tomorrow)
    before = list(LeadSnapshot.objects.filter(workspace=ws).values_list("prospect_id", "computed_for", "recheck_on"))
    settings.EARNEST_BACKGROUND_REFRESH = True  # as under `earnest serve`
    started = time.perf_counter()
    rows = list(snapshots.snapshots_current(ws, tomorrow).values_list("prospect_id", "verdict"))
    first_read = time.perf_counter() - started
    thread = snapshots._threads.get(ws.pk)
    if thread is not None:
        thread.join()
    caught_up = time.perf_counter() - started
    settings.EARNEST_BACKGROUND_REFRESH = False
    left = snapshots.snapshots_pending(ws, tomorrow)
    # Back to the state of the morning, then the catch-up inline.
    snapshots.snapshots_refresh(ws, TODAY, [pk for pk, _, _ in before])
    started = time.perf_counter()
    inline = snapshots.snapshots_refresh(ws, tomorrow, snapshots.stale_prospect_ids(ws, tomorrow))
    inline_s = time.perf_counter() - started
    return {
        "new_day_due": due,
        "new_day_first_read_s": round(first_read, 3),
        "new_day_rows_read": len(rows),
        "new_day_catch_up_s": round(caught_up, 2),
        "new_day_left_stale": left,
        "new_day_inline_s": round(inline_s, 2),
        "new_day_inline_judged": inline,
    }


def worker_pages(size: int, repeat: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from earnest.accounts.tokens import token_create
    from earnest.ledger.models import Membership, Prospect
    from earnest.ledger.reads.selectors import workspace_get

    ws = workspace_get("bench")
    user, _ = get_user_model().objects.get_or_create(username="bench")
    Membership.objects.get_or_create(user=user, workspace=ws, defaults={"role": "owner"})
    _, secret = token_create(user=user, workspace=ws, name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    browser = Client()
    browser.force_login(user)
    prospect = Prospect.objects.filter(workspace=ws).order_by("pk").first()
    targets = {
        "api /prospects": (api, "/api/v1/prospects?limit=50"),
        "api /conversations": (api, "/api/v1/conversations?limit=50"),
        "api /commitments": (api, "/api/v1/commitments?limit=50"),
        "api /prospects/{id}/verdict": (api, f"/api/v1/prospects/{prospect.pk}/verdict"),
        "api /leads": (api, "/api/v1/leads?limit=50"),
        "api /leads?verdict=zombie": (api, "/api/v1/leads?verdict=zombie&limit=50"),
    }
    targets.update(_web_pages(browser, prospect.pk))
    changes = max(10, repeat // 2)
    results: dict[str, dict] = {}
    for name, (client, url) in targets.items():
        client.get(url)  # warm caches and imports
        samples = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
        samples.sort()
        results[name] = {
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "p50_ms": round(1000 * statistics.median(samples), 1),
            "p95_ms": round(1000 * samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
        }
        # The first view after someone else's change: caches keyed by the change are cold.
        after = sorted(_after_change(client, url, ws, changes))
        results[name]["after_change_p50_ms"] = round(1000 * statistics.median(after), 1)
        results[name]["after_change_p95_ms"] = round(1000 * after[min(len(after) - 1, int(0.95 * len(after)))], 1)
    results["_process"] = {"peak_rss_mb": _peak_rss_mb(), "load_average": round(os.getloadavg()[0], 1)}
    return results


def _after_change(client, url: str, ws, repeat: int) -> list[float]:
    import random

    from earnest.ledger.models import Prospect
    from earnest.ledger.services.steps import next_step_add

    rng = random.Random(5)
    last = Prospect.objects.filter(workspace=ws).order_by("-pk").values_list("pk", flat=True).first()
    samples = []
    for _ in range(repeat):
        prospect = Prospect.objects.filter(workspace=ws, pk__lte=rng.randint(1, last)).order_by("-pk").first()
        next_step_add(prospect=prospect, description="Bench change", on=TODAY + timedelta(days=1), owner="us")
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    return samples


def _web_pages(client, prospect_id: int) -> dict:
    """The web app's main pages, by URL name, where the web app is installed."""
    from django.urls import NoReverseMatch, reverse

    pages = {}
    for label, name, extra in [
        ("page today", "webui:today", {}),
        ("page pipeline", "webui:pipeline", {}),
        ("page prospect", "webui:prospect", {"pk": prospect_id}),
        ("page dashboard", "webui:dashboard", {}),
    ]:
        try:
            pages[label] = (client, reverse(name, kwargs={"slug": "bench", **extra}))
        except NoReverseMatch:
            continue
    return pages


def worker_import(size: int, repeat: int) -> dict:
    """HubSpot company rows per second through the all-or-nothing importer (dry run and real)."""
    import io

    from earnest.ledger.services.prospects import workspace_ensure
    from earnest.transfer.csv_import import import_csv

    rows = io.StringIO()
    rows.write(
        "Record ID,Company name,Company Domain Name,Company owner,Create Date,Industry,Lifecycle Stage,Description\n"
    )
    for i in range(size):
        rows.write(
            f"{9_000_000 + i},Import Co {i},import{i}.example,Dana,2026-03-14 09:21,Logistics,Lead,"
            f"Runs invoices through a spreadsheet\n"
        )
    data = rows.getvalue().encode()
    # a database kept from an earlier run (--keep) holds that run's import: matched row for row, the
    # same file would update nothing and measure nothing, so each run imports into an empty workspace
    from earnest.ledger.models import Workspace

    Workspace.objects.filter(slug="import-bench").delete()
    ws = workspace_ensure(slug="import-bench")
    dry = _median_time(
        lambda: import_csv(workspace=ws, data=data, name="bench.csv", today=TODAY, preset="hubspot", dry_run=True),
        repeat,
    )
    started = time.perf_counter()
    import_csv(workspace=ws, data=data, name="bench.csv", today=TODAY, preset="hubspot")
    real = time.perf_counter() - started
    return {"rows": size, "dry_run_rows_per_s": round(size / dry), "import_rows_per_s": round(size / real)}


def worker_session(size: int, repeat: int) -> dict:
    """A signed-in browser session for the load generator, as the login page would make one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from earnest.ledger.models import Prospect

    user = get_user_model().objects.get(username="loader")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    first = Prospect.objects.filter(workspace__slug="bench").order_by("pk").values_list("pk", flat=True).first()
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "prospect": first}


def worker_main(args: argparse.Namespace) -> None:
    from earnest.bootstrap import setup

    setup()
    if args.generate:
        sys.path.insert(0, str(HERE))
        from generate import generate

        started = time.perf_counter()
        counts = generate(prospects=args.size, workspace_slug="bench", today=TODAY, progress=False)
        print(json.dumps({"generated": counts, "seconds": round(time.perf_counter() - started, 1)}))
        return
    fn = {"verdicts": worker_verdicts, "pages": worker_pages, "import": worker_import, "session": worker_session}[
        args.worker
    ]
    print(json.dumps(fn(args.size, args.repeat)))


# --- driver side: one fresh database per backend and size ---------------------------------


def _database_env(backend: str, size: int, home: str, keep: bool) -> tuple[dict, bool]:
    """The environment of the workers for one size, and whether its data must be generated."""
    env = {**os.environ, "EARNEST_HOME": home, "EARNEST_SECRET_KEY": "bench-only-secret-key-0123456789abcdef"}
    env.pop("EARNEST_DATABASE_URL", None)
    env.pop("EARNEST_TODAY", None)
    generated = (Path(home) / "generated.json").exists()
    if backend == "postgres":
        name = f"{DB_PREFIX}_{size}"
        env["EARNEST_DATABASE_URL"] = f"{PG_ADMIN_URL}/{name}"
        if keep and generated:
            return env, False
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{PG_ADMIN_URL}/postgres", "-q", "-c", sql], check=True, capture_output=True)
        return env, True
    if not (keep and generated):
        for leftover in Path(home).glob("earnest.sqlite3*"):
            leftover.unlink()
    return env, not (keep and generated)


def _run_worker(env: dict, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "--worker-process", *extra], env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"worker {' '.join(extra)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_test(
    env: dict,
    seconds: int,
    connections: int,
    workers: int,
    servers: int = 1,
    redis_url: str = "",
    timeout: str = "2s",
) -> list[dict]:
    """wrk against `earnest serve` with several workers: requests per second, latency, errors.

    With `servers` above one, as many servers run as on as many machines (each its own
    `EARNEST_HOME`, one database, one Redis cache at `redis_url`), the connections are shared
    among them, and a write through the first is read back through the second."""
    import shutil

    if not shutil.which("wrk"):
        return [{"skipped": "wrk is not installed (apt-get install wrk)"}]
    env = {
        **env,
        "EARNEST_WORKSPACE": "bench",
        "EARNEST_NEW_PASSWORD": "bench-pass-7f3k2",
        # The API's per-minute limits would answer most of wrk's requests with 429.
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")])),
    }
    homes = [tempfile.mkdtemp(prefix="earnest-bench-server-") for _ in range(servers - 1)]
    envs = [env] + [{**env, "EARNEST_HOME": home} for home in homes]
    if servers > 1:
        envs = [{**e, "EARNEST_REDIS_URL": redis_url} for e in envs]
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "earnest"), "createuser", "loader", "--role", "owner"], env=env, check=True, capture_output=True
    )
    token = (
        subprocess.run(
            [str(bin_dir / "earnest"), "token", "create", "loader", "--name", "wrk"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    ports = [_free_port() for _ in envs]
    running = [
        subprocess.Popen(
            [str(bin_dir / "earnest"), "serve", "--port", str(port), "--workers", str(workers)],
            env=e,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for e, port in zip(envs, ports, strict=True)
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait_for(base)
        browser = _run_worker(env, "--worker", "session")
        api_auth, web_auth = f"Authorization: Bearer {token}", f"Cookie: {browser['cookie']}"
        targets = [
            (path, api_auth)
            for path in [
                "/api/v1/prospects?limit=50",
                "/api/v1/leads?limit=50",
                "/api/v1/leads?verdict=zombie&limit=50",
                "/api/v1/today",
            ]
        ]
        targets += [
            (f"/w/bench/{page}", web_auth)
            for page in ["", "pipeline/", f"prospects/{browser['prospect']}/", "dashboard/"]
        ]
        targets.append(("/health", api_auth))
        results = [_write_read_across(bases, api_auth)] if servers > 1 else []
        for path, auth in targets:
            for base in bases:
                _expect_ok(base, path, auth)
            share = max(1, connections // len(bases))
            loads = [
                subprocess.Popen(
                    ["wrk", "-t2", f"-c{share}", f"-d{seconds}s", f"--timeout={timeout}", "--latency", "-H", auth]
                    + [base + path],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
                for base in bases
            ]
            numbers = [_wrk_numbers(load.communicate(timeout=seconds + 60)[0]) for load in loads]
            results.append({"path": path, "servers": len(bases), "connections": share * len(bases), **_summed(numbers)})
        results.append(
            {"path": "server memory after the load", "rss_mb": [_tree_rss_mb(server.pid) for server in running]}
        )
        return results
    finally:
        for server in running:
            server.terminate()
        for server in running:
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        for home in homes:
            shutil.rmtree(home, ignore_errors=True)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(base: str) -> None:
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/health", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not answer /health within a minute")


def _summed(numbers: list[dict]) -> dict:
    """One target's wrk figures over every server: rates and errors added, each server's latencies."""
    if len(numbers) == 1:
        return numbers[0]
    return {
        "requests_per_s": str(round(sum(float(n["requests_per_s"] or 0) for n in numbers), 2)),
        "p50": [n["p50"] for n in numbers],
        "p99": [n["p99"] for n in numbers],
        "socket_errors": sum(n["socket_errors"] for n in numbers),
        "non_2xx": sum(n["non_2xx"] for n in numbers),
    }


def _write_read_across(bases: list[str], auth: str) -> dict:
    """A prospect added through the first server, counted through the second: its list's total
    is a cached read, so the count moves only if the servers share their cache's invalidation."""
    import urllib.request

    name, value = auth.split(": ", 1)

    def call(base: str, path: str, method: str = "GET", body: dict | None = None) -> dict | None:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(base + path, data=data, method=method, headers={name: value})
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def count() -> int:
        found = call(bases[1], "/api/v1/prospects?limit=1")
        assert found is not None
        return int(found["count"])

    before = count()
    added = call(bases[0], "/api/v1/prospects", "POST", {"name": f"Two servers {time.time_ns()}", "ladder": "b2b"})
    assert added is not None
    after = count()
    call(bases[0], f"/api/v1/prospects/{added['id']}?version={added['version']}", "DELETE")
    return {
        "path": "a prospect added through one server, counted through the other",
        "count_before": before,
        "count_after": after,
        "shows": after == before + 1,
    }


def _tree_rss_mb(root: int) -> int:
    """The resident memory of a process and all its descendants (Linux /proc), in MiB."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return round(total / 1024)


def _expect_ok(base: str, path: str, header: str) -> None:
    """wrk counts only 4xx and 5xx as errors: a redirect to the login page would pass unnoticed."""
    import http.client
    from urllib.parse import urlsplit

    name, value = header.split(": ", 1)
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=120)
    conn.request("GET", path, headers={name: value})
    status = conn.getresponse().status
    conn.close()
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not 200: the load test would measure the wrong page")


def _wrk_numbers(out: str) -> dict:
    import re

    def grab(pattern: str) -> str:
        found = re.search(pattern, out, re.MULTILINE)
        return found.group(1) if found else ""

    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = grab(r"Non-2xx or 3xx responses: (\d+)")
    return {
        "requests_per_s": grab(r"Requests/sec:\s+([\d.]+)"),
        "p50": grab(r"^\s*50%[ \t]+(\S+)"),
        "p99": grab(r"^\s*99%[ \t]+(\S+)"),
        "socket_errors": errors,
        "non_2xx": int(non2xx or 0),
    }


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page-repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="1k and 10k only, fewer repeats")
    parser.add_argument("--no-load", action="store_true", help="skip the wrk load test")
    parser.add_argument("--no-pages", action="store_true", help="skip page and endpoint latency")
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--wrk-timeout",
        default="2s",
        help="how long wrk waits for an answer before it counts a timeout (its own default: 2s)",
    )
    parser.add_argument("--servers", type=int, default=1, help="servers under load, each its own home (one database)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("EARNEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
        help="the Redis cache several servers share",
    )
    parser.add_argument("--keep", action="store_true", help="measure a database generated before again")
    parser.add_argument("--home-root", default="", help="keep each size's EARNEST_HOME (and SQLite file) here")
    parser.add_argument("--out", default="", help="also write the results to bench/results/OUT.json")
    parser.add_argument("--no-import", action="store_true", help="skip the CSV import rate")
    parser.add_argument("--generate-only", action="store_true", help="generate the data (see --keep), measure nothing")
    parser.add_argument("--worker-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", default="verdicts", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_process:
        worker_main(args)
        return
    if args.quick:
        args.sizes, args.repeat, args.page_repeat = [1_000, 10_000], 3, 10

    report: dict = {
        "machine": machine(),
        "today": TODAY.isoformat(),
        "verdicts": [],
        "pages": [],
        "load": [],
        "import": None,
    }
    print(
        f"{'backend':<9} {'prospects':>9} {'events':>9} {'recompute s':>11} {'1 process s':>11} "
        f"{'naive s (est.)':>14} {'refresh s':>9} {'read s':>7} {'next day':>8} {'catch-up':>8}"
    )
    for backend in args.backends:
        for size in args.sizes:
            _measure_size(args, report, backend, size)
    report["growth"] = growth(report)
    _print_summary(report)
    _save(report, args.out)
    print(f"\nwritten to {RESULTS / 'latest.json'}")


def _measure_size(args: argparse.Namespace, report: dict, backend: str, size: int) -> None:
    """Generate `size` prospects on `backend`, then time verdicts, pages, load and import there."""
    if args.home_root:
        home = Path(args.home_root) / f"{backend}-{size}"
        home.mkdir(parents=True, exist_ok=True)
        _measure_in(args, report, backend, size, str(home))
    else:
        with tempfile.TemporaryDirectory(prefix="earnest-bench-") as temporary:
            _measure_in(args, report, backend, size, temporary)


def _measure_in(args: argparse.Namespace, report: dict, backend: str, size: int, home: str) -> None:
    env, generate = _database_env(backend, size, home, args.keep)
    marker = Path(home) / "generated.json"
    if generate:
        gen = _run_worker(env, "--generate", "--size", str(size))
        marker.write_text(json.dumps(gen))
    gen = json.loads(marker.read_text())
    if args.generate_only:
        return
    v = _run_worker(env, "--worker", "verdicts", "--size", str(size), "--repeat", str(args.repeat))
    v.update(backend=backend, events=gen["generated"]["events"], generate_s=gen["seconds"])
    report["verdicts"].append(v)
    print(
        f"{backend:<9} {size:>9} {v['events']:>9} {v['recompute_s']:>11} {v.get('set_based_s', '-'):>11} "
        f"{v['naive_s_estimated']:>14} {v['snapshot_refresh_s']:>9} {v['snapshot_read_s']:>7} "
        f"{v['new_day_due']:>8} {v['new_day_catch_up_s']:>8}",
        flush=True,
    )
    # The verdicts worker leaves the workspace judged for the next day: the rest reads as of it.
    env = {**env, "EARNEST_TODAY": (TODAY + timedelta(days=1)).isoformat()}
    if size >= 10_000 and not args.no_pages:
        pages = _run_worker(env, "--worker", "pages", "--size", str(size), "--repeat", str(args.page_repeat))
        process = pages.pop("_process", {})
        report.setdefault("page_process", []).append({"backend": backend, "prospects": size, **process})
        for name, r in pages.items():
            report["pages"].append({"backend": backend, "prospects": size, "target": name, **r})
    if backend == "postgres" and size == max(args.sizes) and not args.no_load:
        for r in load_test(
            env, args.load_seconds, args.connections, args.workers, args.servers, args.redis_url, args.wrk_timeout
        ):
            report["load"].append({"prospects": size, "workers": args.workers, **r})
    _save(report, args.out)
    if backend == args.backends[0] and size == min(args.sizes) and not args.no_import:
        report["import"] = _run_worker(env, "--worker", "import", "--size", "5000", "--repeat", "3")


def _print_summary(report: dict) -> None:
    if report["import"]:
        imp = report["import"]
        print(
            f"\nCSV import (HubSpot companies, {imp['rows']} rows): dry run {imp['dry_run_rows_per_s']} rows/s, "
            f"import {imp['import_rows_per_s']} rows/s"
        )
    for r in report["load"]:
        print(f"load {r.get('path', '')}: {r}")
    for g in report.get("growth", []):
        print(f"growth {g}")
    if report["pages"]:
        print(
            f"\n{'backend':<9} {'prospects':>9} {'target':<30} {'status':>6} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7}"
        )
        for r in report["pages"]:
            print(
                f"{r['backend']:<9} {r['prospects']:>9} {r['target']:<30} {r['status']:>6} {r['queries']:>7} "
                f"{r['p50_ms']:>7} {r['p95_ms']:>7}"
            )


def _save(report: dict, out: str = "") -> None:
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(report, indent=2)
    (RESULTS / "latest.json").write_text(text)
    if out:
        (RESULTS / f"{out}.json").write_text(text)


GROWING = ("generate_s", "recompute_s", "snapshot_refresh_s", "snapshot_read_s", "new_day_catch_up_s", "database_mb")


def growth(report: dict) -> list[dict]:
    """How each cost grows between two sizes measured on one backend: the exponent k in
    cost ~ size^k (1 is linear), from the two sizes' figures."""
    found = []
    for backend in sorted({v["backend"] for v in report["verdicts"]}):
        rows = sorted((v for v in report["verdicts"] if v["backend"] == backend), key=lambda v: v["prospects"])
        for small, large in zip(rows, rows[1:], strict=False):
            ratio = math.log(large["prospects"] / small["prospects"])
            exponents = {
                key: round(math.log(large[key] / small[key]) / ratio, 2)
                for key in GROWING
                if small.get(key) and large.get(key)
            }
            found.append({"backend": backend, "from": small["prospects"], "to": large["prospects"], **exponents})
    return found


if __name__ == "__main__":
    main()
