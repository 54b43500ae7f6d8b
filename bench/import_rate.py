"""Import rate: HubSpot companies, their contacts, then deals, notes and a calendar, on a fresh database per backend.

    .venv/bin/python bench/import_rate.py --rows 5000 --deals 1000 --notes 300 --meetings 300 --baseline 00c00dd

Each run reports rows per second for a dry run, for the import up to its commit, and for the
import with the verdicts recomputed after the commit (the CLI does that inline; the server leaves
more than a thousand to its background catch-up), and the longest write transaction the import
held (on SQLite, how long every other writer waits). The calendar (`--meetings`, an .ics file of
meetings held, each with one of the contacts) is read by the analyzer too. `--baseline REV` runs the same files through
the code of an earlier commit in the same run (its `src/` from `git archive`), so the two rates
come from the same machine and the same minute. Notes are fewer (`--notes`): the analyzer reads
each one, about 180 a second on one core. There are two notes files of that size: `notes`, imported
as the CLI does by default (conversations and their flags), and `notes-accepted`, other notes on the
same companies imported with `--accept-suggestions` (their commitments, evidence and to-dos too).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_ADMIN_URL = os.environ.get("EARNEST_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
TODAY = date(2026, 3, 20)


NOTE = (
    "Pat said the team re-keys every invoice by hand into a spreadsheet and loses a day a week to it. "
    "She agreed to send last month's invoices so we can run a pilot, and to introduce us to the CFO."
)


def _calendar(meetings: int) -> bytes:
    """Meetings held in the month before TODAY, each with one company's contact."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//earnest bench//EN"]
    for i in range(meetings):
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-meeting-{i}@example.com",
            f"DTSTART:202603{1 + i % 19:02d}T{9 + i % 8:02d}0000Z",
            f"DTEND:202603{1 + i % 19:02d}T{10 + i % 8:02d}0000Z",
            "ORGANIZER:mailto:dana@seller.example",
            f"ATTENDEE:mailto:pat{i}@import{i}.example",
            f"SUMMARY:Pilot review {i}",
            f"DESCRIPTION:{NOTE}",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def _files(rows: int, deals: int, notes: int) -> dict[str, tuple[str, bytes]]:
    """Each file with the preset it is read with (deals and notes in the generic columns, by company name)."""
    companies = ["Record ID,Company name,Company Domain Name,Company owner,Create Date,Industry,Description"]
    contacts = ["Record ID,First Name,Last Name,Email,Job Title,Associated Company IDs (Primary)"]
    deals_file = ["external_id,name,stage,company,amount,close_date"]
    for i in range(rows):
        companies.append(
            f"{9_000_000 + i},Import Co {i},import{i}.example,Dana,2026-03-14 09:21,Logistics,"
            f"Runs invoices through a spreadsheet"
        )
        contacts.append(f"{7_000_000 + i},Pat,Lee {i},pat{i}@import{i}.example,CFO,{9_000_000 + i}")
        if i >= deals:
            continue
        stage = ("closedwon", "closedlost", "appointmentscheduled")[i % 3]
        deals_file.append(f"{5_000_000 + i},Deal {i},{stage},Import Co {i},{1_000 + i},2026-03-0{1 + i % 9}")
    notes_file = ["external_id,company,date,body"]
    notes_file += [f'{3_000_000 + i},Import Co {i},2026-03-1{i % 10},"{NOTE} (call {i})"' for i in range(notes)]
    # The same notes again, as other notes, with their findings recorded (commitments, evidence, to-dos).
    accepted = ["external_id,company,date,body"]
    accepted += [f'{4_000_000 + i},Import Co {i},2026-03-1{i % 10},"{NOTE} (visit {i})"' for i in range(notes)]
    return {
        name: (preset, ("\n".join(lines) + "\n").encode())
        for name, preset, lines in (
            ("companies", "hubspot", companies),
            ("contacts", "hubspot", contacts),
            ("deals", "generic", deals_file),
            ("notes", "generic", notes_file),
            ("notes-accepted", "generic", accepted),
        )
    }


def _watch_write_transactions(held: list[float]) -> None:
    """Append how long each outermost transaction stayed open, up to its commit or rollback (SQLite's
    write lock is held that long; what runs after the commit, such as the verdicts, is not counted)."""
    from django.db import connection, transaction

    enter, commit, rollback = transaction.Atomic.__enter__, connection.commit, connection.rollback
    started: list[float] = []

    def timed_enter(self):
        if not connection.in_atomic_block:
            started.append(time.perf_counter())
        return enter(self)

    def ended(end):
        def timed():
            end()
            if started:
                held.append(time.perf_counter() - started.pop())

        return timed

    transaction.Atomic.__enter__ = timed_enter
    connection.commit, connection.rollback = ended(commit), ended(rollback)


