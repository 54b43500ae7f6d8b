"""Reads for the web pipeline and a prospect's page: a fixed number of queries however many prospects.

Verdicts and stages are computed by the domain, so grouping and filtering on them happens
after one set-based load; the filters the database can apply (ladder, owner, search) are
applied first, as a subquery, to keep that load small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from earnest.domain import history as h
from earnest.domain.commitments import effective_status
from earnest.domain.ladders import MAIN_TRACK, Ladder
from earnest.domain.results import Assessment, LeadWarning, Verdict

from . import models as m
from .selectors import lead_assessments, workspace_ladders

# The order a founder reads a board in: the live leads first, the finished ones last.
VERDICT_ORDER = (
    Verdict.UNASKED, Verdict.REAL, Verdict.CUSTOMER, Verdict.STALLED, Verdict.ZOMBIE,
    Verdict.NURTURE, Verdict.PARKED, Verdict.REJECTED, Verdict.LOST, Verdict.NOT_A_PROSPECT,
)
NOT_ON_LADDER = "_none"
PAGE_SIZE = 20
GROUPINGS = ("verdict", "rung")


@dataclass(frozen=True)
class Filters:
    group_by: str = "verdict"
    ladder: str = ""
    verdict: str = ""
    owner: str = ""
    earlyvangelist: bool = False
    search: str = ""
    reached: str = ""

    @property
    def active(self) -> bool:
        return bool(self.ladder or self.verdict or self.owner or self.earlyvangelist
                    or self.search or self.reached)


@dataclass(frozen=True)
class StepState:
    state: str  # overdue, due_today, scheduled, undated, none
    text: str = ""
    due: date | None = None


@dataclass(frozen=True)
class Card:
    id: int
    name: str
    ladder: str
    verdict: Verdict
    warnings: tuple[LeadWarning, ...]
    strength: float
    strongest: str
    step: StepState
    earlyvangelist: bool
    rung_label: str


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    count: int
    cards: tuple[Card, ...]
    page: int
    has_more: bool


@dataclass(frozen=True)
class Board:
    filters: Filters
    ladder: Ladder | None  # the ladder whose rungs are the columns, when grouped by rung
    columns: tuple[Column, ...]
    total: int
    ladders: dict[str, Ladder] = field(default_factory=dict)
    owners: tuple[str, ...] = ()


def next_step_state(history: h.ProspectHistory, today: date) -> StepState:
    """The soonest open next step, and whether it is overdue, due today, ahead or undated."""
    open_steps = [s for s in history.next_steps if s.open]
    if not open_steps:
        return StepState("none")
    dated = [s for s in open_steps if s.due is not None]
    if not dated:
        return StepState("undated", open_steps[0].description)
    step = min(dated, key=lambda s: (s.due, str(s.id)))
    assert step.due is not None
    state = "overdue" if step.due < today else "due_today" if step.due == today else "scheduled"
    return StepState(state, step.description, step.due)


def highest_main_position(ladder: Ladder, reached: set[str]) -> int:
    """Position of the highest main-track rung reached, -1 for none: a funnel counts everything below it."""
    return max((ladder.position(r.key) for r in ladder.track(MAIN_TRACK) if r.key in reached), default=-1)


def prospect_queryset(workspace: m.Workspace, filters: Filters) -> QuerySet[m.Prospect]:
    """What the database can filter on; the domain-computed filters come after."""
    qs = m.Prospect.objects.filter(workspace=workspace)
    if filters.ladder:
        qs = qs.filter(ladder=filters.ladder)
    if filters.owner:
        qs = qs.filter(owner=filters.owner)
    text = filters.search.strip()
    if text:
        contact_match = m.Contact.objects.filter(workspace=workspace, name__icontains=text).values("prospect_id")
        qs = qs.filter(Q(name__icontains=text) | Q(domain__icontains=text) | Q(pk__in=contact_match))
    return qs


def _card(history: h.ProspectHistory, a: Assessment, ladder: Ladder | None, today: date) -> Card:
    strongest = max(a.strength.terms, key=lambda t: t.value, default=None)
    rung = ladder.rung(a.stage.current) if ladder and a.stage.current and ladder.has_rung(a.stage.current) else None
    return Card(
        id=int(history.id), name=history.name, ladder=history.ladder, verdict=a.verdict,
        warnings=a.warnings, strength=a.strength.score,
        strongest=strongest.description if strongest else "", step=next_step_state(history, today),
        earlyvangelist=a.earlyvangelist.flag, rung_label=rung.label if rung else "",
    )


def _busiest_ladder(workspace: m.Workspace, ladders: dict[str, Ladder]) -> str:
    rows = (m.Prospect.objects.filter(workspace=workspace).values("ladder")
            .annotate(n=Count("pk")).order_by("-n", "ladder"))
    return next((r["ladder"] for r in rows if r["ladder"] in ladders), next(iter(ladders)))


def pipeline_board(
    workspace: m.Workspace, today: date, filters: Filters, *, column: str | None = None,
    page: int = 1, page_size: int = PAGE_SIZE,
) -> Board:
    """Prospects as cards in columns by verdict or by rung; each column is paged on its own."""
    ladders = workspace_ladders(workspace)
    group_by = filters.group_by if filters.group_by in GROUPINGS else "verdict"
    ladder_key = filters.ladder if filters.ladder in ladders else ""
    if group_by == "rung" and not ladder_key:
        ladder_key = _busiest_ladder(workspace, ladders)
    filters = Filters(group_by, ladder_key, filters.verdict, filters.owner, filters.earlyvangelist,
                      filters.search, filters.reached)
    ids = prospect_queryset(workspace, filters).values("pk")
    pairs = lead_assessments(workspace, today, ids)
    if filters.verdict:
        pairs = [(hi, a) for hi, a in pairs if a.verdict.value == filters.verdict]
    if filters.earlyvangelist:
        pairs = [(hi, a) for hi, a in pairs if a.earlyvangelist.flag]
    ladder = ladders.get(ladder_key) if ladder_key else None
    if filters.reached and ladder is not None and ladder.has_rung(filters.reached):
        floor = ladder.position(filters.reached)
        pairs = [(hi, a) for hi, a in pairs
                 if highest_main_position(ladder, {s.rung for s in a.stage.history}) >= floor]

    groups: dict[str, list[tuple[h.ProspectHistory, Assessment]]] = {}
    if group_by == "rung" and ladder is not None:
        labels = {NOT_ON_LADDER: "Not on the ladder yet", **{r.key: r.label for r in ladder.rungs}}
        for pair in pairs:
            groups.setdefault(pair[1].stage.current or NOT_ON_LADDER, []).append(pair)
    else:
        labels = {v.value: v.value.replace("_", " ").capitalize() for v in VERDICT_ORDER}
        for pair in pairs:
            groups.setdefault(pair[1].verdict.value, []).append(pair)

    columns = []
    for key, label in labels.items():
        if column is not None and key != column:
            continue
        members = sorted(groups.get(key, ()), key=lambda p: (-p[1].strength.score, p[0].name.lower()))
        shown = members[:page * page_size] if column is None else \
            members[(page - 1) * page_size:page * page_size]
        columns.append(Column(
            key=key, label=label, count=len(members),
            cards=tuple(_card(hi, a, ladders.get(hi.ladder), today) for hi, a in shown),
            page=page, has_more=len(members) > page * page_size,
        ))
    owners = tuple(o for o in m.Prospect.objects.filter(workspace=workspace).exclude(owner="")
                   .order_by("owner").values_list("owner", flat=True).distinct())
    return Board(filters=filters, ladder=ladder, columns=tuple(columns), total=len(pairs),
                 ladders=ladders, owners=owners)


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str  # conversation, commitment, step, evidence, closed, parked, created
    title: str
    detail: str = ""
    status: str = ""
    ref: int | None = None
    due: date | None = None
    notes: str = ""


def prospect_timeline(history: h.ProspectHistory, today: date) -> list[TimelineEvent]:
    """Conversations, commitments, next steps and evidence in one dated list, newest first."""
    extra = history.extra
    notes: dict[int, tuple[str, str]] = extra.get("conversation_rows", {})  # type: ignore[assignment]
    contacts = {c.id: c.name for c in history.contacts}
    events = [TimelineEvent(history.created_on, "created", "Added as a prospect")]
    for c in history.conversations:
        text, outcome = notes.get(int(c.id), ("", ""))
        who = ", ".join(contacts.get(i, "?") for i in c.contact_ids)
        events.append(TimelineEvent(
            c.on, "conversation", f"{c.channel.value.capitalize()}" + (f" with {who}" if who else ""),
            detail=c.planned_ask, status=outcome, ref=int(c.id), notes=text))
    for cm in history.commitments:
        events.append(TimelineEvent(
            cm.asked_on, "commitment", cm.description, detail=", ".join(sorted(x.label for x in cm.currencies)),
            status=effective_status(cm, today).value, ref=int(cm.id), due=cm.due))
    for s in history.next_steps:
        state = s.result.value if s.result else (
            "overdue" if s.due and s.due < today else "open")
        events.append(TimelineEvent(s.created_on, "step", s.description, detail=f"owner: {s.owner.value}",
                                    status=state, ref=int(s.id), due=s.due))
    for e in history.evidence:
        events.append(TimelineEvent(e.on, "evidence", e.criterion.value.replace("_", " "), detail=e.note))
    if history.closure:
        events.append(TimelineEvent(history.closure.on, "closed",
                                    f"Closed: {history.closure.reason.value.replace('_', ' ')}",
                                    detail=history.closure.note))
    if history.parking:
        events.append(TimelineEvent(history.parking.on, "parked", f"Parked until {history.parking.until}",
                                    detail=history.parking.reason))
    order = {"closed": 0, "parked": 0, "step": 1, "commitment": 2, "conversation": 3, "evidence": 4, "created": 5}
    return sorted(events, key=lambda e: (e.on, -order[e.kind], e.ref or 0), reverse=True)


def prospect_page_data(workspace: m.Workspace, prospect: m.Prospect, today: date
                       ) -> tuple[h.ProspectHistory, Assessment, list[TimelineEvent]]:
    """The assessment and timeline for one prospect's page."""
    history, assessment = lead_assessments(workspace, today, [prospect.pk])[0]
    rows = {pk: (notes, outcome) for pk, notes, outcome in m.Conversation.objects.filter(
        workspace=workspace, prospect=prospect).values_list("pk", "notes", "outcome")}
    history.extra["conversation_rows"] = rows
    return history, assessment, prospect_timeline(history, today)


def verdict_counts(pairs: Sequence[tuple[h.ProspectHistory, Assessment]]) -> Counter[str]:
    return Counter(a.verdict.value for _, a in pairs)
