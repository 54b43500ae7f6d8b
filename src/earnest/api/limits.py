"""API rate limits (per token and per person) and the budget of interactive analysis.

Counts live in the shared cache (EARNEST_HOME/cache, one folder for every gunicorn worker), in
one-minute windows: a key per window, so an entry never needs its expiry extended. Two workers
counting the same request at once may each miss the other's increment; a limit that is off by
one or two under a burst is fine for its purpose, which is keeping one caller from taking every
server thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60
# Interactive analysis: the size of a long meeting transcript, and how long one request may wait for it.
# Larger or many texts go through the CLI: earnest analyze --jsonl.
ANALYZE_MAX_CHARS = 50_000
ANALYZE_BUDGET_SECONDS = 10.0

T = TypeVar("T")
_clock = time.time  # a name of its own, so a test can hold one window still across a minute's turn


class RateLimited(Exception):
    """Too many requests in this window; `retry_after` is the number of seconds until the next one."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class OverBudget(Exception):
    """An interactive analysis did not finish (or start) within its time budget."""


def _count(key: str, now: float) -> int:
    window = int(now // WINDOW_SECONDS)
    full = f"ratelimit:{key}:{window}"
    cache.add(full, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return cache.incr(full)
    except ValueError:  # expired between add and incr (a clear, or the window turned)
        cache.set(full, 1, timeout=WINDOW_SECONDS * 2)
        return 1


def _retry_after(now: float) -> int:
    return max(1, int(WINDOW_SECONDS - now % WINDOW_SECONDS) + 1)


def rate_check(*, user_id: int, token_id: int | None = None, kind: str = "api") -> None:
    """Count one request; RateLimited when the token's or the person's allowance for this minute is spent."""
    now = _clock()
    if kind == "analyze":
        limits = [(f"analyze:user:{user_id}", settings.API_ANALYZE_RATE_PER_USER, "analyses by you")]
    else:
        limits = [(f"user:{user_id}", settings.API_RATE_PER_USER, "requests by you")]
        if token_id is not None:
            limits.insert(0, (f"token:{token_id}", settings.API_RATE_PER_TOKEN, "requests with this token"))
    for key, limit, what in limits:
        if _count(key, now) > limit:
            raise RateLimited(f"too many {what}: at most {limit} a minute; try again in a minute", _retry_after(now))


# One interactive analysis at a time per server process: the analyzer is CPU-bound, so running more at
# once only makes each slower while they hold the threads every other request needs.
_analyzer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="earnest-analyze")
_analyzer_lock = threading.Lock()


def within_budget(work: Callable[..., T], *args: Any, budget: float = ANALYZE_BUDGET_SECONDS, **kwargs: Any) -> T:
    """work(*args, **kwargs), or OverBudget when it has not finished within `budget` seconds.

    A job still waiting for its turn is cancelled; one already running finishes in the background
    (a thread cannot be stopped), which the size limit keeps to seconds.
    """
    with _analyzer_lock:
        future = _analyzer.submit(work, *args, **kwargs)
    try:
        return future.result(timeout=budget)
    except FutureTimeout:
        future.cancel()
        raise OverBudget(
            f"the analysis did not finish within {budget:g} seconds; the server is busy or the "
            "text is long. Try again shortly, or run many texts with: earnest analyze --jsonl"
        ) from None
