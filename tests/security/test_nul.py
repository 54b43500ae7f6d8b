"""F4: a NUL byte anywhere a view could read it answers 400, never 5xx (PostgreSQL refuses NUL in text)."""

import pytest
from django.test import Client

from earnest.accounts.models import LoginFailure

from .conftest import PASSWORD, every_url

pytestmark = pytest.mark.django_db
NUL_FORM = {
    "name": "x\x00y",
    "username": "olivia\x00",
    "password": "p\x00",
    "email": "a\x00@example.com",
    "notes": "\x00",
    "description": "\x00",
    "role": "owner\x00",
    "version": "1\x00",
    "q": "\x00",
}


def _probe(client, url):
    """Every way a NUL can arrive at one URL; the status of each."""
    sep = "&" if "?" in url else "?"
    yield "query", client.get(f"{url}{sep}q=%00&next=/%00")
    yield "raw query", client.get(url, QUERY_STRING="q=a\x00b")
    yield "path", client.get(url.rstrip("/") + "/%00/")
    yield "header", client.get(url, HTTP_X_EARNEST_WORKSPACE="acme\x00", HTTP_X_FORWARDED_FOR="1.2.3.4\x00")
    yield "form", client.post(url, NUL_FORM)
    yield "json", client.post(url, '{"name": "a\\u0000b", "text": "\\u0000"}', content_type="application/json")


@pytest.mark.parametrize("who", ["anonymous", "owner", "token"])
def test_no_url_answers_5xx_to_a_nul_byte(world, workspace, owner_client, token_client, who):
    client = {"anonymous": Client(), "owner": owner_client, "token": token_client}[who]
    checked = 0
    for url in every_url(workspace, world):
        for how, response in _probe(client, url):
            assert response.status_code < 500, (who, how, url, response.status_code)
            checked += 1
    assert checked > 6 * 80  # every route of the web app and the API, each probed six ways


def test_nul_in_the_query_string_path_header_and_form_answers_400(owner_client, workspace):
    url = f"/w/{workspace.slug}/"
    assert owner_client.get(url + "?q=%00").status_code == 400
    assert owner_client.get(url + "%00/").status_code == 400
    assert owner_client.get(url, HTTP_X_ANYTHING="a\x00").status_code == 400
    assert owner_client.post(url, {"name": "a\x00"}).status_code == 400
    api = owner_client.get("/api/v1/prospects?q=%00")
    assert api.status_code == 400 and api.json()["error"]["code"] == "invalid"


def test_a_nul_in_the_login_form_is_refused_before_the_lock_check(client, owner):
    response = client.post("/login/", {"username": "olivia\x00", "password": PASSWORD})
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert not LoginFailure.objects.exists()  # refused by the guard, never stored


def test_the_lock_check_stores_a_name_with_nul_removed():
    """Behind the guard too: the throttle's key is always storable text."""
    from earnest.accounts.throttle import login_failed, login_locked

    login_failed(username="ol\x00ivia", ip="10.0.0.1")
    assert LoginFailure.objects.get().username == "olivia"
    assert not login_locked(username="ol\x00ivia", ip="")


def test_a_file_upload_with_nul_bytes_is_not_refused_by_the_guard(owner_client, workspace):
    """Multipart bodies carry files, which may hold NUL (a zip, a binary); the importers judge them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.csv", b"name\nacme\x00\n", content_type="text/csv")
    response = owner_client.post(f"/w/{workspace.slug}/imports/csv/", {"file": upload, "kind": "prospects"})
    assert response.status_code != 400 or b"NUL character" not in response.content
    assert response.status_code < 500
