"""Whole-workspace reads (Today, the dashboard, list totals) kept until the workspace changes or the day does.

Every write a service makes records an audit event, so the newest event id says whether
anything changed; the newest prospect id also catches rows written without one (a restore,
a bulk load). Both are single index probes. Two writers can commit out of id order, so each
commit also sets a new generation in the cache (`note_change`, called by the hooks in
`derived`), after its rows are visible; the background verdict catch-up sets one when it is
done. Servers that share no cache see only the ids, so nothing is kept longer than `KEEP_SECONDS`.

The cache is Django's: by default a folder under EARNEST_HOME that every worker process of
`earnest serve` shares, so one worker's computation serves the others; with EARNEST_REDIS_URL,
a Redis server that several servers share. Its key prefix names the database and the code
version (the release and `RULES_VERSION`), so a new release never reads an old one's pages.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import QuerySet

from earnest.domain import rules_version

from .. import models as m

T = TypeVar("T")
KEEP_SECONDS = 15 * 60


def _generation_key(workspace_id: int) -> str:
    return f"earnest:generation:{workspace_id}"


def note_change(workspace_id: int) -> None:
    """Inside a writing transaction: once it commits, every cached read of the workspace is old.

    However many writes the transaction made (an import through the use cases makes thousands), the
    generation is renewed once after the commit: the first callback renews it, the others find it done.
    After a rollback the workspace stays marked and a later commit renews it, which is harmless."""
    _unrenewed().add(workspace_id)
    transaction.on_commit(lambda: _renew(workspace_id), robust=True)


def _renew(workspace_id: int) -> None:
    unrenewed = _unrenewed()
    if workspace_id in unrenewed:
        unrenewed.discard(workspace_id)
        new_generation(workspace_id)


_local = threading.local()  # per thread, as a transaction is


def _unrenewed() -> set[int]:
    found = getattr(_local, "unrenewed", None)
    if found is None:
        found = _local.unrenewed = set()
    return found


def new_generation(workspace_id: int) -> None:
    # A fresh random value rather than a counter: two racing increments could write the same number.
    cache.set(_generation_key(workspace_id), uuid.uuid4().hex[:12], None)


def change_marker(workspace: m.Workspace) -> str:
    """A short string that changes whenever anything in the workspace does, or the rules do."""
    last_change = (
        m.AuditEvent.objects.filter(workspace=workspace).order_by("-id").values_list("id", flat=True).first()
    ) or 0
    last_prospect = (
        m.Prospect.objects.filter(workspace=workspace).order_by("-id").values_list("id", flat=True).first()
    ) or 0
    generation = cache.get(_generation_key(workspace.pk), "")
    return f"{last_change}.{last_prospect}.{generation}.r{rules_version.RULES_VERSION}"


def _key(workspace: m.Workspace, today: date, name: str, marker: str) -> str:
    # Hashed, since names carry user input (search words) and cache keys must be short and plain.
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"earnest:{digest}:{workspace.pk}:{today.isoformat()}:{marker}"


def workspace_cached(workspace: m.Workspace, today: date, name: str, compute: Callable[[], T]) -> T:
    key = _key(workspace, today, name, change_marker(workspace))
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEEP_SECONDS)
    return found


def cached_count(workspace: m.Workspace, today: date, queryset: QuerySet) -> int:
    """A list's total, counted once per change: counting 100,000 rows costs more than the page itself."""
    try:
        # The SQL and its parameters apart: spliced together, a crafted search word could read
        # like another filter and share (and spoil) its total.
        name = f"count:{queryset.model._meta.label}:{queryset.query.sql_with_params()!r}"
    except EmptyResultSet:  # a filter that can match nothing has no SQL to name it by
        return 0
    return workspace_cached(workspace, today, name, queryset.count)
