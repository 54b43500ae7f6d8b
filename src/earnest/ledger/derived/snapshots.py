"""Keeping each prospect's assessment precomputed, so that pages and lists of thousands stay fast.

A snapshot is derived data. It holds for one day and one version of the rules
(`earnest.domain.rules_version.RULES_VERSION`); any other is stale. It is kept current three ways:

- on write: the services call `derived.prospect_changed`, which marks the prospect's snapshot
  stale inside the writing transaction and recomputes it right after the commit, so the writer
  pays for one prospect and readers pay nothing;
- on read: `snapshots_current` checks once per workspace change (cached) that every snapshot
  is for today and the running rules, and recomputes the few stale ones in place;
- in the background: when many are stale at once (a new day, a new rules version, a ladder
  edited, a large import), one thread in one process of the server catches up in chunks, under
  a lease, while readers go on reading the earlier verdicts instead of waiting a minute. The
  `EARNEST_BACKGROUND_REFRESH` setting turns it on (`earnest serve` does). `earnest refresh`
  from cron does the same ahead of the first reader.

A release that changes the rules raises `RULES_VERSION`; no migration marks snapshots stale.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from earnest.domain import rules_version
from earnest.gc_pause import gc_paused

from .. import clock
from .. import models as m
from .read_cache import change_marker, new_generation
from .reading_pool import ReadingPool, block_job, reading_pool_usable
from .totals import totals_rebuild, verdict_counts
from .verdict_rows import COLUMNS, Judging, processes_for

log = logging.getLogger(__name__)

CHUNK = 2_000
# Prospects read, judged and written at a time by a refresh: a block is judged by a pool of
# processes (`verdict_rows`) while the refresh writes the one before.
BLOCK = 20_000
# Prospects a worker of a `ReadingPool` reads and judges at a time: blocks this small keep both
# cores busy to the end, and each costs a handful of queries.
TASK = 2_500
# Up to this many rows are written by statements; more go through COPY on PostgreSQL.
COPY_FROM = 200
# Up to this many stale snapshots are recomputed by the reader that finds them (about a second
# at worst); more go to the background, so no page waits on a whole workspace.
INLINE_LIMIT = 1_000
# A background catch-up renews its lease after each chunk; a chunk this large is judged on every core.
BACKGROUND_CHUNK = 5_000
LEASE = timedelta(minutes=2)
# How long a reader trusts "all current" for an unchanged workspace (bounds out-of-order commits).
FRESH_SECONDS = 60
# A date no snapshot is computed for: marks one stale while keeping its row in the lists.
STALE = date(1970, 1, 1)


def background_enabled() -> bool:
    """Whether many stale snapshots go to a background thread (`EARNEST_BACKGROUND_REFRESH`).

    Only a long-lived server turns it on (`earnest serve`, or any server loading `earnest.web.wsgi`):
    a command that exits after one read would kill the thread, so everywhere else the reader
    recomputes inline."""
    return bool(getattr(settings, "EARNEST_BACKGROUND_REFRESH", False))


def current(today: date, via: str = "") -> Q:
    """The snapshots that hold as of today: under the running rules, computed for today or for
    an earlier day whose assessment the date alone has not changed since (`recheck_on`, from
    `domain.horizon`), and not marked stale by a write since.

    `via` is the path to the snapshot from the model queried (`"snapshot__"` from a prospect)."""
    return Q(
        **{
            f"{via}rules_version": rules_version.RULES_VERSION,
            f"{via}computed_for__gt": STALE,
            f"{via}computed_for__lte": today,
            f"{via}recheck_on__gt": today,
        }
    )


def mark_stale(workspace_id: int, prospect_id: int, revision: int) -> None:
    """Inside a writing transaction: the stored verdict no longer holds; recompute it after the commit.

    The row keeps its place in the lists, but is marked stale and takes the new revision, so no
    refresh that read the history before this write can put its older verdict back.
    Called by `derived.prospect_changed`, which raises the revision first."""
    m.LeadSnapshot.objects.filter(prospect_id=prospect_id).update(computed_for=STALE, revision=revision)
    _recompute_after_commit(workspace_id, [prospect_id])


def mark_many_stale(workspace_id: int, prospect_ids: Iterable[int]) -> None:
    """`mark_stale` for many prospects whose revisions were just raised: each snapshot takes its prospect's."""
    ids = sorted(set(prospect_ids))
    for chunk in _chunks(ids, CHUNK):
        m.LeadSnapshot.objects.filter(workspace_id=workspace_id, prospect_id__in=chunk).update(
            computed_for=STALE,
            revision=Subquery(m.Prospect.objects.filter(pk=OuterRef("prospect_id")).values("revision")),
        )
    _recompute_after_commit(workspace_id, ids)


