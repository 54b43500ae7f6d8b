"""Keeping each prospect's assessment precomputed, so that pages and lists of thousands stay fast.

A snapshot is derived data. It is dropped whenever a change to the prospect is recorded
(`audit.record` calls `mark_stale`), and one computed for an earlier day is stale because
verdicts move with time. Readers call `snapshots_current`, which recomputes only what is
stale, in set-based chunks; `earnest refresh` does the whole workspace ahead of time, for
a nightly cron job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from earnest.domain.history import ProspectHistory, StepOwner
from earnest.domain.ladders import MAIN_TRACK, Ladder
from earnest.domain.results import Assessment
from earnest.jsonable import assessment_data, jsonable

from . import models as m
from .selectors import lead_assessments, workspace_ladders

CHUNK = 2_000
_UPDATED = ["workspace", "computed_for", "verdict", "strength", "earlyvangelist", "rung", "rung_position",
            "stage_since", "warnings", "next_step_due", "reached", "data"]


@dataclass(frozen=True)
class StepState:
    state: str  # overdue, due_today, scheduled, undated, none
    text: str = ""
    due: date | None = None


def next_step_state(history: ProspectHistory, today: date) -> StepState:
    """The soonest open next step, and whether it is overdue, due today, ahead or undated."""
    open_steps = [s for s in history.next_steps if s.open]
    if not open_steps:
        return StepState("none")
    dated = [s for s in open_steps if s.due is not None]
    if not dated:
        return StepState("undated", open_steps[0].description)
    step = min(dated, key=lambda s: (s.due, str(s.id)))
    assert step.due is not None
    state = "overdue" if step.due < today else "due_today" if step.due == today else "scheduled"
    return StepState(state, step.description, step.due)


def highest_main_position(ladder: Ladder, reached: set[str]) -> int:
    """Position of the highest main-track rung reached, -1 for none: a funnel counts everything below it."""
    return max((ladder.position(r.key) for r in ladder.track(MAIN_TRACK) if r.key in reached), default=-1)


def mark_stale(prospect_id: int | None) -> None:
    if prospect_id is not None:
        m.LeadSnapshot.objects.filter(prospect_id=prospect_id).delete()


def _prospect_step_due(history: ProspectHistory) -> date | None:
    dues = [s.due for s in history.next_steps
            if s.result is None and s.due is not None and s.owner is not StepOwner.US]
    return min(dues, default=None)


def _snapshot(workspace_id: int, history: ProspectHistory, assessment: Assessment, ladder: Ladder | None,
              today: date) -> m.LeadSnapshot:
    entries = sorted(assessment.stage.history, key=lambda s: s.reached_on)
    strongest = max(assessment.strength.terms, key=lambda t: t.value, default=None)
    data = assessment_data(history, assessment)
    data["next_step"] = jsonable(next_step_state(history, today))
    data["strongest"] = strongest.description if strongest else ""
    return m.LeadSnapshot(
        prospect_id=history.id, workspace_id=workspace_id, computed_for=today,
        verdict=assessment.verdict.value, strength=round(assessment.strength.score, 2),
        earlyvangelist=assessment.earlyvangelist.flag, rung=assessment.stage.current or "",
        rung_position=highest_main_position(ladder, {e.rung for e in entries}) if ladder else -1,
        stage_since=assessment.stage.since, warnings=[w.kind.value for w in assessment.warnings],
        next_step_due=_prospect_step_due(history),
        reached=[[e.rung, e.reached_on.isoformat()] for e in entries], data=data,
    )


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def snapshots_refresh(workspace: m.Workspace, today: date, prospect_ids: Sequence[int] | None = None) -> int:
    """Recompute the snapshots of these prospects (all when None); returns how many."""
    if prospect_ids is None:
        prospect_ids = list(m.Prospect.objects.filter(workspace=workspace).values_list("pk", flat=True))
    ladders = workspace_ladders(workspace)
    done = 0
    for chunk in _chunks(list(prospect_ids), CHUNK):
        with transaction.atomic():
            rows = [_snapshot(workspace.pk, h, a, ladders.get(h.ladder), today)
                    for h, a in lead_assessments(workspace, today, chunk)]
            m.LeadSnapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["prospect"],
                                               update_fields=_UPDATED, batch_size=500)
        done += len(rows)
    return done


def stale_prospect_ids(workspace: m.Workspace, today: date) -> list[int]:
    # Two index counts settle the usual case, every snapshot current, without an anti-join.
    fresh = m.LeadSnapshot.objects.filter(workspace=workspace, computed_for=today).count()
    if fresh == m.Prospect.objects.filter(workspace=workspace).count():
        return []
    return list(m.Prospect.objects.filter(workspace=workspace)
                .exclude(snapshot__computed_for=today).values_list("pk", flat=True))


def snapshots_current(workspace: m.Workspace, today: date) -> QuerySet[m.LeadSnapshot]:
    """Every snapshot of the workspace, as of today, recomputing only the stale ones."""
    stale = stale_prospect_ids(workspace, today)
    if stale:
        snapshots_refresh(workspace, today, stale)
    return m.LeadSnapshot.objects.filter(workspace=workspace)
