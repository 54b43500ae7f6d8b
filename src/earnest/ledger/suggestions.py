"""The notes analyzer's findings, turned into suggestions the user confirms before they count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from earnest.domain.history import Criterion

from . import models as m

# Which analyzer finding is evidence for which earlyvangelist criterion.
EVIDENCE_BY_KIND = {
    "problem": (Criterion.HAS_PROBLEM, Criterion.KNOWS_PROBLEM),
    "workaround": (Criterion.MAKESHIFT_SOLUTION,),
    "budget": (Criterion.HAS_BUDGET,),
}


@dataclass(frozen=True)
class SuggestedStep:
    description: str
    due: date | None


@dataclass(frozen=True)
class SuggestedCommitment:
    text: str
    currencies: tuple[str, ...]
    due: date | None
    amount: str | None


@dataclass
class Suggestions:
    verdict: str
    score: float
    complimented: bool = False
    hedged: bool = False
    rejected: bool = False
    next_step: SuggestedStep | None = None
    commitments: list[SuggestedCommitment] = field(default_factory=list)
    objections: list[str] = field(default_factory=list)
    evidence: list[tuple[Criterion, str]] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.complimented or self.hedged or self.rejected or self.next_step
                    or self.commitments or self.objections or self.evidence)

    def describe(self) -> list[str]:
        lines = [f"reads as {self.verdict.replace('_', ' ')} (commitment score {self.score:.2f})"]
        if self.complimented:
            lines.append("compliments or hypothetical promises: they gave nothing")
        if self.hedged:
            lines.append("a hedge: a stall or a soft no")
        if self.rejected:
            lines.append("a clear no")
        for c in self.commitments:
            lines.append(f"commitment ({', '.join(c.currencies)}): {c.text}")
        if self.next_step:
            due = f" on {self.next_step.due}" if self.next_step.due else ""
            lines.append(f"next step{due}: {self.next_step.description}")
        lines.extend(f"objection: {o}" for o in self.objections)
        lines.extend(f"evidence of {c.value.replace('_', ' ')}: {t}" for c, t in self.evidence)
        return lines


def suggest_from_notes(notes: str, on: date) -> Suggestions:
    from earnest.analyzer import analyze

    result = analyze(notes, when=on)
    found = Suggestions(verdict=str(result.verdict), score=result.score)
    for signal in result.signals:
        kind = str(signal.kind)
        if kind in ("compliment", "fluff"):
            found.complimented = True
        elif kind == "hedge":
            found.hedged = True
        elif kind == "rejection":
            found.rejected = True
        elif kind == "next_step" and found.next_step is None:
            found.next_step = SuggestedStep(signal.text.strip(), signal.due)
        elif kind == "commitment":
            found.commitments.append(SuggestedCommitment(
                signal.text.strip(), tuple(str(c) for c in signal.currencies), signal.due,
                str(signal.amount) if signal.amount is not None else None))
        elif kind == "objection":
            found.objections.append(signal.text.strip())
        for criterion in EVIDENCE_BY_KIND.get(kind, ()):
            found.evidence.append((criterion, signal.text.strip()))
    return found


def apply_evidence(*, prospect: m.Prospect, suggestions: Suggestions, on: date) -> int:
    from .services.prospects import evidence_add

    for criterion, text in suggestions.evidence:
        evidence_add(prospect=prospect, criterion=criterion.value, on=on, note=text[:5_000])
    return len(suggestions.evidence)
