from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from earnest.accounts.models import LoginToken
from earnest.accounts.services import login_token_create, owner_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_owner(workspace):
    """The account `earnest serve` makes on its first start: an owner with no password."""
    user, _ = owner_ensure(workspace=workspace)
    return user


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_it_signs_in_once_with_a_login_link_after_a_confirming_post(client, owner, workspace):
    secret = login_token_create(user=owner)
    assert not LoginToken.objects.filter(digest=secret).exists()  # only the hash is stored
    page = client.get(f"/login/{secret}")
    assert page.status_code == 200 and "Sign in as olivia" in page.content.decode()
    response = client.post(f"/login/{secret}")
    assert response.status_code == 302 and client.get("/").url == f"/w/{workspace.slug}/"
    client.logout()
    assert client.post(f"/login/{secret}").status_code == 400
    assert client.get(f"/login/{secret}").status_code == 400


def test_opening_a_login_link_neither_signs_in_nor_uses_it_up(client, owner, viewer):
    """F11: a GET (a link in a page, a preview, a prefetch) must not switch the browser to another account."""
    client.force_login(viewer)
    secret = login_token_create(user=owner)
    client.get(f"/login/{secret}")
    client.get(f"/login/{secret}")
    assert _signed_in_as(client) == str(viewer.pk)
    assert LoginToken.objects.get().used_at is None


def test_the_confirming_post_needs_the_csrf_token(owner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    secret = login_token_create(user=owner)
    assert strict.post(f"/login/{secret}").status_code == 403
    assert LoginToken.objects.get().used_at is None


def test_it_refuses_an_expired_link_and_says_how_the_local_owner_gets_back_in(client, local_owner):
    secret = login_token_create(user=local_owner)
    LoginToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    html = client.get(f"/login/{secret}").content.decode()
    assert "expired or was already used" in html
    assert f"earnest loginlink {local_owner.get_username()}" in html and "Restart" not in html


def test_a_used_link_of_someone_with_a_password_points_to_the_password_and_resetlink(client, owner):
    secret = login_token_create(user=owner)
    client.post(f"/login/{secret}")
    client.logout()
    html = client.get(f"/login/{secret}").content.decode()
    assert "Sign in with your password" in html and "earnest resetlink olivia" in html


def test_the_local_owner_may_choose_a_password_when_signing_in(client, local_owner):
    secret = login_token_create(user=local_owner)
    assert "Choose a password" in client.get(f"/login/{secret}").content.decode()
    response = client.post(
        f"/login/{secret}", {"new_password1": "a-phone-can-sign-in-7", "new_password2": "a-phone-can-sign-in-7"}
    )
    assert response.status_code == 302
    local_owner.refresh_from_db()
    assert local_owner.check_password("a-phone-can-sign-in-7")
    phone = type(client)()
    assert (
        phone.post("/login/", {"username": local_owner.get_username(), "password": "a-phone-can-sign-in-7"}).status_code
        == 302
    )


def test_the_local_owner_may_also_sign_in_without_choosing_a_password(client, local_owner):
    secret = login_token_create(user=local_owner)
    assert client.post(f"/login/{secret}", {"new_password1": "", "new_password2": ""}).status_code == 302
    local_owner.refresh_from_db()
    assert not local_owner.has_usable_password()


def test_a_weak_or_mismatched_first_password_keeps_the_link_usable(client, local_owner):
    secret = login_token_create(user=local_owner)
    weak = client.post(f"/login/{secret}", {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    differ = client.post(
        f"/login/{secret}", {"new_password1": "a-phone-can-sign-in-7", "new_password2": "a-phone-can-sign-in-8"}
    )
    assert differ.status_code == 400 and "differ" in differ.content.decode()
    assert LoginToken.objects.get().used_at is None and not _signed_in_as(client)


def test_the_password_fields_are_offered_only_to_someone_without_a_password(client, owner):
    secret = login_token_create(user=owner)
    assert "Choose a password" not in client.get(f"/login/{secret}").content.decode()


def test_it_signs_in_with_a_password_and_out_again(client, owner, workspace):
    response = client.post(
        "/login/", {"username": "olivia", "password": "a-long-test-password", "next": f"/w/{workspace.slug}/pipeline/"}
    )
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
    assert get_user_model().objects.count() == 1


def test_a_bare_confirming_post_signs_the_local_owner_in(client, local_owner):
    secret = login_token_create(user=local_owner)
    assert client.post(f"/login/{secret}").status_code == 302 and _signed_in_as(client)
