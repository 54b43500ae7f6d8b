"""Whole-workspace reads (Today, the dashboard) kept until the workspace changes or the day does.

Every write a service makes records an audit event, so the newest event id says whether
anything changed; the number of prospects also catches a restore that writes rows directly.
The cache is Django's (per process by default; point CACHES at Redis to share it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache

from . import models as m

T = TypeVar("T")
KEEP_SECONDS = 6 * 3600


def workspace_cached(workspace: m.Workspace, today: date, name: str, compute: Callable[[], T]) -> T:
    last_change = (m.AuditEvent.objects.filter(workspace=workspace).order_by("-id")
                   .values_list("id", flat=True).first()) or 0
    prospects = m.Prospect.objects.filter(workspace=workspace).count()
    # Hashed, since names carry user input (search words) and cache keys must be short and plain.
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    key = f"earnest:{digest}:{workspace.pk}:{today.isoformat()}:{last_change}:{prospects}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEEP_SECONDS)
    return found
