"""Sign-in pages. A login link works once; password login is Django's, for accounts that have one."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .services import login_token_redeem


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


@never_cache
def login_page(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@never_cache
def login_link(request: HttpRequest, secret: str) -> HttpResponse:
    user = login_token_redeem(secret=secret)
    if user is None:
        form = AuthenticationForm(request)
        return render(request, "accounts/login.html", {"form": form, "next": "/", "link_failed": True},
                      status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("/")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
