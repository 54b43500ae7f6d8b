"""How fast the pure rules assess a book of leads, with no database in the way.

    python bench/domain_bench.py [--sizes 10000 100000] [--seed 7]

Histories are generated in memory (seeded, about ten events per prospect) and walked
twice: once by a baseline loop that only touches every event's date, the least any
assessment must cost, and once by ``assess_many``. The ratio between the two says how
much the rules cost on top of reading the data, which is steadier across machines
than either number alone.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import date, timedelta

from earnest.domain import (
    AskAnswer,
    Classification,
    Commitment,
    CommitmentStatus,
    Contact,
    Conversation,
    Criterion,
    Evidence,
    NextStep,
    ProspectHistory,
    Role,
    StepOwner,
    StepResult,
    assess_many,
    builtin_ladders,
)

TODAY = date(2026, 11, 23)
STATUSES = list(CommitmentStatus)
ANSWERS = [None, *AskAnswer]


def synthetic_histories(count: int, seed: int) -> list[ProspectHistory]:
    rng = random.Random(seed)
    ladders = builtin_ladders()
    keys = sorted(ladders)
    main_rungs = {k: [r.key for r in ladders[k].rungs if r.track == "main"] for k in keys}
    histories = []
    for n in range(count):
        ladder = rng.choice(keys)
        created = TODAY - timedelta(days=rng.randint(20, 700))
        age = (TODAY - created).days

        def day(rng: random.Random = rng, created: date = created, age: int = age) -> date:
            return created + timedelta(days=rng.randint(0, age))

        conversations = tuple(
            Conversation(
                id=i,
                on=day(),
                ask_answer=rng.choice(ANSWERS),
                complimented=rng.random() < 0.3,
                hedged=rng.random() < 0.2,
                outreach_unanswered=rng.random() < 0.1,
            )
            for i in range(rng.randint(2, 4))
        )
        commitments = []
        for i, rung in enumerate(main_rungs[ladder][: rng.randint(0, 3) * 2 : 2]):
            asked = day()
            status = rng.choice(STATUSES)
            answered = asked + timedelta(days=rng.randint(0, 5)) if status.value != "asked" else None
            commitments.append(
                Commitment(
                    id=i,
                    description="",
                    currencies=frozenset(),
                    asked_on=asked,
                    status=status,
                    rung=rung,
                    conversation_id=rng.choice(conversations).id,
                    answered_on=answered,
                    due=asked + timedelta(days=rng.randint(5, 40)) if rng.random() < 0.5 else None,
                    closed_on=answered + timedelta(days=3)
                    if answered and status.value in ("fulfilled", "broken")
                    else None,
                )
            )
        steps = tuple(
            NextStep(
                id=i,
                description="step",
                owner=rng.choice(list(StepOwner)),
                created_on=day(),
                due=TODAY + timedelta(days=rng.randint(-30, 30)),
                result=rng.choice([None, StepResult.YES, StepResult.NO]),
                done_on=day(),
            )
            for i in range(rng.randint(0, 2))
        )
        evidence = tuple(Evidence(rng.choice(list(Criterion)), day()) for _ in range(rng.randint(0, 3)))
        histories.append(
            ProspectHistory(
                id=n,
                name=f"Company {n}",
                ladder=ladder,
                created_on=created,
                contacts=tuple(Contact(i, "x", rng.choice(list(Role))) for i in range(rng.randint(1, 3))),
                conversations=conversations,
                commitments=tuple(commitments),
                next_steps=steps,
                evidence=evidence,
                classification=rng.choice([None, None, None, *Classification]),
            )
        )
    return histories


def event_count(histories: Sequence[ProspectHistory]) -> int:
    return sum(
        len(h.contacts) + len(h.conversations) + len(h.commitments) + len(h.next_steps) + len(h.evidence)
        for h in histories
    )


def touch_every_event(histories: Sequence[ProspectHistory]) -> int:
    """The baseline: read one date from every event, and nothing else."""
    total = 0
    for h in histories:
        for c in h.conversations:
            total += c.on.toordinal()
        for m in h.commitments:
            total += m.asked_on.toordinal()
        for s in h.next_steps:
            total += s.created_on.toordinal()
        for e in h.evidence:
            total += e.on.toordinal()
        total += len(h.contacts)
    return total


def timed(run) -> float:  # noqa: ANN001 - any zero-argument callable
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    ladders = builtin_ladders()
    for size in args.sizes:
        histories = synthetic_histories(size, args.seed)
        events = event_count(histories)
        baseline = timed(lambda histories=histories: touch_every_event(histories))
        rules = timed(lambda histories=histories: sum(1 for _ in assess_many(histories, ladders, TODAY)))
        print(
            f"{size:>7,} prospects, {events:>9,} events: "
            f"assess_many {rules:6.2f} s ({size / rules:>9,.0f} assessments/s), "
            f"baseline {baseline:5.3f} s, ratio {rules / baseline:5.1f}x"
        )


if __name__ == "__main__":
    main()
