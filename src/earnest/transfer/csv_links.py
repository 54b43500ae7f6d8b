"""What a CSV row links to: the company behind a contact, a deal or a note, found by its CRM's link.

`FilePlanner` is what the planners of each kind of file share (`csv_prospects`, `csv_contacts`,
`csv_deals`, `csv_notes`): the workspace's records as read when planning began, the plan, the
report, and the links. A link to a company earnest does not hold is a problem on that row, never
a reason to invent a prospect.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from earnest.domain.errors import DomainError
from earnest.ledger import models as m
from earnest.ledger.reads.selectors import workspace_ladders

from .bulk import ImportPlan
from .crm_presets import Mapping
from .csv_format import TRUE, Row, parse_day, split_ids
from .matching import FREE_MAIL, ProspectIndex, email_domain, emails_in, salesforce_15
from .models import ExternalRecord
from .report import ImportReport

Record = TypeVar("Record")


class UnmatchedLink(DomainError):
    """A row's link names a record earnest does not hold."""

    def __init__(self, message: str, *, to_company: bool):
        super().__init__(message)
        self.to_company = to_company


class FilePlanner:
    """Plans one file's rows, one `row` call each, in the file's order; `finish` after the last."""

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
        # built on first use: the tables a file links to do not change while it is read
        self.short_ids: dict[int, dict[str, Any]] = {}

    def row(self, row: Row, line: int) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last row: whatever the planner keeps for a batch is planned now."""

    def ext(self, value: str) -> str:
        return f"{self.prefix}:{value}" if value and self.prefix else value

    def day(self, row: Row, field: str) -> date | None:
        return parse_day(row[field], field.replace("_", " ")) if row.get(field) else None

    def skip_deleted(self, kind: str, row: Row, label: str, line: int) -> bool:
        if row.get("deleted", "").lower() in TRUE:
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
