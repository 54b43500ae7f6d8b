"""Import & export: uploads run the transfer importers (a dry run first), downloads run the exporters.

Every upload answers with the result fragment swapped in place under its form, so the file and
the options the user chose stay where they were; without JavaScript the whole page comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.ledger.models import Prospect
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.transfer import selectors as transfer_selectors
from earnest.transfer import services as transfer_services
from earnest.transfer.backup import workspace_export_json, workspace_import
from earnest.transfer.calendar_import import import_ics
from earnest.transfer.csv_import import import_csv
from earnest.transfer.email_import import import_email
from earnest.transfer.lead_export import leads_csv
from earnest.transfer.models import PendingMeeting
from earnest.transfer.report import ImportFailed, ImportReport

from ..forms_imports import BackupForm, CsvImportForm, UploadForm
from ..permissions import MemberRequest, member_view, scoped, today

ACCEPT = {
    "ics": ".ics,text/calendar",
    "email": ".eml,.mbox,message/rfc822,application/mbox",
    "backup": ".json,application/json",
}


def can_write(request: MemberRequest) -> bool:
    return request.membership.role != "viewer"


def _forms(request: MemberRequest, workspace, bound: str | None = None) -> dict[str, forms.Form]:
    """The four upload forms; the one just submitted is bound to what the user sent."""

    def data(which: str) -> tuple[Any, Any]:
        return (request.POST, request.FILES) if which == bound else (None, None)

    return {
        "csv": CsvImportForm(
            *data("csv"), mappings=transfer_selectors.saved_mappings(workspace), ladders=workspace_ladders(workspace)
        ),
        "ics": UploadForm(*data("ics"), accept=ACCEPT["ics"]),
        "email": UploadForm(*data("email"), accept=ACCEPT["email"]),
        "backup": BackupForm(*data("backup"), accept=ACCEPT["backup"]),
    }


def _page(
    request: MemberRequest,
    workspace,
    *,
    bound: str | None = None,
    forms_: dict | None = None,
    result: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "webui/imports/page.html",
        {
            "workspace": workspace,
            "forms": forms_ or _forms(request, workspace),
            "bound": bound,
            "result": result or {},
            "can_write": can_write(request),
            "pending_count": transfer_selectors.pending_meetings(workspace).count(),
            "nav": "imports",
        },
        status=status,
    )


@member_view
def imports_page(request: MemberRequest, workspace) -> HttpResponse:
    return _page(request, workspace)


def _respond(request: MemberRequest, workspace, which: str, forms_: dict, result: dict) -> HttpResponse:
    """The result fragment for HTMX (200 even for errors, so htmx swaps it in); else the whole page."""
    result = {"which": which, **result}
    failed = bool(result.get("error") or result.get("problems") or forms_[which].errors)
    if request.htmx:
        return render(
            request, "webui/imports/_result.html", {"workspace": workspace, "form": forms_[which], "result": result}
        )
    return _page(request, workspace, bound=which, forms_=forms_, result=result, status=400 if failed else 200)


ACTIONS = ("created", "updated", "unchanged", "skipped", "unmatched")


def _report_result(report: ImportReport) -> dict:
    counts = report.counts()
    columns = [a for a in ACTIONS if any(a in c for c in counts.values())]
    return {
        "report": report,
        "dry_run": report.dry_run,
        "problems": report.problems,
        "columns": columns,
        "counts": [(kind, [c.get(a, 0) for a in columns]) for kind, c in sorted(counts.items())],
        "skipped": [a for a in report.actions if a.action in ("skipped", "unmatched")],
        "unmatched": sum(a.action == "unmatched" for a in report.actions),
        "changes": report.changed(),
    }


def _upload(
    request: MemberRequest, workspace, which: str, run: Callable[[forms.Form, bytes, str, bool], Any]
) -> HttpResponse:
    """Check the form, run the importer (a dry run unless the user pressed Import) and show what happened."""
    forms_ = _forms(request, workspace, bound=which)
    form = forms_[which]
    if not form.is_valid():
        return _respond(request, workspace, which, forms_, {})
    dry_run = request.POST.get("mode") != "import"
    data, name = form.data_bytes()  # type: ignore[attr-defined]
    try:
        outcome = run(form, data, name, dry_run)
    except ImportFailed as exc:
        return _respond(request, workspace, which, forms_, _report_result(exc.report))
    except DomainError as exc:
        return _respond(request, workspace, which, forms_, {"error": str(exc)})
    if isinstance(outcome, ImportReport):
        return _respond(request, workspace, which, forms_, _report_result(outcome))
    return _respond(request, workspace, which, forms_, {"restored": sorted(outcome.items())})


@require_POST
@member_view
def csv_upload(request: MemberRequest, workspace) -> HttpResponse:
    def run(form, data: bytes, name: str, dry_run: bool) -> ImportReport:
        d = form.cleaned_data
        origin, _, key = d["source"].partition(":")
        mapping = transfer_services.mapping_get(workspace=workspace, name=key) if origin == "mapping" else None
        return import_csv(
            workspace=workspace,
            data=data,
            name=name,
            today=today(),
            preset=key if origin == "preset" else "generic",
            kind=d["kind"] or None,
            mapping=mapping,
            encoding=d["encoding"],
            ladder=d["ladder"],
            dry_run=dry_run,
            accept_suggestions=d["accept_suggestions"],
        )

    return _upload(request, workspace, "csv", run)


MEETING_IMPORTERS = {"ics": import_ics, "email": import_email}


@require_POST
@member_view
def meetings_upload(request: MemberRequest, workspace, which: str) -> HttpResponse:
    """A calendar (.ics) or mail (.eml, .mbox): both become conversations, or wait as unmatched."""

    def run(form, data: bytes, name: str, dry_run: bool) -> ImportReport:
        return MEETING_IMPORTERS[which](
            workspace=workspace,
            data=data,
            name=name,
            today=today(),
            dry_run=dry_run,
            accept_suggestions=form.cleaned_data["accept_suggestions"],
        )

    return _upload(request, workspace, which, run)


@require_POST
@member_view
def backup_upload(request: MemberRequest, workspace) -> HttpResponse:
    # A restore has no dry run: the importer checks the whole file first and writes it in one transaction.
    return _upload(
        request,
        workspace,
        "backup",
        lambda form, data, name, dry_run: workspace_import(workspace=workspace, data=data, name=name),
    )


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_view
def backup_download(request: MemberRequest, workspace) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    return _download(
        workspace_export_json(workspace), "application/json; charset=utf-8", f"earnest-{workspace.slug}-{stamp}.json"
    )


@member_view
def leads_download(request: MemberRequest, workspace) -> HttpResponse:
    return _download(
        leads_csv(workspace, today()),
        "text/csv; charset=utf-8",
        f"earnest-{workspace.slug}-leads-{today().isoformat()}.csv",
    )


# Unmatched meetings and threads ------------------------------------------------------------------


def _pending_page(
    request: MemberRequest,
    workspace,
    *,
    error: str = "",
    error_pk: int | None = None,
    chosen: str = "",
    status: int = 200,
) -> HttpResponse:
    pending = list(transfer_selectors.pending_meetings(workspace))
    prospects = list(Prospect.objects.filter(workspace=workspace).order_by("name").values_list("pk", "name"))
    return render(
        request,
        "webui/imports/pending.html",
        {
            "workspace": workspace,
            "pending": pending,
            "prospects": prospects,
            "can_write": can_write(request),
            "error": error,
            "error_pk": error_pk,
            "chosen": chosen,
            "nav": "imports",
        },
        status=status,
    )


@member_view
def pending_list(request: MemberRequest, workspace) -> HttpResponse:
    return _pending_page(request, workspace)


def _pending_done(request: MemberRequest, workspace, item: PendingMeeting, message: str) -> HttpResponse:
    if request.htmx:
        return render(request, "webui/_fragments/action_done.html", {"message": message, "ok": True})
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.success(request, message)
    return redirect("webui:pending", slug=workspace.slug)


def _prospect_chosen(workspace, text: str) -> Prospect:
    """The prospect typed or picked in the searchable list: "Name (#id)", an id, or an exact name."""
    text = text.strip()
    pk = text.rsplit("#", 1)[-1].rstrip(")") if text.endswith(")") and "(#" in text else text
    if pk.isdigit():
        found = Prospect.objects.filter(workspace=workspace, pk=int(pk)).first()
        if found is not None:
            return found
    matches = list(Prospect.objects.filter(workspace=workspace, name__iexact=text)[:2])
    if len(matches) == 1:
        return matches[0]
    if not text:
        raise DomainError("Choose the prospect this meeting was with.")
    raise DomainError(f"No single prospect is called {text!r}; pick one from the list.")


@require_POST
@member_view
def pending_assign(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    item = scoped(PendingMeeting, workspace, pk)
    chosen = request.POST.get("prospect", "")
    try:
        prospect = _prospect_chosen(workspace, chosen)
        transfer_services.pending_assign(
            workspace=workspace,
            pending_id=item.pk,
            prospect=prospect,
            accept_suggestions=bool(request.POST.get("accept_suggestions")),
        )
    except DomainError as exc:
        if request.htmx:
            return render(
                request,
                "webui/imports/_pending_item.html",
                {"workspace": workspace, "item": item, "error": str(exc), "chosen": chosen, "can_write": True},
            )
        return _pending_page(request, workspace, error=str(exc), error_pk=item.pk, chosen=chosen, status=400)
    return _pending_done(request, workspace, item, f"Logged “{item.title or 'the meeting'}” with {prospect.name}.")


@require_POST
@member_view
def pending_dismiss(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    item = scoped(PendingMeeting, workspace, pk)
    transfer_services.pending_dismiss(workspace=workspace, pending_id=item.pk)
    return _pending_done(request, workspace, item, f"Dismissed “{item.title or 'the meeting'}”.")
