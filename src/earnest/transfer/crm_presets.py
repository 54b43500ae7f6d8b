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
    "prospects": ("external_id", "name", "domain", "website", "owner", "created", "tags", "notes", "deleted"),
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
        "deleted",
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
        "deleted",
    ),
    "notes": (
        "external_id",
        "title",
        "body",
        "date",
        "company",
        "company_external_id",
        "parent_external_id",
        "contact_external_id",
        "deal_external_id",
        "contact_email",
        "done",
        "deleted",
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
    label: str = ""  # what the file was read as: "Salesforce accounts", "Pipedrive persons"

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


# HubSpot (CRM > export, "all properties", with associations): property labels as headers.
# Current exports name the primary association "Associated Company IDs (Primary)" and
# list every associated record, ";"-separated, in "Associated Company IDs"; the primary
# one comes first here, so a contact of two companies is filed under its primary one.
_HUBSPOT_COMPANY_ID = (
    "Associated Company IDs (Primary)",
    "Associated Company ID (Primary)",
    "Associated Company IDs",
    "Associated Company ID",
)
_HUBSPOT_COMPANY = (
    "Associated Company (Primary)",
    "Associated Company Name (Primary)",
    "Associated Company Names (Primary)",
    "Associated Company",
    "Associated Companies",
)
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
        "company": _HUBSPOT_COMPANY,
        "company_external_id": _HUBSPOT_COMPANY_ID,
    },
    "deals": {
        "external_id": ("Record ID", "Deal ID"),
        "name": ("Deal Name",),
        "stage": ("Deal Stage",),
        "won": ("Is Closed Won",),
        "closed": ("Is Deal Closed?", "Is Closed"),
        "amount": ("Amount", "Amount in company currency"),
        "close_date": ("Close Date",),
        "created": ("Create Date",),
        "company": _HUBSPOT_COMPANY,
        "company_external_id": _HUBSPOT_COMPANY_ID,
    },
    "notes": {
        "external_id": ("Record ID", "Activity ID"),
        "body": ("Note body", "Body"),
        "date": ("Activity date", "Create Date"),
        "company": _HUBSPOT_COMPANY,
        "company_external_id": _HUBSPOT_COMPANY_ID,
        "contact_external_id": ("Associated Contact IDs (Primary)", "Associated Contact IDs"),
        "deal_external_id": ("Associated Deal IDs (Primary)", "Associated Deal IDs"),
        "contact_email": ("Associated Contact", "Associated Contacts", "Associated Contact (Primary)"),
    },
}
# Pipedrive writes "Entity - Field" headers when an export mixes objects (a deal with its
# organization's fields) and plain ones ("ID", "Content", "Organization ID") when it does
# not, as its notes export does; both forms are listed, the prefixed one first.
_PIPEDRIVE: dict[str, Columns] = {
    "prospects": {
        "external_id": ("Organization - ID", "ID"),
        "name": ("Organization - Name", "Name"),
        "website": ("Organization - Website", "Website"),
        "owner": ("Organization - Owner", "Owner"),
        "created": (
            "Organization - Organization created",
            "Organization - Add time",
            "Organization created",
            "Add time",
        ),
    },
    "contacts": {
        "external_id": ("Person - ID", "ID"),
        "name": ("Person - Name", "Name"),
        "first_name": ("Person - First name", "First name"),
        "last_name": ("Person - Last name", "Last name"),
        "email": (
            "Person - Email - Work",
            "Person - Email",
            "Person - Email - Other",
            "Person - Email - Home",
            "Email - Work",
            "Email",
            "Email - Other",
            "Email - Home",
        ),
        "title": ("Person - Job title", "Job title"),
        "company": ("Person - Organization", "Organization - Name", "Organization"),
        "company_external_id": ("Organization - ID", "Person - Organization ID", "Organization ID"),
    },
    "deals": {
        "external_id": ("Deal - ID", "ID"),
        "name": ("Deal - Title", "Title"),
        "stage": ("Deal - Status", "Status", "Deal - Stage", "Stage"),
        "amount": ("Deal - Value", "Value"),
        "close_date": (
            "Deal - Won time",
            "Deal - Lost time",
            "Deal - Deal closed on",
            "Deal - Expected close date",
            "Won time",
            "Lost time",
            "Deal closed on",
            "Expected close date",
        ),
        "created": ("Deal - Deal created", "Deal - Add time", "Deal created", "Add time"),
        "company": ("Deal - Organization", "Organization - Name", "Organization"),
        "company_external_id": ("Organization - ID", "Deal - Organization ID", "Organization ID"),
    },
    "notes": {
        "external_id": ("Note - ID", "ID"),
        "body": ("Note - Content", "Content"),
        "date": ("Note - Add time", "Note - Date", "Add time"),
        "company": ("Note - Organization", "Organization - Name", "Organization"),
        "company_external_id": ("Organization - ID", "Note - Organization ID", "Organization ID"),
        "contact_external_id": ("Person - ID", "Person ID"),
        "deal_external_id": ("Deal - ID", "Deal ID"),
        "contact_email": ("Person - Email - Work", "Person - Email"),
    },
}
# Salesforce's weekly Data Export writes one file per object with API field names (Id,
# AccountId, StageName); report exports use labels ("Account ID", "Stage"), listed second.
# Notes come from Note.csv (ParentId: the account, contact or opportunity) and from
# Task.csv and Event.csv (WhatId, WhoId, and AccountId, which Salesforce fills in).
_SALESFORCE: dict[str, Columns] = {
    "prospects": {
        "external_id": ("Id", "Account ID"),
        "name": ("Name", "Account Name"),
        "website": ("Website",),
        "owner": ("OwnerId", "Account Owner"),
        "created": ("CreatedDate", "Created Date"),
        "notes": ("Description",),
        "deleted": ("IsDeleted",),
    },
    "contacts": {
        "external_id": ("Id", "Contact ID"),
        "name": ("Name", "Full Name"),
        "first_name": ("FirstName", "First Name"),
        "last_name": ("LastName", "Last Name"),
        "email": ("Email",),
        "title": ("Title",),
        "company": ("Account Name", "Account.Name"),
        "company_external_id": ("AccountId", "Account ID"),
        "deleted": ("IsDeleted",),
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
        "deleted": ("IsDeleted",),
    },
    "notes": {
        "external_id": ("Id", "Activity ID"),
        "title": ("Title", "Subject"),
        "body": ("Body", "Description", "Comments", "Full Comments"),
        # when it happened: a task's completion, an event's start, else its day or creation
        "date": (
            "CompletedDateTime",
            "StartDateTime",
            "ActivityDateTime",
            "ActivityDate",
            "CreatedDate",
            "Date",
            "Created Date",
        ),
        "company": ("Account Name", "Company / Account"),
        "company_external_id": ("AccountId", "Account ID"),
        "parent_external_id": ("ParentId", "WhatId"),
        "contact_external_id": ("WhoId",),
        "done": ("IsClosed",),
        "deleted": ("IsDeleted",),
    },
}
_GENERIC: dict[str, Columns] = {kind: {f: (f,) for f in fields} for kind, fields in FIELDS.items()}

