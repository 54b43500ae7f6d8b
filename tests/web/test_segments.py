"""Segments in the web app: the pipeline's tag filter."""

import pytest

pytestmark = pytest.mark.django_db


def _tag(workspace, name, *tags):
    from earnest.ledger.models import Prospect
    from earnest.ledger.services.tags import prospect_tag

    prospect_tag(prospect=Prospect.objects.get(workspace=workspace, name=name), tags=tags)


def test_it_filters_the_pipeline_by_tag(owner_client, demo, ws_url):
    _tag(demo, "Northwind Freight", "logistics")
    html = owner_client.get(ws_url("pipeline/?tag=logistics")).content.decode()
    assert "Northwind Freight" in html and "Bluebird Clinics" not in html
    assert '<option value="logistics" selected>' in html
    html = owner_client.get(ws_url("pipeline/?tag=LOGISTICS")).content.decode()
    assert "Northwind Freight" in html
    html = owner_client.get(ws_url("pipeline/?tag=nobody")).content.decode()
    assert "No lead matches these filters" in html


def test_it_shows_the_dashboard_of_one_segment(owner_client, demo, ws_url):
    _tag(demo, "Northwind Freight", "logistics")
    html = owner_client.get(ws_url("dashboard/?tag=logistics")).content.decode()
    assert "1 lead ·" in html and '<option value="logistics" selected>' in html
    everyone = owner_client.get(ws_url("dashboard/")).content.decode()
    assert "1 lead ·" not in everyone
