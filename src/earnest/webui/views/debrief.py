"""After a meeting: notes in, the analyzer's findings offered, the outcome computed by the domain."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.domain.findings import FLAG_OF_KIND
from earnest.ledger.models import Commitment, Contact, Conversation, NextStep, Prospect
from earnest.ledger.reads.selectors import ladder_get
from earnest.ledger.services.debrief import (
    DebriefError,
    conversation_debrief,
    debrief_preview,
    debrief_save,
    highlight,
    planned_ask_for,
)
from earnest.ledger.services.findings import EMPTY_READING, notes_read

from ..forms import DebriefForm, form_values
from ..permissions import MemberRequest, member_view, scoped, today


def _planned(request: MemberRequest, prospect: Prospect) -> Commitment | None:
    """The prepared ask this debrief answers: the one the form carries, else the newest waiting."""
    if request.method == "POST":
        raw = request.POST.get("planned_ask_id", "")
        if not raw.isdigit():
            return None
        return Commitment.objects.filter(prospect=prospect, pk=int(raw), status="asked").first()
    return planned_ask_for(prospect, today())


def _form(request: MemberRequest, workspace, prospect: Prospect) -> DebriefForm:
    contacts = Contact.objects.filter(workspace=workspace, prospect=prospect).order_by("pk")
    ladder = ladder_get(workspace, prospect.ladder)
    planned = _planned(request, prospect)
    if request.method == "POST":
        return DebriefForm(request.POST, request.FILES, contacts=contacts, ladder=ladder, planned=planned)
    initial = {
        "on": today(),
        "ask_text": request.GET.get("ask", "")[:2000],
        "ask_rung": request.GET.get("rung", ""),
        "me": request.user.first_name or request.user.get_username(),
    }
    if planned is not None:
        initial.update(ask_text=planned.description, ask_rung=planned.rung, planned_ask_id=planned.pk)
    initial.update(_opened_for(request, prospect))
    return DebriefForm(initial=initial, contacts=contacts, ladder=ladder, planned=planned)


def _opened_for(request: MemberRequest, prospect: Prospect) -> dict:
    """Today's Debrief links name the meeting: its day (and channel) become the form's."""
    step_ref, talk_ref = request.GET.get("step", ""), request.GET.get("conversation", "")
    if step_ref.isdigit():
        step = NextStep.objects.filter(prospect=prospect, pk=int(step_ref), result="").first()
        if step is not None:
            on = step.due if step.due and step.due <= today() else today()
            return {"step_id": step.pk, "on": on}
    if talk_ref.isdigit():
        talk = Conversation.objects.filter(prospect=prospect, pk=int(talk_ref)).first()
        if talk is not None:
            return {"conversation_id": talk.pk, "on": talk.on, "channel": talk.channel}
    return {}


def _analysis(form: DebriefForm, prospect: Prospect, *, fresh: bool = False) -> dict:
    """Re-read the notes as typed (the analyzer is deterministic, so offers keep their keys).

    A fresh analysis ticks the confident offers; later requests keep what the user ticked.
    """
    upload = form.cleaned_data.get("transcript") if fresh else None
    if upload:
        _read_transcript(form, upload)
    notes = form.data.get("notes", "") if form.is_bound else ""
    on = form.cleaned_data.get("on") if form.is_bound and hasattr(form, "cleaned_data") else None
    if not notes.strip() or on is None:
        return {"reading": EMPTY_READING, "pieces": [], "offers": [], "accepted": set()}
    reading = notes_read(prospect=prospect, notes=notes, on=on, our_speakers=_our_labels(notes, form))
    accepted = set(reading.ticked()) if fresh else set(form_values(form).getlist("accepted"))
    if fresh:
        data = form_values(form).copy()
        data.setlist("accepted", sorted(accepted))
        form.data = data
        form.cleaned_data["accepted"] = sorted(accepted)
    return {
        "reading": reading,
        "pieces": highlight(notes, reading.findings),
        "verdict": reading.verdict,
        "score": reading.score,
        "offers": reading.offers,
        "accepted": accepted,
    }


def _read_transcript(form: DebriefForm, upload) -> None:
    """An uploaded transcript becomes the notes, as "Speaker: text" lines the user can still edit."""
    from earnest.transfer.transcripts import transcript_read

    try:
        text = transcript_read(upload.read(), upload.name).as_notes()
    except DomainError as exc:
        form.add_error("transcript", str(exc))
        return
    data = form_values(form).copy()
    data["notes"] = text
    form.data = data
    form.cleaned_data["notes"] = text


def _our_labels(notes: str, form: DebriefForm) -> list[str]:
    """The speaker labels in the notes that are the user: their lines never count as the prospect's."""
    from earnest.transfer.transcripts import our_speakers, transcript_read

    me = (form.cleaned_data.get("me") or "").strip() if hasattr(form, "cleaned_data") else ""
    if not me:
        return []
    try:
        return our_speakers(transcript_read(notes.encode("utf-8")), me=[me])
    except DomainError:
        return []  # notes, not a transcript, or the name is not among the speakers


