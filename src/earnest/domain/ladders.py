"""Commitment ladders: the ordered asks a playbook climbs, each worth more than the last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .currencies import Currency
from .errors import DomainError

MAIN_TRACK = "main"
NURTURE_TRACK = "nurture"
TRACKS = (MAIN_TRACK, NURTURE_TRACK)

# Days a lead may sit on one rung without advancing before it counts as stalled,
# when neither the rung nor the ladder says otherwise.
DEFAULT_STALL_DAYS = 21


@dataclass(frozen=True, slots=True)
class Rung:
    key: str
    label: str
    currencies: frozenset[Currency]
    weight: float
    customer: bool = False
    track: str = MAIN_TRACK
    stall_days: int | None = None
    ask: str = ""
    description: str = ""
    # Phrases that say a commitment in notes is this rung (see rung_match for the syntax).
    cues: tuple[str, ...] = ()
    # Phrases that say a commitment is something else the same verbs carry ("send the deck", "send
    # the PO" is no project data): when one fits, the rung fits only through a cue of its own with
    # two or more slots ("send ... spreadsheet").
    not_cues: tuple[str, ...] = ()
    # Kinds of findings that, in the prospect's words, are this rung given: "problem" for a rung
    # reached by admitting a specific problem.
    shown_by: tuple[str, ...] = ()
    # Only its own cues place a commitment on it; the learned model never guesses it ("introduced
    # me to their CFO" is no referral of other firms, however much it reads like one).
    cues_only: bool = False
    # Roles of the person the commitment names that make it this rung rather than a sibling that
    # lists others: "introduced me to Raj, their CFO" is to the decision maker, "to Dean, their
    # coordinator" to a colleague, whatever the verb's cues say.
    for_roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ladder:
    key: str
    name: str
    rungs: tuple[Rung, ...]
    description: str = ""
    stall_days: int = DEFAULT_STALL_DAYS
    builtin: bool = False
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.rungs:
            raise DomainError(f"ladder {self.key!r} has no rungs")
        seen: dict[str, int] = {}
        for position, rung in enumerate(self.rungs):
            if rung.key in seen:
                raise DomainError(f"ladder {self.key!r} repeats the rung key {rung.key!r}")
            seen[rung.key] = position
        self._index.update(seen)

    def rung(self, key: str) -> Rung:
        try:
            return self.rungs[self._index[key]]
        except KeyError:
            keys = ", ".join(r.key for r in self.rungs)
            raise DomainError(f"ladder {self.key!r} has no rung {key!r}; its rungs are: {keys}") from None

    def has_rung(self, key: str) -> bool:
        return key in self._index

    def position(self, key: str) -> int:
        self.rung(key)
        return self._index[key]

    def track(self, track: str) -> tuple[Rung, ...]:
        return tuple(r for r in self.rungs if r.track == track)

    def stall_days_for(self, rung: Rung | None) -> int:
        if rung is not None and rung.stall_days is not None:
            return rung.stall_days
        return self.stall_days

    @property
    def customer_line(self) -> Rung | None:
        """The first rung whose reaching makes the prospect a customer."""
        return next((r for r in self.rungs if r.customer), None)

    def shown_by(self, kind: str) -> Rung | None:
        """The lowest rung that a finding of this kind gives, if any."""
        return next((r for r in self.rungs if kind in r.shown_by), None)

    @property
    def max_weight(self) -> float:
        return max(r.weight for r in self.rungs)

    def highest(self, keys: Iterable[str]) -> Rung | None:
        """The highest main- or nurture-track rung among the given keys, by ladder order."""
        positions = [self._index[k] for k in keys if k in self._index]
        return self.rungs[max(positions)] if positions else None
