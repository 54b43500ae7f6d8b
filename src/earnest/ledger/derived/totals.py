"""The totals the pages show, kept on write: read in a few rows instead of summed over every lead.

Each snapshot row carries what its lead adds to the workspace's totals
(`LeadSnapshot.counts`, from `verdict_rows.counts_of`): its verdict, its items on Today's lists,
its commitments' tally, its place in the funnel and its time on each rung. Triggers on the
snapshot table (migration 0017) add every change of a row's counts to `LeadTotal`, new counts
minus old, in the statement that makes it: an upsert that the revision guard lets through, a
deletion (a prospect deleted or merged away), any write at all; triggers on the conversation
table count each day's conversations by their stored outcome the same way (`w|<day>|<outcome>`,
the dashboard's weeks). So a total always equals the
sum over the snapshot rows committed with it, whoever wrote them, with nothing for a service to
remember; `tests/ledger/test_aggregates.py` holds them to a recount of every lead.

On SQLite a key has one row, updated in place (one writer at a time). On PostgreSQL each
statement appends its changes as new rows, so writers never queue on a shared row; readers add a
key's rows up and, when they have grown, fold them into one (`fold`). `totals_rebuild` sums them
again from the snapshot rows (a whole recomputation ends with it).

The totals are over every snapshot row, as the pages' sums were: a lead marked stale keeps its
place (and its counts) until it is recomputed. A page that reads a segment or a filter still
counts its rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Sum

from earnest.domain.commitments import Tally
from earnest.domain.currencies import Currency

from .. import models as m
from .verdict_rows import AGENDA_COLUMNS, TALLY_COLUMNS, counts_json, counts_of

# On PostgreSQL, a reader folds a workspace's rows together once there are this many more than keys.
FOLD_AFTER = 2_000
# The advisory lock under which one process at a time folds or rebuilds a workspace's totals.
_LOCK_CLASS = 16_016


def kept(workspace_id: int, kinds: Iterable[str]) -> dict[str, int]:
    """The workspace's totals of these kinds (the keys' first letters), those that are not zero."""
    rows = list(
        m.LeadTotal.objects.filter(workspace_id=workspace_id, kind__in=list(kinds))
        .values_list("key")
        .annotate(total=Sum("n"), rows=Count("*"))
        .order_by()
    )
    if connection.vendor == "postgresql" and sum(r[2] for r in rows) > len(rows) + FOLD_AFTER:
        fold(workspace_id)
    return {key: int(total) for key, total, _ in rows if total}


def verdict_counts(workspace_id: int) -> dict[str, int]:
    """How many leads have each verdict (the stored ones), as `{verdict: n}`."""
    return {key[2:]: n for key, n in kept(workspace_id, "v").items()}


def agenda_counts(workspace_id: int) -> dict[str, int]:
    """Today's lists' totals but the stalled and zombie ones (count those by verdict)."""
    return {key[2:]: n for key, n in kept(workspace_id, "a").items()}


def commitment_tally(workspace_id: int) -> Tally:
    """Every lead's commitments summed up for the day they were judged (`domain.commitments.tally`)."""
    sums = {key[2:]: n for key, n in kept(workspace_id, "t").items()}
    return Tally(
        agreed=sums.get("promises", 0),
        fulfilled=sums.get("promises_kept", 0),
        still_open=sums.get("promises_open", 0),
        broken=sums.get("promises_broken", 0),
        money=Decimal(sums.get("money_cents", 0)) / 100,
        given={
            Currency.TIME: sums.get("given_time", 0),
            Currency.REPUTATION: sums.get("given_reputation", 0),
            Currency.MONEY: sums.get("given_money", 0),
        },
    )


def funnel_tops(workspace_id: int, ladder: str) -> dict[int, int]:
    """A ladder's leads by the position of the highest main-track rung they reached (-1: none)."""
    prefix = f"f|{ladder}|"
    return {int(key[len(prefix) :]): n for key, n in kept(workspace_id, "f").items() if key.startswith(prefix)}


