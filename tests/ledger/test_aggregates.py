"""The totals the pages read from the stored verdicts (Today's lists, the board's columns by verdict,
rung and tag, the dashboard's verdicts, funnel, time in each rung and commitment tallies) equal a
recount that judges every lead again, and the totals kept on write (`derived.totals`) equal a sum
over the snapshot rows they are kept for: after a full recomputation, writes, a merge, deletions,
imports, new days, a catch-up, new rules, a ladder edit, a rebuild and a workspace's deletion."""

import statistics
import threading
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from earnest.domain.agenda import LISTS, agenda
from earnest.domain.commitments import Tally, tally
from earnest.domain.currencies import Currency
from earnest.domain.ladders import MAIN_TRACK
from earnest.ledger import models as m
from earnest.ledger.derived import snapshots, totals
from earnest.ledger.derived.snapshots import snapshots_refresh
from earnest.ledger.derived.verdict_rows import highest_main_position
from earnest.ledger.reads import reports
from earnest.ledger.reads.pipeline import BOARD_COLUMNS, NOT_ON_LADDER, Filters, pipeline_board
from earnest.ledger.reads.reports import dashboard
from earnest.ledger.reads.selectors import lead_assessments, workspace_ladders
from earnest.ledger.reads.today import today_agenda
from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
from earnest.ledger.services.conversations import conversation_log
from earnest.ledger.services.deletions import prospect_delete, record_delete
from earnest.ledger.services.demo import demo_load
from earnest.ledger.services.ladders import ladder_save
from earnest.ledger.services.merges import prospect_merge
from earnest.ledger.services.prospects import prospect_close, prospect_create, prospect_park
from earnest.ledger.services.steps import next_step_add, next_step_complete
from earnest.ledger.services.tags import prospect_tag
from earnest.transfer.csv_import import import_csv

from .services.test_ladders import LADDER
from .test_catch_up import generate

TAGS = ("logistics", "clinics")


@pytest.fixture
def book(workspace, today):
    """A demo workspace, 60 generated leads around today, and two tags; the verdicts stored."""
    demo_load(workspace=workspace, today=today)
    generate(workspace, 60, today, seed=21)
    for i, p in enumerate(m.Prospect.objects.filter(workspace=workspace).order_by("pk")):
        if i % 3:
            prospect_tag(prospect=p, tags=[TAGS[i % 2]])
    snapshots_refresh(workspace, today)
    return workspace


def _recount(workspace: m.Workspace, today: date) -> dict:
    """Every lead judged again, and the totals counted from the judgements."""
    pairs = lead_assessments(workspace, today)
    ladders = workspace_ladders(workspace)
    tags: dict[int, set[str]] = {}
    for pk, name in m.ProspectTag.objects.filter(workspace=workspace).values_list("prospect_id", "name"):
        tags.setdefault(pk, set()).add(name)
    column_of = {v.value: key for key, (_, verdicts) in BOARD_COLUMNS.items() for v in verdicts}
    total = sum((tally(h.commitments, today) for h, _ in pairs), Tally())
    funnels = {}
    for key, ladder in ladders.items():
        tops = [highest_main_position(ladder, {e.rung for e in a.stage.history}) for h, a in pairs if h.ladder == key]
        funnels[key] = [len(tops)] + [
            sum(1 for top in tops if top >= ladder.position(r.key)) for r in ladder.track(MAIN_TRACK)
        ]
    return {
        "agenda": agenda(pairs, today),
        "verdicts": Counter(a.verdict.value for _, a in pairs),
        "columns": Counter(column_of[a.verdict.value] for _, a in pairs),
        "rungs": {
            key: Counter(a.stage.current or NOT_ON_LADDER for h, a in pairs if h.ladder == key) for key in ladders
        },
        "tags": {
            tag: Counter(column_of[a.verdict.value] for h, a in pairs if tag in tags.get(int(h.id), ())) for tag in TAGS
        },
        "tally": total,
        "funnels": funnels,
        "rung_times": {key: _rung_times(pairs, key, ladder, today) for key, ladder in ladders.items()},
    }


