"""How strongly a prospect has committed, as a number from 0 to 100 with its workings shown.

Each commitment the prospect gave adds a term:

    weight of its rung (or, without a rung, of the ladder's lightest rung paid in the
    same strongest currency)
    x currency factor: money 1.5, reputation 1.25, time 1.0, +0.15 per extra currency
    x 1.0 if fulfilled, 0.6 if only agreed: a promise kept says more than a promise
    x 0.5 ** (age / 90 days): old commitments fade; interest is a perishable good

The score is the sum as a share of one fresh, fulfilled commitment on the ladder's
strongest rung, capped at 100, so scores compare across ladders.
"""

from __future__ import annotations

from datetime import date

from .commitments import given_on
from .currencies import Currency
from .describe import commitment_name, currency_list, day
from .history import CommitmentStatus, ProspectHistory
from .ladder_profile import currency_factor
from .ladders import Ladder
from .lead_facts import LeadFacts, lead_facts
from .results import Strength, StrengthTerm

HALF_LIFE_DAYS = 90
FULFILLED_FACTOR = 1.0
AGREED_FACTOR = 0.6


def commitment_strength(history: ProspectHistory, ladder: Ladder, today: date) -> Strength:
    return strength_of(lead_facts(history, ladder, today))


def strength_of(facts: LeadFacts, explain: bool = True) -> Strength:
    """The lead's strength; with `explain=False` the score only, without its terms (for a store of verdicts)."""
    profile = facts.profile
    terms = []
    total = 0.0
    today = facts.today
    for c in facts.given:
        rung = facts.rung_of(c)
        currencies = facts.currencies_of(c)
        if rung is not None:
            weight = rung.weight
        else:
            weight = profile.weight_without_rung[max(currencies, default=Currency.TIME)]
        factor = currency_factor(currencies)
        fulfilled = c.status is CommitmentStatus.FULFILLED
        kept = FULFILLED_FACTOR if fulfilled else AGREED_FACTOR
        on = given_on(c)
        age = max(0, (today - on).days)
        decay = 0.5 ** (age / HALF_LIFE_DAYS)
        base = weight * factor * kept
        value = base * decay
        total += value
        if not explain:
            continue
        state = f"fulfilled {day(on)}" if fulfilled else f"agreed {day(on)}, ×{AGREED_FACTOR:g} until done"
        explanation = (
            f"{commitment_name(c, rung)}, {state}: {currency_list(currencies, '+')}, "
            f"weight {weight:g}, ×{factor:g} for currency, ×{decay:.2f} for age "
            f"({age} days)."
        )
        terms.append(
            StrengthTerm(c.id, commitment_name(c, rung), round(base, 3), round(decay, 3), round(value, 3), explanation)
        )
    terms.sort(key=lambda t: -t.value)
    score = min(100.0, 100.0 * total / profile.full_strength) if facts.given else 0.0
    return Strength(round(score, 1), tuple(terms))
