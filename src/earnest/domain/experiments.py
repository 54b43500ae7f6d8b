"""Experiments: a hypothesis about a segment, judged by what its prospects actually gave.

An experiment names a segment (a tag), a success criterion and a deadline. Its status is
computed, never set:

- ``validated`` as soon as the criterion is met on or before the deadline;
- ``invalidated`` from the day after the deadline, when it was not met by then;
- ``running`` until one of those;
- ``revised`` when a newer version replaced it before it had a result.

Criteria:

- ``reached``: at least N prospects of the segment reached rung R or a higher rung of the
  same track (a rung is reached when it was given: agreed and kept, or fulfilled);
- ``paying``: at least N prospects gave money (a commitment paid in money, agreed or fulfilled);
- ``amount``: the money they committed adds up to at least X;
- ``rate``: at least P% of the asks (for rung R, or all asks) were agreed, over at least M
  asks. An ask is judged once answered, or once it has waited `ANSWER_GRACE_DAYS` unanswered;
  before M asks are judged the rate proves nothing, so the experiment stays running.

Only what was on record by the judging day counts, and nothing after the deadline does. A
revised version is judged as the ledger stood on the day of its revision, so its result stays
readable after the pivot. Prospects outside the segment never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .asks import ANSWER_GRACE_DAYS, Answer, AskRecord, ask_records, resolve_rungs
from .commitments import agreed_on
from .currencies import Currency
from .describe import day as day_text
from .describe import plural
from .errors import DomainError
from .history import Id, ProspectHistory, StrEnum
from .ladders import Ladder
from .lead_facts import lead_facts
from .results import Reason

MAX_TARGET = 1_000_000


class CriterionKind(StrEnum):
    REACHED = "reached"
    PAYING = "paying"
    AMOUNT = "amount"
    RATE = "rate"


class ExperimentStatus(StrEnum):
    RUNNING = "running"
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    REVISED = "revised"


@dataclass(frozen=True, slots=True)
class SuccessCriterion:
    kind: CriterionKind
    at_least: int | None = None  # prospects (reached, paying)
    rung: str | None = None  # reached; optional for rate
    amount: Decimal | None = None  # amount
    rate: int | None = None  # percent (rate)
    min_asks: int | None = None  # rate

    def describe(self, rung_label: str | None = None) -> str:
        rung = repr(rung_label or self.rung)
        if self.kind is CriterionKind.REACHED:
            return f"at least {plural(self.at_least or 0, 'prospect')} reach {rung} or a higher rung"
        if self.kind is CriterionKind.PAYING:
            return f"at least {plural(self.at_least or 0, 'prospect')} give money"
        if self.kind is CriterionKind.AMOUNT:
            return f"the money committed adds up to at least {_money(self.amount or Decimal(0))}"
        asks = f"asks for {rung}" if self.rung else "asks"
        return f"at least {self.rate}% of the {asks} are agreed, over at least {self.min_asks} asks"


def success_criterion(
    *,
    rung: str | None = None,
    at_least: int | None = None,
    money: bool = False,
    amount: Decimal | None = None,
    rate: int | None = None,
    min_asks: int | None = None,
) -> SuccessCriterion:
    """The criterion the options describe, or a DomainError saying which option is missing or extra."""
    rung = (rung or "").strip() or None
    if not rung and not money and amount is None and rate is None:
        raise DomainError("choose a criterion: --rung RUNG, --money, --amount X or --rate P --min-asks M")
    if amount is not None and (money or rate is not None):
        raise DomainError("choose one criterion: --amount, --money, --rate or --rung")
    if money and rate is not None:
        raise DomainError("choose one criterion: --money or --rate")
    if rate is not None:
        return _rate_criterion(rung=rung, rate=rate, min_asks=min_asks, at_least=at_least)
    if min_asks is not None:
        raise DomainError("--min-asks goes with --rate")
    if amount is not None:
        return _amount_criterion(amount=amount, at_least=at_least, rung=rung)
    return _count_criterion(rung=rung, at_least=at_least, money=money)


def _rate_criterion(*, rung: str | None, rate: int, min_asks: int | None, at_least: int | None) -> SuccessCriterion:
    if not 1 <= rate <= 100:
        raise DomainError(f"the rate is a percentage from 1 to 100, not {rate}")
    if min_asks is None or not 1 <= min_asks <= MAX_TARGET:
        raise DomainError("a rate needs the number of asks it is judged over: --min-asks M (at least 1)")
    if at_least is not None:
        raise DomainError("a rate is judged over --min-asks, not --at-least")
    return SuccessCriterion(CriterionKind.RATE, rung=rung, rate=rate, min_asks=min_asks)


def _amount_criterion(*, amount: Decimal, at_least: int | None, rung: str | None) -> SuccessCriterion:
    if not Decimal(0) < amount < Decimal("1e12"):
        raise DomainError(f"the amount must be more than 0, not {amount}")
    if at_least is not None or rung:
        raise DomainError("an amount criterion takes no --at-least or --rung: the money is added up")
    return SuccessCriterion(CriterionKind.AMOUNT, amount=amount)


def _count_criterion(*, rung: str | None, at_least: int | None, money: bool) -> SuccessCriterion:
    """So many prospects paying, or reaching a rung."""
    if at_least is None or not 1 <= at_least <= MAX_TARGET:
        raise DomainError("say how many prospects it takes: --at-least N (at least 1)")
    if money:
        if rung:
            raise DomainError("choose one criterion: --money or --rung")
        return SuccessCriterion(CriterionKind.PAYING, at_least=at_least)
    return SuccessCriterion(CriterionKind.REACHED, at_least=at_least, rung=rung)


@dataclass(frozen=True, slots=True)
class ExperimentPlan:
    id: Id
    name: str
    number: int
    hypothesis: str
    segment: str
    criterion: SuccessCriterion
    started_on: date
    deadline: date
    revised_on: date | None = None
    parent_id: Id | None = None


@dataclass(frozen=True, slots=True)
class Contribution:
    """A prospect of the segment that counts toward the target, and since when."""

    prospect_id: Id
    prospect: str
    on: date
    text: str
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class OpenAsk:
    """An ask still without an answer that could move the experiment."""

    prospect_id: Id
    prospect: str
    wording: str
    rung: str | None
    asked_on: date
    commitment_id: Id | None


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    status: ExperimentStatus
    judged_on: date  # the day the ledger was read as of
    count: Decimal  # prospects, money or a percentage, by criterion
    target: Decimal
    unit: str  # prospects, money, percent
    met_on: date | None
    segment_size: int
    counted: tuple[Contribution, ...]
    open_asks: tuple[OpenAsk, ...]
    distance: str  # how far it is from the target, in words
    reasons: tuple[Reason, ...]
    asks_judged: int | None = None  # rate: answered or past the grace days
    asks_needed: int | None = None  # rate: the minimum


def validate_plan(*, name: str, hypothesis: str, segment: str, started_on: date, deadline: date) -> None:
    if not name.strip():
        raise DomainError("an experiment needs a name")
    if not hypothesis.strip():
        raise DomainError("write the hypothesis down: who the customer is, what problem, which ask tests it")
    if not segment:
        raise DomainError("an experiment needs a segment: the tag of the prospects it is about")
    if deadline < started_on:
        raise DomainError(f"the deadline {day_text(deadline)} is before the experiment starts ({day_text(started_on)})")


def judged_on(plan: ExperimentPlan, today: date) -> date:
    """The day the ledger is read as of: today, but never past the deadline or a revision."""
    return min(today, plan.deadline, plan.revised_on or today)


def experiment_result(
    plan: ExperimentPlan,
    members: Iterable[tuple[ProspectHistory, Iterable[str]]],
    ladders: Mapping[str, Ladder],
    today: date,
) -> ExperimentResult:
    """The experiment's status with its evidence; `members` are histories with their tags."""
    on = judged_on(plan, today)
    segment = [history for history, tags in members if plan.segment in tags]
    kind = plan.criterion.kind
    if kind is CriterionKind.RATE:
        progress = _rate(plan, segment, ladders, on)
    elif kind is CriterionKind.REACHED:
        progress = _reached(plan, segment, ladders, on)
    else:
        progress = _money_given(plan, segment, ladders, on)
    status = _status(plan, progress.met_on, today)
    return ExperimentResult(
        status=status,
        judged_on=on,
        count=progress.count,
        target=progress.target,
        unit=progress.unit,
        met_on=progress.met_on,
        segment_size=len(segment),
        counted=progress.counted,
        open_asks=progress.open_asks,
        distance=progress.distance,
        reasons=_reasons(plan, status, progress, today, len(segment)),
        asks_judged=progress.asks_judged,
        asks_needed=plan.criterion.min_asks,
    )


