"""Snapshot rows from histories' rows: the pure part of a refresh, spread over the machine's cores.

A refresh reads the rows of a block of prospects (`reads.selectors.history_rows`), judges them
here, and writes what this returns (`snapshots`). Judging is pure Python (`mapping.histories_of`,
the domain's rules, the JSON of each assessment) and reads no database, so a large block is cut
into slices judged by a pool of worker processes, one per core. The workers are forked after
the block is read: they find its rows in memory, and send back only finished rows of plain
values (strings, numbers, booleans), which cross between processes cheaply. The whole
assessment (its reasons, warnings and advice as text) is not stored: the pages judge the few
leads they show (`reads.selectors.lead_details`), which kept every refresh from writing 1.8 KB
of JSON per lead. A small block, or
a machine with one core, is judged in the calling process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from multiprocessing.pool import AsyncResult
from typing import Any

from earnest.domain import rules_version
from earnest.domain.agenda import LISTS, agenda_counts
from earnest.domain.commitments import Tally, tally
from earnest.domain.currencies import Currency
from earnest.domain.history import ProspectHistory, StepOwner
from earnest.domain.ladders import MAIN_TRACK, Ladder
from earnest.domain.results import Assessment
from earnest.domain.verdicts import assess_many_until

from ..mapping import HistoryRows, histories_of

# A lead's commitments summed up for the day (`domain.commitments.tally`), which the dashboard adds up.
TALLY_COLUMNS = (
    "promises",
    "promises_kept",
    "promises_open",
    "promises_broken",
    "given_time",
    "given_reputation",
    "given_money",
    "money_committed",
)
# The lead's items on each of today's lists but the stalled and zombie ones (counted by verdict).
AGENDA_LISTS = tuple(name for name in LISTS if name not in ("stalled", "zombies"))
AGENDA_COLUMNS = tuple(f"agenda_{name}" for name in AGENDA_LISTS)
# The columns of a snapshot row, in the order `snapshot_rows` gives them.
COLUMNS = (
    "prospect_id",
    "workspace_id",
    "name",
    "ladder",
    "computed_for",
    "rules_version",
    "revision",
    "verdict",
    "strength",
    "earlyvangelist",
    "rung",
    "rung_position",
    "stage_since",
    "warnings",
    "next_step_due",
    "reached",
    *TALLY_COLUMNS,
    *AGENDA_COLUMNS,
    "recheck_on",
    "counts",
)
# Below this many prospects a pool costs more than it saves (forking, collecting the rows).
POOL_FROM = 4_000
# Prospects per task handed to a worker: small enough to keep every core busy to the end.
SLICE = 1_000


def highest_main_position(ladder: Ladder, reached: set[str]) -> int:
    """Position of the highest main-track rung reached, -1 for none: a funnel counts everything below it."""
    return max((ladder.position(r.key) for r in ladder.track(MAIN_TRACK) if r.key in reached), default=-1)


@dataclass(frozen=True)
class Job:
    """A block of prospects to judge: their rows, and what every row of theirs needs."""

    workspace_id: int
    rows: HistoryRows
    ladders: Mapping[str, Ladder]
    today: date
    revisions: Mapping[int, int]


def snapshot_rows(job: Job, start: int = 0, stop: int | None = None) -> list[tuple[Any, ...]]:
    """Snapshot rows (`COLUMNS`) for `job.rows.prospects[start:stop]`, in this process."""
    histories = histories_of(job.rows, start, stop)
    today, workspace_id, revisions = job.today, job.workspace_id, job.revisions
    # Each ladder's main-track positions, looked up once rather than per lead (`highest_main_position`).
    main = {
        key: {r.key: ladder.position(r.key) for r in ladder.track(MAIN_TRACK)} for key, ladder in job.ladders.items()
    }
    return [
        _row(
            workspace_id, history, assessment, main.get(history.ladder), today, again, revisions.get(int(history.id), 0)
        )
        for history, (assessment, again) in zip(
            histories, assess_many_until(histories, job.ladders, today, explain=False), strict=True
        )
    ]


def _row(
    workspace_id: int,
    history: ProspectHistory,
    assessment: Assessment,
    main_positions: dict[str, int] | None,
    today: date,
    again: date,
    revision: int,
) -> tuple[Any, ...]:
    entries = assessment.stage.history  # in the order they were reached
    top = (
        max((main_positions[e.rung] for e in entries if e.rung in main_positions), default=-1) if main_positions else -1
    )
    due = _prospect_step_due(history)
    reached = [(e.rung, e.reached_on) for e in entries]
    tallied = _tally_values(tally(history.commitments, today))
    agenda = _agenda_values(agenda_counts(history, assessment, today))
    return (
        history.id,
        workspace_id,
        history.name,
        history.ladder,
        today.isoformat(),
        rules_version.RULES_VERSION,
        revision,
        assessment.verdict.value,
        round(assessment.strength.score, 2),
        assessment.earlyvangelist.flag,
        assessment.stage.current or "",
        top,
        assessment.stage.since.isoformat(),
        _strings_json(tuple(w.kind.value for w in assessment.warnings)),
        due.isoformat() if due else None,
        _reached_json(reached),
        *tallied,
        *agenda,
        again.isoformat(),
        counts_json(
            counts_of(
                assessment.verdict.value, history.ladder, assessment.stage.current or "", top, reached, tallied, agenda
            )
        ),
    )


def counts_of(
    verdict: str,
    ladder: str,
    rung: str,
    top: int,
    reached: Sequence[tuple[str, date]],
    tallied: Sequence[Any],
    agenda: Sequence[int],
) -> dict[str, int]:
    """What one lead adds to its workspace's kept totals (`derived.totals`), from its snapshot's values.

    Keys name a total, `<kind>|...`: `v|<verdict>` (the board's columns, the dashboard's verdicts,
    Today's stalled and zombie counts), `a|<list>` (the lead's items on each of Today's lists),
    `t|<tally column>` (the dashboard's commitments; money in cents), `f|<ladder>|<position>` (the
    funnel: the highest main-track rung reached), and for a lead on a rung the time spent on each
    rung it reached: `p|<ladder>|<rung>|<days>` for a rung it has left (a fixed number of days) and
    `q|<ladder>|<rung>|<day reached>` for the one it is on (its days counted on the day of the read).
    Zeros are left out. The database adds these up on every write of a snapshot row (the triggers
    of migration 0017), so the pages read a workspace's totals instead of summing its leads."""
    counts: dict[str, int] = {f"v|{verdict}": 1, f"f|{ladder}|{top}": 1}
    for name, value in zip(AGENDA_LISTS, agenda, strict=True):
        if value:
            counts[f"a|{name}"] = int(value)
    for name, value in zip(TALLY_COLUMNS, tallied, strict=True):
        if name == "money_committed":
            if value != "0":  # most leads have promised no money
                cents = int((Decimal(value) * 100).to_integral_value(ROUND_HALF_UP))
                if cents:
                    counts["t|money_cents"] = cents
        elif value:
            counts[f"t|{name}"] = int(value)
    if rung:  # the dashboard's time in each rung counts the leads on one
        for i, (key, on) in enumerate(reached):
            if i + 1 < len(reached):
                span = f"p|{ladder}|{key}|{max((reached[i + 1][1] - on).days, 0)}"
            else:
                span = f"q|{ladder}|{key}|{on.isoformat()}"
            counts[span] = counts.get(span, 0) + 1
    return counts


def counts_json(counts: Mapping[str, int]) -> str:
    """One spelling per set of counts: an unchanged lead's row compares equal, and costs the totals nothing.

    `json.dumps(counts, sort_keys=True, separators=(",", ":"))`, spelt out: `json` builds an
    encoder for every call, which cost more than the spelling (a refresh spells 100,000). The
    keys repeat from lead to lead, so each is quoted once (`_QUOTED`)."""
    quoted = _QUOTED
    parts = []
    for key in sorted(counts):
        value = counts[key]
        if type(value) is not int:
            return json.dumps(counts, sort_keys=True, separators=(",", ":"))
        spelt = quoted.get(key)
        if spelt is None:
            spelt = _string_json(key)
            if len(quoted) < 65_536:
                quoted[key] = spelt
        parts.append(f"{spelt}:{value}")
    return "{" + ",".join(parts) + "}"


_QUOTED: dict[str, str] = {}


def _string_json(text: str) -> str:
    """`json.dumps(text)`: quoted as it is when every character is printable ASCII other than a
    quote or a backslash (what `json` leaves unescaped), else by `json`."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text)


_STRINGS: dict[tuple[str, ...], str] = {}


def _strings_json(texts: tuple[str, ...]) -> str:
    """`json.dumps(list(texts))` for a lead's warnings: a handful of kinds, so each list is spelt once."""
    found = _STRINGS.get(texts)
    if found is None:
        found = json.dumps(list(texts))
        if len(_STRINGS) < 4_096:
            _STRINGS[texts] = found
    return found


def _reached_json(reached: Sequence[tuple[str, date]]) -> str:
    """`json.dumps([[rung, on.isoformat()] for rung, on in reached])`, spelt out as `json` spells it."""
    return "[" + ", ".join(f'[{_string_json(rung)}, "{on.isoformat()}"]' for rung, on in reached) + "]"


def _prospect_step_due(history: ProspectHistory) -> date | None:
    dues = [s.due for s in history.next_steps if s.result is None and s.due is not None and s.owner is not StepOwner.US]
    return min(dues, default=None)


def _agenda_values(counts: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(counts[name] for name in AGENDA_LISTS)


def _tally_values(t: Tally) -> tuple[Any, ...]:
    return (
        t.agreed,
        t.fulfilled,
        t.still_open,
        t.broken,
        t.given.get(Currency.TIME, 0),
        t.given.get(Currency.REPUTATION, 0),
        t.given.get(Currency.MONEY, 0),
        str(t.money),
    )


# --- the pool -------------------------------------------------------------------------------

# The block the forked workers judge: set before the pool forks, so they inherit it.
_JOB: Job | None = None


def processes_for(prospects: int) -> int:
    """How many worker processes judge a block of this size: one per core, none for a small block.

    `EARNEST_RECOMPUTE_PROCESSES` caps it (1 judges everything in the calling process)."""
    if prospects < POOL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cap = os.environ.get("EARNEST_RECOMPUTE_PROCESSES", "")
    if cap.isdigit() and int(cap) > 0:
        cores = min(cores, int(cap))
    return max(1, min(cores, prospects // SLICE))


class Judging:
    """A block being judged: by a pool of forked workers, or (for one process) at once."""

    def __init__(self, job: Job, processes: int | None = None) -> None:
        count = len(job.rows.prospects)
        self.processes = processes_for(count) if processes is None else processes
        self._rows: list[tuple[Any, ...]] | None = None
        self._parts: AsyncResult[list[list[tuple[Any, ...]]]] | None = None
        if self.processes <= 1:
            self._rows = snapshot_rows(job)
            return
        global _JOB
        _JOB = job  # the workers are forked now, with the block in their memory
        try:
            self._pool = multiprocessing.get_context("fork").Pool(self.processes, initializer=_worker_start)
        except OSError:  # no processes to be had (a container's limit): judged here instead
            self.processes, self._rows = 1, snapshot_rows(job)
            return
        finally:
            _JOB = None
        slices = [(start, min(start + SLICE, count)) for start in range(0, count, SLICE)]
        self._parts = self._pool.map_async(_judge_slice, slices, chunksize=1)

    def rows(self) -> list[tuple[Any, ...]]:
        """The block's rows, in the order of its prospects; waits for the workers."""
        if self._rows is None:
            assert self._parts is not None
            try:
                parts = self._parts.get()
            finally:
                self._pool.terminate()
                self._pool.join()
            self._rows = [row for part in parts for row in part]
        return self._rows


def _worker_start() -> None:
    # A worker judges and answers, nothing else: it never touches the parent's database connection.
    global _WORKER_JOB
    _WORKER_JOB = _JOB
    quiet_signals()


def quiet_signals() -> None:
    """In a worker process: signals are left to its parent (a server's own handlers would run in every worker)."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGTTIN", "SIGTTOU"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_IGN if name == "SIGINT" else signal.SIG_DFL)


_WORKER_JOB: Job | None = None


def _judge_slice(bounds: Sequence[int]) -> list[tuple[Any, ...]]:
    assert _WORKER_JOB is not None, "a worker judges only the block it was forked with"
    return snapshot_rows(_WORKER_JOB, bounds[0], bounds[1])
