from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from earnest.jsonable import assessment_data, jsonable
from earnest.ledger import models as m
from earnest.ledger.reads import selectors
from earnest.ledger.reads.records import audit_data, prospect_data
from earnest.ledger.services import prospects as svc

from ..auth import ApiRequest
from ..common import refused_duplicates, scoped, today
from ..pagination import Mapped
from ..schemas import AuditOut, ClassifyIn, CloseIn, ParkIn, ProspectIn, ProspectOut, ProspectPatch

router = Router(tags=["prospects"])


class ProspectFilter(Schema):
    q: str | None = None
    ladder: str | None = None
    owner: str | None = None


@router.get("/prospects", response=list[ProspectOut])
@paginate
def prospect_list(request: ApiRequest, filters: Query[ProspectFilter]):
    qs = m.Prospect.objects.filter(workspace=request.workspace).order_by("name", "pk").prefetch_related("tags")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.ladder:
        qs = qs.filter(ladder=filters.ladder)
    if filters.owner:
        qs = qs.filter(owner=filters.owner)
    return Mapped(qs, prospect_data)


@router.post("/prospects", response={201: ProspectOut})
def prospect_create(request: ApiRequest, body: ProspectIn, allow_duplicate: bool = False):
    """Add a prospect; one whose name or domain matches an existing prospect is refused with 409 naming
    it, unless `allow_duplicate=true`."""
    data = body.dict()
    created_on = data.pop("created_on") or today()
    with refused_duplicates():
        return Status(
            201,
            prospect_data(
                svc.prospect_create(
                    workspace=request.workspace, created_on=created_on, **data, allow_duplicate=allow_duplicate
                )
            ),
        )


@router.get("/prospects/{prospect_id}", response=ProspectOut)
def prospect_get(request: ApiRequest, prospect_id: int):
    return prospect_data(scoped(request, m.Prospect, prospect_id))


@router.patch("/prospects/{prospect_id}", response=ProspectOut)
def prospect_update(request: ApiRequest, prospect_id: int, body: ProspectPatch):
    changes = body.dict(exclude_unset=True, exclude_none=True)
    version = changes.pop("version")
    return prospect_data(
        svc.prospect_update(prospect=scoped(request, m.Prospect, prospect_id), expected_version=version, **changes)
    )


@router.delete("/prospects/{prospect_id}", response={204: None})
def prospect_delete(request: ApiRequest, prospect_id: int, version: int | None = None):
    """Delete a prospect with its whole history; pass `version` to refuse if it changed meanwhile."""
    from earnest.ledger.services.deletions import prospect_delete as delete

    delete(prospect=scoped(request, m.Prospect, prospect_id), expected_version=version)
    return Status(204, None)


@router.post("/prospects/{prospect_id}/merge", response=dict)
def prospect_merge(request: ApiRequest, prospect_id: int, absorb_id: int, version: int | None = None):
    """Fold prospect `absorb_id` (a duplicate) into this one: everything it has moves here, then it is deleted."""
    from earnest.ledger.services.merges import prospect_merge as merge

    moved = merge(
        keep=scoped(request, m.Prospect, prospect_id),
        absorb=scoped(request, m.Prospect, absorb_id),
        keep_version=version,
    )
    return {"kept": prospect_id, "absorbed": absorb_id, "moved": moved}


@router.post("/prospects/{prospect_id}/classify", response=ProspectOut)
def prospect_classify(request: ApiRequest, prospect_id: int, body: ClassifyIn):
    return prospect_data(
        svc.prospect_classify(
            prospect=scoped(request, m.Prospect, prospect_id), classification=body.classification, on=body.on or today()
        )
    )


@router.post("/prospects/{prospect_id}/close", response=ProspectOut)
def prospect_close(request: ApiRequest, prospect_id: int, body: CloseIn):
    return prospect_data(
        svc.prospect_close(
            prospect=scoped(request, m.Prospect, prospect_id), reason=body.reason, note=body.note, on=body.on or today()
        )
    )


@router.post("/prospects/{prospect_id}/park", response=ProspectOut)
def prospect_park(request: ApiRequest, prospect_id: int, body: ParkIn):
    return prospect_data(
        svc.prospect_park(
            prospect=scoped(request, m.Prospect, prospect_id),
            reason=body.reason,
            until=body.until,
            on=body.on or today(),
        )
    )


@router.post("/prospects/{prospect_id}/reopen", response=ProspectOut)
def prospect_reopen(request: ApiRequest, prospect_id: int):
    return prospect_data(svc.prospect_reopen(prospect=scoped(request, m.Prospect, prospect_id)))


@router.get("/prospects/{prospect_id}/verdict", response=dict)
def prospect_verdict(request: ApiRequest, prospect_id: int):
    """The lead's verdict with its reasons, warnings, strength, earlyvangelist score, stage and advice."""
    prospect = scoped(request, m.Prospect, prospect_id)
    history, assessment = selectors.lead_assessment(request.workspace, prospect, today())
    return assessment_data(history, assessment)


@router.get("/prospects/{prospect_id}/coach", response=dict)
def prospect_coach(request: ApiRequest, prospect_id: int):
    """The coach's next right-sized ask, in the wording that got answers in the prospect's segment."""
    from earnest.ledger.reads.experiments import coached_advice

    _, _, advice = coached_advice(request.workspace, scoped(request, m.Prospect, prospect_id), today())
    return jsonable(advice)


@router.get("/prospects/{prospect_id}/brief", response=dict)
def prospect_brief(request: ApiRequest, prospect_id: int):
    """What to know and what to ask before the next meeting."""
    prospect = scoped(request, m.Prospect, prospect_id)
    return jsonable(selectors.prospect_brief(request.workspace, prospect, today()))


@router.get("/prospects/{prospect_id}/audit", response=list[AuditOut])
@paginate
def prospect_audit(request: ApiRequest, prospect_id: int):
    prospect = scoped(request, m.Prospect, prospect_id)
    return Mapped(prospect.audit_events.order_by("-at", "-pk"), audit_data)
