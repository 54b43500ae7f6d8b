"""Editing a prospect's own fields (optimistic locking), and the rest of its audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from earnest.domain.errors import DomainError
from earnest.ledger.derived.audit import prospect_audit
from earnest.ledger.models import Prospect
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.ledger.services.prospects import prospect_update
from earnest.ledger.services.versions import StaleEdit

from ..forms import ProspectEditForm
from ..permissions import MemberRequest, member_view, scoped, stale_form
from .prospects import AUDIT_PAGE

EDITABLE = ("name", "ladder", "domain", "owner", "notes")


@member_view
def prospect_edit(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    kwargs = {"ladders": workspace_ladders(workspace)}
    initial = {f: getattr(prospect, f) for f in EDITABLE} | {"version": prospect.version}
    form = ProspectEditForm(request.POST or None, initial=initial, **kwargs)
    form.extra_kwargs = kwargs
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in EDITABLE}
        try:
            prospect_update(prospect=prospect, expected_version=form.cleaned_data["version"], **data)
        except StaleEdit as exc:
            form, status = stale_form(form, exc, Prospect.objects.get(pk=prospect.pk).version), 409
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved.")
            return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)
    return render(
        request,
        "webui/prospect_edit.html",
        {"workspace": workspace, "prospect": prospect, "form": form, "nav": "pipeline"},
        status=status if status != 200 or not form.errors else 400,
    )


@member_view
def prospect_history(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    """More of the audit trail: the next page as a fragment (HTMX), or on a page of its own."""
    prospect = scoped(Prospect, workspace, pk)
    try:
        offset = max(0, min(int(request.GET.get("offset", "0")), 1_000_000))
    except ValueError:
        offset = 0
    audit, more = prospect_audit(prospect, offset=offset, limit=AUDIT_PAGE)
    context = {
        "workspace": workspace,
        "prospect": prospect,
        "audit": audit,
        "audit_more": more,
        "audit_next": offset + AUDIT_PAGE,
        "nav": "pipeline",
    }
    if request.htmx:
        return render(request, "webui/_fragments/audit_items.html", context)
    return render(request, "webui/prospect_history.html", context)
