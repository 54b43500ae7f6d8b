from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from earnest.ledger.models import LeadSnapshot
from earnest.ledger.selectors import lead_assessments
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.demo import demo_load
from earnest.ledger.snapshots import snapshots_current, snapshots_refresh


def test_snapshots_agree_with_a_full_computation(workspace, today):
    demo_load(workspace=workspace, today=today)
    expected = {h.id: a.verdict.value for h, a in lead_assessments(workspace, today)}
    got = dict(snapshots_current(workspace, today).values_list("prospect_id", "verdict"))
    assert got == expected
    northwind = LeadSnapshot.objects.get(prospect__name="Northwind Freight")
    assert northwind.earlyvangelist and northwind.rung == "evaluation_effort" and northwind.rung_position == 3
    assert northwind.data["reasons"] and northwind.next_step_due == today + timedelta(days=10)


def test_a_recorded_change_drops_the_snapshot_and_the_next_read_recomputes_it(workspace, prospect, today, days):
    snapshots_current(workspace, today)
    assert LeadSnapshot.objects.get(prospect=prospect).verdict == "unasked"
    c = commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
    assert not LeadSnapshot.objects.filter(prospect=prospect).exists()
    commitment_set_status(commitment=c, to="agreed", on=days(-1))
    assert snapshots_current(workspace, today).get(prospect=prospect).verdict == "real"


def test_a_snapshot_from_yesterday_is_stale(workspace, prospect, today):
    snapshots_refresh(workspace, today - timedelta(days=1))
    assert snapshots_current(workspace, today).get(prospect=prospect).computed_for == today


def test_reading_fresh_snapshots_takes_the_same_queries_for_any_number_of_prospects(workspace, today):
    demo_load(workspace=workspace, today=today)
    snapshots_current(workspace, today)
    with CaptureQueriesContext(connection) as ctx:
        list(snapshots_current(workspace, today))
    assert len(ctx.captured_queries) == 3  # two counts say nothing is stale, then the rows
