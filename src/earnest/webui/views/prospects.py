from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from earnest.domain.duplicates import DuplicateFound
from earnest.domain.errors import DomainError
from earnest.ledger.derived.audit import prospect_audit
from earnest.ledger.models import Prospect
from earnest.ledger.reads.pipeline import prospect_page_data
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.ledger.services import prospects as services
from earnest.ledger.services.steps import next_step_add
from earnest.ledger.services.versions import StaleEdit

from ..forms import ClassifyForm, CloseForm, ContactForm, EvidenceForm, ParkForm, ProspectForm, StepForm
from ..permissions import member_view, scoped, stale_form, today

AUDIT_PAGE = 20


@member_view
def prospect_new(request: HttpRequest, workspace) -> HttpResponse:
    ladders = workspace_ladders(workspace)
    form = ProspectForm(request.POST or None, ladders=ladders, initial={"ladder": "discovery"})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            prospect = services.prospect_create(
                workspace=workspace,
                created_on=today(),
                **form.cleaned_data,
                allow_duplicate=request.POST.get("allow_duplicate") == "1",
            )
        except DuplicateFound as exc:
            duplicates = exc.matches
            form.add_error(None, "This prospect may already exist. Open it, or add this one anyway.")
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Added {prospect.name}. Prepare your first ask.")
            return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)
    return render(
        request,
        "webui/prospect_new.html",
        {"workspace": workspace, "form": form, "nav": "pipeline", "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


def _context(workspace, prospect: Prospect, **forms) -> dict:
    now = today()
    history, assessment, timeline = prospect_page_data(workspace, prospect, now)
    roles = {c.role.value for c in history.contacts}
    version = {"version": prospect.version}
    audit, audit_more = prospect_audit(prospect, limit=AUDIT_PAGE)
    return {
        "workspace": workspace,
        "prospect": prospect,
        "history": history,
        "a": assessment,
        "timeline": timeline,
        "today": now,
        "nav": "pipeline",
        "roles": roles,
        "contact_form": forms.get("contact_form") or ContactForm(),
        "step_form": forms.get("step_form") or StepForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "close_form": forms.get("close_form") or CloseForm(initial=version),
        "park_form": forms.get("park_form") or ParkForm(initial=version),
        "classify_form": forms.get("classify_form") or ClassifyForm(initial=version),
        "audit": audit,
        "audit_more": audit_more,
        "audit_next": AUDIT_PAGE,
        # The timeline's buttons change steps and commitments: each sends the version it was shown.
        "step_versions": {str(k): v for k, v in prospect.next_steps.values_list("pk", "version")},
        "commitment_versions": {str(k): v for k, v in prospect.commitments.values_list("pk", "version")},
    }


@member_view
def prospect_page(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    return render(request, "webui/prospect.html", _context(workspace, prospect))


def _write(request, workspace, pk, form_cls, name, fragment, write) -> HttpResponse:
    """Validate, call the service, then re-render the region (HTMX) or the page, errors in place."""
    prospect = scoped(Prospect, workspace, pk)
    form = form_cls(request.POST)
    duplicate = False
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            write(prospect, data, version)
        except DuplicateFound as exc:
            listed = "; ".join(f"{m.name} ({m.why})" for m in exc.matches)
            form.add_error(None, f"This person may already be recorded: {listed}. Tick “Add anyway” to add them.")
            duplicate = True
        except StaleEdit as exc:
            form = stale_form(form, exc, Prospect.objects.get(pk=prospect.pk).version)
            prospect.refresh_from_db()
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if not request.htmx:
                return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)
            form = None
    context = _context(workspace, prospect, **({name: form} if form is not None else {}))
    context["duplicate_contact"] = duplicate
    status = 400 if form is not None and form.errors else 200
    if request.htmx:
        response = render(request, f"webui/_fragments/{fragment}.html", context, status=200)
        response["HX-Trigger"] = "prospect-changed"
        return response
    return render(request, "webui/prospect.html", context, status=status)


# Each small form on the prospect page: its form class, its name in the page, and the service it calls.
# The lifecycle forms change the prospect itself, so they carry its version (v); adding a person, a step or
# evidence creates a new record and cannot overwrite anyone's edit.
WRITES = {
    "contact": (ContactForm, "contact_form", lambda p, d, v: services.contact_add(prospect=p, **d)),
    "step": (StepForm, "step_form", lambda p, d, v: next_step_add(prospect=p, on=today(), **d)),
    "evidence": (EvidenceForm, "evidence_form", lambda p, d, v: services.evidence_add(prospect=p, on=today(), **d)),
    "close": (
        CloseForm,
        "close_form",
        lambda p, d, v: services.prospect_close(prospect=p, on=today(), expected_version=v, **d),
    ),
    "park": (
        ParkForm,
        "park_form",
        lambda p, d, v: services.prospect_park(prospect=p, on=today(), expected_version=v, **d),
    ),
    "classify": (
        ClassifyForm,
        "classify_form",
        lambda p, d, v: services.prospect_classify(prospect=p, on=today(), expected_version=v, **d),
    ),
}


@require_POST
@member_view
def prospect_write(request: HttpRequest, workspace, pk: int, action: str) -> HttpResponse:
    form_cls, name, write = WRITES[action]
    if action == "contact":
        # A person whose email (or name, here) is already known is refused unless the user says otherwise.
        allow = request.POST.get("allow_duplicate") == "1"

        def write(p, d, v):
            return services.contact_add(prospect=p, **d, allow_duplicate=allow)

    return _write(request, workspace, pk, form_cls, name, "prospect_body", write)
