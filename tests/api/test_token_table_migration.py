"""ApiToken moved from the api app to accounts (ADR 0016): a database made before keeps its tokens.

The test takes the test database back to the migrations before the move, stores a token the way the
old code did, migrates forward and checks that the token still signs API calls.
"""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from earnest.accounts.models import ApiToken
from earnest.ledger.models import Membership, Workspace

BEFORE_THE_MOVE = [("api", "0001_initial"), ("accounts", "0003_reset_requests")]
SECRET = "ern_" + "made-by-the-old-code-0123456789abcdefghij"


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    """The newest migrations of the two apps involved: the test moves nothing else back or forward."""
    return [node for node in MigrationExecutor(connection).loader.graph.leaf_nodes() if node[0] in ("api", "accounts")]


@pytest.mark.django_db(transaction=True)
def test_tokens_stored_before_the_move_keep_their_rows_and_keep_working():
    user = get_user_model().objects.create_user("dana", password="a-long-password-1")
    workspace = Workspace.objects.create(slug="sales", name="Sales")
    Membership.objects.create(user=user, workspace=workspace, role="owner")
    try:
        old = _migrate(BEFORE_THE_MOVE).loader.project_state(BEFORE_THE_MOVE).apps
        OldToken = old.get_model("api", "ApiToken")
        digest = hashlib.sha256(SECRET.encode()).hexdigest()
        OldToken.objects.create(
            user_id=user.pk, workspace_id=workspace.pk, name="CRM sync", prefix=SECRET[:12], digest=digest
        )
        OldToken.objects.create(user_id=user.pk, workspace_id=workspace.pk, name="old", prefix="ern_x", digest="0" * 64)
        assert ContentType.objects.filter(app_label="api", model="apitoken").exists()
    finally:
        _migrate(_latest())

    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["CRM sync", "old"]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {SECRET}").get("/api/v1/prospects")
    assert response.status_code == 200
    assert ApiToken.objects.get(name="CRM sync").last_used_at is not None
    assert list(ContentType.objects.filter(model="apitoken").values_list("app_label", flat=True)) == ["accounts"]