def _rung_times(pairs, key, ladder, today) -> dict[str, tuple]:
    """(leads, median days, longest) on each rung, over the ladder's leads that stand on a rung."""
    spans = defaultdict(list)
    for h, a in pairs:
        if h.ladder != key or not a.stage.current:
            continue
        entries = a.stage.history
        for i, e in enumerate(entries):
            end = entries[i + 1].reached_on if i + 1 < len(entries) else today
            spans[e.rung].append(max((end - e.reached_on).days, 0))
    return {
        r.key: (len(spans[r.key]), statistics.median(spans[r.key]), max(spans[r.key]))
        for r in ladder.rungs
        if spans.get(r.key)
    }


def _board(workspace: m.Workspace, today: date, **filters: str) -> Counter:
    return Counter({c.key: c.count for c in pipeline_board(workspace, today, Filters(**filters)).columns})


def _assert_kept_totals_match_the_rows(workspace: m.Workspace) -> None:
    """Each snapshot row's counts are those of its own columns, and the kept totals their sum."""
    assert totals.counts_refresh(workspace.pk) == 0
    assert totals.all_kept(workspace.pk) == totals.recount(workspace.pk)


def _assert_totals_match_a_recount(workspace: m.Workspace, today: date) -> None:
    want = _recount(workspace, today)
    fast = today_agenda(workspace, today, shown=4)
    assert fast.counts == want["agenda"].counts
    for name in LISTS:
        shown = [(i.kind, i.prospect_id, i.ref, i.on, i.text) for i in getattr(fast, name)]
        expected = [(i.kind, i.prospect_id, i.ref, i.on, i.text) for i in getattr(want["agenda"], name)]
        if name in ("stalled", "zombies"):  # the longest waiting first, by their stored verdicts
            assert set(shown) <= set(expected), name
        else:  # each list's first items, in the agenda's order
            assert shown == expected[:4], name
    board = dashboard(workspace, today)
    assert Counter(board.verdicts) == want["verdicts"]
    # The outcomes per week, kept on write, against the conversations counted (a segment of all).
    assert board.weeks == reports._weeks(workspace, today, m.Prospect.objects.filter(workspace=workspace).values("pk"))
    assert _board(workspace, today) == want["columns"]
    for key, rungs in want["rungs"].items():
        assert _board(workspace, today, group_by="rung", ladder=key) == +rungs, key
    for tag, columns in want["tags"].items():
        assert _board(workspace, today, tag=tag) == +columns, tag
    t = want["tally"]
    assert board.follow_through == {
        "agreed": t.agreed,
        "fulfilled": t.fulfilled,
        "open": t.still_open,
        "broken": t.broken,
    }
    assert board.by_currency == {c.label: t.given.get(c, 0) for c in sorted(Currency, reverse=True)}
    assert board.money_committed == t.money.quantize(board.money_committed)
    for key, funnel in want["funnels"].items():
        charts = dashboard(workspace, today, ladder_key=key)
        assert [s.reached for s in charts.funnel] == funnel, key
        times = {r.key: (r.samples, r.median_days, r.longest_days) for r in charts.rung_times if r.samples}
        assert times == want["rung_times"][key], key
    _assert_kept_totals_match_the_rows(workspace)


def test_after_a_full_recomputation(book, today):
    _assert_totals_match_a_recount(book, today)