def _preview(workspace, prospect, form: DebriefForm, analysis: dict, data=None):
    try:
        data = data or form.debrief_input()
        return debrief_preview(workspace, prospect, data, today(), analysis["reading"]), None
    except DomainError as exc:
        return None, exc


def _context(workspace, prospect, form, analysis, **extra) -> dict:
    return {
        "workspace": workspace,
        "prospect": prospect,
        "form": form,
        "analysis": analysis,
        "planned": form.planned,
        **extra,
    }


@member_view
def debrief_page(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    form = _form(request, workspace, prospect)
    analysis: dict = {"reading": EMPTY_READING, "offers": []}
    preview = None
    if form.is_bound and form.is_valid():
        analyze = request.POST.get("action") == "analyze"
        analysis = _analysis(form, prospect, fresh=analyze)
        if analyze:
            _tick_flags(form, analysis)
        data = form.debrief_input()  # before a save error takes its field out of cleaned_data
        if not analyze:
            try:
                row = debrief_save(workspace, prospect, data, today(), analysis["reading"])
            except DebriefError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Conversation saved.")
                return redirect("webui:conversation", slug=workspace.slug, pk=row.pk)
        preview, _ = _preview(workspace, prospect, form, analysis, data)
    status = 400 if form.errors else 200
    return render(
        request,
        "webui/debrief.html",
        _context(workspace, prospect, form, analysis, preview=preview, today=today(), nav="pipeline"),
        status=status,
    )


def _tick_flags(form: DebriefForm, analysis: dict) -> None:
    """Pre-tick what the analyzer heard (praise, a hedge, a no); the user can untick it."""
    data = form_values(form).copy()
    for name, shown in analysis["reading"].flags.items():
        if shown:
            data[name] = "on"
    form.data = data
    for name in set(FLAG_OF_KIND.values()):
        form.cleaned_data[name] = bool(data.get(name))


@require_POST
@member_view
def debrief_analyze(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    """HTMX: the highlighted notes, the offers (confident ones ticked) and the flags the analyzer heard."""
    prospect = scoped(Prospect, workspace, pk)
    form = _form(request, workspace, prospect)
    analysis: dict = {"reading": EMPTY_READING, "pieces": [], "offers": []}
    preview, error = None, None
    if form.is_valid():
        analysis = _analysis(form, prospect, fresh=True)
        _tick_flags(form, analysis)
        preview, error = _preview(workspace, prospect, form, analysis)
    return render(
        request,
        "webui/_fragments/debrief_live.html",
        _context(
            workspace,
            prospect,
            form,
            analysis,
            preview=preview,
            preview_error=error,
            transcript_read=bool(request.FILES.get("transcript")),
        ),
    )


@require_POST
@member_view
def debrief_preview_view(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    """HTMX: the outcome the domain computes from the form as it stands."""
    prospect = scoped(Prospect, workspace, pk)
    form = _form(request, workspace, prospect)
    if not form.is_valid():
        return render(request, "webui/_fragments/outcome_preview.html", {"preview": None, "form": form})
    preview, error = _preview(workspace, prospect, form, _analysis(form, prospect))
    return render(
        request, "webui/_fragments/outcome_preview.html", {"preview": preview, "preview_error": error, "form": form}
    )


@member_view
def conversation_page(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    conversation = scoped(Conversation, workspace, pk)
    conversation = (
        Conversation.objects.select_related("prospect")
        .prefetch_related("contacts", "commitments", "next_steps")
        .get(pk=conversation.pk)
    )
    result = conversation_debrief(workspace, conversation, today())
    return render(
        request,
        "webui/conversation.html",
        {
            "workspace": workspace,
            "conversation": conversation,
            "prospect": conversation.prospect,
            "d": result,
            "today": today(),
            "nav": "pipeline",
        },
    )
