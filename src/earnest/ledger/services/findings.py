"""After a conversation: notes in, ledger entries out, the same way for every adapter.

`conversation_record` is the one use case behind the web debrief, `earnest log`, the API's
conversation create and every importer that carries notes. It logs the conversation with its
ask and answer, reads the notes, and records the findings the caller accepted through the
policy in `domain.findings`: commitments on rungs with their status, next steps, to-dos,
earlyvangelist evidence and new contacts. A parity test runs the same notes through each
adapter and compares the rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.findings import Finding, Offer, flags_for, offers_for, person_role
from earnest.domain.results import OutcomeResult

from .. import models as m
from ..reads.selectors import ladder_get
from .conversations import AskInput, StepInput, conversation_log, conversation_refresh_outcome

# "ticked": what the debrief ticks by default (and what --accept-suggestions applies);
# None: read nothing, record only what the caller says.
Accept = Literal["ticked"] | Collection[str] | None


@dataclass(frozen=True)
class NotesReading:
    verdict: str
    score: float
    findings: tuple[Finding, ...]
    offers: tuple[Offer, ...]

    @property
    def flags(self) -> dict[str, bool]:
        return flags_for(self.findings)

    def ticked(self) -> frozenset[str]:
        return frozenset(o.key for o in self.offers if o.ticked)

    def offer(self, key: str) -> Offer | None:
        return next((o for o in self.offers if o.key == key), None)


EMPTY_READING = NotesReading("", 0.0, (), ())


def _finding(s) -> Finding:
    return Finding(
        str(s.kind),
        s.text.strip(),
        s.start,
        s.end,
        tuple(str(c) for c in s.currencies),
        str(s.amount) if s.amount is not None else None,
        s.due,
        s.status,
        s.confidence,
    )


def _findings(result) -> tuple[Finding, ...]:
    out = [_finding(s) for s in result.signals]
    out += [Finding("person", p.name, p.start, p.end, name=p.name, title=p.title, role=p.role) for p in result.people]
    return tuple(out)


def _cued(notes: str, result, ladder, on: date, our_speakers: Iterable[str]) -> tuple[Finding, ...]:
    """Commitments the model missed that the ladder's own rung cues name (see analyzer.cued_commitments)."""
    from earnest.analyzer.cued_commitments import cued_commitments
    from earnest.domain.rung_match import rung_for

    def fits(clause: str, money: bool) -> bool:
        return rung_for(clause, ladder, ("money",) if money else (), amount=money) is not None

    extra = cued_commitments(notes, result.signals, fits, on, our_speakers=tuple(our_speakers))
    return tuple(_finding(s) for s in extra)


def _asks(notes: str, our_speakers: Iterable[str]) -> tuple[Finding, ...]:
    from earnest.analyzer.our_asks import our_asks

    return tuple(Finding("our_ask", notes[a:b], a, b) for a, b in our_asks(notes, our_speakers=tuple(our_speakers)))


def notes_read(*, prospect: m.Prospect, notes: str, on: date, our_speakers: Iterable[str] = ()) -> NotesReading:
    """The analyzer's reading of the notes and what each finding would record for this prospect."""
    if not notes.strip():
        return EMPTY_READING
    ladder = ladder_get(prospect.workspace, prospect.ladder)
    known = list(m.Contact.objects.filter(prospect=prospect).values_list("name", flat=True))
    return reading_of(notes, ladder, on, our_speakers=our_speakers, known_contacts=known)


