"""What an import did, or would do in a dry run; and how an import stays all or nothing.

`plan_then_apply` plans without writing and applies the plan in one short transaction, so a
long file (CSV, calendar, mailbox) never holds SQLite's write lock while it is read or its
notes are analyzed (ADR 0013).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from earnest.domain.errors import DomainError

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Action:
    kind: str  # prospect, contact, deal, note, meeting, thread
    action: str  # created, updated, unchanged, skipped, unmatched
    label: str
    line: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Problem:
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line is not None else self.reason


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    actions: list[Action] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    findings: int = 0  # conversations whose notes the analyzer read something in
    read_as: str = ""  # what the importer took the file for: "Salesforce accounts, 25 rows"

    def add(self, kind: str, action: str, label: str, line: int | None = None, reason: str = "") -> None:
        self.actions.append(Action(kind, action, label, line, reason))

    def problem(self, line: int | None, reason: str) -> None:
        self.problems.append(Problem(line, reason))

    def counts(self) -> dict[str, dict[str, int]]:
        found: dict[str, Counter[str]] = {}
        for a in self.actions:
            found.setdefault(a.kind, Counter())[a.action] += 1
        return {kind: dict(c) for kind, c in found.items()}

    def changed(self) -> int:
        return sum(a.action in ("created", "updated") for a in self.actions)

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        parts = [
            f"{kind}s: " + ", ".join(f"{n} {action}" for action, n in sorted(c.items()))
            for kind, c in sorted(self.counts().items())
        ]
        read_as = f" (read as: {self.read_as})" if self.read_as else ""
        head = f"{self.source}{read_as}: " + ("; ".join(parts) if parts else "nothing to import")
        return head + ("" if not self.dry_run else f" (dry run: nothing {verb} saved)")


class ImportFailed(DomainError):
    """A file with errors imports nothing; every bad row is listed with its line and reason."""

    def __init__(self, report: ImportReport):
        self.report = report
        lines = "\n".join(f"  {p}" for p in report.problems)
        count = len(report.problems)
        super().__init__(f"{report.source}: {count} problem{'s' if count != 1 else ''}; nothing was imported\n{lines}")


class Rollback(Exception):
    """Raised inside an import's transaction to undo it (a dry run, a row with a problem)."""


class StalePlan(DomainError):
    """What a plan was based on changed before it could be applied (someone edited a matched record)."""


def plan_then_apply(
    source: str,
    plan: Callable[[], tuple[ImportReport, Callable[[], None]]],
    attempts: int = 3,
    *,
    rehearse: bool = False,
) -> ImportReport:
    """Plan (reads only, no transaction), then apply the plan in one transaction that re-checks it.

    A dry run stops after planning; a plan with problems applies nothing. With `rehearse` (plans
    whose rows write through the services, which check more than a plan can), a dry run or a plan
    with problems is applied and rolled back, so that it lists every problem the services find,
    as a real import would. When a record the plan depends on changed meanwhile, the file is
    planned again, up to `attempts` times."""
    stale = ""
    for _ in range(attempts):
        report, apply = plan()
        # a batch of conversations notes its problems after the rows planned since: in file order
        report.problems.sort(key=lambda p: p.line or 0)
        if not rehearse and report.problems and not report.dry_run:
            raise ImportFailed(report)
        if not rehearse and report.dry_run:
            return report
        try:
            apply()  # rolls itself back on a dry run or when a row had a problem
        except StalePlan as exc:
            stale = str(exc)
            continue
        except DatabaseError as exc:
            raise DomainError(f"{report.source}: could not be stored ({exc}); nothing was imported") from None
        report.problems.sort(key=lambda p: p.line or 0)  # those of the plan, then of the apply: in file order
        if report.problems and not report.dry_run:
            raise ImportFailed(report)
        return report
    raise DomainError(f"{source}: {stale}, {attempts} times while it was read; nothing was imported (run it again)")


def row_checked(report: ImportReport, line: int | None, work: Callable[[], None]) -> bool:
    """One row planned: a bad row is noted and the others are still checked (no transaction: it writes nothing)."""
    try:
        work()
        return True
    except DomainError as exc:
        report.problem(line, str(exc))
        return False


def row_step(report: ImportReport, line: int | None, work: Callable[[], None]) -> bool:
    """One row in its own savepoint, so a bad row is noted and the others are still checked."""
    try:
        with transaction.atomic():
            work()
        return True
    except DomainError as exc:
        report.problem(line, str(exc))
        return False
