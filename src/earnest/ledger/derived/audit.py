"""The audit trail. Adapters say who is acting; services record what they changed.

The actor travels in a context variable so that every service does not need an
extra argument threaded through each caller; the web middleware, the API
authentication and the CLI set it.

Recording only writes the trail. What a change means for the derived state (the
prospect's revision, its stored verdict, the cached pages) is the services' next call,
to `earnest.ledger.derived` (`prospect_changed` and its siblings).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models

from .. import models as m

_actor: contextvars.ContextVar[tuple[Any, str] | None] = contextvars.ContextVar("actor", default=None)


@contextlib.contextmanager
def acting_as(user: Any = None, label: str = "") -> Iterator[None]:
    token = _actor.set(
        (user if getattr(user, "pk", None) else None, label or getattr(user, "get_username", lambda: "")())
    )
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(user: Any = None, label: str = "") -> None:
    """For a whole process (the CLI): everything after this is recorded as done by label."""
    _actor.set((user if getattr(user, "pk", None) else None, label))


def current_actor() -> tuple[Any, str]:
    """Who `record` names now: the user (or None) and the label; writers of audit rows in bulk use it."""
    return _actor.get() or (None, "system")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def record(row: models.Model, action: str, changes: dict[str, Any] | None = None) -> m.AuditEvent:
    """One audit event: who (the actor in context) did `action` to `row`, and what changed."""
    user, label = current_actor()
    prospect_id = row.pk if isinstance(row, m.Prospect) else getattr(row, "prospect_id", None)
    workspace_id: int = row.workspace_id  # type: ignore[attr-defined]  # every audited row has a workspace
    return m.AuditEvent.objects.create(
        workspace_id=workspace_id,
        prospect_id=prospect_id,
        actor=user,
        actor_label=label[:150],
        entity=row._meta.model_name or "",
        entity_id=row.pk,
        action=action,
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
    )


def snapshot(row: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: _jsonable(getattr(row, f)) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}


class ActorMiddleware:
    """Records web requests as done by the signed-in user, and forgets them afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with acting_as(user if user is not None and user.is_authenticated else None):
            return self.get_response(request)


def prospect_audit(prospect: m.Prospect, *, offset: int = 0, limit: int = 20) -> tuple[list[m.AuditEvent], bool]:
    """A prospect's trail, newest first, one page of it, and whether there is more."""
    rows = list(
        m.AuditEvent.objects.filter(workspace_id=prospect.workspace_id, prospect=prospect).order_by("-at", "-pk")[
            offset : offset + limit + 1
        ]
    )
    return rows[:limit], len(rows) > limit
