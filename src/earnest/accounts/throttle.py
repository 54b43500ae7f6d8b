"""Login throttling: after five failed sign-ins for a name within 15 minutes, that name waits 15 minutes.

Failures live in the database, not in a worker's memory, because gunicorn runs several workers and an
attacker's guesses would otherwise be spread over them. An address (IP) gets a larger allowance than a
name, because a whole office may sign in from behind one address.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure, ResetRequest

WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MAX_PER_USERNAME = 5
MAX_PER_IP = 20
LOCKED_MESSAGE = (
    "Too many failed sign-ins for this account or from this address. "
    "Wait 15 minutes and try again, or ask an owner for a password reset link."
)


def throttle_key(username: str) -> str:
    """The name as sign-in looks it up: NFKC like Django's UsernameField, so `ａｌｉｃｅ` (fullwidth)
    counts against `alice`; case-folded, and with NUL removed so the key is always storable text."""
    name = unicodedata.normalize("NFKC", (username or "").replace("\x00", "")).strip()
    return name.casefold()[:150]


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
    recent = list(
        LoginFailure.objects.filter(**{field: value}, at__gt=now - WINDOW - LOCKOUT)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    return len(recent) >= limit and recent[0] - recent[-1] <= WINDOW and now - recent[0] < LOCKOUT


def login_locked(*, username: str, ip: str) -> bool:
    now = timezone.now()
    username = throttle_key(username)
    return bool(
        (username and _locked("username", username, MAX_PER_USERNAME, now))
        or (ip and _locked("ip", ip, MAX_PER_IP, now))
    )


def login_failed(*, username: str, ip: str) -> None:
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - WINDOW - LOCKOUT).delete()
    LoginFailure.objects.create(username=throttle_key(username), ip=ip)


def login_succeeded(*, username: str) -> None:
    LoginFailure.objects.filter(username=throttle_key(username)).delete()


# Password-reset requests: each one may send an email, so a caller gets a few per hour, per address
# and per account (the email asked about), whether or not an account has that email.
RESET_WINDOW = timedelta(hours=1)
MAX_RESETS_PER_EMAIL = 3
MAX_RESETS_PER_IP = 10
RESET_LOCKED_MESSAGE = (
    "Too many reset requests for this address or from yours. Check your inbox (and spam) for the "
    "links already sent, or wait an hour. An owner can also print one: earnest resetlink USER"
)


def reset_throttled(*, email: str, ip: str) -> bool:
    since = timezone.now() - RESET_WINDOW
    recent = ResetRequest.objects.filter(at__gt=since)
    return recent.filter(email=throttle_key(email)).count() >= MAX_RESETS_PER_EMAIL or bool(
        ip and recent.filter(ip=ip).count() >= MAX_RESETS_PER_IP
    )


def reset_requested(*, email: str, ip: str) -> None:
    ResetRequest.objects.filter(at__lt=timezone.now() - RESET_WINDOW).delete()
    ResetRequest.objects.create(email=throttle_key(email)[:254], ip=ip)
