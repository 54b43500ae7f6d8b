"""One-click fixes used from Today and the prospect page: end a next step, move a commitment on.

Each button sends the version of the record it was shown with. A click based on an older version
(a second person pressing the same button, or a tab left open) is refused and changes nothing; the
answer says so in place of the button (HTMX) or on the page it came from (without JavaScript).

Every click can be undone for a while: the answer carries an Undo button with the version the
click left. From Today, the answer also carries every list's new total, swapped in out of band.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.ledger.models import Commitment, NextStep, Prospect
from earnest.ledger.services.commitments import commitment_set_status
from earnest.ledger.services.prospects import prospect_reopen
from earnest.ledger.services.steps import next_step_complete
from earnest.ledger.services.undo import UNDO_WINDOW, click_undo
from earnest.ledger.services.versions import StaleEdit

from ..permissions import NO_VERSION, MemberRequest, click_conflict, member_view, posted_version, scoped, today


def _back(request: MemberRequest) -> str:
    """Where the button was pressed (a page of this site), to go back to."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return target


# The models a click changes, by the name the Undo button gives them.
UNDOABLE: dict[str, type[NextStep] | type[Commitment] | type[Prospect]] = {
    "step": NextStep,
    "commitment": Commitment,
    "prospect": Prospect,
}


def _done(
    request: MemberRequest,
    message: str,
    ok: bool = True,
    reload: bool = False,
    *,
    undo: tuple[str, object] | None = None,
    tone: str = "ok",
) -> HttpResponse:
    """The answer to a click: in place of the button (HTMX) or as a message on the page it came from.

    `undo` names what was changed (kind, row) so the answer can offer to take it back; `tone` is
    "ok" for good news and "warn" for a change that is bad news (a promise broken), never green.
    """
    target = _back(request)
    if request.htmx:
        context = {
            "message": message,
            "ok": ok,
            "tone": tone if ok else "error",
            "reload": target if reload else "",
            "workspace": request.workspace,
            "next": target,
            "minutes": UNDO_WINDOW.seconds // 60,
        }
        if undo is not None:
            context.update(undo_kind=undo[0], undo_row=undo[1])
        if request.POST.get("oob") == "today":
            from .today import today_counts

            context.update(today_counts(request.workspace), oob=True)
        return render(request, "webui/_fragments/action_done.html", context)
    (messages.success if ok and tone == "ok" else messages.warning if ok else messages.error)(request, message)
    return redirect(target)


def _click(request: MemberRequest, what: str, change) -> HttpResponse | None:
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
def step_done(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    step = scoped(NextStep, workspace, pk)
    result = request.POST.get("result", "")
    refused = _click(
        request,
        step.description,
        lambda version: next_step_complete(step=step, result=result, on=today(), expected_version=version),
    )
    if refused:
        return refused
    word = "happened" if result == "yes" else "did not happen"
    step.refresh_from_db()
    return _done(
        request,
        f"Marked “{step.description}” as {word}.",
        undo=("step", step),
        tone="ok" if result == "yes" else "warn",
    )


@require_POST
@member_view
def commitment_status(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    commitment = scoped(Commitment, workspace, pk)
    to = request.POST.get("to", "")
    refused = _click(
        request,
        commitment.description,
        lambda version: commitment_set_status(commitment=commitment, to=to, on=today(), expected_version=version),
    )
    if refused:
        return refused
    commitment.refresh_from_db()
    return _done(
        request,
        f"“{commitment.description}” is now {commitment.status}.",
        undo=("commitment", commitment),
        tone="ok" if commitment.status in ("fulfilled", "agreed") else "warn",
    )


@require_POST
@member_view
def prospect_wake(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    prospect = scoped(Prospect, workspace, pk)
    refused = _click(
        request, prospect.name, lambda version: prospect_reopen(prospect=prospect, expected_version=version)
    )
    if refused:
        return refused
    prospect.refresh_from_db()
    return _done(request, f"{prospect.name} is back in the pipeline.", undo=("prospect", prospect))


@require_POST
@member_view
def click_undone(request: MemberRequest, workspace, kind: str, pk: int) -> HttpResponse:
    """Take back a one-click action, if it is recent and nobody changed the record since."""
    model = UNDOABLE.get(kind)
    if model is None:
        raise Http404("nothing of that kind can be undone")
    row = scoped(model, workspace, pk)
    what = getattr(row, "description", "") or getattr(row, "name", "")
    refused = _click(request, what, lambda version: click_undo(row=row, expected_version=version))
    if refused:
        return refused
    return _done(request, f"Undone: “{what}” is as it was before the click.", tone="info")
