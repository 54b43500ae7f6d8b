"""Due dates resolved against the conversation's date: "next Thursday", "by Friday", "EOM"."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

# dateparser misreads plain words ("we" as Wednesday, "may" as May, "second"); only text
# that carries one of these cues is handed to it.
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DATE_CUE_RE = re.compile(
    rf"\b(?:(?:{_WEEKDAYS})\b|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b"
    rf"|may\s+\d{{1,2}}(?:st|nd|rd|th)?\b|tomorrow|tonight|today|next\s+(?:week|month|quarter)"
    rf"|in\s+(?:a|an|one|two|three|four|\d+)\s+(?:days?|weeks?|months?)"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
    rf"|end\s+of\s+(?:the\s+)?(?:day|week|month|quarter)|eod|eow|eom)\b",
    re.IGNORECASE,
)
_SPECIAL = re.compile(r"\b(?:end\s+of\s+(?:the\s+)?(day|week|month|quarter)|(eod|eow|eom))\b", re.IGNORECASE)
_DATEPARSER_NOISE = re.compile(r"^(?:we|may|second|now|mon|sun|sat|march)$", re.IGNORECASE)


def has_date_cue(text: str) -> bool:
    return DATE_CUE_RE.search(text) is not None


def _special(word: str, when: date) -> date:
    word = word.lower()
    if word in ("day", "eod"):
        return when
    if word in ("week", "eow"):
        return when + timedelta(days=(4 - when.weekday()) % 7)
    if word in ("month", "eom"):
        return when.replace(day=calendar.monthrange(when.year, when.month)[1])
    quarter_end_month = ((when.month - 1) // 3 + 1) * 3
    return date(when.year, quarter_end_month, calendar.monthrange(when.year, quarter_end_month)[1])


@lru_cache(maxsize=1)
def _search() -> Any:
    from dateparser.search import search_dates  # heavy: imported on first use only

    return search_dates


def find_due(text: str, when: date) -> date | None:
    """The first date `text` names, resolved against `when`; None when it names none."""
    if not has_date_cue(text):
        return None
    special = _SPECIAL.search(text)
    if special:
        return _special(special.group(1) or special.group(2), when)
    base = datetime(when.year, when.month, when.day, 9, 0)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    try:
        hits = _search()(text[:2000], languages=["en"], settings=settings) or []
    except Exception:  # dateparser raises on odd input (huge years): then there is no date
        return None
    for phrase, moment in hits:
        if _DATEPARSER_NOISE.match(phrase.strip()) or not has_date_cue(phrase):
            continue
        return moment.date()  # type: ignore[no-any-return]
    return None
