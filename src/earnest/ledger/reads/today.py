"""Today's agenda for a whole workspace, in time that does not grow with the number of leads.

This is the one agenda: the web page, `earnest today`, `earnest digest` and the API all read
`workspace_agenda`, dated by the one clock (`earnest.ledger.clock`).

The domain's `agenda` decides what each item is. Running it over every history would cost a
full assessment of the workspace on each page view, so the database first picks the leads
that can have an item today (the same conditions `agenda` applies, as filters), the most
urgent first, and the domain judges only those. Stalled and zombie leads come straight from
the precomputed verdicts. Totals are counted by the database under the same conditions.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from earnest.domain.agenda import (
    CHASE_AFTER_DAYS,
    DUE_SOON_DAYS,
    LISTS,
    MEETING_OWNERS,
    PREPARE_AHEAD_DAYS,
    RECENT_CONVERSATION_DAYS,
    TITLES,
    Agenda,
    AgendaItem,
    agenda,
    item_order,
)
from earnest.domain.history import Channel, StepOwner
from earnest.domain.results import Outcome, Verdict

from .. import clock
from .. import models as m
from ..derived.read_cache import workspace_cached
from ..derived.snapshots import snapshots_current
from .selectors import lead_assessments

_SET_ASIDE = [Verdict.LOST.value, Verdict.NOT_A_PROSPECT.value, Verdict.REJECTED.value, Verdict.PARKED.value]
_MEETING = [o.value for o in MEETING_OWNERS]


def workspace_agenda(workspace: m.Workspace, *, shown: int | None = None, today: date | None = None) -> Agenda:
    """Today's agenda as every adapter shows it, dated by the one clock unless `today` is given."""
    now = today or clock.today()
    return workspace_cached(workspace, now, f"today:{shown}", lambda: today_agenda(workspace, now, shown))


