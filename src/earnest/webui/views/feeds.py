"""Calendar feeds: a secret .ics address of next steps and due dates, shown once, revocable."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from earnest.domain.errors import DomainError
from earnest.transfer import selectors as transfer_selectors
from earnest.transfer import services as transfer_services
from earnest.transfer.models import FeedToken

from ..forms_imports import FeedForm
from ..permissions import MemberRequest, member_view, scoped
from .imports import can_write


def _feeds(
    request: MemberRequest, workspace, *, form: FeedForm | None = None, created: dict | None = None, status: int = 200
) -> HttpResponse:
    template = "webui/imports/_feeds.html" if request.htmx else "webui/imports/feeds.html"
    return render(
        request,
        template,
        {
            "workspace": workspace,
            "feeds": list(transfer_selectors.feeds(workspace)),
            "form": form or FeedForm(),
            "created": created,
            "can_write": can_write(request),
            "nav": "imports",
        },
        status=status,
    )


@member_view
def feed_list(request: MemberRequest, workspace) -> HttpResponse:
    return _feeds(request, workspace)


@require_POST
@member_view
def feed_create(request: MemberRequest, workspace) -> HttpResponse:
    form = FeedForm(request.POST)
    if form.is_valid():
        try:
            token, secret = transfer_services.feed_create(
                workspace=workspace, name=form.cleaned_data["name"], created_by=request.user
            )
        except DomainError as exc:
            form.add_error("name", str(exc))
        else:
            # The secret exists only in this response: it is rendered here, never redirected or stored.
            url = request.build_absolute_uri(reverse("webui:calendar_feed", args=[secret]))
            return _feeds(request, workspace, created={"token": token, "url": url})
    return _feeds(request, workspace, form=form, status=200 if request.htmx else 400)


@require_POST
@member_view
def feed_revoke(request: MemberRequest, workspace, pk: int) -> HttpResponse:
    token = scoped(FeedToken, workspace, pk)
    transfer_services.feed_revoke(workspace=workspace, feed_id=token.pk)
    if request.htmx:
        return _feeds(request, workspace)
    messages.success(request, f"Revoked the feed “{token.name}”: its address no longer works.")
    return redirect("webui:feeds", slug=workspace.slug)
