"""Team accounts: login throttling, password change and reset, invitations, members, tokens, switching."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from earnest.accounts.models import ApiToken, Invitation, LoginFailure
from earnest.accounts.passwords import password_reset_link
from earnest.accounts.team import invitation_create
from earnest.ledger.models import Membership

pytestmark = pytest.mark.django_db
GOOD = "a-long-test-password"
NEW = "another-long-passphrase-9"


def _fail(client, username="olivia", times=1, ip="10.0.0.1"):
    for _ in range(times):
        response = client.post("/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)
    return response


def test_it_locks_a_name_after_five_failures_even_for_the_right_password(client, owner):
    assert _fail(client, times=5).status_code == 400
    response = client.post("/login/", {"username": "olivia", "password": GOOD})
    assert response.status_code == 429 and "Too many failed sign-ins" in response.content.decode()
    assert LoginFailure.objects.count() == 5  # refusals while locked do not extend the lock


def test_it_lets_the_name_in_again_after_fifteen_minutes(client, owner):
    _fail(client, times=5)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    response = client.post("/login/", {"username": "olivia", "password": GOOD})
    assert response.status_code == 302 and not LoginFailure.objects.filter(username="olivia").exists()


def test_it_locks_an_address_that_guesses_many_names(client, owner):
    for i in range(20):
        _fail(client, username=f"guess{i}", ip="10.9.9.9")
    assert client.post("/login/", {"username": "olivia", "password": GOOD}, REMOTE_ADDR="10.9.9.9").status_code == 429
    assert client.post("/login/", {"username": "olivia", "password": GOOD}, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_it_changes_the_password_and_keeps_the_session(owner_client, owner, workspace):
    response = owner_client.post(
        "/account/password/", {"old_password": GOOD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW) and owner.password.startswith("argon2")
    assert owner_client.get(f"/w/{workspace.slug}/").status_code == 200


def test_it_refuses_a_password_change_with_a_wrong_old_password(owner_client, owner):
    response = owner_client.post(
        "/account/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.check_password(GOOD)


def test_it_emails_a_reset_link_that_works_once(client, owner):
    owner.email = "olivia@example.com"
    owner.save()
    assert client.post("/password-reset/", {"email": "olivia@example.com"}).status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form_url = client.get(path).url  # Django moves the token into the session, off the address bar
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW)
    assert "expired or was already used" in client.get(path, follow=True).content.decode()


def test_it_accepts_a_reset_link_made_for_the_command_line(owner, client):
    path = password_reset_link(user=owner, base_url="http://testserver").split("testserver", 1)[1]
    form_url = client.get(path).url
    assert client.post(form_url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302


def test_it_invites_by_a_link_that_makes_an_account_once(owner_client, client, workspace):
    html = owner_client.post(f"/w/{workspace.slug}/members/invite/", {"role": "viewer", "note": "Dana"}).content
    link = html.decode().split('data-testid="invite-link">', 1)[1].split("<", 1)[0]
    secret = link.rsplit("/", 1)[1]
    assert not Invitation.objects.filter(digest=secret).exists()  # only the hash is stored
    owner_client.logout()
    response = client.post(f"/invite/{secret}", {"username": "dana", "password": NEW})
    assert response.status_code == 302 and response.url == f"/w/{workspace.slug}/"
    dana = get_user_model().objects.get(username="dana")
    assert Membership.objects.get(user=dana, workspace=workspace).role == "viewer"
    client.logout()
    assert client.post(f"/invite/{secret}", {"username": "eve", "password": NEW}).status_code == 404


def test_it_adds_a_signed_in_user_to_the_workspace(outsider_client, outsider, workspace, other_workspace):
    _, secret = invitation_create(workspace=workspace, role="member")
    assert outsider_client.post(f"/invite/{secret}").url == f"/w/{workspace.slug}/"
    assert set(Membership.objects.filter(user=outsider).values_list("workspace__slug", flat=True)) == {
        workspace.slug,
        other_workspace.slug,
    }


def test_it_refuses_an_expired_or_revoked_invitation(client, workspace):
    _, secret = invitation_create(workspace=workspace, role="member")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/invite/{secret}").status_code == 404
    invitation, secret = invitation_create(workspace=workspace, role="member")
    invitation.revoked_at = timezone.now()
    invitation.save()
    assert client.post(f"/invite/{secret}", {"username": "x", "password": NEW}).status_code == 404


def test_it_lets_an_owner_change_roles_and_remove_members_but_not_the_last_owner(
    owner_client, owner, viewer, workspace
):
    me = Membership.objects.get(user=owner, workspace=workspace)
    them = Membership.objects.get(user=viewer, workspace=workspace)
    page = owner_client.get(f"/w/{workspace.slug}/members/").content.decode()
    assert "victor" in page and "olivia" in page
    owner_client.post(f"/w/{workspace.slug}/members/{them.pk}/role/", {"role": "member"})
    assert Membership.objects.get(pk=them.pk).role == "member"
    response = owner_client.post(f"/w/{workspace.slug}/members/{me.pk}/remove/", follow=True)
    assert "last owner" in response.content.decode() and Membership.objects.filter(pk=me.pk).exists()
    owner_client.post(f"/w/{workspace.slug}/members/{me.pk}/role/", {"role": "viewer"})
    assert Membership.objects.get(pk=me.pk).role == "owner"
    owner_client.post(f"/w/{workspace.slug}/members/{them.pk}/remove/")
    assert not Membership.objects.filter(pk=them.pk).exists()


def test_it_shows_the_members_page_to_owners_only(client, viewer, workspace):
    client.force_login(viewer)
    assert client.get(f"/w/{workspace.slug}/members/").status_code == 403


def test_it_creates_lists_and_revokes_personal_tokens(owner_client, owner, workspace):
    html = owner_client.post(f"/w/{workspace.slug}/tokens/", {"name": "CRM sync"}).content.decode()
    secret = html.split('data-testid="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("ern_") and not ApiToken.objects.filter(digest=secret).exists()
    owner_client.logout()
    assert client_api(owner_client, secret, workspace) == 200
    owner_client.force_login(owner)
    page = owner_client.get(f"/w/{workspace.slug}/tokens/").content.decode()
    assert "CRM sync" in page and secret not in page and "never" not in page
    token = ApiToken.objects.get()
    owner_client.post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/")
    owner_client.logout()
    assert client_api(owner_client, secret, workspace) == 401


def client_api(client, secret, workspace):
    return client.get("/api/v1/prospects", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_it_will_not_revoke_someone_elses_token(owner_client, outsider, other_workspace, workspace):
    from earnest.accounts.tokens import token_create

    token, _ = token_create(user=outsider, workspace=other_workspace, name="theirs")
    assert owner_client.post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_it_lists_only_the_users_own_workspaces_in_the_switcher(owner_client, owner, workspace, other_workspace):
    from earnest.ledger.services.prospects import workspace_ensure

    third = workspace_ensure(slug="third", name="Third team")
    Membership.objects.create(user=owner, workspace=third, role="viewer")
    html = owner_client.get(f"/w/{workspace.slug}/").content.decode()
    assert 'value="third"' in html and 'value="acme-team"' in html and "rival-team" not in html


# --- issue 17: look-alike names, reset throttling, members' own tokens, feeds that outlive access ---


def test_a_fullwidth_look_alike_of_a_locked_name_does_not_sign_in(client, owner):
    """F2: Django reads ｏｌｉｖｉａ as olivia (NFKC), so the lock must count it as olivia too."""
    _fail(client, times=5)
    look_alike = "ｏｌｉｖｉａ"
    response = client.post("/login/", {"username": look_alike, "password": GOOD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert client.post("/login/", {"username": "OLIVIA", "password": GOOD}).status_code == 429


def test_look_alike_names_share_one_allowance_of_five_tries(client, owner):
    for name in ("olivia", "ｏｌｉｖｉａ", "Olivia", " olivia", "ｏｌｉｖｉａ "):
        _fail(client, username=name)
    assert set(LoginFailure.objects.values_list("username", flat=True)) == {"olivia"}
    assert client.post("/login/", {"username": "olivia", "password": GOOD}).status_code == 429


def test_it_throttles_reset_requests_per_account(client, owner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner.email = "olivia@example.com"
    owner.save()
    answers = [
        client.post("/password-reset/", {"email": "olivia@example.com"}, REMOTE_ADDR=f"10.0.0.{i}") for i in range(5)
    ]
    assert [r.status_code for r in answers] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3 and "Too many reset requests" in answers[-1].content.decode()


def test_it_throttles_reset_requests_per_address(client, owner):
    answers = [
        client.post("/password-reset/", {"email": f"nobody{i}@example.com"}, REMOTE_ADDR="10.9.9.9") for i in range(12)
    ]
    assert [r.status_code for r in answers].count(302) == 10 and answers[-1].status_code == 429
    assert client.post("/password-reset/", {"email": "x@example.com"}, REMOTE_ADDR="10.9.9.8").status_code == 302


def test_a_viewer_creates_and_revokes_their_own_token(client, viewer, workspace):
    """F15: tokens are the person's own; a viewer's token can still only read."""
    client.force_login(viewer)
    html = client.post(f"/w/{workspace.slug}/tokens/", {"name": "my script"}).content.decode()
    secret = html.split('data-testid="token-secret">', 1)[1].split("<", 1)[0]
    api = type(client)(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/prospects").status_code == 200
    assert (
        api.post("/api/v1/prospects", {"name": "x", "ladder": "b2b"}, content_type="application/json").status_code
        == 403
    )
    token = ApiToken.objects.get(user=viewer)
    assert client.post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/").status_code == 302
    assert api.get("/api/v1/prospects").status_code == 401


def test_a_viewer_still_cannot_revoke_someone_elses_token(client, viewer, owner, workspace):
    from earnest.accounts.tokens import token_create

    token, _ = token_create(user=owner, workspace=workspace, name="theirs")
    client.force_login(viewer)
    assert client.post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


@pytest.fixture
def member_feed(workspace):
    """A member who made a calendar feed in the web app: (their membership, the feed's address)."""
    from django.test import Client

    user = get_user_model().objects.create_user(username="mona", password=GOOD)
    membership = Membership.objects.create(user=user, workspace=workspace, role="member")
    client = Client()
    client.force_login(user)
    html = client.post(f"/w/{workspace.slug}/feeds/new/", {"name": "my phone"}).content.decode()
    address = html.split('id="feed-url" value="', 1)[1].split('"', 1)[0]
    client.logout()
    path = "/" + address.split("/", 3)[3]
    assert client.get(path).status_code == 200
    return membership, path


def test_the_feed_list_shows_who_made_each_feed(owner_client, member_feed, workspace):
    html = owner_client.get(f"/w/{workspace.slug}/feeds/").content.decode()
    assert "Made by" in html and "<td>mona</td>" in html


def test_removing_a_member_revokes_the_feeds_they_made(owner_client, client, member_feed, workspace):
    """F1: the feed used to keep working after its maker was removed."""
    membership, path = member_feed
    owner_client.post(f"/w/{workspace.slug}/members/{membership.pk}/remove/")
    assert type(client)().get(path).status_code == 404


def test_making_a_member_a_viewer_revokes_the_feeds_they_made(owner_client, member_feed, workspace):
    membership, path = member_feed
    owner_client.post(f"/w/{workspace.slug}/members/{membership.pk}/role/", {"role": "viewer"})
    assert type(owner_client)().get(path).status_code == 404


def test_deactivating_a_person_revokes_their_feeds_and_tokens(client, member_feed, workspace):
    from earnest.accounts.team import user_deactivate
    from earnest.accounts.tokens import token_create
    from earnest.transfer.models import FeedToken

    membership, path = member_feed
    _, secret = token_create(user=membership.user, workspace=workspace, name="sync")
    user_deactivate(username="mona")
    assert client.get(path).status_code == 404 and FeedToken.objects.get().revoked_at is not None
    assert type(client)(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/prospects").status_code == 401


def test_a_feed_stops_when_its_maker_is_deactivated_around_the_services(client, member_feed):
    membership, path = member_feed
    get_user_model().objects.filter(pk=membership.user_id).update(is_active=False)
    assert client.get(path).status_code == 404


def test_the_cli_feed_list_names_who_made_each_feed(member_feed, workspace, monkeypatch):
    import json

    from typer.testing import CliRunner

    from earnest.cli import app

    monkeypatch.setenv("EARNEST_WORKSPACE", workspace.slug)
    result = CliRunner().invoke(app, ["feed", "list", "--format", "json"])
    assert result.exit_code == 0 and [f["made_by"] for f in json.loads(result.output)] == ["mona"]
