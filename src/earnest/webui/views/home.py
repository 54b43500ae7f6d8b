from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from earnest.ledger.models import Membership

from ..permissions import SignedInRequest


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """The first workspace the user belongs to; the last one they used when there are several."""
    memberships = Membership.objects.filter(user=request.user).select_related("workspace")
    last = request.session.get("workspace")
    chosen = memberships.filter(workspace__slug=last).first() if last else None
    chosen = chosen or memberships.order_by("workspace__name").first()
    if chosen is None:
        return render(request, "webui/no_workspace.html", status=200)
    return redirect("webui:today", slug=chosen.workspace.slug)
