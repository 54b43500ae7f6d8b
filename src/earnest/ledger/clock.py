"""The date the rules judge against, the same for the web app, the API and work done after a commit."""

from __future__ import annotations

import os
from datetime import date

from django.utils import timezone


def today() -> date:
    """EARNEST_TODAY when set (demos, reviews, tests), else the local date in EARNEST_TIME_ZONE."""
    raw = os.environ.get("EARNEST_TODAY", "").strip()
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return timezone.localdate()
