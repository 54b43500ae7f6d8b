from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earnest.ledger.derived.read_cache import workspace_cached
from earnest.ledger.reads.experiments import workspace_tags
from earnest.ledger.reads.reports import OUTCOME_ORDER, dashboard

from ..permissions import member_view, today


@member_view
def dashboard_page(request: HttpRequest, workspace) -> HttpResponse:
    now, ladder, tag = today(), request.GET.get("ladder", "")[:64], request.GET.get("tag", "")[:50]
    report = workspace_cached(
        workspace, now, f"dashboard:{ladder}:{tag}", lambda: dashboard(workspace, now, ladder, tag)
    )
    top_week = max((w.total for w in report.weeks), default=0)
    return render(
        request,
        "webui/dashboard.html",
        {
            "workspace": workspace,
            "r": report,
            "nav": "dashboard",
            "tag": tag,
            "tags": workspace_cached(workspace, now, "tags", lambda: workspace_tags(workspace)),
            "outcomes": [o.value for o in OUTCOME_ORDER],
            "top_week": top_week,
            "top_currency": max(report.by_currency.values(), default=0),
            "top_reason": max((n for _, n in report.end_reasons), default=0),
            "top_time": max((t.median_days or 0 for t in report.rung_times), default=0),
        },
    )
