"""What every page's frame needs: the workspaces the user may switch to, and whether verdicts are catching up."""

from __future__ import annotations

from django.http import HttpRequest

from earnest.ledger.derived.snapshots import catching_up
from earnest.ledger.models import Membership


def frame(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def memberships() -> list[Membership]:
        return list(Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name"))

    workspace = getattr(request, "workspace", None)
    # A new day's verdicts are being recomputed in the background: say so rather than pass off
    # yesterday's as today's.
    return {"my_memberships": memberships, "verdicts_catching_up": workspace is not None and catching_up(workspace)}
