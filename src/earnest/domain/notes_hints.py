"""What a weak conversation's notes offer the coach: someone they might bring in, material they
asked for. A salvage ask built on their own words is easier to say yes to than a generic one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding

# "might loop in her boss", "will check with our CFO", "needs to run it by Karen"
_BRING_IN = re.compile(
    r"\b(?:loop(?:ing)? in|check(?:ing)? with|run (?:it|this) (?:by|past)|talk(?:ing)? to|speak(?:ing)? (?:to|with)|"
    r"ask(?:ing)?|mention(?:ing)? it to|show(?:ing)? (?:it|this) to|bring(?:ing)? in|involve|get)\s+"
    r"(?P<who>(?:her|his|their|our|my|the)\s+(?:\w+\s+){0,2}?(?:boss|manager|cfo|ceo|coo|cto|cio|owner|founder|"
    r"director|vp|head of \w+|partner|team|colleague|colleagues|it team|finance team|procurement)"
    r"(?-i:,?\s+[A-Z][a-z]+)?|(?-i:[A-Z][a-z]+)(?=\s*(?:,|\(|from|in|on|at|\.|$)))",
    re.IGNORECASE,
)
_MATERIAL = re.compile(
    r"\b(?:deck|slides?|brochure|one-?pager|pdf|info(?:rmation)?|materials?|case stud(?:y|ies)|pricing sheet|"
    r"proposal|overview|whitepaper|white paper|video|demo link|link)\b",
    re.IGNORECASE,
)
_SEND = re.compile(r"\b(?:send|email|forward|share|shoot|drop)\b", re.IGNORECASE)
_PRONOUN_OF = {"her": "her", "his": "him", "their": "them", "our": "them", "my": "them", "the": "them"}


@dataclass(frozen=True, slots=True)
class NotesHints:
    mentioned: str = ""  # "her boss", "Karen": someone they might bring in
    object_pronoun: str = "them"  # how to refer to that person in the ask
    wants_material: bool = False  # they asked for the deck instead of committing

    @property
    def addressed(self) -> str:
        """The person as we would name them to the prospect: "her boss" becomes "your boss"."""
        first, _, rest = self.mentioned.partition(" ")
        return f"your {rest}" if rest and first.lower() in _PRONOUN_OF else self.mentioned


NO_HINTS = NotesHints()


def hints_from(findings: Iterable[Finding]) -> NotesHints:
    mentioned, pronoun, material = "", "them", False
    for f in findings:
        if f.kind not in ("hedge", "fluff", "compliment", "next_step", "objection"):
            continue
        if not mentioned and (match := _BRING_IN.search(f.text)):
            mentioned = " ".join(match.group("who").split())
            first = mentioned.split()[0].lower()
            pronoun = "her" if first == "her" else "him" if first == "his" else "them"
        if f.kind == "hedge" and _MATERIAL.search(f.text) and _SEND.search(f.text):
            material = True
    return NotesHints(mentioned, pronoun, material)
