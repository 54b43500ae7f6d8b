"""What the rules need to know about a ladder, worked out once instead of once per prospect.

Assessing a hundred thousand prospects against three ladders should not rebuild the
same lookups a hundred thousand times, so profiles are cached by ladder identity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .currencies import Currency
from .ladders import MAIN_TRACK, Ladder, Rung

# How much more a currency says than time. Money is the strongest evidence; a
# commitment paid in several currencies at once says a little more again.
CURRENCY_STRENGTH = {Currency.TIME: 1.0, Currency.REPUTATION: 1.25, Currency.MONEY: 1.5}
EXTRA_CURRENCY_BONUS = 0.15
# Without a rung, a commitment is weighed like a rung paid in its strongest currency;
# these shares of the ladder's top weight are used when the ladder has no such rung.
FALLBACK_SHARE = {Currency.TIME: 0.1, Currency.REPUTATION: 0.25, Currency.MONEY: 0.5}


def currency_factor(currencies: Iterable[Currency]) -> float:
    """The multiplier for what was paid: the strongest currency plus a bonus per extra one."""
    found = set(currencies)
    if not found:
        return CURRENCY_STRENGTH[Currency.TIME]
    return CURRENCY_STRENGTH[max(found)] + EXTRA_CURRENCY_BONUS * (len(found) - 1)


@dataclass(frozen=True, slots=True)
class LadderProfile:
    ladder: Ladder
    rungs: dict[str, Rung]
    position: dict[str, int]
    customer_keys: frozenset[str]
    tracks: dict[str, tuple[Rung, ...]]
    weight_without_rung: dict[Currency, float]
    # The strength term of a fresh, fulfilled commitment on the ladder's strongest rung:
    # scores are shares of it, so a lead's number means the same on every ladder.
    full_strength: float

    def track(self, name: str) -> tuple[Rung, ...]:
        return self.tracks.get(name) or self.tracks[MAIN_TRACK]


_CACHE: dict[int, LadderProfile] = {}
_CACHE_LIMIT = 256


def ladder_profile(ladder: Ladder) -> LadderProfile:
    cached = _CACHE.get(id(ladder))
    if cached is not None and cached.ladder is ladder:
        return cached
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()  # ladders are few; a full cache means throw-away ladders, so start over
    profile = _build(ladder)
    _CACHE[id(ladder)] = profile
    return profile


def _build(ladder: Ladder) -> LadderProfile:
    tracks: dict[str, list[Rung]] = {}
    for rung in ladder.rungs:
        tracks.setdefault(rung.track, []).append(rung)
    top = ladder.max_weight
    without_rung = {}
    for currency in Currency:
        weights = [r.weight for r in ladder.rungs if max(r.currencies) is currency]
        without_rung[currency] = min(weights) if weights else FALLBACK_SHARE[currency] * top
    return LadderProfile(
        ladder=ladder,
        rungs={r.key: r for r in ladder.rungs},
        position={r.key: i for i, r in enumerate(ladder.rungs)},
        customer_keys=_customer_keys(ladder),
        tracks={name: tuple(rungs) for name, rungs in tracks.items()},
        weight_without_rung=without_rung,
        full_strength=max(r.weight * currency_factor(r.currencies) for r in ladder.rungs),
    )


def _customer_keys(ladder: Ladder) -> frozenset[str]:
    """The rungs marked customer: the purchase itself.

    A reference given above the customer line (a LinkedIn post, a testimonial) is a strong
    commitment, but it does not record that money changed hands; until the purchase is logged
    the lead is real, not a customer. Claiming less than was given is the smaller mistake, and
    every writer who labelled notes for us read it the same way.
    """
    return frozenset(r.key for r in ladder.rungs if r.customer)
