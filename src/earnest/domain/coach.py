"""What to do next with a lead, what to bring to the next meeting, and what the last one meant.

The coach asks for one commitment at a time: while an ask is unanswered it says to get
the answer, and while an agreed commitment is not yet done it says to see it through.
Only then does it name the next rung. After a weak conversation (compliments, a hedge,
no next step) it proposes a smaller ask instead: a rung lower down, or an introduction
to someone closer to the problem, because a small yes or a clear no both beat drifting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .asks import AskCounts, AskTable, RungAsks, WordingAsks, wording_key
from .commitments import agreed_on
from .describe import commitment_name, day
from .earlyvangelist import earlyvangelist
from .errors import DomainError
from .history import (
    AskAnswer,
    Classification,
    Commitment,
    Conversation,
    Criterion,
    Id,
    NextStep,
    ProspectHistory,
    id_order,
)
from .ladders import MAIN_TRACK, NURTURE_TRACK, Ladder, Rung
from .lead_facts import LeadFacts, lead_facts
from .notes_hints import NO_HINTS, NotesHints
from .outcomes import conversation_outcome
from .results import Advice, AdviceKind, Outcome, OutcomeResult, Reason, Verdict
from .verdict_rules import verdict_of

WEAK_OUTCOMES = frozenset({Outcome.COMPLIMENTED, Outcome.HEDGED, Outcome.NO_NEXT_STEP})
# "The conversation on 4 Dec 2026 ended ...": each outcome as the end of that sentence.
_ENDED = {
    Outcome.ADVANCED: "with a step forward",
    Outcome.REJECTED: "in a clear no",
    Outcome.HEDGED: "in a stall",
    Outcome.COMPLIMENTED: "in compliments, with nothing given",
    Outcome.NO_NEXT_STEP: "with no next step",
}
BRIEF_CONVERSATIONS = 3
# After this many stalls the kind thing is to make "no" easy to say, then park or close.
HEDGES_BEFORE_PERMISSION = 2
PERMISSION_WORDING = (
    "It's completely fine if this isn't a priority for you right now. Should I close the file "
    "for now, or is there something specific that would make it worth a next step?"
)
MATERIAL_WORDING = (
    "Rather than me sending the deck, could we take twenty minutes this week to go through it "
    "together on one of your real cases? You'll see quickly whether it fits."
)
INTRODUCTION_WORDING = (
    "Before we wrap up: is there someone on your team who deals with this "
    "more closely than you do? Would you introduce me to them this week?"
)
_WHY_WEAK = {
    Outcome.COMPLIMENTED: (
        "Praise costs nothing to give. They liked the idea but gave up no "
        "time, reputation or money for it, so it says nothing about whether "
        "they will."
    ),
    Outcome.HEDGED: (
        "'Let me think about it' or 'send me an email' is a polite no until proven otherwise. A hedge gives up nothing."
    ),
    Outcome.NO_NEXT_STEP: (
        "Nobody knows what happens next, so nothing will. A meeting that ends "
        "without a commitment or a dated step did not move the lead."
    ),
}


@dataclass(frozen=True, slots=True)
class ConversationGlance:
    id: Id
    on: date
    outcome: Outcome
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """What to know and what to ask before the next meeting."""

    prospect_id: Id
    prospect: str
    verdict: Verdict
    rung: str | None  # the rung the lead stands on
    recent: tuple[ConversationGlance, ...]  # latest first
    open_commitments: tuple[Commitment, ...]
    open_steps: tuple[NextStep, ...]
    ask: Advice
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Debrief:
    """What a conversation amounted to, and how to rescue it if it was weak."""

    conversation_id: Id
    on: date
    outcome: Outcome
    reasons: tuple[Reason, ...]
    failure: str = ""  # why a weak outcome counts as a failed meeting
    salvage: Advice | None = None  # the smaller ask to make now


def advise(
    history: ProspectHistory,
    ladder: Ladder,
    today: date,
    *,
    verdict: Verdict | None = None,
    hints: NotesHints = NO_HINTS,
) -> Advice:
    """The one thing to do next; pass the verdict when it is already known, and what the last
    weak conversation's notes offer (`hints`) when they were read."""
    facts = lead_facts(history, ladder, today)
    return advice_for(facts, verdict if verdict is not None else verdict_of(facts)[0], hints)


