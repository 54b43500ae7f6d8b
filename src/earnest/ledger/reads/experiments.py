"""Reads for segments and experiments: the histories of a segment, judged by the domain.

A fixed number of queries whatever the number of experiments: the tags of the segments
involved, then the histories of the prospects that carry them (`prospect_histories`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count

from earnest.domain.asks import AskTable, ask_records, ask_table
from earnest.domain.coach import prefer_asks_that_work
from earnest.domain.errors import DomainError
from earnest.domain.experiments import ExperimentPlan, ExperimentResult, experiment_result
from earnest.domain.history import ProspectHistory
from earnest.domain.ladders import Ladder
from earnest.domain.segments import clean_tag
from earnest.jsonable import jsonable

from .. import models as m
from ..services.experiments import criterion_of
from .selectors import ladder_get, lead_assessment, prospect_histories, workspace_ladders


def workspace_tags(workspace: m.Workspace) -> list[tuple[str, int]]:
    """Every tag in use, with how many prospects carry it, by name."""
    return [
        (row["name"], row["n"])
        for row in m.ProspectTag.objects.filter(workspace=workspace)
        .values("name")
        .annotate(n=Count("pk"))
        .order_by("name")
    ]


def tags_by_prospect(workspace: m.Workspace, prospect_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    qs = m.ProspectTag.objects.filter(workspace=workspace)
    if prospect_ids is not None:
        qs = qs.filter(prospect_id__in=list(prospect_ids))
    found: dict[int, list[str]] = defaultdict(list)
    for prospect_id, name in qs.order_by("name").values_list("prospect_id", "name"):
        found[prospect_id].append(name)
    return found


def tag_filter_ids(workspace: m.Workspace, tag: str):
    """The ids of the prospects that carry `tag`, as a subquery for other filters."""
    return m.ProspectTag.objects.filter(workspace=workspace, name=clean_tag(tag)).values("prospect_id")


def _segment_members(workspace: m.Workspace, segments: Iterable[str] | None) -> list[tuple[ProspectHistory, set[str]]]:
    """Histories of the prospects in these segments (all tagged prospects with None), with their tags."""
    qs = m.ProspectTag.objects.filter(workspace=workspace)
    if segments is not None:
        qs = qs.filter(name__in=list(segments))
    ids = sorted(set(qs.values_list("prospect_id", flat=True)))
    if not ids:
        return []
    tags = tags_by_prospect(workspace, ids)
    return [(h, set(tags.get(int(h.id), ()))) for h in prospect_histories(workspace, ids)]


def experiment_plan(row: m.Experiment) -> ExperimentPlan:
    return ExperimentPlan(
        id=row.pk,
        name=row.name,
        number=row.number,
        hypothesis=row.hypothesis,
        segment=row.segment,
        criterion=criterion_of(row),
        started_on=row.started_on,
        deadline=row.deadline,
        revised_on=row.revised_on,
        parent_id=row.parent_id,
    )


@dataclass(frozen=True)
class ExperimentView:
    """One version of an experiment with its result, and the other versions of the same name."""

    row: m.Experiment
    plan: ExperimentPlan
    result: ExperimentResult
    rung_label: str
    versions: tuple[ExperimentView, ...] = field(default=())

    @property
    def criterion_text(self) -> str:
        return self.plan.criterion.describe(self.rung_label)


def _rung_label(ladders: dict[str, Ladder], rung: str | None) -> str:
    for ladder in ladders.values():
        if rung and ladder.has_rung(rung):
            return ladder.rung(rung).label
    return rung or ""


def experiments_judged(
    workspace: m.Workspace, today: date, rows: Sequence[m.Experiment] | None = None, *, with_versions: bool = True
) -> list[ExperimentView]:
    """The latest version of each experiment (or the rows given), judged as of today."""
    all_rows = list(m.Experiment.objects.filter(workspace=workspace).order_by("name", "number"))
    if rows is None:
        rows = [r for r in all_rows if r.revised_on is None]
    ladders = workspace_ladders(workspace)
    members = _segment_members(workspace, {r.segment for r in all_rows})

    def judge(row: m.Experiment) -> ExperimentView:
        plan = experiment_plan(row)
        return ExperimentView(
            row, plan, experiment_result(plan, members, ladders, today), _rung_label(ladders, row.rung or None)
        )

    views = []
    for row in rows:
        view = judge(row)
        if with_versions:
            older = tuple(judge(r) for r in all_rows if r.name == row.name and r.pk != row.pk)
            view = ExperimentView(view.row, view.plan, view.result, view.rung_label, older)
        views.append(view)
    return views


def experiment_get(workspace: m.Workspace, name: str, number: int | None = None) -> m.Experiment:
    """An experiment by name (case-insensitive) or id: its latest version, or the version asked for."""
    text = name.strip()
    qs = m.Experiment.objects.filter(workspace=workspace)
    found = qs.filter(name__iexact=text)
    if not found.exists() and text.isdigit():
        by_id = qs.filter(pk=int(text)).first()
        if by_id is not None:
            found = qs.filter(name=by_id.name)
    if number is not None:
        row = found.filter(number=number).first()
        if row is None and found.exists():
            raise DomainError(f"experiment {text!r} has no version {number}")
    else:
        row = found.order_by("-number").first()
    if row is None:
        raise DomainError(f"no experiment {text!r}; see: earnest experiment list")
    return row


def experiment_judged(workspace: m.Workspace, row: m.Experiment, today: date) -> ExperimentView:
    return experiments_judged(workspace, today, [row])[0]


def segment_ask_table(workspace: m.Workspace, today: date, segment: str | None = None) -> AskTable:
    """The asks-that-work table for one segment, or for every prospect when `segment` is None."""
    ladders = workspace_ladders(workspace)
    if segment:
        tag = clean_tag(segment)
        histories = [h for h, _ in _segment_members(workspace, [tag])]
    else:
        tag, histories = None, prospect_histories(workspace)
    records = [r for h in histories for r in ask_records(h, ladders.get(h.ladder), today)]
    return ask_table(records, ladders, tag)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def experiment_data(view: Any) -> dict[str, Any]:
    """One experiment as scripts see it: the plan, the computed status and its evidence."""
    plan, result = view.plan, view.result
    return {
        "id": plan.id,
        "name": plan.name,
        "version": plan.number,
        "status": result.status.value,
        "count": _number(result.count),
        "target": _number(result.target),
        "unit": result.unit,
        "hypothesis": plan.hypothesis,
        "segment": plan.segment,
        "criterion": view.criterion_text,
        "rule": jsonable(plan.criterion),
        "started_on": plan.started_on,
        "deadline": plan.deadline,
        "revised_on": plan.revised_on,
        "judged_on": result.judged_on,
        "met_on": result.met_on,
        "distance": result.distance,
        "segment_size": result.segment_size,
        "asks_judged": result.asks_judged,
        "asks_needed": result.asks_needed,
        "reasons": [r.text for r in result.reasons],
        "counted": jsonable(result.counted),
        "open_asks": jsonable(result.open_asks),
        "versions": [
            {
                "version": v.plan.number,
                "status": v.result.status.value,
                "criterion": v.criterion_text,
                "segment": v.plan.segment,
                "revised_on": v.plan.revised_on,
                "count": _number(v.result.count),
                "target": _number(v.result.target),
            }
            for v in view.versions
        ],
    }


def ask_counts_data(c: Any) -> dict[str, Any]:
    return {
        "asked": c.asked,
        "agreed": c.agreed,
        "declined": c.declined,
        "hedged": c.hedged,
        "unanswered": c.unanswered,
        "waiting": c.waiting,
        "median_days_to_answer": c.median_days,
        "answer_rate": c.answer_rate,
        "agree_rate": c.agree_rate,
    }


def ask_table_data(t: Any) -> dict[str, Any]:
    return {
        "segment": t.segment,
        "total": ask_counts_data(t.total),
        "rungs": [
            {
                "rung": r.rung,
                "label": r.label,
                **ask_counts_data(r.counts),
                "wordings": [{"wording": w.wording, **ask_counts_data(w.counts)} for w in r.wordings],
            }
            for r in t.rungs
        ],
    }


def coached_advice(workspace: m.Workspace, prospect: m.Prospect, today: date):
    """The lead's assessment, and the coach's next ask tuned to what got answers in its segment."""
    history, assessment = lead_assessment(workspace, prospect, today)
    return history, assessment, tuned_advice(workspace, prospect, assessment, today)


def tuned_advice(workspace: m.Workspace, prospect: m.Prospect, assessment, today: date):
    """The coach's advice with the wording and size of ask that got answers in the prospect's segment.

    A prospect in several segments is coached from the one with the most evidence about the rung
    the coach is about to ask for; an untagged prospect keeps the ladder's own advice."""
    advice = assessment.advice
    tags = tags_by_prospect(workspace, [prospect.pk]).get(prospect.pk, [])
    if not tags or not advice.rung:
        return advice

    def evidence(table: AskTable) -> int:
        row = table.rung(advice.rung)
        return row.counts.judged if row is not None else 0

    table = max((segment_ask_table(workspace, today, tag) for tag in tags), key=evidence)
    reached = [entry.rung for entry in assessment.stage.history]
    return prefer_asks_that_work(advice, ladder_get(workspace, prospect.ladder), reached, table)


def experiments_changed(workspace: m.Workspace, today: date) -> list[tuple[ExperimentView, str]]:
    """Latest versions whose status differs from the one last reported, with that old status."""
    return [
        (v, v.row.reported_status)
        for v in experiments_judged(workspace, today, with_versions=False)
        if v.result.status.value != v.row.reported_status
    ]
