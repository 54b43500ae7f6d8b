"""A file of companies (accounts, organizations): each row matched to a prospect or planned as a new one,
with its tags (an import adds tags, never removes one)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from earnest.domain.domain_names import domain_name
from earnest.domain.errors import DomainError
from earnest.domain.segments import MAX_TAGS, clean_tags
from earnest.ledger import models as m
from earnest.ledger.derived.audit import diff, snapshot

from .csv_format import Row
from .csv_links import FilePlanner


class ProspectRows(FilePlanner):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tags: defaultdict[tuple[str, int], set[str]] | None = None  # read on the first row with tags

    def row(self, row: Row, line: int) -> None:
        from earnest.ledger.services.prospects import PROSPECT_FIELDS, prospect_fields_clean

        if self.skip_deleted("prospect", row, row.get("name", ""), line):
            return
        ext = self.ext(row.get("external_id", ""))
        # The rule the service applies, here so the row's problem quotes the cell as the file has it.
        domain = domain_name(row.get("domain") or row.get("website", ""))
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
            cleaned = prospect_fields_clean(
                self.workspace, ladders=self.ladder_keys(), stored_domain=before["domain"], **{**before, **changes}
            )
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
