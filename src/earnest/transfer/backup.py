"""A whole workspace as one JSON document, and its restore into an empty workspace.

Rows are numbered within the document ("ref", 1, 2, ... in creation order) and
refer to each other by those numbers, so a backup does not depend on the
database's ids and exporting a restored workspace gives the same document back.
Restoring copies facts verbatim (dates, statuses, computed outcomes, the audit
trail) instead of replaying them through the services, which would re-date them
to today; every value is still checked against its column before anything is
written. Users, memberships, API tokens and calendar-feed secrets are not part of
a workspace backup: they belong to people, not to the ledger.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction

from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .files import decode_text, size_check

FORMAT, VERSION = "earnest-backup", 1
# (table, model, how its rows belong to a workspace), parents before children.
TABLES = (
    ("ladders", "ledger.CustomLadder", "workspace"),
    ("prospects", "ledger.Prospect", "workspace"),
    ("contacts", "ledger.Contact", "workspace"),
    ("conversations", "ledger.Conversation", "workspace"),
    ("commitments", "ledger.Commitment", "workspace"),
    ("commitment_changes", "ledger.CommitmentChange", "commitment__workspace"),
    ("next_steps", "ledger.NextStep", "workspace"),
    ("evidence", "ledger.Evidence", "workspace"),
    ("tags", "ledger.ProspectTag", "workspace"),
    ("experiments", "ledger.Experiment", "workspace"),
    ("audit_events", "ledger.AuditEvent", "workspace"),
    ("csv_mappings", "transfer.SavedMapping", "workspace"),
    ("external_records", "transfer.ExternalRecord", "workspace"),
    ("pending_meetings", "transfer.PendingMeeting", "workspace"),
)


def _tables() -> list[tuple[str, type[models.Model], str]]:
    found = []
    for table, label, scope in TABLES:
        try:
            found.append((table, apps.get_model(label), scope))
        except LookupError:  # a model another part of earnest has not added yet
            continue
    return found


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not (f.is_relation and f.related_model is m.Workspace)
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _entity_models() -> dict[str, type[models.Model]]:
    return {str(model._meta.model_name): model for _, model, _ in _tables()}


def workspace_export(workspace: m.Workspace, *, exported_at: datetime | None = None) -> dict[str, Any]:
    """Everything in the workspace, one query per table."""
    user_model = get_user_model()
    refs: dict[type[models.Model], dict[int, int]] = {}
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "workspace": {"name": workspace.name, "slug": workspace.slug},
        "tables": {},
    }
    if exported_at:
        document["exported_at"] = exported_at.isoformat()
    entities = _entity_models()
    for table, model, scope in _tables():
        rows = list(model._default_manager.filter(**{scope: workspace}).order_by("pk"))
        refs[model] = {row.pk: i for i, row in enumerate(rows, start=1)}
        m2m = [f for f in model._meta.many_to_many if f.related_model in refs]
        out = []
        for row in rows:
            item: dict[str, Any] = {"ref": refs[model][row.pk]}
            for f in _fields(model):
                value = getattr(row, f.attname)
                if f.is_relation and f.related_model is user_model:
                    value = (
                        user_model.objects.filter(pk=value).values_list(user_model.USERNAME_FIELD, flat=True).first()
                        if value
                        else None
                    )
                elif f.is_relation and value is not None:
                    value = refs[_related(f)].get(value)
                elif f.name == "entity_id" and hasattr(row, "entity"):
                    target = entities.get(row.entity)
                    value = refs.get(target, {}).get(value, 0) if target else value
                item[f.name] = _plain(value)
            for f in m2m:
                item[f.name] = sorted(refs[_related(f)][pk] for pk in getattr(row, f.name).values_list("pk", flat=True))
            out.append(item)
        document["tables"][table] = out
    return document


def workspace_export_json(workspace: m.Workspace, *, exported_at: datetime | None = None) -> str:
    return json.dumps(
        workspace_export(workspace, exported_at=exported_at),
        indent=1,
        ensure_ascii=False,
        sort_keys=True,
    )


def _load(data: bytes, name: str) -> dict[str, Any]:
    text = decode_text(size_check(data, name), name, what="an earnest backup")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DomainError(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise DomainError(f"{name}: the JSON is nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DomainError(f"{name}: this is not an earnest backup (made by: earnest export json)")
    if document.get("version") != VERSION:
        raise DomainError(f"{name}: backup version {document.get('version')!r}; this earnest reads version {VERSION}")
    if not isinstance(document.get("tables"), dict) or not isinstance(document.get("workspace"), dict):
        raise DomainError(f"{name}: the backup has no 'workspace' and 'tables'")
    return document


def _value(f: models.Field, raw: Any, where: str) -> Any:
    if raw is None:
        if not f.null:
            raise DomainError(f"{where}: {f.name} may not be empty")
        return None
    if isinstance(f, models.JSONField):
        return raw
    if isinstance(raw, dict | list):
        raise DomainError(f"{where}: {f.name} must be a single value")
    try:
        value = f.to_python(raw)
    except (ValidationError, TypeError, ValueError, ArithmeticError):
        raise DomainError(f"{where}: {f.name} {str(raw)[:40]!r} is not valid") from None
    if isinstance(value, str):
        if f.max_length and len(value) > f.max_length:
            raise DomainError(f"{where}: {f.name} is longer than {f.max_length} characters")
        if "\x00" in value:
            raise DomainError(f"{where}: {f.name} contains a NUL character")
    if f.choices and value not in {c[0] for c in f.flatchoices} and not (f.blank and value == ""):
        raise DomainError(f"{where}: {f.name} {value!r} is not one of the allowed values")
    if isinstance(value, Decimal) and not value.is_finite():
        raise DomainError(f"{where}: {f.name} is not a finite number")
    return value


def workspace_import(*, workspace: m.Workspace, data: bytes, name: str) -> dict[str, int]:
    """Restore a backup into an empty workspace; returns how many rows each table got."""
    document = _load(data, name)
    tables = _tables()
    unknown = set(document["tables"]) - {t for t, _, _ in tables}
    if unknown:
        raise DomainError(f"{name}: unknown tables {', '.join(sorted(unknown))}; made by a newer earnest?")
    if (
        m.Prospect.objects.filter(workspace=workspace).exists()
        or m.CustomLadder.objects.filter(workspace=workspace).exists()
    ):
        raise DomainError(f"workspace {workspace.slug!r} is not empty; restore into a new one (--workspace NEW)")
    try:
        with transaction.atomic():
            counts = _restore(workspace, document, tables, name)
    except DatabaseError as exc:
        raise DomainError(f"{name}: could not be restored ({exc}); nothing was changed") from None
    return counts


_NewIds = dict[type[models.Model], dict[int, int]]


def _restore(
    workspace: m.Workspace,
    document: dict[str, Any],
    tables: list[tuple[str, type[models.Model], str]],
    name: str,
) -> dict[str, int]:
    restore = _Restore(workspace, name)
    counts = {}
    ws_name = document["workspace"].get("name")
    if isinstance(ws_name, str) and ws_name.strip():
        m.Workspace.objects.filter(pk=workspace.pk).update(name=ws_name[:200])
    for table, model, _ in tables:
        rows = document["tables"].get(table, [])
        if not isinstance(rows, list):
            raise DomainError(f"{name}: {table} must be a list")
        counts[table] = restore.table(table, model, rows)
    return counts


class _Restore:
    """One restore into one workspace: the tables go in parents first, each mapping refs to new ids."""

    def __init__(self, workspace: m.Workspace, name: str) -> None:
        self.workspace = workspace
        self.name = name
        self.user_model = get_user_model()
        self.entities = _entity_models()
        self.new_ids: _NewIds = {}

    def table(self, table: str, model: type[models.Model], rows: list[Any]) -> int:
        """Check and create one table's rows; returns how many were created."""
        fields = _fields(model)
        # A row pointing at another row of its own table (an experiment's parent version) is linked
        # once the whole table exists.
        self_refs = [f for f in fields if f.is_relation and f.related_model is model]
        m2m = [f for f in model._meta.many_to_many if f.related_model in self.new_ids]
        known = {"ref", *(f.name for f in fields), *(f.name for f in m2m)}
        in_workspace = any(f.is_relation and f.related_model is m.Workspace for f in model._meta.concrete_fields)
        objects, links, seen = [], [], set()
        for i, item in enumerate(rows, start=1):
            where = f"{self.name}: {table} #{i}"
            if not isinstance(item, dict) or not isinstance(item.get("ref"), int) or item["ref"] in seen:
                raise DomainError(f"{where}: each row needs its own whole-number 'ref'")
            seen.add(item["ref"])
            if extra := set(item) - known:
                raise DomainError(f"{where}: unknown fields {', '.join(sorted(extra))}")
            values: dict[str, Any] = {"workspace_id": self.workspace.pk} if in_workspace else {}
            values.update(self._values(item, fields, self_refs, where))
            objects.append(model(**values))
            links.append(
                {
                    f: [
                        _remap(self.new_ids, _related(f), r, False, f"{where}: {f.name}")
                        for r in _ref_list(item.get(f.name, []), f"{where}: {f.name}")
                    ]
                    for f in m2m
                }
            )
        if model is m.Prospect:
            _check_ladders(self.workspace, cast(list[m.Prospect], objects), self.name)
        created = model._default_manager.bulk_create(objects, batch_size=500)
        self._put_back_auto_times(model, fields, created, rows)
        self.new_ids[model] = {item["ref"]: obj.pk for obj, item in zip(created, rows, strict=True)}
        if self_refs:
            for i, (obj, item) in enumerate(zip(created, rows, strict=True), start=1):
                for f in self_refs:
                    setattr(
                        obj,
                        f.attname,
                        _remap(self.new_ids, model, item.get(f.name), f.null, f"{self.name}: {table} #{i}: {f.name}"),
                    )
            model._default_manager.bulk_update(created, [f.attname for f in self_refs], batch_size=500)
        for obj, link in zip(created, links, strict=True):
            for f, ids in link.items():
                getattr(obj, f.name).set(ids)
        return len(created)

    def _values(
        self, item: dict[str, Any], fields: list[models.Field], self_refs: list[models.Field], where: str
    ) -> dict[str, Any]:
        """One row's column values, each checked; references become the new ids."""
        values: dict[str, Any] = {}
        for f in fields:
            raw: Any = item.get(f.name, f.get_default() if f.has_default() else None)
            if f.is_relation and f.related_model is self.user_model:
                values[f.attname] = (
                    self.user_model.objects.filter(**{self.user_model.USERNAME_FIELD: raw})
                    .values_list("pk", flat=True)
                    .first()
                    if isinstance(raw, str)
                    else None
                )
            elif f in self_refs:
                values[f.attname] = None
            elif f.is_relation:
                values[f.attname] = _remap(self.new_ids, _related(f), raw, f.null, f"{where}: {f.name}")
            elif f.name == "entity_id" and item.get("entity") in self.entities:
                values[f.attname] = self.new_ids.get(self.entities[item["entity"]], {}).get(raw, 0)
            else:
                values[f.attname] = _value(f, raw, where)
        return values

    def _put_back_auto_times(
        self, model: type[models.Model], fields: list[models.Field], created: list[models.Model], rows: list[Any]
    ) -> None:
        """bulk_create stamped auto_now fields with now; put the backed-up moments back."""
        auto = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        if not auto:
            return
        for obj, item in zip(created, rows, strict=True):
            for f in auto:
                setattr(obj, f.attname, _value(f, item.get(f.attname), self.name))
        model._default_manager.bulk_update(created, [f.attname for f in auto], batch_size=500)


