"""Input checks shared by the services, raising DomainError with the field's name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from enum import Enum
from typing import TypeVar

from earnest.domain.errors import DomainError

E = TypeVar("E", bound=Enum)


def clean_text(value: str | None, field: str, *, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(f"{field} is required")
    if len(text) > max_length:
        raise DomainError(f"{field} is too long ({len(text)} characters; at most {max_length})")
    if "\x00" in text:
        raise DomainError(f"{field} contains a NUL character")
    return text


def choice(enum_cls: type[E], value: str | E | None, field: str) -> E:
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(str(value).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_cls)
        raise DomainError(f"{field} {value!r} is not one of: {allowed}") from None


def all_choices(enum_cls: type[E], values: Iterable[str | E], field: str) -> list[E]:
    return [choice(enum_cls, v, field) for v in values]


DATE_ORDERS = ("mdy", "dmy")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RELATIVE = re.compile(r"([+-])(\d{1,4})([dw])")


def date_example(order: str = "mdy") -> str:
    """The forms a date may be typed in, for a hint or an error message."""
    numeric = "04/12/2026" if order == "dmy" else "12/04/2026"
    return f"2026-12-04, 4 Dec 2026, {numeric}, +3d or next friday"


def parse_day(value: str | date, field: str, *, today: date, order: str = "mdy") -> date:
    """A date as people type it: ISO, '4 Dec 2026', 12/04/2026 read in the workspace's order
    (month first for 'mdy', day first for 'dmy'), 'today', '+3d', '-2w' or 'next friday'.

    Anything else, or a day that does not exist (31/02/2026), is refused with an example rather than
    bent into some other date.
    """
    if isinstance(value, date):
        return value
    text = " ".join(str(value or "").split()).lower()
    prefix = f"{field}: " if field else ""
    refused = DomainError(f"{prefix}cannot read {str(value).strip()!r} as a date; write it like {date_example(order)}")
    if not text or len(text) > 60:
        raise refused
    numbers = _ISO.fullmatch(text) or _NUMERIC.fullmatch(text)
    if numbers:
        a, b, c = (int(g) for g in numbers.groups())
        year, month, day = (a, b, c) if numbers.re is _ISO else (c, a, b) if order != "dmy" else (c, b, a)
        try:
            return date(year, month, day)
        except ValueError:
            raise refused from None
    named = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if text in named:
        return today + timedelta(days=named[text])
    relative = _RELATIVE.fullmatch(text)
    if relative:
        sign, count, unit = relative.groups()
        days = int(count) * (7 if unit == "w" else 1)
        return today + timedelta(days=days if sign == "+" else -days)
    if re.search(r"\d{5,}", text) or not re.search(r"[a-z]", text):
        raise refused  # bare or over-long numbers are typos, never a date to guess at
    import datetime as dt

    import dateparser  # slow to import; only free text needs it

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": order.upper(),
            "STRICT_PARSING": False,
        },
    )
    if parsed is None:
        raise refused
    return parsed.date()


# Dates a person can mean: a sales step or a due date further out is a typo (a year of 20266, 9999).
# Far dates are refused here, on entry, so every screen, feed and export can add a day to any stored date.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def clean_date(value: date | None, field: str) -> date | None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise DomainError(
            f"{field} {value.isoformat()} is out of range: give a date between "
            f"{EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
        )
    return value
