"""The rows a write decides on, before anything is written.

A service that an import runs thousands of times (recording a conversation with its findings, and
the commitments, steps, contacts and evidence it adds) first decides its rows in a `Rows`: new
rows and changed ones, unsaved, with the audit events it records, in the order it writes them.
`Rows.save` then writes them one by one through the ORM, as a single call does; an import collects
the rows of a whole file and inserts them in bulk in one short transaction
(`transfer/bulk.py::RowsInBulk`). Both write what the same code decided, so an import leaves the
ledger a use case called once per row would leave (ADR 0018).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.db import models, transaction

from .. import models as m
from ..derived import prospect_changed
from ..derived.audit import record

Event = tuple[models.Model, str, dict[str, Any]]  # a row, what happened to it, and the audit trail's changes
P = ParamSpec("P")
R = TypeVar("R")


class Rows:
    """New and changed rows, the people of new conversations and the audit events, in the order decided."""

    def __init__(self) -> None:
        self.new: list[models.Model] = []
        self.changed: dict[int, tuple[models.Model, list[str]]] = {}  # by id(row), in the order first changed
        self.people: list[tuple[m.Conversation, list[m.Contact]]] = []
        self.events: list[Event] = []
        self._new: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.events)

    def insert(self, row: models.Model) -> None:
        self.new.append(row)
        self._new.add(id(row))

    def update(self, row: models.Model, fields: list[str]) -> None:
        """Write these fields of a stored row; a row inserted here is written as it ends up, at once."""
        if id(row) in self._new:
            return
        _, before = self.changed.setdefault(id(row), (row, []))
        before += [f for f in fields if f not in before]

    def link(self, conversation: m.Conversation, contacts: list[m.Contact]) -> None:
        """The people in a new conversation."""
        if contacts:
            self.people.append((conversation, contacts))

    def event(self, row: models.Model, action: str, changes: dict[str, Any]) -> None:
        """What `audit.record(row, action, changes)` records once the row is written."""
        self.events.append((row, action, changes))

    def extend(self, other: Rows) -> None:
        """Add another write's rows after these (an import gathers its file's rows)."""
        for row in other.new:
            self.insert(row)
        for row, fields in other.changed.values():
            self.update(row, fields)
        self.people += other.people
        self.events += other.events

    def save(self) -> None:
        """Write them one by one through the ORM, record the audit trail, and tell the derived state of
        every prospect whose history changed (call inside the write's transaction)."""
        for row in self.new:
            row.save(force_insert=True)
        for row, fields in self.changed.values():
            row.save(update_fields=fields)
        for conversation, contacts in self.people:
            conversation.contacts.set(contacts)
        for row, action, changes in self.events:
            record(row, action, changes)
        for workspace_id, prospect_id in dict.fromkeys(_prospect_key(row) for row, _, _ in self.events):
            prospect_changed(workspace_id, prospect_id)


def written(decide: Callable[Concatenate[Rows, P], R]) -> Callable[P, R]:
    """The service that writes what `decide` (its `<service>_rows`) decides, at once, in one transaction:
    `next_step_add = written(next_step_add_rows)`."""

    def service(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            rows = Rows()
            result = decide(rows, *args, **kwargs)
            rows.save()
        return result

    service.__name__ = service.__qualname__ = decide.__name__.removesuffix("_rows")
    service.__doc__, service.__module__ = decide.__doc__, decide.__module__
    return service


def _prospect_key(row: models.Model) -> tuple[int, int]:
    # every audited row has a workspace and, but for a prospect itself, a prospect
    prospect_id = row.pk if isinstance(row, m.Prospect) else row.prospect_id  # type: ignore[attr-defined]
    return row.workspace_id, prospect_id  # type: ignore[attr-defined]
