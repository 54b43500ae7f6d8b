"""Input checks shared by the services, raising DomainError with the field's name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
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


# Dates a person can mean: a sales step or a due date further out is a typo (a year of 20266, 9999).
# Far dates are refused here, on entry, so every screen, feed and export can add a day to any stored date.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def clean_date(value: date | None, field: str) -> date | None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise DomainError(f"{field} {value.isoformat()} is out of range: give a date between "
                          f"{EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}")
    return value
