"""Segments (tags on prospects), experiments and the asks-that-work table."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from earnest.ledger import models as m
from earnest.ledger.reads.experiments import (
    ask_table_data,
    experiment_data,
    experiment_judged,
    experiments_judged,
    segment_ask_table,
    tags_by_prospect,
    workspace_tags,
)
from earnest.ledger.services import experiments as svc
from earnest.ledger.services import tags as tag_svc

from ..auth import ApiRequest
from ..common import scoped, today

router = Router(tags=["experiments"])
Tag = Field(..., min_length=1, max_length=50)


class TagsIn(Schema):
    tags: list[str] = Field(..., max_length=20)


class TagsOut(Schema):
    prospect_id: int
    tags: list[str]


class TagCount(Schema):
    name: str
    prospects: int


class CriterionBody(Schema):
    """One criterion: `rung` + `at_least`; `money` + `at_least`; `amount`; or `rate` + `min_asks` (+ `rung`)."""

    rung: str = Field("", max_length=64)
    at_least: int | None = Field(None, ge=1, le=1_000_000)
    money: bool = False
    amount: str | None = Field(None, max_length=40)
    rate: int | None = Field(None, ge=1, le=100)
    min_asks: int | None = Field(None, ge=1, le=1_000_000)


class ExperimentIn(CriterionBody):
    name: str = Field(..., min_length=1, max_length=200)
    hypothesis: str = Field(..., min_length=1, max_length=5_000)
    segment: str = Tag
    deadline: dt.date
    started_on: dt.date | None = None


class ExperimentRevise(CriterionBody):
    hypothesis: str | None = Field(None, min_length=1, max_length=5_000)
    segment: str | None = Field(None, min_length=1, max_length=50)
    deadline: dt.date | None = None


def _tags_out(prospect: m.Prospect, tags: list[str]) -> dict:
    return {"prospect_id": prospect.pk, "tags": tags}


@router.get("/tags", response=list[TagCount])
def tag_list(request: ApiRequest):
    """Every tag (segment) in use, with how many prospects carry it."""
    return [{"name": name, "prospects": n} for name, n in workspace_tags(request.workspace)]


@router.get("/prospects/{prospect_id}/tags", response=TagsOut)
def prospect_tags(request: ApiRequest, prospect_id: int):
    prospect = scoped(request, m.Prospect, prospect_id)
    return _tags_out(prospect, tags_by_prospect(request.workspace, [prospect.pk]).get(prospect.pk, []))


@router.put("/prospects/{prospect_id}/tags", response=TagsOut)
def prospect_tags_set(request: ApiRequest, prospect_id: int, body: TagsIn):
    """Make the prospect's tags exactly these."""
    prospect = scoped(request, m.Prospect, prospect_id)
    return _tags_out(prospect, tag_svc.prospect_set_tags(prospect=prospect, tags=body.tags))


@router.post("/prospects/{prospect_id}/tags", response=TagsOut)
def prospect_tags_add(request: ApiRequest, prospect_id: int, body: TagsIn):
    """Add tags; those it already has stay as they are."""
    prospect = scoped(request, m.Prospect, prospect_id)
    return _tags_out(prospect, tag_svc.prospect_tag(prospect=prospect, tags=body.tags))


@router.delete("/prospects/{prospect_id}/tags/{tag}", response=TagsOut)
def prospect_tags_remove(request: ApiRequest, prospect_id: int, tag: str):
    prospect = scoped(request, m.Prospect, prospect_id)
    return _tags_out(prospect, tag_svc.prospect_untag(prospect=prospect, tags=[tag]))


def _experiment(request: ApiRequest, experiment_id: int) -> m.Experiment:
    return scoped(request, m.Experiment, experiment_id)


@router.get("/experiments", response=list[dict])
def experiment_list(request: ApiRequest):
    """The latest version of every experiment, with its computed status and evidence."""
    return [experiment_data(v) for v in experiments_judged(request.workspace, today())]


@router.post("/experiments", response={201: dict})
def experiment_create(request: ApiRequest, body: ExperimentIn):
    now = today()
    row = svc.experiment_add(
        workspace=request.workspace,
        name=body.name,
        hypothesis=body.hypothesis,
        segment=body.segment,
        criterion=_criterion(body),
        deadline=body.deadline,
        started_on=body.started_on or now,
    )
    return Status(201, experiment_data(experiment_judged(request.workspace, row, now)))


@router.get("/experiments/{experiment_id}", response=dict)
def experiment_get(request: ApiRequest, experiment_id: int):
    """One version of an experiment (any version's id), with its evidence and the other versions."""
    return experiment_data(experiment_judged(request.workspace, _experiment(request, experiment_id), today()))


@router.post("/experiments/{experiment_id}/revise", response={201: dict})
def experiment_revise(request: ApiRequest, experiment_id: int, body: ExperimentRevise):
    """A new version (a pivot) of the latest version; the old one keeps its result."""
    parent = _experiment(request, experiment_id)
    now = today()
    given = body.dict()
    criterion = svc.criterion_revised(
        parent,
        rung=given["rung"],
        at_least=given["at_least"],
        money=given["money"],
        amount=given["amount"],
        rate=given["rate"],
        min_asks=given["min_asks"],
    )
    row = svc.experiment_revise(
        experiment=parent,
        on=now,
        hypothesis=body.hypothesis,
        segment=body.segment,
        criterion=criterion,
        deadline=body.deadline,
    )
    return Status(201, experiment_data(experiment_judged(request.workspace, row, now)))


@router.get("/asks", response=dict)
def asks_table(request: ApiRequest, segment: str | None = None):
    """Which asks work: per rung and per wording, how each was answered and how fast (one segment or all)."""
    return ask_table_data(segment_ask_table(request.workspace, today(), segment or None))


def _criterion(body: CriterionBody) -> svc.CriterionInput:
    return svc.CriterionInput(
        rung=body.rung,
        at_least=body.at_least,
        money=body.money,
        amount=body.amount,
        rate=body.rate,
        min_asks=body.min_asks,
    )
