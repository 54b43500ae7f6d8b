"""Segments: the tags a founder puts on prospects to say which kind of customer each one is.

A tag is a short label ("logistics", "series-a"). Tags are compared as written here, so
"Logistics ", "logistics" and "LOGISTICS" are one segment, and a space becomes a dash,
which keeps a tag one word on a command line and in a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import DomainError

MAX_TAG = 50
MAX_TAGS = 20  # per prospect: a segment that everything belongs to says nothing
_ALLOWED = re.compile(r"^[\w][\w\-.+&/]*$")
# How several tags are written in one cell or field: "logistics, eu; series-a".
_SEPARATORS = re.compile(r"[,;|]")


def clean_tag(text: str) -> str:
    """One tag in its stored form, or a DomainError that says what is wrong with it."""
    tag = "-".join(str(text).split()).casefold()
    if not tag:
        raise DomainError("a tag cannot be empty")
    if len(tag) > MAX_TAG:
        raise DomainError(f"tag {tag[:20]!r}… is too long ({len(tag)} characters; at most {MAX_TAG})")
    if not _ALLOWED.match(tag):
        raise DomainError(
            f"tag {text!r} may hold letters, digits and - _ . + & / only, and starts with a letter or a digit"
        )
    return tag


def clean_tags(values: Iterable[str]) -> list[str]:
    """Tags from what a person typed (each value may hold several, split by commas), without repeats."""
    tags: list[str] = []
    for value in values:
        for part in _SEPARATORS.split(str(value)):
            if part.strip():
                tag = clean_tag(part)
                if tag not in tags:
                    tags.append(tag)
    return tags
