"""The notes reading measured on writers the models never saw: leave one writer out.

For each labelled set in training/notes (one outside writer each), the sentence model and the
rung models are trained on every other set and the held-out writer's notes are read with them.
The sum over writers estimates how the shipped reading does on a new writer's words, which an
in-sample run of bench/notes_reading_dev.py cannot tell. Rules that were written by looking at a
set still count in its favour, so this is an upper bound for those sets; bench/eval stays the
reported figure.

Usage: python bench/notes_reading_cv.py [--only D3 D5] [--extra DIR]   (several minutes)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import notes_reading_dev as dev  # noqa: E402

NOTES = Path(__file__).resolve().parents[1] / "training" / "notes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="hold out only these sets")
    parser.add_argument("--extra", type=Path, help="a folder of further *.jsonl sets, each its own writer")
    parser.add_argument("--rules-only", action="store_true", help="statuses by the tense rules alone")
    parser.add_argument("--verbose", action="store_true", help="print each held-out note's misses")
    args = parser.parse_args()
    sets = {p.stem: p for p in sorted(NOTES.glob("*.jsonl"))}
    if args.extra:
        sets |= {p.stem: p for p in sorted(args.extra.glob("*.jsonl"))}
    dev._setup()
    if args.rules_only:
        from earnest.analyzer import commitment_status as status_module

        status_module.shipped_status_model = lambda: None  # type: ignore[assignment]
    from earnest.analyzer import analysis, commitment_status, people, train
    from earnest.analyzer.model import model_from_json
    from earnest.analyzer.role_model import model_from_json as roles_from_json
    from earnest.analyzer.status_model import model_from_json as statuses_from_json
    from earnest.domain import rung_match
    from earnest.domain.rung_model import model_from_json as rungs_from_json

    notes = {name: dev.read_notes([path]) for name, path in sets.items()}
    base = [r for r in train.all_rows() if r.source != "notes"]
    total: Counter[str] = Counter()
    report = {}
    for held in args.only or sorted(notes):
        rest = [n for name, group in notes.items() if name != held for n in group]
        model = model_from_json(train.train([*base, *train.notes_rows(rest)]))
        rungs = rungs_from_json(train.train_rungs(rest))
        analysis.shipped_model = lambda embeddings=False, m=model: m  # type: ignore[assignment]
        rung_match.shipped_rung_models = lambda r=rungs: r  # type: ignore[assignment]
        if not args.rules_only:
            statuses = statuses_from_json(train.train_statuses(rest))
            commitment_status.shipped_status_model = lambda s=statuses: s  # type: ignore[assignment]
        roles = roles_from_json(train.train_roles(rest))
        people.role_model.shipped_role_model = lambda r=roles: r  # type: ignore[assignment]
        tally = dev.score(notes[held], quiet=not args.verbose)
        report[held] = dev.summary(tally)
        total += tally
        print(held, json.dumps({k: report[held][k] for k in list(report[held])[:3]}), flush=True)
    print(json.dumps({"held_out_total": dev.summary(total)}, indent=1))


if __name__ == "__main__":
    main()
