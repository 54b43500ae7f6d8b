"""Every route of the web app and the API, filled with real ids, for the probes in this folder."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from web.security_fixtures import PK_MODELS, every_kind_of_object, url_patterns

PASSWORD = "a-long-test-password"
API_IDS = {
    "prospect_id": "ledger.Prospect",
    "contact_id": "ledger.Contact",
    "conversation_id": "ledger.Conversation",
    "commitment_id": "ledger.Commitment",
    "step_id": "ledger.NextStep",
}


def api_routes() -> list[str]:
    """The API's routes ("api/v1/prospects/<prospect_id>"), one per path."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return sorted({r for r in walk(get_resolver().url_patterns) if r.startswith("api/v1/")})


def fill(route: str, slug: str, objects: dict[str, object]) -> str:
    """Like web.security_fixtures.fill, with the first id of the workspace for a kind it does not know yet:
    a route added tomorrow is probed too, instead of stopping the walk."""
    named = {"slug": slug, "key": objects["ladder"], "name": objects["mapping"], "kind": "step"}

    def arg(match: re.Match) -> str:
        name = match.group(2)
        if name in named:
            return str(named[name])
        word = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        return str(objects.get(PK_MODELS.get(word, ""), 1))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", arg, route)


def fill_api(route: str, objects: dict[str, object]) -> str:
    def arg(match: re.Match) -> str:
        name = match.group(2)
        return str(objects["ladder"] if name == "key" else objects.get(API_IDS.get(name, ""), 1))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", arg, route)


def every_url(workspace, objects) -> list[str]:
    """Every page of the web app (the calendar feed through a live secret) and every API path."""
    # Secrets and signed tokens outside a workspace: made-up ones, which the views must refuse calmly.
    made_up = {"<str:secret>": "made-up-secret", "<uidb64>": "MQ", "<token>": "set-password"}
    routes = [route for route, name in url_patterns() if name != "calendar_feed"]
    for placeholder, value in made_up.items():
        routes = [route.replace(placeholder, value) for route in routes]
    urls = [fill(route, workspace.slug, objects) for route in routes]
    urls.append(objects["feed_path"])
    return urls + [fill_api(route, objects) for route in api_routes()]


@pytest.fixture
def owner(workspace):
    from earnest.ledger.models import Membership

    user = get_user_model().objects.create_user(username="olivia", password=PASSWORD, email="olivia@example.com")
    Membership.objects.create(user=user, workspace=workspace, role="owner")
    return user


@pytest.fixture
def world(workspace, owner, today, monkeypatch):
    """One of everything in the owner's workspace, a live feed address, and the ids by kind."""
    from earnest.ledger.models import Contact
    from earnest.transfer.services import feed_create

    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())
    objects = every_kind_of_object(workspace, owner, today)
    objects["ledger.Contact"] = Contact.objects.filter(workspace=workspace).values_list("pk", flat=True).first()
    _, secret = feed_create(workspace=workspace, name="probe", created_by=owner)
    objects["feed_path"] = f"/feeds/{secret}.ics"
    return objects


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def token_client(owner, workspace):
    from earnest.accounts.tokens import token_create

    _, secret = token_create(user=owner, workspace=workspace, name="probe")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
