"""The derived-state hook: what a write tells the revision, the snapshot and the read cache."""

from datetime import timedelta

import pytest
from django.db import transaction

from earnest.domain import rules_version
from earnest.ledger.derived import prospect_changed, prospects_changed, snapshots
from earnest.ledger.derived.audit import record
from earnest.ledger.derived.read_cache import change_marker
from earnest.ledger.derived.snapshots import STALE, snapshots_current, snapshots_pending, snapshots_refresh
from earnest.ledger.models import AuditEvent, LeadSnapshot, Prospect
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.demo import demo_load
from earnest.ledger.services.prospects import prospect_create


def test_recording_an_audit_event_changes_no_derived_state(
    workspace, prospect, today, django_capture_on_commit_callbacks
):
    snapshots_refresh(workspace, today)
    revision = Prospect.objects.get(pk=prospect.pk).revision
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(prospect, "updated", {"notes": ["a", "b"]})
    assert AuditEvent.objects.filter(prospect=prospect, action="updated").exists()
    assert Prospect.objects.get(pk=prospect.pk).revision == revision
    assert LeadSnapshot.objects.get(prospect=prospect).computed_for == today
    assert callbacks == []  # nothing recomputed, no cache generation started


def test_prospect_changed_raises_the_revision_and_stamps_the_stale_snapshot(
    workspace, prospect, today, django_capture_on_commit_callbacks
):
    snapshots_refresh(workspace, today)
    start = Prospect.objects.get(pk=prospect.pk).revision
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert prospect_changed(workspace.pk, prospect.pk) == start + 1
    stamped = LeadSnapshot.objects.get(prospect=prospect)
    assert stamped.computed_for == STALE and stamped.revision == start + 1
    # After the commit: the snapshot first, then the new cache generation.
    assert [c.__name__ for c in callbacks] == ["_after_commit", "<lambda>"]


def test_prospect_changed_after_the_commit_recomputes_and_retires_the_cached_reads(
    workspace, prospect, today, django_capture_on_commit_callbacks
):
    snapshots_refresh(workspace, today)
    marker = change_marker(workspace)
    with django_capture_on_commit_callbacks(execute=True):
        prospect_changed(workspace.pk, prospect.pk)
    fresh = LeadSnapshot.objects.get(prospect=prospect)
    assert fresh.computed_for != STALE and fresh.revision == Prospect.objects.get(pk=prospect.pk).revision
    assert change_marker(workspace) != marker


def test_after_a_rollback_nothing_of_the_change_is_visible(workspace, prospect, today):
    snapshots_refresh(workspace, today)
    start = Prospect.objects.get(pk=prospect.pk).revision
    with pytest.raises(RuntimeError), transaction.atomic():
        prospect_changed(workspace.pk, prospect.pk)
        raise RuntimeError("the write failed")
    assert Prospect.objects.get(pk=prospect.pk).revision == start
    assert LeadSnapshot.objects.get(prospect=prospect).computed_for == today


def test_every_service_write_goes_through_the_hook(workspace, prospect, today, days):
    """A service that wrote without calling the hook would leave the verdict of yesterday."""
    snapshots_refresh(workspace, today)
    c = commitment_ask(prospect=prospect, on=days(-2), rung="intro_colleague")
    commitment_set_status(commitment=c, to="agreed", on=days(-1))
    assert LeadSnapshot.objects.get(prospect=prospect).computed_for == STALE
    assert snapshots_current(workspace, today).get(prospect=prospect).verdict == "real"


def test_prospects_changed_marks_many_in_a_fixed_number_of_queries(
    workspace, today, days, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    demo_load(workspace=workspace, today=today)
    snapshots_refresh(workspace, today)
    ids = list(Prospect.objects.filter(workspace=workspace).values_list("pk", flat=True))
    revisions = dict(Prospect.objects.filter(pk__in=ids).values_list("pk", "revision"))
    with django_assert_max_num_queries(2), django_capture_on_commit_callbacks(execute=False):
        prospects_changed(workspace.pk, ids)
    rows = LeadSnapshot.objects.filter(prospect_id__in=ids)
    assert {r.prospect_id: r.revision for r in rows} == {pk: revisions[pk] + 1 for pk in ids}
    assert {r.computed_for for r in rows} == {STALE}
    assert snapshots_current(workspace, today).filter(computed_for=today).count() == len(ids)


def test_a_snapshot_from_other_rules_is_stale_and_the_next_read_recomputes_it(workspace, today, monkeypatch):
    demo_load(workspace=workspace, today=today)
    snapshots_current(workspace, today)
    assert snapshots_pending(workspace, today) == 0
    count = Prospect.objects.filter(workspace=workspace).count()
    monkeypatch.setattr(rules_version, "RULES_VERSION", rules_version.RULES_VERSION + 1)
    # No migration, no write: the stored verdicts no longer count as current.
    assert snapshots_pending(workspace, today) == count
    assert len(snapshots.stale_prospect_ids(workspace, today)) == count
    rows = snapshots_current(workspace, today)
    assert snapshots_pending(workspace, today) == 0
    assert set(rows.values_list("rules_version", flat=True)) == {rules_version.RULES_VERSION}


def test_the_dashboard_totals_only_trust_snapshots_of_the_running_rules(workspace, today, days, monkeypatch):
    from earnest.ledger.reads.reports import _commitment_totals

    lead = prospect_create(workspace=workspace, name="Initech", created_on=days(-30))
    c = commitment_ask(prospect=lead, on=days(-4), rung="intro_colleague")
    commitment_set_status(commitment=c, to="agreed", on=days(-3))
    snaps = snapshots_current(workspace, today)
    before = _commitment_totals(workspace, snaps, today)
    # Stored tallies that the running rules did not compute are not added up; the totals hold.
    LeadSnapshot.objects.filter(prospect=lead).update(promises=99)
    monkeypatch.setattr(rules_version, "RULES_VERSION", rules_version.RULES_VERSION + 1)
    assert _commitment_totals(workspace, LeadSnapshot.objects.filter(workspace=workspace), today) == before
    assert before.agreed == 1


def test_a_snapshot_of_yesterday_holds_until_its_recheck_day_then_is_stale(workspace, prospect, today):
    snapshots_refresh(workspace, today - timedelta(days=1))
    LeadSnapshot.objects.filter(prospect=prospect).update(recheck_on=today + timedelta(days=1))
    assert snapshots_pending(workspace, today) == 0  # nothing dated between yesterday and tomorrow
    LeadSnapshot.objects.filter(prospect=prospect).update(recheck_on=today)
    assert snapshots_pending(workspace, today) == 1
    assert snapshots.stale_prospect_ids(workspace, today) == [prospect.pk]


def test_a_snapshot_computed_for_a_later_day_does_not_hold_today(workspace, prospect, today):
    snapshots_refresh(workspace, today + timedelta(days=1))
    assert snapshots_pending(workspace, today) == 1
