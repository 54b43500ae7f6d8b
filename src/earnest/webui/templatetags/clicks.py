"""Helpers for the one-click buttons on Today (kept apart from the shared presentation tags)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def click_choices(spec: str) -> list[tuple[str, str, str]]:
    """'yes:Done:btn-good|no:Dropped:btn-bad' -> [(value, label, style), ...]."""
    return [tuple((part.split(":") + ["", "", ""])[:3]) for part in spec.split("|") if part]  # type: ignore[misc]


@register.filter
def count_of(counts: dict[str, int], key: str) -> int:
    """One list's total from the agenda's counts (0 for a list with nothing in it)."""
    return (counts or {}).get(key, 0)
