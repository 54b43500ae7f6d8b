"""Dashboard aggregates: a funnel by rung, time in each rung, weekly outcomes, commitments, follow-through.

Stages and effective commitment statuses are the domain's, computed from one set-based
load of every history; weekly outcomes are counted by the database from the outcome the
domain stored on each conversation. The number of queries does not grow with the data.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncWeek

from earnest.domain.commitments import effective_status, given
from earnest.domain.currencies import Currency
from earnest.domain.history import CommitmentStatus
from earnest.domain.ladders import MAIN_TRACK, Ladder
from earnest.domain.results import Outcome, Verdict

from . import models as m
from .pipeline import highest_main_position
from .selectors import lead_assessments, workspace_ladders

WEEKS = 12
OUTCOME_ORDER = (Outcome.ADVANCED, Outcome.REJECTED, Outcome.HEDGED, Outcome.COMPLIMENTED,
                 Outcome.NO_NEXT_STEP)


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


def _funnel(ladder: Ladder, reached_sets: list[set[str]]) -> tuple[FunnelStep, ...]:
    """A lead counts on every main-track rung up to the highest one it reached, as in any funnel."""
    steps = [FunnelStep("_all", "On this ladder", len(reached_sets), None, 0)]
    tops = [highest_main_position(ladder, s) for s in reached_sets]
    for rung in ladder.track(MAIN_TRACK):
        position = ladder.position(rung.key)
        n = sum(1 for top in tops if top >= position)
        before = steps[-1].reached
        steps.append(FunnelStep(rung.key, rung.label, n, n / before if before else None, max(before - n, 0)))
    return tuple(steps)


def _rung_times(ladder: Ladder, spans: dict[str, list[int]]) -> tuple[RungTime, ...]:
    result = []
    for rung in ladder.rungs:
        days = spans.get(rung.key, [])
        result.append(RungTime(rung.key, rung.label, len(days),
                               statistics.median(days) if days else None, max(days) if days else None))
    return tuple(result)


def _weeks(workspace: m.Workspace, today: date) -> tuple[WeekOutcomes, ...]:
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=WEEKS - 1)
    rows = (m.Conversation.objects.filter(workspace=workspace, on__gte=start, on__lte=today)
            .exclude(outcome="").annotate(week=TruncWeek("on")).values("week", "outcome")
            .annotate(n=Count("pk")))
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for row in rows:
        week = row["week"]
        week = week.date() if hasattr(week, "date") else week
        counts[week][row["outcome"]] += row["n"]
    weeks = []
    for i in range(WEEKS):
        day = start + timedelta(weeks=i)
        c = counts.get(day, Counter())
        weeks.append(WeekOutcomes(day, {o.value: c.get(o.value, 0) for o in OUTCOME_ORDER}, sum(c.values())))
    return tuple(weeks)


def dashboard(workspace: m.Workspace, today: date, ladder_key: str = "") -> Dashboard:
    ladders = workspace_ladders(workspace)
    pairs = lead_assessments(workspace, today)
    if ladder_key not in ladders:
        used = Counter(hi.ladder for hi, _ in pairs)
        ladder_key = used.most_common(1)[0][0] if used else next(iter(ladders))
    ladder = ladders[ladder_key]

    reached_sets: list[set[str]] = []
    spans: dict[str, list[int]] = defaultdict(list)
    by_currency: Counter[str] = Counter()
    money = Decimal(0)
    follow: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for history, a in pairs:
        verdicts[a.verdict.value] += 1
        if a.verdict is Verdict.REJECTED:
            reasons["said no"] += 1
        if history.closure is not None:
            reasons[history.closure.reason.value.replace("_", " ")] += 1
        for c in history.commitments:
            status = effective_status(c, today)
            if status in (CommitmentStatus.AGREED, CommitmentStatus.FULFILLED, CommitmentStatus.BROKEN):
                follow["agreed"] += 1
                follow["open" if status is CommitmentStatus.AGREED else status.value] += 1
            if given(c, today):
                for currency in c.currencies:
                    by_currency[currency.label] += 1
                if c.amount is not None:
                    money += c.amount
        if history.ladder != ladder_key:
            continue
        entries = sorted(a.stage.history, key=lambda s: s.reached_on)
        reached_sets.append({s.rung for s in entries})
        for i, entry in enumerate(entries):
            end = entries[i + 1].reached_on if i + 1 < len(entries) else today
            spans[entry.rung].append(max((end - entry.reached_on).days, 0))

    return Dashboard(
        today=today, ladder=ladder, ladders=ladders, prospects=len(pairs), on_ladder=len(reached_sets),
        funnel=_funnel(ladder, reached_sets), rung_times=_rung_times(ladder, spans),
        weeks=_weeks(workspace, today),
        by_currency={c.label: by_currency.get(c.label, 0) for c in sorted(Currency, reverse=True)},
        money_committed=money,
        follow_through={k: follow.get(k, 0) for k in ("agreed", "fulfilled", "open", "broken")},
        end_reasons=tuple(reasons.most_common()),
        verdicts=dict(verdicts),
    )
