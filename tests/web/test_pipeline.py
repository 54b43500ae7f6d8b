import pytest

from .conftest import make_prospects

pytestmark = pytest.mark.django_db


def test_it_shows_columns_by_verdict(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("pipeline/")).content.decode()
    for column in ("Unasked", "Real", "Zombie", "Stalled"):
        assert f">{column}</h2>" in html
    assert "Northwind Freight" in html


def test_it_shows_columns_by_rung_of_one_ladder(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("pipeline/?group=rung&ladder=b2b")).content.decode()
    assert "Not on the ladder yet" in html and "Put time and effort into an evaluation" in html


def test_it_filters_and_searches(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("pipeline/?verdict=zombie")).content.decode()
    assert "Bluebird Clinics" in html and "Northwind Freight" not in html
    html = owner_client.get(ws_url("pipeline/?q=northwind")).content.decode()
    assert "Northwind Freight" in html and "Bluebird Clinics" not in html
    html = owner_client.get(ws_url("pipeline/?ev=1")).content.decode()
    assert "Northwind Freight" in html and "Bluebird Clinics" not in html
    html = owner_client.get(ws_url("pipeline/?q=nothing-like-this")).content.decode()
    assert "No lead matches these filters" in html


def test_it_answers_an_htmx_filter_with_the_board_only(owner_client, demo, ws_url):
    response = owner_client.get(ws_url("pipeline/?verdict=real"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board")
    html = response.content.decode()
    assert html.startswith('<div id="board">') and "<html" not in html


def test_it_pages_a_long_column(owner_client, workspace, today, ws_url):
    make_prospects(workspace, 25, today)
    html = owner_client.get(ws_url("pipeline/")).content.decode()
    assert html.count('class="pcard"') == 20 and "Show more (25 in all)" in html
    more = owner_client.get(ws_url("pipeline/?column=real&page=2"), HTTP_HX_REQUEST="true").content.decode()
    assert more.count('class="pcard"') == 5 and "Show more" not in more


def test_it_invites_to_add_a_prospect_when_empty(owner_client, workspace, ws_url):
    assert "Add your first prospect" in owner_client.get(ws_url("pipeline/")).content.decode()


def test_closed_verdicts_share_one_column_and_empty_columns_are_left_out(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("pipeline/")).content.decode()
    assert ">Closed</h2>" in html
    for closed in (">Rejected</h2>", ">Lost</h2>", ">Not a prospect</h2>", ">Parked</h2>"):
        assert closed not in html
    for name in ("Everline Legal", "Fairway Retail", "Ironleaf Foods", "Juniper Schools"):
        assert name in html
    assert ">None<" not in html


def test_an_empty_column_is_named_below_the_board_not_drawn(owner_client, workspace, today, ws_url):
    make_prospects(workspace, 2, today)
    html = owner_client.get(ws_url("pipeline/")).content.decode()
    assert html.count('class="column"') == 1
    assert "Hidden because empty: Unasked, Customer, Stalled, Zombie, Nurture, Closed." in html


def test_show_more_pages_the_closed_column(owner_client, demo, ws_url):
    more = owner_client.get(ws_url("pipeline/?column=closed&page=1"), HTTP_HX_REQUEST="true").content.decode()
    assert more.count('class="pcard"') == 4


def test_the_reached_filter_names_the_rung_by_its_label(owner_client, demo, ws_url):
    html = owner_client.get(ws_url("pipeline/?group=rung&ladder=b2b&reached=shares_project_data")).content.decode()
    assert "that reached “Shared project data for a tailored demo”" in html
    assert "shares project data" not in html
