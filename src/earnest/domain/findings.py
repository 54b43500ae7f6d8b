"""What each finding in a conversation's notes becomes in the ledger: the one policy.

The analyzer says what the notes show (a commitment, a dated step, a hedge, a CFO by name); this
module decides what that is worth recording: a commitment on a rung with its status, a next step,
a to-do for us, earlyvangelist evidence, a new contact with a role, or a flag on the
conversation. Every adapter (the web debrief, `earnest log`, the API, imports) applies these
offers through one ledger service, so the same notes make the same ledger everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .history import Criterion, Role
from .ladders import Ladder, Rung
from .rung_match import rung_for

# Findings that tick a flag on the conversation rather than create a row.
FLAG_OF_KIND = {"compliment": "complimented", "fluff": "complimented", "hedge": "hedged", "rejection": "rejected"}
EVIDENCE_BY_KIND: dict[str, tuple[Criterion, ...]] = {
    "problem": (Criterion.HAS_PROBLEM, Criterion.KNOWS_PROBLEM),
    "workaround": (Criterion.MAKESHIFT_SOLUTION,),
    "budget": (Criterion.HAS_BUDGET,),
}
OFFER_TEXT = {
    "commitment": "Record as a commitment",
    "next_step": "Add as a dated next step",
    "objection": "Add 'answer this objection' to our to-do",
    "no_budget": "Add 'find out who would fund this' to our to-do",
    "problem": "Record as earlyvangelist evidence",
    "workaround": "Record as earlyvangelist evidence",
    "budget": "Record as earlyvangelist evidence",
    "person": "Add as a contact",
}
# Below this the analyzer's reading is offered but left for the user to tick.
TICK_CONFIDENCE = 0.5
STATUSES = ("fulfilled", "agreed", "declined")
GIVEN = frozenset({"fulfilled", "agreed"})
# A rung reached by what they describe (an admitted problem) asks for a surer reading than a
# finding offered as evidence: a misread status line ("Closed - Lost") would otherwise give it.
SHOWN_CONFIDENCE = 0.8
# ... and words that admit it ("yes, that's our problem", "honestly", "she admitted"): a pain told
# in passing is evidence; of four writers since, three counted only a problem admitted so.
_ADMITS = re.compile(
    r"\b(?:admit\w*|confirm\w*|acknowledg\w*|agree[ds]?|conced\w*|yes|yeah|yep|honestly|to be honest|"
    r"truth is|you're right|fair point|true)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One thing the notes show, as the analyzer read it; `key` is stable for the same notes."""

    kind: str
    text: str
    start: int
    end: int
    currencies: tuple[str, ...] = ()
    amount: str | None = None
    due: date | None = None
    status: str | None = None
    confidence: float = 1.0
    # people only
    name: str = ""
    title: str = ""
    role: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start}:{self.end}"


@dataclass(frozen=True)
class Offer:
    """What recording one finding would add to the ledger, and whether it starts ticked."""

    finding: Finding
    ticked: bool
    rung: str | None = None
    status: str | None = None
    todo: str = ""
    criteria: tuple[Criterion, ...] = ()
    rung_label: str = ""

    @property
    def key(self) -> str:
        return self.finding.key

    @property
    def kind(self) -> str:
        return self.finding.kind

    @property
    def text(self) -> str:
        return self.finding.text

    def describe(self) -> str:
        """One line for a terminal: what was found and what recording it would add."""
        f = self.finding
        if self.kind == "person":
            return f"new contact: {f.name}, {f.title} ({f.role.replace('_', ' ')})"
        if self.kind == "commitment":
            where = f"on {self.rung_label!r}" if self.rung else "not on the ladder"
            extra = "".join(
                f", {x}" for x in (f.amount, f"due {f.due}" if f.due and self.status == "agreed" else "") if x
            )
            return f"commitment, {self.status} ({where}{extra}): {f.text}"
        if self.kind == "next_step":
            return f"next step{f' on {f.due}' if f.due else ' (no date)'}: {f.text}"
        if self.todo:
            return f"to-do for us: {self.todo}"
        return f"{self.kind.replace('_', ' ')} (earlyvangelist evidence): {f.text}"

    @property
    def action(self) -> str:
        if self.kind == "commitment":
            return f"Record as a commitment, {self.status or 'agreed'}"
        return OFFER_TEXT.get(self.kind, "")


