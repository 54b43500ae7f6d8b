"""Workspace membership: invitations by link, roles, and removing members (never the last owner)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from earnest.domain.errors import DomainError
from earnest.ledger.models import Membership, Workspace
from earnest.ledger.signals import write_access_ended

from .models import Invitation

ROLES = ("owner", "member", "viewer")
INVITATION_TTL = timedelta(days=7)
_RANK = {"viewer": 0, "member": 1, "owner": 2}
WRITE_ROLES = ("owner", "member")  # a viewer reads only: what a member made to act for them stops


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _role(role: str) -> str:
    if role not in ROLES:
        raise DomainError(f"role {role!r} is not one of: {', '.join(ROLES)}")
    return role


@transaction.atomic
def invitation_create(
    *, workspace: Workspace, role: str, created_by=None, note: str = "", ttl: timedelta = INVITATION_TTL
) -> tuple[Invitation, str]:
    """An invitation and its secret, which is shown once; only its hash is stored."""
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        role=_role(role),
        digest=_digest(secret),
        note=(note or "").strip()[:200],
        created_by=created_by,
        expires_at=timezone.now() + ttl,
    )
    return invitation, secret


def invitation_find(*, secret: str) -> Invitation | None:
    """The open invitation this secret belongs to: not accepted, not revoked, not expired."""
    if not secret or len(secret) > 200:
        return None
    return (
        Invitation.objects.select_related("workspace")
        .filter(
            digest=_digest(secret), accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


@transaction.atomic
def invitation_accept(*, secret: str, user=None, username: str = "", password: str = "", email: str = ""):
    """Join the workspace: as `user` when signed in, else as a new account. Works once. Returns the user."""
    found = invitation_find(secret=secret)
    invitation = Invitation.objects.select_for_update().filter(pk=found.pk).first() if found else None
    if invitation is None or invitation.accepted_at is not None:
        raise DomainError("this invitation has expired, was revoked or was already used")
    if user is None:
        users = get_user_model().objects
        # NFKC, as create_user stores it: a fullwidth look-alike of a taken name is that name.
        username = users.model.normalize_username((username or "").strip())
        if not username:
            raise DomainError("choose a user name")
        if users.filter(username__iexact=username).exists():
            raise DomainError(f"the name {username!r} is taken; sign in first if it is yours")
        try:
            validate_password(password, users.model(username=username, email=email))
        except ValidationError as exc:
            raise DomainError("password: " + " ".join(exc.messages)) from None
        user = users.create_user(username=username, email=email, password=password)
    membership = Membership.objects.filter(user=user, workspace=invitation.workspace).first()
    if membership is None:
        Membership.objects.create(user=user, workspace=invitation.workspace, role=invitation.role)
    elif _RANK[invitation.role] > _RANK[membership.role]:
        # An invitation never lowers a role someone already has.
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def invitation_revoke(*, workspace: Workspace, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(workspace=workspace, pk=invitation_id).first()
    if invitation is None:
        raise DomainError(f"no invitation {invitation_id}")
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.select_for_update()
        .filter(workspace_id=membership.workspace_id, role="owner")
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_set_role(*, workspace: Workspace, membership_id: int, role: str) -> Membership:
    membership = Membership.objects.select_for_update().filter(workspace=workspace, pk=membership_id).first()
    if membership is None:
        raise DomainError(f"no member {membership_id}")
    role = _role(role)
    if membership.role == "owner" and role != "owner" and not _other_owners(membership):
        raise DomainError("a workspace needs an owner: make someone else owner first")
    membership.role = role
    membership.save(update_fields=["role"])
    if role not in WRITE_ROLES:
        # A viewer cannot make calendar feeds, so the ones they made as a member stop working.
        write_access_ended.send(__name__, user=membership.user, workspace=workspace)
    return membership


@transaction.atomic
def membership_remove(*, workspace: Workspace, membership_id: int) -> Membership:
    membership = Membership.objects.select_for_update().filter(workspace=workspace, pk=membership_id).first()
    if membership is None:
        raise DomainError(f"no member {membership_id}")
    if membership.role == "owner" and not _other_owners(membership):
        raise DomainError("you cannot remove the last owner of a workspace")
    # Their API tokens and calendar feeds for this workspace stop working with the membership.
    membership.user.api_tokens.filter(workspace=workspace, revoked_at__isnull=True).update(revoked_at=timezone.now())
    write_access_ended.send(__name__, user=membership.user, workspace=workspace)
    membership.delete()
    return membership


@transaction.atomic
def user_deactivate(*, username: str):
    """Sign a person out of earnest for good: no sign-in, and their API tokens and calendar feeds stop."""
    user = get_user_model().objects.select_for_update().filter(username=username).first()
    if user is None:
        raise DomainError(f"no user {username!r}")
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    write_access_ended.send(__name__, user=user, workspace=None)
    return user