def next_ask(history: ProspectHistory, ladder: Ladder, today: date) -> Advice:
    return advise(history, ladder, today)


def advice_for(facts: LeadFacts, verdict: Verdict, hints: NotesHints = NO_HINTS) -> Advice:
    history = facts.history
    if verdict is Verdict.LOST and history.closure is not None:
        return Advice(AdviceKind.STOP, f"Closed as lost on {day(history.closure.on)}. Nothing to ask.")
    if verdict is Verdict.REJECTED:
        return Advice(
            AdviceKind.STOP,
            (
                f"They said no on {day(facts.last_no_on)}. Take it as the useful answer it is: ask what "
                "would have to change, then spend your time on other leads."
            ),
        )
    if verdict is Verdict.NOT_A_PROSPECT:
        return Advice(AdviceKind.STOP, "Not a prospect. Nothing to ask.")
    if verdict is Verdict.PARKED and history.parking is not None:
        parking = history.parking
        return Advice(
            AdviceKind.WAIT, f"Parked until {day(parking.until)} ({parking.reason}). Nothing to ask before then."
        )
    if facts.open_asks:
        return _await(facts, min(facts.open_asks, key=lambda c: (c.asked_on, id_order(c.id))))
    pending = _to_follow_through(facts)
    if pending is not None:
        return _follow_through(facts, pending)
    track = _track(facts)
    following = _next_rung(facts, track)
    weak = _weak_talk(facts)
    if weak is not None:
        talk, result = weak
        return _salvage(
            facts,
            track,
            following,
            _asked_rung(facts, talk),
            bool(talk.planned_ask or talk.ask_answer),
            _talk_reasons(talk, result),
            hints,
        )
    broken = _latest_broken(facts)
    if broken is not None:
        name = commitment_name(broken, facts.rung_of(broken))
        why = f"They agreed on {day(agreed_on(broken))} to {name!r} and did not follow through."
        return _salvage(facts, track, following, broken.rung, True, (Reason(why, broken.due),))
    if following is None:
        return Advice(
            AdviceKind.TOP,
            (
                "Every rung on this ladder is reached. There is nothing bigger to ask; keep them "
                "successful and ask who else fights the same problem."
            ),
        )
    return _ask(facts, following)


def brief(history: ProspectHistory, ladder: Ladder, today: date) -> Brief:
    facts = lead_facts(history, ladder, today)
    verdict = verdict_of(facts)[0]
    recent = tuple(
        ConversationGlance(c.id, c.on, result.outcome, result.reasons)
        for c in reversed(facts.conversations[-BRIEF_CONVERSATIONS:])
        for result in (conversation_outcome(c, history.commitments, history.next_steps),)
    )
    open_steps = tuple(
        sorted((s for s in history.next_steps if s.open), key=lambda s: (s.due or date.max, id_order(s.id)))
    )
    return Brief(
        prospect_id=history.id,
        prospect=history.name,
        verdict=verdict,
        rung=facts.stage.current,
        recent=recent,
        open_commitments=tuple(facts.open_asks + facts.awaiting),
        open_steps=open_steps,
        ask=advice_for(facts, verdict),
        questions=learning_questions(history, today),
    )


def debrief(
    history: ProspectHistory, ladder: Ladder, conversation_id: Id, today: date, hints: NotesHints = NO_HINTS
) -> Debrief:
    conversation = next((c for c in history.conversations if c.id == conversation_id), None)
    if conversation is None:
        raise DomainError(f"prospect {history.name!r} has no conversation {conversation_id!r}")
    result = conversation_outcome(conversation, history.commitments, history.next_steps)
    if result.outcome not in WEAK_OUTCOMES:
        return Debrief(conversation.id, conversation.on, result.outcome, result.reasons)
    facts = lead_facts(history, ladder, today)
    track = _track(facts)
    asked = bool(conversation.planned_ask or conversation.ask_answer)
    salvage = _salvage(
        facts,
        track,
        _next_rung(facts, track),
        _asked_rung(facts, conversation),
        asked,
        _talk_reasons(conversation, result),
        hints,
    )
    return Debrief(
        conversation.id,
        conversation.on,
        result.outcome,
        result.reasons,
        failure=_WHY_WEAK[result.outcome],
        salvage=salvage,
    )


