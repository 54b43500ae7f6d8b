"""A new day's catch-up judges again only the leads the date can change, and ends where a full
recomputation would: on generated workspaces, day after day, with writes in between.

Also: the raw history loader reads what the models hold, and the process pool judges as one
process does."""

import json
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from earnest.domain.horizon import KEEP_DAYS
from earnest.domain.ladder_files import builtin_ladders
from earnest.domain.strength import HALF_LIFE_DAYS
from earnest.ledger import mapping
from earnest.ledger import models as m
from earnest.ledger.derived import snapshots
from earnest.ledger.derived.reading_pool import reading_pool_usable
from earnest.ledger.derived.snapshots import snapshots_current, snapshots_pending, snapshots_refresh
from earnest.ledger.derived.verdict_rows import COLUMNS, Job, Judging, snapshot_rows
from earnest.ledger.reads.selectors import history_rows, prospect_histories, workspace_ladders
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.demo import demo_load
from earnest.ledger.services.outcomes import conversation_refresh_outcome_of
from earnest.ledger.services.steps import next_step_add

# Compared as they are; computed_for and recheck_on say when a row was judged, and the strength
# fades a little each day (see domain.horizon), so it is compared within a week's decay.
EXACT = [c for c in COLUMNS if c not in ("computed_for", "recheck_on", "strength")]
_DATES = {"stage_since", "next_step_due"}
_JSON = {"warnings", "reached", "counts"}


def generate(workspace: m.Workspace, count: int, today: date, seed: int) -> None:
    """Leads whose facts fall around today: promises and steps due in the coming weeks, fresh
    asks, parkings that end, evidence and conversations dated ahead, leads about to stall."""
    rng = random.Random(seed)
    ladders = builtin_ladders()

    def day(low: int, high: int) -> date:
        return today + timedelta(days=rng.randint(low, high))

    prospects = m.Prospect.objects.bulk_create(
        m.Prospect(
            workspace=workspace,
            name=f"Lead {i:03d}",
            ladder=rng.choice(sorted(ladders)),
            created_on=day(-120, -30),
            parked_on=(parked := day(-20, -1) if rng.random() < 0.1 else None),
            parked_until=day(1, 20) if parked else None,
            park_reason="after their budget round" if parked else "",
            classification=rng.choice(["", "", "", "", "no_current_opportunity"]),
        )
        for i in range(count)
    )
    contacts, talks, promises, steps, evidence = [], [], [], [], []
    for p in prospects:
        for _ in range(rng.randint(0, 2)):
            contacts.append(
                m.Contact(workspace=workspace, prospect=p, name="Ana", role=rng.choice(["user", "champion"]))
            )
        for _ in range(rng.randint(0, 3)):
            talks.append(
                m.Conversation(
                    workspace=workspace,
                    prospect=p,
                    on=day(-60, 5),
                    hedged=rng.random() < 0.2,
                    complimented=rng.random() < 0.3,
                    outreach_unanswered=rng.random() < 0.15,
                    outcome="no_next_step",
                )
            )
        rungs = [r for r in ladders[p.ladder].rungs if r.track == "main"]
        for position in range(rng.randint(0, 3)):
            rung = rungs[min(position, len(rungs) - 1)]
            asked = day(-50, 3)
            status = rng.choice(["asked", "asked", "agreed", "agreed", "declined", "fulfilled"])
            answered = asked + timedelta(days=rng.randint(0, 6)) if status != "asked" else None
            promises.append(
                m.Commitment(
                    workspace=workspace,
                    prospect=p,
                    description=rung.label,
                    rung=rung.key,
                    currencies=sorted(c.label for c in rung.currencies),
                    status=status,
                    asked_on=asked,
                    answered_on=answered,
                    due=asked + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.7 else None,
                    closed_on=answered + timedelta(days=rng.randint(0, 4)) if status == "fulfilled" else None,
                    amount=Decimal(rng.randint(1, 90) * 100) if rng.random() < 0.2 else None,
                )
            )
        for _ in range(rng.randint(0, 2)):
            created = day(-30, 2)
            done = rng.random() < 0.3
            steps.append(
                m.NextStep(
                    workspace=workspace,
                    prospect=p,
                    description="Follow up",
                    owner=rng.choice(["prospect", "us", "both"]),
                    created_on=created,
                    due=created + timedelta(days=rng.randint(1, 25)) if rng.random() < 0.8 else None,
                    result=rng.choice(["yes", "no"]) if done else "",
                    done_on=created + timedelta(days=1) if done else None,
                )
            )
        if rng.random() < 0.3:
            evidence.append(
                m.Evidence(
                    workspace=workspace, prospect=p, criterion=rng.choice(["has_budget", "urgency"]), on=day(-40, 4)
                )
            )
    m.Contact.objects.bulk_create(contacts)
    m.Conversation.objects.bulk_create(talks)
    m.Commitment.objects.bulk_create(promises)
    m.NextStep.objects.bulk_create(steps)
    m.Evidence.objects.bulk_create(evidence)
    for talk in talks:  # each conversation's stored outcome, as the services keep it
        conversation_refresh_outcome_of(talk.pk)


