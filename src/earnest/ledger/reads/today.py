"""Today's agenda for a whole workspace, in time that does not grow with the number of leads.

This is the one agenda: the web page, `earnest today`, `earnest digest` and the API all read
`workspace_agenda`, dated by the one clock (`earnest.ledger.clock`).

The domain's `agenda` decides what each item is. Running it over every history would cost a
full assessment of the workspace on each page view, so:

- the totals are kept on write: each snapshot counts its lead's items on each list
  (`domain.agenda.agenda_counts`, by the same rules), held until the date can change them
  (`domain.horizon`), and the database adds every change of those counts to the workspace's
  totals (`derived.totals`); stalled and zombie leads are counted by verdict the same way;
- each list shows its first items straight from their rows, the database applying `agenda`'s
  conditions as filters and its order (`item_order`) as the sort, so a list of 25 reads 25 rows
  (`tests/ledger/test_agenda_parity.py` holds the two together);
- stalled and zombie leads come from the stored verdicts, their reasons judged for the leads shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

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
    item_order,
    weak_text,
)
from earnest.domain.describe import day
from earnest.domain.history import Channel, StepOwner
from earnest.domain.results import Outcome, Verdict

from .. import clock
from .. import models as m
from ..derived.read_cache import workspace_cached
from ..derived.snapshots import snapshots_current
from ..derived.totals import agenda_counts, verdict_counts
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
    # Every total kept on write (`derived.totals`): a few rows, however many leads.
    kept = agenda_counts(workspace.pk)
    verdicts = verdict_counts(workspace.pk)
    kept.update(stalled=verdicts.get(Verdict.STALLED.value, 0), zombies=verdicts.get(Verdict.ZOMBIE.value, 0))
    counts = {name: kept.get(name, 0) for name in LISTS}
    # A list no lead puts anything on is not read (the page leaves it out; its total says none).
    lists = _lists(workspace, today, shown, {name for name in LISTS if counts[name]})
    stalled_rows, zombie_rows = _by_verdict(snaps, Verdict.STALLED, shown), _by_verdict(snaps, Verdict.ZOMBIE, shown)
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

    return Agenda(
        today=today,
        stalled=from_snapshots(stalled_rows, Verdict.STALLED, "stalled", dated=True),
        zombies=from_snapshots(zombie_rows, Verdict.ZOMBIE, "zombie", dated=False),
        counts={name: counts[name] for name in LISTS},
        **lists,
    )


def _by_verdict(snaps: QuerySet[m.LeadSnapshot], verdict: Verdict, shown: int | None) -> list[m.LeadSnapshot]:
    """The leads of one verdict, the longest waiting first (an index walk)."""
    qs = snaps.filter(verdict=verdict.value).select_related("prospect").order_by("stage_since", "prospect_id")
    return list(qs if shown is None else qs[:shown])


def _first(qs: QuerySet, date_field: str, shown: int | None) -> QuerySet:
    """The first `shown` rows (all with None) in `item_order`: by date, undated last, then by lead."""
    ordered = qs.order_by(F(date_field).asc(nulls_last=True), "prospect__name", "prospect_id", "pk")
    return ordered if shown is None else ordered[:shown]


def _lists(
    workspace: m.Workspace, today: date, shown: int | None, wanted: Collection[str] = LISTS
) -> dict[str, tuple[AgendaItem, ...]]:
    """Each `wanted` list's first items (all with `shown` None), read from their rows in `item_order`;
    the other lists are empty."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    recent = today - timedelta(days=RECENT_CONVERSATION_DAYS)
    # Leads closed, refused or parked put nothing on the agenda: each row's lead is looked up by
    # its key, rather than matched against the set of every open lead (which SQLite builds anew
    # for each query: 80 ms a list at 100k leads).
    live = ~Exists(m.LeadSnapshot.objects.filter(prospect_id=OuterRef("prospect_id"), verdict__in=_SET_ASIDE))
    open_steps = m.NextStep.objects.filter(live, workspace=workspace, result="")
    promises = m.Commitment.objects.filter(live, workspace=workspace)
    # Imported meetings nobody has debriefed: no ask recorded, and nothing came of them yet.
    no_debrief = (
        Q(channel=Channel.MEETING.value, outreach_unanswered=False, planned_ask="")
        & Q(external_id__gt="")
        & ~Exists(m.Commitment.objects.filter(conversation=OuterRef("pk")))
        & ~Exists(m.NextStep.objects.filter(conversation=OuterRef("pk")))
    )
    talks = m.Conversation.objects.filter(live, workspace=workspace, on__gte=recent)

    def imported() -> bool:
        # Whether any conversation was imported at all: one probe of the (workspace, external_id)
        # index, which spares reading every recent conversation of a workspace that imports none.
        return m.Conversation.objects.filter(workspace=workspace, external_id__gt="").exists()

    # A lead's latest conversation, when recent, ours answered, and weak by its stored outcome. A
    # recent one is latest among the recent ones, so the subquery looks at those only.
    latest = (
        m.Conversation.objects.filter(prospect_id=OuterRef("prospect_id"), on__gte=recent)
        .order_by("-on", "-pk")
        .values("pk")[:1]
    )
    weak = (
        talks.filter(pk=Subquery(latest), outreach_unanswered=False)
        .exclude(outcome__in=[Outcome.ADVANCED.value, Outcome.REJECTED.value])
        .exclude(no_debrief)
    )

    def from_rows(qs: QuerySet, kind: str, text: str, date_field: str, wording=None) -> list[AgendaItem]:
        rows = _first(qs, date_field, shown).values_list("prospect_id", "prospect__name", text, date_field, "pk")
        return [
            AgendaItem(kind, pid, name, wording(what) if wording else what or "Imported meeting", on, pk)
            for pid, name, what, on, pk in rows
        ]

    woke = (
        m.Prospect.objects.filter(
            ~Exists(m.LeadSnapshot.objects.filter(prospect_id=OuterRef("pk"), verdict__in=_SET_ASIDE)),
            workspace=workspace,
            parked_until__lte=today,
            parked_on__isnull=False,
        )
        .order_by("parked_until", "name", "pk")
        .values_list("pk", "name", "parked_until", "park_reason")
    )
    readers: dict[str, Callable[[], list[AgendaItem]]] = {
        "to_debrief": lambda: sorted(
            from_rows(open_steps.filter(owner__in=_MEETING, due__lt=today), "debrief_step", "description", "due")
            + (from_rows(talks.filter(no_debrief), "debrief_meeting", "planned_ask", "on") if imported() else []),
            key=item_order,
        ),
        "to_prepare": lambda: from_rows(
            open_steps.filter(owner__in=_MEETING, due__gte=today, due__lte=today + timedelta(days=PREPARE_AHEAD_DAYS)),
            "prepare",
            "description",
            "due",
        ),
        "todos": lambda: from_rows(open_steps.filter(owner=StepOwner.US.value), "todo", "description", "due"),
        "broken_commitments": lambda: from_rows(
            promises.filter(status="agreed", due__lt=today), "broken_commitment", "description", "due"
        ),
        "commitments_due": lambda: from_rows(
            promises.filter(status="agreed", due__gte=today, due__lte=soon), "commitment_due", "description", "due"
        ),
        "unanswered_asks": lambda: from_rows(
            promises.filter(status="asked", asked_on__lt=today - timedelta(days=CHASE_AFTER_DAYS)),
            "unanswered_ask",
            "description",
            "asked_on",
        ),
        "no_next_step": lambda: from_rows(
            weak, "weak_conversation", "outcome", "on", wording=lambda outcome: weak_text(Outcome(outcome))
        ),
        "woke_up": lambda: [
            AgendaItem("woke_up", pk, name, f"Parked until {day(until)}: {reason}", until)
            for pk, name, until, reason in (woke if shown is None else woke[:shown])
        ],
    }
    return {name: tuple(read()[:shown]) if name in wanted else () for name, read in readers.items()}


# What one click does about each list's items (see today.html).
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
