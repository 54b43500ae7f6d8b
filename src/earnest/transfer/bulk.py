"""A plan of an import's writes, made without writing, then applied in one short transaction.

Planning reads the workspace once and decides every row (ADR 0013); applying re-checks what the
plan was based on under the write lock and writes it all in batches, with the audit rows the
services write and the derived-state upkeep they trigger row by row (`derived.prospects_changed`,
once per prospect: revisions up, snapshots stale, verdicts recomputed and cached reads retired
after the commit). Prospects, contacts and tags are the plan's own; other rows come as
`BulkRows` (a deals file's commitments, `csv_deals.DealRowsPlanned`).
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from earnest.gc_pause import gc_paused
from earnest.ledger import models as m
from earnest.ledger.derived import audit, prospects_changed
from earnest.ledger.services.prospects import CONTACT_FIELDS, PROSPECT_FIELDS
from earnest.ledger.services.rows import Event, Rows

from .matching import name_key, salesforce_15
from .models import ExternalRecord
from .report import ImportReport, Rollback, StalePlan, row_step

T = TypeVar("T")
# Rows per INSERT or UPDATE, and ids per IN list: well under SQLite's and PostgreSQL's parameter limits.
BATCH = 500


class BulkRows(Protocol):
    """Rows a plan inserts after its prospects, contacts and tags, in the same transaction."""

    def __bool__(self) -> bool: ...

    def write(self) -> list[Event]:
        """Insert or update the rows; return their audit events in the order the services record them."""
        ...


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _prospect_of(row: models.Model) -> m.Prospect:
    return row if isinstance(row, m.Prospect) else row.prospect  # type: ignore[attr-defined]


class ImportPlan:
    """What an import will write. Records are model objects, unsaved when new, in the file's order."""

    def __init__(self, workspace: m.Workspace, file_keys: set[str], report: ImportReport):
        self.workspace = workspace
        self.report = report
        # Anything a later record with one of these ids, domains, names or addresses would have matched.
        self.file_keys = file_keys
        # Read before the index is loaded: any prospect or contact above these ids is newer than the plan.
        self.last_prospect = _last_id(m.Prospect.objects.filter(workspace=workspace))
        self.last_contact = _last_id(m.Contact.objects.filter(workspace=workspace))
        self.last_record = _last_id(ExternalRecord.objects.filter(workspace=workspace))
        self.new_prospects: list[m.Prospect] = []
        self.new_contacts: list[m.Contact] = []
        self.updated_prospects: dict[int, m.Prospect] = {}
        self.updated_contacts: dict[int, m.Contact] = {}
        self.tags: list[m.ProspectTag] = []
        self.events: list[Event] = []
        self.bulk: list[BulkRows] = []
        # What the plan depends on: the versions (and for tags, revisions) it read, and the rows it links to.
        self.prospect_versions: dict[int, int] = {}
        self.prospect_revisions: dict[int, int] = {}
        self.contact_versions: dict[int, int] = {}
        self.linked: set[int] = set()
        self.names: dict[int, str] = {}  # of the prospects above, for a clear error
        self.contact_names: dict[int, str] = {}
        # Notes and meetings: each row's writes through the services, run in the file's order when the
        # plan is applied; and the outside ids that deals and notes will store (someone importing them
        # meanwhile makes the plan stale).
        self.writes: list[tuple[int | None, Callable[[], None]]] = []
        self.new_records: set[tuple[str, str]] = set()
        self.new_conversations: set[str] = set()
        self.unchanged: list[tuple[str, Callable[[], object], object]] = []

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

    def write(self, line: int | None, work: Callable[[], None], *, on: m.Prospect | None) -> None:
        """A row's writes through the services, at apply; they read `on`'s history, which must not move meanwhile."""
        if on is not None:
            self.depend_on(on)
        self.writes.append((line, work))

    def keep_unchanged(self, what: str, read: Callable[[], T]) -> T:
        """What `read` returns now, which the plan depends on: read again when the plan is applied, and if it
        differs, `what` "was changed by someone else" and the file is planned again."""
        value = read()
        self.unchanged.append((what, read, value))
        return value

    def depend_on(self, prospect: m.Prospect) -> None:
        """The plan read this prospect's history as it is now (call before changing the object): it must not move."""
        if prospect.pk:
            self.prospect_versions.setdefault(prospect.pk, prospect.version)
            self.prospect_revisions.setdefault(prospect.pk, prospect.revision)
            self.names[prospect.pk] = prospect.name

    def link(self, prospect: m.Prospect) -> None:
        """A new record is filed under this prospect: it must still exist when the plan is applied."""
        if prospect.pk:
            self.linked.add(prospect.pk)
            self.names[prospect.pk] = prospect.name

    @staticmethod
    def _changed(
        planned: dict[int, Any], versions: dict[int, int], names: dict[int, str], row: Any, fields: dict[str, str]
    ) -> Any:
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
        return bool(self.events or self.writes or any(self.bulk))

    # --- applying ----------------------------------------------------------------------------

    def apply(self) -> None:
        """Re-check, then write it all in one transaction; `StalePlan` when the plan's basis moved.

        A row's writes that fail are the report's problems, and then, as on a dry run, the
        transaction is rolled back: nothing is written."""
        if not self:
            return
        try:
            with gc_paused(), transaction.atomic():
                self._recheck()
                self._write()
                for line, work in self.writes:
                    row_step(self.report, line, work)
                if self.report.problems or self.report.dry_run:
                    raise Rollback
        except Rollback:
            pass

    def _recheck(self) -> None:
        self._recheck_versions()
        self._recheck_outside_ids()
        for what, read, value in self.unchanged:
            if read() != value:
                raise StalePlan(f"{what} was changed by someone else")
        self._recheck_newer()

    def _recheck_versions(self) -> None:
        """Every prospect and contact the plan read still has the version (and revision) it read."""
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
            locked = m.Contact.objects.select_for_update().filter(workspace=ws, pk__in=ids)
            contacts.update(locked.values_list("pk", "version"))
        for pk, version in self.contact_versions.items():
            if contacts.get(pk) != version:
                raise StalePlan(f"contact {self.contact_names[pk]!r} was changed or deleted by someone else")

    def _recheck_newer(self) -> None:
        """No prospect or contact added since planning carries an id, domain, name or address of the file."""
        ws = self.workspace
        newer = m.Prospect.objects.filter(workspace=ws, pk__gt=self.last_prospect)
        for name, domain, external_id in newer.values_list("name", "domain", "external_id"):
            if {external_id, salesforce_15(external_id), domain, f"name:{name_key(name)}"} & self.file_keys:
                raise StalePlan(f"prospect {name!r} was added by someone else")
        newer_contacts = m.Contact.objects.filter(workspace=ws, pk__gt=self.last_contact)
        for name, email, external_id in newer_contacts.values_list("name", "email", "external_id"):
            if {external_id, salesforce_15(external_id), email.lower()} & self.file_keys:
                raise StalePlan(f"contact {name!r} was added by someone else")

    def _recheck_outside_ids(self) -> None:
        """No deal or note of the file was imported meanwhile, and no record a row could link to was added."""
        ws = self.workspace
        for ids in chunks(sorted({ext for _, ext in self.new_records})):
            stored = ExternalRecord.objects.filter(workspace=ws, external_id__in=ids).values_list("kind", "external_id")
            for kind, ext in stored:
                if (kind, ext) in self.new_records:
                    raise StalePlan(f"deal {ext!r} was imported by someone else")
        for ids in chunks(sorted(self.new_conversations)):
            taken = (
                m.Conversation.objects.filter(workspace=ws, external_id__in=ids)
                .values_list("external_id", flat=True)
                .first()
            )
            if taken is not None:
                raise StalePlan(f"note {taken!r} was imported by someone else")
        newer = ExternalRecord.objects.filter(workspace=ws, pk__gt=self.last_record)
        for ext in newer.values_list("external_id", flat=True):
            if {ext, salesforce_15(ext)} & self.file_keys:
                raise StalePlan(f"record {ext!r} was imported by someone else")

    def _write(self) -> None:
        insert_rows(m.Prospect, self.new_prospects, ids=True)
        now = timezone.now()
        for prospect in self.updated_prospects.values():
            prospect.updated_at = now
        m.Prospect.objects.bulk_update(
            self.updated_prospects.values(), [*PROSPECT_FIELDS, "version", "updated_at"], batch_size=BATCH
        )
        insert_rows(m.Contact, self.new_contacts, ids=True)
        m.Contact.objects.bulk_update(self.updated_contacts.values(), [*CONTACT_FIELDS, "version"], batch_size=BATCH)
        insert_rows(m.ProspectTag, self.tags)
        events = [*self.events]
        for rows in self.bulk:
            events += rows.write()
        insert_values(m.AuditEvent, list(self._audit_rows(events)))
        # What each service's `prospect_changed` does, once per prospect, in a few queries: revisions up,
        # snapshots stale, verdicts recomputed and the read cache's generation renewed after the commit.
        prospects_changed(self.workspace.pk, {_prospect_of(row).pk for row, _, _ in events})

    def _audit_rows(self, events: list[Event]) -> Iterable[dict[str, Any]]:
        """The rows `audit.record` would write, as columns (no model object each: an import writes thousands)."""
        user, label = audit.current_actor()  # who `audit.record` would name
        actor_id, actor_label, now = getattr(user, "pk", None), label[:150], timezone.now()
        for row, action, changes in events:
            yield {
                "workspace_id": self.workspace.pk,
                "prospect_id": _prospect_of(row).pk,
                "actor_id": actor_id,
                "actor_label": actor_label,
                "entity": row._meta.model_name or "",
                "entity_id": row.pk,
                "action": action,
                "changes": changes,
                "at": now,
            }


