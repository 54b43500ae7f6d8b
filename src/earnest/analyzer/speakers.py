"""Who is speaking: our side or the prospect's, in transcripts, emails and third-person notes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .emails import email_body, looks_like_email

Voice = Literal["us", "prospect", "notes"]
Actor = Literal["us", "prospect", "joint"]

_LABEL = re.compile(
    r"^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*)?"
    r"(?P<label>(?:(?:Mr|Ms|Mrs|Dr|Prof)\.? )?[A-Za-z][\w'\-]{0,19}(?: [A-Za-z][\w'\-]{0,19}){0,2})[ \t]*"
    # the tag may carry a title and a company: "Fatima (Head of Ops, Qamar Pharmacy Group):"
    r"(?:\((?P<tag>[^)\n]{1,80})\))?[ \t]*:[ \t]+(?=\S)"
)
OUR_LABELS = frozenset(
    {
        "me",
        "us",
        "we",
        "i",
        "rep",
        "sales",
        "seller",
        "salesperson",
        "ae",
        "sdr",
        "bdr",
        "founder",
        "interviewer",
        "host",
        "persuader",
        "vendor",
        "agent",
        "our side",
        "on our side",
        "nous",
        "ours",
        "q",
    }
)
# Labels only the prospect's side goes by: whoever answers the phone at their front desk, and the
# buyer named by their part. A call a receptionist opens is still theirs (not "the seller opens").
THEIR_LABELS = frozenset(
    {
        "receptionist",
        "reception",
        "front desk",
        "recepción",
        "recepcion",
        "recepcionista",
        "réception",
        "empfang",
        "rezeption",
        "switchboard",
        "operator",
        "secretary",
        "customer",
        "client",
        "prospect",
        "buyer",
    }
)
NOT_SPEAKERS = frozenset(
    {
        "note",
        "notes",
        "next",
        "next step",
        "next steps",
        "action items",
        "summary",
        "attendees",
        # rosters of who was there, whatever the language
        "present",
        "participants",
        "in attendance",
        "apologies",
        "presenti",
        "anwesend",
        "présents",
        # "Speakers: Dana, Kate Sullivan (GM)", "On the call: ...": a roster heading, never a speaker
        "presentes",
        "asistentes",
        "partecipanti",
        "participantes",
        "teilnehmer",
        "aanwezig",
        "speakers",
        "on the call",
        "on the line",
        "on call",
        "attending",
        "guests",
        "members",
        "with",
        "contacts",
        "present from client",
        "from us",
        "for us",
        "for them",
        "who",
        "who was there",
        "who was on",
        "contact",
        "people",
        "persons",
        "ppl",
        "them",
        "their side",
        "on their side",
        "côté client",
        "call",
        "meeting",
        "mtg",
        "visit",
        "agenda",
        "subject",
        "re",
        "to",
        "from",
        "cc",
        "bcc",
        "date",
        "sent",
        "budget",
        "problem",
        "pros",
        "cons",
        "outcome",
        "status",
        "todo",
        "http",
        "https",
        "fyi",
        "ps",
        "p.s",
        "update",
        "decision",
        "pricing",
        "timeline",
        "owner",
        "result",
        "results",
        "context",
        "follow-up",
    }
)


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    voice: Voice


def _speaker_lines(text: str) -> list[tuple[int, int, int, str]]:
    """(line start, content start, line end, label) for lines that open with a speaker label."""
    found, pos = [], 0
    for line in text.splitlines(keepends=True):
        match = _LABEL.match(line)
        if match and match.group("label").strip().lower() not in NOT_SPEAKERS:
            label = match.group("label").strip().lower()
            tag = (match.group("tag") or "").strip().lower()
            found.append((pos, pos + match.end(), pos + len(line), f"{label}|{tag}"))
        pos += len(line)
    return found


def _ours(label: str, our_speakers: frozenset[str]) -> bool:
    name, tag = label.split("|")
    return name in OUR_LABELS or tag in OUR_LABELS or name in our_speakers


def _a_dialogue(text: str, labels: Sequence[str], our_speakers: frozenset[str]) -> bool:
    """Labels are speakers when one of them is us or someone speaks twice; labels that each open
    one line and none of them ours are a note's headings."""
    names = [label.split("|")[0] for label in labels]
    if len(set(names)) < len(names):
        return True
    return any(_ours(label, our_speakers) or _marked_as_us(text, label) for label in labels)


_HONORIFIC_WORDS = frozenset({"mr", "ms", "mrs", "dr", "prof"})


def _first_name(name: str) -> str:
    """ "Keisha Grant" -> "keisha", "Dr. Reyes" -> "reyes": the word a speaker label and a
    person's name share."""
    words = [w.rstrip(".").lower() for w in name.split("|")[0].split()]
    return next((w for w in words if w not in _HONORIFIC_WORDS), "")


def _marked_as_us(text: str, label: str) -> bool:
    """ "Present: ..., Jordan (SC, us)": the roster says who is on our side."""
    name = re.escape(_first_name(label))
    return re.search(rf"(?i)\b{name}\b[^\n(:]{{0,20}}\([^)\n]*\b(?:us|ours|our side|me)\)", text) is not None


def _introduced_with_a_title(text: str, labels: Sequence[str]) -> set[str]:
    from .people import find_people  # people need no speakers, so importing here makes no cycle

    named = {_first_name(p.name) for p in find_people(text)}
    return {label for label in labels if _first_name(label) in named}


