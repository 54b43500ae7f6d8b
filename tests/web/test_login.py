from datetime import timedelta

import pytest
from django.utils import timezone

from earnest.accounts.models import LoginToken
from earnest.accounts.services import login_token_create, owner_ensure

pytestmark = pytest.mark.django_db


def test_it_signs_in_once_with_a_login_link(client, owner, workspace):
    secret = login_token_create(user=owner)
    assert not LoginToken.objects.filter(digest=secret).exists()  # only the hash is stored
    response = client.get(f"/login/{secret}")
    assert response.status_code == 302 and client.get("/").url == f"/w/{workspace.slug}/"
    client.logout()
    assert client.get(f"/login/{secret}").status_code == 400


def test_it_refuses_an_expired_link(client, owner):
    secret = login_token_create(user=owner)
    LoginToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "expired or was already used" in client.get(f"/login/{secret}").content.decode()


def test_it_signs_in_with_a_password_and_out_again(client, owner, workspace):
    response = client.post("/login/", {"username": "olivia", "password": "a-long-test-password",
                                       "next": f"/w/{workspace.slug}/pipeline/"})
    assert response.url == f"/w/{workspace.slug}/pipeline/"
    client.post("/logout/")
    assert client.get(f"/w/{workspace.slug}/").status_code == 302


def test_it_keeps_the_username_after_a_wrong_password(client, owner):
    html = client.post("/login/", {"username": "olivia", "password": "wrong"}).content.decode()
    assert 'value="olivia"' in html and "correct username and password" in html


def test_it_creates_the_local_owner_once_and_makes_them_owner_of_a_workspace(workspace, other_workspace):
    user, created = owner_ensure(workspace=workspace)
    assert created
    again, created_again = owner_ensure(workspace=workspace)
    assert again == user and not created_again
    other_owner, _ = owner_ensure(workspace=other_workspace)
    assert other_owner == user
