"""The verdict on a lead, with everything behind it.

Verdict precedence, first match wins:

1. ``lost``: the lead was closed; the reason and note are cited.
2. ``parked``: set aside until a date still ahead. Once that date comes the lead
   wakes up and is assessed by the rules below, with a reason saying it woke.
3. ``not_a_prospect``: qualified out.
4. ``customer``: a rung on the ladder's customer line was given (agreed and kept,
   or fulfilled).
5. ``rejected``: the last decisive answer was a clear no (a declined commitment or a
   rejected conversation) and nothing was agreed on or after that day.
6. ``nurture``: classified as having no current opportunity.
7. ``unasked``: no commitment was ever asked for, and no conversation carried an ask.
8. ``stalled``: something was given, but nothing has been given, fulfilled or done with
   the prospect for longer than the current rung allows, and no dated step with them
   is ahead. A lead with such a step ahead is never stalled.
9. ``real``: the prospect has given a commitment that still stands.
10. ``zombie``: asked, but only compliments, hedges, unanswered asks or broken promises.

``real`` and ``customer`` always rest on a commitment actually given. The rules read
``today`` from their caller and never look at a clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from .coach import advice_for
from .earlyvangelist import earlyvangelist
from .errors import DomainError
from .history import ProspectHistory
from .horizon import recheck_on_of
from .ladder_profile import LadderProfile, ladder_profile
from .ladders import Ladder
from .lead_facts import LeadFacts, lead_facts
from .results import Advice, AdviceKind, Assessment, Verdict
from .strength import strength_of
from .verdict_rules import verdict_of
from .warnings import warnings_of

# Warnings are about pursuing a lead; on one that is closed, refused or set aside they are noise.
_QUIET = frozenset({Verdict.LOST, Verdict.PARKED, Verdict.NOT_A_PROSPECT, Verdict.REJECTED})


def assess(history: ProspectHistory, ladder: Ladder, today: date) -> Assessment:
    return _assess(history, lead_facts(history, ladder_profile(ladder), today))


def assess_many(
    histories: Iterable[ProspectHistory], ladders: Mapping[str, Ladder], today: date
) -> Iterator[Assessment]:
    """Assess each history against its own ladder, in the order given."""
    for history, profile in _profiled(histories, ladders):
        yield _assess(history, lead_facts(history, profile, today))


def assess_many_until(
    histories: Iterable[ProspectHistory], ladders: Mapping[str, Ladder], today: date, *, explain: bool = True
) -> Iterator[tuple[Assessment, date]]:
    """`assess_many`, each assessment with the day it must be made again (`horizon.recheck_on`):
    until then the date alone changes nothing in it but its day counts.

    With `explain=False` the coach is not asked (a tenth of the work), each assessment's advice
    is `UNADVISED`, and neither what was given, the earlyvangelist criteria, the warnings nor the
    strength's terms are spelt out: for a store of verdicts, which keeps none of them."""
    for history, profile in _profiled(histories, ladders):
        facts = lead_facts(history, profile, today)
        yield _assess(history, facts, explain), recheck_on_of(history, facts)


def _profiled(
    histories: Iterable[ProspectHistory], ladders: Mapping[str, Ladder]
) -> Iterator[tuple[ProspectHistory, LadderProfile]]:
    profiles: dict[str, LadderProfile] = {}
    for history in histories:
        profile = profiles.get(history.ladder)
        if profile is None:
            ladder = ladders.get(history.ladder)
            if ladder is None:
                raise DomainError(f"prospect {history.name!r} uses the ladder {history.ladder!r}, which does not exist")
            profile = profiles[history.ladder] = ladder_profile(ladder)
        yield history, profile


# The advice of an assessment made without asking the coach (`assess_many_until(explain=False)`).
UNADVISED = Advice(AdviceKind.WAIT, "")


def _assess(history: ProspectHistory, facts: LeadFacts, explain: bool = True) -> Assessment:
    today = facts.today
    verdict, reasons = verdict_of(facts, explain=explain)
    warnings = () if verdict in _QUIET else warnings_of(facts, facts.stage, explain)
    return Assessment(
        prospect_id=history.id,
        verdict=verdict,
        reasons=reasons,
        warnings=warnings,
        strength=strength_of(facts, explain),
        earlyvangelist=earlyvangelist(history, today, explain=explain),
        stage=facts.stage,
        advice=advice_for(facts, verdict) if explain else UNADVISED,
    )