class RowsInBulk:
    """Rows that the ledger's services decided (`ledger.services.rows.Rows`: a notes file's conversations
    with what their findings add), inserted a table at a time, parents first (ADR 0018)."""

    def __init__(self) -> None:
        self.rows = Rows()

    def __bool__(self) -> bool:
        return bool(self.rows)

    def add(self, rows: Rows) -> None:
        self.rows.extend(rows)

    def write(self) -> list[Event]:
        rows = self.rows
        new: dict[type[models.Model], list[models.Model]] = {}
        for row in rows.new:
            new.setdefault(type(row), []).append(row)
        through = m.Conversation.contacts.through
        links = [through(conversation=c, contact=person) for c, people in rows.people for person in people]
        # Ids for the rows that others point to or that the audit trail names.
        wanted = {type(row) for row, _, _ in rows.events} | {m.Conversation} | {p for c in new for p in _parents(c)}
        for model in _parents_first(list(new)):
            insert_rows(model, new[model], ids=model in wanted)
        insert_rows(through, links)
        changed: dict[tuple[type[models.Model], tuple[str, ...]], list[models.Model]] = {}
        for row, fields in rows.changed.values():
            changed.setdefault((type(row), tuple(fields)), []).append(row)
        for (model, columns), changed_rows in changed.items():
            model._default_manager.bulk_update(changed_rows, list(columns), batch_size=BATCH)
        return rows.events


