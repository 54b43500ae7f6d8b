"""Realistic bulk data for benchmarks: prospects with contacts, conversations, commitments,
next steps and evidence, about ten events per prospect, walking the built-in ladders.

    python bench/generate.py --prospects 10000 [--workspace bench] [--seed 7]

The database is the one earnest uses (EARNEST_HOME / EARNEST_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta

BATCH = 5_000
NOTES = [
    "Walked through how {team} handles {thing} today; two people spend {n} hours a week on it.",
    "They built a spreadsheet to track {thing}. Asked for a trial with real data; {answer}.",
    "Great call, lots of enthusiasm. They said it would be amazing to have. No date set.",
    "Send me an email and keep me posted, said {name}. Nothing concrete agreed.",
    "{name} agreed to introduce us to the head of {team} next {day}.",
    "Budget for {thing} is set aside this quarter; {name} owns it.",
    "Not a fit: they outsource {thing} entirely.",
    "Pilot kickoff booked for {day} with {name} and two analysts.",
]
TEAMS = ["finance", "operations", "dispatch", "support", "sales ops", "compliance", "the clinic"]
THINGS = ["invoice disputes", "handovers", "scheduling", "reconciliation", "renewals", "onboarding"]
NAMES = ["Ana", "Ben", "Priya", "Kim", "Li", "Tom", "Eva", "Raj", "Marta", "Omar"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
ROLES = ["champion", "decision_maker", "budget_owner", "user", "other"]


def _note(rng: random.Random) -> str:
    return rng.choice(NOTES).format(
        team=rng.choice(TEAMS),
        thing=rng.choice(THINGS),
        n=rng.randint(2, 20),
        answer=rng.choice(["they agreed", "they hedged"]),
        name=rng.choice(NAMES),
        day=rng.choice(DAYS),
    )


def generate(
    *, prospects: int, workspace_slug: str = "bench", seed: int = 7, today: date | None = None, progress: bool = True
) -> dict[str, int]:
    from django.db import transaction

    from earnest.domain.ladder_files import builtin_ladders
    from earnest.ledger import models as m
    from earnest.ledger.services.prospects import workspace_ensure

    rng = random.Random(seed)
    today = today or date.today()
    ladders = builtin_ladders()
    ladder_keys = list(ladders)
    workspace = workspace_ensure(slug=workspace_slug, name=f"Benchmark {workspace_slug}")
    counts = dict.fromkeys(["prospects", "contacts", "conversations", "commitments", "next_steps", "evidence"], 0)
    started = time.perf_counter()
    done = 0
    while done < prospects:
        size = min(BATCH, prospects - done)
        with transaction.atomic():
            rows = [
                m.Prospect(
                    workspace=workspace,
                    name=f"Company {done + i:06d}",
                    domain=f"company{done + i}.example",
                    ladder=rng.choice(ladder_keys),
                    owner=rng.choice(NAMES),
                    created_on=today - timedelta(days=rng.randint(20, 700)),
                )
                for i in range(size)
            ]
            m.Prospect.objects.bulk_create(rows)
            contacts, conversations, commitments, steps, evidence = [], [], [], [], []
            for p in rows:
                for _ in range(rng.randint(1, 3)):
                    contacts.append(
                        m.Contact(workspace=workspace, prospect=p, name=rng.choice(NAMES), role=rng.choice(ROLES))
                    )
                age = (today - p.created_on).days
                for _ in range(rng.randint(2, 4)):
                    on = p.created_on + timedelta(days=rng.randint(0, age))
                    conversations.append(
                        m.Conversation(
                            workspace=workspace,
                            prospect=p,
                            on=on,
                            notes=_note(rng),
                            complimented=rng.random() < 0.3,
                            hedged=rng.random() < 0.2,
                            outreach_unanswered=rng.random() < 0.1,
                            outcome="no_next_step",
                        )
                    )
                rungs = [r for r in ladders[p.ladder].rungs if r.track == "main"]
                for position in range(rng.randint(0, 3)):
                    rung = rungs[min(position * 2, len(rungs) - 1)]
                    asked = p.created_on + timedelta(days=rng.randint(0, age))
                    status = rng.choice(["asked", "agreed", "agreed", "declined", "fulfilled", "fulfilled"])
                    answered = asked + timedelta(days=rng.randint(0, 5)) if status != "asked" else None
                    if answered and answered > today:
                        answered = today
                    commitments.append(
                        m.Commitment(
                            workspace=workspace,
                            prospect=p,
                            description=rung.label,
                            rung=rung.key,
                            currencies=sorted(c.label for c in rung.currencies),
                            status=status,
                            asked_on=asked,
                            answered_on=answered,
                            due=asked + timedelta(days=rng.randint(5, 40)),
                            closed_on=answered if status == "fulfilled" else None,
                        )
                    )
                for _ in range(rng.randint(1, 2)):
                    created = p.created_on + timedelta(days=rng.randint(0, age))
                    ended = rng.random() < 0.5
                    steps.append(
                        m.NextStep(
                            workspace=workspace,
                            prospect=p,
                            description="Follow-up " + rng.choice(THINGS),
                            owner=rng.choice(["prospect", "us", "both"]),
                            created_on=created,
                            due=created + timedelta(days=rng.randint(1, 30)),
                            result=rng.choice(["yes", "no"]) if ended else "",
                            done_on=created if ended else None,
                        )
                    )
                for criterion in rng.sample(
                    ["has_problem", "knows_problem", "has_budget", "makeshift_solution", "urgency"], rng.randint(0, 2)
                ):
                    evidence.append(m.Evidence(workspace=workspace, prospect=p, criterion=criterion, on=p.created_on))
            for model, items, key in [
                (m.Contact, contacts, "contacts"),
                (m.Conversation, conversations, "conversations"),
                (m.Commitment, commitments, "commitments"),
                (m.NextStep, steps, "next_steps"),
                (m.Evidence, evidence, "evidence"),
            ]:
                model.objects.bulk_create(items, batch_size=BATCH)
                counts[key] += len(items)
        counts["prospects"] += size
        done += size
        if progress:
            rate = done / (time.perf_counter() - started)
            print(f"  {done:>7} prospects ({rate:,.0f}/s)", file=sys.stderr)
    counts["events"] = sum(v for k, v in counts.items() if k != "prospects")
    gather_statistics()
    return counts


def gather_statistics() -> None:
    """What autovacuum does some minutes after a bulk load, done at once so that the benchmark
    measures the steady state: without statistics the planner takes the new tables for empty."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prospects", type=int, default=1_000)
    parser.add_argument("--workspace", default="bench")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from earnest.bootstrap import setup

    setup()
    started = time.perf_counter()
    counts = generate(prospects=args.prospects, workspace_slug=args.workspace, seed=args.seed)
    print(f"{counts} in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
