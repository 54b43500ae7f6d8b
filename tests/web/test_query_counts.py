"""Lists cost a fixed number of queries: 3 prospects and 12 prospects read the same way."""

import pytest

from earnest.ledger.models import Prospect

from .conftest import count_queries, make_prospects

pytestmark = pytest.mark.django_db

PAGES = ["", "pipeline/", "pipeline/?group=rung&ladder=b2b", "pipeline/?q=company", "dashboard/", "ladders/"]


def _counts(client, workspace, ws_url):
    from django.core.cache import cache

    cache.clear()  # every page read cold, the ones cached for longer than a change too (the busiest ladder)
    counts = {path: count_queries(client, ws_url(path)) for path in PAGES}
    first = Prospect.objects.filter(workspace=workspace).order_by("pk").first()
    for suffix in ("", "prep/", "debrief/"):
        counts[suffix or "prospect"] = count_queries(client, ws_url(f"prospects/{first.pk}/{suffix}"))
    return counts


def test_it_reads_every_page_in_a_number_of_queries_that_does_not_grow(owner_client, workspace, today, ws_url):
    make_prospects(workspace, 3, today)
    few = _counts(owner_client, workspace, ws_url)
    make_prospects(workspace, 9, today)
    many = _counts(owner_client, workspace, ws_url)
    assert many == few
    # Today also recomputes the day's stale verdicts on its first view, in set-based chunks
    # (on PostgreSQL through a staging table: four statements for the upsert).
    assert few[""] <= 55, few
    # The pipeline judges the leads on its cards (their warnings and next step) in one batch.
    assert max(v for k, v in few.items() if k) <= 25, few
