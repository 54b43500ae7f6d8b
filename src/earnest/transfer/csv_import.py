"""CSV import of prospects, contacts, deals and notes, all or nothing, and idempotent.

Rows are matched to what the workspace already holds by external id, then email,
then domain, then name, so importing the same file twice changes nothing. A contact,
deal or note follows its CRM's link to a company; a link to a company earnest does not
hold is a problem on that row, never a reason to invent a prospect.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from earnest.domain.duplicates import name_key
from earnest.domain.errors import DomainError
from earnest.domain.segments import MAX_TAGS, clean_tags
from earnest.ledger import models as m
from earnest.ledger.derived.audit import diff, snapshot
from earnest.ledger.reads.selectors import workspace_ladders
from earnest.ledger.services._validation import clean_text

from .bulk import ImportPlan
from .conversation_import import conversation_exists, imported_conversation_log, reach_back
from .crm_presets import Mapping, preset_mapping
from .email_text import html_to_text, looks_like_html
from .files import decode_text, line_offsets, size_check
from .matching import FREE_MAIL, ProspectIndex, addresses, clean_domain, email_domain, emails_in, salesforce_15
from .models import ExternalRecord
from .report import ImportReport, Progress, plan_then_apply, row_checked

CRM_PRESETS = ("hubspot", "pipedrive", "salesforce")
# Every file is planned, then written in one short transaction (ADR 0013). Prospects and contacts
# are written in bulk; a deal's or a note's writes go through the services, row by row, at apply.
WRITTEN_BY_SERVICES = ("deals", "notes")
# Notes read by the analyzer at a time, while the file is planned (its reads of ladders and contacts shared).
NOTES_BATCH = 64
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%d.%m.%Y", "%d.%m.%Y %H:%M")
Row = dict[str, str]
Record = TypeVar("Record")


def csv_rows(text: str, name: str, offsets: list[int] | None = None) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each row with the line it starts on; broken quoting names its line and byte."""
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
        raise DomainError(f"{name}: {where(start, offsets)}: broken CSV ({exc})") from None
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise DomainError(f"{name}: the file is empty")
    (_, header), *body = rows
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise DomainError(f"{name}: the header repeats the column {', '.join(map(repr, dupes))}")
    return header, body


def where(line: int, offsets: list[int] | None) -> str:
    """'line 7 (byte offset 412)': the line, and where it starts in the file as stored."""
    if offsets is None or not 0 < line <= len(offsets):
        return f"line {line}"
    return f"line {line} (byte offset {offsets[line - 1]})"


def split_ids(value: str) -> list[str]:
    """HubSpot joins the ids of several associated records with ';'."""
    return [part.strip() for part in value.split(";") if part.strip()]


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


