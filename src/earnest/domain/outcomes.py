"""How one conversation ended, judged by what the prospect gave up in it.

Precedence: ``rejected`` > ``advanced`` > ``hedged`` > ``complimented`` > ``no_next_step``.

A clear no wins because it is the most useful thing a conversation can produce. A
conversation *advanced* only when something backs it: a commitment agreed in it (still
kept, fulfilled, or later broken: the meeting did move things, the follow-through
failed), or a next step with a date that the prospect takes part in. An "agreed"
answer with neither behind it is a yes without a date or a person, which is a hedge;
a step only we own is our homework, not their commitment. So a hedge never advances.
"""

from __future__ import annotations

from collections.abc import Sequence

from .describe import commitment_name, day
from .history import AskAnswer, Commitment, CommitmentStatus, Conversation, NextStep
from .results import Outcome, OutcomeResult, Reason

# Statuses that show the prospect said yes in this conversation; BROKEN could only
# have been reached through AGREED.
_SAID_YES = frozenset(
    {
        CommitmentStatus.AGREED,
        CommitmentStatus.FULFILLED,
        CommitmentStatus.BROKEN,
    }
)


def conversation_outcome(
    conversation: Conversation,
    commitments: Sequence[Commitment],
    next_steps: Sequence[NextStep],
) -> OutcomeResult:
    on = conversation.on
    here = conversation.id
    agreed = [c for c in commitments if c.conversation_id == here and c.status in _SAID_YES]
    dated_steps = [s for s in next_steps if s.conversation_id == here and s.due is not None and s.involves_prospect]

    if conversation.rejected or conversation.ask_answer is AskAnswer.DECLINED:
        what = f" to {conversation.planned_ask!r}" if conversation.planned_ask else ""
        return _result(Outcome.REJECTED, Reason(f"They said a clear no{what} on {day(on)}.", on))

    if agreed or dated_steps:
        reasons = [Reason(f"On {day(on)} they {_gave(c)} {commitment_name(c, None)!r}.", on) for c in agreed]
        reasons += [
            Reason(f"On {day(on)} a next step with them was set: {s.description!r}, due {day(s.due)}.", on)
            for s in dated_steps
        ]
        return OutcomeResult(Outcome.ADVANCED, tuple(reasons))

    if conversation.ask_answer is AskAnswer.AGREED:
        return _result(
            Outcome.HEDGED,
            Reason(
                f"On {day(on)} they said yes, but no commitment or dated step with them backs it; "
                "a yes without a date or a person is a hedge.",
                on,
            ),
        )
    if conversation.hedged or conversation.ask_answer is AskAnswer.HEDGED:
        return _result(Outcome.HEDGED, Reason(f"On {day(on)} they stalled instead of answering yes or no.", on))
    if conversation.complimented:
        return _result(
            Outcome.COMPLIMENTED, Reason(f"On {day(on)} they praised the idea but gave up nothing for it.", on)
        )
    if conversation.outreach_unanswered:
        return _result(Outcome.NO_NEXT_STEP, Reason(f"Our message of {day(on)} got no reply.", on))
    return _result(
        Outcome.NO_NEXT_STEP,
        Reason(f"The conversation on {day(on)} ended without a commitment or a dated next step.", on),
    )


def _gave(c: Commitment) -> str:
    # "they agreed to 'introduced me to Raj'" misreads a thing already done as a promise
    return "followed through on" if c.status is CommitmentStatus.FULFILLED else "agreed to"


def _result(outcome: Outcome, reason: Reason) -> OutcomeResult:
    return OutcomeResult(outcome, (reason,))