PRESETS: dict[str, dict[str, Columns]] = {
    "hubspot": _HUBSPOT,
    "pipedrive": _PIPEDRIVE,
    "salesforce": _SALESFORCE,
    "generic": _GENERIC,
}
PRESET_NAMES = {"hubspot": "HubSpot", "pipedrive": "Pipedrive", "salesforce": "Salesforce", "generic": "generic"}

# What each CRM calls the objects of each kind, for "read as: Salesforce accounts".
OBJECT_NAMES: dict[str, dict[str, str]] = {
    "hubspot": {"prospects": "companies", "contacts": "contacts", "deals": "deals", "notes": "notes"},
    "pipedrive": {"prospects": "organizations", "contacts": "persons", "deals": "deals", "notes": "notes"},
    "salesforce": {"prospects": "accounts", "contacts": "contacts", "deals": "opportunities", "notes": "notes"},
    "generic": {kind: kind for kind in KINDS},
}

# How to tell one export of a CRM from another: each object by fields that only that
# object has, never by a field it shares with another object (Salesforce's ParentId is
# on Account and on Note; "Description" is on every object). Files that carry a related
# object's columns (a Pipedrive deal with "Person - Name") are read as the object that
# comes first here, so children come before their parents.
_SIGNATURES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "hubspot": (
        ("notes", "notes", ("Note body",)),
        ("deals", "deals", ("Deal Name", "Deal Stage", "Is Closed Won")),
        ("contacts", "contacts", ("First Name", "Last Name", "Email", "Job Title")),
        ("prospects", "companies", ("Company name", "Company Domain Name", "Company owner", "Number of Employees")),
    ),
    "pipedrive": (
        ("notes", "notes", ("Note - Content", "Content")),
        ("deals", "deals", ("Deal - Title", "Deal - Value", "Title", "Won time", "Lost time")),
        (
            "contacts",
            "persons",
            ("Person - Name", "Person - Email", "First name", "Last name", "Email", "Organization"),
        ),
        ("prospects", "organizations", ("Organization - Name", "Organization created", "People", "Name")),
    ),
    "salesforce": (
        ("notes", "notes", ("Body",)),
        ("notes", "events", ("StartDateTime", "EndDateTime", "DurationInMinutes", "IsAllDayEvent", "EventSubtype")),
        ("notes", "tasks", ("TaskSubtype", "WhoId", "WhatId", "CompletedDateTime", "CallType")),
        ("deals", "opportunities", ("StageName", "IsWon", "ForecastCategory", "Opportunity Name", "Stage")),
        ("contacts", "contacts", ("LastName", "FirstName", "ReportsToId", "Last Name", "First Name")),
        (
            "prospects",
            "accounts",
            ("BillingCity", "BillingCountry", "AccountNumber", "NumberOfEmployees", "Account Name", "Name"),
        ),
    ),
    "generic": (
        ("notes", "notes", ("body",)),
        ("deals", "deals", ("stage", "won")),
        ("contacts", "contacts", ("email", "first_name", "last_name", "company")),
        ("prospects", "prospects", ("name",)),
    ),
}


def preset_mapping(preset: str, kind: str | None, headers: list[str]) -> Mapping:
    """The preset's mapping for this file; the kind is read from the headers when not given."""
    if preset not in PRESETS:
        raise DomainError(f"no preset {preset!r}; presets: {', '.join(PRESETS)}")
    if kind is None:
        kind, objects = detect_kind(preset, headers)
    elif kind in KINDS:
        objects = OBJECT_NAMES[preset][kind]
    else:
        raise DomainError(f"kind {kind!r} is not one of: {', '.join(KINDS)}")
    return Mapping(preset, kind, PRESETS[preset][kind], label=f"{PRESET_NAMES[preset]} {objects}")


def detect_kind(preset: str, headers: list[str]) -> tuple[str, str]:
    """The kind of records this file holds, and what the CRM calls them."""
    present = set(headers)
    for kind, objects, columns in _SIGNATURES[preset]:
        if present & set(columns):
            return kind, objects
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
    return Mapping(name, kind, columns, label=f"mapping {name} ({kind})")