class UnmatchedLink(DomainError):
    """A row's link names a record earnest does not hold."""

    def __init__(self, message: str, *, to_company: bool):
        super().__init__(message)
        self.to_company = to_company


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
        plan: ImportPlan,
    ):
        self.workspace, self.mapping, self.prefix = workspace, mapping, prefix
        self.today, self.ladder, self.accept = today, ladder, accept_suggestions
        self.report = report
        self.planned = plan
        self.index = ProspectIndex(workspace)
        self.ladders: set[str] | None = None
        self.tags: defaultdict[tuple[str, int], set[str]] | None = None
        # built on first use: the tables a file links to do not change while it is read
        self.short_ids: dict[int, dict[str, Any]] = {}
        self.notes_unread: list[_PlannedNote] = []
        # prospects whose contacts a note's accepted findings added at apply: later notes are read again
        self.contacts_grew: set[int] = set()

    def ext(self, value: str) -> str:
        return f"{self.prefix}:{value}" if value and self.prefix else value

    def day(self, row: Row, field: str) -> date | None:
        return parse_day(row[field], field.replace("_", " ")) if row.get(field) else None

    def skip_deleted(self, kind: str, row: Row, label: str, line: int) -> bool:
        if row.get("deleted", "").lower() in _TRUE:
            self.report.add(kind, "skipped", label, line, "deleted in the CRM")
            return True
        return False

    def linked_prospect(self, row: Row, line: int) -> m.Prospect | None:
        """The prospect a contact, deal or note belongs to, by its CRM's link; None when it names none.

        A link names a record: a company id or name, or for notes a contact, a deal or a
        Salesforce parent. When it names one that earnest does not hold, the row is a
        problem (import the companies first, or fix the link): inventing a prospect from a
        deal's title or an email domain would file real history under a company that never was.
        Only files read with the generic columns or a saved mapping, which have no companies
        file of their own, create the company a row names.
        """
        company_ids = split_ids(row.get("company_external_id", ""))
        parents = split_ids(row.get("parent_external_id", ""))
        contact_ids = split_ids(row.get("contact_external_id", ""))
        deal_ids = split_ids(row.get("deal_external_id", ""))
        company = row.get("company", "")
        names = list(dict.fromkeys([company, *split_ids(company)])) if company else []
        # Without a primary id, HubSpot lists every associated company; the primary one's
        # name, when the file has it, says which of them the record belongs to.
        by_id = [p for i in company_ids if (p := self.linked(self.index.by_external, self.ext(i))) is not None]
        by_id.sort(key=lambda p: p.name.lower() != company.lower())
        for found in (
            *by_id,
            *(self.prospect_of_record(self.ext(i)) for i in parents),
            *(self.contact_prospect(self.ext(i)) for i in contact_ids),
            *(self.deal_prospect(self.ext(i)) for i in deal_ids),
            *(self.index.find(name=n) for n in names),
        ):
            if found is not None:
                return found
        if not self.prefix and company and not company_ids:
            return self.prospect_named(company, line)
        if company_ids or parents or contact_ids or deal_ids or names:
            raise UnmatchedLink(
                self.unmatched(company, company_ids, parents, contact_ids, deal_ids),
                to_company=bool(company_ids or names),
            )
        for email in emails_in(row.get("email", "") or row.get("contact_email", "")):
            contact = self.index.contacts_by_email.get(email)
            domain = email_domain(email)
            candidates = self.index.for_domain(domain) if domain not in FREE_MAIL else []
            if contact is not None or len(candidates) == 1:
                return contact.prospect if contact is not None else candidates[0]
        return None

    def unmatched(self, company: str, *id_lists: list[str]) -> str:
        kinds = ("company", "record", "contact", "deal")
        links = [f"{kind} {self.ext(i)}" for kind, ids in zip(kinds, id_lists, strict=True) for i in ids]
        named = ", ".join(links) if not company else f"{company!r} ({', '.join(links)})" if links else repr(company)
        if company or id_lists[0]:
            return (
                f"links to {named}, which is not in earnest: import the file of companies (accounts, "
                f"organizations) first, or correct the link"
            )
        return (
            f"links to {named}, which is not in earnest: import contacts and deals before notes "
            f"(a person or deal without a company is not imported)"
        )

    def linked(self, table: dict[str, Record], ext: str) -> Record | None:
        """The record an id names. Salesforce writes 18-character ids in its Data Export and
        15-character ones in reports (the same id without its case checksum); either finds it."""
        found = table.get(ext)
        if found is None and self.prefix == "salesforce":
            short = self.short_ids.get(id(table))
            if short is None:
                short = self.short_ids[id(table)] = {salesforce_15(k): v for k, v in table.items()}
            found = short.get(salesforce_15(ext))
        return found

    def contact_prospect(self, ext: str) -> m.Prospect | None:
        contact = self.linked(self.index.contacts_by_external, ext)
        return contact.prospect if contact is not None else None

    def deal_prospect(self, ext: str) -> m.Prospect | None:
        """The prospect an imported deal (won, lost or open) was filed under."""
        records = ExternalRecord.objects.filter(workspace=self.workspace, kind__in=("deal", "open-deal"))
        record = records.filter(external_id=ext).order_by("kind").first()
        if record is None and self.prefix == "salesforce" and salesforce_15(ext) == ext:
            # a 15-character id from a report: the stored 18-character one begins with it
            # (compared here too, as SQLite's LIKE ignores case and these ids do not)
            found = records.filter(external_id__startswith=ext).order_by("kind")
            record = next((r for r in found if r.external_id.startswith(ext)), None)
        if record is None:
            return None
        if record.entity == "commitment":
            return m.Prospect.objects.filter(commitments__pk=record.entity_id).first()
        return m.Prospect.objects.filter(pk=record.entity_id).first()

    def prospect_of_record(self, ext: str) -> m.Prospect | None:
        """A Salesforce ParentId or WhatId: an account, a contact or an opportunity (ids are unique)."""
        return self.linked(self.index.by_external, ext) or self.contact_prospect(ext) or self.deal_prospect(ext)

    def prospect_named(self, name: str, line: int) -> m.Prospect:
        prospect = self.planned_prospect({"name": name}, line, created_on=self.today)
        self.index.add_prospect(prospect)
        self.report.add("prospect", "created", prospect.name, line)
        return prospect

    # Prospects and contacts are planned, not written: `ImportPlan` writes them all at the end
    # (ADR 0013). The checks are the services' own, so a row fails with the same message.

    def planned_prospect(self, fields: dict[str, str], line: int, *, created_on: date) -> m.Prospect:
        from earnest.ledger.services.prospects import prospect_fields_clean

        cleaned = prospect_fields_clean(
            self.workspace,
            ladder=self.ladder,
            ladders=self.ladder_keys(),
            **{"domain": "", "owner": "", "notes": "", "external_id": "", **fields},
        )
        prospect = m.Prospect(workspace=self.workspace, created_on=created_on, **cleaned)
        self.planned.prospect_create(prospect, cleaned)
        return prospect

    def ladder_keys(self) -> set[str]:
        if self.ladders is None:
            self.ladders = set(workspace_ladders(self.workspace))
        return self.ladders

    def prospects(self, row: Row, line: int) -> None:
        from earnest.ledger.services.prospects import PROSPECT_FIELDS, prospect_fields_clean

        if self.skip_deleted("prospect", row, row.get("name", ""), line):
            return
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
            created_on = min(self.day(row, "created") or self.today, self.today)
            prospect = self.planned_prospect({**fields, "external_id": ext}, line, created_on=created_on)
            self.index.add_prospect(prospect)
            if tags := self.tags_missing(prospect, row):
                self.planned.prospect_tag(prospect, tags)
            self.report.add("prospect", "created", prospect.name, line)
            return
        if ext and not existing.external_id:
            fields["external_id"] = ext
        changes = {k: v for k, v in fields.items() if v and getattr(existing, k) != v}
        cleaned = {}
        if changes:
            before = snapshot(self.planned.current(existing), PROSPECT_FIELDS)
            cleaned = prospect_fields_clean(self.workspace, ladders=self.ladder_keys(), **{**before, **changes})
        tags = self.tags_missing(existing, row)
        if changes:
            self.planned.prospect_update(existing, cleaned, diff(before, cleaned))
        if tags:
            self.planned.prospect_tag(existing, tags)
        self.report.add("prospect", "updated" if changes or tags else "unchanged", existing.name, line)

    def tags_missing(self, prospect: m.Prospect, row: Row) -> list[str]:
        """The row's `tags` (split by commas, semicolons or bars) the prospect lacks; an import never removes one."""
        if not row.get("tags"):
            return []
        if self.tags is None:
            self.tags = defaultdict(set)
            for prospect_id, name in m.ProspectTag.objects.filter(workspace=self.workspace).values_list(
                "prospect_id", "name"
            ):
                self.tags[("pk", prospect_id)].add(name)
        have = self.tags[("pk", prospect.pk) if prospect.pk else ("new", id(prospect))]
        missing = [t for t in clean_tags([row["tags"]]) if t not in have]
        if len(have) + len(missing) > MAX_TAGS:  # as `prospect_tag` refuses it
            raise DomainError(
                f"a prospect has at most {MAX_TAGS} tags; {prospect.name} would have {len(have) + len(missing)}"
            )
        have.update(missing)
        return missing

    def contacts(self, row: Row, line: int) -> None:
        from earnest.ledger.services.prospects import CONTACT_FIELDS, contact_fields_clean

        emails = addresses(row.get("email", ""))
        email = emails[0] if emails else row.get("email", "").strip().lower()
        name = row.get("name") or " ".join(filter(None, (row.get("first_name"), row.get("last_name")))) or email
        if self.skip_deleted("contact", row, name, line):
            return
        ext = self.ext(row.get("external_id", ""))
        existing = self.index.contacts_by_external.get(ext) if ext else None
        existing = existing or (self.index.contacts_by_email.get(email) if email else None)
        fields = {"name": name, "email": email, "title": row.get("title", "")}
        if row.get("role"):
            fields["role"] = row["role"]
        if existing is None:
            prospect = self.linked_prospect({**row, "email": email}, line)
            if prospect is None:
                self.report.add("contact", "skipped", name, line, "no company: the CRM links this person to none")
                return
            cleaned = contact_fields_clean(**{"role": "other", **fields})
            contact = m.Contact(
                workspace_id=self.workspace.pk,
                prospect=prospect,
                external_id=clean_text(ext, "external id", max_length=200),
                **cleaned,
            )
            self.planned.contact_create(contact, cleaned)
            self.index.add_contact(contact)
            self.report.add("contact", "created", contact.name, line)
            return
        changes = {k: v for k, v in fields.items() if v and getattr(existing, k) != v.strip()}
        if changes:
            before = snapshot(self.planned.current(existing), CONTACT_FIELDS)
            cleaned = contact_fields_clean(**{**before, **changes})
            self.planned.contact_update(existing, cleaned, diff(before, cleaned))
        self.report.add("contact", "updated" if changes else "unchanged", existing.name, line)

    def record_known(self, kind: str, ext: str) -> bool:
        """A deal with this id was imported before, or by an earlier row of this file."""
        return (kind, ext) in self.planned.new_records or ExternalRecord.objects.filter(
            workspace=self.workspace, kind=kind, external_id=ext
        ).exists()

    def deals(self, row: Row, line: int) -> None:
        name, stage = row.get("name", ""), row.get("stage", "").lower()
        if self.skip_deleted("deal", row, name, line):
            return
        # The CRM's own won/closed flags, when the file has them, over a stage's wording
        # (a renamed stage "Won't proceed" is not a win).
        won_flag, closed_flag = row.get("won", "").lower(), row.get("closed", "").lower()
        words = {w.strip(".,;:()&-–") for w in stage.split()} | {stage.replace(" ", "")}
        won = won_flag in _TRUE if won_flag else bool(words & {"won", "closedwon"})
        closed = closed_flag in _TRUE if closed_flag else bool(words & {"lost", "closedlost"})
        lost = not won and closed
        ext = self.ext(row.get("external_id", "")) or f"deal:{name}"
        kind = "deal" if won or lost else "open-deal"
        if self.record_known(kind, ext):
            self.report.add(
                "deal",
                "unchanged" if kind == "deal" else "skipped",
                name,
                line,
                "" if kind == "deal" else "open: a pipeline stage is a hope, not a commitment",
            )
            return
        prospect = self.linked_prospect(row, line)
        if prospect is None:
            self.report.add("deal", "skipped", name, line, "no company: the CRM links this deal to none")
            return
        closed_on = min(self.day(row, "close_date") or self.today, self.today)
        deal = _PlannedDeal(
            prospect=prospect,
            name=name,
            stage=row.get("stage", ""),
            kind=kind,
            ext=ext,
            won=won,
            lost=lost,
            closed_on=closed_on,
            started=min(self.day(row, "created") or closed_on, closed_on),
            amount=parse_money(row.get("amount", "")) if won else None,
        )
        self.planned.write(line, functools.partial(_deal_write, self.workspace, deal), on=prospect)
        self.planned.new_records.add((kind, ext))
        if kind == "open-deal":
            self.report.add("deal", "skipped", name, line, "open: a pipeline stage is a hope, not a commitment")
        else:
            self.report.add("deal", "created", f"{name} ({'won' if won else 'lost'})", line)

    def notes(self, row: Row, line: int) -> None:
        body = row.get("body", "")
        text = html_to_text(body) if looks_like_html(body) else body
        if row.get("title"):
            text = f"{row['title']}\n\n{text}"
        label = text.strip().split("\n", 1)[0][:60]
        if self.note_skipped(row, text, label, line):
            return
        on = self.day(row, "date")
        if on is None:
            raise DomainError("the note has no date")
        if on > self.today:
            self.report.add("note", "skipped", label, line, f"dated {on}, after today: it has not happened yet")
            return
        ext = (
            self.ext(row.get("external_id", ""))
            or "csv-note:" + hashlib.sha256(f"{row.get('company')}|{on}|{body}".encode()).hexdigest()[:32]
        )
        if ext in self.planned.new_conversations or conversation_exists(self.workspace, ext):
            self.report.add("note", "unchanged", label, line)
            return
        try:
            prospect = self.linked_prospect(row, line)
        except UnmatchedLink as exc:
            if exc.to_company:
                raise
            # a note on a person or deal that earnest did not take (one without a company)
            self.report.add("note", "skipped", label, line, str(exc))
            return
        if prospect is None:
            self.report.add("note", "skipped", label, line, "linked to no company, contact or deal")
            return
        if len(ext) > 500:  # as the use case refuses it, but before its notes are read
            raise DomainError(f"the id {ext[:40]!r}… is longer than 500 characters")
        note = _PlannedNote(
            prospect=prospect, on=on, notes=text.strip(), ext=ext, contacts=self.note_contacts(row, prospect)
        )
        self.planned.write(line, functools.partial(self.note_write, note), on=prospect)
        self.planned.new_conversations.add(ext)
        self.notes_unread.append(note)
        if len(self.notes_unread) >= NOTES_BATCH:
            self.notes_read()
        self.report.add("note", "created", label, line)

    def note_skipped(self, row: Row, text: str, label: str, line: int) -> bool:
        if self.skip_deleted("note", row, label, line):
            return True
        reason = (
            "an open task is a plan, not a conversation"
            if row.get("done", "").lower() in _FALSE
            else ""
            if text.strip()
            else "the note is empty"
        )
        if reason:
            self.report.add("note", "skipped", label, line, reason)
        return bool(reason)

    def note_contacts(self, row: Row, prospect: m.Prospect) -> list[m.Contact]:
        """The prospect's contacts a note names by id or address."""
        contacts = [
            c
            for c in (
                *(
                    self.linked(self.index.contacts_by_external, self.ext(i))
                    for i in split_ids(row.get("contact_external_id", ""))
                ),
                *(self.index.contacts_by_email.get(e) for e in emails_in(row.get("contact_email", ""))),
            )
            if c is not None and c.prospect_id == prospect.pk
        ]
        return list(dict.fromkeys(contacts))

    def notes_read(self) -> None:
        """The analyzer's reading of the notes planned since the last batch (no transaction is open)."""
        from earnest.ledger.services.findings import notes_read_many

        batch, self.notes_unread = self.notes_unread, []
        readings = notes_read_many(self.workspace, [(n.prospect, n.notes, n.on) for n in batch])
        for note, reading in zip(batch, readings, strict=True):
            note.reading = reading

    def note_write(self, note: _PlannedNote) -> None:
        prospect = note.prospect
        # Accepted findings can add people; a later note on the same prospect then must not offer them
        # again, so it is read again here, as it would have been row by row.
        reread = self.accept and prospect.pk in self.contacts_grew
        count = m.Contact.objects.filter(prospect=prospect).count() if self.accept else 0
        imported_conversation_log(
            prospect=prospect,
            on=note.on,
            channel="other",
            notes=note.notes,
            external_id=note.ext,
            report=self.report,
            contacts=note.contacts,
            accept_suggestions=self.accept,
            reading=None if reread else note.reading,
        )
        if self.accept and m.Contact.objects.filter(prospect=prospect).count() != count:
            self.contacts_grew.add(prospect.pk)


