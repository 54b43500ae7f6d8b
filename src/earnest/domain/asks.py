"""Which asks work: every ask made, how it was answered and how fast, counted by rung and wording.

An ask is a commitment asked for (its description is the wording), or a conversation whose
ask was met with a hedge (a soft no leaves no commitment behind, only the conversation's
planned ask). A yes counts as agreed even when the promise was later broken: the ask got
its answer, the follow-through is another matter. An ask with no answer yet is still
*waiting* for `ANSWER_GRACE_DAYS`; after that the silence is its answer.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from .as_of import as_of
from .commitments import ANSWER_GRACE_DAYS
from .history import AskAnswer, CommitmentStatus, Id, ProspectHistory, StrEnum
from .ladders import Ladder

__all__ = [
    "ANSWER_GRACE_DAYS",
    "Answer",
    "AskCounts",
    "AskRecord",
    "AskTable",
    "RungAsks",
    "WordingAsks",
    "ask_records",
    "ask_table",
    "count_asks",
    "resolve_rungs",
    "wording_key",
]

Status = CommitmentStatus
NO_RUNG_LABEL = "No rung"


class Answer(StrEnum):
    AGREED = "agreed"
    DECLINED = "declined"
    HEDGED = "hedged"
    UNANSWERED = "unanswered"


_ANSWER_OF_STATUS = {
    Status.AGREED: Answer.AGREED,
    Status.FULFILLED: Answer.AGREED,
    Status.BROKEN: Answer.AGREED,
    Status.DECLINED: Answer.DECLINED,
    Status.ASKED: Answer.UNANSWERED,
}


@dataclass(frozen=True, slots=True)
class AskRecord:
    prospect_id: Id
    prospect: str
    ladder: str
    rung: str | None
    position: int  # the rung's place on its ladder, -1 without a rung
    wording: str
    asked_on: date
    answer: Answer
    answered_on: date | None = None
    commitment_id: Id | None = None
    waiting: bool = False  # no answer yet, and still within the grace days

    @property
    def days_to_answer(self) -> int | None:
        """Days from the ask to a clear yes or no; hedges and silence are not answers."""
        if self.answer in (Answer.AGREED, Answer.DECLINED) and self.answered_on is not None:
            return max(0, (self.answered_on - self.asked_on).days)
        return None


def wording_key(text: str) -> str:
    """Two asks are the same wording when they differ only in case and spacing."""
    return " ".join(text.split()).casefold()


def ask_records(history: ProspectHistory, ladder: Ladder | None, today: date) -> list[AskRecord]:
    """Every ask made to one prospect up to today, in the order they were made."""
    known = as_of(history, today)
    records: list[AskRecord] = []

    def rung_of(key: str | None) -> tuple[str | None, int]:
        if key and ladder is not None and ladder.has_rung(key):
            return key, ladder.position(key)
        return None, -1

    for c in known.commitments:
        answer = _ANSWER_OF_STATUS[c.status]
        rung, position = rung_of(c.rung)
        answered_on = None if answer is Answer.UNANSWERED else (c.answered_on or c.closed_on or c.asked_on)
        waiting = answer is Answer.UNANSWERED and (today - c.asked_on).days <= ANSWER_GRACE_DAYS
        wording = c.description or (ladder.rung(rung).label if rung and ladder else c.rung or "")
        records.append(
            AskRecord(
                known.id,
                known.name,
                known.ladder,
                rung,
                position,
                wording,
                c.asked_on,
                answer,
                answered_on,
                c.id,
                waiting,
            )
        )
    with_commitment = {c.conversation_id for c in known.commitments if c.conversation_id is not None}
    for talk in known.conversations:
        if talk.ask_answer is not AskAnswer.HEDGED or not talk.planned_ask or talk.id in with_commitment:
            continue
        rung, position = rung_of(talk.planned_ask)
        if rung is None and ladder is not None:
            rung, position = _rung_by_wording(ladder, talk.planned_ask)
        wording = ladder.rung(rung).label if rung and ladder and rung == talk.planned_ask else talk.planned_ask
        records.append(
            AskRecord(known.id, known.name, known.ladder, rung, position, wording, talk.on, Answer.HEDGED, talk.on)
        )
    records.sort(key=lambda r: (r.asked_on, str(r.commitment_id or "")))
    return records


def _rung_by_wording(ladder: Ladder, text: str) -> tuple[str | None, int]:
    key = wording_key(text)
    for position, rung in enumerate(ladder.rungs):
        if key in (wording_key(rung.label), wording_key(rung.ask)):
            return rung.key, position
    return None, -1


@dataclass(frozen=True, slots=True)
class AskCounts:
    asked: int = 0
    agreed: int = 0
    declined: int = 0
    hedged: int = 0
    unanswered: int = 0  # no answer yet, of any age
    waiting: int = 0  # of those, asked within the grace days: not judged yet
    median_days: float | None = None  # to a yes or a no

    @property
    def judged(self) -> int:
        return self.asked - self.waiting

    @property
    def answered(self) -> int:
        """A clear yes or no: what the Mom Test calls an answer."""
        return self.agreed + self.declined

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.judged if self.judged else None

    @property
    def agree_rate(self) -> float | None:
        return self.agreed / self.judged if self.judged else None


def count_asks(records: Iterable[AskRecord]) -> AskCounts:
    counts = dict.fromkeys(Answer, 0)
    asked = waiting = 0
    days: list[int] = []
    for r in records:
        asked += 1
        counts[r.answer] += 1
        waiting += r.waiting
        if (took := r.days_to_answer) is not None:
            days.append(took)
    return AskCounts(
        asked,
        counts[Answer.AGREED],
        counts[Answer.DECLINED],
        counts[Answer.HEDGED],
        counts[Answer.UNANSWERED],
        waiting,
        statistics.median(days) if days else None,
    )


@dataclass(frozen=True, slots=True)
class WordingAsks:
    wording: str
    counts: AskCounts


@dataclass(frozen=True, slots=True)
class RungAsks:
    rung: str | None
    label: str
    counts: AskCounts
    wordings: tuple[WordingAsks, ...]  # most asked first


@dataclass(frozen=True, slots=True)
class AskTable:
    segment: str | None  # None: every prospect
    total: AskCounts
    rungs: tuple[RungAsks, ...]

    def rung(self, key: str | None) -> RungAsks | None:
        return next((r for r in self.rungs if r.rung == key), None)


def ask_table(records: Iterable[AskRecord], ladders: Mapping[str, Ladder], segment: str | None = None) -> AskTable:
    """The asks counted per rung and, within each rung, per wording.

    A hedged ask written in words of its own has no rung on record; when the same words were
    used for a commitment on the same ladder, it is counted under that commitment's rung.
    """
    resolved = resolve_rungs(records)
    by_rung: dict[str | None, list[AskRecord]] = {}
    for r in resolved:
        by_rung.setdefault(r.rung, []).append(r)
    rows = []
    for key, group in by_rung.items():
        by_words: dict[str, list[AskRecord]] = {}
        for r in group:
            by_words.setdefault(wording_key(r.wording), []).append(r)
        wordings = sorted(
            (WordingAsks(g[0].wording, count_asks(g)) for g in by_words.values()),
            key=lambda w: (-w.counts.asked, w.wording.casefold()),
        )
        rows.append(
            (
                min(r.position for r in group) if key else 10**6,
                RungAsks(key, _label(key, group, ladders), count_asks(group), tuple(wordings)),
            )
        )
    rows.sort(key=lambda row: (row[0], row[1].label))
    return AskTable(segment, count_asks(resolved), tuple(row for _, row in rows))


def resolve_rungs(records: Iterable[AskRecord]) -> list[AskRecord]:
    """The records, with a hedged ask's rung taken from a commitment asked in the same words."""
    records = list(records)
    rung_by_words = {(r.ladder, wording_key(r.wording)): (r.rung, r.position) for r in records if r.rung}
    resolved: list[AskRecord] = []
    for r in records:
        if r.rung is None and (found := rung_by_words.get((r.ladder, wording_key(r.wording)))):
            r = replace(r, rung=found[0], position=found[1])
        resolved.append(r)
    return resolved


def _label(key: str | None, group: list[AskRecord], ladders: Mapping[str, Ladder]) -> str:
    if key is None:
        return NO_RUNG_LABEL
    for r in group:
        ladder = ladders.get(r.ladder)
        if ladder is not None and ladder.has_rung(key):
            return ladder.rung(key).label
    return key
