from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from earnest.ledger.derived.read_cache import workspace_cached
from earnest.ledger.reads.experiments import workspace_tags
from earnest.ledger.reads.pipeline import VERDICT_ORDER, Filters, pipeline_board

from ..permissions import MemberRequest, member_view, today


def _filters(request: MemberRequest) -> Filters:
    get = request.GET
    return Filters(
        group_by=get.get("group", "verdict"),
        ladder=get.get("ladder", ""),
        verdict=get.get("verdict", ""),
        owner=get.get("owner", ""),
        earlyvangelist=get.get("ev") == "1",
        search=get.get("q", "")[:200],
        reached=get.get("reached", ""),
        tag=get.get("tag", "")[:50],
    )


def _page(request: MemberRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@member_view
def pipeline_page(request: MemberRequest, workspace) -> HttpResponse:
    """The whole board; with ?column=KEY&page=N only that column's next cards (for 'show more')."""
    # Without HTMX, "show more" reloads the whole board with every column one page longer.
    column = request.GET.get("column") if request.htmx else None
    filters, page, now = _filters(request), _page(request), today()
    board = workspace_cached(
        workspace,
        now,
        f"pipeline:{filters}:{column}:{page}",
        lambda: pipeline_board(workspace, now, filters, column=column, page=page),
    )
    context = {
        "workspace": workspace,
        "board": board,
        "today": today(),
        "nav": "pipeline",
        "tags": workspace_cached(workspace, now, "tags", lambda: workspace_tags(workspace)),
        "verdict_choices": [(v.value, v.value.replace("_", " ").capitalize()) for v in VERDICT_ORDER],
    }
    if column is not None:
        context["column"] = board.columns[0] if board.columns else None
        return render(request, "webui/_fragments/column_more.html", context)
    if request.htmx and request.htmx.target == "board":
        return render(request, "webui/_fragments/board.html", context)
    return render(request, "webui/pipeline.html", context)
