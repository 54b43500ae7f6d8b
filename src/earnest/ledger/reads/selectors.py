"""Reads. Lists are set-based: one query per table, however many prospects there are."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Model

from earnest.domain import history as h
from earnest.domain.errors import DomainError
from earnest.domain.ladder_files import builtin_ladders, ladder_from_toml
from earnest.domain.ladders import Ladder
from earnest.domain.results import Assessment
from earnest.domain.verdicts import assess_many
from earnest.gc_pause import gc_paused
from earnest.jsonable import assessment_data, jsonable

from .. import mapping
from .. import models as m

# Database ids are signed 64-bit; a larger number from a URL or a form cannot name anything.
MAX_ID = 2**63 - 1


def valid_id(pk: int) -> bool:
    return 1 <= pk <= MAX_ID


def workspace_get(slug: str) -> m.Workspace:
    try:
        return m.Workspace.objects.get(slug=slug)
    except m.Workspace.DoesNotExist:
        raise DomainError(f"no workspace {slug!r}") from None


def workspace_ladders(workspace: m.Workspace) -> dict[str, Ladder]:
    """Built-in ladders, then the workspace's own (which may not reuse a built-in key)."""
    ladders = dict(builtin_ladders())
    for key, source in m.CustomLadder.objects.filter(workspace=workspace).values_list("key", "source"):
        ladders[key] = ladder_from_toml(source, f"ladder {key!r}")
    return ladders


# The busiest ladder is the pages' default, counted again at most this often: one more lead on a
# ladder does not move it, and counting 100,000 leads by ladder after each change did.
BUSIEST_SECONDS = 15 * 60


def busiest_ladder(workspace: m.Workspace, ladders: dict[str, Ladder]) -> str:
    """The ladder most of the workspace's leads are on (counted from their snapshots' index)."""
    key = f"earnest:busiest-ladder:{workspace.pk}"
    counted = cache.get(key)
    if counted is None:
        counted = list(
            m.LeadSnapshot.objects.filter(workspace=workspace)
            .values_list("ladder", flat=True)
            .annotate(n=Count("*"))
            .order_by("-n", "ladder")
        )
        cache.set(key, counted, BUSIEST_SECONDS)
    return next((ladder for ladder in counted if ladder in ladders), next(iter(ladders)))


def ladder_get(workspace: m.Workspace, key: str) -> Ladder:
    ladders = workspace_ladders(workspace)
    try:
        return ladders[key]
    except KeyError:
        raise DomainError(f"no ladder {key!r}; ladders: {', '.join(sorted(ladders))}") from None


def prospect_get(workspace: m.Workspace, ref: str | int) -> m.Prospect:
    """Find a prospect by id or by name (case-insensitive), refusing ambiguous names."""
    text = str(ref).strip()
    if text.isdigit():
        found = m.Prospect.objects.filter(workspace=workspace, pk=int(text)).first()
        if found:
            return found
    matches = list(m.Prospect.objects.filter(workspace=workspace, name__iexact=text)[:2])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise DomainError(f"more than one prospect is named {text!r}; use its id")
    raise DomainError(f"no prospect {text!r} in this workspace")


def _column(model: type[Model], name: str) -> str:
    meta = model._meta
    column = meta.pk.column if name == "pk" else meta.get_field(name).column  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    return f"{quote(meta.db_table)}.{quote(str(column))}"


def _select(model: type[Model], columns: Sequence[str], where: str, order: Sequence[str]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    return (
        f"SELECT {', '.join(_column(model, c) for c in columns)} FROM {table} "
        f"WHERE {_column(model, 'workspace')} = %s AND {where} ORDER BY {', '.join(_column(model, c) for c in order)}"
    )


_last = itemgetter(-1)


def _ids_condition(column: str, prospect_ids: Sequence[int] | None, id_range: tuple[int, int] | None):
    """SQL and parameters limiting `column` to some prospects: one parameter however many there are."""
    if id_range is not None:
        return f"{column} BETWEEN %s AND %s", list(id_range)
    if prospect_ids is None:
        return "1 = 1", []
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(prospect_ids)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(prospect_ids))]