def _known(name: str, known_names: Iterable[str]) -> bool:
    wanted = name.casefold().split()
    for other in known_names:
        words = other.casefold().split()
        if words and wanted and (words == wanted or (words[0] == wanted[0] and (len(words) == 1 or len(wanted) == 1))):
            return True
    return False


# A date read from notes further ahead than this is a misreading ("in 2114"), not a plan.
HORIZON_DAYS = 3 * 366


def _plausible(f: Finding, on: date) -> Finding:
    if f.due is not None and (f.due - on).days > HORIZON_DAYS:
        return replace(f, due=None)
    return f


# An answer follows its ask closely (the same bullet, the next turn of a transcript) and is short:
# "Sure, happy to." A longer answer names its own thing.
ANSWER_REACH = 120
ANSWER_WORDS = 10


def _ask_answered(f: Finding, asks: Sequence[Finding]) -> Finding | None:
    """Our ask that the short answer `f` answers: the last one that ends just before it."""
    if len(f.text.split()) > ANSWER_WORDS:
        return None
    before = [a for a in asks if a.start <= f.start and f.start - a.end <= ANSWER_REACH]
    return before[-1] if before else None


def offers_for(
    findings: Sequence[Finding], ladder: Ladder, on: date, *, known_contacts: Iterable[str] = ()
) -> tuple[Offer, ...]:
    """Every finding worth recording, in the order of the notes, with what recording it means."""
    known = list(known_contacts)
    asks = sorted((f for f in findings if f.kind == "our_ask"), key=lambda f: f.start)
    out: list[Offer] = []
    shown_offers: list[Offer] = []
    said_no = any(f.kind == "rejection" for f in findings)
    # What reads as given in the very words of a clear no is the story of the no ("they signed a
    # three-year deal with Procore and won't add another tool"): offered, not recorded.
    nos = [f for f in findings if f.kind == "rejection" and f.confidence >= TICK_CONFIDENCE]
    hedges = [f for f in findings if f.kind == "hedge"]
    # what the same words more surely say is money set aside (or none), not money given
    described = [f for f in findings if f.kind in _DESCRIBING]
    for f in (_plausible(f, on) for f in findings):
        # the words of our own ask ("Asked Jo for a ten-minute call next week") are no answer to it
        confident = f.confidence >= TICK_CONFIDENCE and not _only_our_ask(f, asks)
        if f.kind == "commitment":
            rung, status = _rung_and_status(f, findings, asks, ladder)
            # one that fits no rung is offered for the user to judge, not recorded unasked: on the
            # independent notes most such readings were no commitment at all
            out.append(
                Offer(
                    f,
                    confident
                    and rung is not None
                    and not (status in GIVEN and _overlaps_any(f, nos))
                    and not (status == "agreed" and _outweighed(f, hedges))
                    and not _outweighed(f, described),
                    rung.key if rung else None,
                    status,
                    rung_label=rung.label if rung else "",
                )
            )
        elif f.kind == "next_step":
            # a step without a date, or one already past, is no step to keep
            dated = f.due is not None and f.due >= on
            out.append(Offer(f, confident and dated))
            if dated and _MEETING.search(f.text) and not _OURS.match(f.text):
                shown_offers.append(_meeting_offer(f, ladder, confident and not _overlaps_any(f, nos)))
        elif f.kind == "objection":
            out.append(Offer(f, confident, todo=f"Answer their objection: {f.text}"))
        elif f.kind == "no_budget":
            # no money set aside is a question to answer (whose budget, when), never a commitment;
            # after a clear no there is nothing to chase
            out.append(Offer(f, confident and not said_no, todo=f"Find out who would fund this: {f.text}"))
        elif f.kind in EVIDENCE_BY_KIND:
            out.append(Offer(f, confident, criteria=EVIDENCE_BY_KIND[f.kind]))
            shown = ladder.shown_by(f.kind)
            if shown is not None:
                # on a ladder whose rung is admitting a problem, describing one is that rung, given
                currencies = tuple(c.label for c in sorted(shown.currencies))
                given = replace(f, kind="commitment", status="fulfilled", currencies=currencies)
                shown_offers.append(
                    Offer(
                        given,
                        confident
                        and f.confidence >= SHOWN_CONFIDENCE
                        and _ADMITS.search(f.text) is not None
                        and not _overlaps_any(f, nos),
                        shown.key,
                        "fulfilled",
                        rung_label=shown.label,
                    )
                )
        elif f.kind == "person" and f.name and not _known(f.name, known):
            known.append(f.name)
            out.append(Offer(f, True))
    # a rung shown by another finding (an admitted problem, a booked meeting) stands in for a
    # commitment read from the same words only when that one found no rung of its own
    said = [o.finding for o in out if o.kind == "commitment" and o.rung]
    standing = [o for o in shown_offers if not _overlaps_any(o.finding, said)]
    stood_for = [o.finding for o in standing]
    out = [o for o in out if not (o.kind == "commitment" and not o.rung and _overlaps_any(o.finding, stood_for))]
    out += standing
    return _once_per_rung(sorted(out, key=lambda o: o.finding.start))


