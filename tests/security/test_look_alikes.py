"""F2 and kin: names written with look-alike (fullwidth) letters are the same name, never a second one."""

import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from earnest.accounts.models import LoginFailure

from .conftest import PASSWORD, every_url

pytestmark = pytest.mark.django_db


def fullwidth(text: str) -> str:
    """ASCII letters and digits as their fullwidth forms, which NFKC folds back: 'olivia' -> 'ｏｌｉｖｉａ'."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def test_the_look_alike_helper_makes_names_nfkc_folds_back():
    assert fullwidth("olivia") != "olivia" and unicodedata.normalize("NFKC", fullwidth("olivia")) == "olivia"


def test_every_url_with_look_alike_names_answers_without_5xx_and_never_reaches_the_real_record(
    world, workspace, owner_client, token_client
):
    checked = 0
    for url in every_url(workspace, world):
        look_alike = url.replace(workspace.slug, fullwidth(workspace.slug))
        for name in (world["ladder"], world["mapping"]):
            look_alike = look_alike.replace(f"/{name}", f"/{fullwidth(name)}")
        if look_alike == url:
            continue
        client = token_client if url.startswith("/api/") else owner_client
        response = client.get(look_alike)
        assert response.status_code < 500, (look_alike, response.status_code)
        assert response.status_code in (301, 302, 400, 404), (look_alike, response.status_code)
        checked += 1
    assert checked > 40


def test_a_fullwidth_name_cannot_sign_in_while_the_real_name_is_locked(owner):
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "olivia", "password": "wrong"})
    for name in (fullwidth("olivia"), "OLIVIA", "olivia "):
        response = client.post("/login/", {"username": name, "password": PASSWORD})
        assert response.status_code == 429 and "_auth_user_id" not in client.session, name
    assert LoginFailure.objects.filter(username="olivia").count() == 5


def test_look_alikes_do_not_each_get_their_own_five_tries(owner):
    client = Client()
    for name in ("olivia", fullwidth("olivia"), fullwidth("OLIVIA"), "Olivia", "ｏlivia"):
        client.post("/login/", {"username": name, "password": "wrong"})
    assert client.post("/login/", {"username": "olivia", "password": PASSWORD}).status_code == 429


def test_joining_with_a_look_alike_of_a_taken_name_is_refused_in_place(owner, workspace):
    from earnest.accounts.team import invitation_create

    _, secret = invitation_create(workspace=workspace, role="member")
    response = Client().post(f"/invite/{secret}", {"username": fullwidth("olivia"), "password": "another-long-pass-77"})
    assert response.status_code == 400 and "is taken" in response.content.decode()
    assert get_user_model().objects.count() == 1
