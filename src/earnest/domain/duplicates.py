"""When two records name the same company or the same person.

Two prospects are the same company when their names match once case, spacing, punctuation and
a legal suffix ("Inc.", "GmbH") are set aside, or when they share a domain. Two contacts are the
same person when they share an email address, or have the same name at the same prospect.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .domain_names import domain_key
from .errors import DomainError

__all__ = ["DuplicateFound", "Match", "domain_key", "name_key"]

_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "plc",
    "co",
    "corp",
    "corporation",
    "company",
    "oy",
    "ab",
    "as",
    "srl",
    "spa",
    "pty",
    "kk",
}


def name_key(name: str) -> str:
    """'  Orbit Freight, Inc. ' and 'orbit-freight' -> 'orbit freight'."""
    text = unicodedata.normalize("NFKD", name).casefold()
    words = re.findall(r"\w+", "".join(ch for ch in text if not unicodedata.combining(ch)))
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Match:
    """An existing record that the new one seems to repeat, and why."""

    id: int
    name: str
    why: str


class DuplicateFound(DomainError):
    """Adding this would repeat an existing record; `matches` names it (them) so it can be opened."""

    def __init__(self, what: str, matches: list[Match]) -> None:
        self.what = what
        self.matches = matches
        listed = "; ".join(f"{m.name} (id {m.id}, {m.why})" for m in matches)
        super().__init__(f"this {what} may already exist: {listed}")
