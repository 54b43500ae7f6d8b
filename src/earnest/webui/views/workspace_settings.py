"""The workspace's own settings: its name, the currency of its amounts and how its dates are typed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from earnest.domain.errors import DomainError
from earnest.ledger.services.workspaces import workspace_settings_update

from ..forms import WorkspaceSettingsForm
from ..permissions import member_view


@member_view
def workspace_settings(request: HttpRequest, workspace) -> HttpResponse:
    if request.membership.role != "owner":  # type: ignore[attr-defined]
        raise PermissionDenied("only an owner changes the workspace's settings")
    initial = {"name": workspace.name, "money_currency": workspace.money_currency, "date_order": workspace.date_order}
    form = WorkspaceSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workspace_settings_update(workspace=workspace, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Settings saved.")
            return redirect("webui:workspace_settings", slug=workspace.slug)
    return render(
        request,
        "webui/workspace_settings.html",
        {"workspace": workspace, "form": form},
        status=400 if form.errors else 200,
    )
