"""What every page's frame needs: the workspaces the user may switch to."""

from __future__ import annotations

from django.http import HttpRequest

from earnest.ledger.models import Membership


def frame(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def memberships() -> list[Membership]:
        return list(Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name"))

    return {"my_memberships": memberships}