def rung_days(workspace_id: int, ladder: str, today: date) -> dict[str, Counter[int]]:
    """For the leads on one of this ladder's rungs: how many spent how many days on each rung they reached.

    A rung left counts its fixed days; the rung a lead is on counts the days from reaching it to
    `today` (none for a day ahead), as the dashboard measured them from each lead's rungs."""
    spans: dict[str, Counter[int]] = {}
    for kind, key, n in _spans(workspace_id, ladder):
        rung, value = key.rsplit("|", 1)
        days = int(value) if kind == "p" else max((today - date.fromisoformat(value)).days, 0)
        spans.setdefault(rung, Counter())[days] += n
    return spans


def _spans(workspace_id: int, ladder: str) -> list[tuple[str, str, int]]:
    """This ladder's keys of days per rung, `(kind, "<rung>|<days or day>", n)`.

    Only this ladder's keys are read (a workspace keeps them for every ladder, thousands of rows
    at 100k leads), through the driver's cursor: the ORM's converters on every row of every
    ladder cost more than the query (100 ms a view on SQLite at 100k). Keys are matched by their
    characters (`substr`), not by a range, which would depend on the database's collation."""
    quote = connection.ops.quote_name
    table, key = quote(m.LeadTotal._meta.db_table), quote("key")
    middle = f"{ladder}|"  # p|<ladder>|... and q|<ladder>|...: the ladder starts at the third character
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, SUM(n) FROM {table} WHERE workspace_id = %s AND kind IN ('p', 'q') "
            f"AND substr({key}, 3, %s) = %s GROUP BY {key}",
            [workspace_id, len(middle), middle],
        )
        rows = cursor.fetchall()
    skip = 2 + len(middle)
    return sorted((found[0], found[skip:], int(n)) for found, n in rows if n)


def outcomes_by_day(workspace_id: int, start: date, end: date) -> dict[date, Counter[str]]:
    """How many conversations of each day from `start` to `end` have each stored outcome.

    Kept by triggers on the conversation table (migration 0018): `w|<day>|<outcome>`."""
    found: dict[date, Counter[str]] = {}
    for key, n in kept(workspace_id, "w").items():
        _, day, outcome = key.split("|", 2)
        on = date.fromisoformat(day)
        if start <= on <= end:
            found.setdefault(on, Counter())[outcome] += n
    return found


