"""Reads for the web pipeline and a prospect's page: a fixed number of queries however many prospects.

The board reads the precomputed verdicts (`snapshots`), so filtering, grouping, counting
and paging by verdict or rung all happen in the database, and only the cards shown are
loaded. A prospect's own page computes its assessment fresh.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from earnest.domain import describe
from earnest.domain import history as h
from earnest.domain.commitments import effective_status
from earnest.domain.ladders import Ladder
from earnest.domain.results import Assessment, LeadWarning, Verdict

from .. import models as m
from ..derived import totals
from ..derived.snapshots import snapshots_current
from ..derived.verdict_rows import highest_main_position
from .selectors import StepState, busiest_ladder, lead_assessments, next_step_state, workspace_ladders

__all__ = ["StepState", "highest_main_position", "next_step_state", "pipeline_board", "prospect_page_data"]

# The order a founder reads a board in: the live leads first, the finished ones last.
VERDICT_ORDER = (
    Verdict.UNASKED,
    Verdict.REAL,
    Verdict.CUSTOMER,
    Verdict.STALLED,
    Verdict.ZOMBIE,
    Verdict.NURTURE,
    Verdict.PARKED,
    Verdict.REJECTED,
    Verdict.LOST,
    Verdict.NOT_A_PROSPECT,
)
NOT_ON_LADDER = "_none"
# Leads that are done, one way or another, share one column so the live ones get the width.
CLOSED = "closed"
CLOSED_VERDICTS = (Verdict.PARKED, Verdict.REJECTED, Verdict.LOST, Verdict.NOT_A_PROSPECT)
BOARD_COLUMNS: dict[str, tuple[str, tuple[Verdict, ...]]] = {
    **{v.value: (v.value.replace("_", " ").capitalize(), (v,)) for v in VERDICT_ORDER if v not in CLOSED_VERDICTS},
    CLOSED: ("Closed", CLOSED_VERDICTS),
}
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
    tag: str = ""  # a segment: only the prospects that carry this tag

    @property
    def active(self) -> bool:
        return bool(
            self.ladder or self.verdict or self.owner or self.earlyvangelist or self.search or self.reached or self.tag
        )


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
    empty: tuple[str, ...] = ()  # labels of the columns left out because no lead is in them

    @property
    def reached_label(self) -> str:
        """The rung the 'reached' filter names, as people read it."""
        key = self.filters.reached
        return self.ladder.rung(key).label if self.ladder and key and self.ladder.has_rung(key) else key


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


@dataclass(frozen=True)
class _Judged:
    """What a card shows of a lead judged now: its warnings, strongest commitment and next step."""

    warnings: tuple[LeadWarning, ...] = ()
    strongest: str = ""
    step: StepState = StepState("none")


def _judged(workspace: m.Workspace, today: date, prospect_ids: Sequence[int]) -> dict[int, _Judged]:
    """The board's leads judged together, in a fixed number of queries, kept as the values the
    cards show (the whole assessment as JSON, `selectors.lead_details`, cost as much again)."""
    judged = {}
    for history, assessment in lead_assessments(workspace, today, prospect_ids):
        strongest = max(assessment.strength.terms, key=lambda t: t.value, default=None)
        judged[int(history.id)] = _Judged(
            tuple(assessment.warnings), strongest.description if strongest else "", next_step_state(history, today)
        )
    return judged


def _card(row: m.LeadSnapshot, judged: _Judged, name: str, ladder_key: str, ladder: Ladder | None) -> Card:
    rung = ladder.rung(row.rung) if ladder and row.rung and ladder.has_rung(row.rung) else None
    return Card(
        id=row.prospect_id,
        name=name,
        ladder=ladder_key,
        verdict=Verdict(row.verdict),
        warnings=judged.warnings,
        strength=row.strength,
        strongest=judged.strongest,
        step=judged.step,
        earlyvangelist=row.earlyvangelist,
        rung_label=rung.label if rung else "",
    )


def pipeline_board(
    workspace: m.Workspace,
    today: date,
    filters: Filters,
    *,
    column: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Board:
    """Prospects as cards in columns by verdict or by rung; each column is paged on its own."""
    ladders = workspace_ladders(workspace)
    group_by = filters.group_by if filters.group_by in GROUPINGS else "verdict"
    ladder_key = filters.ladder if filters.ladder in ladders else ""
    if group_by == "rung" and not ladder_key:
        ladder_key = busiest_ladder(workspace, ladders)
    filters = Filters(
        group_by,
        ladder_key,
        filters.verdict,
        filters.owner,
        filters.earlyvangelist,
        filters.search,
        filters.reached,
        filters.tag,
    )
    ladder = ladders.get(ladder_key) if ladder_key else None

    snaps = snapshots_current(workspace, today)
    narrowed = False  # whether the board shows fewer than every lead
    if filters.ladder or filters.owner or filters.search.strip():
        snaps, narrowed = snaps.filter(prospect__in=prospect_queryset(workspace, filters)), True
    if filters.verdict:
        snaps, narrowed = snaps.filter(verdict=filters.verdict), True
    if filters.earlyvangelist:
        snaps, narrowed = snaps.filter(earlyvangelist=True), True
    if filters.reached and ladder is not None and ladder.has_rung(filters.reached):
        snaps, narrowed = snaps.filter(rung_position__gte=ladder.position(filters.reached)), True
    if filters.tag:
        tagged = m.ProspectTag.objects.filter(workspace=workspace, name=filters.tag.strip().casefold())
        snaps, narrowed = snaps.filter(prospect__in=tagged.values("prospect_id")), True

    # Each column: its label and the stored values it gathers (several for "Closed").
    groups: dict[str, tuple[str, tuple[str, ...]]]
    if group_by == "rung" and ladder is not None:
        field_name = "rung"
        groups = {NOT_ON_LADDER: ("Not on the ladder yet", ("",)), **{r.key: (r.label, (r.key,)) for r in ladder.rungs}}
    else:
        field_name = "verdict"
        groups = {key: (text, tuple(v.value for v in verdicts)) for key, (text, verdicts) in BOARD_COLUMNS.items()}
    if field_name == "verdict" and not narrowed:  # every lead by verdict: kept on write (`derived.totals`)
        stored = totals.verdict_counts(workspace.pk)
    else:
        stored = {
            (row[field_name] or ""): row["n"] for row in snaps.values(field_name).annotate(n=Count("pk")).order_by()
        }
    counts = {key: sum(stored.get(value, 0) for value in values) for key, (_, values) in groups.items()}

    keys = [k for k in groups if column is None or k == column]
    first = 0 if column is None else (page - 1) * page_size
    last = page * page_size
    # One short query per column, each walking the (workspace, column, strength) index; then the
    # leads on the board are judged together (`_judged`: a fixed number of queries).
    shown: dict[str, list[m.LeadSnapshot]] = {}
    for key in keys:
        count = counts[key]
        if not count and column is None:
            continue  # an empty column only takes room; the board names it below instead
        values = groups[key][1]
        lookup = {field_name: values[0]} if len(values) == 1 else {f"{field_name}__in": values}
        shown[key] = (
            list(
                snaps.filter(**lookup)
                .select_related("prospect")
                .order_by("-strength", "name", "prospect_id")[first:last]
            )
            if count
            else []
        )
    details = _judged(workspace, today, [row.prospect_id for rows in shown.values() for row in rows])
    columns = [
        Column(
            key=key,
            label=groups[key][0],
            count=counts[key],
            cards=tuple(
                _card(
                    row,
                    details.get(row.prospect_id, _Judged()),
                    row.prospect.name,
                    row.prospect.ladder,
                    ladders.get(row.prospect.ladder),
                )
                for row in rows
            ),
            page=page,
            has_more=counts[key] > last,
        )
        for key, rows in shown.items()
    ]
    empty = tuple(groups[k][0] for k in keys if not counts[k]) if column is None else ()
    owners = tuple(
        o
        for o in m.Prospect.objects.filter(workspace=workspace)
        .exclude(owner="")
        .order_by("owner")
        .values_list("owner", flat=True)
        .distinct()
    )
    return Board(
        filters=filters,
        ladder=ladder,
        columns=tuple(columns),
        total=sum(stored.values()),
        ladders=ladders,
        owners=owners,
        empty=empty,
    )


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


def prospect_timeline(history: h.ProspectHistory, today: date, ladder: Ladder | None = None) -> list[TimelineEvent]:
    """Conversations, commitments, next steps and evidence in one dated list, newest first.

    An ask aimed at a rung is shown by the rung's label, never its key."""
    extra = history.extra
    notes: dict[int, tuple[str, str]] = extra.get("conversation_rows", {})  # type: ignore[assignment]
    contacts = {c.id: c.name for c in history.contacts}
    events = [TimelineEvent(history.created_on, "created", "Added as a prospect")]
    for c in history.conversations:
        text, outcome = notes.get(int(c.id), ("", ""))
        who = ", ".join(contacts.get(i, "?") for i in c.contact_ids)
        events.append(
            TimelineEvent(
                c.on,
                "conversation",
                f"{c.channel.value.capitalize()}" + (f" with {who}" if who else ""),
                detail=_rung_label(ladder, c.planned_ask),
                status=outcome,
                ref=int(c.id),
                notes=text,
            )
        )
    for cm in history.commitments:
        events.append(
            TimelineEvent(
                cm.asked_on,
                "commitment",
                cm.description,
                detail=", ".join(sorted(x.label for x in cm.currencies)),
                status=effective_status(cm, today).value,
                ref=int(cm.id),
                due=cm.due,
            )
        )
    for s in history.next_steps:
        state = s.result.value if s.result else ("overdue" if s.due and s.due < today else "open")
        events.append(
            TimelineEvent(
                s.created_on,
                "step",
                s.description,
                detail=f"owner: {s.owner.value}",
                status=state,
                ref=int(s.id),
                due=s.due,
            )
        )
    for e in history.evidence:
        events.append(TimelineEvent(e.on, "evidence", e.criterion.value.replace("_", " "), detail=e.note))
    if history.closure:
        events.append(
            TimelineEvent(
                history.closure.on,
                "closed",
                f"Closed: {history.closure.reason.value.replace('_', ' ')}",
                detail=history.closure.note,
            )
        )
    if history.parking:
        events.append(
            TimelineEvent(
                history.parking.on,
                "parked",
                f"Parked until {describe.day(history.parking.until)}",
                detail=history.parking.reason,
            )
        )
    order = {"closed": 0, "parked": 0, "step": 1, "commitment": 2, "conversation": 3, "evidence": 4, "created": 5}
    return sorted(events, key=lambda e: (e.on, -order[e.kind], e.ref or 0), reverse=True)


def _rung_label(ladder: Ladder | None, key: str) -> str:
    return ladder.rung(key).label if ladder is not None and key and ladder.has_rung(key) else key


def prospect_page_data(
    workspace: m.Workspace, prospect: m.Prospect, today: date
) -> tuple[h.ProspectHistory, Assessment, list[TimelineEvent]]:
    """The assessment and timeline for one prospect's page."""
    history, assessment = lead_assessments(workspace, today, [prospect.pk])[0]
    rows = {
        pk: (notes, outcome)
        for pk, notes, outcome in m.Conversation.objects.filter(workspace=workspace, prospect=prospect).values_list(
            "pk", "notes", "outcome"
        )
    }
    history.extra["conversation_rows"] = rows
    ladder = workspace_ladders(workspace).get(prospect.ladder)
    return history, assessment, prospect_timeline(history, today, ladder)


def verdict_counts(pairs: Sequence[tuple[h.ProspectHistory, Assessment]]) -> Counter[str]:
    return Counter(a.verdict.value for _, a in pairs)
