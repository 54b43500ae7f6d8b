"""Writing experiments: adding one, and revising it into a new version (a pivot)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.experiments import CriterionKind, SuccessCriterion, success_criterion, validate_plan
from earnest.domain.segments import clean_tag

from .. import models as m
from ..derived import workspace_changed
from ..derived.audit import record
from ..reads.selectors import workspace_ladders
from ._validation import clean_text
from .commitments import parse_amount


@dataclass(frozen=True)
class CriterionInput:
    """The success criterion as a person gives it: one of rung, money, amount or rate."""

    rung: str = ""
    at_least: int | None = None
    money: bool = False
    amount: str | Decimal | None = None
    rate: int | None = None
    min_asks: int | None = None

    def criterion(self) -> SuccessCriterion:
        return success_criterion(
            rung=self.rung,
            at_least=self.at_least,
            money=self.money,
            amount=parse_amount(self.amount),
            rate=self.rate,
            min_asks=self.min_asks,
        )


def criterion_of(row: m.Experiment) -> SuccessCriterion:
    return SuccessCriterion(
        CriterionKind(row.criterion),
        at_least=row.at_least,
        rung=row.rung or None,
        amount=row.amount,
        rate=row.rate,
        min_asks=row.min_asks,
    )


_COUNTS_PROSPECTS = (CriterionKind.REACHED, CriterionKind.PAYING)


def criterion_revised(
    row: m.Experiment,
    *,
    rung: str = "",
    at_least: int | None = None,
    money: bool = False,
    amount: str | None = None,
    rate: int | None = None,
    min_asks: int | None = None,
) -> CriterionInput | None:
    """The criterion of a revision: the options given, the rest kept from the version revised.

    The options name the kind of criterion (--amount, --money, --rate; --rung alone keeps a rate
    a rate); numbers of the old kind carry over, so `--at-least 5` alone only raises the bar.
    """
    old = criterion_of(row)
    if amount:
        kind = CriterionKind.AMOUNT
    elif money:
        kind = CriterionKind.PAYING
    elif rate is not None or min_asks is not None or (rung and old.kind is CriterionKind.RATE):
        kind = CriterionKind.RATE
    elif rung:
        kind = CriterionKind.REACHED
    elif at_least is not None:
        kind = old.kind if old.kind in _COUNTS_PROSPECTS else CriterionKind.REACHED
    else:
        return None
    same = kind is old.kind
    both_count = kind in _COUNTS_PROSPECTS and old.kind in _COUNTS_PROSPECTS
    return CriterionInput(
        rung=rung or (old.rung or "" if same and kind is not CriterionKind.PAYING else ""),
        at_least=at_least if at_least is not None else (old.at_least if both_count else None),
        money=kind is CriterionKind.PAYING,
        amount=amount or (old.amount if same else None),
        rate=rate if rate is not None else (old.rate if same else None),
        min_asks=min_asks if min_asks is not None else (old.min_asks if same else None),
    )


def _check_rung(workspace: m.Workspace, criterion: SuccessCriterion) -> None:
    if criterion.rung is None:
        return
    ladders = workspace_ladders(workspace)
    if not any(ladder.has_rung(criterion.rung) for ladder in ladders.values()):
        raise DomainError(
            f"no ladder of this workspace has a rung {criterion.rung!r} (see: earnest ladder show LADDER)"
        )


def _fields(
    workspace: m.Workspace,
    *,
    name: str,
    hypothesis: str,
    segment: str,
    criterion: SuccessCriterion,
    started_on: date,
    deadline: date,
) -> dict:
    name = clean_text(name, "name", max_length=200, required=True)
    hypothesis = clean_text(hypothesis, "hypothesis", max_length=5_000)
    segment = clean_tag(segment) if segment.strip() else ""
    validate_plan(name=name, hypothesis=hypothesis, segment=segment, started_on=started_on, deadline=deadline)
    _check_rung(workspace, criterion)
    return {
        "name": name,
        "hypothesis": hypothesis,
        "segment": segment,
        "criterion": criterion.kind.value,
        "rung": criterion.rung or "",
        "at_least": criterion.at_least,
        "amount": criterion.amount,
        "rate": criterion.rate,
        "min_asks": criterion.min_asks,
        "started_on": started_on,
        "deadline": deadline,
    }


def _audit(row: m.Experiment, action: str) -> None:
    record(
        row,
        action,
        {
            "name": row.name,
            "version": row.number,
            "segment": row.segment,
            "criterion": row.criterion,
            "deadline": row.deadline.isoformat(),
        },
    )
    workspace_changed(row.workspace_id)  # an experiment reads the ledger; no verdict reads it


@transaction.atomic
def experiment_add(
    *,
    workspace: m.Workspace,
    name: str,
    hypothesis: str,
    segment: str,
    criterion: CriterionInput,
    deadline: date,
    started_on: date,
) -> m.Experiment:
    fields = _fields(
        workspace,
        name=name,
        hypothesis=hypothesis,
        segment=segment,
        criterion=criterion.criterion(),
        started_on=started_on,
        deadline=deadline,
    )
    if m.Experiment.objects.filter(workspace=workspace, name__iexact=fields["name"]).exists():
        raise DomainError(
            f"there is already an experiment named {fields['name']!r}; revise it with: earnest experiment revise NAME"
        )
    row = m.Experiment.objects.create(workspace=workspace, **fields)
    _audit(row, "created")
    return row


@transaction.atomic
def experiment_revise(
    *,
    experiment: m.Experiment,
    on: date,
    hypothesis: str | None = None,
    segment: str | None = None,
    criterion: CriterionInput | None = None,
    deadline: date | None = None,
) -> m.Experiment:
    """A new version from the latest one; what is not given is kept. The old version ends today."""
    parent = m.Experiment.objects.select_for_update().get(pk=experiment.pk)
    if parent.revised_on is not None:
        raise DomainError(
            f"version {parent.number} of {parent.name!r} was already revised on "
            f"{parent.revised_on}; revise the latest version"
        )
    if on < parent.started_on:
        raise DomainError(f"{parent.name!r} started on {parent.started_on}; it cannot be revised on {on}")
    fields = _fields(
        parent.workspace,
        name=parent.name,
        hypothesis=parent.hypothesis if hypothesis is None else hypothesis,
        segment=parent.segment if segment is None else segment,
        criterion=criterion.criterion() if criterion is not None else criterion_of(parent),
        started_on=on,
        deadline=parent.deadline if deadline is None else deadline,
    )
    same = ("hypothesis", "segment", "criterion", "rung", "at_least", "amount", "rate", "min_asks", "deadline")
    if all(fields[k] == getattr(parent, k) for k in same):
        raise DomainError(
            f"version {parent.number} of {parent.name!r} already says this; change the hypothesis, "
            "the segment, the criterion or the deadline"
        )
    parent.revised_on = on
    parent.save(update_fields=["revised_on"])
    row = m.Experiment.objects.create(workspace=parent.workspace, number=parent.number + 1, parent=parent, **fields)
    _audit(row, "revised")
    return row


@transaction.atomic
def experiments_mark_reported(*, experiments: list[tuple[m.Experiment, str]]) -> None:
    """Remember the status each experiment was last reported with (by the digest)."""
    for row, status in experiments:
        m.Experiment.objects.filter(pk=row.pk).update(reported_status=status)
