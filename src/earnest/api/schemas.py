"""Request and response bodies. Edits carry the version they were based on.

The Out schemas of prospects, contacts, conversations, commitments and next steps declare the keys of
the records in `ledger/reads/records.py`, which the CLI's `--format json` prints as well."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from .limits import ANALYZE_MAX_CHARS

Text200 = Field(..., min_length=1, max_length=200)


class ErrorBody(Schema):
    error: dict[str, Any]


class ClosedOut(Schema):
    reason: str
    note: str
    on: dt.date | None


class ParkedOut(Schema):
    reason: str
    until: dt.date


class ProspectOut(Schema):
    id: int
    name: str
    domain: str
    ladder: str
    owner: str
    notes: str
    external_id: str
    created_on: dt.date
    classification: str
    close_reason: str
    close_note: str
    closed_on: dt.date | None
    park_reason: str
    parked_until: dt.date | None
    closed: ClosedOut | None = Field(description="close_reason, close_note and closed_on together; null while open")
    parked: ParkedOut | None = Field(description="park_reason and parked_until together; null unless parked")
    tags: list[str] = []
    version: int


class ProspectIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    ladder: str = Field("discovery", max_length=64)
    domain: str = Field("", max_length=253)
    owner: str = Field("", max_length=150)
    notes: str = Field("", max_length=100_000)
    external_id: str = Field("", max_length=200)
    created_on: dt.date | None = None


class ProspectPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    ladder: str | None = Field(None, max_length=64)
    domain: str | None = Field(None, max_length=253)
    owner: str | None = Field(None, max_length=150)
    notes: str | None = Field(None, max_length=100_000)
    external_id: str | None = Field(None, max_length=200)


class ClassifyIn(Schema):
    classification: Literal["current_opportunity", "no_current_opportunity", "not_a_prospect"]
    on: dt.date | None = None


class CloseIn(Schema):
    reason: Literal["not_a_fit", "no_budget", "no_decision", "competitor", "bad_timing", "other"]
    note: str = Field(..., min_length=1, max_length=5_000)
    on: dt.date | None = None


class ParkIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5_000)
    until: dt.date
    on: dt.date | None = None


class ContactOut(Schema):
    id: int
    prospect_id: int
    name: str
    email: str
    title: str
    role: str
    version: int


class ContactIn(Schema):
    prospect_id: int
    name: str = Field(..., min_length=1, max_length=200)
    role: Literal["champion", "decision_maker", "budget_owner", "user", "other"] = "other"
    email: str = Field("", max_length=254)
    title: str = Field("", max_length=200)


class ContactPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    role: Literal["champion", "decision_maker", "budget_owner", "user", "other"] | None = None
    email: str | None = Field(None, max_length=254)
    title: str | None = Field(None, max_length=200)


class ConversationOut(Schema):
    id: int
    prospect_id: int
    on: dt.date
    channel: str
    notes: str
    planned_ask: str
    ask_answer: str
    complimented: bool
    hedged: bool
    rejected: bool
    outreach_unanswered: bool
    outcome: str
    contact_ids: list[int]
    version: int


class AskBody(Schema):
    answer: Literal["agreed", "declined", "hedged", "unanswered"]
    text: str = Field("", max_length=2_000)
    rung: str = Field("", max_length=64)
    currencies: list[Literal["time", "reputation", "money"]] = []
    due: dt.date | None = None
    amount: Decimal | None = Field(None, ge=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2)


class StepBody(Schema):
    description: str = Field(..., min_length=1, max_length=2_000)
    owner: Literal["prospect", "us", "both"] = "both"
    due: dt.date | None = None


class ConversationIn(Schema):
    prospect_id: int
    on: dt.date | None = None
    channel: Literal["meeting", "call", "video", "email", "message", "event", "other"] = "meeting"
    notes: str = Field("", max_length=1_000_000)
    contact_ids: list[int] = []
    ask: AskBody | None = None
    complimented: bool = False
    hedged: bool = False
    rejected: bool = False
    outreach_unanswered: bool = False
    next_step: StepBody | None = None
    apply_findings: bool = Field(
        False,
        description=(
            "Record what the notes analyzer finds in the notes (commitments on their rung, dated next steps, "
            "to-dos, evidence, new contacts), exactly as `earnest log --accept-suggestions` and the web debrief's "
            "default ticks do."
        ),
    )


class ConversationPatch(Schema):
    version: int
    on: dt.date | None = None
    channel: Literal["meeting", "call", "video", "email", "message", "event", "other"] | None = None
    notes: str | None = Field(None, max_length=1_000_000)
    complimented: bool | None = None
    hedged: bool | None = None
    rejected: bool | None = None
    outreach_unanswered: bool | None = None


class LoggedOut(Schema):
    conversation: ConversationOut
    outcome: str
    reasons: list[dict[str, Any]]
    created: dict[str, list[Any]] = {}


class FindingOut(Schema):
    key: str
    kind: str
    text: str
    start: int
    end: int
    ticked: bool
    records: str
    rung: str | None = None
    status: str | None = None
    currencies: list[str] = []
    amount: str | None = None
    due: dt.date | None = None
    name: str = ""
    title: str = ""
    role: str = ""


class FindingsOut(Schema):
    verdict: str
    score: float
    flags: dict[str, bool]
    findings: list[FindingOut]


class CommitmentOut(Schema):
    id: int
    prospect_id: int
    prospect: str = Field(description="the prospect's name")
    conversation_id: int | None
    contact_id: int | None
    description: str
    rung: str
    currencies: list[str]
    status: str
    effective_status: str
    asked_on: dt.date
    answered_on: dt.date | None
    due: dt.date | None
    closed_on: dt.date | None
    amount: Decimal | None
    version: int


class CommitmentIn(Schema):
    prospect_id: int
    rung: str = Field("", max_length=64)
    description: str = Field("", max_length=2_000)
    currencies: list[Literal["time", "reputation", "money"]] = []
    on: dt.date | None = None
    due: dt.date | None = None
    amount: Decimal | None = Field(None, ge=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2)


class StatusIn(Schema):
    status: Literal["agreed", "declined", "fulfilled", "broken"]
    on: dt.date | None = None
    due: dt.date | None = None
    version: int | None = None


class StepOut(Schema):
    id: int
    prospect_id: int
    prospect: str = Field(description="the prospect's name")
    conversation_id: int | None
    description: str
    owner: str
    created_on: dt.date
    due: dt.date | None
    result: str
    done_on: dt.date | None
    version: int


class StepIn(StepBody):
    prospect_id: int
    on: dt.date | None = None


class StepPatch(Schema):
    version: int
    description: str | None = Field(None, min_length=1, max_length=2_000)
    owner: Literal["prospect", "us", "both"] | None = None
    due: dt.date | None = None


class StepEndIn(Schema):
    result: Literal["yes", "no"]
    on: dt.date | None = None
    version: int | None = None


class LadderIn(Schema):
    source: str = Field(..., min_length=1, max_length=200_000)
    version: int | None = None


class AnalyzeIn(Schema):
    # Interactive analysis is bounded (api.limits); batches go through the CLI: earnest analyze --jsonl.
    text: str = Field(..., max_length=ANALYZE_MAX_CHARS)
    date: dt.date | None = None


class AuditOut(Schema):
    id: int
    entity: str
    entity_id: int
    action: str
    actor: str
    changes: dict[str, Any]
    at: dt.datetime
