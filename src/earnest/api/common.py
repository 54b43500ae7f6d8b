from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date

from django.http import Http404

from earnest.ledger import clock
from earnest.ledger.reads.selectors import valid_id

from .auth import ApiRequest

__all__ = ["refused_duplicates", "scoped", "today", "valid_id"]


def today() -> date:
    return clock.today()


def scoped(request: ApiRequest, model, pk: int):
    """The object with this id in the caller's workspace, or 404: other workspaces do not exist."""
    found = model.objects.filter(workspace=request.workspace, pk=pk).first() if valid_id(pk) else None
    if found is None:
        raise Http404(f"no {model._meta.verbose_name} {pk}")
    return found


@contextlib.contextmanager
def refused_duplicates() -> Iterator[None]:
    """A prospect or contact that repeats an existing one answers 409, naming it and how to add it anyway."""
    from ninja.errors import HttpError

    from earnest.domain.duplicates import DuplicateFound

    try:
        yield
    except DuplicateFound as exc:
        raise HttpError(409, f"{exc}; pass allow_duplicate=true to add it anyway") from None
