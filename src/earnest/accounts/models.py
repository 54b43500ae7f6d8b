from django.conf import settings
from django.db import models


class LoginToken(models.Model):
    """A one-time login link. Only a SHA-256 of its secret is stored; it works once, until it expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]


class LoginFailure(models.Model):
    """A failed sign-in, kept in the database so every gunicorn worker counts the same attempts."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["ip", "at"])]


class Invitation(models.Model):
    """A link that lets one person join a workspace with a role. Only a SHA-256 of its secret is kept."""

    ROLES = [("owner", "owner"), ("member", "member"), ("viewer", "viewer")]
    workspace = models.ForeignKey("ledger.Workspace", on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=16, choices=ROLES, default="member")
    digest = models.CharField(max_length=64, unique=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)


class ResetRequest(models.Model):
    """A password-reset request, counted in the database like LoginFailure so every worker agrees."""

    email = models.CharField(max_length=254)
    ip = models.CharField(max_length=45)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["email", "at"]), models.Index(fields=["ip", "at"])]


class ApiToken(models.Model):
    """A personal token for one workspace. Only a SHA-256 of the secret is kept.

    The table keeps the name it had when the model lived in the api app (ADR 0016): moving the model
    moved no data.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    workspace = models.ForeignKey("ledger.Workspace", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_apitoken"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
