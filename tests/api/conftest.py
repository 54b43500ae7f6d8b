import pytest
from django.test import Client


@pytest.fixture
def team(db, workspace, other_workspace):
    """Three standing users: an owner and a viewer of the workspace, and an outsider."""
    from django.contrib.auth import get_user_model

    from earnest.ledger.models import Membership

    users = {}
    for name, ws, role in [
        ("owner", workspace, "owner"),
        ("viewer", workspace, "viewer"),
        ("outsider", other_workspace, "owner"),
    ]:
        user = get_user_model().objects.create_user(name, f"{name}@example.com", "a-long-password-1")
        Membership.objects.create(user=user, workspace=ws, role=role)
        users[name] = user
    return users


@pytest.fixture
def client_for(team, workspace, other_workspace):
    """An API client authenticated with a personal token of the named user."""
    from earnest.accounts.tokens import token_create

    def make(name: str) -> Client:
        ws = other_workspace if name == "outsider" else workspace
        _, secret = token_create(user=team[name], workspace=ws, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make
