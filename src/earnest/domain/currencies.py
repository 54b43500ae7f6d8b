"""The three things a customer can give up to show real interest."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .errors import DomainError


class Currency(enum.IntEnum):
    """Ordered by strength: money says more than lending one's name, which says more than time."""

    TIME = 1
    REPUTATION = 2
    MONEY = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Currency) -> Currency:
        if isinstance(value, Currency):
            return value
        try:
            return cls[value.strip().upper()]
        except KeyError:
            allowed = ", ".join(c.label for c in cls)
            raise DomainError(f"unknown currency {value!r}; use one of: {allowed}") from None


def parse_currencies(values: Iterable[str | Currency]) -> frozenset[Currency]:
    key = tuple(values)
    # Stored commitments repeat a handful of combinations; loading 100k of them should not
    # parse the same three words a million times.
    found = _PARSED.get(key)
    if found is None:
        found = frozenset(Currency.parse(v) for v in key)
        if len(_PARSED) < 1024:
            _PARSED[key] = found
    return found


_PARSED: dict[tuple[str | Currency, ...], frozenset[Currency]] = {}


def strongest(currencies: Iterable[Currency]) -> Currency | None:
    return max(currencies, default=None)
