from django.test import Client

from earnest.accounts.models import ApiToken
from earnest.accounts.tokens import token_revoke


def test_it_refuses_anonymous_calls_with_the_error_shape(db):
    response = Client().get("/api/v1/prospects")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_it_refuses_a_made_up_token(db):
    response = Client(HTTP_AUTHORIZATION="Bearer ern_not-a-real-token").get("/api/v1/prospects")
    assert response.status_code == 401


def test_it_stores_only_a_hash_and_records_last_use(client_for, team):
    client = client_for("owner")
    token = ApiToken.objects.get(user=team["owner"])
    secret = client.defaults["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    assert secret not in token.digest and len(token.digest) == 64
    assert token.last_used_at is None
    assert client.get("/api/v1/prospects").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_stops_working(client_for, team):
    client = client_for("owner")
    assert client.get("/api/v1/prospects").status_code == 200
    token_revoke(user=team["owner"], token_id=ApiToken.objects.get(user=team["owner"]).pk)
    assert client.get("/api/v1/prospects").status_code == 401


def test_a_session_works_and_names_its_workspace(team, workspace):
    client = Client()
    client.force_login(team["owner"])
    response = client.get("/api/v1/prospects", HTTP_X_EARNEST_WORKSPACE=workspace.slug)
    assert response.status_code == 200
    wrong = client.get("/api/v1/prospects", HTTP_X_EARNEST_WORKSPACE="rival-team")
    assert wrong.status_code == 403


def test_a_session_write_needs_the_csrf_token(team, workspace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team["owner"])
    response = client.post("/api/v1/prospects", {"name": "Acme"}, content_type="application/json")
    assert response.status_code == 403


def test_the_openapi_schema_is_served(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/prospects",
        "/api/v1/contacts",
        "/api/v1/conversations",
        "/api/v1/commitments",
        "/api/v1/next-steps",
        "/api/v1/ladders",
        "/api/v1/leads",
        "/api/v1/analyze",
        "/api/v1/prospects/{prospect_id}/coach",
    ]:
        assert path in paths
