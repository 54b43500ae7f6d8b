"""Every page needs a login; another workspace's objects answer 404; viewers cannot change anything."""

import pytest

from earnest.ledger.models import Commitment, Conversation, NextStep, Prospect

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "pipeline/",
    "pipeline/?group=rung",
    "dashboard/",
    "ladders/",
    "ladders/b2b/",
    "ladders/new/",
    "prospects/new/",
]


def _object_urls(workspace):
    prospect = Prospect.objects.filter(workspace=workspace).order_by("pk").first()
    conversation = Conversation.objects.filter(workspace=workspace).first()
    step = NextStep.objects.filter(workspace=workspace).first()
    commitment = Commitment.objects.filter(workspace=workspace).first()
    gets = [
        f"prospects/{prospect.pk}/",
        f"prospects/{prospect.pk}/prep/",
        f"prospects/{prospect.pk}/debrief/",
        f"conversations/{conversation.pk}/",
    ]
    posts = [
        f"prospects/{prospect.pk}/{action}/"
        for action in (
            "contacts",
            "steps",
            "evidence",
            "close",
            "park",
            "classify",
            "reopen",
            "debrief/analyze",
            "debrief/preview",
        )
    ]
    posts += [f"steps/{step.pk}/done/", f"commitments/{commitment.pk}/status/"]
    return gets, posts


def test_it_sends_anonymous_visitors_to_the_login_page(client, demo, ws_url):
    gets, posts = _object_urls(demo)
    for path in PAGES + gets:
        response = client.get(ws_url(path))
        assert response.status_code == 302, path
        assert response.url.startswith("/login/"), path
    for path in posts:
        assert client.post(ws_url(path)).status_code == 302, path
    assert client.get("/").url.startswith("/login/")


def test_it_renders_every_page_for_a_member(owner_client, demo, ws_url):
    gets, _ = _object_urls(demo)
    for path in PAGES + gets:
        assert owner_client.get(ws_url(path)).status_code == 200, path
    for prospect in Prospect.objects.filter(workspace=demo):
        for suffix in ("", "prep/", "debrief/"):
            assert owner_client.get(ws_url(f"prospects/{prospect.pk}/{suffix}")).status_code == 200
    for conversation in Conversation.objects.filter(workspace=demo):
        assert owner_client.get(ws_url(f"conversations/{conversation.pk}/")).status_code == 200


def test_it_answers_404_to_an_outsider_for_every_object_and_the_workspace(
    outsider_client, outsider, demo, other_workspace
):
    gets, posts = _object_urls(demo)
    for path in gets:
        # Through their own workspace's address, and through the victim's.
        assert outsider_client.get(f"/w/{other_workspace.slug}/{path}").status_code == 404, path
        assert outsider_client.get(f"/w/{demo.slug}/{path}").status_code == 404, path
    for path in posts:
        assert (
            outsider_client.post(
                f"/w/{other_workspace.slug}/{path}", {"result": "yes", "to": "fulfilled", "name": "x"}
            ).status_code
            == 404
        ), path
    for path in PAGES:
        assert outsider_client.get(f"/w/{demo.slug}/{path}").status_code == 404, path
    assert NextStep.objects.filter(workspace=demo, result="").count() > 0


def test_it_lets_a_viewer_look_but_not_change(client, viewer, demo, ws_url):
    client.force_login(viewer)
    gets, posts = _object_urls(demo)
    for path in PAGES + gets:
        assert client.get(ws_url(path)).status_code == 200, path
    for path in posts:
        assert client.post(ws_url(path), {"result": "yes"}).status_code == 403, path


def test_it_sends_a_signed_in_user_home_to_their_workspace(owner_client, workspace):
    response = owner_client.get("/")
    assert response.url == f"/w/{workspace.slug}/"


def test_it_tells_a_user_without_a_workspace_what_to_do(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("nobody"))
    assert b"not a member of any workspace" in client.get("/").content


def test_it_answers_404_for_an_id_no_database_could_hold(owner_client, ws_url):
    assert owner_client.get(ws_url("prospects/99999999999999999999999/")).status_code == 404
