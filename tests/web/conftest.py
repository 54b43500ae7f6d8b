"""Three standing users for every access test: the workspace's owner, a viewer, and an outsider."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True)
def _today(monkeypatch, today):
    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())


def _user(username, workspace, role):
    from earnest.ledger.models import Membership

    user = get_user_model().objects.create_user(username=username, password="a-long-test-password")
    if workspace is not None:
        Membership.objects.create(user=user, workspace=workspace, role=role)
    return user


@pytest.fixture
def owner(workspace):
    return _user("olivia", workspace, "owner")


@pytest.fixture
def viewer(workspace):
    return _user("victor", workspace, "viewer")


@pytest.fixture
def outsider(other_workspace):
    return _user("oscar", other_workspace, "owner")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def demo(workspace, today):
    """The twelve-prospect demo: every verdict, conversations, commitments, steps."""
    from earnest.ledger.services.demo import demo_load

    demo_load(workspace=workspace, today=today)
    return workspace


@pytest.fixture
def ws_url(workspace):
    def url(path: str = "") -> str:
        return f"/w/{workspace.slug}/{path}"

    return url


def make_prospects(workspace, count, today):
    """`count` prospects, each with a contact, a conversation, a commitment and a next step."""
    from datetime import timedelta

    from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
    from earnest.ledger.services.prospects import contact_add, prospect_create

    for i in range(count):
        p = prospect_create(
            workspace=workspace,
            name=f"Company {i:03d}",
            ladder="b2b",
            created_on=today - timedelta(days=40),
            owner="Sam" if i % 2 else "Kim",
        )
        c = contact_add(prospect=p, name=f"Person {i}", role="champion")
        conversation_log(
            prospect=p,
            on=today - timedelta(days=10),
            contacts=[c],
            notes="We talked.",
            ask=AskInput(answer="agreed", rung="shares_needs"),
            next_step=StepInput("Demo", "both", today + timedelta(days=i % 5)),
        )


def count_queries(client, url, method="get", data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), response.status_code
    return len(ctx.captured_queries)
