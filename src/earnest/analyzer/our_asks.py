"""Where the notes show that we asked for something: "I asked her for an intro", "Asked if they'd
pilot it", or our own question in a transcript ("Could you share one real file?").

An answer of praise to a real ask is a stall, not a neutral chat: knowing the ask was made lets the
ledger read such a meeting as a soft no.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .speakers import regions

_NOTES_ASK = re.compile(
    r"(?:^|[.!?;]\s+|\n\s*[-*•]?\s*)(?:(?:I|we)\s+ask\b|(?:I\s+|we\s+)?(?:asked|proposed|pitched|suggested|offered|requested|"
    r"pushed for|put (?:the|an?) (?:ask|question)|made the ask|floated|raised the idea)\b)[^.!?\n]*",
    re.IGNORECASE,
)
_OUR_QUESTION = re.compile(
    r"[^.!?\n]*\b(?:could you|would you|can you|will you|are you open|would it make sense|shall we|"
    r"how about|what if we|would you be (?:open|willing)|can we|could we|are you up for|would you like|"
    r"do you want|happy to|ok if|okay if|mind if)\b[^.!?\n]*\?"
    # a statement of ours that names the ask: "we're asking for a $2,000 deposit"
    r"|[^.!?\n]*\b(?:(?:we're|we are|I'm|I am) asking (?:for|you)|I'd like to ask|the ask is|my ask is|"
    r"would love (?:it )?if you)\b[^.!?\n]*",
    re.IGNORECASE,
)


def our_asks(text: str, voice: str = "auto", our_speakers: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Spans of `text` where our side asks for something."""
    found = []
    for region in regions(text, voice, our_speakers):
        pattern = _OUR_QUESTION if region.voice == "us" else _NOTES_ASK if region.voice == "notes" else None
        if pattern is not None:
            found += list(pattern.finditer(text, region.start, region.end))
    spans = []
    for match in found:
        start = match.start() + len(match.group()) - len(match.group().lstrip(" .!?;\n-*•"))
        spans.append((start, match.end()))
    return spans
