"""The URLconf walked pattern by pattern, and a workspace holding one object of every kind a URL can name."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
PAYLOAD = "X " + " ".join(XSS)
# What must never reach a page unescaped.
RAW = ["<script>alert(1)", "<img src=x onerror"]


def url_patterns() -> list[tuple[str, str]]:
    """(route, name) for every page of the web app, accounts and transfer; the API has its own tests."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.name

    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith("api/v1/") and route != "health"
    ]


# Which object an <int:pk> names, by the word before it in the route.
PK_MODELS = {
    "prospects": "ledger.Prospect",
    "conversations": "ledger.Conversation",
    "steps": "ledger.NextStep",
    "commitments": "ledger.Commitment",
    "pending": "transfer.PendingMeeting",
    "feeds": "transfer.FeedToken",
    "invitations": "accounts.Invitation",
    "members": "ledger.Membership",
    "tokens": "accounts.ApiToken",
    "<str:kind>": "ledger.NextStep",  # undo/<kind>/<pk>: `kind` is filled with "step" below
    "experiments": "ledger.Experiment",
}


def fill(route: str, slug: str, objects: dict[str, object]) -> str:
    """The route with the workspace slug and the ids of `objects` put in."""

    def arg(match: re.Match) -> str:
        name = match.group(2)
        if name == "slug":
            return slug
        if name == "key":
            return objects["ladder"]
        if name == "name":
            return objects["mapping"]
        if name == "kind":
            return "step"
        word = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        return str(objects[PK_MODELS[word]])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", arg, route)


def every_kind_of_object(workspace, user, today, text: str = "Plain text") -> dict[str, object]:
    """One of everything a URL can name in `workspace`, with `text` in every free-text field."""
    from datetime import timedelta

    from earnest.accounts.team import invitation_create
    from earnest.accounts.tokens import token_create
    from earnest.domain.ladder_files import builtin_ladder_text
    from earnest.ledger.models import Membership
    from earnest.ledger.services.conversations import AskInput, StepInput, conversation_log
    from earnest.ledger.services.experiments import CriterionInput, experiment_add
    from earnest.ledger.services.ladders import ladder_save
    from earnest.ledger.services.prospects import contact_add, evidence_add, prospect_create
    from earnest.transfer.crm_presets import preset_mapping
    from earnest.transfer.models import PendingMeeting
    from earnest.transfer.services import feed_create, mapping_save

    ladder_key = f"own{workspace.pk}"
    source = builtin_ladder_text("b2b").replace('key = "b2b"', f'key = "{ladder_key}"', 1)
    source = re.sub(r'(?m)^name = ".*"$', f"name = {_toml(text)}", source, count=1)
    ladder_save(workspace=workspace, source=source)
    earlier = today - timedelta(days=30)
    prospect = prospect_create(
        workspace=workspace, name=text, ladder="b2b", created_on=earlier, owner=text, notes=text, domain="acme.example"
    )
    contact = contact_add(prospect=prospect, name=text, title=text, role="champion", email="someone@acme.example")
    conversation, _ = conversation_log(
        prospect=prospect,
        on=earlier + timedelta(days=1),
        contacts=[contact],
        notes=text,
        ask=AskInput(answer="agreed", text=text, rung="shares_needs", due=today + timedelta(days=5)),
        next_step=StepInput(text, "both", today + timedelta(days=3)),
    )
    evidence_add(prospect=prospect, criterion="has_problem", on=earlier, note=text)
    prospect_create(workspace=workspace, name=text + " closed", ladder="b2b", created_on=earlier)
    mapping = mapping_save(
        workspace=workspace, name=f"mine{workspace.pk}", data=preset_mapping("generic", "prospects", []).as_data()
    )
    pending = PendingMeeting.objects.create(
        workspace=workspace,
        source="ics",
        external_id=f"x{workspace.pk}",
        title=text,
        on=earlier,
        channel="meeting",
        notes=text,
        emails=["a@nowhere.example"],
    )
    feed, _ = feed_create(workspace=workspace, name=text[:100])
    experiment = experiment_add(
        workspace=workspace,
        name=text[:100],
        hypothesis=text,
        segment="pilots",
        criterion=CriterionInput(rung="shares_needs", at_least=1),
        deadline=today + timedelta(days=30),
        started_on=earlier,
    )
    invitation, _ = invitation_create(workspace=workspace, role="member", note=text)
    token, _ = token_create(user=user, workspace=workspace, name=text[:100])
    return {
        "ledger.Prospect": prospect.pk,
        "ledger.Conversation": conversation.pk,
        "ledger.NextStep": prospect.next_steps.get().pk,
        "ledger.Commitment": prospect.commitments.get().pk,
        "transfer.PendingMeeting": pending.pk,
        "transfer.FeedToken": feed.pk,
        "accounts.Invitation": invitation.pk,
        "accounts.ApiToken": token.pk,
        "ledger.Experiment": experiment.pk,
        "ledger.Membership": Membership.objects.get(user=user, workspace=workspace).pk,
        "ladder": ladder_key,
        "mapping": mapping.name,
    }


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
