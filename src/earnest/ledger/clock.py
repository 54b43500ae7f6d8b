"""The one clock: the date the rules judge against, the same for the web app, the API, the CLI,
the digest and work done after a commit.

Order of precedence: a date pinned for this process (the CLI's `--today`), then EARNEST_TODAY
(ISO), then the local date in EARNEST_TIME_ZONE. Two clocks (the CLI on the machine's date, the
web on UTC) once put the same item on different days' agendas around midnight.
"""

from __future__ import annotations

import os
from datetime import date

from django.utils import timezone

_pinned: date | None = None


def pin(day: date | None) -> None:
    """Judge everything in this process as of `day` (None: follow the environment again)."""
    global _pinned
    _pinned = day


def pinned() -> date | None:
    return _pinned


def system_today() -> date:
    """The local date in EARNEST_TIME_ZONE, ignoring any pin or override."""
    return timezone.localdate()


def today() -> date:
    """The pinned date, else EARNEST_TODAY when set (demos, reviews, tests), else `system_today()`."""
    if _pinned is not None:
        return _pinned
    raw = os.environ.get("EARNEST_TODAY", "").strip()
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return system_today()
