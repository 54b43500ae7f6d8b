"""The one agenda: the web page, `earnest today`, the digest and the API list the same items."""

import json

import pytest
from django.core import mail
from django.test import Client
from typer.testing import CliRunner

from earnest.domain.agenda import LISTS

pytestmark = pytest.mark.django_db


def _keys(items):
    return sorted((i["kind"], i["prospect_id"], i["ref"], i["on"]) for i in items)


def test_web_cli_digest_and_api_agree_on_the_same_workspace(workspace, today, monkeypatch):
    from django.contrib.auth import get_user_model

    from earnest.accounts.tokens import token_create
    from earnest.cli import app
    from earnest.jsonable import jsonable
    from earnest.ledger.models import Membership
    from earnest.ledger.reads.today import agenda_sections
    from earnest.ledger.services.demo import demo_load

    demo_load(workspace=workspace, today=today)
    monkeypatch.setenv("EARNEST_TODAY", today.isoformat())
    user = get_user_model().objects.create_user("olivia", "olivia@example.com", "a-long-password-1")
    Membership.objects.create(user=user, workspace=workspace, role="owner")

    result = CliRunner().invoke(app, ["--workspace", workspace.slug, "today", "-f", "json"], catch_exceptions=False)
    cli = json.loads(result.output)
    _, secret = token_create(user=user, workspace=workspace, name="parity")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/today").json()
    web, sections = agenda_sections(workspace)
    web = jsonable(web)

    assert cli["today"] == api["today"] == web["today"] == today.isoformat()
    for name in LISTS:
        assert _keys(cli[name]) == _keys(api[name]) == _keys(web[name]), name
    assert cli["counts"] == api["counts"] == web["counts"]

    CliRunner().invoke(app, ["--workspace", workspace.slug, "digest", "--to", "me@example.com"], catch_exceptions=False)
    body = mail.outbox[-1].body
    for _key, title, _action, items, total in sections:
        assert f"{title} ({total})" in body
        assert all(i.prospect in body for i in items)


def test_the_cli_today_option_moves_every_reader_of_the_clock(workspace, monkeypatch):
    from earnest.cli import app
    from earnest.ledger import clock

    monkeypatch.delenv("EARNEST_TODAY", raising=False)
    seen = []
    monkeypatch.setattr(
        "earnest.ledger.reads.today.today_agenda",
        lambda ws, day, shown=None: seen.append((day, clock.today())) or _empty(day),
    )
    CliRunner().invoke(
        app, ["--workspace", workspace.slug, "--today", "2026-02-03", "today", "-f", "json"], catch_exceptions=False
    )
    assert [(str(a), str(b)) for a, b in seen] == [("2026-02-03", "2026-02-03")]
    assert clock.pinned() is None  # the pin lasts one command


def _empty(day):
    from earnest.domain.agenda import Agenda

    return Agenda(today=day, counts={name: 0 for name in LISTS})
