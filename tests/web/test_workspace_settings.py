import pytest

from earnest.ledger.models import Workspace

pytestmark = pytest.mark.django_db


def test_it_sets_the_currency_shown_with_every_amount(owner_client, demo, ws_url):
    assert "$" in owner_client.get(ws_url("dashboard/")).content.decode().split("money committed")[0][-80:]
    response = owner_client.post(
        ws_url("settings/"), {"name": "Acme sales", "money_currency": "eur", "date_order": "dmy"}
    )
    assert response.status_code == 302
    saved = Workspace.objects.get(pk=demo.pk)
    assert (saved.name, saved.money_currency, saved.date_order) == ("Acme sales", "EUR", "dmy")
    html = owner_client.get(ws_url("dashboard/")).content.decode()
    assert "<b>EUR " in html
    assert "Acme sales (acme-team)" in html  # the header names it as the URL and the CLI do


def test_it_refuses_a_code_that_is_not_three_letters_in_place(owner_client, workspace, ws_url):
    response = owner_client.post(ws_url("settings/"), {"name": "x", "money_currency": "euro", "date_order": "mdy"})
    assert response.status_code == 400
    assert "At most 3 characters" in response.content.decode()
    assert Workspace.objects.get(pk=workspace.pk).money_currency == "USD"


def test_a_viewer_may_not_change_settings(client, viewer, workspace, ws_url):
    client.force_login(viewer)
    assert (
        client.post(ws_url("settings/"), {"name": "x", "money_currency": "EUR", "date_order": "mdy"}).status_code == 403
    )


def test_a_member_who_is_not_an_owner_may_not_see_them(client, workspace, ws_url):
    from django.contrib.auth import get_user_model

    from earnest.ledger.models import Membership

    member = get_user_model().objects.create_user(username="mia", password="a-long-test-password")
    Membership.objects.create(user=member, workspace=workspace, role="member")
    client.force_login(member)
    assert client.get(ws_url("settings/")).status_code == 403