def notes_read_many(
    workspace: m.Workspace, notes: Sequence[tuple[m.Prospect, str, date]], *, our_speakers: Iterable[str] = ()
) -> list[NotesReading]:
    """`notes_read` for many notes (an import's batch): each ladder and every prospect's contacts read once.

    A prospect not yet saved (one an import plans to create) has no contacts."""
    ladders: dict[str, object] = {}
    ids = {p.pk for p, _, _ in notes if p.pk}
    known: dict[int, list[str]] = {}
    for prospect_id, name in m.Contact.objects.filter(workspace=workspace, prospect_id__in=ids).values_list(
        "prospect_id", "name"
    ):
        known.setdefault(prospect_id, []).append(name)
    readings = []
    for prospect, text, on in notes:
        if not text.strip():
            readings.append(EMPTY_READING)
            continue
        if prospect.ladder not in ladders:
            ladders[prospect.ladder] = ladder_get(workspace, prospect.ladder)
        readings.append(
            reading_of(
                text,
                ladders[prospect.ladder],
                on,
                our_speakers=our_speakers,
                known_contacts=known.get(prospect.pk, []) if prospect.pk else [],
            )
        )
    return readings


def reading_of(
    notes: str, ladder, on: date, *, our_speakers: Iterable[str] = (), known_contacts: Iterable[str] = ()
) -> NotesReading:
    """`notes_read` without the database: the ladder and the prospect's contacts handed in."""
    from earnest.analyzer import analyze

    result = analyze(notes, when=on, our_speakers=tuple(our_speakers))
    findings = _findings(result) + _cued(notes, result, ladder, on, our_speakers) + _asks(notes, our_speakers)
    offers = offers_for(findings, ladder, on, known_contacts=list(known_contacts))
    return NotesReading(str(result.verdict), float(result.score), findings, offers)


@dataclass
class Applied:
    """The ids of everything recording the findings created."""

    commitments: list[int] = field(default_factory=list)
    next_steps: list[int] = field(default_factory=list)
    todos: list[int] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list]:
        return {
            "commitments": self.commitments,
            "next_steps": self.next_steps,
            "todos": self.todos,
            "evidence": self.evidence,
            "contacts": self.contacts,
            "flags": self.flags,
        }


@dataclass(frozen=True)
class ConversationInput:
    """A conversation as any adapter hands it over."""

    on: date
    channel: str = "meeting"
    notes: str = ""
    contacts: Sequence[m.Contact] = ()
    ask: AskInput | None = None
    complimented: bool = False
    hedged: bool = False
    rejected: bool = False
    outreach_unanswered: bool = False
    next_step: StepInput | None = None
    # The notes' praise, hedge or no tick the conversation's flags (the CLI, API and imports);
    # the web debrief shows them ticked and sends what the user left ticked instead.
    flags_from_notes: bool = True


@dataclass(frozen=True)
class Recorded:
    conversation: m.Conversation
    outcome: OutcomeResult
    applied: Applied
    reading: NotesReading


def _accepted(reading: NotesReading, accept: Accept) -> list[Offer]:
    if accept is None:
        return []
    if accept == "ticked":
        return [o for o in reading.offers if o.ticked]
    wanted = set(accept)
    chosen = [o for o in reading.offers if o.key in wanted]
    if len(chosen) < len(wanted):
        raise DomainError("the notes changed after they were analyzed; analyze them again and re-check the findings")
    return chosen


def _record_commitment(
    offer: Offer, prospect: m.Prospect, conversation: m.Conversation, on: date, contact: m.Contact | None
) -> m.Commitment:
    from .commitments import commitment_ask, commitment_set_status

    f = offer.finding
    c = commitment_ask(
        prospect=prospect,
        on=on,
        rung=offer.rung or "",
        description=f.text[:2_000],
        currencies=None if offer.rung else list(f.currencies or ("time",)),
        conversation=conversation,
        amount=f.amount,
        contact=contact,
    )
    if offer.status == "declined":
        return commitment_set_status(commitment=c, to="declined", on=on)
    due = f.due if f.due is not None and f.due >= on and offer.status == "agreed" else None
    c = commitment_set_status(commitment=c, to="agreed", on=on, due=due)
    if offer.status == "fulfilled":
        c = commitment_set_status(commitment=c, to="fulfilled", on=on)
    return c