@dataclass
class _PlannedDeal:
    prospect: m.Prospect
    name: str
    stage: str
    kind: str  # "deal" (won or lost) or "open-deal"
    ext: str
    won: bool
    lost: bool
    closed_on: date
    started: date
    amount: Decimal | None


@dataclass
class _PlannedNote:
    prospect: m.Prospect
    on: date
    notes: str
    ext: str
    contacts: list[m.Contact]
    reading: Any = None  # the analyzer's NotesReading, filled in by batches before the plan is applied


def _deal_write(workspace: m.Workspace, deal: _PlannedDeal) -> None:
    """A deal's writes through the services, when the plan is applied (the prospect's history is as planned)."""
    from earnest.ledger.services.commitments import commitment_ask, commitment_set_status
    from earnest.ledger.services.prospects import prospect_close

    prospect = deal.prospect
    if deal.won:
        reach_back(prospect, deal.started)
        c = commitment_ask(
            prospect=prospect,
            on=deal.started,
            description=f"Won deal: {deal.name}",
            currencies=["money"],
            amount=deal.amount,
        )
        commitment_set_status(commitment=c, to="agreed", on=deal.closed_on)
        commitment_set_status(commitment=c, to="fulfilled", on=deal.closed_on)
        entity, entity_id = "commitment", c.pk
    else:
        # A lost deal ends a prospect that never bought; a customer who turned down
        # one more deal stays open. Asked here, not when planned: an earlier row may have closed it.
        customer = m.Commitment.objects.filter(prospect=prospect, status="fulfilled").exists()
        closed = m.Prospect.objects.filter(pk=prospect.pk, closed_on__isnull=False).exists()
        if deal.lost and not closed and not customer:
            reach_back(prospect, deal.closed_on)
            prospect_close(
                prospect=prospect,
                reason="other",
                on=deal.closed_on,
                note=f"Deal {deal.name!r} lost in the CRM (stage: {deal.stage or 'closed'})",
            )
        entity, entity_id = "prospect", prospect.pk
    # An open deal is remembered only so that notes logged on it find their company.
    ExternalRecord.objects.create(
        workspace=workspace, kind=deal.kind, external_id=deal.ext, entity=entity, entity_id=entity_id
    )


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

    def make_report() -> ImportReport:
        return ImportReport(source=name, dry_run=dry_run, read_as=f"{mapping.label or mapping.kind}, {count}")

    prefix = mapping.name if mapping.name in CRM_PRESETS else ""
    rows = body

    def read(report: ImportReport, plan: ImportPlan) -> None:
        job = _CsvImport(
            workspace=workspace,
            mapping=mapping,
            prefix=prefix,
            today=today,
            ladder=ladder,
            accept_suggestions=accept_suggestions,
            report=report,
            plan=plan,
        )
        handle: Callable[[Row, int], None] = getattr(job, mapping.kind)
        for done, (line, cells) in enumerate(rows, start=1):
            if len(cells) != len(header):
                starts = f"starts at byte offset {offsets[line - 1]} and " if line <= len(offsets) else ""
                report.problem(line, f"{starts}has {len(cells)} columns; the header has {len(header)}")
                continue
            row = _mapped(mapping, dict(zip(header, cells, strict=True)))
            row_checked(report, line, functools.partial(handle, row, line))
            if progress:
                progress(done, len(rows))
        job.notes_read()

    def plan() -> tuple[ImportReport, Callable[[], None]]:
        report = make_report()
        keys = file_keys(mapping, header, rows, prefix)
        plan = ImportPlan(workspace, keys, report)
        read(report, plan)
        return report, plan.apply

    return plan_then_apply(name, plan, rehearse=mapping.kind in WRITTEN_BY_SERVICES)


def file_keys(mapping: Mapping, header: list[str], rows: list[tuple[int, list[str]]], prefix: str) -> set[str]:
    """Every id, domain, name and address in the file: a record added with one of them while the file
    is planned could have changed what a row matches, so the plan is made again."""
    keys: set[str] = set()
    for _, cells in rows:
        row = _mapped(mapping, dict(zip(header, cells, strict=False)))
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
            keys.add(email)
            parts = email_domain(email).split(".")
            keys.update(".".join(parts[i:]) for i in range(len(parts) - 1))
    keys.discard("")
    keys.discard("name:")
    return keys


def _mapped(mapping: Mapping, cells: dict[str, str]) -> Row:
    row: Row = {}
    for field_name, columns in mapping.columns.items():
        for column in columns:
            value = cells.get(column, "").strip()
            if value:
                row[field_name] = value
                break
    return row