def _recompute_after_commit(workspace_id: int, prospect_ids: Iterable[int]) -> None:
    # Per thread, as a transaction is: another thread's commit must not recompute a prospect
    # from rows this one has not committed yet.
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = {}
    pending.setdefault(workspace_id, set()).update(prospect_ids)
    # One callback per change; the first to run takes the whole set and the rest find it empty.
    # After a rollback the ids stay pending and a later commit recomputes them, which is harmless.
    transaction.on_commit(_after_commit, robust=True)


_local = threading.local()


def mark_ladder_stale(workspace: m.Workspace, ladder_key: str) -> None:
    """After a ladder edit: its leads keep their rows in the lists until readers recompute them.

    Their revisions go up too, so a refresh that read the old ladder cannot store its verdicts.
    Called by `derived.ladder_changed`."""
    m.Prospect.objects.filter(workspace=workspace, ladder=ladder_key).update(revision=F("revision") + 1)
    m.LeadSnapshot.objects.filter(workspace=workspace, prospect__ladder=ladder_key).update(
        computed_for=STALE, revision=Subquery(m.Prospect.objects.filter(pk=OuterRef("prospect_id")).values("revision"))
    )


def _after_commit() -> None:
    pending, _local.pending = getattr(_local, "pending", None) or {}, None
    for workspace_id, ids in pending.items():
        if len(ids) > INLINE_LIMIT and background_enabled():
            continue  # a large import: the next reader starts the background catch-up instead
        try:
            workspace = m.Workspace.objects.filter(pk=workspace_id).first()
            if workspace is not None:
                snapshots_refresh(workspace, clock.today(), sorted(ids))
        except Exception:  # the commit stands; readers recompute what is still stale
            log.exception("recomputing verdicts after a change in workspace %s failed", workspace_id)


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def snapshots_refresh(
    workspace: m.Workspace, today: date, prospect_ids: Sequence[int] | None = None, *, store: bool = True
) -> int:
    """Recompute the snapshots of these prospects (all when None); returns how many.

    Block by block: a block's revisions, ladders and history rows are read and judged, and its
    rows written while the next block is judged. Many prospects are read and judged by worker
    processes, each with a connection of its own (`reading_pool`), while this one writes; inside
    an open transaction, whose rows only this connection sees, this process reads each block and
    has it judged by forked workers (`verdict_rows.Judging`). Each write keeps a verdict computed from an
    older revision from replacing a newer one (`_upsert`), so nothing needs the reads and the
    writes in one transaction, and on SQLite the write lock is held for the writes only.
    With `store=False` the verdicts are judged and dropped (what `bench/run.py` times as the
    recomputation, apart from writing it)."""
    if prospect_ids is None:
        ids = list(m.Prospect.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True))
        whole = True
    else:
        ids, whole = sorted(set(prospect_ids)), False
    done = 0
    processes = processes_for(len(ids))
    with gc_paused():
        pool = _reading_pool(processes)
        if pool is not None:
            with pool:
                for rows in pool.judged(workspace.pk, today, list(_chunks(ids, TASK)), whole):
                    done += _upsert(rows) if store else len(rows)
        else:
            judging: Judging | None = None
            for block in _chunks(ids, BLOCK):
                following = Judging(block_job(workspace, today, block, whole))
                if judging is not None:
                    done += _upsert(judging.rows()) if store else len(judging.rows())
                judging = following
            if judging is not None:
                done += _upsert(judging.rows()) if store else len(judging.rows())
    if whole and store:  # every lead stored again: the kept totals are summed again from them too
        totals_rebuild(workspace.pk)
    return done


def _reading_pool(processes: int) -> ReadingPool | None:
    """Workers that read and judge blocks of their own, where they can (`reading_pool_usable`)."""
    if processes <= 1 or not reading_pool_usable():
        return None
    try:
        return ReadingPool(processes)
    except OSError:  # no processes to be had (a container's limit): this process reads instead
        return None


def _upsert(rows: list[tuple[Any, ...]]) -> int:
    """Write snapshot rows (`verdict_rows.COLUMNS`); returns how many were given.

    A row whose prospect is gone is dropped (rather than failing the commit), and a verdict
    computed from an older revision never replaces one from a newer: the stored revision is
    newer when a write marked the snapshot stale since its history was read."""
    if not rows:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
            _upsert_by_copy(cursor, rows)
        else:
            cursor.executemany(_statement(), [(*row, row[0]) for row in rows])
    return len(rows)


def _names() -> tuple[str, str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(m.LeadSnapshot._meta.db_table),
        quote(m.Prospect._meta.db_table),
        ", ".join(quote(c) for c in COLUMNS),
        ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in COLUMNS[1:]),
    )