# Questions about their past and present, never about our idea: what they did, not
# what they would do. The first ones probe whatever earlyvangelist evidence is missing.
_PROBES = {
    Criterion.HAS_PROBLEM: "Tell me about the last time this came up. What happened, step by step?",
    Criterion.KNOWS_PROBLEM: ("Who on your side brought this up most recently, and what prompted it?"),
    Criterion.MAKESHIFT_SOLUTION: ("How are you handling it today, and what do you like least about that?"),
    Criterion.HAS_BUDGET: (
        "When your team last paid for something to fix a problem like this, "
        "who signed off and whose budget did it come from?"
    ),
    Criterion.URGENCY: "What did the last time it went wrong cost you, in hours or in money?",
}
_GENERAL = (
    "Who else is affected when this goes wrong, and how do they cope?",
    "Where does this sit among the other things your team is working on this quarter?",
    "What have you already tried that didn't work, and why did you stop?",
    "Is there anyone else I should be talking to about this?",
)
QUESTION_COUNT = 5


def learning_questions(history: ProspectHistory, today: date) -> tuple[str, ...]:
    missing = earlyvangelist(history, today).missing
    questions = [_PROBES[c] for c in missing]
    questions += [q for q in _GENERAL if q not in questions]
    return tuple(questions[:QUESTION_COUNT])


def _track(facts: LeadFacts) -> str:
    if facts.history.classification is Classification.NO_CURRENT_OPPORTUNITY:
        return NURTURE_TRACK
    return MAIN_TRACK


def _next_rung(facts: LeadFacts, track: str) -> Rung | None:
    """The first rung on the track above the highest one reached on it."""
    rungs = facts.profile.track(track)
    position = facts.profile.position
    reached = [position[r.key] for r in rungs if r.key in facts.reached]
    top = max(reached, default=-1)
    return next((r for r in rungs if position[r.key] > top), None)


def _weak_talk(facts: LeadFacts) -> tuple[Conversation, OutcomeResult] | None:
    """The last conversation with the prospect, if it ended weakly and nothing was given since."""
    talk = facts.last_talk
    if talk is None or (facts.last_given_on is not None and facts.last_given_on >= talk.on):
        return None
    history = facts.history
    result = conversation_outcome(talk, history.commitments, history.next_steps)
    return (talk, result) if result.outcome in WEAK_OUTCOMES else None


def _talk_reasons(talk: Conversation, result: OutcomeResult) -> tuple[Reason, ...]:
    weak_on = f"The conversation on {day(talk.on)} ended {_ENDED[result.outcome]}."
    return (Reason(weak_on, talk.on), *result.reasons)


def _salvage(
    facts: LeadFacts,
    track: str,
    following: Rung | None,
    asked: str | None,
    anything_asked: bool,
    reasons: tuple[Reason, ...],
    hints: NotesHints = NO_HINTS,
) -> Advice:
    """After a weak answer: permission to say no after repeated stalls; else what their own words
    offer (someone to bring in, the deck they asked for); else a smaller rung or an introduction."""
    why = reasons[0].text
    stalls = sum(1 for c in facts.conversations if c.hedged or c.ask_answer is AskAnswer.HEDGED)
    if stalls >= HEDGES_BEFORE_PERMISSION:
        return Advice(
            AdviceKind.SALVAGE,
            (
                f"{why} They have stalled {stalls} times. Make 'no' easy to say, and park or close the lead "
                "if that is the answer: a clear no frees you for leads that will move."
            ),
            None,
            PERMISSION_WORDING,
            reasons,
            actions=("park", "close"),
        )
    if hints.mentioned:
        intro = _intro_rung(facts, track)
        return Advice(
            AdviceKind.SALVAGE,
            (f"{why} They mentioned {hints.mentioned}: ask for that introduction now, while it is fresh."),
            intro.key if intro else None,
            f"You mentioned {hints.addressed}. Could you introduce me to {hints.object_pronoun} this week?",
            reasons,
        )
    if hints.wants_material:
        return Advice(
            AdviceKind.SALVAGE,
            (
                f"{why} They asked for material instead of committing: offer to go through it with them, on "
                "their own data."
            ),
            None,
            MATERIAL_WORDING,
            reasons,
        )
    smaller = _smaller_rung(facts, track, following, asked, anything_asked)
    if smaller is None:
        return Advice(
            AdviceKind.SALVAGE,
            (f"{why} Don't repeat the same ask; ask for an introduction to someone closer to the problem."),
            None,
            INTRODUCTION_WORDING,
            reasons,
        )
    wording = "Could we take a smaller step first? " + _wording(smaller)
    return Advice(
        AdviceKind.SALVAGE, f"{why} Ask for something smaller: {smaller.label!r}.", smaller.key, wording, reasons
    )


