"""The analyzer's typed answer: what a text shows the customer gave, as spans into that text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from .people import Person

Kind = Literal[
    "compliment",
    "fluff",
    "hedge",
    "commitment",
    "next_step",
    "rejection",
    "problem",
    "workaround",
    "budget",
    "no_budget",
    "objection",
]
Verdict = Literal["advanced", "rejected", "hedged", "complimented", "no_next_step"]

KINDS: tuple[str, ...] = get_args(Kind)
# Kinds that rules call from the cues around them; the statistical model has no weights for them.
RULE_KINDS: tuple[str, ...] = ("no_budget",)
CURRENCIES: tuple[str, ...] = ("time", "reputation", "money")


@dataclass(frozen=True)
class Signal:
    """One thing the text shows: `text == original[start:end]`."""

    kind: str
    text: str
    start: int
    end: int
    currencies: tuple[str, ...] = ()
    amount: str | None = None
    due: date | None = None
    # Commitments only: fulfilled (already given), agreed (promised or scheduled) or declined.
    status: str | None = None
    # How sure the reading is (0..1); the debrief ticks only confident findings for the user.
    confidence: float = 1.0

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "currencies": list(self.currencies),
            "amount": self.amount,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class AnalysisResult:
    """The verdict on one conversation, how strongly it evidences commitment (0..1), and why."""

    verdict: str
    score: float
    signals: tuple[Signal, ...] = ()
    people: tuple[Person, ...] = ()

    def kinds(self) -> frozenset[str]:
        return frozenset(s.kind for s in self.signals)

    def as_json(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "signals": [s.as_json() for s in self.signals],
            "people": [p.as_json() for p in self.people],
        }
