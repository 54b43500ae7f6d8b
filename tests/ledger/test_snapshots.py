from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from earnest.ledger.derived import snapshots
from earnest.ledger.derived.snapshots import STALE, snapshots_current, snapshots_pending, snapshots_refresh
from earnest.ledger.derived.verdict_rows import COLUMNS, Job, snapshot_rows
from earnest.ledger.models import LeadSnapshot, Prospect, SnapshotLease
from earnest.ledger.reads.selectors import history_rows, lead_assessments, lead_details, workspace_ladders
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.demo import demo_load
from earnest.ledger.services.prospects import prospect_create


def test_snapshots_agree_with_a_full_computation(workspace, today):
    demo_load(workspace=workspace, today=today)
    expected = {h.id: a.verdict.value for h, a in lead_assessments(workspace, today)}
    got = dict(snapshots_current(workspace, today).values_list("prospect_id", "verdict"))
    assert got == expected
    northwind = LeadSnapshot.objects.get(prospect__name="Northwind Freight")
    assert northwind.earlyvangelist and northwind.rung == "evaluation_effort" and northwind.rung_position == 3
    assert northwind.next_step_due == today + timedelta(days=10)
    assert lead_details(workspace, today, [northwind.pk])[northwind.pk]["reasons"]


def test_a_recorded_change_marks_the_snapshot_stale_until_the_commit_recomputes_it(
    workspace, prospect, today, days, django_capture_on_commit_callbacks
):
    snapshots_refresh(workspace, date.today())
    assert LeadSnapshot.objects.get(prospect=prospect).verdict == "unasked"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        commitment_ask(prospect=prospect, on=date.today() - timedelta(days=2), rung="intro_colleague")
    # Before the commit the row stays listed, but no reader takes it for current.
    assert LeadSnapshot.objects.get(prospect=prospect).computed_for == STALE
    for callback in callbacks:
        callback()
    fresh = LeadSnapshot.objects.get(prospect=prospect)
    assert fresh.computed_for == date.today() and fresh.revision == Prospect.objects.get(pk=prospect.pk).revision
    # Waiting for the answer: it holds until the ask's grace runs out (asked 2 days ago, 7 days).
    assert fresh.verdict == "unasked" and fresh.recheck_on <= date.today() + timedelta(days=6)


def test_a_stale_snapshot_is_recomputed_by_the_next_reader(workspace, prospect, today, days):
    snapshots_current(workspace, today)
    c = commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
    commitment_set_status(commitment=c, to="agreed", on=days(-1))  # no commit in this test: no upkeep ran
    assert snapshots_current(workspace, today).get(prospect=prospect).verdict == "real"


def test_one_commit_recomputes_each_changed_prospect_once(
    workspace, prospect, today, days, django_capture_on_commit_callbacks
):
    other = prospect_create(workspace=workspace, name="Globex", created_on=days(-5))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        c = commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
        commitment_set_status(commitment=c, to="agreed", on=days(-1))
        commitment_ask(prospect=other, on=days(-1), rung="intro_colleague")
    assert set(LeadSnapshot.objects.filter(computed_for=date.today()).values_list("prospect_id", flat=True)) == {
        prospect.pk,
        other.pk,
    }


def test_a_snapshot_from_yesterday_is_recomputed_once_its_recheck_day_has_come(workspace, prospect, today):
    snapshots_refresh(workspace, today - timedelta(days=1))
    LeadSnapshot.objects.filter(prospect=prospect).update(recheck_on=today)
    assert snapshots_current(workspace, today).get(prospect=prospect).computed_for == today


def test_reading_fresh_snapshots_takes_the_same_queries_for_any_number_of_prospects(workspace, today):
    demo_load(workspace=workspace, today=today)
    snapshots_current(workspace, today)
    with CaptureQueriesContext(connection) as ctx:
        list(snapshots_current(workspace, today))
    # The newest change and prospect ids say nothing changed since the last check; then the rows.
    assert len(ctx.captured_queries) == 3


