"""Login throttling: after five failed sign-ins for a name within 15 minutes, that name waits 15 minutes.

Failures live in the database, not in a worker's memory, because gunicorn runs several workers and an
attacker's guesses would otherwise be spread over them. An address (IP) gets a larger allowance than a
name, because a whole office may sign in from behind one address.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure

WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MAX_PER_USERNAME = 5
MAX_PER_IP = 20
LOCKED_MESSAGE = ("Too many failed sign-ins for this account or from this address. "
                  "Wait 15 minutes and try again, or ask an owner for a password reset link.")


def client_ip(request: HttpRequest) -> str:
    """The caller's address; behind the reverse proxy (EARNEST_HTTPS=1) the one it saw, last in X-Forwarded-For."""
    if getattr(settings, "EARNEST_HTTPS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def _locked(field: str, value: str, limit: int, now) -> bool:
    # Locked while the `limit`-th latest failure is within WINDOW of the latest one and the latest
    # is under LOCKOUT old: a burst of failures locks for 15 minutes after the last of them.
    recent = list(LoginFailure.objects.filter(**{field: value}, at__gt=now - WINDOW - LOCKOUT)
                  .order_by("-at").values_list("at", flat=True)[:limit])
    return len(recent) >= limit and recent[0] - recent[-1] <= WINDOW and now - recent[0] < LOCKOUT


def login_locked(*, username: str, ip: str) -> bool:
    now = timezone.now()
    username = username.strip().lower()[:150]
    return bool((username and _locked("username", username, MAX_PER_USERNAME, now))
                or (ip and _locked("ip", ip, MAX_PER_IP, now)))


def login_failed(*, username: str, ip: str) -> None:
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - WINDOW - LOCKOUT).delete()
    LoginFailure.objects.create(username=username.strip().lower()[:150], ip=ip)


def login_succeeded(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.strip().lower()[:150]).delete()
