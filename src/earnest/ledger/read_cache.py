"""Whole-workspace reads (Today, the dashboard, list totals) kept until the workspace changes or the day does.

Every write a service makes records an audit event, so the newest event id says whether
anything changed; the newest prospect id also catches rows written without one (a restore,
a bulk load). Both are single index probes. Two writers committing out of id order could
hide one change from the marker, so nothing is kept longer than `KEEP_SECONDS`.

The cache is Django's: by default a folder under EARNEST_HOME that every worker process of
`earnest serve` shares, so one worker's computation serves the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from . import models as m

T = TypeVar("T")
KEEP_SECONDS = 15 * 60


def change_marker(workspace: m.Workspace) -> str:
    """A short string that changes whenever anything in the workspace does."""
    last_change = (m.AuditEvent.objects.filter(workspace=workspace).order_by("-id")
                   .values_list("id", flat=True).first()) or 0
    last_prospect = (m.Prospect.objects.filter(workspace=workspace).order_by("-id")
                     .values_list("id", flat=True).first()) or 0
    return f"{last_change}.{last_prospect}"


def _key(workspace: m.Workspace, today: date, name: str, marker: str) -> str:
    # Hashed, since names carry user input (search words) and cache keys must be short and plain.
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"earnest:{digest}:{workspace.pk}:{today.isoformat()}:{marker}"


def workspace_cached(workspace: m.Workspace, today: date, name: str, compute: Callable[[], T],
                     marker: str | None = None) -> T:
    key = _key(workspace, today, name, marker or change_marker(workspace))
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEEP_SECONDS)
    return found


def cached_count(workspace: m.Workspace, today: date, queryset: QuerySet) -> int:
    """A list's total, counted once per change: counting 100,000 rows costs more than the page itself."""
    try:
        name = f"count:{queryset.query}"
    except EmptyResultSet:  # a filter that can match nothing has no SQL to name it by
        return 0
    return workspace_cached(workspace, today, name, queryset.count)
