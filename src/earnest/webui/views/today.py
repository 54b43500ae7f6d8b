from __future__ import annotations

from django.db.models import CharField, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earnest.ledger.models import Commitment, NextStep, Prospect
from earnest.ledger.read_cache import workspace_cached
from earnest.ledger.today import today_agenda

from ..permissions import member_view, today

# Each agenda list, its heading, and what one click does about it.
SECTIONS = (
    ("overdue_steps", "Overdue next steps", "step"),
    ("due_today", "Due today", "step"),
    ("broken_commitments", "Promises past their date", "commitment_due"),
    ("commitments_due", "Commitments coming due", "commitment_due"),
    ("unanswered_asks", "Asks still waiting for an answer", "commitment_asked"),
    ("no_next_step", "Conversations that ended without a commitment", "conversation"),
    ("stalled", "Stalled leads", "prospect"),
    ("zombies", "Zombie leads: friendly, but nothing given", "prospect"),
    ("woke_up", "Parked leads that woke up", "woke_up"),
)


# A long list is shown in part: the oldest first, since those have waited longest.
SHOWN = 25


def agenda_sections(workspace, now, shown: int | None = SHOWN):
    """(key, title, action, items shown, total) for each agenda list that has anything in it."""
    result = workspace_cached(workspace, now, f"today:{shown}", lambda: today_agenda(workspace, now, shown))
    sections = [(key, title, action, getattr(result, key), result.counts[key]) for key, title, action in SECTIONS]
    return result, [s for s in sections if s[4]]


# What each one-click button changes: the rows' model, which id of the item names the row, and the
# name of the {id: version} map the template reads.
CLICKS = {
    "step": (NextStep, "ref", "step_versions"),
    "commitment_due": (Commitment, "ref", "commitment_versions"),
    "commitment_asked": (Commitment, "ref", "commitment_versions"),
    "woke_up": (Prospect, "prospect_id", "prospect_versions"),
}


def click_versions(workspace, sections) -> dict[str, dict[str, int]]:
    """The current version of every row a button on the page changes, read now (never cached), in one query.

    Each button sends the version it was shown with, so a second click on the same item, or one from
    a page left open while someone else changed the row, is refused instead of applied over theirs.
    """
    wanted: dict[str, tuple[type, set[int]]] = {}
    for _key, _title, action, items, _total in sections:
        if action in CLICKS:
            model, attr, name = CLICKS[action]
            wanted.setdefault(name, (model, set()))[1].update(getattr(i, attr) for i in items)
    versions: dict[str, dict[str, int]] = {name: {} for _m, _a, name in CLICKS.values()}
    queries = [model.objects.filter(workspace=workspace, pk__in=ids)
               .annotate(map=Value(name, output_field=CharField())).values_list("map", "pk", "version")
               for name, (model, ids) in wanted.items()]
    if queries:
        for name, pk, version in queries[0].union(*queries[1:], all=True):
            versions[name][str(pk)] = version
    return versions


@member_view
def today_page(request: HttpRequest, workspace) -> HttpResponse:
    request.session["workspace"] = workspace.slug
    now = today()
    result, sections = agenda_sections(workspace, now)
    return render(request, "webui/today.html", {
        "workspace": workspace, "today": now, "agenda": result, "sections": sections, "nav": "today",
        **click_versions(workspace, sections)})
