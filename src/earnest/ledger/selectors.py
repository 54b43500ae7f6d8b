"""Reads. Lists are set-based: one query per table, however many prospects there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from typing import TypeVar

from earnest.domain import history as h
from earnest.domain.currencies import parse_currencies
from earnest.domain.errors import DomainError
from earnest.domain.ladder_files import builtin_ladders, ladder_from_toml
from earnest.domain.ladders import Ladder
from earnest.domain.results import Assessment
from earnest.domain.verdicts import assess_many
from earnest.gc_pause import gc_paused

from . import models as m

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


E = TypeVar("E", bound=Enum)


def _by_value(enum_cls: type[E]) -> dict[str, E]:
    """A stored value -> its enum member."""
    return {member.value: member for member in enum_cls}


def _grouped(rows: Iterable[tuple], key_index: int = 0) -> dict[int, list[tuple]]:
    groups: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        groups[row[key_index]].append(row)
    return groups


def prospect_histories(
    workspace: m.Workspace, prospect_ids: Sequence[int] | None = None
) -> list[h.ProspectHistory]:
    """Histories for the whole workspace (or some prospects), in a fixed number of queries."""

    def scoped(model):
        qs = model.objects.filter(workspace=workspace)
        if prospect_ids is not None:
            qs = qs.filter(prospect_id__in=prospect_ids)
        return qs

    prospects = m.Prospect.objects.filter(workspace=workspace)
    if prospect_ids is not None:
        prospects = prospects.filter(pk__in=prospect_ids)
    prospect_rows = prospects.order_by("pk").values_list(
        "pk", "name", "ladder", "created_on", "classification", "classified_on",
        "close_reason", "close_note", "closed_on", "park_reason", "parked_on", "parked_until",
    )
    contacts = _grouped(scoped(m.Contact).order_by("pk").values_list(
        "prospect_id", "pk", "name", "role", "email"))
    links = m.Conversation.contacts.through.objects.filter(conversation__workspace=workspace)
    if prospect_ids is not None:
        links = links.filter(conversation__prospect_id__in=prospect_ids)
    conversation_contacts = _grouped(links.values_list("conversation_id", "contact_id"))
    conversations = _grouped(scoped(m.Conversation).order_by("on", "pk").values_list(
        "prospect_id", "pk", "on", "channel", "planned_ask", "ask_answer", "complimented",
        "hedged", "rejected", "outreach_unanswered", "external_id"))
    commitments = _grouped(scoped(m.Commitment).order_by("asked_on", "pk").values_list(
        "prospect_id", "pk", "description", "currencies", "asked_on", "status", "rung",
        "conversation_id", "contact_id", "answered_on", "due", "closed_on", "amount"))
    steps = _grouped(scoped(m.NextStep).order_by("created_on", "pk").values_list(
        "prospect_id", "pk", "description", "owner", "created_on", "due", "conversation_id",
        "result", "done_on"))
    evidence = _grouped(scoped(m.Evidence).order_by("on", "pk").values_list(
        "prospect_id", "criterion", "on", "note"))

    # Enum lookups by value, once, instead of an Enum call per row.
    role, channel, answer = _by_value(h.Role), _by_value(h.Channel), _by_value(h.AskAnswer)
    status, owner, result = _by_value(h.CommitmentStatus), _by_value(h.StepOwner), _by_value(h.StepResult)
    criterion = _by_value(h.Criterion)
    no_rows: list[tuple] = []
    histories = []
    for (pk, name, ladder, created_on, classification, classified_on, close_reason, close_note,
         closed_on, park_reason, parked_on, parked_until) in prospect_rows:
        histories.append(h.ProspectHistory(
            id=pk, name=name, ladder=ladder, created_on=created_on,
            contacts=tuple([h.Contact(c[1], c[2], role[c[3]], c[4]) for c in contacts.get(pk, no_rows)]),
            conversations=tuple([h.Conversation(
                c[1], c[2], channel[c[3]],
                tuple([cc[1] for cc in conversation_contacts.get(c[1], no_rows)]),
                c[4], answer[c[5]] if c[5] else None, c[6], c[7], c[8], c[9], imported=bool(c[10]),
            ) for c in conversations.get(pk, no_rows)]),
            commitments=tuple([h.Commitment(
                c[1], c[2], parse_currencies(c[3]), c[4], status[c[5]], c[6] or None, c[7], c[8],
                c[9], c[10], c[11], c[12],
            ) for c in commitments.get(pk, no_rows)]),
            next_steps=tuple([h.NextStep(
                s[1], s[2], owner[s[3]], s[4], s[5], s[6], result[s[7]] if s[7] else None, s[8],
            ) for s in steps.get(pk, no_rows)]),
            evidence=tuple([h.Evidence(criterion[e[1]], e[2], e[3]) for e in evidence.get(pk, no_rows)]),
            classification=h.Classification(classification) if classification else None,
            classified_on=classified_on,
            closure=h.Closure(h.CloseReason(close_reason), closed_on, close_note)
            if close_reason and closed_on else None,
            parking=h.Parking(park_reason, parked_on, parked_until)
            if parked_until and parked_on else None,
        ))
    return histories


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


def lead_assessment(workspace: m.Workspace, prospect: m.Prospect, today: date
                    ) -> tuple[h.ProspectHistory, Assessment]:
    return lead_assessments(workspace, today, [prospect.pk])[0]


def prospect_brief(workspace: m.Workspace, prospect: m.Prospect, today: date):
    """The coach's brief before a meeting: history at a glance, the ask, learning questions."""
    from earnest.domain.coach import brief

    return brief(prospect_history(workspace, prospect), ladder_get(workspace, prospect.ladder), today)


def conversation_debrief(workspace: m.Workspace, conversation: m.Conversation, today: date):
    """What a logged conversation amounted to, with a salvage ask after a weak one."""
    from earnest.domain.coach import debrief
    from earnest.domain.notes_hints import hints_from

    from .services.findings import notes_read

    prospect = conversation.prospect
    # the notes' own words (someone to bring in, the deck they asked for) shape the salvage
    reading = notes_read(prospect=prospect, notes=conversation.notes, on=conversation.on)
    return debrief(prospect_history(workspace, prospect), ladder_get(workspace, prospect.ladder),
                   conversation.pk, today, hints_from(reading.findings))
