"""After a meeting: notes in, the analyzer's findings offered, the outcome computed by the domain."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.ledger.debrief import FLAGS, DebriefError, debrief_preview, debrief_save, highlight, notes_findings
from earnest.ledger.models import Contact, Conversation, Prospect
from earnest.ledger.selectors import conversation_debrief, ladder_get

from ..forms import DebriefForm
from ..permissions import member_view, scoped, today


def _form(request: HttpRequest, workspace, prospect: Prospect) -> DebriefForm:
    contacts = Contact.objects.filter(workspace=workspace, prospect=prospect).order_by("pk")
    ladder = ladder_get(workspace, prospect.ladder)
    if request.method == "POST":
        return DebriefForm(request.POST, contacts=contacts, ladder=ladder)
    initial = {"on": today(), "ask_text": request.GET.get("ask", "")[:2000],
               "ask_rung": request.GET.get("rung", "")}
    return DebriefForm(initial=initial, contacts=contacts, ladder=ladder)


def _analysis(form: DebriefForm) -> dict:
    """Re-read the notes as typed (the analyzer is deterministic, so offers keep their keys)."""
    notes = form.data.get("notes", "") if form.is_bound else ""
    on = form.cleaned_data.get("on") if form.is_bound and hasattr(form, "cleaned_data") else None
    if not notes.strip() or on is None:
        return {"findings": [], "pieces": [], "verdict": "", "score": 0.0}
    verdict, score, findings = notes_findings(notes, on)
    return {"findings": findings, "pieces": highlight(notes, findings), "verdict": verdict, "score": score,
            "offers": [f for f in findings if f.offer], "accepted": set(form.data.getlist("accepted"))}


def _preview(workspace, prospect, form: DebriefForm, analysis: dict, data=None):
    try:
        data = data or form.debrief_input()
        return debrief_preview(workspace, prospect, data, today(), analysis["findings"]), None
    except DomainError as exc:
        return None, exc


@member_view
def debrief_page(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    form = _form(request, workspace, prospect)
    analysis: dict = {"findings": []}
    preview = None
    if form.is_bound and form.is_valid():
        analysis = _analysis(form)
        if request.POST.get("action") == "analyze":
            _tick_flags(form, analysis)
        data = form.debrief_input()
        if request.POST.get("action") != "analyze":
            try:
                row = debrief_save(workspace, prospect, data, today(), analysis["findings"])
            except DebriefError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Conversation saved.")
                return redirect("webui:conversation", slug=workspace.slug, pk=row.pk)
        preview, _ = _preview(workspace, prospect, form, analysis, data)
    status = 400 if form.errors else 200
    return render(request, "webui/debrief.html", {
        "workspace": workspace, "prospect": prospect, "form": form, "analysis": analysis, "preview": preview,
        "today": today(), "nav": "pipeline"}, status=status)


def _tick_flags(form: DebriefForm, analysis: dict) -> None:
    """Pre-tick what the analyzer heard (praise, a hedge, a no); the user can untick it."""
    data = form.data.copy()
    for f in analysis["findings"]:
        if f.kind in FLAGS:
            data[FLAGS[f.kind]] = "on"
    form.data = data
    for name in set(FLAGS.values()):
        form.cleaned_data[name] = bool(data.get(name))


@require_POST
@member_view
def debrief_analyze(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    """HTMX: the highlighted notes, the offers, and the flags the analyzer heard."""
    prospect = scoped(Prospect, workspace, pk)
    form = _form(request, workspace, prospect)
    analysis = _analysis(form) if form.is_valid() else {"findings": [], "pieces": []}
    if form.is_valid():
        _tick_flags(form, analysis)
    preview, error = _preview(workspace, prospect, form, analysis) if form.is_valid() else (None, None)
    return render(request, "webui/_fragments/debrief_live.html", {
        "workspace": workspace, "prospect": prospect, "form": form, "analysis": analysis,
        "preview": preview, "preview_error": error})


@require_POST
@member_view
def debrief_preview_view(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    """HTMX: the outcome the domain computes from the form as it stands."""
    prospect = scoped(Prospect, workspace, pk)
    form = _form(request, workspace, prospect)
    if not form.is_valid():
        return render(request, "webui/_fragments/outcome_preview.html", {"preview": None, "form": form})
    analysis = _analysis(form)
    preview, error = _preview(workspace, prospect, form, analysis)
    return render(request, "webui/_fragments/outcome_preview.html",
                  {"preview": preview, "preview_error": error, "form": form})


@member_view
def conversation_page(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    conversation = scoped(Conversation, workspace, pk)
    conversation = Conversation.objects.select_related("prospect").prefetch_related(
        "contacts", "commitments", "next_steps").get(pk=conversation.pk)
    result = conversation_debrief(workspace, conversation, today())
    return render(request, "webui/conversation.html", {
        "workspace": workspace, "conversation": conversation, "prospect": conversation.prospect,
        "d": result, "today": today(), "nav": "pipeline"})
