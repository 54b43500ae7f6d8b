"""Sign-in pages. A login link works once; password login is Django's, throttled; password change and reset."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from earnest.accounts.services import login_token_find, login_token_holder, login_token_redeem
from earnest.accounts.throttle import (
    LOCKED_MESSAGE,
    RESET_LOCKED_MESSAGE,
    client_ip,
    login_failed,
    login_locked,
    login_succeeded,
    reset_requested,
    reset_throttled,
)

from ..forms_accounts import FirstPasswordForm
from ..permissions import SignedInRequest


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@sensitive_post_parameters("password")
@never_cache
def login_page(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    status, locked = 200, ""
    if request.method == "POST":
        username, ip = request.POST.get("username", ""), client_ip(request)
        if login_locked(username=username, ip=ip):
            # Refused before the password is even checked, so guessing on gets nowhere.
            form = AuthenticationForm(request, initial={"username": username[:150]})
            status, locked = 429, LOCKED_MESSAGE
        elif form.is_valid():
            login_succeeded(username=username)
            login(request, form.get_user())
            return redirect(_next_url(request))
        else:
            login_failed(username=username, ip=ip)
            status = 400
    return render(
        request, "accounts/login.html", {"form": form, "next": _next_url(request), "locked": locked}, status=status
    )


def _link_refused(request: HttpRequest, secret: str) -> HttpResponse:
    """The link is used up or expired: say how its holder gets back in, with a password or a fresh link."""
    holder = login_token_holder(secret=secret)
    return render(
        request,
        "accounts/login.html",
        {
            "form": AuthenticationForm(request, initial={"username": holder.get_username() if holder else ""}),
            "next": "/",
            "link_failed": True,
            "holder": holder,
            "has_password": bool(holder and holder.has_usable_password()),
        },
        status=400,
    )


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def login_link(request: HttpRequest, secret: str) -> HttpResponse:
    """GET shows whose link it is and a button; only the POST (with the CSRF token) signs in.

    Opening a link must not switch the browser to another account (login CSRF), and a link preview
    or a prefetch must not use it up. A local owner without a password may choose one here, so a
    second browser or a phone can sign in later.
    """
    user = login_token_find(secret=secret)
    if user is None:
        return _link_refused(request, secret)
    data = request.POST if request.method == "POST" else None  # an empty POST is still a submission
    form = FirstPasswordForm(user, data) if not user.has_usable_password() else None
    if request.method == "POST" and (form is None or form.is_valid()):
        user = login_token_redeem(secret=secret)
        if user is None:  # used meanwhile, in another tab
            return _link_refused(request, secret)
        if form is not None and form.chosen_password():
            form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("/")
    return render(
        request,
        "accounts/login_link.html",
        {"link_user": user, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def _form_page(request, form, *, title: str, intro: str = "", button: str, status: int = 200) -> HttpResponse:
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": title, "intro": intro, "button": button},
        status=status,
    )


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request: SignedInRequest) -> HttpResponse:
    # The local owner made on the first start has no password yet: it sets one without the old.
    form_cls = PasswordChangeForm if request.user.has_usable_password() else SetPasswordForm
    form = form_cls(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stay signed in here; other sessions end
        messages.success(request, "Your password was changed.")
        return redirect("/")
    return _form_page(
        request, form, title="Change your password", button="Change password", status=400 if form.errors else 200
    )


class PasswordReset(auth_views.PasswordResetView):
    """Asks for an email address and mails a one-time link (Django's email backend; the console by default).

    Throttled per address and per account (accounts.throttle), so the form cannot flood a mailbox.
    """

    template_name = "accounts/form_page.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")
    extra_context = {
        "title": "Reset your password",
        "button": "Email me a link",
        "intro": "Give the email address of your account; we send a link that works once.",
    }

    def form_valid(self, form):
        email, ip = form.cleaned_data["email"], client_ip(self.request)
        if reset_throttled(email=email, ip=ip):
            form.add_error(None, RESET_LOCKED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        reset_requested(email=email, ip=ip)
        return super().form_valid(form)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/message.html",
        {
            "title": "Check your email",
            "text": "If an account has that address, a link to choose a new password is on its way. "
            "It works once. An owner can also print one with: earnest resetlink USER",
        },
    )


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/message.html",
        {"title": "Password changed", "text": "Your new password is set. Sign in with it.", "login": True},
    )