def _stored(workspace: m.Workspace) -> dict[int, dict]:
    rows = m.LeadSnapshot.objects.filter(workspace=workspace).values("prospect_id", "strength", *EXACT[1:])
    return {r["prospect_id"]: r for r in rows}


def _recomputed(workspace: m.Workspace, today: date) -> dict[int, dict]:
    """Every lead judged again for `today`, in memory: what a full recomputation would store."""
    revisions = dict(m.Prospect.objects.filter(workspace=workspace).values_list("pk", "revision"))
    job = Job(workspace.pk, history_rows(workspace), workspace_ladders(workspace), today, revisions)
    found = {}
    for row in snapshot_rows(job):
        values = dict(zip(COLUMNS, row, strict=True))
        for name in _DATES:
            values[name] = date.fromisoformat(values[name]) if values[name] else None
        for name in _JSON:
            values[name] = json.loads(values[name])
        values["money_committed"] = Decimal(values["money_committed"])
        found[values["prospect_id"]] = values
    return found


def _assert_same_as_a_full_recomputation(workspace: m.Workspace, today: date) -> None:
    stored, fresh = _stored(workspace), _recomputed(workspace, today)
    assert stored.keys() == fresh.keys()
    for pk, row in fresh.items():
        kept = stored[pk]
        assert {c: kept[c] for c in EXACT[1:]} == {c: row[c] for c in EXACT[1:]}, f"lead {pk} on {today}"
        # Kept for at most a week: its strength has faded by at most a week's decay since.
        fade = 0.5 ** (KEEP_DAYS / HALF_LIFE_DAYS)
        assert kept["strength"] + 0.01 >= row["strength"] >= kept["strength"] * fade - 0.11, f"lead {pk}"