def _intro_rung(facts: LeadFacts, track: str) -> Rung | None:
    """An unreached introduction rung above where the lead stands, if the ladder has one."""
    following = _next_rung(facts, track)
    if following is None:
        return None
    position = facts.profile.position
    return next(
        (
            r
            for r in facts.profile.track(track)
            if "intro" in r.key and r.key not in facts.reached and position[r.key] >= position[following.key]
        ),
        None,
    )


def _smaller_rung(
    facts: LeadFacts, track: str, following: Rung | None, asked: str | None, anything_asked: bool
) -> Rung | None:
    """The next rung up, if it is smaller than what the prospect balked at; never one below a rung
    already reached, which would ask for less than they have given."""
    position = facts.profile.position
    lowest = following
    if lowest is None:
        return None
    if asked is None and not anything_asked:
        return lowest  # nothing was asked at all: any concrete ask is the salvage
    if asked is None or asked not in position:
        return None
    if position[lowest.key] < position[asked]:
        return lowest
    return None


def _to_follow_through(facts: LeadFacts) -> Commitment | None:
    """The agreed commitment to see through before asking for more.

    A dated one always counts. An undated one counts until the prospect agrees to
    something later: a promise logged in the very meeting it described is usually
    never marked done, and must not block the coach for ever.
    """
    if not facts.awaiting:
        return None
    dated = [c for c in facts.awaiting if c.due is not None]
    if dated:
        return min(dated, key=_due_order)
    latest = facts.last_given_on
    current = [c for c in facts.awaiting if agreed_on(c) == latest]
    position = facts.profile.position
    return max(current, key=lambda c: position.get(c.rung or "", -1)) if current else None


def _latest_broken(facts: LeadFacts) -> Commitment | None:
    """The most recent broken promise, if nothing has been given since it was made."""
    if not facts.broken:
        return None
    broken = max(facts.broken, key=agreed_on)
    if facts.last_given_on is not None and facts.last_given_on >= agreed_on(broken):
        return None
    return broken


def _asked_rung(facts: LeadFacts, talk: Conversation) -> str | None:
    for c in facts.history.commitments:
        if c.conversation_id == talk.id and c.rung in facts.profile.position:
            return c.rung
    return talk.planned_ask if talk.planned_ask in facts.profile.position else None


def _await(facts: LeadFacts, c: Commitment) -> Advice:
    name = commitment_name(c, facts.rung_of(c))
    return Advice(
        AdviceKind.AWAIT_ANSWER,
        f"You asked on {day(c.asked_on)} for {name!r} and have no answer yet. Get a yes or a no "
        "before asking for anything else.",
        c.rung,
        f"Coming back to my question ({name}): is it a yes or a no? Either answer helps.",
        (Reason(f"Asked on {day(c.asked_on)} for {name!r}.", c.asked_on),),
    )


def _follow_through(facts: LeadFacts, c: Commitment) -> Advice:
    name = commitment_name(c, facts.rung_of(c))
    on = agreed_on(c)
    if c.due is not None:
        text = f"They agreed on {day(on)} to {name!r}, due {day(c.due)}. Make sure it happens before asking for more."
        wording = f"About what we agreed ({name}): are we still on for {day(c.due)}? Anything you need from me?"
    else:
        text = f"They agreed on {day(on)} to {name!r} with no date. Put a date on it before asking for more."
        wording = f"About what we agreed ({name}): which day suits you? Let's put it in."
    return Advice(AdviceKind.FOLLOW_THROUGH, text, c.rung, wording, (Reason(f"Agreed on {day(on)} to {name!r}.", on),))


