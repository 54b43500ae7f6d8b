"""One-click fixes used from Today and the prospect page: end a next step, move a commitment on."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.ledger.models import Commitment, NextStep, Prospect
from earnest.ledger.services.commitments import commitment_set_status
from earnest.ledger.services.prospects import prospect_reopen
from earnest.ledger.services.steps import next_step_complete

from ..permissions import member_view, scoped, today


def _done(request: HttpRequest, message: str, ok: bool = True) -> HttpResponse:
    if request.htmx:
        return render(request, "webui/_fragments/action_done.html", {"message": message, "ok": ok})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    from django.contrib import messages

    (messages.success if ok else messages.error)(request, message)
    return redirect(target)


@require_POST
@member_view
def step_done(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    step = scoped(NextStep, workspace, pk)
    result = request.POST.get("result", "")
    try:
        next_step_complete(step=step, result=result, on=today(), expected_version=_version(request))
    except DomainError as exc:
        return _done(request, str(exc), ok=False)
    word = "happened" if result == "yes" else "did not happen"
    return _done(request, f"Marked “{step.description}” as {word}.")


@require_POST
@member_view
def commitment_status(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    commitment = scoped(Commitment, workspace, pk)
    to = request.POST.get("to", "")
    try:
        commitment_set_status(commitment=commitment, to=to, on=today(),
                              expected_version=_version(request))
    except DomainError as exc:
        return _done(request, str(exc), ok=False)
    return _done(request, f"“{commitment.description}” is now {to}.")


@require_POST
@member_view
def prospect_wake(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    try:
        prospect_reopen(prospect=prospect, expected_version=_version(request))
    except DomainError as exc:
        return _done(request, str(exc), ok=False)
    return _done(request, f"{prospect.name} is back in the pipeline.")


def _version(request: HttpRequest) -> int | None:
    """The version the form was based on; buttons without one (Today's quick fixes) skip the check."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None
