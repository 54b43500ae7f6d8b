"""Password reset links, the same ones the reset page emails, for an owner to print from the CLI."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from earnest.domain.errors import DomainError


def password_reset_link(*, user, base_url: str) -> str:
    """A link valid until the password changes or PASSWORD_RESET_TIMEOUT passes (Django's signed token)."""
    if not user.is_active:
        raise DomainError(f"{user.get_username()} is deactivated")
    if not base_url.startswith(("http://", "https://")):
        raise DomainError(f"the base URL must start with http:// or https://, not {base_url!r}")
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path
