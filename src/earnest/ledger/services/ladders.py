from __future__ import annotations

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.ladder_files import BUILTIN_KEYS, ladder_from_toml
from earnest.domain.ladders import Ladder

from .. import models as m
from ..derived import ladder_changed, workspace_changed
from ..derived.audit import record
from .versions import StaleEdit, bump

MAX_LADDER_SOURCE = 200_000


@transaction.atomic
def ladder_save(
    *,
    workspace: m.Workspace,
    source: str,
    origin: str = "<ladder>",
    key: str | None = None,
    expected_version: int | None = None,
) -> Ladder:
    """Create or replace a custom ladder from TOML; rungs in use by commitments must stay.

    Editing names the `key` being edited (the source may not rename it) and the version the
    edit started from, so that a save over someone else's newer one is refused.
    """
    if len(source) > MAX_LADDER_SOURCE:
        raise DomainError(f"{origin}: a ladder file is at most {MAX_LADDER_SOURCE} characters")
    ladder = ladder_from_toml(source, origin)
    if ladder.key in BUILTIN_KEYS:
        raise DomainError(f"{origin}: {ladder.key!r} is a built-in ladder; give yours another key")
    used = set(
        m.Commitment.objects.filter(workspace=workspace, prospect__ladder=ladder.key)
        .exclude(rung="")
        .values_list("rung", flat=True)
        .distinct()
    )
    missing = sorted(k for k in used if not ladder.has_rung(k))
    if missing:
        raise DomainError(f"{origin}: commitments still use rungs this version drops: {', '.join(missing)}")
    if key is not None and ladder.key != key:
        raise DomainError(
            f"{origin}: this is the ladder {key!r}; its key cannot change to {ladder.key!r} "
            "(create a new ladder instead)"
        )
    row = m.CustomLadder.objects.select_for_update().filter(workspace=workspace, key=ladder.key).first()
    if row is None:
        row = m.CustomLadder.objects.create(workspace=workspace, key=ladder.key, name=ladder.name, source=source)
        record(row, "created", {"key": ladder.key})
        workspace_changed(workspace.pk)  # no lead is on a ladder that did not exist
        return ladder
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit(
            f"{origin}: someone else saved this ladder after you opened it (version {row.version}, "
            f"yours was {expected_version}); review their change and save again"
        )
    row.name, row.source = ladder.name, source
    bump(row, ["name", "source", "updated_at"])
    record(row, "updated", {"key": ladder.key})
    # Weights, stall limits and rungs decide verdicts: every lead on this ladder is judged again.
    ladder_changed(workspace, ladder.key)
    return ladder


@transaction.atomic
def ladder_delete(*, workspace: m.Workspace, key: str) -> None:
    if key in BUILTIN_KEYS:
        raise DomainError(f"{key!r} is built in and cannot be deleted")
    in_use = m.Prospect.objects.filter(workspace=workspace, ladder=key).count()
    if in_use:
        raise DomainError(f"ladder {key!r} is used by {in_use} prospect(s); move them first")
    row = m.CustomLadder.objects.filter(workspace=workspace, key=key).first()
    if row is None:
        raise DomainError(f"no custom ladder {key!r}")
    record(row, "deleted", {"key": key})
    workspace_changed(workspace.pk)
    row.delete()
