"""People the notes name with a title or a relation: "Raj Patel, their CFO", "her boss Karen".

Each is offered as a contact with a role read from the title: finance heads hold the budget,
executives and heads of something decide, people who would use the product day to day are
users. The role is a first guess the user can change; a name with no title is not offered,
because nothing says who that person is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

BUDGET_OWNER, DECISION_MAKER, CHAMPION, USER, OTHER = ("budget_owner", "decision_maker", "champion", "user", "other")


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    role: str
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "role": self.role, "start": self.start, "end": self.end}


_FINANCE = re.compile(
    r"\b(?:cfo|chief financial|finance|financial|controller|comptroller|treasurer|procurement|purchasing|"
    r"buyer|budget|accounts payable|bookkeeper|accountant)\b",
    re.IGNORECASE,
)
_DECIDER = re.compile(
    r"\b(?:ceo|coo|cto|cio|cmo|cro|cpo|cso|cdo|ciso|chief|dir|founder|co-?founder|owner|president|chair\w*|"
    r"managing director|md|gm|general manager|vp|svp|evp|vice president|head|director|partner|principal|"
    r"boss|superintendent|dean|provost|mayor|administrator|executive|exec|eb|dm|decision.?maker|"
    r"board|proprietor|chef-owner|headteacher|head teacher|practice manager)\b",
    re.IGNORECASE,
)
_USER = re.compile(
    r"\b(?:analyst|engineer|developer|dispatcher|coordinator|nurse|doctor|dentist|hygienist|physician|"
    r"technician|specialist|agent|associate|assistant manager|planner|scheduler|clerk|admin|administrator|"
    r"operator|driver|teacher|lawyer|paralegal|attorney|recruiter|designer|rep|representative|"
    r"supervisor|lead|manager|mgr|team lead|foreman|estimator|accountant|architect|buyer|user|ops|operations|"
    r"sales|guy|gal)\b",
    re.IGNORECASE,
)
_CHAMPION = re.compile(r"\b(?:champion|sponsor|internal advocate)\b", re.IGNORECASE)

# Words that make a phrase a title (or a relation) rather than a name or a company; any case.
_TITLE_WORD = (
    r"(?i:CFO|CEO|COO|CTO|CIO|CMO|CRO|CPO|CISO|CSO|CDO|VP|SVP|EVP|GM|MD|EB|DM|"
    r"chief(?:[ \t]+[a-z]+){1,3}[ \t]+officer|"
    r"vice[ -]president|president|head|director|manager|founder|co-?founder|"
    r"owner|partner|principal|controller|comptroller|treasurer|boss|lead|analyst|engineer|"
    r"coordinator|specialist|dispatcher|supervisor|administrator|assistant|nurse|"
    r"dean|superintendent|accountant|bookkeeper|buyer|chair(?:man|woman|person)?|"
    r"architect|planner|recruiter|counsel|paralegal|dentist|doctor|physician|"
    r"technician|foreman|estimator|officer|executive|champion|sponsor|"
    r"colleague|co-?worker|deputy|admin|rep|guy|gal|dir\.?|mgr\.?)(?![a-z])"
)
# Departments and areas a title may name: "VP Finance", "head of customer success"; any case.
_AREA = (
    r"(?i:Finance|Financial|Operations|Ops|Sales|Marketing|IT|HR|People|Engineering|Product|Procurement|"
    r"Purchasing|Legal|Security|Support|Logistics|Accounting|Technology|Tech|Growth|Revenue|Customer|"
    r"Success|Supply|Chain|Facilities|Nursing|Clinical|Quality|Compliance|Data|Analytics|Partnerships|"
    r"Strategy|Digital|Innovation|Infrastructure|Transport|Transportation|Warehouse|Warehousing|Fleet|"
    r"Admissions|Research|Business|Development|Dispatch|Maintenance|Production|Plant|Store|Stores|"
    r"Retail|E-?commerce|Payroll|Treasury|Risk|Talent|Training|Learning|Service|Services|Care|"
    r"Patient|Practice|Office|Site|Project|Projects|Programs?|Platform|Systems|Information|"
    r"Merchandising|Category|Brand|Communications|Content|Design|Inventory|Claims|Billing|R&D|QA|Eng|"
    r"and|&)(?![a-z])"
)
_SP = r"[ \t]+"
_TITLE = (
    r"(?:(?:" + _AREA + r"|(?i:senior|junior|assistant|associate|deputy|regional|global|national|general|"
    r"managing|executive|chief|lead|interim|acting)|[A-Z]?[a-z]+(?:-[a-z]+)?)"
    + _SP
    + r"){0,3}?"
    + _TITLE_WORD
    + r"(?:"
    + _SP
    + r"(?:of|for)"
    + _SP
    + r"(?:the"
    + _SP
    + r")?(?:"
    + _AREA
    + r"|[a-z]+)"
    + r"(?:"
    + _SP
    + r"(?:"
    + _AREA
    + r"|[a-z]+)){0,2}?)?"
    + r"(?:"
    + _SP
    + _AREA
    + r")*"
)
# Letters of names written in Latin script, accents included ("Lucía", "Aydın", "Zieliński").
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f"
_LOWER = "a-zß-öø-ÿ\u0100-\u017f"
_NAME_WORD = rf"(?:[{_UPPER}][{_LOWER}]+(?:['-][{_UPPER}]?[{_LOWER}]+)*|[A-Z]\.)"
# "Mr. Albrecht", "Dr. Keiko Sato": the honorific stays part of the name, as people write it.
_HONORIFICS = r"(?:Mr|Ms|Mrs|Mx|Dr|Prof|Mme|Mlle|Sr|Sra|Herr|Frau|Pani|Pan)\.?"
_NAME = rf"(?P<name>(?:{_HONORIFICS}[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
_OWNER = r"(?i:their|our|the|her|his|its|my|your)[ \t]+"
# "Jen in procurement", "Mark from finance": a department stands for the title.
_DEPARTMENT = r"(?i:finance|accounting|procurement|purchasing|accounts payable|IT|ops|operations|legal|HR|sales)"

_PATTERNS = [
    # "Raj Patel, their CFO" / "Karen - Head of Ops" / "Priya Shah (Head of IT)"
    re.compile(
        rf"{_NAME}[ \t]*(?:,[ \t]*(?:{_OWNER})?|[ \t]+-{{1,2}}[ \t]+|[ \t]*[–—|][ \t]*|"
        rf"[ \t]*\([ \t]*(?:{_OWNER})?)(?P<title>{_TITLE})"
    ),
    # "with COO Maria Lopez", "cc'd CFO Raj": a capitalised title names the person after it
    re.compile(
        rf"\b(?P<title>(?-i:CFO|CEO|COO|CTO|CIO|CMO|CRO|CPO|CISO|VP(?:[ \t]+(?-i:[A-Z][a-z]+))?|GM|MD))"
        rf"[ \t]+{_NAME}\b"
    ),
    # "the owner (Tom)", "their CFO (Raj)"
    re.compile(rf"\b{_OWNER}(?P<title>{_TITLE})[ \t]*\([ \t]*{_NAME}[ \t]*\)"),
    # "the head of finance at Lowry Retail (Peter Szabo)"
    re.compile(rf"\b(?P<title>{_TITLE})[ \t]+(?:at|of|from)[ \t]+[^()\n]{{2,40}}?\([ \t]*{_NAME}[ \t]*\)"),
    # "His brother and co-founder, Will, wasn't convinced": a title, a comma, a name, a comma
    re.compile(rf"\b(?P<title>{_TITLE}),[ \t]+{_NAME}(?=[ \t]*[,;.)\n])"),
    # "their CFO Raj Patel" / "her boss Karen" / "Head of IT, Priya Shah"
    re.compile(rf"\b(?:{_OWNER})(?P<title>{_TITLE})[ \t]*,?[ \t]+{_NAME}\b"),
    re.compile(rf"(?:^|[.;!?][ \t]+|\n[ \t]*)(?:[-*•][ \t]+)?(?P<title>{_TITLE}),?[ \t]+{_NAME}\b"),
    # "Raj Patel is their CFO", "Paul Smith who is head of IT"
    re.compile(
        rf"{_NAME}[ \t]+(?:is|was|being|who is|who's|,? who is)[ \t]+(?:{_OWNER}|an?[ \t]+)?"
        rf"(?P<title>{_TITLE})"
    ),
    # "Ola Brekke, daglig leder (managing director)": a title in another language, glossed
    re.compile(rf"{_NAME},[ \t]+[^,()\n]{{2,40}}?\([ \t]*(?P<title>{_TITLE})[ \t]*\)"),
    # "Kasper from Vinterhagen Bakeries. He is head of production", "Marisol Vega ... She's the plant
    # manager": the next sentence says who the person is
    re.compile(
        rf"{_NAME}[^.!?\n]{{0,60}}[.,][ \t]+(?i:she|he)(?:'s|[ \t]+is)[ \t]+"
        rf"(?:(?i:the|their|our|an?)[ \t]+)?(?P<title>{_TITLE})"
    ),
    # "Jen in procurement", "Mark from finance"
    re.compile(rf"{_NAME}[ \t]+(?:in|from)[ \t]+(?P<title>{_DEPARTMENT})\b"),
    # a signature: the name on one line, the title alone on the next
    re.compile(rf"(?m)^[ \t]*{_NAME}[ \t]*\n[ \t]*(?P<title>{_TITLE})[ \t]*(?:[,|][^\n]*)?$"),
]
# Capitalised words that open sentences or name things, never people.
_NOT_NAMES = frozenset(
    {
        "The",
        "Their",
        "Our",
        "Her",
        "His",
        "She",
        "He",
        "They",
        "We",
        "I",
        "It",
        "This",
        "That",
        "Then",
        "Also",
        "And",
        "But",
        "So",
        "Met",
        "Call",
        "Meeting",
        "Demo",
        "Next",
        "Notes",
        "Note",
        "Today",
        "Tomorrow",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Hi",
        "Hello",
        "Thanks",
        "Thank",
        "Best",
        "Regards",
        "Cheers",
        "Dear",
        "Per",
        "Spoke",
        "Talked",
        "Sent",
        "Asked",
        "Said",
        "Told",
        "Booked",
        "Agreed",
        "Will",
        "Would",
        "Can",
        "Could",
        "Should",
        "Looped",
        "Introduced",
        "Intro",
        "Email",
        "Emailed",
        "Pinged",
        "Follow",
        "Re",
        "Fwd",
        "From",
        "To",
        "Cc",
        "Subject",
        "Date",
        "Mr",
        "Ms",
        "Mrs",
        "Dr",
        "Prof",
        "Action",
        "Outcome",
        "Status",
        "Pricing",
        "Budget",
        "Problem",
        "Objection",
        "Summary",
        "Attendees",
        "Yes",
        "No",
        "Ok",
        "Okay",
        "Great",
        "Mentioned",
        "Maybe",
        "Possibly",
        "Apparently",
        "Basically",
        "Anyway",
        "Oh",
        "Well",
        "Only",
        "Still",
        "Both",
        "Need",
        "Needs",
        "Want",
        "Wants",
        "Got",
        "Had",
        "Has",
        "Have",
        "Did",
        "Does",
        "Do",
        "Is",
        "Was",
        "Are",
        "Were",
        "If",
        "When",
        "Once",
        "After",
        "Before",
        "Since",
        "Because",
        "While",
        "Connected",
        "Ask",
        "Check",
        "Loop",
        "Get",
        "Send",
        "Share",
        "Chatted",
    }
)
# Verbs that open a note's sentence before a name: "Reached Hector Salas, fleet coordinator".
_NOTE_VERBS = frozenset(
    {
        "reached",
        "called",
        "emailed",
        "met",
        "visited",
        "pinged",
        "texted",
        "messaged",
        "phoned",
        "contacted",
        "joined",
        "asked",
        "thanked",
        "interviewed",
        "demoed",
        "saw",
    }
)
_AREA_WORDS = frozenset(re.findall(r"[A-Z][A-Za-z&-]*", _AREA))
_HONORIFIC = re.compile(rf"^{_HONORIFICS}\s+")


def role_for(title: str) -> str:
    """The contact role a title suggests; finance comes first: a CFO is the budget's owner."""
    if _CHAMPION.search(title):
        return CHAMPION
    if _FINANCE.search(title) and not re.search(r"\b(?:analyst|clerk|assistant|coordinator)\b", title, re.I):
        return BUDGET_OWNER
    if _DECIDER.search(title):
        return DECISION_MAKER
    if _USER.search(title):
        return USER
    return OTHER


