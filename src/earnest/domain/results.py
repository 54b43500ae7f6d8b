"""What the rules conclude about a prospect. Every conclusion carries its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .history import Criterion, Id, StrEnum


class Outcome(StrEnum):
    ADVANCED = "advanced"
    REJECTED = "rejected"
    HEDGED = "hedged"
    COMPLIMENTED = "complimented"
    NO_NEXT_STEP = "no_next_step"


class Verdict(StrEnum):
    UNASKED = "unasked"
    REAL = "real"
    ZOMBIE = "zombie"
    STALLED = "stalled"
    REJECTED = "rejected"
    NOT_A_PROSPECT = "not_a_prospect"
    NURTURE = "nurture"
    CUSTOMER = "customer"
    PARKED = "parked"
    LOST = "lost"


class WarningKind(StrEnum):
    SINGLE_THREADED = "single_threaded"
    NO_DECISION_MAKER = "no_decision_maker"
    GHOSTED = "ghosted"
    OVERDUE_NEXT_STEP = "overdue_next_step"
    STALLED_IN_RUNG = "stalled_in_rung"


class AdviceKind(StrEnum):
    ASK = "ask"  # make this one ask next
    AWAIT_ANSWER = "await_answer"  # an ask is still open: get its answer before asking more
    SALVAGE = "salvage"  # the last conversation was weak: try this smaller ask
    FOLLOW_THROUGH = "follow_through"  # they agreed: make sure it happens
    STOP = "stop"  # nothing to ask: rejected, not a prospect, closed
    WAIT = "wait"  # parked, or a scheduled step is still ahead
    TOP = "top"  # nothing left on the ladder: keep them happy


@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    on: date | None = None


@dataclass(frozen=True, slots=True)
class LeadWarning:
    kind: WarningKind
    text: str


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    outcome: Outcome
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class StrengthTerm:
    """One given commitment's contribution to the strength score, with why."""

    commitment_id: Id
    description: str
    base: float
    decay: float
    value: float
    explanation: str


@dataclass(frozen=True, slots=True)
class Strength:
    score: float  # 0..100
    terms: tuple[StrengthTerm, ...]


@dataclass(frozen=True, slots=True)
class Earlyvangelist:
    score: float  # 0..1, share of criteria met
    flag: bool
    met: tuple[Criterion, ...]
    missing: tuple[Criterion, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class StageEntry:
    rung: str
    label: str
    reached_on: date


@dataclass(frozen=True, slots=True)
class Stage:
    history: tuple[StageEntry, ...]
    current: str | None  # rung key, None before the first rung
    since: date  # when the current rung (or the prospect) began
    days_in_current: int


@dataclass(frozen=True, slots=True)
class Advice:
    kind: AdviceKind
    text: str  # what to do, in one or two sentences
    rung: str | None = None  # the rung the ask aims at
    wording: str = ""  # a suggested sentence to say or write
    reasons: tuple[Reason, ...] = ()
    actions: tuple[str, ...] = ()  # one-click follow-ups the pages offer beside it: "park", "close"


@dataclass(frozen=True, slots=True)
class Assessment:
    prospect_id: Id
    verdict: Verdict
    reasons: tuple[Reason, ...]
    warnings: tuple[LeadWarning, ...]
    strength: Strength
    earlyvangelist: Earlyvangelist
    stage: Stage
    advice: Advice
    extra: dict[str, object] = field(default_factory=dict, compare=False)
