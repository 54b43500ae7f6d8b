from __future__ import annotations

from django.db import models
from django.db.models import CharField, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earnest.ledger.models import Commitment, NextStep, Prospect
from earnest.ledger.reads.today import SECTIONS, agenda_sections

from ..permissions import member_view, today

# What each one-click button changes: the rows' model, which id of the item names the row, and the
# name of the {id: version} map the template reads.
CLICKS = {
    "debrief": (NextStep, "ref", "step_versions"),
    "prepare": (NextStep, "ref", "step_versions"),
    "todo": (NextStep, "ref", "step_versions"),
    "commitment_due": (Commitment, "ref", "commitment_versions"),
    "commitment_asked": (Commitment, "ref", "commitment_versions"),
    "woke_up": (Prospect, "prospect_id", "prospect_versions"),
}


def click_versions(workspace, sections) -> dict[str, dict[str, int]]:
    """The current version of every row a button on the page changes, read now (never cached), in one query.

    Each button sends the version it was shown with, so a second click on the same item, or one from
    a page left open while someone else changed the row, is refused instead of applied over theirs.
    """
    wanted: dict[str, tuple[type[models.Model], set[int]]] = {}
    for _key, _title, action, items, _total in sections:
        if action in CLICKS:
            model, attr, name = CLICKS[action]
            # An imported meeting to debrief names a conversation, not a step: nothing to click there.
            ids = {getattr(i, attr) for i in items if i.kind != "debrief_meeting"}
            wanted.setdefault(name, (model, set()))[1].update(ids)
    versions: dict[str, dict[str, int]] = {name: {} for _m, _a, name in CLICKS.values()}
    queries = [
        model._default_manager.filter(workspace=workspace, pk__in=ids)
        .annotate(map=Value(name, output_field=CharField()))
        .values_list("map", "pk", "version")
        for name, (model, ids) in wanted.items()
    ]
    if queries:
        for name, pk, version in queries[0].union(*queries[1:], all=True):
            versions[name][str(pk)] = version
    return versions


def today_counts(workspace) -> dict:
    """What the counts fragment needs: every list's total, for the out-of-band swap after a click."""
    result, sections = agenda_sections(workspace)
    return {"workspace": workspace, "sections": sections, "all_sections": SECTIONS, "agenda": result}


@member_view
def today_page(request: HttpRequest, workspace) -> HttpResponse:
    request.session["workspace"] = workspace.slug
    now = today()
    result, sections = agenda_sections(workspace, now)
    return render(
        request,
        "webui/today.html",
        {
            "workspace": workspace,
            "today": now,
            "agenda": result,
            "sections": sections,
            "nav": "today",
            "all_sections": SECTIONS,
            **click_versions(workspace, sections),
        },
    )
