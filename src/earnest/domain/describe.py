"""How the rules name things in the sentences they hand to people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .currencies import Currency
from .history import Commitment
from .ladders import Rung


def currency_list(currencies: Iterable[Currency], joiner: str = ", ") -> str:
    """Strongest first, so the reader sees what matters most: 'money, time'."""
    return joiner.join(c.label for c in sorted(set(currencies), reverse=True)) or "time"


def commitment_name(c: Commitment, rung: Rung | None) -> str:
    if c.description:
        # a sentence quoted from the notes keeps its words, not its full stop: reasons add their own
        return c.description.rstrip(" .;,") or c.description
    if rung is not None:
        return rung.label
    return c.rung or "a commitment"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(on: date | None) -> str:
    """The one way sentences and pages write a date: '4 Dec 2026' (no locale, no ambiguity)."""
    if on is None:
        return ""
    return f"{on.day} {_MONTHS[on.month - 1]} {on.year}"


def money(amount: str, currency: str = "") -> str:
    """'$28,800' for US dollars, 'EUR 28,800' for any other ISO code, the bare amount without one."""
    code = (currency or "").strip().upper()
    if code == "USD":
        return f"-${amount[1:]}" if amount.startswith("-") else f"${amount}"
    return f"{code} {amount}" if code else amount


def either(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c': the alternatives a sentence lists."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def count_of(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 conversation', '2 conversations', '1 person', '3 people'."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
