"""Finding the prospect an outside record belongs to: by external id, email, domain or name."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from email.utils import getaddresses

from earnest.domain import duplicates
from earnest.domain.domain_names import domain_key as clean_domain
from earnest.ledger import models as m
from earnest.ledger.reads.duplicates import contact_matches, prospect_matches

# The reads that say whether a prospect or a contact already exists, for importers and forms alike.
__all__ = [
    "FREE_MAIL",
    "ProspectIndex",
    "address_keys",
    "addresses",
    "clean_domain",
    "contact_matches",
    "email_domain",
    "emails_in",
    "name_key",
    "prospect_matches",
    "salesforce_15",
]

# An import compares each name several times (the file's keys, the match, the index); 64k names of memory.
name_key = functools.lru_cache(maxsize=65_536)(duplicates.name_key)

# Addresses at these domains say nothing about which company a person works for.
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "yandex.ru",
        "mail.ru",
        "zoho.com",
        "fastmail.com",
        "hey.com",
    }
)


def email_domain(address: str) -> str:
    _, _, domain = address.strip().lower().rpartition("@")
    return domain.strip(">. ")


def address_keys(email: str) -> set[str]:
    """An address and every domain `ProspectIndex.for_domain` tries for it (mail.acme.example, acme.example)."""
    parts = email_domain(email).split(".")
    return {email, *(".".join(parts[i:]) for i in range(len(parts) - 1))}


def salesforce_15(ext: str) -> str:
    """'salesforce:001…(18)' -> its first 15 characters: Salesforce reports write ids without the case checksum."""
    prefix, _, value = ext.rpartition(":")
    return f"{prefix}:{value[:15]}" if len(value) == 18 and value.isalnum() else ext


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def emails_in(text: str) -> list[str]:
    """Every address in free text such as 'Priya Raman (priya@acme.example); tom@x.example'."""
    return list(dict.fromkeys(e.lower() for e in _EMAIL.findall(text)))


# One plain address and nothing else, which the header parser would return as it is: most CSV cells.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def addresses(*headers: str) -> list[str]:
    """Email addresses from header values such as 'Priya <priya@acme.example>, bob@x.example'."""
    if len(headers) == 1 and _PLAIN_ADDRESS.fullmatch(headers[0]):
        return [headers[0].lower()]  # what the parser below returns for it, at a tenth of the cost
    found = [addr.lower() for _, addr in getaddresses(list(headers)) if "@" in addr]
    return list(dict.fromkeys(found))


class ProspectIndex:
    """The workspace's prospects and contacts, loaded once, kept current as an import adds rows."""

    def __init__(self, workspace: m.Workspace):
        self.workspace = workspace
        self.by_external: dict[str, m.Prospect] = {}
        self.by_domain: dict[str, list[m.Prospect]] = defaultdict(list)
        self.by_name: dict[str, list[m.Prospect]] = defaultdict(list)
        self.contacts_by_email: dict[str, m.Contact] = {}
        self.contacts_by_external: dict[str, m.Contact] = {}
        for p in m.Prospect.objects.filter(workspace=workspace):
            self.add_prospect(p)
        for c in m.Contact.objects.filter(workspace=workspace).select_related("prospect"):
            self.add_contact(c)

    def add_prospect(self, p: m.Prospect) -> None:
        if p.external_id:
            self.by_external[p.external_id] = p
        if p.domain:
            self.by_domain[p.domain].append(p)
        self.by_name[name_key(p.name)].append(p)

    def add_contact(self, c: m.Contact) -> None:
        if c.email:
            self.contacts_by_email.setdefault(c.email.lower(), c)
        if c.external_id:
            self.contacts_by_external[c.external_id] = c

    def find(self, *, external_id: str = "", domain: str = "", name: str = "") -> m.Prospect | None:
        """The prospect these point to, in order of trust: external id, domain, then the name as
        `domain.duplicates` compares names ("Orbit Freight, Inc." is "orbit freight"). None when
        nothing matches. When several already match (duplicates made before), the oldest is the one:
        an import matches a record rather than adding yet another copy."""
        if external_id and external_id in self.by_external:
            return self.by_external[external_id]
        key = name_key(name) if name else ""
        for candidates in (
            self.by_domain.get(clean_domain(domain)) if domain else None,
            self.by_name.get(key) if key else None,
        ):
            if candidates:
                # the oldest; one an import has planned but not yet written (no id) comes after all others
                return min(candidates, key=lambda p: (p.pk is None, p.pk or 0))
        return None

    def for_domain(self, domain: str) -> list[m.Prospect]:
        """Prospects at this domain or a parent of it (mail.acme.example is acme.example)."""
        parts = domain.split(".")
        for i in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[i:]))
            if found:
                return found
        return []

    def match_emails(self, emails: list[str]) -> tuple[m.Prospect | None, list[m.Contact], str]:
        """The prospect behind these addresses, its known contacts, and why none matched."""
        contacts = [self.contacts_by_email[e] for e in emails if e in self.contacts_by_email]
        prospects = {c.prospect_id: c.prospect for c in contacts}
        if not prospects:
            for e in emails:
                domain = email_domain(e)
                if domain and domain not in FREE_MAIL:
                    prospects.update((p.pk, p) for p in self.for_domain(domain))
        if len(prospects) == 1:
            (prospect,) = prospects.values()
            return prospect, [c for c in contacts if c.prospect_id == prospect.pk], ""
        if not prospects:
            return (
                None,
                [],
                "no prospect has the domain of " + (", ".join(emails) or "anyone invited"),
            )
        names = ", ".join(sorted(p.name for p in prospects.values()))
        return None, [], f"the addresses match several prospects ({names})"
