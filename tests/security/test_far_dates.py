"""F3: a stored date at either end of the calendar never breaks a page, the API or the feed; entry refuses far dates."""

from datetime import date

import pytest
from django.test import Client

from earnest.ledger.models import Commitment, NextStep

from .conftest import every_url

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[date(9999, 12, 31), date(1, 1, 1)], ids=["9999-12-31", "0001-01-01"])
def far_world(request, world, workspace):
    """The world with its step and commitment due on a far date, as data stored before entry refused them."""
    NextStep.objects.filter(workspace=workspace).update(due=request.param)
    Commitment.objects.filter(workspace=workspace).update(due=request.param)
    return world


def test_no_page_api_call_or_feed_answers_5xx_with_a_far_date(far_world, workspace, owner_client, token_client):
    checked = 0
    for url in every_url(workspace, far_world):
        client = token_client if url.startswith("/api/") else owner_client
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert response.status_code < 500, (url, headers, response.status_code)
            checked += 1
    assert checked > 2 * 80


def test_the_feed_answers_200_with_a_step_due_9999_12_31(far_world):
    response = Client().get(far_world["feed_path"])
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content


def test_the_last_day_is_an_all_day_event_without_an_end(world, workspace):
    NextStep.objects.filter(workspace=workspace).update(due=date(9999, 12, 31))
    body = Client().get(world["feed_path"]).content.decode()
    event = next(e for e in body.split("BEGIN:VEVENT")[1:] if "UID:step-" in e).split("END:VEVENT")[0]
    assert "DTSTART;VALUE=DATE:99991231" in event and "DTEND" not in event


@pytest.mark.parametrize("due", ["9999-12-31", "2101-01-01", "1899-12-31"])
def test_the_api_refuses_a_far_due_date_with_a_clear_message(token_client, world, due):
    response = token_client.post(
        "/api/v1/next-steps",
        {"prospect_id": world["ledger.Prospect"], "description": "x", "due": due},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "out of range" in response.json()["error"]["message"] and "2100-12-31" in response.json()["error"]["message"]


def test_the_api_accepts_the_last_day_of_2100(token_client, world):
    response = token_client.post(
        "/api/v1/next-steps",
        {"prospect_id": world["ledger.Prospect"], "description": "x", "due": "2100-12-31"},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content


def test_the_date_filter_and_relative_days_cope_with_the_ends_of_the_calendar():
    from django.template import Context, Template

    html = Template("{% load webui %}{{ far|relative:today }} {{ near|relative:today }} {{ far|date:'j M Y' }}").render(
        Context({"far": date(9999, 12, 31), "near": date(1, 1, 1), "today": date(2026, 11, 23)})
    )
    assert "31 Dec 9999" in html and "days ago" in html


@pytest.mark.parametrize("due", ["9999-12-31", "2101-01-01"])
def test_the_api_refuses_a_far_due_date_for_a_commitment(token_client, world, due):
    created = token_client.post(
        "/api/v1/commitments",
        {"prospect_id": world["ledger.Prospect"], "description": "pilot", "currencies": ["time"], "due": due},
        content_type="application/json",
    )
    assert created.status_code == 400 and "out of range" in created.json()["error"]["message"]


def test_the_cli_refuses_a_far_due_date_with_one_line(world, workspace, monkeypatch):
    from typer.testing import CliRunner

    from earnest.cli import app
    from earnest.ledger.models import Prospect

    monkeypatch.setenv("EARNEST_WORKSPACE", workspace.slug)
    name = Prospect.objects.get(pk=world["ledger.Prospect"]).name
    result = CliRunner().invoke(app, ["step", "add", name, "Send the deck", "--due", "9999-12-31"])
    assert result.exit_code == 2 and "out of range" in result.output and "Traceback" not in result.output
