import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_funnel_weeks_currencies_follow_through_and_reasons(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("dashboard/?ladder=b2b")).content.decode()
    for text in (
        "Funnel: ",
        "Conversations per week",
        "Time in each rung",
        "Commitments by currency",
        "Follow-through",
        "Why leads ended",
        "Money committed",
    ):
        assert text in html, text
    assert "reached=" in html  # each bar links to the prospects behind it


def test_it_lists_the_prospects_behind_a_funnel_bar(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("pipeline/?group=rung&ladder=b2b&reached=shares_project_data")).content.decode()
    assert "Northwind Freight" in html and "Kestrel" not in html


def test_it_counts_a_lead_on_every_rung_below_its_highest(demo, today):
    from earnest.ledger.reads.reports import dashboard

    report = dashboard(demo, today, "b2b")
    reached = [s.reached for s in report.funnel]
    assert reached == sorted(reached, reverse=True)


def test_it_invites_to_start_when_there_is_no_data(owner_client, workspace, ws_url):
    assert "No data yet" in owner_client.get(ws_url("dashboard/")).content.decode()


def test_it_recomputes_after_a_change_and_not_before(owner_client, workspace, today, ws_url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from earnest.ledger.services.prospects import prospect_create

    before = owner_client.get(ws_url("dashboard/")).context["r"].prospects
    with CaptureQueriesContext(connection) as ctx:
        owner_client.get(ws_url("dashboard/"))
    cached = len(ctx.captured_queries)
    prospect_create(workspace=workspace, name="New one", created_on=today)
    with CaptureQueriesContext(connection) as ctx:
        response = owner_client.get(ws_url("dashboard/"))
    assert len(ctx.captured_queries) > cached
    assert response.context["r"].prospects == before + 1


def test_its_follow_through_and_currencies_add_up_every_commitment_as_of_today(demo, today):
    from collections import Counter
    from decimal import Decimal

    from earnest.domain.commitments import effective_status
    from earnest.ledger.reads.reports import dashboard
    from earnest.ledger.reads.selectors import prospect_histories

    follow, currencies, money = Counter(), Counter(), Decimal(0)
    for history in prospect_histories(demo):
        for c in history.commitments:
            status = effective_status(c, today).value
            if status in ("agreed", "fulfilled", "broken"):
                follow["agreed"] += 1
                follow["open" if status == "agreed" else status] += 1
            if status in ("agreed", "fulfilled"):
                currencies.update(x.label for x in c.currencies)
                money += c.amount or 0
    report = dashboard(demo, today, "b2b")
    assert report.follow_through == {k: follow[k] for k in ("agreed", "fulfilled", "open", "broken")}
    assert report.by_currency == {k: currencies[k] for k in ("money", "reputation", "time")}
    assert report.money_committed == money and money > 0 and follow["broken"] > 0


def test_its_totals_stay_exact_while_some_verdicts_are_not_todays(demo, today):
    from datetime import timedelta

    from earnest.ledger.models import LeadSnapshot
    from earnest.ledger.reads.reports import dashboard

    expected = dashboard(demo, today, "b2b")
    # As during a catch-up: some snapshots are yesterday's, some leads have none yet.
    ids = list(LeadSnapshot.objects.filter(workspace=demo).order_by("pk").values_list("pk", flat=True))
    LeadSnapshot.objects.filter(pk__in=ids[:4]).update(computed_for=today - timedelta(days=1))
    LeadSnapshot.objects.filter(pk__in=ids[4:7]).delete()
    from earnest.ledger.derived.read_cache import new_generation
    from earnest.ledger.reads.reports import _commitment_totals

    new_generation(demo.pk)  # what every write does after its commit: no reader trusts "all current"

    partial = _commitment_totals(demo, LeadSnapshot.objects.filter(workspace=demo), today)
    assert {
        "agreed": partial.agreed,
        "fulfilled": partial.fulfilled,
        "open": partial.still_open,
        "broken": partial.broken,
    } == expected.follow_through
    assert partial.money == expected.money_committed
    assert {c.label: n for c, n in partial.given.items() if n} == {k: n for k, n in expected.by_currency.items() if n}
