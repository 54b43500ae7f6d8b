"""Workspace-wide reads: leads with verdicts, today's agenda, ladders, and the notes analyzer."""

from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from earnest.domain.results import Verdict
from earnest.jsonable import jsonable
from earnest.ledger.derived.read_cache import workspace_cached
from earnest.ledger.derived.snapshots import snapshots_current
from earnest.ledger.reads.records import ladder_data, ladder_detail_data
from earnest.ledger.reads.selectors import lead_details, workspace_ladders
from earnest.ledger.services.ladders import ladder_delete, ladder_save

from ..auth import ApiRequest
from ..common import today
from ..limits import rate_check, within_budget
from ..pagination import MappedMany
from ..schemas import AnalyzeIn, LadderIn

router = Router()


class LeadFilter(Schema):
    verdict: list[str] = []


@router.get("/leads", response=list[dict], tags=["leads"])
@paginate
def lead_list(request: ApiRequest, filters: Query[LeadFilter]):
    """Every lead with its verdict and the reasons behind it, strongest first."""
    unknown = [v for v in filters.verdict if v not in Verdict.choices()]
    if unknown:
        raise HttpError(400, f"unknown verdict {unknown[0]!r}; use one of: {', '.join(Verdict.choices())}")
    qs = snapshots_current(request.workspace, today()).order_by("-strength", "name", "pk")
    if filters.verdict:
        qs = qs.filter(verdict__in=filters.verdict)
    return MappedMany(qs.values_list("prospect_id", flat=True), lambda ids: _details(request, ids))


def _details(request: ApiRequest, ids: list[int]) -> list[dict]:
    """The page's leads judged (`lead_details`), once per change of the workspace and page."""
    workspace, now = request.workspace, today()
    details = workspace_cached(workspace, now, f"lead-details:{ids}", lambda: lead_details(workspace, now, ids))
    return [details[pk] for pk in ids if pk in details]


@router.get("/today", response=dict, tags=["leads"])
def today_view(request: ApiRequest):
    """Meetings to debrief and to prepare, our to-dos, commitments due or broken, weak conversations,
    stalled and zombie leads: the same agenda as the Today page and `earnest today`.

    Each list holds at most 50 items, the longest-waiting first; `counts` has the totals."""
    from earnest.ledger.reads.today import workspace_agenda

    return jsonable(workspace_agenda(request.workspace, shown=50, today=today()))


@router.get("/ladders", response=list[dict], tags=["ladders"])
def ladder_list(request: ApiRequest):
    return [jsonable(ladder_data(lad)) for lad in workspace_ladders(request.workspace).values()]


@router.get("/ladders/{key}", response=dict, tags=["ladders"])
def ladder_detail(request: ApiRequest, key: str):
    from earnest.domain.errors import DomainError

    try:
        return jsonable(ladder_detail_data(request.workspace, key))
    except DomainError as exc:
        raise HttpError(404, str(exc)) from None


@router.put("/ladders/{key}", response=dict, tags=["ladders"])
def ladder_put(request: ApiRequest, key: str, body: LadderIn):
    """Create or replace a custom ladder from its TOML source; the key in the source must match."""
    ladder_save(
        workspace=request.workspace,
        source=body.source,
        origin=f"ladder {key!r}",
        key=key,
        expected_version=body.version,
    )
    return jsonable(ladder_detail_data(request.workspace, key))


@router.delete("/ladders/{key}", response={204: None}, tags=["ladders"])
def ladder_remove(request: ApiRequest, key: str):
    ladder_delete(workspace=request.workspace, key=key)
    return Status(204, None)


@router.post("/analyze", response=dict, tags=["analyzer"])
def analyze_notes(request: ApiRequest, body: AnalyzeIn):
    """Find compliments, hedges, commitments, next steps and more in notes, emails or transcripts.

    Up to 50,000 characters, 20 times a minute per person, within a 10-second budget; for more,
    use `earnest analyze --jsonl`.
    """
    from earnest.analyzer import analyze

    rate_check(user_id=request.auth_user.pk, kind="analyze")
    return jsonable(within_budget(analyze, body.text, when=body.date or today()))