def _status(plan: ExperimentPlan, met_on: date | None, today: date) -> ExperimentStatus:
    if met_on is not None:
        return ExperimentStatus.VALIDATED
    revised = plan.revised_on
    if today > plan.deadline and (revised is None or revised > plan.deadline):
        return ExperimentStatus.INVALIDATED
    if revised is not None and revised <= today:
        return ExperimentStatus.REVISED
    return ExperimentStatus.RUNNING


@dataclass(frozen=True, slots=True)
class _Progress:
    count: Decimal
    target: Decimal
    unit: str
    met_on: date | None
    counted: tuple[Contribution, ...]
    open_asks: tuple[OpenAsk, ...]
    distance: str
    asks_judged: int | None = None


def _reached(
    plan: ExperimentPlan, segment: list[ProspectHistory], ladders: Mapping[str, Ladder], on: date
) -> _Progress:
    rung_key = plan.criterion.rung or ""
    need = plan.criterion.at_least or 0
    counted: list[Contribution] = []
    open_asks: list[OpenAsk] = []
    for history in segment:
        ladder = ladders.get(history.ladder)
        if ladder is None or not ladder.has_rung(rung_key):
            continue  # a prospect on a ladder without the rung can never reach it
        floor = ladder.rung(rung_key)
        high_enough = {r.key for r in ladder.track(floor.track) if ladder.position(r.key) >= ladder.position(rung_key)}
        facts = lead_facts(history, ladder, on)
        reached = sorted((day, key) for key, day in facts.reached.items() if key in high_enough)
        if reached:
            day, key = reached[0]
            counted.append(
                Contribution(history.id, history.name, day, f"reached {ladder.rung(key).label!r} on {day_text(day)}")
            )
        else:
            open_asks += [
                _open(history, c.description or ladder.rung(c.rung).label, c.rung, c.asked_on, c.id)
                for c in facts.open_asks
                if c.rung in high_enough
            ]
    counted.sort(key=lambda c: (c.on, c.prospect.casefold()))
    met_on = counted[need - 1].on if len(counted) >= need else None
    return _Progress(
        Decimal(len(counted)),
        Decimal(need),
        "prospects",
        met_on,
        tuple(counted),
        tuple(open_asks),
        _prospects_left(len(counted), need, met_on),
    )


