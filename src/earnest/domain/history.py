"""What happened with a prospect: the facts every rule is computed from.

These are plain values. Storage adapters build them from rows; the rules in the
sibling modules read them with an injected ``today`` and never look at a clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .currencies import Currency

Id = int | str


def id_order(value: Id) -> tuple[int, int, str]:
    """Sort key for ids: stored ids by number (id 9 before id 10), then not-yet-saved ones ("new")."""
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, value)


class StrEnum(enum.StrEnum):
    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> list[str]:
        return [m.value for m in cls]


class Role(StrEnum):
    CHAMPION = "champion"
    DECISION_MAKER = "decision_maker"
    BUDGET_OWNER = "budget_owner"
    USER = "user"
    OTHER = "other"


class Channel(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    VIDEO = "video"
    EMAIL = "email"
    MESSAGE = "message"
    EVENT = "event"
    OTHER = "other"


class AskAnswer(StrEnum):
    """How the prospect answered the one concrete ask made in a conversation."""

    AGREED = "agreed"
    DECLINED = "declined"
    HEDGED = "hedged"
    UNANSWERED = "unanswered"


class CommitmentStatus(StrEnum):
    ASKED = "asked"
    AGREED = "agreed"
    DECLINED = "declined"
    FULFILLED = "fulfilled"
    BROKEN = "broken"


class StepOwner(StrEnum):
    PROSPECT = "prospect"
    US = "us"
    BOTH = "both"


class StepResult(StrEnum):
    YES = "yes"
    NO = "no"


class Classification(StrEnum):
    """The three-way split after a qualifying conversation (micro-commitment selling)."""

    CURRENT_OPPORTUNITY = "current_opportunity"
    NO_CURRENT_OPPORTUNITY = "no_current_opportunity"
    NOT_A_PROSPECT = "not_a_prospect"


class CloseReason(StrEnum):
    NOT_A_FIT = "not_a_fit"
    NO_BUDGET = "no_budget"
    NO_DECISION = "no_decision"
    COMPETITOR = "competitor"
    BAD_TIMING = "bad_timing"
    OTHER = "other"


class Criterion(StrEnum):
    """What makes an earlyvangelist: they hurt, know it, can pay, tried, and must act."""

    HAS_PROBLEM = "has_problem"
    KNOWS_PROBLEM = "knows_problem"
    HAS_BUDGET = "has_budget"
    MAKESHIFT_SOLUTION = "makeshift_solution"
    URGENCY = "urgency"


@dataclass(frozen=True, slots=True)
class Contact:
    id: Id
    name: str
    role: Role = Role.OTHER
    email: str = ""


@dataclass(frozen=True, slots=True)
class Conversation:
    """One exchange with the prospect.

    ``outreach_unanswered`` marks our own message that got no reply: it is history,
    but the prospect gave nothing in it. ``complimented`` means they praised the idea
    or made hypothetical promises; ``hedged`` that they stalled or gave a soft no;
    ``rejected`` that they said a clear no.
    """

    id: Id
    on: date
    channel: Channel = Channel.MEETING
    contact_ids: tuple[Id, ...] = ()
    planned_ask: str = ""
    ask_answer: AskAnswer | None = None
    complimented: bool = False
    hedged: bool = False
    rejected: bool = False
    outreach_unanswered: bool = False
    summary: str = ""
    # Brought in from a calendar or a mailbox rather than logged by a person.
    imported: bool = False


@dataclass(frozen=True, slots=True)
class Commitment:
    """Something the prospect was asked to give up, and what became of it.

    ``rung`` ties it to the prospect's ladder; ``currencies`` may widen the rung's own
    (a paid pilot with the whole team is money and time).
    """

    id: Id
    description: str
    currencies: frozenset[Currency]
    asked_on: date
    status: CommitmentStatus = CommitmentStatus.ASKED
    rung: str | None = None
    conversation_id: Id | None = None
    contact_id: Id | None = None
    answered_on: date | None = None
    due: date | None = None
    closed_on: date | None = None
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class NextStep:
    id: Id
    description: str
    owner: StepOwner
    created_on: date
    due: date | None = None
    conversation_id: Id | None = None
    result: StepResult | None = None
    done_on: date | None = None

    @property
    def involves_prospect(self) -> bool:
        return self.owner is not StepOwner.US

    @property
    def open(self) -> bool:
        return self.result is None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A dated observation that one earlyvangelist criterion holds."""

    criterion: Criterion
    on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Closure:
    reason: CloseReason
    on: date
    note: str


@dataclass(frozen=True, slots=True)
class Parking:
    """Set aside on purpose, for a known reason, until a date; not lost and not stalled."""

    reason: str
    on: date
    until: date


@dataclass(frozen=True, slots=True)
class ProspectHistory:
    id: Id
    name: str
    ladder: str
    created_on: date
    contacts: tuple[Contact, ...] = ()
    conversations: tuple[Conversation, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    classification: Classification | None = None
    classified_on: date | None = None
    closure: Closure | None = None
    parking: Parking | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False)
