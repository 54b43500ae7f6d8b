"""The verdict for one lead, from its facts. The precedence is laid out in ``verdicts``."""

from __future__ import annotations

from .commitments import ANSWER_GRACE_DAYS, agreed_on
from .describe import commitment_name, currency_list, day, plural
from .history import AskAnswer, Classification, Commitment, CommitmentStatus, Conversation
from .lead_facts import LeadFacts
from .results import Reason, Verdict

# Reasons list at most this many weak conversations; the rest add nothing new.
MAX_CITED = 3


def verdict_of(facts: LeadFacts, *, explain: bool = True) -> tuple[Verdict, tuple[Reason, ...]]:
    """The verdict and its reasons; with `explain=False` the reasons of an active lead (what was
    given, why it stalled, waits or is a zombie) are not spelt out (a store of verdicts keeps none)."""
    history = facts.history
    today = facts.today
    if history.closure is not None:
        closure = history.closure
        note = f": {closure.note}" if closure.note else "."
        label = closure.reason.value.replace("_", " ")
        return Verdict.LOST, (Reason(f"Closed as lost on {day(closure.on)} ({label}){note}", closure.on),)

    woke: list[Reason] = []
    parking = history.parking
    if parking is not None:
        if parking.until > today:
            return Verdict.PARKED, (
                Reason(f"Parked on {day(parking.on)} until {day(parking.until)}: {parking.reason}.", parking.on),
            )
        woke.append(
            Reason(
                f"Woke up on {day(parking.until)} after being parked ({parking.reason}); "
                "assessed as an active lead again.",
                parking.until,
            )
        )

    if history.classification is Classification.NOT_A_PROSPECT:
        on = history.classified_on
        when = f" on {day(on)}" if on else ""
        return Verdict.NOT_A_PROSPECT, (*woke, Reason(f"Qualified out{when}: not a prospect for what we sell.", on))

    given = [_given_reason(facts, c) for c in facts.given] if explain else []
    customer_line = facts.profile.customer_keys
    # A promise to buy is not a purchase: the customer line counts once it is fulfilled.
    delivered = [key for key in facts.delivered if key in customer_line]
    if delivered:
        key = min(delivered, key=facts.delivered.__getitem__)
        label = facts.profile.rungs[key].label
        on = facts.delivered[key]
        return Verdict.CUSTOMER, (*woke, Reason(f"Became a customer on {day(on)}: {label!r}.", on), *given)

    if _no_stands(facts):
        said_no_to = facts.profile.rungs.get(facts.last_no_text)  # an ask on a rung reads as its label
        said_no_to_text = said_no_to.label if said_no_to is not None else facts.last_no_text
        what = f" to {said_no_to_text!r}" if said_no_to_text else ""
        since = " Nothing has been given since." if facts.given else ""
        return Verdict.REJECTED, (
            *woke,
            Reason(f"Said a clear no{what} on {day(facts.last_no_on)}.{since}", facts.last_no_on),
        )

    if history.classification is Classification.NO_CURRENT_OPPORTUNITY:
        on = history.classified_on
        when = f" on {day(on)}" if on else ""
        return Verdict.NURTURE, (
            *woke,
            Reason(f"No current opportunity (classified{when}); keep in touch on the nurture track.", on),
            *given,
        )

    waiting = _only_waiting(facts, explain)
    if waiting is not None:
        return Verdict.UNASKED, (*woke, waiting)

    if not facts.ever_asked:
        talks = plural(len(facts.conversations), "conversation")
        return Verdict.UNASKED, (
            *woke,
            Reason(
                f"Never asked for a commitment ({talks} so far). It is not a real lead until they "
                "have had a concrete chance to say no."
            ),
        )

    if facts.given:
        stalled = _stalled(facts, explain)
        if stalled is not None:
            return Verdict.STALLED, (*woke, stalled, *given)
        return Verdict.REAL, (*woke, *given)

    return Verdict.ZOMBIE, (*woke, *_zombie_reasons(facts)) if explain else tuple(woke)