def _money_given(
    plan: ExperimentPlan, segment: list[ProspectHistory], ladders: Mapping[str, Ladder], on: date
) -> _Progress:
    """Prospects who gave money (paying), or the money they committed added up (amount)."""
    criterion = plan.criterion
    counted: list[Contribution] = []
    open_asks: list[OpenAsk] = []
    payments: list[tuple[date, Decimal]] = []
    for history in segment:
        ladder = ladders.get(history.ladder)
        if ladder is None:
            continue
        facts = lead_facts(history, ladder, on)
        paid = [c for c in facts.given if Currency.MONEY in facts.currencies_of(c)]
        if paid:
            first = min(agreed_on(c) for c in paid)
            total = sum((c.amount or Decimal(0) for c in paid), Decimal(0))
            payments += [(agreed_on(c), c.amount) for c in paid if c.amount is not None]
            text = f"gave money on {day_text(first)}" + (f", {_money(total)} in all" if total else "")
            counted.append(Contribution(history.id, history.name, first, text, total))
        open_asks += [
            _open(history, c.description, c.rung, c.asked_on, c.id)
            for c in facts.open_asks
            if Currency.MONEY in facts.currencies_of(c)
        ]
    counted.sort(key=lambda c: (c.on, c.prospect.casefold()))
    if criterion.kind is CriterionKind.PAYING:
        need = criterion.at_least or 0
        met_on = counted[need - 1].on if len(counted) >= need else None
        return _Progress(
            Decimal(len(counted)),
            Decimal(need),
            "prospects",
            met_on,
            tuple(counted),
            tuple(open_asks),
            _prospects_left(len(counted), need, met_on),
        )
    target = criterion.amount or Decimal(0)
    running, met_on = Decimal(0), None
    for day, amount in sorted(payments):
        running += amount
        if met_on is None and running >= target:
            met_on = day
    if met_on is not None:
        distance = f"target met on {day_text(met_on)}"
    else:
        distance = f"{_money(running)} of {_money(target)}; {_money(target - running)} to go"
    return _Progress(running, target, "money", met_on, tuple(counted), tuple(open_asks), distance)


