"""One-click fixes used from Today and the prospect page: end a next step, move a commitment on.

Each button sends the version of the record it was shown with. A click based on an older version
(a second person pressing the same button, or a tab left open) is refused and changes nothing; the
answer says so in place of the button (HTMX) or on the page it came from (without JavaScript).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.ledger.models import Commitment, NextStep, Prospect
from earnest.ledger.services.commitments import commitment_set_status
from earnest.ledger.services.prospects import prospect_reopen
from earnest.ledger.services.steps import next_step_complete
from earnest.ledger.services.versions import StaleEdit

from ..permissions import NO_VERSION, click_conflict, member_view, posted_version, scoped, today


def _back(request: HttpRequest) -> str:
    """Where the button was pressed (a page of this site), to go back to."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return target


def _done(request: HttpRequest, message: str, ok: bool = True, reload: bool = False) -> HttpResponse:
    target = _back(request)
    if request.htmx:
        return render(request, "webui/_fragments/action_done.html",
                      {"message": message, "ok": ok, "reload": target if reload else ""})
    (messages.success if ok else messages.error)(request, message)
    return redirect(target)


def _click(request: HttpRequest, what: str, change) -> HttpResponse | None:
    """Make the change based on the version the button was shown with; an answer when it was refused."""
    version = posted_version(request)
    if version is None:
        return _done(request, NO_VERSION, ok=False, reload=True)
    try:
        change(version)
    except StaleEdit:
        return _done(request, click_conflict(what), ok=False, reload=True)
    except DomainError as exc:
        return _done(request, str(exc), ok=False)
    return None


@require_POST
@member_view
def step_done(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    step = scoped(NextStep, workspace, pk)
    result = request.POST.get("result", "")
    refused = _click(request, step.description, lambda version: next_step_complete(
        step=step, result=result, on=today(), expected_version=version))
    if refused:
        return refused
    word = "happened" if result == "yes" else "did not happen"
    return _done(request, f"Marked “{step.description}” as {word}.")


@require_POST
@member_view
def commitment_status(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    commitment = scoped(Commitment, workspace, pk)
    to = request.POST.get("to", "")
    refused = _click(request, commitment.description, lambda version: commitment_set_status(
        commitment=commitment, to=to, on=today(), expected_version=version))
    if refused:
        return refused
    return _done(request, f"“{commitment.description}” is now {to}.")


@require_POST
@member_view
def prospect_wake(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    refused = _click(request, prospect.name, lambda version: prospect_reopen(
        prospect=prospect, expected_version=version))
    if refused:
        return refused
    return _done(request, f"{prospect.name} is back in the pipeline.")