def _no_stands(facts: LeadFacts) -> bool:
    """A clear no decides the lead unless something was given, a dated step with them was agreed,
    or they were classified as a later opportunity, on or after the day they said it."""
    no_on = facts.last_no_on
    if no_on is None:
        return False
    if facts.last_given_on is not None and facts.last_given_on >= no_on:
        return False
    step = facts.upcoming_step
    if step is not None and step.created_on >= no_on:
        return False
    history = facts.history
    later = history.classification is Classification.NO_CURRENT_OPPORTUNITY and (
        history.classified_on is None or history.classified_on >= no_on
    )
    return not later


_UNSAID = Reason("")  # a reason decided but not spelt out (`explain=False`)


def _only_waiting(facts: LeadFacts, explain: bool = True) -> Reason | None:
    """A fresh ask with nothing else to judge by: the answer is pending, not a silence yet."""
    if facts.given or facts.broken or not facts.open_asks:
        return None
    if any(_hedged(c) or c.complimented for c in facts.conversations):
        return None
    if any((facts.today - c.asked_on).days > ANSWER_GRACE_DAYS for c in facts.open_asks):
        return None
    if not explain:
        return _UNSAID
    newest = max(facts.open_asks, key=lambda c: c.asked_on)
    name = commitment_name(newest, facts.rung_of(newest))
    return Reason(
        f"Asked on {day(newest.asked_on)} for {name!r}; waiting for the answer. Nothing has been "
        f"given yet, and silence past {ANSWER_GRACE_DAYS} days will count against the lead.",
        newest.asked_on,
    )


def _given_reason(facts: LeadFacts, c: Commitment) -> Reason:
    name = commitment_name(c, facts.rung_of(c))
    currencies = currency_list(facts.currencies_of(c))
    if c.status is CommitmentStatus.FULFILLED and c.closed_on is not None:
        return Reason(f"Fulfilled on {day(c.closed_on)}: {name!r} ({currencies}).", c.closed_on)
    on = agreed_on(c)
    due = f", due {day(c.due)}" if c.due else ""
    return Reason(f"Agreed on {day(on)} to {name!r} ({currencies}{due}).", on)


def _stalled(facts: LeadFacts, explain: bool = True) -> Reason | None:
    """Nothing given or done for longer than the current rung allows, and nothing dated ahead."""
    last = facts.last_advanced_on
    if last is None or facts.upcoming_step is not None:
        return None
    rung = facts.current_rung
    allowed = facts.profile.ladder.stall_days_for(rung)
    idle = (facts.today - last).days
    if idle <= allowed:
        return None
    if not explain:
        return _UNSAID
    where = f"{rung.label!r}" if rung is not None else "this lead"
    return Reason(
        f"No advancement since {day(last)} ({idle} days), longer than the {allowed} days "
        f"allowed on {where}, and no dated step with them ahead.",
        last,
    )


def _zombie_reasons(facts: LeadFacts) -> list[Reason]:
    reasons: list[Reason] = []
    for c in facts.broken:
        name = commitment_name(c, facts.rung_of(c))
        due = f" (due {day(c.due)})" if c.due else ""
        reasons.append(
            Reason(f"Agreed on {day(agreed_on(c))} to {name!r} but did not follow through{due}.", c.closed_on or c.due)
        )
    for c in facts.open_asks:
        name = commitment_name(c, facts.rung_of(c))
        reasons.append(Reason(f"Asked on {day(c.asked_on)} for {name!r}; no answer yet.", c.asked_on))
    weak = [
        (c.on, "stalled instead of answering" if _hedged(c) else "praised the idea without committing")
        for c in facts.conversations
        if _hedged(c) or c.complimented
    ]
    for on, what in weak[-MAX_CITED:]:
        reasons.append(Reason(f"On {day(on)} they {what}.", on))
    reasons.append(Reason("They were asked, but have given nothing: no time, reputation or money."))
    return reasons


def _hedged(conversation: Conversation) -> bool:
    return conversation.hedged or conversation.ask_answer is AskAnswer.HEDGED