def _related(f: models.Field) -> type[models.Model]:
    """The model a relation points at ('self' and lazy names are resolved once the apps are loaded)."""
    target = f.related_model
    if not isinstance(target, type):
        raise TypeError(f"{f} points at an unresolved model {target!r}")
    return target


def _check_ladders(workspace: m.Workspace, prospects: list[m.Prospect], name: str) -> None:
    """A prospect's ladder must be built in or restored from the same backup (ladders come first)."""
    from earnest.ledger.reads.selectors import workspace_ladders

    ladders = workspace_ladders(workspace)
    for i, prospect in enumerate(prospects, start=1):
        if prospect.ladder not in ladders:
            raise DomainError(
                f"{name}: prospects #{i} ({prospect.name}) is on ladder {prospect.ladder!r}, which is neither "
                f"built in nor in the backup; ladders: {', '.join(sorted(ladders))}; nothing was restored"
            )


def _ref_list(raw: Any, where: str) -> list[int]:
    if not isinstance(raw, list):
        raise DomainError(f"{where}: must be a list of refs")
    return raw


def _remap(new_ids: _NewIds, model: type[models.Model], raw: Any, nullable: bool, where: str) -> int | None:
    if raw is None and nullable:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or raw not in new_ids.get(model, {}):
        raise DomainError(f"{where}: refers to {model._meta.model_name} {raw!r}, which is not in the backup")
    return new_ids[model][raw]