def _clean_name(raw: str) -> str | None:
    honorific = _HONORIFIC.match(raw.strip())
    words = _HONORIFIC.sub("", raw.strip()).split()
    while words and (words[0] in _NOT_NAMES or words[0].lower() in _NOTE_VERBS):
        words = words[1:]
    while words and words[-1] in _NOT_NAMES:
        words = words[:-1]
    if not words or any(re.fullmatch(_TITLE_WORD, w) or w in _AREA_WORDS for w in words):
        return None
    return " ".join(([honorific.group().strip()] if honorific else []) + words)


def _clean_title(raw: str) -> str:
    title = re.sub(r"\s+", " ", raw).strip(" ,.;:()-")
    title = re.sub(r"\s+(?:at|of|for|and)$", "", title)
    # "Bumped into the head of finance" -> "head of finance": words before the title word's own
    # article or owner are the sentence around it
    core = re.search(_TITLE_WORD, title)
    if core:
        lead = re.split(r"(?i)\b(?:their|our|the|her|his|its|my|your|an?|is|was|'s)\s+", title[: core.start()])
        title = lead[-1] + title[core.start() :]
    return title


def find_people(text: str, skip: Iterable[str] = ()) -> tuple[Person, ...]:
    """Everyone named with a title or relation, once each, in order of first mention."""
    ignored = {s.lower() for s in skip}
    found: dict[str, Person] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name is None or name.lower() in ignored:
                continue
            title = _clean_title(match.group("title"))
            key = name.lower()
            known = next(
                (k for k in found if k.split()[0] == key.split()[0] and (k.startswith(key) or key.startswith(k))), None
            )
            if known is not None:
                if len(key) > len(known):  # "Raj" then "Raj Patel": keep the full name
                    old = found.pop(known)
                    found[key] = Person(name, old.title, old.role, old.start, old.end)
                continue
            found[key] = Person(name, title, role_for(title), match.start(), match.end())
    return tuple(sorted(found.values(), key=lambda p: p.start))