def test_a_change_makes_the_next_reader_check_again(workspace, prospect, today, days):
    snapshots_current(workspace, today)
    commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
    with CaptureQueriesContext(connection) as ctx:
        assert snapshots_current(workspace, today).get(prospect=prospect).verdict == "unasked"
    assert any("COUNT" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_too_many_stale_snapshots_are_caught_up_in_the_background(workspace, today, monkeypatch, settings):
    demo_load(workspace=workspace, today=today)
    yesterday = today - timedelta(days=1)
    snapshots_refresh(workspace, yesterday)
    LeadSnapshot.objects.filter(workspace=workspace).update(recheck_on=today)  # a day when all are due
    monkeypatch.setattr(snapshots, "INLINE_LIMIT", 2)
    settings.EARNEST_BACKGROUND_REFRESH = True
    # The reader is not kept waiting: it gets yesterday's verdicts while a thread catches up.
    listed = snapshots_current(workspace, today)
    assert listed.count() == Prospect.objects.filter(workspace=workspace).count()
    thread = snapshots._threads[workspace.pk]
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert snapshots_pending(workspace, today) == 0
    expected = {h.id: a.verdict.value for h, a in lead_assessments(workspace, today)}
    assert dict(snapshots_current(workspace, today).values_list("prospect_id", "verdict")) == expected
    assert SnapshotLease.objects.get(workspace=workspace).until < timezone.now()  # released


def test_outside_a_server_the_reader_recomputes_even_many_stale_verdicts_itself(workspace, today, monkeypatch):
    demo_load(workspace=workspace, today=today)
    snapshots_refresh(workspace, today - timedelta(days=1))
    LeadSnapshot.objects.filter(workspace=workspace).update(recheck_on=today)
    monkeypatch.setattr(snapshots, "INLINE_LIMIT", 2)
    snapshots_current(workspace, today)
    assert snapshots_pending(workspace, today) == 0  # already current when the read returns


@pytest.mark.django_db(transaction=True)
def test_only_one_process_refreshes_a_workspace_at_a_time(workspace, today):
    assert snapshots._claim_lease(workspace.pk, "first")
    assert not snapshots._claim_lease(workspace.pk, "second")
    assert snapshots.background_refresh(workspace, today) is None  # someone else holds the lease
    # Only the holder renews or releases it.
    assert not snapshots._renew_lease(workspace.pk, "second")
    snapshots._release_lease(workspace.pk, "second")
    assert not snapshots._claim_lease(workspace.pk, "second")
    snapshots._release_lease(workspace.pk, "first")
    assert snapshots._claim_lease(workspace.pk, "second")
    # A lease its holder stopped renewing passes on, and the old holder can no longer renew it.
    SnapshotLease.objects.filter(workspace=workspace).update(until=timezone.now() - timedelta(seconds=1))
    assert snapshots._claim_lease(workspace.pk, "third")
    assert not snapshots._renew_lease(workspace.pk, "second")


def test_a_verdict_read_before_a_write_never_replaces_the_one_after_it(workspace, prospect, today, days):
    """A slow refresh that read the history before a write must not store its older verdict."""
    snapshots_refresh(workspace, today)
    revision = Prospect.objects.get(pk=prospect.pk).revision
    old_rows = history_rows(workspace, [prospect.pk])  # read before the write
    c = commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
    commitment_set_status(commitment=c, to="agreed", on=days(-1))
    snapshots_refresh(workspace, today, [prospect.pk])
    assert LeadSnapshot.objects.get(prospect=prospect).verdict == "real"
    # Replay the late refresh: the revision it read is older, so its upsert changes nothing,
    # written row by row (a write's recompute) or in bulk (a block: COPY on PostgreSQL).
    late = snapshot_rows(Job(workspace.pk, old_rows, workspace_ladders(workspace), today, {prospect.pk: revision}))
    assert late[0][COLUMNS.index("verdict")] == "unasked"
    snapshots._upsert(late)
    snapshots._upsert(late * snapshots.COPY_FROM)
    assert LeadSnapshot.objects.get(prospect=prospect).verdict == "real"
    assert Prospect.objects.get(pk=prospect.pk).revision >= 3  # created, asked, agreed


def test_each_recorded_change_raises_the_revision_and_stamps_the_stale_snapshot(workspace, prospect, today, days):
    snapshots_refresh(workspace, today)
    start = Prospect.objects.get(pk=prospect.pk).revision
    commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
    snapshot = LeadSnapshot.objects.get(prospect=prospect)
    assert snapshot.computed_for == STALE and snapshot.revision == start + 1
    assert Prospect.objects.get(pk=prospect.pk).revision == start + 1


def test_pages_cached_while_old_verdicts_were_shown_do_not_outlive_the_catch_up(workspace, today):
    from earnest.ledger.derived.read_cache import change_marker, new_generation

    before = change_marker(workspace)
    new_generation(workspace.pk)  # what the catch-up and every commit do
    assert change_marker(workspace) != before


def test_readers_skip_the_staleness_checks_while_a_catch_up_is_under_way(workspace, prospect, today):
    from django.core.cache import cache

    snapshots_refresh(workspace, today - timedelta(days=1))
    cache.set(snapshots._catching_up_key(workspace.pk), "someone", 60)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(snapshots_current(workspace, today))
    assert len(ctx.captured_queries) == 1 and rows[0].computed_for == today - timedelta(days=1)


def test_editing_a_ladder_judges_its_leads_again(workspace, today, days):
    from earnest.ledger.services.ladders import ladder_save

    source = (
        'key = "agency"\nname = "Agency"\n[[rungs]]\nkey = "call"\nlabel = "Call"\ncurrencies = ["time"]\nweight = 1\n'
    )
    ladder_save(workspace=workspace, source=source)
    lead = prospect_create(workspace=workspace, name="Initech", ladder="agency", created_on=days(-30))
    c = commitment_ask(prospect=lead, on=days(-4), rung="call")
    commitment_set_status(commitment=c, to="agreed", on=days(-3))
    commitment_set_status(commitment=c, to="fulfilled", on=days(-2))
    before = snapshots_current(workspace, today).get(prospect=lead).strength
    heavier = source + '[[rungs]]\nkey = "pilot"\nlabel = "Pilot"\ncurrencies = ["money"]\nweight = 20\n'
    ladder_save(workspace=workspace, source=heavier, key="agency")
    stamped = LeadSnapshot.objects.get(prospect=lead)
    # A refresh that read the old ladder is now behind on revisions and cannot store its verdict.
    assert stamped.computed_for == STALE and stamped.revision == Prospect.objects.get(pk=lead.pk).revision
    after = snapshots_current(workspace, today).get(prospect=lead).strength
    expected = {h.id: a.strength.score for h, a in lead_assessments(workspace, today, [lead.pk])}[lead.pk]
    assert after == pytest.approx(expected) and after < before