def _parents_first(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    """The models in an order that inserts a row's parent before it (for those among them)."""
    order: list[type[models.Model]] = []
    seen: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model not in seen:
            seen.add(model)
            for parent in _parents(model):
                if parent in models_:
                    visit(parent)
            order.append(model)

    for model in models_:
        visit(model)
    return order


def _parents(model: type[models.Model]) -> list[type[models.Model]]:
    """The models a row of this one points to."""
    return [f.related_model for f in model._meta.concrete_fields if isinstance(f.related_model, type)]


def insert_rows(model: type[models.Model], rows: Sequence[models.Model], *, ids: bool = False) -> None:
    """`bulk_create` without the ORM's compiler (ADR 0013); with `ids`, each row gets its new id.

    A row planned with a parent that was new then (a contact of a company the same file adds) takes
    the parent's id, known by now; `auto_now` columns take one time for all."""
    if not rows:
        return
    fields = _columns(model)
    now = timezone.now()
    getters = [_getter(f, now) for f in fields]
    new_ids = _insert(model, fields, [[get(row) for get in getters] for row in rows], ids=ids)
    for i, row in enumerate(rows):
        if ids:
            row.pk = new_ids[i]
        row._state.adding, row._state.db = False, connection.alias


def insert_values(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """New rows given as their columns' values by attribute name (`prospect_id`), every column but the id."""
    if rows:
        fields = _columns(model)
        _insert(model, fields, [[row[f.attname] for f in fields] for row in rows], ids=False)


def _insert(model: type[models.Model], fields: list[Any], values: list[list[Any]], *, ids: bool) -> list[int]:
    """Write the rows, values in the order of `fields`, each adapted once per column where the driver
    does not take it as it is; the new ids, in the rows' order, when asked for."""
    for i, prepare in enumerate(_preparer(f) for f in fields):
        if prepare is not None:
            for row in values:
                row[i] = prepare(row[i])
    if connection.vendor == "postgresql":
        return _insert_by_copy(model, fields, values, ids=ids)
    meta, quote = model._meta, connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {quote(meta.pk.column)}" if ids else ""
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        for batch in chunks(values):
            cursor.execute(head + ", ".join([one] * len(batch)) + returning, [v for row in batch for v in row])
            if ids:  # in the order of the VALUES, as `bulk_create` reads them
                new_ids += [pk for (pk,) in cursor.fetchall()]
    return new_ids


def _insert_by_copy(model: type[models.Model], fields: list[Any], values: list[list[Any]], *, ids: bool) -> list[int]:
    """PostgreSQL: the ids taken from the table's sequence first, then every row in one COPY.

    A multi-row INSERT of 500 rows has thousands of placeholders, which psycopg rewrites in Python
    before each statement: that was two thirds of the write transaction of 5,000 companies."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(values)],
            )
            new_ids = sorted(pk for (pk,) in cursor.fetchall())
            columns.insert(0, quote(meta.pk.column))
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({', '.join(columns)}) FROM STDIN") as copy:
            for i, row in enumerate(values):
                copy.write_row([new_ids[i], *row] if ids else row)
    return new_ids


def _columns(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _getter(field: Any, now: datetime) -> Callable[[models.Model], Any]:
    """How a column's value is read off a planned row."""
    name = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):

        def stamped(row: models.Model) -> Any:
            setattr(row, name, now)
            return now

        return stamped
    if field.is_relation:

        def key(row: models.Model) -> Any:
            value = getattr(row, name)
            if value is None and (parent := field.get_cached_value(row, None)) is not None:
                value = parent.pk  # a row planned with its new parent: the parent's id, now known
                setattr(row, name, value)
            return value

        return key
    return operator.attrgetter(name)


_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def _preparer(field: Any) -> Callable[[Any], Any] | None:
    """How a column's Python value goes to the driver: as it is (None), or as the backend adapts it."""
    if isinstance(field, _AS_IS):
        return None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def _last_id(rows: models.QuerySet) -> int:
    return rows.order_by("-pk").values_list("pk", flat=True).first() or 0