def _rate(plan: ExperimentPlan, segment: list[ProspectHistory], ladders: Mapping[str, Ladder], on: date) -> _Progress:
    criterion = plan.criterion
    records: list[AskRecord] = []
    for history in segment:
        records += ask_records(history, ladders.get(history.ladder), on)
    records = [r for r in resolve_rungs(records) if criterion.rung is None or r.rung == criterion.rung]
    judged = sorted(((_judged_on(r), r) for r in records if not r.waiting), key=lambda pair: pair[0])
    need, rate = criterion.min_asks or 0, criterion.rate or 0
    asked = agreed = 0
    met_on: date | None = None
    for index, (day, r) in enumerate(judged):
        asked += 1
        agreed += r.answer is Answer.AGREED
        last_of_day = index + 1 == len(judged) or judged[index + 1][0] != day
        if met_on is None and last_of_day and asked >= need and agreed * 100 >= rate * asked:
            met_on = day
    percent = Decimal(agreed * 100) / asked if asked else Decimal(0)
    counted = tuple(
        Contribution(
            r.prospect_id,
            r.prospect,
            r.answered_on or r.asked_on,
            f"agreed to {r.wording!r} on {day_text(r.answered_on or r.asked_on)}",
        )
        for _, r in judged
        if r.answer is Answer.AGREED
    )
    open_asks = tuple(_open_record(r) for r in records if r.answer is Answer.UNANSWERED and r.waiting)
    if met_on is not None:
        distance = f"target met on {day_text(met_on)}"
    elif asked < need:
        distance = (
            f"{plural(asked, 'ask')} judged of the {need} it takes; {need - asked} more before the rate can be judged"
        )
    else:
        distance = f"{percent:.0f}% agreed over {plural(asked, 'ask')}; the target is {rate}%"
    return _Progress(
        percent.quantize(Decimal("0.1")),
        Decimal(rate),
        "percent",
        met_on,
        counted,
        open_asks,
        distance,
        asks_judged=asked,
    )


def _judged_on(r: AskRecord) -> date:
    if r.answer is Answer.UNANSWERED:
        return r.asked_on + timedelta(days=ANSWER_GRACE_DAYS + 1)  # the day the silence became its answer
    return r.answered_on or r.asked_on


def _open(history: ProspectHistory, wording: str, rung: str | None, asked_on: date, cid: Id | None) -> OpenAsk:
    return OpenAsk(history.id, history.name, wording, rung, asked_on, cid)


def _open_record(r: AskRecord) -> OpenAsk:
    return OpenAsk(r.prospect_id, r.prospect, r.wording, r.rung, r.asked_on, r.commitment_id)


def _prospects_left(count: int, need: int, met_on: date | None) -> str:
    if met_on is not None:
        return f"target met on {day_text(met_on)}"
    return f"{count} of {need} prospects; {need - count} more needed"


def _reasons(
    plan: ExperimentPlan, status: ExperimentStatus, progress: _Progress, today: date, size: int
) -> tuple[Reason, ...]:
    reasons = []
    if size == 0:
        reasons.append(Reason(f"No prospect is tagged {plan.segment!r} yet, so nothing can count."))
    if status is ExperimentStatus.VALIDATED and progress.met_on is not None:
        reasons.append(Reason(f"The criterion was met on {day_text(progress.met_on)}.", progress.met_on))
    elif status is ExperimentStatus.INVALIDATED:
        reasons.append(
            Reason(f"The deadline {day_text(plan.deadline)} passed without it: {progress.distance}.", plan.deadline)
        )
    elif status is ExperimentStatus.REVISED:
        reasons.append(
            Reason(f"Revised on {day_text(plan.revised_on)} before a result: {progress.distance}.", plan.revised_on)
        )
    else:
        left = (plan.deadline - today).days
        when = "the deadline is today" if left == 0 else f"{plural(left, 'day')} left until {day_text(plan.deadline)}"
        reasons.append(Reason(f"{progress.distance[0].upper()}{progress.distance[1:]}; {when}."))
    return tuple(reasons)


def _money(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
