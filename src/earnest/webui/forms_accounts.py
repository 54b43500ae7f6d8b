"""The optional password a local owner may choose when signing in with a login link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


class FirstPasswordForm(forms.Form):
    """Both fields empty: sign in without a password, as before. Filled: they must match and be strong."""

    new_password1 = forms.CharField(
        label="Choose a password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="So you can also sign in from another browser or your phone. You can set it later too.",
    )
    new_password2 = forms.CharField(
        label="The same password again",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, second = data.get("new_password1") or "", data.get("new_password2") or ""
        if not first and not second:
            return data
        if first != second:
            self.add_error("new_password2", "The two passwords differ.")
            return data
        try:
            validate_password(first, self.user)
        except ValidationError as exc:
            self.add_error("new_password1", exc)
        return data

    def chosen_password(self) -> str:
        return self.cleaned_data.get("new_password1") or ""

    def save(self) -> None:
        self.user.set_password(self.chosen_password())
        self.user.save(update_fields=["password"])