def worker(rows: int, deals: int, notes: int, meetings: int) -> dict:
    from earnest.bootstrap import setup

    setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from earnest.ledger.services.prospects import workspace_ensure
    from earnest.transfer.calendar_import import import_ics
    from earnest.transfer.csv_import import import_csv

    committed: list[float] = []
    held: list[float] = []
    connection.on_commit = _wrap_on_commit(connection.on_commit, committed)
    _watch_write_transactions(held)
    ws = workspace_ensure(slug="import-bench")
    out = {}
    runs = {
        label: (functools.partial(import_csv, preset=preset, accept_suggestions=label == "notes-accepted"), data)
        for label, (preset, data) in _files(rows, deals, notes).items()
    }
    if meetings:
        runs["meetings"] = (import_ics, _calendar(meetings))
    for label, (run, data) in runs.items():
        n = {"deals": deals, "notes": notes, "notes-accepted": notes, "meetings": meetings}.get(label, rows)
        started = time.perf_counter()
        run(workspace=ws, data=data, name=label, today=TODAY, dry_run=True)
        dry = time.perf_counter() - started
        committed.clear()
        held.clear()
        started = time.perf_counter()
        run(workspace=ws, data=data, name=label, today=TODAY)
        done = time.perf_counter()
        commit = (committed[0] if committed else done) - started
        out[label] = {
            "rows": n,
            "dry_run_rows_per_s": round(n / dry),
            "to_commit_rows_per_s": round(n / commit),
            "with_verdicts_rows_per_s": round(n / (done - started)),
            "longest_write_transaction_s": round(max(held, default=0.0), 3),
        }
    return out


def _wrap_on_commit(on_commit, committed: list[float]):
    """The first after-commit callback of an import marks its commit (the verdicts come after it)."""

    def wrapped(func, *args, **kwargs):
        def timed():
            if not committed:
                committed.append(time.perf_counter())
            func()

        return on_commit(timed, *args, **kwargs)

    return wrapped


def _env(backend: str, home: str, pythonpath: str | None) -> dict:
    env = {**os.environ, "EARNEST_HOME": home, "EARNEST_SECRET_KEY": "bench-only-secret-key-0123456789abcdef"}
    env.pop("EARNEST_DATABASE_URL", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    if backend == "postgres":
        # one database per run, so that two people benchmarking on one server do not drop each other's
        name = f"earnest_bench_import_{os.getpid()}"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{PG_ADMIN_URL}/postgres", "-q", "-c", sql], check=True, capture_output=True)
        env["EARNEST_DATABASE_URL"] = f"{PG_ADMIN_URL}/{name}"
    return env


def _run(backend: str, sizes: list[str], src: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="earnest-import-bench-") as home:
        env = _env(backend, home, src)
        out = subprocess.run([sys.executable, __file__, "--worker", *sizes], env=env, capture_output=True, text=True)
        if backend == "postgres":
            drop = f"DROP DATABASE IF EXISTS {env['EARNEST_DATABASE_URL'].rsplit('/', 1)[1]}"
            subprocess.run(["psql", f"{PG_ADMIN_URL}/postgres", "-q", "-c", drop], check=True, capture_output=True)
    if out.returncode != 0:
        raise SystemExit(f"import bench on {backend} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--deals", type=int, default=1_000, help="rows of the deals file")
    parser.add_argument(
        "--notes", type=int, default=300, help="rows of each notes file, one without and one with the findings recorded"
    )
    parser.add_argument("--meetings", type=int, default=300, help="meetings of the calendar (the analyzer reads each)")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--baseline", help="an earlier commit whose importer runs the same files")
    parser.add_argument("--out", help="where the results go (default: results/import-rate-ROWS.json)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.rows, args.deals, args.notes, args.meetings)))
        return
    results: dict = {"rows": args.rows, "deals": args.deals, "notes": args.notes, "meetings": args.meetings}
    sizes = [f"--{size}={getattr(args, size)}" for size in ("rows", "deals", "notes", "meetings")]
    with tempfile.TemporaryDirectory(prefix="earnest-baseline-") as old:
        if args.baseline:
            archive = subprocess.run(
                ["git", "archive", args.baseline, "src"], cwd=HERE.parent, check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", old], input=archive, check=True)
        for backend in args.backends:
            results[backend] = {"now": _run(backend, sizes, None)}
            if args.baseline:
                results[backend][args.baseline] = _run(backend, sizes, f"{old}/src")
            print(json.dumps({backend: results[backend]}), flush=True)
    out = Path(args.out) if args.out else HERE / "results" / f"import-rate-{args.rows}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
