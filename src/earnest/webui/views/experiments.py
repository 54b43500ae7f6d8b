"""The Experiments page: one card per experiment with its evidence, and tags on a prospect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from earnest.domain.asks import AskTable
from earnest.domain.errors import DomainError
from earnest.ledger.models import Experiment, Prospect
from earnest.ledger.reads.experiments import ExperimentView, experiments_judged, segment_ask_table
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.ledger.services.experiments import experiment_add, experiment_revise
from earnest.ledger.services.tags import prospect_set_tags

from ..forms_experiments import ExperimentForm, ReviseForm, TagsForm
from ..permissions import MemberRequest, member_view, scoped, today

STATUS_TONES = {"validated": "good", "invalidated": "bad", "running": "warn", "revised": "muted"}


@dataclass(frozen=True)
class Card:
    view: ExperimentView
    percent: int  # of the target, for the progress bar
    tone: str
    asks: AskTable
    form: ReviseForm


def _rungs(workspace) -> list[tuple[str, str]]:
    """Every rung of the workspace's ladders, once, in ladder order."""
    seen: dict[str, str] = {}
    for ladder in workspace_ladders(workspace).values():
        for rung in ladder.rungs:
            seen.setdefault(rung.key, f"{rung.label} ({ladder.name})")
    return list(seen.items())


def _revise_form(view: ExperimentView, rungs, data=None) -> ReviseForm:
    row = view.row
    initial = {
        "hypothesis": row.hypothesis,
        "segment": row.segment,
        "criterion": row.criterion,
        "rung": row.rung,
        "at_least": row.at_least,
        "amount": row.amount,
        "rate": row.rate,
        "min_asks": row.min_asks,
        "deadline": row.deadline,
    }
    return ReviseForm(data, initial=initial, rungs=rungs, prefix=f"r{row.pk}")


def _page(
    request: MemberRequest,
    workspace,
    *,
    new_form: ExperimentForm | None = None,
    failed: tuple[int, ReviseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    now, rungs = today(), _rungs(workspace)
    views = experiments_judged(workspace, now)
    tables: dict[str, AskTable] = {}
    cards = []
    for v in views:
        segment = v.plan.segment
        if segment not in tables:
            tables[segment] = segment_ask_table(workspace, now, segment)
        target = v.result.target
        percent = min(100, int(v.result.count * 100 / target)) if target else 0
        form = failed[1] if failed and failed[0] == v.row.pk else _revise_form(v, rungs)
        cards.append(Card(v, percent, STATUS_TONES.get(v.result.status.value, "neutral"), tables[segment], form))
    context: dict[str, Any] = {
        "workspace": workspace,
        "nav": "experiments",
        "cards": cards,
        "today": now,
        "new_form": new_form or ExperimentForm(rungs=rungs, prefix="new"),
    }
    return render(request, "webui/experiments/page.html", context, status=status)


@member_view
def experiments_page(request: MemberRequest, workspace) -> HttpResponse:
    return _page(request, workspace)


@member_view
def experiment_new(request: MemberRequest, workspace) -> HttpResponse:
    if request.method != "POST":
        return redirect("webui:experiments", slug=workspace.slug)
    form = ExperimentForm(request.POST, rungs=_rungs(workspace), prefix="new")
    if form.is_valid():
        d = form.cleaned_data
        try:
            row = experiment_add(
                workspace=workspace,
                name=d["name"],
                hypothesis=d["hypothesis"],
                segment=d["segment"],
                criterion=form.criterion_input(),
                deadline=d["deadline"],
                started_on=today(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Added the experiment “{row.name}”.")
            return redirect(f"/w/{workspace.slug}/experiments/#exp-{row.pk}")
    return _page(request, workspace, new_form=form, status=400)


@member_view
def experiment_revise_view(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    row = scoped(Experiment, workspace, pk)
    if request.method != "POST":
        return redirect("webui:experiments", slug=workspace.slug)
    form = ReviseForm(request.POST, rungs=_rungs(workspace), prefix=f"r{row.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            new = experiment_revise(
                experiment=row,
                on=today(),
                hypothesis=d["hypothesis"],
                segment=d["segment"],
                criterion=form.criterion_input(),
                deadline=d["deadline"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"“{new.name}” is now at version {new.number}; version {row.number} keeps its result."
            )
            return redirect(f"/w/{workspace.slug}/experiments/#exp-{new.pk}")
    return _page(request, workspace, failed=(row.pk, form), status=400)


@member_view
def prospect_tags_edit(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    """Set a prospect's tags from its page; a bad tag is said in place and changes nothing."""
    prospect = scoped(Prospect, workspace, pk)
    if request.method != "POST":
        return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)
    form = TagsForm(request.POST)
    typed = request.POST.get("tags", "")
    error = ""
    try:
        if not form.is_valid():
            raise DomainError("; ".join(str(e) for errors in form.errors.values() for e in errors))
        prospect_set_tags(prospect=prospect, tags=[form.cleaned_data["tags"]])
    except DomainError as exc:
        error = f"Tags not saved: {exc}"
    if request.htmx:
        context = tags_context(workspace, prospect, typed=typed if error else None, error=error)
        return render(request, "webui/experiments/_prospect_tags.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)


def tags_context(workspace, prospect, *, typed: str | None = None, error: str = "") -> dict[str, Any]:
    tags = sorted(prospect.tags.values_list("name", flat=True))
    return {
        "workspace": workspace,
        "prospect": prospect,
        "tags": tags,
        "typed": ", ".join(tags) if typed is None else typed,
        "error": error,
    }