def _transcript(text: str, labelled: Sequence[tuple[int, int, int, str]], our_speakers: frozenset[str]) -> list[Region]:
    names = [label for *_, label in labelled]
    ours = {n for n in names if _ours(n, our_speakers) or _marked_as_us(text, n)}
    if not ours and len(set(names)) > 1:
        # nobody marked as us: someone introduced with a title ("Keisha Grant (Senior Payroll
        # Analyst, ...)") is theirs; else the seller usually opens the call
        theirs = _introduced_with_a_title(text, names) | {n for n in names if n.split("|")[0] in THEIR_LABELS}
        rest = [n for n in dict.fromkeys(names) if n not in theirs]
        ours = {rest[0] if theirs and rest else names[0]}
    regions = []
    for i, (_, content, line_end, label) in enumerate(labelled):
        end = labelled[i + 1][0] if i + 1 < len(labelled) else len(text)
        # a lone field ("Seller: Alma Oil Co.") speaks for its line only; a turn ends at a blank
        # line, and what follows before the next speaker is the writer's own note
        turn_end = line_end if len(labelled) == 1 else _blank_line(text, content, end)
        regions.append(Region(content, turn_end, "us" if label in ours else "prospect"))
        if text[turn_end:end].strip():
            regions.append(Region(turn_end, end, "notes"))
    return regions


def _blank_line(text: str, start: int, end: int) -> int:
    at = text.find("\n\n", start, end)
    return end if at < 0 else at + 1


def regions(text: str, voice: str = "auto", our_speakers: Iterable[str] = ()) -> list[Region]:
    """Stretches of `text` spoken in one voice; quoted email replies and signatures left out."""
    return list(_regions(text, voice, frozenset(s.lower() for s in our_speakers)))


# One reading of a note asks for its regions four times (sentences, our asks, cued commitments,
# people), and telling speakers apart may read the people in it: read once, kept for the next asker.
@lru_cache(maxsize=8)
def _regions(text: str, voice: str, ours: frozenset[str]) -> tuple[Region, ...]:
    if voice in ("prospect", "notes", "us"):
        start, end = email_body(text) if looks_like_email(text) else (0, len(text))
        return (Region(start, end, voice),)  # type: ignore[arg-type]
    labelled = _speaker_lines(text)
    if len(labelled) == 1 and " " in labelled[0][3].split("|")[0]:
        labelled = []  # one "Pricing concern: ..." line is a note heading, not a speaker
    if not _a_dialogue(text, [label for *_, label in labelled], ours):
        labelled = []  # "Present: ...", "Stage: ...", "Dana: ...": fields of a note, each once
    if labelled:
        lead = [Region(0, labelled[0][0], "notes")] if text[: labelled[0][0]].strip() else []
        return tuple(lead + _transcript(text, labelled, ours))
    if looks_like_email(text):
        start, end = email_body(text)
        return (Region(start, end, "prospect"),)
    return (Region(0, len(text), "notes"),)


_FIRST = frozenset({"i", "i'm", "i'll", "i've", "i'd", "my", "me"})
_WE = frozenset({"we", "we're", "we'll", "we've", "we'd", "our", "let", "let's", "us"})
_THIRD = frozenset({"he", "she", "they", "his", "her", "their", "them", "him"})
_SKIP = frozenset(
    {
        "yes",
        "yeah",
        "yep",
        "sure",
        "ok",
        "okay",
        "so",
        "and",
        "but",
        "well",
        "great",
        "honestly",
        "then",
        "also",
        "oh",
        "ah",
        "hmm",
        "um",
        "uh",
        "cool",
        "perfect",
        "good",
        "thanks",
        "-",
        ",",
        ".",
        "!",
        "*",
        "•",
        "—",
        "–",
        ":",
        "(",
        ")",
        '"',
        "'",
        "now",
        "today",
        "as",
        "promised",
    }
)


# Where a new clause with its own subject can start: "I asked for the data and she agreed".
_CLAUSE_OPENERS = frozenset({",", ";", "and", "but", "so", "-", "–", "—", ":", "then"})


def _their_clause(words: Sequence[str]) -> bool:
    """A later clause whose subject is them: "I pitched a pilot, she agreed", "I asked; they said
    yes". A "he"/"she" after a verb of ours ("I told her") is an object, not a subject."""
    for i, word in enumerate(words[1:-1], 1):
        if word in _CLAUSE_OPENERS and words[i + 1] in ("he", "she", "they"):
            return True
    return False


def sentence_actor(words: Sequence[str], voice: Voice) -> Actor:
    """Whose action a sentence reports, from its voice and its first subject-like word."""
    if voice == "prospect":
        return "prospect"
    lowered = [w.lower() for w in words]
    subject = next((w for w in lowered[:8] if w not in _SKIP), "")
    if subject in _WE and _we_deliver(lowered):
        return "us"
    if voice == "us":
        return "joint" if subject in _WE else "us"
    if subject in _FIRST:
        return "prospect" if _their_clause(lowered) else "us"
    if subject in _WE:
        return "joint"
    return "prospect"


# "we committed to sending a revised SOW", "we'll send the deck": what we deliver is ours alone,
# though "we'll start Monday" is both sides
_PROMISE_WORDS = frozenset({"committed", "promised", "offered", "agreed", "will", "to", "also", "can"})
_DELIVERY = frozenset(
    {"send", "sending", "prepare", "preparing", "build", "building", "draft", "drafting", "write", "writing"}
    | {"arrange", "arranging", "share", "sharing", "email", "mail", "forward"}
)


def _we_deliver(words: Sequence[str]) -> bool:
    at = next((i for i, w in enumerate(words) if w in _WE), None)
    if at is None:
        return False
    for word in words[at + 1 : at + 5]:
        if word in _DELIVERY:
            return True
        if word not in _PROMISE_WORDS:
            break
    return False