def test_day_after_day_the_catch_up_ends_where_a_full_recomputation_would(workspace, today):
    generate(workspace, 160, today, seed=3)
    snapshots_refresh(workspace, today)
    total = m.Prospect.objects.filter(workspace=workspace).count()
    judged = []
    for n in range(1, 29):
        day = today + timedelta(days=n)
        due = snapshots_pending(workspace, day)
        snapshots_current(workspace, day)  # a reader on the new day: recomputes what is due, inline
        assert snapshots_pending(workspace, day) == 0
        _assert_same_as_a_full_recomputation(workspace, day)
        judged.append(due)
    # Only some leads are judged again each day; each is judged at least once a week.
    assert max(judged) < total and sum(judged) / len(judged) < total / 2, judged
    assert sum(judged) >= total * (28 // KEEP_DAYS), judged


def test_writes_between_the_days_leave_the_same_verdicts_as_a_full_recomputation(
    workspace, today, django_capture_on_commit_callbacks
):
    generate(workspace, 80, today, seed=11)
    snapshots_refresh(workspace, today)
    rng = random.Random(5)
    ids = list(m.Prospect.objects.filter(workspace=workspace).values_list("pk", flat=True))
    for n in range(1, 15):
        day = today + timedelta(days=n)
        with django_capture_on_commit_callbacks(execute=True):
            for pk in rng.sample(ids, 3):
                prospect = m.Prospect.objects.get(pk=pk)
                if n % 2:
                    next_step_add(prospect=prospect, description="Call", on=day, owner="both", due=day + timedelta(2))
                else:
                    c = commitment_ask(
                        prospect=prospect, on=day - timedelta(days=1), description="A pilot", currencies=["time"]
                    )
                    commitment_set_status(commitment=c, to="agreed", on=day, due=day + timedelta(days=3))
        snapshots_current(workspace, day)
        _assert_same_as_a_full_recomputation(workspace, day)


def test_a_lead_whose_promise_falls_due_is_judged_again_the_day_after(workspace, prospect, today, days):
    c = commitment_ask(prospect=prospect, on=days(-3), rung="intro_colleague")
    commitment_set_status(commitment=c, to="agreed", on=days(-2), due=days(2))
    snapshots_refresh(workspace, today)
    snapshot = m.LeadSnapshot.objects.get(prospect=prospect)
    assert snapshot.verdict == "real" and snapshot.recheck_on <= days(3)
    assert snapshots_pending(workspace, days(3)) == 1
    assert snapshots_current(workspace, days(3)).get(prospect=prospect).verdict == "zombie"  # broken


def test_the_raw_loader_reads_the_same_histories_as_the_models(workspace, today):
    demo_load(workspace=workspace, today=today)
    lead = m.Prospect.objects.filter(workspace=workspace).first()
    c = commitment_ask(prospect=lead, on=today - timedelta(days=3), description="Pay", currencies=["money", "time"])
    commitment_set_status(commitment=c, to="agreed", on=today - timedelta(days=2))
    m.Commitment.objects.filter(pk=c.pk).update(amount=Decimal("1234.50"))
    expected = [_from_models(p) for p in m.Prospect.objects.filter(workspace=workspace).order_by("pk")]
    assert prospect_histories(workspace) == expected
    some = [h.id for h in expected[::3]]
    assert prospect_histories(workspace, some) == [h for h in expected if h.id in some]


def _from_models(p: m.Prospect):
    columns = mapping._columns
    return mapping.history_of(
        columns(p, mapping.PROSPECT_COLUMNS),
        contacts=[mapping.contact_of(columns(c, mapping.CONTACT_COLUMNS)) for c in p.contacts.order_by("pk")],
        conversations=[mapping.conversation_value(c) for c in p.conversations.order_by("on", "pk")],
        commitments=[mapping.commitment_value(c) for c in p.commitments.order_by("asked_on", "pk")],
        next_steps=[mapping.step_value(s) for s in p.next_steps.order_by("created_on", "pk")],
        evidence=[mapping.evidence_of(columns(e, mapping.EVIDENCE_COLUMNS)) for e in p.evidence.order_by("on", "pk")],
    )


@pytest.mark.parametrize("processes", [2, 3])
def test_a_pool_of_processes_judges_a_block_as_one_process_does(workspace, today, processes, monkeypatch):
    generate(workspace, 120, today, seed=7)
    monkeypatch.setattr("earnest.ledger.derived.verdict_rows.SLICE", 25)  # several slices per worker
    revisions = dict(m.Prospect.objects.filter(workspace=workspace).values_list("pk", "revision"))
    job = Job(workspace.pk, history_rows(workspace), workspace_ladders(workspace), today, revisions)
    judging = Judging(job, processes=processes)
    assert judging.processes == processes
    assert judging.rows() == snapshot_rows(job)


def test_a_refresh_judged_by_a_pool_stores_what_one_process_stores(workspace, today, monkeypatch):
    generate(workspace, 90, today, seed=9)
    snapshots_refresh(workspace, today)
    alone = _stored(workspace)
    m.LeadSnapshot.objects.filter(workspace=workspace).delete()
    monkeypatch.setattr("earnest.ledger.derived.verdict_rows.POOL_FROM", 10)
    monkeypatch.setattr("earnest.ledger.derived.verdict_rows.SLICE", 20)
    monkeypatch.setattr(snapshots, "BLOCK", 40)  # three blocks: each judged while the last is written
    assert snapshots_refresh(workspace, today) == 90
    assert _stored(workspace) == alone


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("whole", [True, False])
def test_workers_that_read_their_own_blocks_store_what_one_process_stores(workspace, today, monkeypatch, whole):
    if not reading_pool_usable():
        pytest.skip("an in-memory SQLite database is seen by this process only (the PostgreSQL run covers it)")
    generate(workspace, 90, today, seed=11)
    ids = sorted(m.Prospect.objects.filter(workspace=workspace).values_list("pk", flat=True))
    some = None if whole else ids[::2]
    monkeypatch.setattr("earnest.ledger.derived.verdict_rows.POOL_FROM", 1_000_000)
    snapshots_refresh(workspace, today, some)
    alone = _stored(workspace)
    m.LeadSnapshot.objects.filter(workspace=workspace).delete()
    monkeypatch.setattr("earnest.ledger.derived.verdict_rows.POOL_FROM", 10)
    monkeypatch.setattr("earnest.ledger.derived.verdict_rows.SLICE", 20)
    monkeypatch.setattr(snapshots, "TASK", 15)  # several blocks a worker, written as they come
    assert snapshots_refresh(workspace, today, some) == len(alone)
    assert _stored(workspace) == alone


def test_inside_a_transaction_the_refresh_reads_the_blocks_itself(workspace):
    # The workers' own connections would not see this transaction's rows.
    assert not reading_pool_usable()


@pytest.mark.django_db(transaction=True)
def test_beside_another_thread_the_refresh_reads_the_blocks_itself(workspace):
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not reading_pool_usable()  # a fork would copy the other thread's driver state
    finally:
        release.set()
        other.join()
