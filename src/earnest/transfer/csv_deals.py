"""A file of deals (opportunities): a won deal is a commitment of money, kept; a lost one closes a
prospect that never bought; an open one is remembered only so that notes on it find their company."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from earnest.ledger import models as m

from .conversation_import import reach_back
from .csv_format import TRUE, Row, parse_money
from .csv_links import FilePlanner
from .models import ExternalRecord


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
    def record_known(self, kind: str, ext: str) -> bool:
        """A deal with this id was imported before, or by an earlier row of this file."""
        return (kind, ext) in self.planned.new_records or ExternalRecord.objects.filter(
            workspace=self.workspace, kind=kind, external_id=ext
        ).exists()

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
        self.planned.write(line, functools.partial(_deal_write, self.workspace, deal), on=prospect)
        self.planned.new_records.add((kind, ext))
        if kind == "open-deal":
            self.report.add("deal", "skipped", name, line, "open: a pipeline stage is a hope, not a commitment")
        else:
            self.report.add("deal", "created", f"{name} ({'won' if won else 'lost'})", line)


def _deal_write(workspace: m.Workspace, deal: PlannedDeal) -> None:
    """A deal's writes through the services, when the plan is applied (the prospect's history is as planned)."""
    from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
    from earnest.ledger.services.prospects import prospect_close

    prospect = deal.prospect
    if deal.won:
        reach_back(prospect, deal.started)
        c = commitment_ask(
            prospect=prospect,
            on=deal.started,
            description=f"Won deal: {deal.name}",
            currencies=["money"],
            amount=deal.amount,
        )
        commitment_set_status(commitment=c, to="agreed", on=deal.closed_on)
        commitment_set_status(commitment=c, to="fulfilled", on=deal.closed_on)
        entity, entity_id = "commitment", c.pk
    else:
        # A lost deal ends a prospect that never bought; a customer who turned down
        # one more deal stays open. Asked here, not when planned: an earlier row may have closed it.
        customer = m.Commitment.objects.filter(prospect=prospect, status="fulfilled").exists()
        closed = m.Prospect.objects.filter(pk=prospect.pk, closed_on__isnull=False).exists()
        if deal.lost and not closed and not customer:
            reach_back(prospect, deal.closed_on)
            prospect_close(
                prospect=prospect,
                reason="other",
                on=deal.closed_on,
                note=f"Deal {deal.name!r} lost in the CRM (stage: {deal.stage or 'closed'})",
            )
        entity, entity_id = "prospect", prospect.pk
    # An open deal is remembered only so that notes logged on it find their company.
    ExternalRecord.objects.create(
        workspace=workspace, kind=deal.kind, external_id=deal.ext, entity=entity, entity_id=entity_id
    )
