"""The one way a view reaches data: through the signed-in user's membership of the workspace in the URL.

A workspace the user does not belong to, and any object outside the workspace, answer 404,
as if they did not exist. Viewers may look but not change anything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from earnest.ledger import clock
from earnest.ledger.models import Membership, Workspace
from earnest.ledger.reads.selectors import valid_id

from .forms import DATE_ORDER

M = TypeVar("M", bound=models.Model)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class SignedInRequest(HttpRequest):
    """The request a login_required view gets (django-htmx's middleware adds `htmx` to every one)."""

    user: User
    htmx: HtmxDetails


class MemberRequest(SignedInRequest):
    """The request member_view hands on: the URL's workspace and the user's membership of it."""

    workspace: Workspace
    membership: Membership


def member_view(view: Callable[..., Any], *, viewers_may_post: bool = False) -> Callable[..., Any]:
    """Login required; the URL's workspace slug becomes `workspace`, refused unless the user is a member.

    `viewers_may_post` is for a person's own things (their API tokens), which even a viewer manages.
    """

    @login_required
    @functools.wraps(view)
    def wrapped(request: SignedInRequest, slug: str, *args: Any, **kwargs: Any) -> Any:
        membership = (
            Membership.objects.select_related("workspace").filter(user=request.user, workspace__slug=slug).first()
        )
        if membership is None:
            raise Http404("no such workspace")
        if request.method not in SAFE_METHODS and membership.role == "viewer" and not viewers_may_post:
            raise PermissionDenied("viewers can look but not change anything")
        request.workspace = membership.workspace  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        DATE_ORDER.set(membership.workspace.date_order)  # how its forms read 12/04/2026
        return view(request, membership.workspace, *args, **kwargs)

    return wrapped


def personal_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """member_view for pages about the signed-in person's own things, which every role may change."""
    return member_view(view, viewers_may_post=True)


def scoped(model: type[M], workspace: Workspace, pk: Any, **lookups: Any) -> M:
    """The object with this id in this workspace, or 404 (also for ids no database could hold)."""
    if isinstance(pk, int) and not valid_id(pk):
        raise Http404("no such record")
    return get_object_or_404(model._default_manager.filter(workspace=workspace, **lookups), pk=pk)


def stale_form(form, error: Exception, current_version: int):  # noqa: ARG001 - the error is for logs
    """The form as the user typed it, with the conflict said in place.

    Its version moves on to the one now saved, so sending it again is a deliberate choice to put
    these values over the other person's, never a silent one.
    """
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current_version)
    fresh = type(form)(data, **getattr(form, "extra_kwargs", {}))
    fresh.is_valid()
    fresh.add_error(
        None,
        f"{CONFLICT} Your values are kept below: check them and save again to put yours "
        "over theirs, or reload the page to start from theirs.",
    )
    return fresh


# What every refused edit says first, whether it came from a form or from a one-click button.
CONFLICT = "Not saved: someone else changed this record since you opened it."
NO_VERSION = (
    "Not saved: this button came from a page that did not say which version it showed. Reload the page and click again."
)


def click_conflict(what: str) -> str:
    """The conflict said in place of a one-click button: nothing changed, and how to go on."""
    return f"{CONFLICT} “{what}” is as they left it: look at their change, then click again if yours still applies."


def posted_version(request: HttpRequest) -> int | None:
    """The version a one-click button was shown with, or None when the form sent none (or nonsense)."""
    raw = request.POST.get("version", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def today() -> date:
    return clock.today()
