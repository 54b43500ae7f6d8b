"""CSV import of prospects, contacts, deals and notes, all or nothing, and idempotent.

Rows are matched to what the workspace already holds by external id, then email,
then domain, then name, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from earnest.domain.errors import DomainError
from earnest.ledger import models as m

from .conversation_import import conversation_exists, imported_conversation_log, reach_back
from .crm_presets import Mapping, preset_mapping
from .email_text import html_to_text, looks_like_html
from .files import decode_text, size_check
from .matching import FREE_MAIL, ProspectIndex, addresses, clean_domain, email_domain, emails_in
from .models import ExternalRecord
from .report import ImportReport, Progress, all_or_nothing, row_step

CRM_PRESETS = ("hubspot", "pipedrive", "salesforce")
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%d.%m.%Y", "%d.%m.%Y %H:%M")
Row = dict[str, str]


def csv_rows(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each row with the line it starts on; broken quoting names its line."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DomainError(f"{name}: line {start}: broken CSV ({exc})") from None
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise DomainError(f"{name}: the file is empty")
    (_, header), *body = rows
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise DomainError(f"{name}: the header repeats the column {', '.join(map(repr, dupes))}")
    return header, body


def parse_day(value: str, field: str) -> date:
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace(" UTC", "")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError(f"{field} {value!r} is not a date (2026-03-14 or 03/14/2026)")


def parse_money(value: str) -> Decimal | None:
    text = value.strip().lstrip("$€£").replace(",", "").replace(" ", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise DomainError(f"amount {value!r} is not a number") from None


class _CsvImport:
    def __init__(
        self,
        *,
        workspace: m.Workspace,
        mapping: Mapping,
        prefix: str,
        today: date,
        ladder: str,
        accept_suggestions: bool,
        report: ImportReport,
    ):
        self.workspace, self.mapping, self.prefix = workspace, mapping, prefix
        self.today, self.ladder, self.accept = today, ladder, accept_suggestions
        self.report = report
        self.index = ProspectIndex(workspace)

    def ext(self, value: str) -> str:
        return f"{self.prefix}:{value}" if value and self.prefix else value

    def day(self, row: Row, field: str) -> date | None:
        return parse_day(row[field], field.replace("_", " ")) if row.get(field) else None

    def prospect_for(self, row: Row, line: int, fallback_name: str = "") -> m.Prospect:
        """The company a contact, deal or note belongs to; created when named but not yet known."""
        from earnest.ledger.services.prospects import prospect_create

        company, email = (
            row.get("company", ""),
            row.get("email", "") or row.get("contact_email", ""),
        )
        found = self.index.find(external_id=self.ext(row.get("company_external_id", "")), name=company)
        emails = emails_in(email) if email else []
        if found is None and emails:
            contact = self.index.contacts_by_email.get(emails[0])
            domain = email_domain(emails[0])
            candidates = self.index.for_domain(domain) if domain not in FREE_MAIL else []
            found = contact.prospect if contact else (candidates[0] if len(candidates) == 1 else None)
        if found is not None:
            return found
        name = company or fallback_name
        domain = email_domain(emails[0]) if emails else ""
        if not name and domain and domain not in FREE_MAIL:
            name = domain
        if not name:
            raise DomainError("no company for this row: give a company column or a work email")
        prospect = prospect_create(
            workspace=self.workspace,
            name=name,
            created_on=self.today,
            ladder=self.ladder,
            domain=domain if domain not in FREE_MAIL else "",
            external_id=self.ext(row.get("company_external_id", "")),
        )
        self.index.add_prospect(prospect)
        self.report.add("prospect", "created", prospect.name, line)
        return prospect

    def prospects(self, row: Row, line: int) -> None:
        from earnest.ledger.services.prospects import prospect_create, prospect_update

        ext = self.ext(row.get("external_id", ""))
        domain = clean_domain(row.get("domain") or row.get("website", ""))
        fields = {
            "name": row.get("name", ""),
            "domain": domain,
            "owner": row.get("owner", ""),
            "notes": row.get("notes", ""),
        }
        existing = self.index.find(external_id=ext, domain=domain, name=fields["name"])
        if existing is None:
            prospect = prospect_create(
                workspace=self.workspace,
                ladder=self.ladder,
                external_id=ext,
                created_on=min(self.day(row, "created") or self.today, self.today),
                **fields,
            )
            self.index.add_prospect(prospect)
            _tag_from_row(prospect, row)
            self.report.add("prospect", "created", prospect.name, line)
            return
        if ext and not existing.external_id:
            fields["external_id"] = ext
        changes = {k: v for k, v in fields.items() if v and getattr(existing, k) != v}
        if changes:
            prospect_update(prospect=existing, **changes)
        tagged = _tag_from_row(existing, row)
        self.report.add("prospect", "updated" if changes or tagged else "unchanged", existing.name, line)

    def contacts(self, row: Row, line: int) -> None:
        from earnest.ledger.services.prospects import contact_add, contact_update

        emails = addresses(row.get("email", ""))
        email = emails[0] if emails else row.get("email", "").strip().lower()
        name = row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name")))) or email
        ext = self.ext(row.get("external_id", ""))
        existing = self.index.contacts_by_external.get(ext) if ext else None
        existing = existing or (self.index.contacts_by_email.get(email) if email else None)
        fields = {"name": name, "email": email, "title": row.get("title", "")}
        if row.get("role"):
            fields["role"] = row["role"]
        if existing is None:
            prospect = self.prospect_for({**row, "email": email}, line)
            contact = contact_add(prospect=prospect, external_id=ext, **fields)
            self.index.add_contact(contact)
            self.report.add("contact", "created", contact.name, line)
            return
        changes = {k: v for k, v in fields.items() if v and getattr(existing, k) != v.strip()}
        if changes:
            contact_update(contact=existing, **changes)
        self.report.add("contact", "updated" if changes else "unchanged", existing.name, line)

    def deals(self, row: Row, line: int) -> None:
        from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
        from earnest.ledger.services.prospects import prospect_close

        name, stage = row.get("name", ""), row.get("stage", "").lower()
        won = row.get("won", "").lower() in ("true", "1", "yes") or "won" in stage
        lost = not won and ("lost" in stage or row.get("closed", "").lower() in ("true", "1", "yes"))
        ext = self.ext(row.get("external_id", "")) or f"deal:{name}"
        if not won and not lost:
            self.report.add("deal", "skipped", name, line, "open: a pipeline stage is a hope, not a commitment")
            return
        if ExternalRecord.objects.filter(workspace=self.workspace, kind="deal", external_id=ext).exists():
            self.report.add("deal", "unchanged", name, line)
            return
        prospect = self.prospect_for(row, line, fallback_name=name)
        closed = min(self.day(row, "close_date") or self.today, self.today)
        if won:
            started = min(self.day(row, "created") or closed, closed)
            reach_back(prospect, started)
            c = commitment_ask(
                prospect=prospect,
                on=started,
                description=f"Won deal: {name}",
                currencies=["money"],
                amount=parse_money(row.get("amount", "")),
            )
            commitment_set_status(commitment=c, to="agreed", on=closed)
            commitment_set_status(commitment=c, to="fulfilled", on=closed)
            entity, entity_id = "commitment", c.pk
        else:
            if not prospect.closed_on:
                reach_back(prospect, closed)
                prospect_close(
                    prospect=prospect,
                    reason="other",
                    on=closed,
                    note=f"Deal {name!r} lost in the CRM (stage: {row.get('stage') or 'closed'})",
                )
            entity, entity_id = "prospect", prospect.pk
        ExternalRecord.objects.create(
            workspace=self.workspace,
            kind="deal",
            external_id=ext,
            entity=entity,
            entity_id=entity_id,
        )
        self.report.add("deal", "created", f"{name} ({'won' if won else 'lost'})", line)

    def notes(self, row: Row, line: int) -> None:
        body = row.get("body", "")
        text = html_to_text(body) if looks_like_html(body) else body
        if row.get("title"):
            text = f"{row['title']}\n\n{text}"
        on = self.day(row, "date")
        if on is None:
            raise DomainError("the note has no date")
        ext = (
            self.ext(row.get("external_id", ""))
            or "csv-note:" + hashlib.sha256(f"{row.get('company')}|{on}|{body}".encode()).hexdigest()[:32]
        )
        label = text.strip().split("\n", 1)[0][:60]
        if conversation_exists(self.workspace, ext):
            self.report.add("note", "unchanged", label, line)
            return
        prospect = self.prospect_for(row, line)
        contacts = [
            c
            for e in emails_in(row.get("contact_email", ""))
            if (c := self.index.contacts_by_email.get(e)) and c.prospect_id == prospect.pk
        ]
        imported_conversation_log(
            prospect=prospect,
            on=min(on, self.today),
            channel="other",
            notes=text.strip(),
            external_id=ext,
            report=self.report,
            contacts=contacts,
            accept_suggestions=self.accept,
        )
        self.report.add("note", "created", label, line)


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
    header, body = csv_rows(text, name)
    mapping = mapping or preset_mapping(preset, kind, header)
    if missing := mapping.missing(header):
        raise DomainError(
            f"{name}: no column for {', '.join(missing)} in the {mapping.name} "
            f"mapping of {mapping.kind} (columns: {', '.join(header[:12])})"
        )
    report = ImportReport(source=name, dry_run=dry_run)
    prefix = mapping.name if mapping.name in CRM_PRESETS else ""

    def work(report: ImportReport) -> None:
        job = _CsvImport(
            workspace=workspace,
            mapping=mapping,
            prefix=prefix,
            today=today,
            ladder=ladder,
            accept_suggestions=accept_suggestions,
            report=report,
        )
        handle: Callable[[Row, int], None] = getattr(job, mapping.kind)
        for done, (line, cells) in enumerate(body, start=1):
            if len(cells) != len(header):
                report.problem(line, f"has {len(cells)} columns; the header has {len(header)}")
                continue
            row = _mapped(mapping, dict(zip(header, cells, strict=True)))
            row_step(report, line, lambda row=row, line=line: handle(row, line))
            if progress:
                progress(done, len(body))

    return all_or_nothing(report, work)


def _tag_from_row(prospect: m.Prospect, row: Row) -> bool:
    """Add the row's `tags` (split by commas, semicolons or bars) the prospect lacks; an import never removes one."""
    from earnest.domain.segments import clean_tags
    from earnest.ledger.services.tags import prospect_tag, prospect_tag_names

    have = prospect_tag_names(prospect)
    missing = [t for t in clean_tags([row.get("tags", "")]) if t not in have]
    if missing:
        prospect_tag(prospect=prospect, tags=missing)
    return bool(missing)


def _mapped(mapping: Mapping, cells: dict[str, str]) -> Row:
    row: Row = {}
    for field_name, columns in mapping.columns.items():
        for column in columns:
            value = cells.get(column, "").strip()
            if value:
                row[field_name] = value
                break
    return row
