"""Two users in two workspaces work side by side, through pages and the API, and neither sees the other.

`make test-postgres` runs this on the real PostgreSQL server.
"""

import os

import pytest
from django.db import connection
from django.test import Client

from earnest.accounts.tokens import token_create
from earnest.ledger.models import AuditEvent, Prospect

pytestmark = pytest.mark.django_db


def test_it_runs_on_postgresql_when_asked(db):
    if os.environ.get("EARNEST_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql"


def _add(client, slug, name):
    response = client.post(f"/w/{slug}/prospects/new/", {"name": name, "ladder": "b2b", "owner": name[:3]})
    assert response.status_code == 302
    return int(response.url.rstrip("/").rsplit("/", 1)[1])


def test_it_keeps_two_teams_apart(owner, outsider, workspace, other_workspace):
    ours, theirs = Client(), Client()
    ours.force_login(owner)
    theirs.force_login(outsider)
    a, b = workspace.slug, other_workspace.slug
    mine, yours = [], []
    for i in range(3):  # interleaved, as two people would work
        mine.append(_add(ours, a, f"Acme customer {i}"))
        yours.append(_add(theirs, b, f"Rival customer {i}"))
    ours.post(f"/w/{a}/prospects/{mine[0]}/contacts/", {"name": "Priya", "role": "champion"})
    theirs.post(f"/w/{b}/prospects/{yours[0]}/steps/", {"description": "Demo", "owner": "both"})

    for client, slug, other, word in ((ours, a, yours, "Rival"), (theirs, b, mine, "Acme")):
        html = client.get(f"/w/{slug}/pipeline/").content.decode()
        assert word not in html
        for pk in other:
            assert client.get(f"/w/{slug}/prospects/{pk}/").status_code == 404
            assert client.get(f"/api/v1/prospects/{pk}").status_code == 404
        listed = client.get("/api/v1/prospects").json()
        names = [p["name"] for p in listed.get("items", listed)]
        assert len(names) == 3 and not any(word in n for n in names)

    _, secret = token_create(user=outsider, workspace=other_workspace, name="sync")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(f"/api/v1/prospects/{mine[0]}").status_code == 404
    assert (
        api.patch(
            f"/api/v1/prospects/{mine[0]}", {"name": "Taken", "version": 1}, content_type="application/json"
        ).status_code
        == 404
    )
    assert Prospect.objects.get(pk=mine[0]).name == "Acme customer 0"
    assert not AuditEvent.objects.filter(workspace=workspace, actor=outsider).exists()
    assert not AuditEvent.objects.filter(workspace=other_workspace, actor=owner).exists()
