"""A plan of prospect and contact writes, made without writing, then applied in one short transaction.

Planning reads the workspace once and decides every row (ADR 0013); applying re-checks what the
plan was based on under the write lock and writes it all in batches, with the audit rows the
services write and the derived-state upkeep they trigger row by row (`derived.prospects_changed`:
revisions up, snapshots stale, verdicts recomputed and cached reads retired after the commit).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from earnest.domain.duplicates import name_key
from earnest.ledger import audit
from earnest.ledger import models as m
from earnest.ledger.derived import prospects_changed
from earnest.ledger.services.prospects import CONTACT_FIELDS, PROSPECT_FIELDS

from .matching import salesforce_15
from .report import StalePlan

# Rows per INSERT or UPDATE, and ids per IN list: well under SQLite's and PostgreSQL's parameter limits.
BATCH = 500


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _prospect_of(row: models.Model) -> m.Prospect:
    return row if isinstance(row, m.Prospect) else row.prospect  # type: ignore[attr-defined]


class ImportPlan:
    """What an import will write. Records are model objects, unsaved when new, in the file's order."""

    def __init__(self, workspace: m.Workspace, file_keys: set[str]):
        self.workspace = workspace
        # Anything a later record with one of these ids, domains, names or addresses would have matched.
        self.file_keys = file_keys
        # Read before the index is loaded: any prospect or contact above these ids is newer than the plan.
        self.last_prospect = _last_id(m.Prospect.objects.filter(workspace=workspace))
        self.last_contact = _last_id(m.Contact.objects.filter(workspace=workspace))
        self.new_prospects: list[m.Prospect] = []
        self.new_contacts: list[m.Contact] = []
        self.updated_prospects: dict[int, m.Prospect] = {}
        self.updated_contacts: dict[int, m.Contact] = {}
        self.tags: list[m.ProspectTag] = []
        self.events: list[tuple[models.Model, str, dict[str, Any]]] = []
        # What the plan depends on: the versions (and for tags, revisions) it read, and the rows it links to.
        self.prospect_versions: dict[int, int] = {}
        self.prospect_revisions: dict[int, int] = {}
        self.contact_versions: dict[int, int] = {}
        self.linked: set[int] = set()
        self.names: dict[int, str] = {}  # of the prospects above, for a clear error
        self.contact_names: dict[int, str] = {}

    # --- planning ---------------------------------------------------------------------------

    def current(self, row: m.Prospect | m.Contact) -> Any:
        """The record as the plan leaves it so far (an earlier row of the file may have changed it)."""
        planned = self.updated_prospects if isinstance(row, m.Prospect) else self.updated_contacts
        return planned.get(row.pk, row) if row.pk else row

    def prospect_create(self, prospect: m.Prospect, fields: dict[str, str]) -> None:
        self.new_prospects.append(prospect)
        self.events.append((prospect, "created", fields))

    def prospect_update(self, prospect: m.Prospect, fields: dict[str, str], changes: dict[str, Any]) -> None:
        row = self._changed(self.updated_prospects, self.prospect_versions, self.names, prospect, fields)
        self.events.append((row, "updated", changes))

    def prospect_tag(self, prospect: m.Prospect, tags: list[str]) -> None:
        self.tags += [m.ProspectTag(workspace_id=self.workspace.pk, prospect=prospect, name=t) for t in tags]
        if prospect.pk:
            self.prospect_revisions.setdefault(prospect.pk, prospect.revision)
            self.names[prospect.pk] = prospect.name
        self.events.append((prospect, "tagged", {"tags": tags}))

    def contact_create(self, contact: m.Contact, fields: dict[str, str]) -> None:
        self.link(contact.prospect)
        self.new_contacts.append(contact)
        self.events.append((contact, "created", fields))

    def contact_update(self, contact: m.Contact, fields: dict[str, str], changes: dict[str, Any]) -> None:
        row = self._changed(self.updated_contacts, self.contact_versions, self.contact_names, contact, fields)
        self.events.append((row, "updated", changes))

    def link(self, prospect: m.Prospect) -> None:
        """A new record is filed under this prospect: it must still exist when the plan is applied."""
        if prospect.pk:
            self.linked.add(prospect.pk)
            self.names[prospect.pk] = prospect.name

    @staticmethod
    def _changed(planned: dict[int, Any], versions: dict[int, int], names: dict[int, str], row: Any,
                 fields: dict[str, str]) -> Any:
        if row.pk not in planned:
            versions[row.pk] = row.version
            planned[row.pk] = copy.copy(row)
            planned[row.pk].version = row.version + 1
            names[row.pk] = row.name
        changed = planned[row.pk]
        for name, value in fields.items():
            setattr(changed, name, value)
        return changed

    def __bool__(self) -> bool:
        return bool(self.events)

    # --- applying ----------------------------------------------------------------------------

    def apply(self) -> None:
        """Re-check, then write it all in one transaction; `StalePlan` when the plan's basis moved."""
        if not self:
            return
        with transaction.atomic():
            self._recheck()
            self._write()

    def _recheck(self) -> None:
        ws = self.workspace
        wanted = sorted(set(self.prospect_versions) | set(self.prospect_revisions) | self.linked)
        found: dict[int, tuple[int, int]] = {}
        for ids in chunks(wanted):
            rows = m.Prospect.objects.select_for_update().filter(workspace=ws, pk__in=ids)
            found.update((pk, (v, r)) for pk, v, r in rows.values_list("pk", "version", "revision"))
        for pk in wanted:
            if pk not in found:
                raise StalePlan(f"prospect {self.names[pk]!r} was deleted")
            version, revision = found[pk]
            planned = (self.prospect_versions.get(pk, version), self.prospect_revisions.get(pk, revision))
            if planned != (version, revision):
                raise StalePlan(f"prospect {self.names[pk]!r} was changed by someone else")
        contacts: dict[int, int] = {}
        for ids in chunks(sorted(self.contact_versions)):
            rows = m.Contact.objects.select_for_update().filter(workspace=ws, pk__in=ids)
            contacts.update(rows.values_list("pk", "version"))
        for pk, version in self.contact_versions.items():
            if contacts.get(pk) != version:
                raise StalePlan(f"contact {self.contact_names[pk]!r} was changed or deleted by someone else")
        newer = m.Prospect.objects.filter(workspace=ws, pk__gt=self.last_prospect)
        for name, domain, external_id in newer.values_list("name", "domain", "external_id"):
            if {external_id, salesforce_15(external_id), domain, f"name:{name_key(name)}"} & self.file_keys:
                raise StalePlan(f"prospect {name!r} was added by someone else")
        newer_contacts = m.Contact.objects.filter(workspace=ws, pk__gt=self.last_contact)
        for name, email, external_id in newer_contacts.values_list("name", "email", "external_id"):
            if {external_id, salesforce_15(external_id), email.lower()} & self.file_keys:
                raise StalePlan(f"contact {name!r} was added by someone else")

    def _write(self) -> None:
        m.Prospect.objects.bulk_create(self.new_prospects, batch_size=BATCH)
        now = timezone.now()
        for prospect in self.updated_prospects.values():
            prospect.updated_at = now
        m.Prospect.objects.bulk_update(self.updated_prospects.values(), [*PROSPECT_FIELDS, "version", "updated_at"],
                                       batch_size=BATCH)
        m.Contact.objects.bulk_create(self.new_contacts, batch_size=BATCH)
        m.Contact.objects.bulk_update(self.updated_contacts.values(), [*CONTACT_FIELDS, "version"], batch_size=BATCH)
        for tag in self.tags:
            tag.prospect_id = tag.prospect.pk  # set once its new prospect has an id
        m.ProspectTag.objects.bulk_create(self.tags, batch_size=BATCH)
        m.AuditEvent.objects.bulk_create(self._audit_rows(), batch_size=BATCH)
        # What each service's `prospect_changed` does, for all of them in a few queries: revisions up,
        # snapshots stale, verdicts recomputed and the read cache's generation renewed after the commit.
        prospects_changed(self.workspace.pk, {_prospect_of(row).pk for row, _, _ in self.events})

    def _audit_rows(self) -> Iterable[m.AuditEvent]:
        user, label = audit._actor.get() or (None, "system")  # who `audit.record` would name
        for row, action, changes in self.events:
            yield m.AuditEvent(workspace_id=self.workspace.pk, prospect_id=_prospect_of(row).pk, actor=user,
                               actor_label=label[:150], entity=row._meta.model_name, entity_id=row.pk,
                               action=action, changes=changes)


def _last_id(rows: models.QuerySet) -> int:
    return rows.order_by("-pk").values_list("pk", flat=True).first() or 0
