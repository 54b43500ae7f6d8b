"""Worker processes that read and judge their own blocks of prospects, for a large refresh.

Judging is most of a refresh, and reading the rows is the next cost (`selectors.history_rows`).
When the refresh's process read every block and forked workers to judge it (`verdict_rows.Judging`),
the reading stayed on one core and each fork inherited a heap of rows to copy as it was touched.
Here the workers are forked once, before anything is read, each with a database connection of its
own: a task names a block of prospects, and the worker reads its revisions, the ladders and its
rows, judges them, and sends back the snapshot rows, which the refresh's process writes as they come.

It needs the rows committed, where another connection sees them, and a process with one thread:
inside an open transaction (a test's, a caller's atomic block), on an in-memory SQLite database or
in a server's background thread, `reading_pool_usable` says no and the refresh reads the blocks
itself.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from multiprocessing import util
from typing import Any

from django.db import connection, connections

from .. import models as m
from ..reads.selectors import history_rows, workspace_ladders
from .verdict_rows import Job, quiet_signals, snapshot_rows


def block_job(workspace: m.Workspace, today: date, block: Sequence[int], whole: bool) -> Job:
    """What judging a block of prospects needs, read from the database."""
    # every prospect of the workspace (`whole`): a range of ids reads them without a list
    span = (block[0], block[-1]) if whole else None
    prospects = m.Prospect.objects.filter(workspace=workspace)
    prospects = prospects.filter(pk__range=span) if span else prospects.filter(pk__in=block)
    # Revisions before the histories and the ladders: the verdicts then reflect at least these.
    revised = dict(prospects.values_list("pk", "revision"))
    rows = history_rows(workspace, None if whole else block, id_range=span)
    return Job(workspace.pk, rows, workspace_ladders(workspace), today, revised)


def reading_pool_usable() -> bool:
    """Whether workers with connections of their own would see the rows this process sees, and
    could open them safely."""
    if connection.in_atomic_block:
        return False
    if threading.active_count() > 1:
        # A fork copies the state of every thread's database driver (SQLite's record of which
        # locks the process holds, among others) but only the forking thread: a worker that opened
        # the same database could believe it holds locks it does not. A server's background
        # catch-up therefore reads its blocks itself; only a lone thread (`earnest refresh`) forks
        # workers that read.
        return False
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        return False
    return "fork" in multiprocessing.get_all_start_methods()


class ReadingPool:
    """Forked workers, each reading and judging the blocks it is handed (`judged`)."""

    def __init__(self, processes: int) -> None:
        self._pool = multiprocessing.get_context("fork").Pool(processes, initializer=_worker_start)

    def judged(self, workspace_id: int, today: date, blocks: Sequence[Sequence[int]], whole: bool) -> Iterator[Any]:
        """Each block's snapshot rows (`verdict_rows.COLUMNS`), in the order of the blocks."""
        tasks = [(workspace_id, today, tuple(block), whole) for block in blocks]
        return self._pool.imap(_read_and_judge, tasks, chunksize=1)

    def __enter__(self) -> ReadingPool:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:  # done: the workers close their connections as they exit
            self._pool.close()
        else:
            self._pool.terminate()
        self._pool.join()


# The parent's connections, which a worker must never use nor close: closing a PostgreSQL
# connection sends the server a goodbye on the parent's session. Kept here, they are never
# collected, and a worker leaves by `os._exit`, which closes nothing.
_INHERITED: list[Any] = []


def _worker_start() -> None:
    quiet_signals()
    for alias in connections:
        inherited = connections[alias]
        if inherited.connection is not None:
            _INHERITED.append(inherited.connection)
            inherited.connection = None  # the next query opens the worker's own
    # Run as the worker leaves after its last task: the server sees its connection closed, not dropped.
    util.Finalize(None, connections.close_all, exitpriority=10)


def _read_and_judge(task: tuple[int, date, Sequence[int], bool]) -> list[tuple[Any, ...]]:
    workspace_id, today, block, whole = task
    workspace = m.Workspace.objects.get(pk=workspace_id)
    return snapshot_rows(block_job(workspace, today, block, whole))
