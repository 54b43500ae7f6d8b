"""Column mappings for CRM export files: HubSpot, Pipedrive and Salesforce, and your own.

A mapping names, for each earnest field, the CSV columns that may hold it, in order
of preference; a row takes the first of them that is present and not empty. The
column names are those the CRMs write in their CSV exports (HubSpot's property
labels, Pipedrive's "Entity - Field" headers, Salesforce's Data Export API names,
with the labels of Salesforce report exports as alternatives).
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass

from earnest.domain.errors import DomainError

KINDS = ("prospects", "contacts", "deals", "notes")

FIELDS: dict[str, tuple[str, ...]] = {
    "prospects": ("external_id", "name", "domain", "website", "owner", "created", "tags", "notes"),
    "contacts": (
        "external_id",
        "name",
        "first_name",
        "last_name",
        "email",
        "title",
        "role",
        "company",
        "company_external_id",
    ),
    "deals": (
        "external_id",
        "name",
        "stage",
        "won",
        "closed",
        "amount",
        "close_date",
        "created",
        "company",
        "company_external_id",
    ),
    "notes": (
        "external_id",
        "title",
        "body",
        "date",
        "company",
        "company_external_id",
        "contact_email",
    ),
}
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "prospects": (("name",),),
    "contacts": (("name", "first_name", "last_name", "email"),),
    "deals": (("name",), ("stage", "won")),
    "notes": (("body",), ("date",)),
}

Columns = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Mapping:
    name: str
    kind: str
    columns: Columns

    def missing(self, headers: list[str]) -> list[str]:
        """Required fields that no column of this file provides."""
        present = set(headers)
        return [
            " or ".join(group)
            for group in REQUIRED[self.kind]
            if not any(c in present for f in group for c in self.columns.get(f, ()))
        ]

    def as_data(self) -> dict[str, object]:
        return {"kind": self.kind, "columns": {f: list(c) for f, c in self.columns.items()}}


_HUBSPOT: dict[str, Columns] = {
    "prospects": {
        "external_id": ("Record ID", "Company ID"),
        "name": ("Company name", "Name"),
        "domain": ("Company Domain Name",),
        "website": ("Website URL",),
        "owner": ("Company owner",),
        "created": ("Create Date",),
        "notes": ("Description", "About Us"),
    },
    "contacts": {
        "external_id": ("Record ID", "Contact ID"),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "email": ("Email",),
        "title": ("Job Title",),
        "company": ("Associated Company", "Company Name"),
        "company_external_id": ("Associated Company IDs", "Associated Company ID"),
    },
    "deals": {
        "external_id": ("Record ID", "Deal ID"),
        "name": ("Deal Name",),
        "stage": ("Deal Stage",),
        "amount": ("Amount",),
        "close_date": ("Close Date",),
        "created": ("Create Date",),
        "company": ("Associated Company",),
        "company_external_id": ("Associated Company IDs", "Associated Company ID"),
    },
    "notes": {
        "external_id": ("Record ID", "Activity ID"),
        "body": ("Note body", "Body"),
        "date": ("Activity date", "Create Date"),
        "company": ("Associated Company",),
        "company_external_id": ("Associated Company IDs", "Associated Company ID"),
        "contact_email": ("Associated Contact", "Associated Contacts"),
    },
}
_PIPEDRIVE: dict[str, Columns] = {
    "prospects": {
        "external_id": ("Organization - ID",),
        "name": ("Organization - Name",),
        "website": ("Organization - Website",),
        "owner": ("Organization - Owner",),
        "created": ("Organization - Organization created", "Organization - Add time"),
    },
    "contacts": {
        "external_id": ("Person - ID",),
        "name": ("Person - Name",),
        "first_name": ("Person - First name",),
        "last_name": ("Person - Last name",),
        "email": (
            "Person - Email - Work",
            "Person - Email",
            "Person - Email - Other",
            "Person - Email - Home",
        ),
        "title": ("Person - Job title",),
        "company": ("Person - Organization",),
        "company_external_id": ("Organization - ID",),
    },
    "deals": {
        "external_id": ("Deal - ID",),
        "name": ("Deal - Title",),
        "stage": ("Deal - Status", "Deal - Stage"),
        "amount": ("Deal - Value",),
        "close_date": (
            "Deal - Won time",
            "Deal - Lost time",
            "Deal - Deal closed on",
            "Deal - Expected close date",
        ),
        "created": ("Deal - Deal created", "Deal - Add time"),
        "company": ("Deal - Organization", "Organization - Name"),
        "company_external_id": ("Organization - ID",),
    },
    "notes": {
        "external_id": ("Note - ID",),
        "body": ("Note - Content",),
        "date": ("Note - Add time", "Note - Date"),
        "company": ("Note - Organization", "Organization - Name"),
        "company_external_id": ("Organization - ID",),
        "contact_email": ("Person - Email - Work", "Person - Email"),
    },
}
_SALESFORCE: dict[str, Columns] = {
    "prospects": {
        "external_id": ("Id", "Account ID"),
        "name": ("Name", "Account Name"),
        "website": ("Website",),
        "owner": ("OwnerId", "Account Owner"),
        "created": ("CreatedDate", "Created Date"),
        "notes": ("Description",),
    },
    "contacts": {
        "external_id": ("Id", "Contact ID"),
        "first_name": ("FirstName", "First Name"),
        "last_name": ("LastName", "Last Name"),
        "email": ("Email",),
        "title": ("Title",),
        "company": ("Account Name", "Account.Name"),
        "company_external_id": ("AccountId", "Account ID"),
    },
    "deals": {
        "external_id": ("Id", "Opportunity ID"),
        "name": ("Name", "Opportunity Name"),
        "stage": ("StageName", "Stage"),
        "won": ("IsWon", "Won"),
        "closed": ("IsClosed", "Closed"),
        "amount": ("Amount",),
        "close_date": ("CloseDate", "Close Date"),
        "created": ("CreatedDate", "Created Date"),
        "company": ("Account Name", "Account.Name"),
        "company_external_id": ("AccountId", "Account ID"),
    },
    "notes": {
        "external_id": ("Id",),
        "title": ("Title", "Subject"),
        "body": ("Body", "Description", "Comments"),
        "date": ("ActivityDate", "CreatedDate", "Created Date"),
        "company_external_id": ("ParentId", "AccountId", "WhatId"),
    },
}
_GENERIC: dict[str, Columns] = {kind: {f: (f,) for f in fields} for kind, fields in FIELDS.items()}

PRESETS: dict[str, dict[str, Columns]] = {
    "hubspot": _HUBSPOT,
    "pipedrive": _PIPEDRIVE,
    "salesforce": _SALESFORCE,
    "generic": _GENERIC,
}

# The columns that tell one export of a CRM from another, checked in this order.
_SIGNATURES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "hubspot": (
        ("notes", ("Note body",)),
        ("deals", ("Deal Name", "Deal Stage")),
        ("contacts", ("First Name", "Last Name", "Email")),
        ("prospects", ("Company name", "Company Domain Name")),
    ),
    "pipedrive": (
        ("notes", ("Note - Content",)),
        ("deals", ("Deal - Title",)),
        ("contacts", ("Person - Name",)),
        ("prospects", ("Organization - Name",)),
    ),
    "salesforce": (
        ("notes", ("Body", "ParentId", "WhatId")),
        ("deals", ("StageName", "Stage", "Opportunity Name")),
        ("contacts", ("LastName", "Last Name", "FirstName")),
        ("prospects", ("Name", "Account Name", "Website")),
    ),
    "generic": (
        ("notes", ("body",)),
        ("deals", ("stage", "won")),
        ("contacts", ("email", "first_name", "last_name", "company")),
        ("prospects", ("name",)),
    ),
}


def preset_mapping(preset: str, kind: str | None, headers: list[str]) -> Mapping:
    """The preset's mapping for this file; the kind is read from the headers when not given."""
    if preset not in PRESETS:
        raise DomainError(f"no preset {preset!r}; presets: {', '.join(PRESETS)}")
    if kind is None:
        kind = detect_kind(preset, headers)
    if kind not in KINDS:
        raise DomainError(f"kind {kind!r} is not one of: {', '.join(KINDS)}")
    return Mapping(preset, kind, PRESETS[preset][kind])


