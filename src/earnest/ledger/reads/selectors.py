"""Reads. Lists are set-based: one query per table, however many prospects there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from earnest.domain import history as h
from earnest.domain.errors import DomainError
from earnest.domain.ladder_files import builtin_ladders, ladder_from_toml
from earnest.domain.ladders import Ladder
from earnest.domain.results import Assessment
from earnest.domain.verdicts import assess_many
from earnest.gc_pause import gc_paused

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


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    """Rows grouped by their last column."""
    groups: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        groups[row[-1]].append(row)
    return groups


def prospect_histories(workspace: m.Workspace, prospect_ids: Sequence[int] | None = None) -> list[h.ProspectHistory]:
    """Histories for the whole workspace (or some prospects), in a fixed number of queries.

    Each table's columns come from `mapping`, the prospect id they are grouped by after them."""

    def scoped(model):
        qs = model.objects.filter(workspace=workspace)
        if prospect_ids is not None:
            qs = qs.filter(prospect_id__in=prospect_ids)
        return qs

    prospects = m.Prospect.objects.filter(workspace=workspace)
    if prospect_ids is not None:
        prospects = prospects.filter(pk__in=prospect_ids)
    prospect_rows = prospects.order_by("pk").values_list(*mapping.PROSPECT_COLUMNS)
    contacts = _grouped(scoped(m.Contact).order_by("pk").values_list(*mapping.CONTACT_COLUMNS, "prospect_id"))
    links = m.Conversation.contacts.through.objects.filter(conversation__workspace=workspace)
    if prospect_ids is not None:
        links = links.filter(conversation__prospect_id__in=prospect_ids)
    conversation_contacts = _grouped(links.values_list("contact_id", "conversation_id"))
    conversations = _grouped(
        scoped(m.Conversation).order_by("on", "pk").values_list(*mapping.CONVERSATION_COLUMNS, "prospect_id")
    )
    commitments = _grouped(
        scoped(m.Commitment).order_by("asked_on", "pk").values_list(*mapping.COMMITMENT_COLUMNS, "prospect_id")
    )
    steps = _grouped(scoped(m.NextStep).order_by("created_on", "pk").values_list(*mapping.STEP_COLUMNS, "prospect_id"))
    evidence = _grouped(scoped(m.Evidence).order_by("on", "pk").values_list(*mapping.EVIDENCE_COLUMNS, "prospect_id"))

    contact_of, conversation_of, commitment_of = mapping.contact_of, mapping.conversation_of, mapping.commitment_of
    step_of, evidence_of = mapping.step_of, mapping.evidence_of
    no_rows: list[tuple] = []
    return [
        mapping.history_of(
            p,
            contacts=[contact_of(c) for c in contacts.get(p[0], no_rows)],
            conversations=[
                conversation_of(c, tuple([cc[0] for cc in conversation_contacts.get(c[0], no_rows)]))
                for c in conversations.get(p[0], no_rows)
            ],
            commitments=[commitment_of(c) for c in commitments.get(p[0], no_rows)],
            next_steps=[step_of(s) for s in steps.get(p[0], no_rows)],
            evidence=[evidence_of(e) for e in evidence.get(p[0], no_rows)],
        )
        for p in prospect_rows
    ]


def prospect_history(workspace: m.Workspace, prospect: m.Prospect) -> h.ProspectHistory:
    return prospect_histories(workspace, [prospect.pk])[0]


def lead_assessments(
    workspace: m.Workspace, today: date, prospect_ids: Sequence[int] | None = None
) -> list[tuple[h.ProspectHistory, Assessment]]:
    with gc_paused():
        histories = prospect_histories(workspace, prospect_ids)
        ladders = workspace_ladders(workspace)
        missing = {hist.ladder for hist in histories} - ladders.keys()
        if missing:
            raise DomainError(f"prospects use ladders that no longer exist: {', '.join(sorted(missing))}")
        return list(zip(histories, assess_many(histories, ladders, today), strict=True))


def lead_assessment(workspace: m.Workspace, prospect: m.Prospect, today: date) -> tuple[h.ProspectHistory, Assessment]:
    return lead_assessments(workspace, today, [prospect.pk])[0]


def prospect_brief(workspace: m.Workspace, prospect: m.Prospect, today: date):
    """The coach's brief before a meeting: history at a glance, the ask, learning questions."""
    from earnest.domain.coach import brief

    return brief(prospect_history(workspace, prospect), ladder_get(workspace, prospect.ladder), today)