def history_rows(
    workspace: m.Workspace,
    prospect_ids: Sequence[int] | None = None,
    *,
    id_range: tuple[int, int] | None = None,
) -> mapping.HistoryRows:
    """The rows of the workspace's histories (or some prospects': by id, or all ids in a range),
    in one query per table, as the driver returns them: no model instances and no per-value
    converters, which took most of the time of loading 100,000 histories."""
    rows = mapping.HistoryRows()
    pid = ("prospect_id",)
    tables = [
        (m.Contact, mapping.CONTACT_COLUMNS, ("pk",), rows.contacts),
        (m.Conversation, mapping.CONVERSATION_COLUMNS, ("on", "pk"), rows.conversations),
        (m.Commitment, mapping.COMMITMENT_COLUMNS, ("asked_on", "pk"), rows.commitments),
        (m.NextStep, mapping.STEP_COLUMNS, ("created_on", "pk"), rows.next_steps),
        (m.Evidence, mapping.EVIDENCE_COLUMNS, ("on", "pk"), rows.evidence),
    ]
    with connection.cursor() as cursor:
        where, params = _ids_condition(_column(m.Prospect, "pk"), prospect_ids, id_range)
        cursor.execute(_select(m.Prospect, mapping.PROSPECT_COLUMNS, where, ("pk",)), [workspace.pk, *params])
        rows.prospects = cursor.fetchall()
        for model, columns, order, groups in tables:
            where, params = _ids_condition(_column(model, "prospect_id"), prospect_ids, id_range)
            # By prospect first: each history's rows come together, in its own order, and both
            # databases read them along the prospect's index instead of sorting the table.
            cursor.execute(_select(model, (*columns, *pid), where, (*pid, *order)), [workspace.pk, *params])
            groups.update((key, list(group)) for key, group in groupby(cursor.fetchall(), key=_last))
        links, quote = m.Conversation.contacts.through, connection.ops.quote_name
        link_of, talk = _column(links, "conversation_id"), _column(m.Conversation, "pk")
        where, params = _ids_condition(_column(m.Conversation, "prospect_id"), prospect_ids, id_range)
        cursor.execute(
            f"SELECT {link_of}, {_column(links, 'contact_id')} FROM {quote(links._meta.db_table)} "
            f"JOIN {quote(m.Conversation._meta.db_table)} ON {talk} = {link_of} "
            f"WHERE {_column(m.Conversation, 'workspace')} = %s AND {where} ORDER BY {_column(links, 'pk')}",
            [workspace.pk, *params],
        )
        people = rows.conversation_contacts
        for conversation_id, contact_id in cursor.fetchall():
            people.setdefault(conversation_id, []).append(contact_id)
    return rows


def prospect_histories(workspace: m.Workspace, prospect_ids: Sequence[int] | None = None) -> list[h.ProspectHistory]:
    """Histories for the whole workspace (or some prospects), in a fixed number of queries."""
    return mapping.histories_of(history_rows(workspace, prospect_ids))


def prospect_history(workspace: m.Workspace, prospect: m.Prospect) -> h.ProspectHistory:
    return prospect_histories(workspace, [prospect.pk])[0]


def lead_assessments(
    workspace: m.Workspace, today: date, prospect_ids: Sequence[int] | None = None
) -> list[tuple[h.ProspectHistory, Assessment]]:
    if prospect_ids is not None and not prospect_ids:
        return []
    with gc_paused():
        histories = prospect_histories(workspace, prospect_ids)
        ladders = workspace_ladders(workspace)
        missing = {hist.ladder for hist in histories} - ladders.keys()
        if missing:
            raise DomainError(f"prospects use ladders that no longer exist: {', '.join(sorted(missing))}")
        return list(zip(histories, assess_many(histories, ladders, today), strict=True))


@dataclass(frozen=True)
class StepState:
    state: str  # overdue, due_today, scheduled, undated, none
    text: str = ""
    due: date | None = None


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


def lead_details(workspace: m.Workspace, today: date, prospect_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The whole assessment of some leads as JSON, by prospect id: what the API's `/leads` returns
    for a page, and the reasons, warnings and next step a page shows for the leads on screen.

    Judged now, in a fixed number of queries, rather than stored with each snapshot: a page shows
    a few dozen leads, and a refresh of a whole workspace then writes only the columns lists
    count and sort by."""
    details = {}
    for history, assessment in lead_assessments(workspace, today, prospect_ids):
        data = assessment_data(history, assessment)
        strongest = max(assessment.strength.terms, key=lambda t: t.value, default=None)
        data["next_step"] = jsonable(next_step_state(history, today))
        data["strongest"] = strongest.description if strongest else ""
        details[int(history.id)] = data
    return details


def lead_assessment(workspace: m.Workspace, prospect: m.Prospect, today: date) -> tuple[h.ProspectHistory, Assessment]:
    return lead_assessments(workspace, today, [prospect.pk])[0]


def prospect_brief(workspace: m.Workspace, prospect: m.Prospect, today: date):
    """The coach's brief before a meeting: history at a glance, the ask, learning questions."""
    from earnest.domain.coach import brief

    return brief(prospect_history(workspace, prospect), ladder_get(workspace, prospect.ladder), today)
