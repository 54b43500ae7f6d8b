"""Login links and the local owner account created on the first start of the server."""

from __future__ import annotations

import getpass
import hashlib
import re
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from earnest.ledger.models import Membership, Workspace

from .models import LoginToken

LOGIN_LINK_TTL = timedelta(hours=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def login_token_create(*, user, ttl: timedelta = LOGIN_LINK_TTL) -> str:
    """A fresh one-time secret for `user`; the caller shows it once, only its hash is kept."""
    now = timezone.now()
    LoginToken.objects.filter(expires_at__lt=now).delete()
    secret = secrets.token_urlsafe(32)
    LoginToken.objects.create(user=user, digest=_digest(secret), expires_at=now + ttl)
    return secret


def login_token_find(*, secret: str):
    """The user a usable (unused, unexpired) link belongs to, without using it up: for the confirmation page."""
    if not secret or len(secret) > 200:
        return None
    token = (
        LoginToken.objects.select_related("user")
        .filter(digest=_digest(secret), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return token.user if token is not None and token.user.is_active else None


def login_token_holder(*, secret: str):
    """Whose link this was, even once used or expired, so the refusal can say how that person gets back in."""
    if not secret or len(secret) > 200:
        return None
    token = LoginToken.objects.select_related("user").filter(digest=_digest(secret)).first()
    return token.user if token is not None else None


@transaction.atomic
def login_token_redeem(*, secret: str):
    """The user the secret belongs to, if it is unused and unexpired; it cannot be used again."""
    if not secret or len(secret) > 200:
        return None
    now = timezone.now()
    token = (
        LoginToken.objects.select_for_update()
        .select_related("user")
        .filter(digest=_digest(secret), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    token.used_at = now
    token.save(update_fields=["used_at"])
    return token.user


def _local_username() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no login name in some containers
        name = ""
    name = re.sub(r"[^\w.@+-]", "", name)[:150]
    return name or "owner"


@transaction.atomic
def owner_ensure(*, workspace: Workspace) -> tuple[AbstractBaseUser, bool]:
    """The workspace's owner, creating the local owner account on the very first start.

    When the workspace has no owner yet (a demo loaded from the command line), the
    first account on this installation becomes its owner, so the person who started
    the server sees it.
    """
    users = get_user_model().objects
    membership = (
        Membership.objects.filter(workspace=workspace, role="owner", user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.user, False
    user = users.filter(is_active=True).order_by("pk").first()
    created = user is None
    if user is None:
        user = users.create_user(username=_local_username())
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.update_or_create(user=user, workspace=workspace, defaults={"role": "owner"})
    return user, created
