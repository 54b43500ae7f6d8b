from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from earnest.domain.errors import DomainError
from earnest.ledger.models import NextStep, Prospect
from earnest.ledger.reads.selectors import ladder_get, prospect_brief
from earnest.ledger.services.debrief import ask_prepare, planned_ask_for

from ..permissions import member_view, scoped, today


@member_view
def prep_page(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    """Before a meeting: the history at a glance, the coach's ask (editable) and learning questions."""
    prospect = scoped(Prospect, workspace, pk)
    now = today()
    error = ""
    if request.method == "POST":
        try:
            meeting = _meeting_day(request.POST.get("on", ""), now)
            ask_prepare(
                prospect=prospect,
                on=meeting,
                description=request.POST.get("ask", "").strip(),
                rung=request.POST.get("rung", ""),
            )
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                f"Ask saved for the meeting on {meeting:%-d %b %Y}. The debrief after it will ask how they answered.",
            )
            return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)
    brief = prospect_brief(workspace, prospect, now)
    ladder = ladder_get(workspace, prospect.ladder)
    rung = ladder.rung(brief.ask.rung) if brief.ask.rung and ladder.has_rung(brief.ask.rung) else None
    current = ladder.rung(brief.rung) if brief.rung and ladder.has_rung(brief.rung) else None
    return render(
        request,
        "webui/prep.html",
        {
            "workspace": workspace,
            "prospect": prospect,
            "brief": brief,
            "ladder": ladder,
            "ask_rung": rung,
            "current_rung": current,
            "today": now,
            "nav": "pipeline",
            "ask_text": request.POST.get("ask") or brief.ask.wording or brief.ask.text,
            "error": error,
            "meeting_on": _meeting_of(request, prospect) or _next_meeting(prospect, now),
            "planned": planned_ask_for(prospect, date.max),
        },
        status=400 if error else 200,
    )


def _meeting_of(request: HttpRequest, prospect: Prospect) -> date | None:
    """Today's Prepare link names the meeting's step: its day is the day of the ask."""
    ref = request.GET.get("step", "")
    step = NextStep.objects.filter(prospect=prospect, pk=int(ref)).first() if ref.isdigit() else None
    return step.due if step is not None else None


def _next_meeting(prospect: Prospect, now: date) -> date:
    """The day of the next dated step with them, which is usually the meeting being prepared."""
    step = (
        NextStep.objects.filter(prospect=prospect, result="", due__gte=now).exclude(owner="us").order_by("due").first()
    )
    return step.due if step is not None and step.due is not None else now


def _meeting_day(raw: str, now: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else now
    except ValueError:
        raise DomainError(f"the meeting date {raw!r} is not a date such as {now.isoformat()}") from None
