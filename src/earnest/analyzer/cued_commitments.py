"""Commitments the model missed, found by the rungs of the prospect's own ladder.

A clause on the prospect's side that names a rung's thing ("shared last quarter's shipment
data", "signed the LOI", "put down a deposit") and says it was done, promised or refused is a
commitment, whatever the statistical model made of the sentence. The ladder's cues come in as a
function, so the analyzer stays free of ladders; hypotheticals, hedges and our own promises are
left out, because they give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from .commitment_status import (
    _ANSWERED,
    _CLAUSE_BREAK,
    _DECLINED,
    _DONE,
    _PROMISED,
    ASKED_THEN_NO,
    commitment_status,
    given_elsewhere,
    gives_nothing,
)
from .dates import MONTHS, find_due, has_date_cue
from .money import find_money
from .result import Signal
from .speakers import Region, Voice, regions, sentence_actor

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
# Words that make a clause a wish, a condition or a question: it gives nothing yet.
_NOT_GIVEN = re.compile(
    r"\b(?:if|would|could|might|maybe|perhaps|possibly|should|hopefully|unless|whether|consider\w*|"
    r"\w+'d|"
    r"think(?:ing)? about|open to|interested in|in principle|down the road|at some point|someday|"
    r"eventually|let me know|keep (?:us|me) posted|circle back|no follow-?up|"
    # an attempt of ours or an answer that puts it off: "tried to book the walkthrough", "leave it with me"
    r"tried to|trying to|attempted to|leave it with me|bring it up|get back to (?:you|us|me)|"
    r"(?:we|i)(?:'ll| will) see|let'?s see|not sure|ping (?:me|us)|hit (?:me|us) up|text me|sometime|"
    r"some time|one day)\b|\?",
    re.IGNORECASE,
)
# Praise may share a sentence with a real commitment ("loved it and signed the LOI"); a stall or a
# hypothetical may not, and a commitment the model found needs no second one. Nor may a description
# of how they cope today or of their pain ("prep counts run off a shared Google Sheet", "two
# engineers spent three weeks on it") or an objection: a rung's word in it names no gift.
_BLOCKING_KINDS = frozenset({"hedge", "fluff", "commitment", "workaround", "problem", "objection"})
# "she said she'd send the file by Friday": a promise reported in the past, not a wish.
_REPORTED_PROMISE = re.compile(
    r"\b(?:said|says|told (?:me|us)|confirmed|promised)\s+(?:that\s+)?"
    r"(?:she|he|they|we|it)(?:\s+would|'d)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z']+")
MIN_CONFIDENCE = 0.7
# Refusals the status words do not list: "not sharing patient data", "doesn't want the newsletter",
# "not ready to do a paid pilot", "would not review a proposal".
_REFUSAL = re.compile(
    r"\b(?:not (?:sharing|signing|paying|ready to|willing to|going to)|(?:doesn'?t|don'?t|didn'?t) want|"
    r"(?:would|will|did|does|do) ?(?:not|n't) (?:\w+ )?(?:review|share|sign|pay|join|go through|take|do|give|"
    r"introduce|send|commit|put)|turned down|declined|rather not|prefer not|no need for)\b",
    re.IGNORECASE,
)


# Words that say they already pay us, often an aside inside a sentence about something else
# ("Lumen Biotech (annual license since March) agreed to ..."): the customer rung, given, beside
# whatever else the sentence gives.
_WHEN = rf"(?:'?\d{{2,4}}|spring|summer|autumn|fall|winter|launch|last year|(?:{MONTHS}|may)\.?(?:[ \t]+'?\d{{2,4}})?)"
_CONTRACT = r"(?:licen[cs]es?|plan|contract|subscription|agreement)"
_ALREADY_CUSTOMER = re.compile(
    rf"\b(?:existing|current|paying)[ \t]+(?:customer|client|cust)\b"
    rf"|\b(?:customer|client|cust)s?\b[^.;:\n()]{{0,40}}?\bsince[ \t]+{_WHEN}\b"
    rf"|\b(?:annual|yearly|12[- ]?month)[- ]{_CONTRACT}(?:[ \t]+(?:customer|client))?\b[^.;:\n()]{{0,40}}?"
    rf"\bsince[ \t]+{_WHEN}\b"
    rf"|\b(?:been|is|are)[ \t]+on[ \t]+(?:our|the|an|their)[ \t]+(?:[\w-]+[ \t]+){{0,3}}?"
    rf"(?:annual|yearly)[ \t]+{_CONTRACT}"
    rf"|\b(?:yr|year)[ \t]*\d[ \t]+of[ \t]+(?:their|the|an|our|a)[ \t]+(?:[\w-]+[ \t]+){{0,2}}?{_CONTRACT}"
    # "Sorensen & Sons, one of our oldest customers": an aside that places them among those who pay
    rf"|\bone[ \t]+of[ \t]+our[ \t]+(?:(?:oldest|longest|biggest|largest|best|first|earliest|happiest|"
    rf"longest-standing|long-standing|loyal|top)[ \t]+)+(?:customers|clients|accounts)\b",
    re.IGNORECASE,
)


# "40 customers since 2020", "our customers since launch": our book of customers, not this one
_COUNTED = re.compile(r"(?:\d|\b(?:our|new|no|many|few|more|other|those|all))[ \t]+$", re.IGNORECASE)
_SUPPOSED = re.compile(r"\b(?:if|whether|unless|suppose|assuming)\b", re.IGNORECASE)


def _already_customer(text: str, start: int, end: int, fits: Callable[[str, bool], bool]) -> Iterable[Signal]:
    """The customer rung, fulfilled, where the words say they already pay for it."""
    for match in _ALREADY_CUSTOMER.finditer(text, start, end):
        said = match.group()
        sentence = next((s for s in _SENTENCE.finditer(text, start, end) if s.start() <= match.start() < s.end()), None)
        asked = sentence is not None and (
            sentence.group().rstrip().endswith("?")
            or _SUPPOSED.search(text, sentence.start(), match.start()) is not None
        )
        # "our customers since 2020" counts our book; "our annual licence customer since" is this one
        counted = (
            said[:1].lower() == "c" and _COUNTED.search(text, max(start, match.start() - 12), match.start()) is not None
        )
        # the ladder's reading last: it is the costly one
        if not asked and not counted and not _NOT_GIVEN.search(said) and fits(said, True):
            yield Signal(
                "commitment", said, match.start(), match.end(), ("money",), None, None, "fulfilled", MIN_CONFIDENCE
            )


def _clauses(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    for sentence in _SENTENCE.finditer(text, start, end):
        a, b = sentence.start(), sentence.end()
        at = a
        for cut in _CLAUSE_BREAK.finditer(text, a, b):
            yield at, cut.start()
            at = cut.end()
        yield at, b


def cued_commitments(
    text: str,
    signals: Sequence[Signal],
    fits: Callable[[str, bool], bool],
    when: date,
    voice: str = "auto",
    our_speakers: Iterable[str] = (),
) -> list[Signal]:
    """Commitment signals for clauses that fit a rung (`fits(clause, has_money)`) and say it was given,
    promised or refused, where no finding of the model already stands."""
    taken = [(s.start, s.end) for s in signals if s.kind in _BLOCKING_KINDS]
    commitments = [(s.start, s.end) for s in signals if s.kind == "commitment"]
    out: list[Signal] = []
    turns = regions(text, voice, our_speakers)
    for region in turns:
        if region.voice == "us":
            continue
        out.extend(_already_customer(text, region.start, region.end, fits))
        for no in _asks_refused(text, region.start, region.end, fits, commitments):
            out.append(no)
            taken.append((no.start, no.end))
        for a, b in _clauses(text, region.start, region.end):
            clause = text[a:b].strip(" \t\n,;.-*•")
            lead = text.find(clause, a, b)
            start, stop = lead, lead + len(clause)
            answered = _answered(clause, start, fits, when)
            if answered is not None and not any(s < stop and start < e for s, e in commitments):
                # the answer outweighs the wish in the ask ("asked if he'd take a ref call -> yes")
                out.append(answered)
                commitments.append((start, stop))
                continue
            refused = _refused(clause, region.voice, fits) and not gives_nothing(clause)
            if refused and not any(s < stop and start < e for s, e in commitments):
                # a no to a thing the ladder names is that rung, declined, even worded as a stall
                # ("turned down the case study for now") or a wish ("wouldn't share any reports")
                out.append(Signal("commitment", clause, start, stop, ("time",), None, None, "declined", MIN_CONFIDENCE))
                commitments.append((start, stop))
                continue
            if any(s < stop and start < e for s, e in taken):
                continue
            if (
                len(clause) < 8
                or _NOT_GIVEN.search(_REPORTED_PROMISE.sub("", clause))
                or gives_nothing(clause)
                or given_elsewhere(clause)
            ):
                continue
            if not _theirs_given(clause):
                continue
            if sentence_actor(_WORD.findall(clause), region.voice) == "us":
                continue
            money = find_money(clause)
            if not fits(clause, bool(money)):
                continue
            due = find_due(clause, when) if has_date_cue(clause) else None
            currencies = ("money",) if money else ("time",)
            out.append(
                Signal(
                    "commitment",
                    clause,
                    start,
                    stop,
                    currencies,
                    money[0].label if money else None,
                    due,
                    commitment_status(clause),
                    MIN_CONFIDENCE,
                )
            )
    out += _answers_to_our_asks(text, turns, voice, our_speakers, fits, commitments)
    return out


# How a turn that answers our ask opens: a yes or a no, before any reason.
_YES_OPENING = re.compile(
    r"^\W*(?:yes|yeah|yep|sure|ok|okay|absolutely|definitely|happy to|deal|count us in|"
    r"let'?s do it|sounds good|of course|go ahead|fine)\b",
    re.IGNORECASE,
)
_NO_OPENING = re.compile(
    r"^\W*(?:no|nah|nope|not (?:yet|now|really|at this stage|right now)|i can'?t|we can'?t|"
    r"that i can'?t|i won'?t|we won'?t|i'?d rather not|unfortunately|sorry)\b",
    re.IGNORECASE,
)
_FIRST_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
ANSWER_WORDS = 10


def _answers_to_our_asks(
    text: str,
    turns: Sequence[Region],
    voice: str,
    our_speakers: Iterable[str],
    fits: Callable[[str, bool], bool],
    taken: list[tuple[int, int]],
) -> list[Signal]:
    """In a transcript, the prospect's turn right after our ask that opens with a yes or a no: a
    commitment on the asked-for rung, agreed or declined ("Nah.", "That I can't approve.")."""
    from .our_asks import our_asks

    if not any(a.voice == "us" and b.voice != "us" for a, b in zip(turns, turns[1:], strict=False)):
        return []  # no turn of theirs follows one of ours: not a transcript, nothing to answer
    asks = our_asks(text, voice, our_speakers)
    out: list[Signal] = []
    for before, turn in zip(turns, turns[1:], strict=False):
        if before.voice != "us" or turn.voice == "us":
            continue
        ask = next((text[a:b] for a, b in reversed(asks) if before.start <= a < before.end), None)
        first = _FIRST_SENTENCE.search(text, turn.start, turn.end)
        if ask is None or first is None or not fits(ask, bool(find_money(ask))):
            continue
        answer = first.group().strip()
        status = "declined" if _NO_OPENING.match(answer) else "agreed" if _YES_OPENING.match(answer) else None
        if status is None or (status == "agreed" and _NOT_GIVEN.search(answer)):
            continue
        if len(answer.split()) > ANSWER_WORDS and "," in answer:
            answer = answer.split(",")[0]  # the yes or no itself; the reason after it names other things
        start = text.find(answer, first.start())
        stop = start + len(answer)
        if any(s < stop and start < e for s, e in taken):
            continue
        out.append(Signal("commitment", answer, start, stop, ("time",), None, None, status, MIN_CONFIDENCE))
    return out


# "Phone call with Joseph, after we sent the samples": the deed in the clause is ours
_OUR_SUBJECT = re.compile(r"\b(?:we|i|we've|i've|we'd|i'd|we have|i have|we had|i had)\s+$", re.IGNORECASE)


def _theirs_given(clause: str) -> bool:
    """The clause says something was done, promised or refused, and not only by us."""
    verbs = [m for r in (_DONE, _PROMISED, _DECLINED) for m in r.finditer(clause)]
    return any(not _OUR_SUBJECT.search(clause[: m.start()]) for m in verbs)


def _refused(clause: str, voice: Voice, fits: Callable[[str, bool], bool]) -> bool:
    """Their clear no to something that fits a rung."""
    if len(clause) < 8 or not (_DECLINED.search(clause) or _REFUSAL.search(clause)):
        return False
    return sentence_actor(_WORD.findall(clause), voice) != "us" and fits(clause, bool(find_money(clause)))


def _asks_refused(
    text: str, start: int, end: int, fits: Callable[[str, bool], bool], commitments: list[tuple[int, int]]
) -> Iterable[Signal]:
    """Each sentence that holds our ask and their no, where no commitment stands yet (added to it)."""
    for sentence in _SENTENCE.finditer(text, start, end):
        lead = len(sentence.group()) - len(sentence.group().lstrip())
        refused = _asked_then_refused(sentence.group().lstrip(), sentence.start() + lead, fits)
        if refused is not None and not any(s < refused.end and refused.start < e for s, e in commitments):
            commitments.append((refused.start, refused.end))
            yield refused


def _asked_then_refused(sentence: str, start: int, fits: Callable[[str, bool], bool]) -> Signal | None:
    """Our ask and their no to it in one sentence: that ask's rung, declined."""
    match = ASKED_THEN_NO.match(sentence)
    if match is None or not fits(match.group("ask"), bool(find_money(match.group("ask")))):
        return None
    body = sentence.rstrip(" \t\n.")
    return Signal("commitment", body, start, start + len(body), ("time",), None, None, "declined", MIN_CONFIDENCE)


def _answered(clause: str, start: int, fits: Callable[[str, bool], bool], when: date) -> Signal | None:
    """A commitment (agreed or declined) written as an ask and its answer, when the ask fits a rung."""
    match = _ANSWERED.match(clause)
    if match is None:
        return None
    thing = match.group("thing")
    money = find_money(clause)
    if not fits(thing, bool(money)):
        return None
    status = "agreed" if match.group("yes") else "declined"
    if status == "agreed" and _NOT_GIVEN.search(clause[match.end() :]):
        return None  # "-> yeah maybe, let's see how Dec looks": a yes that puts it off is a stall
    due = find_due(clause, when) if status == "agreed" and has_date_cue(clause) else None
    return Signal(
        "commitment",
        clause,
        start,
        start + len(clause),
        ("money",) if money else ("time",),
        money[0].label if money else None,
        due,
        status,
        MIN_CONFIDENCE,
    )
