import re

import pytest
from django.test import Client

from earnest.ledger.models import Commitment, NextStep, Prospect

pytestmark = pytest.mark.django_db

CONFLICT = "someone else changed this record since you opened it"


def _shown_version(html: str, action: str) -> str:
    """The version the page's one-click form for `action` sends."""
    match = re.search(rf'action="{re.escape(action)}".*?name="version" value="([^"]*)"', html, re.S)
    assert match, f"no one-click form for {action}"
    return match.group(1)


def _second_member(workspace, username="bob"):
    from django.contrib.auth import get_user_model

    from earnest.ledger.models import Membership

    user = get_user_model().objects.create_user(username=username, password="a-long-test-password")
    Membership.objects.create(user=user, workspace=workspace, role="member")
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_what_needs_attention_with_one_click_fixes(owner_client, demo, ws_url):
    html = owner_client.get(ws_url()).content.decode()
    assert "Meetings to debrief" in html and "Debrief" in html and "It didn&#x27;t happen" in html
    assert "Meetings to prepare" in html and "Prepare" in html and "It happened" in html
    assert "Promises past their date" in html and "They did it" in html
    assert "See why, and the salvage ask" in html


def test_every_one_click_button_sends_the_version_of_its_row(owner_client, demo, ws_url, today):
    html = owner_client.get(ws_url()).content.decode()
    buttons = re.findall(r'<form method="post" action="([^"]+)".*?</form>', html, re.S)
    assert buttons
    for action in buttons:
        assert _shown_version(html, action).isdigit(), action
    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    step.version = 7
    step.save(update_fields=["version"])
    html = owner_client.get(ws_url()).content.decode()
    assert _shown_version(html, ws_url(f"steps/{step.pk}/done/")) == "7"