def median_of(counts: Counter[int]) -> float | int | None:
    """`statistics.median` of the multiset these counts describe, without spelling it out."""
    size = sum(counts.values())
    if not size:
        return None
    middle = [(size - 1) // 2, size // 2]
    values, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            values.append(value)
            middle.pop(0)
    return values[0] if size % 2 else (values[0] + values[1]) / 2


def fold(workspace_id: int) -> None:
    """PostgreSQL: replace a workspace's rows by one per key, unless another process is at it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, workspace_id % 2**31])
        if not cursor.fetchone()[0]:
            return
        table = connection.ops.quote_name(m.LeadTotal._meta.db_table)
        # One statement: the rows it deletes are exactly those it adds up. Rows that writers append
        # meanwhile are not visible to it, so they stay, and count once.
        cursor.execute(
            f"WITH gone AS (DELETE FROM {table} WHERE workspace_id = %s RETURNING kind, key, n) "
            f"INSERT INTO {table} (workspace_id, kind, key, n) "
            f"SELECT %s, kind, key, SUM(n) FROM gone GROUP BY kind, key HAVING SUM(n) <> 0",
            [workspace_id, workspace_id],
        )


def totals_rebuild(workspace_id: int) -> None:
    """Sum the workspace's totals again from its snapshot rows, in one statement, dropping what was kept.

    Exact even while others write: on PostgreSQL the rows deleted and the snapshot rows summed are
    read from one view of the database, so a writer that commits meanwhile keeps its appended
    rows and is not counted twice; on SQLite the transaction holds the only write lock."""
    table = connection.ops.quote_name(m.LeadTotal._meta.db_table)
    snaps = connection.ops.quote_name(m.LeadSnapshot._meta.db_table)
    talks = connection.ops.quote_name(m.Conversation._meta.db_table)
    on = connection.ops.quote_name("on")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, workspace_id % 2**31])
            cursor.execute(
                f"WITH gone AS (DELETE FROM {table} WHERE workspace_id = %s) "
                f"INSERT INTO {table} (workspace_id, kind, key, n) "
                f"SELECT s.workspace_id, left(e.key, 1), e.key, SUM(e.value::bigint) "
                f"FROM {snaps} s, jsonb_each_text(s.counts) e WHERE s.workspace_id = %s "
                f"GROUP BY s.workspace_id, e.key HAVING SUM(e.value::bigint) <> 0 "
                f"UNION ALL SELECT c.workspace_id, 'w', 'w|' || to_char(c.{on}, 'YYYY-MM-DD') || '|' || c.outcome, "
                f"COUNT(*) FROM {talks} c WHERE c.workspace_id = %s AND c.outcome <> '' GROUP BY 1, 3",
                [workspace_id, workspace_id, workspace_id],
            )
        else:
            cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [workspace_id])
            cursor.execute(
                f"INSERT INTO {table} (workspace_id, kind, key, n) "
                f"SELECT s.workspace_id, substr(e.key, 1, 1), e.key, SUM(e.value) "
                f"FROM {snaps} s, json_each(s.counts) e WHERE s.workspace_id = %s "
                f"GROUP BY s.workspace_id, e.key HAVING SUM(e.value) <> 0 "
                f"UNION ALL SELECT c.workspace_id, 'w', 'w|' || c.{on} || '|' || c.outcome, COUNT(*) "
                f"FROM {talks} c WHERE c.workspace_id = %s AND c.outcome <> '' GROUP BY 1, 3",
                [workspace_id, workspace_id],
            )


def recount(workspace_id: int) -> dict[str, int]:
    """Every total summed from the snapshot rows' counts, for checking the kept ones (tests, `earnest` checks)."""
    found: Counter[str] = Counter()
    for counts in m.LeadSnapshot.objects.filter(workspace_id=workspace_id).values_list("counts", flat=True):
        found.update(counts)
    talks = m.Conversation.objects.filter(workspace_id=workspace_id).exclude(outcome="")
    for on, outcome, n in talks.values_list("on", "outcome").annotate(n=Count("*")).order_by():
        found[f"w|{on.isoformat()}|{outcome}"] += n
    return {key: n for key, n in found.items() if n}


def all_kept(workspace_id: int) -> dict[str, int]:
    """Every kept total of the workspace, as `recount` gives them."""
    return kept(workspace_id, "vatfpqw")


def counts_refresh(workspace_id: int, chunk: int = 2_000) -> int:
    """Recompute each snapshot row's counts from its own stored values; returns how many changed.

    What migration 0017 ran over the rows stored before counts were kept, and a check that the
    counts agree with the columns they come from. The triggers carry each change into the totals."""
    columns = ("prospect_id", "verdict", "ladder", "rung", "rung_position", "reached", *TALLY_COLUMNS, *AGENDA_COLUMNS)
    table = connection.ops.quote_name(m.LeadSnapshot._meta.db_table)
    changed = 0
    last = 0
    while True:
        rows = list(
            m.LeadSnapshot.objects.filter(workspace_id=workspace_id, prospect_id__gt=last)
            .order_by("prospect_id")
            .values_list(*columns, "counts")[:chunk]
        )
        if not rows:
            return changed
        last = rows[-1][0]
        updates = []
        for row in rows:
            pk, verdict, ladder, rung, top, reached = row[:6]
            tallied = row[6 : 6 + len(TALLY_COLUMNS)]
            agenda = row[6 + len(TALLY_COLUMNS) : -1]
            counts = counts_of(
                verdict, ladder, rung, top, [(r, date.fromisoformat(on)) for r, on in reached], tallied, agenda
            )
            if counts != row[-1]:
                updates.append((counts_json(counts), pk))
        if updates:
            cast = "::jsonb" if connection.vendor == "postgresql" else ""
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET counts = %s{cast} WHERE prospect_id = %s", updates)
            changed += len(updates)