@transaction.atomic
def findings_apply(
    *,
    prospect: m.Prospect,
    conversation: m.Conversation,
    offers: Sequence[Offer],
    on: date,
    skip_rungs: Collection[str] = (),
    skip_steps: bool = False,
) -> Applied:
    """Record the accepted offers against the conversation, all or nothing."""
    from .prospects import contact_add, evidence_add
    from .steps import next_step_add

    applied = Applied()
    contacts = list(conversation.contacts.all())
    only_contact = contacts[0] if len(contacts) == 1 else None
    for offer in sorted(offers, key=lambda o: o.kind != "person"):  # people first, to own what follows
        f = offer.finding
        if offer.kind == "person":
            row = contact_add(prospect=prospect, name=f.name[:200], title=f.title[:200], role=person_role(f.role).value)
            applied.contacts.append(row.pk)
        elif offer.kind == "commitment":
            if offer.rung and offer.rung in skip_rungs:
                continue  # the ask the user recorded already stands for it
            applied.commitments.append(_record_commitment(offer, prospect, conversation, on, only_contact).pk)
        elif offer.kind == "next_step":
            if skip_steps or f.due is None or f.due < on:
                continue
            step = next_step_add(
                prospect=prospect, description=f.text[:2_000], on=on, owner="both", due=f.due, conversation=conversation
            )
            applied.next_steps.append(step.pk)
        elif offer.todo:
            step = next_step_add(
                prospect=prospect, description=offer.todo[:2_000], on=on, owner="us", conversation=conversation
            )
            applied.todos.append(step.pk)
        for criterion in offer.criteria:
            applied.evidence.append(
                evidence_add(prospect=prospect, criterion=criterion.value, on=on, note=f.text[:5_000]).pk
            )
    return applied


def _planned_ask(prospect: m.Prospect, ask: AskInput | None) -> m.Commitment | None:
    if ask is None or ask.commitment_id is None:
        return None
    row = m.Commitment.objects.filter(prospect=prospect, pk=ask.commitment_id).first()
    if row is None or row.status != "asked":
        raise DomainError("the prepared ask is no longer waiting for an answer; reload the page")
    return row


@transaction.atomic
def conversation_record(
    *,
    prospect: m.Prospect,
    data: ConversationInput,
    accept: Accept = "ticked",
    reading: NotesReading | None = None,
    our_speakers: Iterable[str] = (),
) -> Recorded:
    """Log a conversation and record what its notes show, as the caller accepted it."""
    if reading is None:
        reading = (
            notes_read(prospect=prospect, notes=data.notes, on=data.on, our_speakers=our_speakers)
            if accept is not None
            else EMPTY_READING
        )
    offers = _accepted(reading, accept)
    flags = {"complimented": data.complimented, "hedged": data.hedged, "rejected": data.rejected}
    applied = Applied()
    if data.flags_from_notes and accept is not None:
        for name, shown in reading.flags.items():
            # an agreed ask and a clear no cannot both be true; what the user said wins
            if name == "rejected" and data.ask is not None and data.ask.answer == "agreed":
                continue
            if shown and not flags[name]:
                flags[name] = True
                applied.flags.append(name)
    planned = _planned_ask(prospect, data.ask)
    row, _ = conversation_log(
        prospect=prospect,
        on=data.on,
        channel=data.channel,
        notes=data.notes,
        contacts=list(data.contacts),
        ask=data.ask,
        outreach_unanswered=data.outreach_unanswered,
        next_step=data.next_step,
        planned=planned,
        **flags,
    )
    skip_rungs = {data.ask.rung} if data.ask is not None and data.ask.rung else set()
    found = findings_apply(
        prospect=prospect,
        conversation=row,
        offers=offers,
        on=data.on,
        skip_rungs=skip_rungs,
        skip_steps=data.next_step is not None,
    )
    found.flags = applied.flags
    return Recorded(row, conversation_refresh_outcome(conversation=row), found, reading)
