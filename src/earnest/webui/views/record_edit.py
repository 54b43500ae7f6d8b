"""Correcting and deleting what was recorded: conversations, commitments, steps and contacts, and whole
prospects (after a confirmation that names what goes with them), and merging two prospects into one.

Each form carries the version it was opened with, so an edit never lands silently over someone
else's. Every write goes through the audited services, which recompute the lead's verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from earnest.domain.errors import DomainError
from earnest.ledger.models import Commitment, Contact, Conversation, NextStep, Prospect
from earnest.ledger.reads.duplicates import prospect_matches
from earnest.ledger.services.commitments import commitment_update
from earnest.ledger.services.conversations import conversation_update
from earnest.ledger.services.deletions import counted, prospect_delete, prospect_delete_summary, record_delete
from earnest.ledger.services.merges import prospect_merge
from earnest.ledger.services.prospects import contact_update
from earnest.ledger.services.steps import next_step_update
from earnest.ledger.services.versions import StaleEdit

from ..forms_edit import CommitmentEditForm, ContactEditForm, ConversationEditForm, StepEditForm
from ..permissions import CONFLICT, member_view, posted_version, scoped, stale_form


def _save_conversation(row, data, version):
    conversation_update(
        conversation=row,
        expected_version=version,
        on=data["on"],
        channel=data["channel"],
        notes=data["notes"],
        complimented=data["complimented"],
        hedged=data["hedged"],
        rejected=data["rejected"],
    )


def _save_commitment(row, data, version):
    amount = (data["amount"] or "").strip()
    commitment_update(
        commitment=row,
        expected_version=version,
        description=data["description"],
        due=data["due"],
        clear_due=data["due"] is None,
        amount=amount or None,
        clear_amount=not amount,
    )


def _save_step(row, data, version):
    next_step_update(
        step=row,
        expected_version=version,
        description=data["description"],
        owner=data["owner"],
        due=data["due"],
        clear_due=data["due"] is None,
    )


def _save_contact(row, data, version):
    contact_update(
        contact=row,
        expected_version=version,
        name=data["name"],
        role=data["role"],
        email=data["email"] or "",
        title=data["title"],
    )


# kind in the URL -> (model, form, the fields the form starts from, how to save, what to call it)
_Editable = type[Conversation] | type[Commitment] | type[NextStep] | type[Contact]
KINDS: dict[str, tuple[_Editable, type[forms.Form], list[str], Callable[..., None], Callable[[Any], str]]] = {
    "conversation": (
        Conversation,
        ConversationEditForm,
        ["on", "channel", "notes", "complimented", "hedged", "rejected"],
        _save_conversation,
        lambda r: f"the conversation of {r.on:%-d %b %Y}",
    ),
    "commitment": (
        Commitment,
        CommitmentEditForm,
        ["description", "due", "amount"],
        _save_commitment,
        lambda r: f"the commitment “{r.description}”",
    ),
    "step": (
        NextStep,
        StepEditForm,
        ["description", "owner", "due"],
        _save_step,
        lambda r: f"the next step “{r.description}”",
    ),
    "contact": (Contact, ContactEditForm, ["name", "role", "title", "email"], _save_contact, lambda r: f"{r.name}"),
}


def _kind(workspace, kind: str, pk: int):
    if kind not in KINDS:
        raise Http404("no such kind of record")
    model, form_cls, fields, save, name = KINDS[kind]
    return scoped(model, workspace, pk), form_cls, fields, save, name


@member_view
def record_edit(request: HttpRequest, workspace, kind: str, pk: int) -> HttpResponse:
    row, form_cls, fields, save, name = _kind(workspace, kind, pk)
    initial = {f: getattr(row, f) for f in fields} | {"version": row.version}
    form = form_cls(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            save(row, form.cleaned_data, form.cleaned_data["version"])
        except StaleEdit as exc:
            form, status = stale_form(form, exc, type(row).objects.get(pk=row.pk).version), 409
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Saved {name(row)}.")
            return redirect("webui:prospect", slug=workspace.slug, pk=row.prospect_id)
    return render(
        request,
        "webui/record_edit.html",
        {
            "workspace": workspace,
            "prospect": row.prospect,
            "form": form,
            "kind": kind,
            "row": row,
            "what": name(row),
            "nav": "pipeline",
        },
        status=status if status != 200 or not form.errors else 400,
    )


def _attempt(change, row, doing: str) -> str:
    """Make a confirmed change; the error to show in place, or "" when it was made."""
    try:
        change()
    except StaleEdit:
        row.refresh_from_db()
        return f"{CONFLICT} Look at it again before {doing} it."
    except DomainError as exc:
        return str(exc)
    return ""


@member_view
def record_remove(request: HttpRequest, workspace, kind: str, pk: int) -> HttpResponse:
    """GET: ask, naming the record; POST: delete it (refused if it changed since the question)."""
    row, _form, _fields, _save, name = _kind(workspace, kind, pk)
    error = ""
    if request.method == "POST":
        error = _attempt(lambda: record_delete(row=row, expected_version=posted_version(request)), row, "deleting")
        if not error:
            messages.success(request, f"Deleted {name(row)}.")
            return redirect("webui:prospect", slug=workspace.slug, pk=row.prospect_id)
    return render(
        request,
        "webui/record_delete.html",
        {
            "workspace": workspace,
            "prospect": row.prospect,
            "row": row,
            "kind": kind,
            "what": name(row),
            "error": error,
            "nav": "pipeline",
        },
        status=409 if error else 200,
    )


@member_view
def prospect_remove(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    """GET: the confirmation, naming everything that goes with the prospect; POST: delete it all."""
    prospect = scoped(Prospect, workspace, pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_name", "").strip().casefold() != prospect.name.strip().casefold():
            error = f"Type the prospect's name, {prospect.name}, to confirm."
        else:
            error = _attempt(
                lambda: prospect_delete(prospect=prospect, expected_version=posted_version(request)),
                prospect,
                "deleting",
            )
            if not error:
                messages.success(request, f"Deleted {prospect.name} and everything recorded about it.")
                return redirect("webui:pipeline", slug=workspace.slug)
    goes = prospect_delete_summary(prospect)
    return render(
        request,
        "webui/prospect_delete.html",
        {"workspace": workspace, "prospect": prospect, "goes": counted(goes), "error": error, "nav": "pipeline"},
        status=409 if error.startswith(CONFLICT) else 400 if error else 200,
    )


@member_view
def prospect_merge_view(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    """Fold another prospect (a duplicate) into this one: the likely duplicates are offered first."""
    prospect = scoped(Prospect, workspace, pk)
    error = ""
    if request.method == "POST":
        raw = request.POST.get("absorb", "").strip()
        other = scoped(Prospect, workspace, int(raw)) if raw.isascii() and raw.isdigit() else None
        if other is None:
            error = "Choose the prospect to merge into this one."
        else:
            moved: dict[str, int] = {}
            error = _attempt(
                lambda: moved.update(prospect_merge(keep=prospect, absorb=other, keep_version=posted_version(request))),
                prospect,
                "merging",
            )
            if not error:
                messages.success(request, f"Merged {other.name} into {prospect.name}: moved {counted(moved)}.")
                return redirect("webui:prospect", slug=workspace.slug, pk=prospect.pk)
    candidates = prospect_matches(workspace, name=prospect.name, domain=prospect.domain, exclude=prospect.pk)
    return render(
        request,
        "webui/prospect_merge.html",
        {"workspace": workspace, "prospect": prospect, "candidates": candidates, "error": error, "nav": "pipeline"},
        status=400 if error else 200,
    )
