"""How the rules name things in the sentences they hand to people."""

from __future__ import annotations

from collections.abc import Iterable

from .currencies import Currency
from .history import Commitment
from .ladders import Rung


def currency_list(currencies: Iterable[Currency], joiner: str = ", ") -> str:
    """Strongest first, so the reader sees what matters most: 'money, time'."""
    return joiner.join(c.label for c in sorted(set(currencies), reverse=True)) or "time"


def commitment_name(c: Commitment, rung: Rung | None) -> str:
    if c.description:
        return c.description
    if rung is not None:
        return rung.label
    return c.rung or "a commitment"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
