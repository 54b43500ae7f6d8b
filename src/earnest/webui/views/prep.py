from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earnest.ledger.models import Prospect
from earnest.ledger.selectors import ladder_get, prospect_brief

from ..permissions import member_view, scoped, today


@member_view
def prep_page(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    """Before a meeting: the history at a glance, the coach's ask (editable) and learning questions."""
    prospect = scoped(Prospect, workspace, pk)
    now = today()
    brief = prospect_brief(workspace, prospect, now)
    ladder = ladder_get(workspace, prospect.ladder)
    rung = ladder.rung(brief.ask.rung) if brief.ask.rung and ladder.has_rung(brief.ask.rung) else None
    current = ladder.rung(brief.rung) if brief.rung and ladder.has_rung(brief.rung) else None
    return render(request, "webui/prep.html", {
        "workspace": workspace, "prospect": prospect, "brief": brief, "ladder": ladder, "ask_rung": rung,
        "current_rung": current, "today": now, "nav": "pipeline",
        "ask_text": brief.ask.wording or brief.ask.text,
    })