def test_it_ends_an_overdue_step_in_place(owner_client, demo, ws_url, today):
    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    url = ws_url(f"steps/{step.pk}/done/")
    version = _shown_version(owner_client.get(ws_url()).content.decode(), url)
    response = owner_client.post(url, {"result": "yes", "version": version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "as happened" in response.content.decode()
    step.refresh_from_db()
    assert step.result == "yes" and step.version == int(version) + 1


def test_it_marks_a_commitment_broken_and_redirects_without_htmx(owner_client, demo, ws_url):
    c = Commitment.objects.filter(workspace=demo, status="agreed").first()
    response = owner_client.post(
        ws_url(f"commitments/{c.pk}/status/"), {"to": "broken", "next": ws_url(), "version": c.version}
    )
    assert response.status_code == 302 and response.url == ws_url()
    c.refresh_from_db()
    assert c.status == "broken"


def test_it_reports_an_impossible_move_instead_of_failing(owner_client, demo, ws_url):
    c = Commitment.objects.filter(workspace=demo, status="fulfilled").first()
    response = owner_client.post(
        ws_url(f"commitments/{c.pk}/status/"), {"to": "agreed", "version": c.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "alert-error" in response.content.decode()


def test_the_second_of_two_people_pressing_the_same_button_is_refused_in_place(owner_client, demo, ws_url, today):
    bob = _second_member(demo)
    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    url = ws_url(f"steps/{step.pk}/done/")
    alice_saw = _shown_version(owner_client.get(ws_url()).content.decode(), url)
    bob_saw = _shown_version(bob.get(ws_url()).content.decode(), url)
    assert alice_saw == bob_saw
    assert (
        "as happened"
        in owner_client.post(url, {"result": "yes", "version": alice_saw}, HTTP_HX_REQUEST="true").content.decode()
    )
    step.refresh_from_db()
    after_alice = (step.result, step.done_on, step.version)

    response = bob.post(url, {"result": "no", "version": bob_saw, "next": ws_url()}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in html and "alert-error" in html and step.description in html
    assert f'href="{ws_url()}"' in html  # a way to see what the other person did
    step.refresh_from_db()
    assert (step.result, step.done_on, step.version) == after_alice


def test_a_click_from_a_stale_tab_is_refused_without_javascript_too(owner_client, demo, ws_url, today):
    from earnest.ledger.services.commitments import commitment_set_status

    c = Commitment.objects.filter(workspace=demo, status="agreed", due__lt=today).first()  # a broken promise
    url = ws_url(f"commitments/{c.pk}/status/")
    seen = _shown_version(owner_client.get(ws_url()).content.decode(), url)
    commitment_set_status(commitment=c, to="fulfilled", on=today)  # someone else, meanwhile
    c.refresh_from_db()
    before = (c.status, c.closed_on, c.version, c.changes.count())

    response = owner_client.post(url, {"to": "broken", "version": seen, "next": ws_url()})
    assert response.status_code == 302 and response.url == ws_url()
    page = owner_client.get(response.url).content.decode()
    assert CONFLICT in page and "alert-error" in page
    c.refresh_from_db()
    assert (c.status, c.closed_on, c.version, c.changes.count()) == before


def test_a_click_that_sends_no_version_changes_nothing(owner_client, demo, ws_url, today):
    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    for version in ("", "x", "¹"):
        response = owner_client.post(
            ws_url(f"steps/{step.pk}/done/"), {"result": "yes", "version": version}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and "Reload the page" in response.content.decode()
    step.refresh_from_db()
    assert step.result == "" and step.version == 1


@pytest.fixture
def woken(workspace, today):
    """A lead parked until yesterday: Today offers to bring it back."""
    from datetime import timedelta

    from earnest.ledger.services.prospects import prospect_create, prospect_park

    p = prospect_create(workspace=workspace, name="Dormant Dairy", ladder="b2b", created_on=today - timedelta(days=60))
    return prospect_park(
        prospect=p, reason="Budget freeze", until=today - timedelta(days=1), on=today - timedelta(days=30), today=today
    )


def test_bring_back_is_refused_when_the_lead_changed_and_works_when_current(owner_client, woken, ws_url):
    from earnest.ledger.services.prospects import prospect_update

    url = ws_url(f"prospects/{woken.pk}/reopen/")
    html = owner_client.get(ws_url()).content.decode()
    assert "Bring back" in html
    seen = _shown_version(html, url)
    prospect_update(prospect=woken, owner="Kim")  # someone else, meanwhile

    response = owner_client.post(url, {"version": seen, "next": ws_url()}, HTTP_HX_REQUEST="true")
    assert CONFLICT in response.content.decode()
    assert Prospect.objects.get(pk=woken.pk).parked_until is not None

    current = _shown_version(owner_client.get(ws_url()).content.decode(), url)
    assert current == str(int(seen) + 1)
    response = owner_client.post(url, {"version": current, "next": ws_url()}, HTTP_HX_REQUEST="true")
    assert "back in the pipeline" in response.content.decode()
    assert Prospect.objects.get(pk=woken.pk).parked_until is None


def test_it_says_what_to_do_when_nothing_needs_attention(owner_client, workspace, ws_url):
    assert "Nothing needs you today" in owner_client.get(ws_url()).content.decode()


def test_it_says_when_verdicts_are_still_being_brought_up_to_date(owner_client, demo, workspace, ws_url):
    from django.core.cache import cache

    from earnest.ledger.derived import snapshots

    banner = "Verdicts are being brought up to date for today"
    assert banner not in owner_client.get(ws_url("")).content.decode()
    cache.set(snapshots._catching_up_key(workspace.pk), "a worker", 60)
    assert banner in owner_client.get(ws_url("")).content.decode()
    assert banner in owner_client.get(ws_url("pipeline/")).content.decode()


def test_a_click_answers_with_new_counts_out_of_band(owner_client, demo, ws_url, today):
    c = Commitment.objects.filter(workspace=demo, status="agreed", due__lt=today).first()
    before = re.search(r'id="count-broken_commitments">(\d+)<', owner_client.get(ws_url()).content.decode())
    response = owner_client.post(
        ws_url(f"commitments/{c.pk}/status/"),
        {"to": "fulfilled", "version": c.version, "oob": "today", "next": ws_url()},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="today-kpis" aria-label="Summary" hx-swap-oob="true"' in html
    after = re.search(r'id="count-broken_commitments" hx-swap-oob="true">(\d+)<', html)
    assert int(after.group(1)) == int(before.group(1)) - 1


def test_marking_a_promise_broken_is_not_green_and_can_be_undone(owner_client, demo, ws_url, today):
    c = Commitment.objects.filter(workspace=demo, status="agreed", due__lt=today).first()
    response = owner_client.post(
        ws_url(f"commitments/{c.pk}/status/"),
        {"to": "broken", "version": c.version, "next": ws_url()},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "alert-warn" in html and "alert-ok" not in html and ">Undo</button>" in html
    c.refresh_from_db()
    assert c.status == "broken"
    undo = ws_url(f"undo/commitment/{c.pk}/")
    assert _shown_version(html, undo) == str(c.version)
    response = owner_client.post(undo, {"version": c.version, "next": ws_url()}, HTTP_HX_REQUEST="true")
    assert "Undone" in response.content.decode()
    c.refresh_from_db()
    assert c.status == "agreed" and c.closed_on is None and c.changes.filter(to_status="broken").count() == 0
    from earnest.ledger.models import AuditEvent

    assert AuditEvent.objects.filter(entity="commitment", entity_id=c.pk, action="undone").exists()


def test_an_undo_is_refused_after_the_record_changed_or_too_late(owner_client, demo, ws_url, today):
    from datetime import timedelta

    from earnest.ledger.models import AuditEvent
    from earnest.ledger.services.steps import next_step_update

    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    owner_client.post(
        ws_url(f"steps/{step.pk}/done/"), {"result": "no", "version": step.version}, HTTP_HX_REQUEST="true"
    )
    step.refresh_from_db()
    done_version = step.version
    next_step_update(step=step, description="Renamed by someone else")
    html = owner_client.post(
        ws_url(f"undo/step/{step.pk}/"), {"version": done_version}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert CONFLICT in html
    step.refresh_from_db()
    assert step.result == "no"

    other = NextStep.objects.filter(workspace=demo, result="").exclude(pk=step.pk).first()
    owner_client.post(
        ws_url(f"steps/{other.pk}/done/"), {"result": "yes", "version": other.version}, HTTP_HX_REQUEST="true"
    )
    AuditEvent.objects.filter(entity="nextstep", entity_id=other.pk).update(
        at=AuditEvent.objects.get(entity="nextstep", entity_id=other.pk, action="ended").at - timedelta(hours=1)
    )
    other.refresh_from_db()
    html = owner_client.post(
        ws_url(f"undo/step/{other.pk}/"), {"version": other.version}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "too late to undo" in html
    other.refresh_from_db()
    assert other.result == "yes"


def test_meetings_link_to_prepare_and_debrief_and_to_dos_show_undated(owner_client, workspace, ws_url, days):
    from earnest.ledger.services.prospects import prospect_create
    from earnest.ledger.services.steps import next_step_add

    p = prospect_create(workspace=workspace, name="Orbit Freight", created_on=days(-40))
    ahead = next_step_add(prospect=p, description="Demo on their data", owner="both", on=days(-3), due=days(2))
    past = next_step_add(prospect=p, description="Call with ops", owner="prospect", on=days(-9), due=days(-2))
    next_step_add(prospect=p, description="Find out who would fund this", owner="us", on=days(-3))
    html = owner_client.get(ws_url()).content.decode()
    assert ws_url(f"prospects/{p.pk}/prep/?step={ahead.pk}") in html
    assert ws_url(f"prospects/{p.pk}/debrief/?step={past.pk}") in html
    # "It happened" on an upcoming meeting opens its debrief rather than closing it silently.
    assert re.search(
        rf'href="{re.escape(ws_url(f"prospects/{p.pk}/debrief/?step={ahead.pk}"))}"[^>]*>It happened', html
    )
    assert "Find out who would fund this" in html and "No date" in html


def test_a_step_ended_by_mistake_and_a_lead_brought_back_are_undone(owner_client, demo, woken, ws_url, today):
    from earnest.ledger.models import AuditEvent

    step = NextStep.objects.filter(workspace=demo, result="", due__lt=today).first()
    owner_client.post(
        ws_url(f"steps/{step.pk}/done/"),
        {"result": "no", "version": step.version, "oob": "today"},
        HTTP_HX_REQUEST="true",
    )
    step.refresh_from_db()
    html = owner_client.post(
        ws_url(f"undo/step/{step.pk}/"), {"version": step.version, "oob": "today"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Undone" in html and 'id="count-to_debrief" hx-swap-oob="true">' in html
    step.refresh_from_db()
    assert (step.result, step.done_on) == ("", None)
    undone = AuditEvent.objects.get(entity="nextstep", entity_id=step.pk, action="undone")
    assert undone.changes["result"] == ["no", ""] and undone.changes["done_on"][0] == today.isoformat()

    until = woken.parked_until
    owner_client.post(ws_url(f"prospects/{woken.pk}/reopen/"), {"version": woken.version}, HTTP_HX_REQUEST="true")
    woken.refresh_from_db()
    assert woken.parked_until is None
    html = owner_client.post(
        ws_url(f"undo/prospect/{woken.pk}/"), {"version": woken.version}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Undone" in html
    woken.refresh_from_db()
    assert woken.parked_until == until and woken.park_reason == "Budget freeze"