def _statement() -> str:
    """The upsert of one row at a time (`executemany`): a write's recompute, a small block."""
    table, prospects, columns, updates = _names()
    if connection.vendor == "postgresql":  # typed, since a parameter in a SELECT list is text
        fields: dict[str, Any] = {f.column: f for f in m.LeadSnapshot._meta.concrete_fields}
        values = ", ".join(f"%s::{fields[c].cast_db_type(connection)}" for c in COLUMNS)
    else:
        values = ", ".join("%s" for _ in COLUMNS)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {values} WHERE EXISTS (SELECT 1 FROM {prospects} WHERE id = %s) "
        f"ON CONFLICT (prospect_id) DO UPDATE SET {updates} WHERE {table}.revision <= EXCLUDED.revision"
    )


def _upsert_by_copy(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY into a temporary table, then one INSERT ... ON CONFLICT.

    Measured on 10,000 snapshots: 0.8 s against 2.7-3.4 s for `bulk_create(update_conflicts=True)`,
    which sends every value through a parameterised statement of thousands of placeholders.
    """
    table, prospects, columns, updates = _names()
    staging = connection.ops.quote_name("earnest_snapshot_staging")
    # Dropped first: inside an outer transaction (a savepoint) the last block's table still exists.
    cursor.execute(f"DROP TABLE IF EXISTS {staging}")
    cursor.execute(f"CREATE TEMPORARY TABLE {staging} (LIKE {table}) ON COMMIT DROP")
    with cursor.cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} s "
        f"WHERE EXISTS (SELECT 1 FROM {prospects} p WHERE p.id = s.prospect_id) "
        f"ON CONFLICT (prospect_id) DO UPDATE SET {updates} WHERE {table}.revision <= EXCLUDED.revision"
    )


def stale_prospect_ids(workspace: m.Workspace, today: date, pending: int | None = None) -> list[int]:
    # Two index counts settle the usual case, every snapshot current, without an anti-join.
    if not (snapshots_pending(workspace, today) if pending is None else pending):
        return []
    return list(
        m.Prospect.objects.filter(workspace=workspace)
        .exclude(current(today, "snapshot__"))
        .values_list("pk", flat=True)
    )


def snapshots_current(workspace: m.Workspace, today: date) -> QuerySet[m.LeadSnapshot]:
    """Every snapshot of the workspace, as of today, recomputing the few stale ones in place.

    In the server, when too many are stale to recompute during a request, a background
    catch-up starts and the rows are returned as they are until it is done (`catching_up`)."""
    if not catching_up(workspace):
        key = _fresh_key(workspace, today)
        if cache.get(key) is None:
            pending = snapshots_pending(workspace, today)
            if pending > INLINE_LIMIT and background_enabled():
                background_refresh(workspace, today)  # which lists the stale ones itself
            else:
                if pending:
                    snapshots_refresh(workspace, today, stale_prospect_ids(workspace, today, pending))
                cache.set(key, True, FRESH_SECONDS)
    return m.LeadSnapshot.objects.filter(workspace=workspace)


def _fresh_key(workspace: m.Workspace, today: date) -> str:
    return f"earnest:fresh:{workspace.pk}:{today.isoformat()}:{change_marker(workspace)}"


def snapshots_all_current(workspace: m.Workspace, today: date) -> bool:
    """Whether every lead's stored verdict holds today: known without a query right after
    `snapshots_current` found them so for the workspace as it stands, counted otherwise."""
    return cache.get(_fresh_key(workspace, today)) is not None or not snapshots_pending(workspace, today)


def snapshots_pending(workspace: m.Workspace, today: date) -> int:
    """How many leads still show an earlier verdict (another day's, or from other rules).

    Checked first for any snapshot that is not current, each way one can fail to be (`current`),
    by a probe of an index each; the usual answer after a change, none, then costs those probes
    and two index-only counts, not a count of every current snapshot."""
    snaps = m.LeadSnapshot.objects.filter(workspace=workspace)
    version = rules_version.RULES_VERSION
    low, high, undated, soonest, first, last, prospects = _probes(workspace.pk, version)
    stale = (
        (low is not None and low < version)
        or (high is not None and high > version)
        or undated
        or (soonest is not None and _as_date(soonest) <= today)
        or (last is not None and _as_date(last) > today)
        or (first is not None and _as_date(first) <= STALE)
    )
    if not stale:  # every snapshot row counts one verdict in the kept totals: no count of the rows
        return max(0, prospects - sum(verdict_counts(workspace.pk).values()))
    return max(0, prospects - snaps.filter(current(today)).count())


def _probes(workspace_id: int, version: int) -> tuple[Any, ...]:
    """Each way a snapshot can fail to be current, probed in one statement: the lowest and
    highest rules version, whether a row of this version has no `recheck_on`, the soonest
    `recheck_on` of this version, the first and last `computed_for`; and the prospects' count.

    Each probe is the first or last entry of an index range (`ORDER BY ... LIMIT 1`), whose cost
    does not depend on the planner's statistics: a probe written as a filter (`recheck_on <=
    today ... LIMIT 1`) read the whole table on PostgreSQL (95 ms at 100k) when the statistics
    still described the day before, when every row's `recheck_on` was about to come."""
    quote = connection.ops.quote_name
    table = quote(m.LeadSnapshot._meta.db_table)
    ws, rv, again, made = (quote(c) for c in ("workspace_id", "rules_version", "recheck_on", "computed_for"))

    def first(column: str, order: str, where: str = "") -> str:
        return f"(SELECT {column} FROM {table} WHERE {ws} = %s{where} ORDER BY {column} {order} LIMIT 1)"

    this_version = f" AND {rv} = %s"
    sql = (
        f"SELECT {first(rv, 'ASC')}, {first(rv, 'DESC')}, "
        f"EXISTS (SELECT 1 FROM {table} WHERE {ws} = %s{this_version} AND {again} IS NULL), "
        f"{first(again, 'ASC', f'{this_version} AND {again} IS NOT NULL')}, "
        f"{first(made, 'ASC')}, {first(made, 'DESC')}, "
        f"(SELECT COUNT(*) FROM {quote(m.Prospect._meta.db_table)} WHERE {ws} = %s)"
    )
    params = [workspace_id, workspace_id, workspace_id, version, workspace_id, version, workspace_id, workspace_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, workspace_id])
        return tuple(cursor.fetchone())


def _as_date(value: Any) -> date:
    """A date from a raw query: SQLite gives an expression's date as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


# --- background catch-up ------------------------------------------------------------------

_threads: dict[int, threading.Thread] = {}


def _catching_up_key(workspace_id: int) -> str:
    return f"earnest:catching-up:{workspace_id}"


def catching_up(workspace: m.Workspace) -> bool:
    """Whether a background catch-up is under way; readers then skip the staleness checks."""
    return bool(cache.get(_catching_up_key(workspace.pk)))


def _claim_lease(workspace_id: int, owner: str) -> bool:
    """At most one process refreshes a workspace; a lease not renewed in time passes on."""
    now = timezone.now()
    m.SnapshotLease.objects.bulk_create(
        [m.SnapshotLease(workspace_id=workspace_id, until=now - LEASE)], ignore_conflicts=True
    )
    return (
        m.SnapshotLease.objects.filter(workspace_id=workspace_id, until__lt=now).update(until=now + LEASE, owner=owner)
        == 1
    )


def _renew_lease(workspace_id: int, owner: str) -> bool:
    return (
        m.SnapshotLease.objects.filter(workspace_id=workspace_id, owner=owner).update(until=timezone.now() + LEASE) == 1
    )


def _release_lease(workspace_id: int, owner: str) -> None:
    m.SnapshotLease.objects.filter(workspace_id=workspace_id, owner=owner).update(
        until=timezone.now() - LEASE, owner=""
    )


def background_refresh(workspace: m.Workspace, today: date) -> threading.Thread | None:
    """Start catching up this workspace's stale snapshots in a thread, unless one is already at it."""
    running = _threads.get(workspace.pk)
    if running is not None and running.is_alive():
        return running
    owner = uuid.uuid4().hex
    if connection.in_atomic_block or not _claim_lease(workspace.pk, owner):
        # Inside a transaction a thread could not see this request's rows; another process may hold the lease.
        return None
    cache.set(_catching_up_key(workspace.pk), owner, int(LEASE.total_seconds()))
    thread = threading.Thread(
        target=_catch_up, args=(workspace.pk, today, owner), daemon=True, name=f"earnest-refresh-{workspace.pk}"
    )
    _threads[workspace.pk] = thread
    thread.start()
    return thread


def _catch_up(workspace_id: int, today: date, owner: str) -> None:
    try:
        workspace = m.Workspace.objects.get(pk=workspace_id)
        for chunk in _chunks(stale_prospect_ids(workspace, today), BACKGROUND_CHUNK):
            snapshots_refresh(workspace, today, chunk)
            if not _renew_lease(workspace_id, owner):
                return  # too slow: another process took over, and goes on from what is done
            cache.set(_catching_up_key(workspace_id), owner, int(LEASE.total_seconds()))
    except Exception:  # a thread has no caller to raise to; the next reader starts over
        log.exception("refreshing the verdicts of workspace %s failed", workspace_id)
    finally:
        try:
            _release_lease(workspace_id, owner)
            if cache.get(_catching_up_key(workspace_id)) == owner:  # not a successor's flag
                cache.delete(_catching_up_key(workspace_id))
            # Pages cached while the old verdicts were shown must not outlive the catch-up.
            new_generation(workspace_id)
        finally:
            close_old_connections()
            connection.close()
