"""Saved CSV mappings: which columns of an export file hold which of earnest's fields."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.transfer import selectors as transfer_selectors
from earnest.transfer import services as transfer_services
from earnest.transfer.crm_presets import FIELDS
from earnest.transfer.models import SavedMapping

from ..forms_imports import PRESET_LABELS, MappingForm
from ..permissions import MemberRequest, member_view
from .imports import can_write


def _saved(workspace, name: str) -> SavedMapping:
    row = transfer_selectors.saved_mappings(workspace).filter(name=name).first()
    if row is None:
        raise Http404("no such mapping")
    return row


@member_view
def mapping_list(request: MemberRequest, workspace) -> HttpResponse:
    return render(
        request,
        "webui/imports/mappings.html",
        {
            "workspace": workspace,
            "mappings": list(transfer_selectors.saved_mappings(workspace)),
            "presets": PRESET_LABELS,
            "can_write": can_write(request),
            "nav": "imports",
        },
    )


@member_view
def mapping_show(request: MemberRequest, workspace, name: str) -> HttpResponse:
    row = _saved(workspace, name)
    rows = [(f, row.columns.get(f, [])) for f in FIELDS.get(row.kind, ())]
    return render(
        request,
        "webui/imports/mapping.html",
        {"workspace": workspace, "mapping": row, "rows": rows, "can_write": can_write(request), "nav": "imports"},
    )


@member_view
def mapping_new(request: MemberRequest, workspace) -> HttpResponse:
    """The generic preset's columns to edit (or a saved mapping's, with ?from=NAME); the kind picks the fields."""
    base = _saved(workspace, request.GET["from"]) if request.GET.get("from") else None
    kind = request.POST.get("kind") or request.GET.get("kind") or (base.kind if base else "contacts")
    columns = base.columns if base is not None and base.kind == kind else None
    if request.method == "POST":
        form = MappingForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                row = transfer_services.mapping_save(
                    workspace=workspace, name=form.cleaned_data["name"], data=form.mapping_data()
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Saved the mapping {row.name!r}.")
                return redirect("webui:mapping", slug=workspace.slug, name=row.name)
    else:
        name = request.GET.get("name") or (base.name if base else "")
        form = MappingForm(initial={"name": name, "kind": kind}, kind=kind, columns=columns)
    return render(
        request,
        "webui/imports/mapping_form.html",
        {"workspace": workspace, "form": form, "base": base, "nav": "imports"},
        status=400 if form.errors else 200,
    )


@require_POST
@member_view
def mapping_remove(request: MemberRequest, workspace, name: str) -> HttpResponse:
    row = _saved(workspace, name)
    transfer_services.mapping_delete(workspace=workspace, name=row.name)
    messages.success(request, f"Deleted the mapping {row.name!r}.")
    return redirect("webui:mappings", slug=workspace.slug)
