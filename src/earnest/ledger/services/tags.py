"""Putting prospects into segments (tags) and taking them out."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from earnest.domain.errors import DomainError
from earnest.domain.segments import MAX_TAGS, clean_tags

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record


def prospect_tag_names(prospect: m.Prospect) -> list[str]:
    return sorted(m.ProspectTag.objects.filter(prospect=prospect).values_list("name", flat=True))


@transaction.atomic
def prospect_tag(*, prospect: m.Prospect, tags: Iterable[str]) -> list[str]:
    """Add tags (a tag it already has is left alone); returns all of the prospect's tags."""
    wanted = clean_tags(tags)
    if not wanted:
        raise DomainError("name at least one tag")
    have = set(prospect_tag_names(prospect))
    added = [t for t in wanted if t not in have]
    if len(have) + len(added) > MAX_TAGS:
        raise DomainError(
            f"a prospect has at most {MAX_TAGS} tags; {prospect.name} would have {len(have) + len(added)}"
        )
    m.ProspectTag.objects.bulk_create(
        [m.ProspectTag(workspace_id=prospect.workspace_id, prospect=prospect, name=t) for t in added]
    )
    if added:
        record(prospect, "tagged", {"tags": added})
        prospect_changed(prospect.workspace_id, prospect.pk)
    return sorted(have | set(added))


@transaction.atomic
def prospect_untag(*, prospect: m.Prospect, tags: Iterable[str]) -> list[str]:
    """Remove tags; naming one the prospect does not have is a mistake worth hearing about."""
    unwanted = clean_tags(tags)
    if not unwanted:
        raise DomainError("name at least one tag")
    have = set(prospect_tag_names(prospect))
    missing = [t for t in unwanted if t not in have]
    if missing:
        listed = ", ".join(sorted(have)) or "none"
        raise DomainError(f"{prospect.name} has no tag {missing[0]!r} (its tags: {listed})")
    m.ProspectTag.objects.filter(prospect=prospect, name__in=unwanted).delete()
    record(prospect, "untagged", {"tags": unwanted})
    prospect_changed(prospect.workspace_id, prospect.pk)
    return sorted(have - set(unwanted))


@transaction.atomic
def prospect_set_tags(*, prospect: m.Prospect, tags: Iterable[str]) -> list[str]:
    """Make the prospect's tags exactly these (the web form and the API's PUT)."""
    wanted = clean_tags(tags)
    if len(wanted) > MAX_TAGS:
        raise DomainError(f"a prospect has at most {MAX_TAGS} tags, not {len(wanted)}")
    have = set(prospect_tag_names(prospect))
    if set(wanted) == have:
        return sorted(have)
    m.ProspectTag.objects.filter(prospect=prospect).exclude(name__in=wanted).delete()
    m.ProspectTag.objects.bulk_create(
        [m.ProspectTag(workspace_id=prospect.workspace_id, prospect=prospect, name=t) for t in wanted if t not in have]
    )
    record(prospect, "tagged", {"tags": [sorted(have), sorted(wanted)]})
    prospect_changed(prospect.workspace_id, prospect.pk)
    return sorted(wanted)
