"""Email bodies: what the writer wrote, without headers, quoted replies or the signature."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^(?:from|to|cc|bcc|subject|date|sent|reply-to)\s*:", re.IGNORECASE)
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon))\b[^\n]{0,60}[,!:]?\s*$", re.IGNORECASE)
_QUOTE_START = re.compile(
    r"^\s*(?:>|on\b.{0,200}\bwrote:\s*$|-{2,}\s*(?:original|forwarded) message|_{5,}\s*$"
    r"|(?:from|sent)\s*:.+)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:--\s*|best|best regards|kind regards|warm regards|regards|thanks|thank you|many thanks"
    r"|cheers|sincerely|talk soon|sent from my \w+)[,.!]?\s*$",
    re.IGNORECASE,
)


def _lines(text: str) -> list[tuple[int, str]]:
    offsets, pos = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return offsets


def looks_like_email(text: str) -> bool:
    head = text.lstrip()[:300]
    first = head.split("\n", 1)[0]
    return bool(
        _HEADER.match(first)
        or _GREETING.match(first)
        or re.search(r"^\s*>|\bwrote:\s*$|original message", text, re.IGNORECASE | re.MULTILINE)
    )


def email_body(text: str) -> tuple[int, int]:
    """Offsets of the writer's own words: after headers, before the first quote or signature."""
    lines = _lines(text)
    start, end = 0, len(text)
    index = 0
    while index < len(lines) and (_HEADER.match(lines[index][1]) or not lines[index][1].strip()):
        index += 1
        start = lines[index][0] if index < len(lines) else len(text)
    for offset, line in lines[index + 1 :]:
        if _QUOTE_START.match(line) or _SIGN_OFF.match(line):
            end = offset
            break
    return start, max(start, end)
