"""Optimistic locking: an edit names the version it was based on."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import F

from earnest.domain.errors import DomainError
from earnest.ledger.models import Versioned

M = TypeVar("M", bound=Versioned)


class StaleEdit(DomainError):
    """Someone else changed the record after this edit was started."""


def locked_for_edit(row: M, expected_version: int | None) -> M:
    """Re-read the row under a lock and refuse the edit if its version moved on."""
    fresh = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleEdit(
            f"this {row._meta.verbose_name} was changed by someone else (version {fresh.version}, "
            f"your edit was based on version {expected_version}); reload and apply your change again"
        )
    return fresh


def bump(row: models.Model, fields: list[str]) -> None:
    """Save the fields and move the version on, in one UPDATE."""
    row.version = F("version") + 1  # type: ignore[attr-defined]
    row.save(update_fields=[*fields, "version"])
    row.refresh_from_db(fields=["version"])