def _once_per_rung(offers: list[Offer]) -> tuple[Offer, ...]:
    """One promise told twice ("agreed to share the data", "Tom will send the export Wed") is one
    commitment: a later reading on a rung and status already ticked is offered, not ticked."""
    first: dict[tuple[str | None, str | None], int] = {}
    out: list[Offer] = []
    for o in offers:
        key = (o.rung, o.status)
        if o.kind == "commitment" and o.ticked and o.rung:
            if key in first:
                kept = out[first[key]]
                if kept.finding.due is None and o.finding.due is not None:
                    # the date told the second time belongs to the one commitment
                    out[first[key]] = replace(kept, finding=replace(kept.finding, due=o.finding.due))
                o = replace(o, ticked=False)
            else:
                first[key] = len(out)
        out.append(o)
    return tuple(out)


# A dated meeting with them is time they give: "demo booked for Tue 10am" is a commitment too.
_MEETING = re.compile(
    r"\b(?:call|meeting|demo|session|kick-?off|visit|workshop|walk-?through|follow-?up|onboarding|"
    r"catch-?up|check-?in|tour|mins?|minutes)\b",
    re.IGNORECASE,
)
# ... unless the step is ours alone: "I'll send the recap by Friday"
_OURS = re.compile(r"^\W*(?:I|we)(?:'ll|\s+will|\s+to|\s+need to)\b|^\W*(?:send|email|share|prepare)\b", re.I)


def _meeting_offer(f: Finding, ladder: Ladder, confident: bool) -> Offer:
    given = replace(f, kind="commitment", status="agreed", currencies=("time",))
    rung = rung_for(f.text, ladder, ("time",))
    return Offer(
        given,
        confident and rung is not None,
        rung.key if rung else None,
        "agreed",
        rung_label=rung.label if rung else "",
    )


