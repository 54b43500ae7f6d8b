from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest

from earnest.ledger import clock
from earnest.ledger.selectors import valid_id

__all__ = ["scoped", "today", "valid_id"]


def today() -> date:
    return clock.today()


def scoped(request: HttpRequest, model, pk: int):
    """The object with this id in the caller's workspace, or 404: other workspaces do not exist."""
    found = (model.objects.filter(workspace=request.workspace, pk=pk).first()  # type: ignore[attr-defined]
             if valid_id(pk) else None)
    if found is None:
        raise Http404(f"no {model._meta.verbose_name} {pk}")
    return found
