"""A file of deals (opportunities): a won deal is a commitment of money, kept; a lost one closes a
prospect that never bought; an open one is remembered only so that notes on it find their company.

The rows are built while the file is planned, with the checks and the lifecycle of the use cases
(`commitment_ask`, `commitment_set_status`, `prospect_close`, `reach_back`) and the same audit
trail, and inserted in bulk when the plan is applied (ADR 0013): a thousand deals hold the write
lock for a few queries, not a thousand use cases. `tests/transfer/test_deals_bulk.py` imports a
file both ways, through the use cases row by row and in bulk, and compares every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from earnest.domain import history as h
from earnest.ledger import models as m
from earnest.ledger.derived.audit import diff, snapshot
from earnest.ledger.services.rows import Rows

from .bulk import BATCH, Event, RowsInBulk, insert_rows
from .conversation_import import reached_back
from .csv_format import TRUE, Row, parse_money
from .csv_links import FilePlanner
from .models import ExternalRecord

_CLOSED = ["close_reason", "close_note", "closed_on"]


@dataclass
class PlannedDeal:
    prospect: m.Prospect
    name: str
    stage: str
    kind: str  # "deal" (won or lost) or "open-deal"
    ext: str
    won: bool
    lost: bool
    closed_on: date
    started: date
    amount: Decimal | None


class DealRows(FilePlanner):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows = DealRowsPlanned(self.workspace)
        self.planned.bulk.append(self.rows)
        self.known: set[tuple[str, str]] | None = None  # the deals imported before, read on the first row

    def record_known(self, kind: str, ext: str) -> bool:
        """A deal with this id was imported before, or by an earlier row of this file."""
        if self.known is None:
            stored = ExternalRecord.objects.filter(workspace=self.workspace, kind__in=("deal", "open-deal"))
            self.known = set(stored.values_list("kind", "external_id"))
        return (kind, ext) in self.planned.new_records or (kind, ext) in self.known

    def row(self, row: Row, line: int) -> None:
        name, stage = row.get("name", ""), row.get("stage", "").lower()
        if self.skip_deleted("deal", row, name, line):
            return
        # The CRM's own won/closed flags, when the file has them, over a stage's wording
        # (a renamed stage "Won't proceed" is not a win).
        won_flag, closed_flag = row.get("won", "").lower(), row.get("closed", "").lower()
        words = {w.strip(".,;:()&-–") for w in stage.split()} | {stage.replace(" ", "")}
        won = won_flag in TRUE if won_flag else bool(words & {"won", "closedwon"})
        closed = closed_flag in TRUE if closed_flag else bool(words & {"lost", "closedlost"})
        lost = not won and closed
        ext = self.ext(row.get("external_id", "")) or f"deal:{name}"
        kind = "deal" if won or lost else "open-deal"
        if self.record_known(kind, ext):
            self.report.add(
                "deal",
                "unchanged" if kind == "deal" else "skipped",
                name,
                line,
                "" if kind == "deal" else "open: a pipeline stage is a hope, not a commitment",
            )
            return
        prospect = self.linked_prospect(row, line)
        if prospect is None:
            self.report.add("deal", "skipped", name, line, "no company: the CRM links this deal to none")
            return
        closed_on = min(self.day(row, "close_date") or self.today, self.today)
        deal = PlannedDeal(
            prospect=prospect,
            name=name,
            stage=row.get("stage", ""),
            kind=kind,
            ext=ext,
            won=won,
            lost=lost,
            closed_on=closed_on,
            started=min(self.day(row, "created") or closed_on, closed_on),
            amount=parse_money(row.get("amount", "")) if won else None,
        )
        # The deal's rows follow from the prospect's history as planned so far (an earlier row may
        # have closed it or made it a customer), which must not move before the plan is applied.
        self.planned.depend_on(self.rows.current(prospect))
        self.rows.deal(deal)
        self.planned.new_records.add((kind, ext))
        if kind == "open-deal":
            self.report.add("deal", "skipped", name, line, "open: a pipeline stage is a hope, not a commitment")
        else:
            self.report.add("deal", "created", f"{name} ({'won' if won else 'lost'})", line)


class DealRowsPlanned:
    """A deals file's rows as the use cases would write them, row by row; `write` inserts them in bulk.

    Each prospect is changed on one object (the first the file names it by), so that a later row
    sees what an earlier one did: its first date moved back, closed, or a customer now."""

    def __init__(self, workspace: m.Workspace):
        self.workspace = workspace
        self.prospects: dict[int, m.Prospect] = {}  # by id, or for a prospect the file creates, by id()
        self.customers: set[int] | None = None  # the keys above of prospects with a fulfilled commitment
        self.commitments = RowsInBulk()  # the won deals' commitments, as the commitment use cases decide them
        self.records: list[tuple[ExternalRecord, models.Model]] = []  # with the row whose id it keeps
        self.reached: dict[int, m.Prospect] = {}
        self.closed: dict[int, m.Prospect] = {}
        self.events: list[Event] = []

    def __bool__(self) -> bool:
        return bool(self.records)

    def current(self, prospect: m.Prospect) -> m.Prospect:
        return self.prospects.setdefault(_key(prospect), prospect)

    def deal(self, deal: PlannedDeal) -> None:
        prospect = self.current(deal.prospect)
        row: models.Model = prospect
        if deal.won:
            row = self.won(prospect, deal)
        elif deal.lost and not prospect.closed_on and not self.customer(prospect):
            # A lost deal ends a prospect that never bought; a customer who turned down one more
            # deal stays open.
            self.close(prospect, deal)
        # An open deal is remembered only so that notes logged on it find their company.
        entity = row._meta.model_name or ""
        record = ExternalRecord(workspace=self.workspace, kind=deal.kind, external_id=deal.ext, entity=entity)
        self.records.append((record, row))

    def customer(self, prospect: m.Prospect) -> bool:
        return _key(prospect) in self.customers_known()

    def customers_known(self) -> set[int]:
        """The keys of prospects with a fulfilled commitment: stored ones read on first use, and planned ones."""
        if self.customers is None:
            fulfilled = m.Commitment.objects.filter(workspace=self.workspace, status=h.CommitmentStatus.FULFILLED.value)
            self.customers = set(fulfilled.values_list("prospect_id", flat=True).distinct())
        return self.customers

    def won(self, prospect: m.Prospect, deal: PlannedDeal) -> m.Commitment:
        """`commitment_ask`, then `commitment_set_status` to agreed and to fulfilled, on the deal's dates:
        the rows those use cases decide, inserted in bulk by `write`."""
        from earnest.ledger.services.commitments import commitment_ask_rows, commitment_set_status_rows

        self.reach_back(prospect, deal.started)
        rows = Rows()
        row = commitment_ask_rows(
            rows,
            prospect=prospect,
            on=deal.started,
            description=f"Won deal: {deal.name}",
            currencies=["money"],
            amount=deal.amount,
        )
        for status in (h.CommitmentStatus.AGREED, h.CommitmentStatus.FULFILLED):
            commitment_set_status_rows(rows, row, to=status.value, on=deal.closed_on)
        self.commitments.add(rows)
        self.events += rows.events  # in the file's order, among the prospects' own
        self.customers_known().add(_key(prospect))
        return row

    def close(self, prospect: m.Prospect, deal: PlannedDeal) -> None:
        """`reach_back`, then `prospect_close` with the reason "other" and a note that names the deal."""
        from earnest.ledger.services._validation import choice, clean_text
        from earnest.ledger.services.prospects import _not_in_the_future

        self.reach_back(prospect, deal.closed_on)
        note = f"Deal {deal.name!r} lost in the CRM (stage: {deal.stage or 'closed'})"
        reason = choice(h.CloseReason, "other", "close reason").value
        note = clean_text(note, "note", max_length=5_000, required=True)
        _not_in_the_future(deal.closed_on, "close", None)
        before = snapshot(prospect, _CLOSED)
        prospect.close_reason, prospect.close_note, prospect.closed_on = reason, note, deal.closed_on
        prospect.version += 1
        self.closed[_key(prospect)] = prospect
        self.events.append((prospect, "closed", diff(before, snapshot(prospect, _CLOSED))))

    def reach_back(self, prospect: m.Prospect, on: date) -> None:
        if (change := reached_back(prospect, on)) is not None:
            self.reached[_key(prospect)] = prospect
            self.events.append((prospect, "updated", change))

    def write(self) -> list[Event]:
        """After the plan's new prospects are inserted (the rows here then know their ids)."""
        self.commitments.write()
        for record, row in self.records:
            record.entity_id = row.pk
        insert_rows(ExternalRecord, [record for record, _ in self.records])
        reached = [p for key, p in self.reached.items() if key not in self.closed]
        m.Prospect.objects.bulk_update(reached, ["created_on"], batch_size=BATCH)
        now = timezone.now()
        for prospect in self.closed.values():
            prospect.updated_at = now
        fields = ["created_on", *_CLOSED, "version", "updated_at"]
        m.Prospect.objects.bulk_update(self.closed.values(), fields, batch_size=BATCH)
        return self.events


def _key(prospect: m.Prospect) -> int:
    return prospect.pk or id(prospect)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
