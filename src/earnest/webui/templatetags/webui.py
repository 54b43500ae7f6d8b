"""Small presentation helpers: labels, tones, percentages and query strings. No rules."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import template
from django.http import QueryDict

from earnest.domain import describe

register = template.Library()

VERDICT_TONES = {
    "real": "good",
    "customer": "best",
    "zombie": "bad",
    "stalled": "warn",
    "unasked": "neutral",
    "rejected": "bad",
    "not_a_prospect": "muted",
    "nurture": "info",
    "parked": "muted",
    "lost": "muted",
}
OUTCOME_TONES = {"advanced": "good", "rejected": "info", "hedged": "warn", "complimented": "bad", "no_next_step": "bad"}
STATUS_TONES = {
    "agreed": "good",
    "fulfilled": "best",
    "broken": "bad",
    "declined": "info",
    "asked": "neutral",
    "overdue": "bad",
    "due_today": "warn",
    "scheduled": "good",
    "undated": "warn",
    "none": "muted",
    "open": "neutral",
    "yes": "good",
    "no": "bad",
}


@register.filter
def label(value: object) -> str:
    """'not_a_prospect' -> 'not a prospect'; True -> 'yes'; a date in the app's one format."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return day(value)
    if value is None:
        return ""
    return str(value).replace("_", " ")


@register.filter
def day(value: date | str | None) -> str:
    """Every date the app shows, in one format: '4 Dec 2026' (ISO strings from stored data too)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            return describe.day(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return describe.day(value)


@register.filter
def cap(value: object) -> str:
    text = label(value)
    return text[:1].upper() + text[1:]


@register.filter
def verdict_tone(value: object) -> str:
    return VERDICT_TONES.get(str(value), "neutral")


@register.filter
def outcome_tone(value: object) -> str:
    return OUTCOME_TONES.get(str(value), "neutral")


@register.filter
def status_tone(value: object) -> str:
    return STATUS_TONES.get(str(value), "neutral")


@register.filter
def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


@register.filter
def share(part: float | int, whole: float | int) -> float:
    """part / whole as a percentage for a bar width, 0 when whole is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


@register.filter
def money(value: object, currency: str = "") -> str:
    """An amount with its currency: '$28,800' for USD, 'EUR 28,800' for any other ISO code."""
    try:
        number = f"{Decimal(str(value)):,.0f}"
    except (ArithmeticError, TypeError, ValueError):
        number = "0"
    return describe.money(number, currency)


@register.filter
def relative(day: date | None, today: date) -> str:
    if day is None:
        return ""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


_KEY = re.compile(r"[a-z]+(?:_[a-z]+)+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.filter
def shown(value: object) -> str:
    """A stored value as a person reads it (the audit trail): yes/no, '4 Dec 2026', 'evaluation effort',
    '—' for nothing; free text as it was written."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool | date):
        return label(value)
    text = str(value)
    if _ISO_DAY.fullmatch(text):
        return day(text)
    return label(text) if _KEY.fullmatch(text) else text


@register.filter
def ask_text(ask: str, prospect: object) -> str:
    """An ask as people read it: the rung's label on the prospect's ladder, or the words typed."""
    from earnest.ledger.reads.selectors import workspace_ladders

    ladder = workspace_ladders(prospect.workspace).get(prospect.ladder)  # type: ignore[attr-defined]
    return ladder.rung(ask).label if ladder is not None and ask and ladder.has_rung(ask) else str(ask or "")


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (None or '' removes them)."""
    params: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, "", False):
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def is_change(value: object) -> bool:
    """An audit change recorded as [before, after], rather than a single value."""
    return isinstance(value, list) and len(value) == 2


@register.filter
def version_of(versions: dict, ref: object) -> object:
    """The version of the record `ref` names, for the hidden field of a form that changes it."""
    return versions.get(f"{ref}", "") if isinstance(versions, dict) else ""