def test_after_writes_through_the_services(book, today, days, django_capture_on_commit_callbacks):
    leads = list(m.Prospect.objects.filter(workspace=book, closed_on__isnull=True).order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        c = commitment_ask(prospect=leads[0], on=days(-3), description="Pilot", currencies=["money"], amount="900")
        commitment_set_status(commitment=c, to="agreed", on=days(-2), due=days(3))
        step = next_step_add(prospect=leads[1], description="Demo", on=days(-4), owner="both", due=days(-1))
        next_step_complete(step=step, result="yes", on=days(-1))
        next_step_add(prospect=leads[2], description="Send the deck", on=days(-1), owner="us")
        next_step_add(prospect=leads[3], description="Workshop", on=days(-1), owner="prospect", due=days(5))
        conversation_log(prospect=leads[4], on=days(-1), notes="Lovely chat, no date.")
        prospect_park(prospect=leads[5], reason="budget freeze", until=days(20), on=days(-1))
        prospect_close(prospect=leads[6], reason="no_budget", note="Frozen", on=days(-1))
    _assert_totals_match_a_recount(book, today)


def test_after_a_merge(book, today, django_capture_on_commit_callbacks):
    keep, absorb = m.Prospect.objects.filter(workspace=book, ladder="discovery").order_by("pk")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        prospect_merge(keep=keep, absorb=absorb)
    _assert_totals_match_a_recount(book, today)


def test_after_deletions(book, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        prospect_delete(prospect=m.Prospect.objects.filter(workspace=book).order_by("-pk").first())
        record_delete(row=m.Commitment.objects.filter(workspace=book, status="agreed").first())
        record_delete(row=m.NextStep.objects.filter(workspace=book, result="").first())
    _assert_totals_match_a_recount(book, today)


def test_after_an_import(book, today, django_capture_on_commit_callbacks):
    rows = ["Record ID,Company name,Company Domain Name,Create Date,Lifecycle Stage"]
    rows += [f"{700 + i},Imported {i},imported{i}.example,2026-03-14 09:21,Lead" for i in range(12)]
    with django_capture_on_commit_callbacks(execute=True):
        import_csv(workspace=book, data="\n".join(rows).encode(), name="c.csv", today=today, preset="hubspot")
    assert m.Prospect.objects.filter(workspace=book, name__startswith="Imported").count() == 12
    _assert_totals_match_a_recount(book, today)


def test_on_the_days_after(book, today):
    for n in (1, 3, 8):
        _assert_totals_match_a_recount(book, today + timedelta(days=n))


@pytest.mark.django_db(transaction=True)
def test_after_commits_that_recompute_on_their_own(workspace, today):
    """Outside a test transaction: each write's own commit recomputes its lead."""
    demo_load(workspace=workspace, today=today)
    snapshots_refresh(workspace, today)
    lead = prospect_create(workspace=workspace, name="Quill", created_on=today - timedelta(days=10))
    with transaction.atomic():
        c = commitment_ask(prospect=lead, on=today - timedelta(days=9), description="Trial", currencies=["time"])
        commitment_set_status(commitment=c, to="agreed", on=today - timedelta(days=8), due=today - timedelta(days=1))
    _assert_totals_match_a_recount(workspace, today)


def test_after_a_catch_up_in_chunks(book, today):
    """A new week's catch-up, chunk by chunk as the background thread does it."""
    later = today + timedelta(days=9)
    stale = snapshots.stale_prospect_ids(book, later)
    assert stale
    for start in range(0, len(stale), 7):
        snapshots_refresh(book, later, stale[start : start + 7])
    _assert_totals_match_a_recount(book, later)


def test_after_new_rules(book, today, monkeypatch):
    """Every verdict stale at once under another rules version, recomputed by the reader."""
    monkeypatch.setattr(snapshots.rules_version, "RULES_VERSION", snapshots.rules_version.RULES_VERSION + 1)
    _assert_totals_match_a_recount(book, today)


def test_after_a_ladder_edit(book, today, days, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ladder_save(workspace=book, source=LADDER)
        for i in range(4):
            lead = prospect_create(workspace=book, name=f"Agency {i}", ladder="agency", created_on=days(-30))
            c = commitment_ask(prospect=lead, on=days(-20 + i), description="Call", rung="call")
            commitment_set_status(commitment=c, to="agreed", on=days(-19 + i), due=days(-12 + i))
            commitment_set_status(commitment=c, to="fulfilled", on=days(-10 + i))
            if i % 2:
                commitment_ask(prospect=lead, on=days(-5), description="Retainer", rung="retainer", amount="1200")
    _assert_totals_match_a_recount(book, today)
    row = m.CustomLadder.objects.get(workspace=book, key="agency")
    edited = LADDER.replace("weight = 10", "weight = 12").replace('label = "Took a call"', 'label = "Called"')
    with django_capture_on_commit_callbacks(execute=True):
        ladder_save(workspace=book, source=edited, key="agency", expected_version=row.version)
    assert snapshots.snapshots_pending(book, today)
    _assert_totals_match_a_recount(book, today)


def test_a_rebuild_from_scratch(book, today):
    """Totals lost or spoilt are summed again from the rows; rows whose counts were lost (as before
    migration 0017) get them back from their own columns, and the totals follow."""
    m.LeadTotal.objects.filter(workspace_id=book.pk).delete()
    m.LeadTotal.objects.create(workspace_id=book.pk, kind="v", key="v|real", n=1_000)
    totals.totals_rebuild(book.pk)
    assert totals.all_kept(book.pk) == totals.recount(book.pk)
    m.LeadSnapshot.objects.filter(workspace=book).update(counts={})
    assert totals.kept(book.pk, "vatfpq") == {}  # the rows count nothing now, and the totals follow them
    assert totals.counts_refresh(book.pk) == m.LeadSnapshot.objects.filter(workspace=book).count()
    _assert_totals_match_a_recount(book, today)


def test_a_workspace_deleted_takes_its_totals(book, other_workspace, today):
    demo_load(workspace=other_workspace, today=today)
    snapshots_refresh(other_workspace, today)
    kept = totals.all_kept(other_workspace.pk)
    assert kept and totals.all_kept(book.pk)
    gone = book.pk
    book.delete()
    assert not m.LeadTotal.objects.filter(workspace_id=gone).exists()
    assert totals.all_kept(other_workspace.pk) == kept


def test_kept_rows_folded_keep_their_sums(book, today, days, django_capture_on_commit_callbacks, monkeypatch):
    """PostgreSQL appends each change as rows of its own; folding them keeps every sum."""
    leads = list(m.Prospect.objects.filter(workspace=book, closed_on__isnull=True).order_by("pk")[:6])
    with django_capture_on_commit_callbacks(execute=True):
        for lead in leads:
            next_step_add(prospect=lead, description="Call back", on=days(-1), owner="us")
    before = totals.all_kept(book.pk)
    if totals.connection.vendor == "postgresql":
        monkeypatch.setattr(totals, "FOLD_AFTER", 0)
        assert totals.all_kept(book.pk) == before  # read, then folded by the reader
        keys = m.LeadTotal.objects.filter(workspace_id=book.pk).values("key").distinct().count()
        assert m.LeadTotal.objects.filter(workspace_id=book.pk).count() == keys
    assert totals.all_kept(book.pk) == before
    _assert_totals_match_a_recount(book, today)


@pytest.mark.django_db(transaction=True)
def test_writers_at_once_keep_exact_totals(workspace, today):
    """Several threads write, each its own commits recomputing its leads, while another refreshes
    them all: on PostgreSQL each statement appends its own rows of totals, and none waits on
    another's; whatever order they commit in, the totals are the sum over the rows."""
    if connection.vendor != "postgresql":  # one writer at a time; the in-memory test database locks tables
        pytest.skip("writers at once: PostgreSQL")
    demo_load(workspace=workspace, today=today)
    generate(workspace, 24, today, seed=5)
    snapshots_refresh(workspace, today)
    leads = list(m.Prospect.objects.filter(workspace=workspace).order_by("pk").values_list("pk", flat=True))
    errors: list[BaseException] = []

    def write(share: list[int]) -> None:
        try:
            for pk in share:
                lead = m.Prospect.objects.get(pk=pk)
                next_step_add(prospect=lead, description="Call back", on=today - timedelta(days=1), owner="us")
                conversation_log(prospect=lead, on=today - timedelta(days=1), notes="Short call, no date.")
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            errors.append(error)
        finally:
            connection.close()

    def refresh() -> None:
        try:
            snapshots_refresh(workspace, today, leads)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(leads[i::3],)) for i in range(3)]
    threads.append(threading.Thread(target=refresh))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in threads)
    _assert_totals_match_a_recount(workspace, today)
