"""CSV import of prospects, contacts, deals and notes, all or nothing, and idempotent.

Rows are matched to what the workspace already holds by external id, then email,
then domain, then name, so importing the same file twice changes nothing. A contact,
deal or note follows its CRM's link to a company; a link to a company earnest does not
hold is a problem on that row, never a reason to invent a prospect.

Every file is planned, then written in one short transaction (ADR 0013): `csv_format` reads the
cells, a planner per kind of file decides each row (`csv_prospects`, `csv_contacts`, `csv_deals`,
`csv_notes`, on what they share in `csv_links`), and `bulk.ImportPlan` writes it all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

from earnest.domain.errors import DomainError
from earnest.gc_pause import gc_paused
from earnest.ledger import models as m

from .bulk import ImportPlan
from .crm_presets import Mapping, preset_mapping
from .csv_contacts import ContactRows
from .csv_deals import DealRows
from .csv_format import Row, csv_rows, mapped, split_ids
from .csv_links import FilePlanner
from .csv_notes import NoteRows
from .csv_prospects import ProspectRows
from .files import decode_text, line_offsets, size_check
from .matching import address_keys, addresses, clean_domain, emails_in, name_key, salesforce_15
from .report import ImportReport, Progress, plan_then_apply, row_checked

CRM_PRESETS = ("hubspot", "pipedrive", "salesforce")
PLANNERS: dict[str, type[FilePlanner]] = {
    "prospects": ProspectRows,
    "contacts": ContactRows,
    "deals": DealRows,
    "notes": NoteRows,
}


@gc_paused()  # thousands of rows and model objects, and no cycle among them (ADR 0007)
def import_csv(
    *,
    workspace: m.Workspace,
    data: bytes,
    name: str,
    today: date,
    preset: str = "generic",
    kind: str | None = None,
    mapping: Mapping | None = None,
    encoding: str = "utf-8",
    ladder: str = "discovery",
    dry_run: bool = False,
    accept_suggestions: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one CSV file; a saved mapping, when given, replaces the preset."""
    text = decode_text(size_check(data, name), name, encoding=encoding, what="a CSV file")
    offsets = line_offsets(data)
    header, body = csv_rows(text, name, offsets)
    mapping = mapping or preset_mapping(preset, kind, header)
    if missing := mapping.missing(header):
        raise DomainError(
            f"{name}: no column for {', '.join(missing)} in the {mapping.name} "
            f"mapping of {mapping.kind} (columns: {', '.join(header[:12])})"
        )
    count = f"{len(body)} row{'s' if len(body) != 1 else ''}"
    prefix = mapping.name if mapping.name in CRM_PRESETS else ""
    # Each row under earnest's field names, with its width, once for all the plans (and the file's keys).
    rows = [(line, mapped(mapping, dict(zip(header, cells, strict=False))), len(cells)) for line, cells in body]
    keys = file_keys([row for _, row, _ in rows], prefix)

    def read(report: ImportReport, plan: ImportPlan) -> None:
        planner = PLANNERS[mapping.kind](
            workspace=workspace,
            mapping=mapping,
            prefix=prefix,
            today=today,
            ladder=ladder,
            accept_suggestions=accept_suggestions,
            report=report,
            plan=plan,
        )
        for done, (line, row, width) in enumerate(rows, start=1):
            if width != len(header):
                starts = f"starts at byte offset {offsets[line - 1]} and " if line <= len(offsets) else ""
                report.problem(line, f"{starts}has {width} columns; the header has {len(header)}")
                continue
            row_checked(report, line, functools.partial(planner.row, row, line))
            if progress:
                progress(done, len(rows))
        planner.finish()

    def plan() -> tuple[ImportReport, Callable[[], None]]:
        report = ImportReport(source=name, dry_run=dry_run, read_as=f"{mapping.label or mapping.kind}, {count}")
        plan = ImportPlan(workspace, keys, report)
        read(report, plan)
        return report, plan.apply

    # Every kind of file is written in bulk from rows decided while planning (notes: ADR 0018), so a dry
    # run, or a file with problems, stops after planning.
    return plan_then_apply(name, plan)


def file_keys(rows: list[Row], prefix: str) -> set[str]:
    """Every id, domain, name and address in the file: a record added with one of them while the file
    is planned could have changed what a row matches, so the plan is made again."""
    keys: set[str] = set()
    for row in rows:
        for field_name in (
            "external_id",
            "company_external_id",
            "parent_external_id",
            "contact_external_id",
            "deal_external_id",
        ):
            for value in split_ids(row.get(field_name, "")):
                ext = f"{prefix}:{value}" if prefix else value
                keys.update((ext, salesforce_15(ext)))
        for field_name in ("name", "company"):
            for value in (row.get(field_name, ""), *split_ids(row.get(field_name, ""))):
                keys.add(f"name:{name_key(value)}")
        keys.add(clean_domain(row.get("domain") or row.get("website", "")))
        for email in (*addresses(row.get("email", "")), *emails_in(row.get("email", ""))):
            keys.update(address_keys(email))
    keys.discard("")
    keys.discard("name:")
    return keys
