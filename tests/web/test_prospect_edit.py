"""Editing a prospect never loses a write silently; its audit trail is on its page, newest first."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from earnest.ledger.models import Membership, Prospect
from earnest.ledger.services.prospects import prospect_create, prospect_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def prospect(workspace, today):
    return prospect_create(
        workspace=workspace, name="Acme Logistics", ladder="b2b", created_on=today, domain="acme.example", owner="Sam"
    )


def _member_client(username, workspace):
    user = get_user_model().objects.create_user(username=username, password="a-long-test-password")
    Membership.objects.create(user=user, workspace=workspace, role="member")
    client = Client()
    client.force_login(user)
    return client


def _form(**changes):
    return {
        "name": "Acme Logistics",
        "ladder": "b2b",
        "domain": "acme.example",
        "owner": "Sam",
        "notes": "",
        "version": "1",
        **changes,
    }


def test_it_refuses_the_second_of_two_edits_based_on_the_same_version(workspace, prospect, ws_url):
    alice, bob = _member_client("alice", workspace), _member_client("bob", workspace)
    url = ws_url(f"prospects/{prospect.pk}/edit/")
    assert 'name="version" value="1"' in alice.get(url).content.decode()
    assert 'name="version" value="1"' in bob.get(url).content.decode()
    assert alice.post(url, _form(owner="Alice")).status_code == 302
    response = bob.post(url, _form(notes="Bob's careful notes"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "someone else changed this record" in html and "Bob&#x27;s careful notes" in html
    prospect.refresh_from_db()
    assert (prospect.owner, prospect.notes, prospect.version) == ("Alice", "", 2)
    # Sending it again, now knowingly based on Alice's version, applies Bob's values.
    assert 'name="version" value="2"' in html
    assert bob.post(url, _form(notes="Bob's careful notes", version="2")).status_code == 302
    prospect.refresh_from_db()
    assert prospect.notes == "Bob's careful notes" and prospect.owner == "Sam"


def test_it_refuses_a_stale_close_and_keeps_the_note_typed(owner_client, workspace, prospect, ws_url):
    prospect_update(prospect=prospect, owner="Kim")
    response = owner_client.post(
        ws_url(f"prospects/{prospect.pk}/close/"),
        {"reason": "no_budget", "note": "Budget frozen until Q3", "version": "1"},
    )
    html = response.content.decode()
    assert "someone else changed this record" in html and "Budget frozen until Q3" in html
    assert Prospect.objects.get(pk=prospect.pk).closed_on is None


def test_it_refuses_a_stale_reopen(owner_client, workspace, prospect, ws_url, today):
    from earnest.ledger.services.prospects import prospect_close

    prospect_close(prospect=prospect, reason="no_budget", note="n", on=today)
    response = owner_client.post(ws_url(f"prospects/{prospect.pk}/reopen/"), {"version": "1"}, follow=True)
    assert "someone else changed this record" in response.content.decode()
    assert Prospect.objects.get(pk=prospect.pk).closed_on == today
    # A button that sends no version at all is refused too: it cannot say what it was based on.
    response = owner_client.post(ws_url(f"prospects/{prospect.pk}/reopen/"), follow=True)
    assert "Reload the page and click again" in response.content.decode()
    assert Prospect.objects.get(pk=prospect.pk).closed_on == today


def test_it_shows_who_changed_what_newest_first_with_more_on_request(owner_client, owner, workspace, prospect, ws_url):
    from earnest.ledger.derived.audit import acting_as

    with acting_as(owner):
        for i in range(25):
            prospect_update(prospect=prospect, owner=f"Owner {i}")
    html = owner_client.get(ws_url(f"prospects/{prospect.pk}/")).content.decode()
    assert html.count('data-testid="audit-event"') == 20
    assert html.index("Owner 24") < html.index("Owner 23") and "olivia" in html and "Show more" in html
    more = owner_client.get(ws_url(f"prospects/{prospect.pk}/history/?offset=20"), HTTP_HX_REQUEST="true")
    text = more.content.decode()
    assert text.count('data-testid="audit-event"') == 6 and "Show more" not in text  # 25 edits and the creation
    assert owner_client.get(ws_url(f"prospects/{prospect.pk}/history/?offset=x")).status_code == 200


def test_it_refuses_a_step_button_pressed_on_a_stale_page(owner_client, workspace, prospect, ws_url, today):
    from earnest.ledger.services.steps import next_step_add, next_step_update

    step = next_step_add(prospect=prospect, description="Demo", owner="both", on=today)
    html = owner_client.get(ws_url(f"prospects/{prospect.pk}/")).content.decode()
    assert f'name="version" value="{step.version}"' in html
    next_step_update(step=step, description="Demo on their data")  # someone else, meanwhile
    response = owner_client.post(
        ws_url(f"steps/{step.pk}/done/"), {"result": "yes", "version": "1", "next": "/"}, follow=True
    )
    assert "someone else changed this record" in response.content.decode()
    step.refresh_from_db()
    assert step.result == ""
