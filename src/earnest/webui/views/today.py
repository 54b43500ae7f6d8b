from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


@member_view
def today_page(request: HttpRequest, workspace) -> HttpResponse:
    request.session["workspace"] = workspace.slug
    now = today()
    result, sections = agenda_sections(workspace, now)
    return render(request, "webui/today.html", {
        "workspace": workspace, "today": now, "agenda": result, "sections": sections, "nav": "today"})
