"""Reads that find the records a new prospect or contact would repeat (rules in domain.duplicates)."""

from __future__ import annotations

from django.db.models import Q

from earnest.domain.duplicates import Match, domain_key, name_key

from .. import models as m


def prospect_matches(workspace: m.Workspace, *, name: str, domain: str = "", exclude: int | None = None) -> list[Match]:
    """Prospects with the same name (as domain.duplicates compares names) or the same domain."""
    key, site = name_key(name), domain_key(domain)
    if not key and not site:
        return []
    # The database narrows by the name's first word or the domain; the rule decides on the few left.
    wanted = Q(name__istartswith=key.split()[0]) if key else Q(pk__in=[])
    if site:
        wanted |= Q(domain=site)
    rows = m.Prospect.objects.filter(workspace=workspace).filter(wanted).order_by("pk")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = []
    for pk, other_name, other_domain in rows.values_list("pk", "name", "domain")[:200]:
        if key and name_key(other_name) == key:
            found.append(Match(pk, other_name, "same name"))
        elif site and other_domain == site:
            found.append(Match(pk, other_name, f"same domain {site}"))
    return found


def contact_matches(
    workspace: m.Workspace,
    *,
    name: str,
    email: str = "",
    prospect: m.Prospect | None = None,
    exclude: int | None = None,
) -> list[Match]:
    """Contacts with the same email anywhere in the workspace, or the same name at the same prospect."""
    address = email.strip().lower()
    wanted = Q(email=address) if address else Q(pk__in=[])
    key = name_key(name)
    if prospect is not None and key:
        wanted |= Q(prospect=prospect, name__istartswith=key.split()[0])
    rows = m.Contact.objects.filter(workspace=workspace).filter(wanted).select_related("prospect").order_by("pk")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = []
    for c in rows[:200]:
        if address and c.email == address:
            found.append(Match(c.pk, f"{c.name} at {c.prospect.name}", f"same email {address}"))
        elif prospect is not None and c.prospect_id == prospect.pk and name_key(c.name) == key:
            found.append(Match(c.pk, f"{c.name} at {c.prospect.name}", "same name"))
    return found