def detect_kind(preset: str, headers: list[str]) -> str:
    present = set(headers)
    for kind, columns in _SIGNATURES[preset]:
        if present & set(columns):
            return kind
    raise DomainError(
        f"cannot tell what this {preset} file holds from its columns "
        f"({', '.join(headers[:8]) or 'none'}); name it with --kind ({', '.join(KINDS)})"
    )


def mapping_from_data(name: str, data: object) -> Mapping:
    """Check a user's mapping: {"kind": "contacts", "columns": {"email": ["E-mail"], ...}}."""
    if not isinstance(data, MappingABC):
        raise DomainError(f"mapping {name!r}: expected an object with 'kind' and 'columns'")
    kind = data.get("kind")
    if kind not in KINDS:
        raise DomainError(f"mapping {name!r}: kind must be one of {', '.join(KINDS)}")
    raw = data.get("columns")
    if not isinstance(raw, MappingABC) or not raw:
        raise DomainError(f"mapping {name!r}: 'columns' must map fields to column names")
    columns: Columns = {}
    for field_name, value in raw.items():
        if field_name not in FIELDS[kind]:
            raise DomainError(
                f"mapping {name!r}: {kind} have no field {field_name!r}; fields: {', '.join(FIELDS[kind])}"
            )
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            raise DomainError(f"mapping {name!r}: {field_name!r} needs a column name or a list of them")
        columns[field_name] = tuple(names)
    for group in REQUIRED[kind]:
        if not any(f in columns for f in group):
            raise DomainError(f"mapping {name!r}: {kind} need a column for {' or '.join(group)}")
    return Mapping(name, kind, columns)
