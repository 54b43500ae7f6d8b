"""Who is calling, in which workspace, with which role. Tokens carry their workspace;
a browser session names it with the X-Earnest-Workspace header (or has only one)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from earnest.accounts.tokens import token_check
from earnest.ledger.derived.audit import set_actor
from earnest.ledger.models import Membership, Workspace

from .limits import rate_check

WRITE_ROLES = {"owner", "member"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiRequest(HttpRequest):
    """The type of a request once authentication has bound it (`_bind`); routes take this, never build it."""

    workspace: Workspace
    role: str
    auth_user: User


def _bind(request: HttpRequest, user, workspace, role: str, token_id: int | None = None) -> bool:
    if request.method not in SAFE_METHODS and role not in WRITE_ROLES:
        raise HttpError(403, "viewers can read but not change anything")
    # Counted once the caller is known, so a stranger's bad tokens cannot use up a member's allowance.
    rate_check(user_id=user.pk, token_id=token_id)
    request.workspace = workspace  # type: ignore[attr-defined]
    request.role = role  # type: ignore[attr-defined]
    request.auth_user = user  # type: ignore[attr-defined]
    set_actor(user, user.get_username())
    return True


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = token_check(token)
        if found is None:
            return None
        membership = Membership.objects.filter(user=found.user, workspace=found.workspace).first()
        if membership is None:  # the user left the workspace after creating the token
            return None
        return _bind(request, found.user, found.workspace, membership.role, token_id=found.pk)


class SessionAuth(APIKeyCookie):
    """The browser's session; CSRF is checked by ninja for cookie authentication."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        memberships = Membership.objects.filter(user=user).select_related("workspace")
        slug = request.headers.get("X-Earnest-Workspace")
        if slug:
            memberships = memberships.filter(workspace__slug=slug)
        found = list(memberships[:2])
        if not found:
            raise HttpError(403, "you are not a member of that workspace")
        if len(found) > 1:
            raise HttpError(400, "you belong to several workspaces; name one in the X-Earnest-Workspace header")
        return _bind(request, user, found[0].workspace, found[0].role)
