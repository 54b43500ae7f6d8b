"""Team pages: workspace members and invitations (owners), personal API tokens, accepting an invitation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from earnest.accounts import team
from earnest.accounts.models import Invitation
from earnest.accounts.tokens import token_create, token_revoke, tokens_of
from earnest.domain.errors import DomainError
from earnest.ledger.models import Membership

from ..permissions import member_view, personal_view, scoped

ROLE_CHOICES = [(r, r.capitalize()) for r in team.ROLES]


class InviteForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial="member")
    note = forms.CharField(
        max_length=200,
        required=False,
        label="Who it is for",
        help_text="Only for you, to recognise the invitation in the list.",
    )


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. CRM sync.")


class JoinForm(forms.Form):
    username = forms.CharField(max_length=150, label="Choose a user name")
    email = forms.EmailField(required=False, help_text="For password resets.")
    password = forms.CharField(widget=forms.PasswordInput, strip=False)


def _owner_only(request: HttpRequest) -> None:
    if request.membership.role != "owner":  # type: ignore[attr-defined]
        raise PermissionDenied("only the workspace's owners manage its members")


def _members_page(request, workspace, *, form=None, link: str = "", status: int = 200) -> HttpResponse:
    members = Membership.objects.filter(workspace=workspace).select_related("user").order_by("user__username")
    invitations = (
        Invitation.objects.filter(workspace=workspace)
        .select_related("created_by", "accepted_by")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "accounts/members.html",
        {
            "workspace": workspace,
            "members": members,
            "invitations": invitations,
            "roles": ROLE_CHOICES,
            "invite_form": form or InviteForm(),
            "link": link,
            "nav": "members",
            "now": timezone.now(),
        },
        status=status,
    )


@member_view
def members_page(request: HttpRequest, workspace) -> HttpResponse:
    _owner_only(request)
    return _members_page(request, workspace)


@require_POST
@member_view
def invitation_new(request: HttpRequest, workspace) -> HttpResponse:
    _owner_only(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, workspace, form=form, status=400)
    _, secret = team.invitation_create(workspace=workspace, created_by=request.user, **form.cleaned_data)
    # The link is shown once, in this response; only its hash is stored.
    return _members_page(request, workspace, link=request.build_absolute_uri(f"/invite/{secret}"))


@require_POST
@member_view
def invitation_cancel(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    _owner_only(request)
    scoped(Invitation, workspace, pk)  # another workspace's ids answer 404
    try:
        team.invitation_revoke(workspace=workspace, invitation_id=pk)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("accounts:members", slug=workspace.slug)


@require_POST
@member_view
def member_role(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    _owner_only(request)
    scoped(Membership, workspace, pk)  # another workspace's ids answer 404
    try:
        m = team.membership_set_role(workspace=workspace, membership_id=pk, role=request.POST.get("role", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{m.user.get_username()} is now {m.role}.")
    return redirect("accounts:members", slug=workspace.slug)


@require_POST
@member_view
def member_remove(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    _owner_only(request)
    scoped(Membership, workspace, pk)  # another workspace's ids answer 404
    try:
        m = team.membership_remove(workspace=workspace, membership_id=pk)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Removed {m.user.get_username()} from {workspace.name}.")
    return redirect("accounts:members", slug=workspace.slug)


def _tokens_page(request, workspace, *, form=None, secret: str = "", status: int = 200) -> HttpResponse:
    tokens = tokens_of(request.user)
    return render(
        request,
        "accounts/tokens.html",
        {"workspace": workspace, "tokens": tokens, "form": form or TokenForm(), "secret": secret, "nav": "tokens"},
        status=status,
    )


@never_cache
@personal_view  # a token is the person's own: viewers create and revoke theirs too (read-only in the API)
def tokens_page(request: HttpRequest, workspace) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request, workspace)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _, secret = token_create(user=request.user, workspace=workspace, name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return _tokens_page(request, workspace, secret=secret)
    return _tokens_page(request, workspace, form=form, status=400)


@require_POST
@personal_view
def token_remove(request: HttpRequest, workspace, pk: int) -> HttpResponse:
    try:
        token = token_revoke(user=request.user, token_id=pk)
    except DomainError:
        from django.http import Http404

        raise Http404("no such token") from None
    messages.success(request, f"Revoked the token {token.name}; it stops working at once.")
    return redirect("accounts:tokens", slug=workspace.slug)


@sensitive_post_parameters("password")
@never_cache
def invitation_page(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = team.invitation_find(secret=secret)
    if invitation is None:
        return render(
            request,
            "accounts/message.html",
            {
                "title": "Invitation not valid",
                "login": True,
                "text": "This invitation has expired, was revoked or was already used. Ask for a new one.",
            },
            status=404,
        )
    signed_in = request.user.is_authenticated
    form = None if signed_in else JoinForm(request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = team.invitation_accept(
                secret=secret, user=request.user if signed_in else None, **({} if form is None else form.cleaned_data)
            )
        except DomainError as exc:
            if form is None:
                messages.error(request, str(exc))
            else:
                form.add_error(None, str(exc))
        else:
            if not signed_in:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("webui:today", slug=invitation.workspace.slug)
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": invitation, "form": form, "next": request.path},
        status=400 if form is not None and form.errors else 200,
    )