def _ask(facts: LeadFacts, rung: Rung) -> Advice:
    text = f"Ask for the next rung: {rung.label!r}."
    step = facts.upcoming_step
    if step is not None:
        text += f" Make the ask at {step.description!r} on {day(step.due)}."
    current = facts.current_rung
    reasons = (
        (Reason(f"Reached {current.label!r} on {day(facts.stage.since)}.", facts.stage.since),)
        if current is not None
        else ()
    )
    return Advice(AdviceKind.ASK, text, rung.key, _wording(rung), reasons)


def _wording(rung: Rung) -> str:
    return rung.ask or f"Would you agree to this: {rung.label}?"


def _due_order(c: Commitment) -> tuple[date, tuple[int, int, str]]:
    return c.due or date.max, id_order(c.id)


# Asks that work. The coach's next rung comes from the ladder; which words to use, and whether a
# smaller step would get an answer at all, comes from how this segment's prospects answered before.
# Only evidence counts: a rung or a wording needs `MIN_ASKS_TO_PREFER` judged asks.
MIN_ASKS_TO_PREFER = 3
POOR_ANSWER_RATE = 0.5


def prefer_asks_that_work(advice: Advice, ladder: Ladder, reached: Iterable[str], table: AskTable) -> Advice:
    """The advice, with the wording and size of ask that got clear answers in the segment, and why."""
    if advice.kind not in (AdviceKind.ASK, AdviceKind.SALVAGE) or not advice.rung or not ladder.has_rung(advice.rung):
        return advice
    segment = table.segment or "every segment"
    rung = ladder.rung(advice.rung)
    reasons = list(advice.reasons)
    text, wording = advice.text, advice.wording
    row = table.rung(rung.key)
    smaller = _smaller_that_works(ladder, rung, set(reached), table, row)
    if smaller is not None and row is not None:
        better, rows = smaller
        text = (
            f"{text} In {segment}, asks for {rung.label!r} rarely got a clear answer "
            f"({_answers(row.counts)}); ask for {better.label!r} first."
        )
        rung, row = better, rows
        wording = better.ask or f"Would you agree to this: {better.label}?"
    best = _best_wording(row)
    if best is not None:
        if wording_key(best.wording) != wording_key(wording):
            reasons.append(
                Reason(
                    f"In {segment}, “{best.wording}” got {_answers(best.counts)}: the wording that gets answers there."
                )
            )
            wording = best.wording
        else:
            reasons.append(Reason(f"In {segment}, this wording got {_answers(best.counts)}."))
    if wording == advice.wording and rung.key == advice.rung and len(reasons) == len(advice.reasons):
        return advice
    return replace(advice, text=text, rung=rung.key, wording=wording, reasons=tuple(reasons))


def _answers(c: AskCounts) -> str:
    days = "" if c.median_days is None else f", answered in {c.median_days:g} days on median"
    return f"a clear yes or no {c.answered} times out of {c.judged} ({c.agreed} yes){days}"


def _best_wording(row: RungAsks | None) -> WordingAsks | None:
    if row is None:
        return None
    tried = [w for w in row.wordings if w.counts.judged >= MIN_ASKS_TO_PREFER]
    return max(
        tried, key=lambda w: (w.counts.answer_rate, w.counts.agree_rate, -(w.counts.median_days or 0)), default=None
    )


def _smaller_that_works(
    ladder: Ladder, rung: Rung, reached: set[str], table: AskTable, row: RungAsks | None
) -> tuple[Rung, RungAsks] | None:
    """A lower, unreached rung of the same track whose asks got answers, when this rung's mostly did not."""
    if row is None or row.counts.judged < MIN_ASKS_TO_PREFER or (row.counts.answer_rate or 0) >= POOR_ANSWER_RATE:
        return None
    position = ladder.position(rung.key)
    found = []
    for lower in ladder.track(rung.track):
        other = table.rung(lower.key)
        if (
            ladder.position(lower.key) < position
            and lower.key not in reached
            and other is not None
            and other.counts.judged >= MIN_ASKS_TO_PREFER
            and (other.counts.answer_rate or 0) >= POOR_ANSWER_RATE
        ):
            found.append((other.counts.answer_rate or 0, ladder.position(lower.key), lower, other))
    if not found:
        return None
    _, _, lower, other = max(found, key=lambda f: (f[0], f[1]))
    return lower, other
