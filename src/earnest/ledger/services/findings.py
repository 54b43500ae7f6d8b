"""After a conversation: notes in, ledger entries out, the same way for every adapter.

`conversation_record` is the one use case behind the web debrief, `earnest log`, the API's
conversation create and every importer that carries notes. It logs the conversation with its
ask and answer, reads the notes, and records the findings the caller accepted through the
policy in `domain.findings`: commitments on rungs with their status, next steps, to-dos,
earlyvangelist evidence and new contacts. A parity test runs the same notes through each
adapter and compares the rows.

What a conversation writes is decided before anything is written (`conversation_record_rows`, on the
services' own `*_rows` deciders, `services/rows.py`): the use case saves those rows at once, and an
import decides them for every conversation of a file while it is planned and inserts them in bulk
(ADR 0018), so that both leave the same ledger.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.findings import Finding, Offer, flags_for, offers_for, person_role
from earnest.domain.ladders import Ladder
from earnest.domain.results import OutcomeResult

from .. import models as m
from ..reads.selectors import ladder_get
from .conversations import AskInput, ConversationInput, Logged, conversation_log_rows, planned_answered
from .rows import Rows

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


@dataclass
class Found:
    """The rows recording the accepted findings adds, decided and not yet written."""

    commitments: list[m.Commitment] = field(default_factory=list)
    next_steps: list[m.NextStep] = field(default_factory=list)
    todos: list[m.NextStep] = field(default_factory=list)
    evidence: list[m.Evidence] = field(default_factory=list)
    contacts: list[m.Contact] = field(default_factory=list)

    def applied(self, flags: list[str]) -> Applied:
        """Their ids, once written."""
        return Applied(
            commitments=[r.pk for r in self.commitments],
            next_steps=[r.pk for r in self.next_steps],
            todos=[r.pk for r in self.todos],
            evidence=[r.pk for r in self.evidence],
            contacts=[r.pk for r in self.contacts],
            flags=flags,
        )


def _commitment_rows(
    rows: Rows, offer: Offer, logged: Logged, prospect: m.Prospect, on: date, ladder: Ladder | None
) -> m.Commitment:
    from .commitments import commitment_ask_rows, commitment_set_status_rows

    f = offer.finding
    only_contact = logged.contacts[0] if len(logged.contacts) == 1 else None
    c = commitment_ask_rows(
        rows,
        prospect=prospect,
        on=on,
        rung=offer.rung or "",
        description=f.text[:2_000],
        currencies=None if offer.rung else list(f.currencies or ("time",)),
        conversation=logged.conversation,
        amount=f.amount,
        contact=only_contact,
        ladder=ladder,
    )
    if offer.status == "declined":
        commitment_set_status_rows(rows, c, to="declined", on=on)
        return c
    due = f.due if f.due is not None and f.due >= on and offer.status == "agreed" else None
    commitment_set_status_rows(rows, c, to="agreed", on=on, due=due)
    if offer.status == "fulfilled":
        commitment_set_status_rows(rows, c, to="fulfilled", on=on)
    return c


def findings_rows(
    rows: Rows,
    logged: Logged,
    *,
    prospect: m.Prospect,
    offers: Sequence[Offer],
    on: date,
    skip_rungs: Collection[str] = (),
    skip_steps: bool = False,
    ladder: Ladder | None = None,
) -> Found:
    """The rows recording the accepted offers against the logged conversation adds, decided and not
    written; its commitments and steps join `logged`, whose outcome they move."""
    from .prospects import contact_add_rows, evidence_add_rows
    from .steps import next_step_add_rows

    found = Found()
    conversation = logged.conversation
    for offer in sorted(offers, key=lambda o: o.kind != "person"):  # people first, to own what follows
        f = offer.finding
        if offer.kind == "person":
            role = person_role(f.role).value
            found.contacts.append(
                contact_add_rows(rows, prospect=prospect, name=f.name[:200], title=f.title[:200], role=role)
            )
        elif offer.kind == "commitment":
            if offer.rung and offer.rung in skip_rungs:
                continue  # the ask the user recorded already stands for it
            found.commitments.append(_commitment_rows(rows, offer, logged, prospect, on, ladder))
        elif offer.kind == "next_step":
            if skip_steps or f.due is None or f.due < on:
                continue
            step = next_step_add_rows(
                rows,
                prospect=prospect,
                description=f.text[:2_000],
                on=on,
                owner="both",
                due=f.due,
                conversation=conversation,
            )
            found.next_steps.append(step)
        elif offer.todo:
            step = next_step_add_rows(
                rows, prospect=prospect, description=offer.todo[:2_000], on=on, owner="us", conversation=conversation
            )
            found.todos.append(step)
        for criterion in offer.criteria:
            note = f.text[:5_000]
            found.evidence.append(
                evidence_add_rows(rows, prospect=prospect, criterion=criterion.value, on=on, note=note)
            )
    logged.commitments += found.commitments
    logged.steps += found.next_steps + found.todos
    return found


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
    planned = planned_answered(_planned_ask(prospect, data.ask), data.ask)
    rows = Rows()
    recording = conversation_record_rows(
        rows, prospect=prospect, data=data, accept=accept, reading=reading, planned=planned
    )
    rows.save()
    return recording.recorded()


@dataclass(frozen=True)
class Recording:
    """`conversation_record`'s rows, decided: the conversation, what its findings add, and its outcome."""

    conversation: m.Conversation
    outcome: OutcomeResult
    found: Found
    flags: list[str]
    reading: NotesReading

    def recorded(self) -> Recorded:
        """What the use case answers once the rows are written."""
        return Recorded(self.conversation, self.outcome, self.found.applied(self.flags), self.reading)


def conversation_record_rows(
    rows: Rows,
    *,
    prospect: m.Prospect,
    data: ConversationInput,
    reading: NotesReading,
    accept: Accept = "ticked",
    planned: m.Commitment | None = None,
    ladder: Ladder | None = None,
) -> Recording:
    """`conversation_record`'s rows, decided and not written: the one policy for the single call, which
    saves them, and for an import, which inserts thousands in bulk. `reading` is the notes' reading,
    `planned` the prepared ask as `planned_answered` leaves it, `ladder` the prospect's when known."""
    offers = _accepted(reading, accept)
    shown: list[str] = []  # the flags the notes tick that the caller left unticked
    if data.flags_from_notes and accept is not None:
        for name, on_notes in reading.flags.items():
            # an agreed ask and a clear no cannot both be true; what the user said wins
            if name == "rejected" and data.ask is not None and data.ask.answer == "agreed":
                continue
            if on_notes and not getattr(data, name):
                shown.append(name)
    data = dataclasses.replace(
        data,
        complimented=data.complimented or "complimented" in shown,
        hedged=data.hedged or "hedged" in shown,
        rejected=data.rejected or "rejected" in shown,
    )
    logged = conversation_log_rows(rows, prospect=prospect, data=data, planned=planned, ladder=ladder)
    found = findings_rows(
        rows,
        logged,
        prospect=prospect,
        offers=offers,
        on=data.on,
        skip_rungs={data.ask.rung} if data.ask is not None and data.ask.rung else set(),
        skip_steps=data.next_step is not None,
        ladder=ladder,
    )
    return Recording(logged.conversation, logged.outcome(), found, shown, reading)