def today_agenda(workspace: m.Workspace, today: date, shown: int | None = None) -> Agenda:
    """The agenda; with `shown`, each list holds at most that many items and `counts` has the totals."""
    snaps = snapshots_current(workspace, today)
    live = snaps.exclude(verdict__in=_SET_ASIDE).values("prospect_id")
    soon = today + timedelta(days=DUE_SOON_DAYS)
    recent = today - timedelta(days=RECENT_CONVERSATION_DAYS)
    open_steps = m.NextStep.objects.filter(workspace=workspace, result="", prospect_id__in=live)
    debrief_steps = open_steps.filter(owner__in=_MEETING, due__lt=today)
    prepare_steps = open_steps.filter(
        owner__in=_MEETING, due__gte=today, due__lte=today + timedelta(days=PREPARE_AHEAD_DAYS)
    )
    todos = open_steps.filter(owner=StepOwner.US.value)
    agreed = m.Commitment.objects.filter(workspace=workspace, status="agreed", due__lte=soon, prospect_id__in=live)
    asked = m.Commitment.objects.filter(
        workspace=workspace, status="asked", prospect_id__in=live, asked_on__lt=today - timedelta(days=CHASE_AFTER_DAYS)
    )
    # Imported meetings nobody has debriefed: no ask recorded, and nothing came of them yet.
    no_debrief = (
        Q(channel=Channel.MEETING.value, outreach_unanswered=False, planned_ask="")
        & ~Q(external_id="")
        & ~Exists(m.Commitment.objects.filter(conversation=OuterRef("pk")))
        & ~Exists(m.NextStep.objects.filter(conversation=OuterRef("pk")))
    )
    undebriefed = m.Conversation.objects.filter(no_debrief, workspace=workspace, prospect_id__in=live, on__gte=recent)
    # A lead's latest conversation, when recent, ours answered, and weak by its stored outcome.
    latest = m.Conversation.objects.filter(prospect_id=OuterRef("prospect_id")).order_by("-on", "-pk").values("pk")[:1]
    weak_talks = (
        m.Conversation.objects.filter(
            workspace=workspace, prospect_id__in=live, pk=Subquery(latest), on__gte=recent, outreach_unanswered=False
        )
        .exclude(outcome__in=[Outcome.ADVANCED.value, Outcome.REJECTED.value])
        .exclude(no_debrief)
    )
    woke = m.Prospect.objects.filter(workspace=workspace, parked_until__lte=today, pk__in=live)

    cap = None if shown is None else shown * 4

    def most_urgent(qs, *order: str) -> set[int]:
        ids = qs.order_by(*order).values_list("prospect_id", flat=True)
        return set(ids if cap is None else ids[:cap])

    # Meetings and to-dos are read straight from their rows: the database's conditions are the whole
    # rule for them, so no lead needs judging for them (the domain lists the same items; a test checks).
    candidates = (
        most_urgent(agreed, "due")
        | most_urgent(asked, "asked_on")
        | most_urgent(weak_talks, "-on")
        | set(woke.values_list("pk", flat=True)[:cap])
    )
    judged = agenda(lead_assessments(workspace, today, sorted(candidates)), today)

    def from_rows(qs, kind: str, text: str, date_field: str) -> list[AgendaItem]:
        rows = qs.order_by(F(date_field).asc(nulls_last=True), "prospect__name", "prospect_id", "pk").values_list(
            "prospect_id", "prospect__name", text, date_field, "pk"
        )
        return [
            AgendaItem(kind, pid, name, what or "Imported meeting", on, pk)
            for pid, name, what, on, pk in (rows if shown is None else rows[:shown])
        ]

    step_lists = {
        "to_debrief": sorted(
            from_rows(debrief_steps, "debrief_step", "description", "due")
            + from_rows(undebriefed, "debrief_meeting", "planned_ask", "on"),
            key=item_order,
        ),
        "to_prepare": from_rows(prepare_steps, "prepare", "description", "due"),
        "todos": from_rows(todos, "todo", "description", "due"),
    }

    def listed(verdict: Verdict) -> list[m.LeadSnapshot]:
        qs = snaps.filter(verdict=verdict.value).select_related("prospect").order_by("stage_since", "prospect_id")
        return list(qs if shown is None else qs[:shown])

    stalled_rows, zombie_rows = listed(Verdict.STALLED), listed(Verdict.ZOMBIE)
    # The first reason of each lead shown, judged now for those leads only.
    first_reason = {
        int(a.prospect_id): a.reasons[0].text
        for _, a in lead_assessments(workspace, today, [r.prospect_id for r in stalled_rows + zombie_rows])
        if a.reasons
    }

    def from_snapshots(rows: list[m.LeadSnapshot], verdict: Verdict, kind: str, dated: bool) -> tuple[AgendaItem, ...]:
        return tuple(
            AgendaItem(
                kind,
                r.prospect_id,
                r.prospect.name,
                first_reason.get(r.prospect_id, verdict.value),
                r.stage_since if dated else None,
            )
            for r in rows
        )

    stalled = from_snapshots(stalled_rows, Verdict.STALLED, "stalled", dated=True)
    zombies = from_snapshots(zombie_rows, Verdict.ZOMBIE, "zombie", dated=False)
    by_verdict = dict(
        snaps.filter(verdict__in=[Verdict.STALLED.value, Verdict.ZOMBIE.value])
        .values_list("verdict")
        .annotate(n=Count("pk"))
        .order_by()
    )
    promise_counts = agreed.aggregate(
        broken=Count("pk", filter=Q(due__lt=today)), soon=Count("pk", filter=Q(due__gte=today))
    )
    counts = {
        "to_debrief": debrief_steps.count() + undebriefed.count(),
        "to_prepare": prepare_steps.count(),
        "todos": todos.count(),
        "broken_commitments": promise_counts["broken"],
        "commitments_due": promise_counts["soon"],
        "unanswered_asks": asked.count(),
        "no_next_step": weak_talks.count(),
        "stalled": by_verdict.get(Verdict.STALLED.value, 0),
        "zombies": by_verdict.get(Verdict.ZOMBIE.value, 0),
        "woke_up": woke.count(),
    }
    lists: dict[str, tuple[AgendaItem, ...]] = {
        name: tuple(step_lists[name][:shown]) if name in step_lists else getattr(judged, name)[:shown]
        for name in counts
        if name not in ("stalled", "zombies")
    }
    return dataclasses.replace(judged, stalled=stalled, zombies=zombies, counts=counts, **lists)  # type: ignore[arg-type]  # every key names a list field


# What one click does about each list's items (see _fragments/agenda_item.html).
ACTIONS = {
    "to_debrief": "debrief",
    "to_prepare": "prepare",
    "todos": "todo",
    "broken_commitments": "commitment_due",
    "commitments_due": "commitment_due",
    "unanswered_asks": "commitment_asked",
    "no_next_step": "conversation",
    "stalled": "prospect",
    "zombies": "prospect",
    "woke_up": "woke_up",
}
SECTIONS = tuple((key, TITLES[key], ACTIONS[key]) for key in LISTS)
# A long list is shown in part: the oldest first, since those have waited longest.
SHOWN = 25


def agenda_sections(workspace, now=None, shown: int | None = SHOWN):
    """(key, title, action, items shown, total) for each agenda list that has anything in it."""
    result = workspace_agenda(workspace, shown=shown, today=now)
    sections = [(key, title, action, getattr(result, key), result.counts[key]) for key, title, action in SECTIONS]
    return result, [s for s in sections if s[4]]
