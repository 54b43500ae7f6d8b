"""Dashboard aggregates: a funnel by rung, time in each rung, weekly outcomes, commitments, follow-through.

Verdicts and stages come from the precomputed snapshots (one small row per lead);
effective commitment statuses are the domain's, judged over one query of the commitments;
weekly outcomes are counted by the database from the outcome the domain stored on each
conversation. The number of queries does not grow with the data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from earnest.domain.commitments import Tally, tally
from earnest.domain.currencies import Currency
from earnest.domain.ladders import MAIN_TRACK, Ladder
from earnest.domain.results import Outcome, Verdict

from .. import models as m
from ..derived import totals
from ..derived.snapshots import current, snapshots_all_current, snapshots_current
from ..derived.totals import median_of
from ..derived.verdict_rows import TALLY_COLUMNS
from ..mapping import COMMITMENT_COLUMNS, commitment_of
from .selectors import busiest_ladder, workspace_ladders

WEEKS = 12
OUTCOME_ORDER = (Outcome.ADVANCED, Outcome.REJECTED, Outcome.HEDGED, Outcome.COMPLIMENTED, Outcome.NO_NEXT_STEP)


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    reached: int
    conversion: float | None  # share of the step before that got this far
    dropped: int


@dataclass(frozen=True)
class RungTime:
    key: str
    label: str
    samples: int
    median_days: float | None
    longest_days: int | None


@dataclass(frozen=True)
class WeekOutcomes:
    start: date
    counts: dict[str, int]
    total: int

    @property
    def advanced_share(self) -> float | None:
        return self.counts.get(Outcome.ADVANCED.value, 0) / self.total if self.total else None


@dataclass(frozen=True)
class Dashboard:
    today: date
    ladder: Ladder
    ladders: dict[str, Ladder]
    prospects: int
    on_ladder: int
    funnel: tuple[FunnelStep, ...]
    rung_times: tuple[RungTime, ...]
    weeks: tuple[WeekOutcomes, ...]
    by_currency: dict[str, int]
    money_committed: Decimal
    follow_through: dict[str, int]
    end_reasons: tuple[tuple[str, int], ...]
    verdicts: dict[str, int]


def _funnel(ladder: Ladder, tops: dict[int, int]) -> tuple[FunnelStep, ...]:
    """A lead counts on every main-track rung up to the highest one it reached, as in any funnel.

    `tops` counts the ladder's leads by that highest rung's position (-1: none yet), as each
    snapshot stores it (`verdict_rows.highest_main_position`)."""
    steps = [FunnelStep("_all", "On this ladder", sum(tops.values()), None, 0)]
    for rung in ladder.track(MAIN_TRACK):
        position = ladder.position(rung.key)
        n = sum(count for top, count in tops.items() if top >= position)
        before = steps[-1].reached
        steps.append(FunnelStep(rung.key, rung.label, n, n / before if before else None, max(before - n, 0)))
    return tuple(steps)


def _rung_times(ladder: Ladder, spans: dict[str, Counter[int]]) -> tuple[RungTime, ...]:
    """How long leads stayed on each rung: `spans` counts, per rung, the leads by days spent on it."""
    result = []
    for rung in ladder.rungs:
        days = +spans.get(rung.key, Counter())
        result.append(RungTime(rung.key, rung.label, days.total(), median_of(days), max(days) if days else None))
    return tuple(result)


def _spans_of(on_ladder: QuerySet[m.LeadSnapshot], today: date) -> dict[str, Counter[int]]:
    """The days each lead on a rung spent on each rung it reached, counted from their rows (a segment)."""
    spans: dict[str, Counter[int]] = defaultdict(Counter)
    # Only leads on a rung have spans to measure (a lead's rung is empty until it reaches one).
    for reached in on_ladder.exclude(rung="").values_list("reached", flat=True):
        entries = [(rung, date.fromisoformat(on)) for rung, on in reached]
        for i, (rung, on) in enumerate(entries):
            end = entries[i + 1][1] if i + 1 < len(entries) else today
            spans[rung][max((end - on).days, 0)] += 1
    return spans


def _weeks(workspace: m.Workspace, today: date, segment: QuerySet | None = None) -> tuple[WeekOutcomes, ...]:
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=WEEKS - 1)
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    if segment is None:  # every conversation: counted by day on write (`derived.totals`)
        for on, outcomes in totals.outcomes_by_day(workspace.pk, start, today).items():
            counts[on - timedelta(days=on.weekday())].update(outcomes)
    else:
        talks = m.Conversation.objects.filter(workspace=workspace, on__gte=start, on__lte=today)
        talks = talks.filter(prospect__in=segment)
        # Counted by day, weeks added up here: SQLite truncates a date to its week by a Python
        # function called per row (0.44 s for 12 weeks at 100k prospects), a day needs no function.
        rows = talks.exclude(outcome="").values_list("on", "outcome").annotate(n=Count("*")).order_by()
        for on, outcome, n in rows:
            counts[on - timedelta(days=on.weekday())][outcome] += n
    weeks = []
    for i in range(WEEKS):
        day = start + timedelta(weeks=i)
        c = counts.get(day, Counter())
        weeks.append(WeekOutcomes(day, {o.value: c.get(o.value, 0) for o in OUTCOME_ORDER}, sum(c.values())))
    return tuple(weeks)


def _commitment_totals(
    workspace: m.Workspace, snaps: QuerySet[m.LeadSnapshot], today: date, segment: QuerySet | None = None
) -> Tally:
    """Follow-through and currencies over every commitment, as of today.

    Current snapshots carry their lead's tally, so the database adds up columns; leads whose
    snapshot is not today's yet (a catch-up under way, a fresh import) are tallied here from
    their commitments, so the totals are exact either way. Current means for today and the
    running rules, as everywhere (`snapshots.current`)."""
    if segment is None and snapshots_all_current(workspace, today):
        return totals.commitment_tally(workspace.pk)  # every lead's, kept on write
    sums = {
        k: v or 0
        for k, v in snaps.filter(current(today)).aggregate(**{name: Sum(name) for name in TALLY_COLUMNS}).items()
    }
    stored = Tally(
        agreed=sums["promises"],
        fulfilled=sums["promises_kept"],
        still_open=sums["promises_open"],
        broken=sums["promises_broken"],
        money=Decimal(sums["money_committed"]),
        given={
            Currency.TIME: sums["given_time"],
            Currency.REPUTATION: sums["given_reputation"],
            Currency.MONEY: sums["given_money"],
        },
    )
    if snapshots_all_current(workspace, today):
        return stored
    rest = m.Commitment.objects.filter(workspace=workspace).exclude(current(today, "prospect__snapshot__"))
    if segment is not None:
        rest = rest.filter(prospect__in=segment)
    return stored + tally([commitment_of(c) for c in rest.values_list(*COMMITMENT_COLUMNS)], today)


def dashboard(workspace: m.Workspace, today: date, ladder_key: str = "", tag: str = "") -> Dashboard:
    """The charts over every lead, or over one segment's when `tag` is given."""
    ladders = workspace_ladders(workspace)
    snaps = snapshots_current(workspace, today)
    segment = (
        m.ProspectTag.objects.filter(workspace=workspace, name=tag.strip().casefold()).values("prospect_id")
        if tag.strip()
        else None
    )
    if segment is not None:
        snaps = snaps.filter(prospect__in=segment)
    if ladder_key not in ladders:
        ladder_key = busiest_ladder(workspace, ladders)
    ladder = ladders[ladder_key]

    if segment is None:  # every lead: the totals kept on write (`derived.totals`)
        verdicts = totals.verdict_counts(workspace.pk)
        tops = totals.funnel_tops(workspace.pk, ladder_key)
        spans = totals.rung_days(workspace.pk, ladder_key, today)
    else:  # a segment's leads: counted from their rows
        verdicts = dict(snaps.values_list("verdict").annotate(n=Count("pk")).order_by())
        on_ladder = snaps.filter(ladder=ladder_key)
        # COUNT(*), not of a column: the (workspace, ladder, rung_position) index answers it alone.
        tops = dict(on_ladder.values_list("rung_position").annotate(n=Count("*")).order_by())
        spans = _spans_of(on_ladder, today)

    tallied = _commitment_totals(workspace, snaps, today, segment)

    reasons: Counter[str] = Counter()
    if verdicts.get(Verdict.REJECTED.value):
        reasons["said no"] = verdicts[Verdict.REJECTED.value]
    # The condition of the partial index of closed leads, as it is written there: read from it alone.
    closed = m.Prospect.objects.filter(workspace=workspace).exclude(close_reason="")
    if segment is not None:
        closed = closed.filter(pk__in=segment)
    for reason, n in closed.values_list("close_reason").annotate(n=Count("pk")).order_by():
        reasons[reason.replace("_", " ")] += n

    return Dashboard(
        today=today,
        ladder=ladder,
        ladders=ladders,
        prospects=sum(verdicts.values()),
        on_ladder=sum(tops.values()),
        funnel=_funnel(ladder, tops),
        rung_times=_rung_times(ladder, spans),
        weeks=_weeks(workspace, today, segment),
        by_currency={c.label: tallied.given.get(c, 0) for c in sorted(Currency, reverse=True)},
        money_committed=tallied.money.quantize(Decimal("0.01")),
        follow_through={
            "agreed": tallied.agreed,
            "fulfilled": tallied.fulfilled,
            "open": tallied.still_open,
            "broken": tallied.broken,
        },
        end_reasons=tuple(reasons.most_common()),
        verdicts=verdicts,
    )