def _rung_and_status(
    f: Finding, findings: Sequence[Finding], asks: Sequence[Finding], ladder: Ladder
) -> tuple[Rung | None, str]:
    """The rung a commitment read from notes stands on, and its status."""
    rung = rung_for(f.text, ladder, f.currencies, amount=bool(f.amount))
    ask = _ask_answered(f, asks)
    if rung is None and ask is not None:
        # "Sure, happy to." names nothing: the ask it answers names the rung
        rung = rung_for(ask.text, ladder, f.currencies, amount=bool(f.amount))
    if rung is not None and rung.for_roles:
        rung = _for_the_person(rung, f, findings, ladder)
    status = f.status if f.status in STATUSES else "agreed"
    shown = _shown_in(f, findings, ladder)
    if shown is not None and (rung is None or (rung.customer and not f.amount)):
        # "we lose 15% of what we bake, orders are guesses" admits a problem; the money
        # words in it ("paid", "orders") are the problem's, not a purchase
        rung, status = shown, "fulfilled"
    return rung, status


def _for_the_person(rung: Rung, f: Finding, findings: Sequence[Finding], ladder: Ladder) -> Rung:
    """Between rungs told apart by who was introduced (`for_roles`), the role of the person the
    commitment's own words name decides: "introduced me to Dean, their coordinator" is a colleague."""
    # the one introduced is named after the one who introduces: "Dr. Farouk forwarded me to his
    # practice manager Aylin"
    named = next((p for p in reversed(findings) if p.kind == "person" and p.role and _overlaps(f, p)), None)
    if named is None or named.role in rung.for_roles:
        return rung
    return next((r for r in ladder.rungs if named.role in r.for_roles), rung)


def _shown_in(f: Finding, findings: Sequence[Finding], ladder: Ladder) -> Rung | None:
    """The rung that another finding read from the same words shows (an admitted problem), if any."""
    for other in findings:
        if other is not f and other.kind in EVIDENCE_BY_KIND and _overlaps(f, other):
            shown = ladder.shown_by(other.kind)
            if shown is not None:
                return shown
    return None


_ANSWERABLE = frozenset({"commitment", "next_step"})


# An answer written beside the ask: "-> yes", "she said no", "ok, max one a month".
_ANSWER_IN = re.compile(r"->|→|=>|:|;|\b(?:said|says|yes|yeah|yep|ok|okay|sure|agreed|happy|no|not|declined)\b", re.I)


_DESCRIBING = frozenset({"budget", "no_budget"})


def _outweighed(f: Finding, hedges: Sequence[Finding]) -> bool:
    """ "Sounds ok, send me the price list": a yes the same words more surely read as a stall is
    the stall; the user can still tick it."""
    return any(_overlaps(f, h) and h.confidence > f.confidence for h in hedges)


def _only_our_ask(f: Finding, asks: Sequence[Finding]) -> bool:
    """A commitment or step read from nothing but our own ask, with no answer beside it."""
    if f.kind not in _ANSWERABLE or f.status == "declined" or _ANSWER_IN.search(f.text):
        return False
    return any(a.start <= f.start and f.end <= a.end + 1 for a in asks)


def _overlaps_any(f: Finding, others: Sequence[Finding]) -> bool:
    return any(_overlaps(f, o) for o in others)


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


# Findings that answer an ask: praise after one of these is no stall.
_ANSWERS = frozenset({"commitment", "next_step", "rejection", "hedge"})


def flags_for(findings: Iterable[Finding]) -> dict[str, bool]:
    """The conversation's flags the notes show: praise, a hedge, a clear no.

    Praise given in answer to a concrete ask of ours, with nothing else, is a stall: the
    polite way of not answering it.
    """
    findings = list(findings)
    flags = {"complimented": False, "hedged": False, "rejected": False}
    for f in findings:
        # a reading too unsure to tick is too unsure to call the meeting a stall or a no
        if f.kind in FLAG_OF_KIND and f.confidence >= TICK_CONFIDENCE:
            flags[FLAG_OF_KIND[f.kind]] = True
    kinds = {f.kind for f in findings}
    if "our_ask" in kinds and flags["complimented"] and not kinds & _ANSWERS:
        flags["hedged"] = True
    return flags


def person_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        return Role.OTHER
