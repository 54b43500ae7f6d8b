"""The meeting loop measured as a user meets it: notes logged with `earnest log --accept-suggestions`.

Each labelled note (bench/eval/*/*.jsonl, written by people who never saw the analyzer) is logged on
a fresh prospect of its ladder through the real CLI, in-process, into a throwaway SQLite database.
Then `earnest commitment list`, `earnest contact list` and `earnest leads` are read back as JSON and
compared with the labels:

- commitments: a logged commitment matches a labelled one with the same rung and status (a
  labelled commitment with no rung matches one logged with no rung); precision and recall;
- people: a labelled person is found when a contact with the same first name has the same role;
- lead verdict: the lead's verdict on the day of the conversation (`earnest lead NAME -f json`, the
  same verdict `earnest leads` lists).

Usage: python bench/meeting_loop_eval.py [FILES...] [--show-wrong] (default: bench/eval/independent/*.jsonl).
`--show-wrong` prints each note whose verdict or commitments differ; development sets only.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SETS = sorted((HERE / "eval" / "independent").glob("*.jsonl"))


def _setup() -> None:
    home = tempfile.mkdtemp(prefix="earnest-loop-eval-")
    os.environ["EARNEST_HOME"] = home
    os.environ.setdefault("EARNEST_SECRET_KEY", "evaluation-only-key-0123456789-0123456789")
    os.environ.pop("EARNEST_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "earnest.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _cli():
    from typer.testing import CliRunner

    from earnest.cli import app

    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--workspace", "loop-eval", *args], catch_exceptions=False)
        if result.exit_code != 0:
            raise RuntimeError(f"earnest {' '.join(args[:3])} failed: {result.output[-500:]}")
        return result.output

    return run


# Titles of address, in the languages notes use them: "Ing. Petr Novák" is Petr
_HONORIFICS = frozenset(
    {"mr", "ms", "mrs", "mx", "dr", "prof", "mme", "mlle", "m", "sr", "sra", "srta", "herr", "frau", "hr", "fr"}
    | {"ing", "sig", "sig.ra", "dott", "don", "doña", "pan", "pani"}
    # Latin American and Dutch forms: "Lic. Marta Quiroga", "C.P. Silvia Moreno", "Dhr. de Vries"
    | {"lic", "c.p", "cp", "arq", "dra", "mtro", "mtra", "dña", "dhr", "mevr", "mdm", "cllr"}
    # Malay, Indonesian, Filipino and Nigerian forms: "Pak Rizky", "Ibu Natasha", "Encik Hakim", "Atty. Uy"
    | {"pak", "bu", "ibu", "bapak", "mas", "mbak", "encik", "cik", "puan", "datin", "datuk", "dato", "tan", "sri"}
    | {"alhaji", "alhaja", "haji", "atty", "engr", "sir", "adv", "shri", "smt"}
    # religious forms of address: "Sister Agnes", "Father Miguel Ochoa", "Rev. Adeyemi"
    | {"sister", "father", "brother", "rev", "reverend"}
)


def _first(name: str) -> str:
    """The first name, so "Raj" finds "Raj Patel"; an honorific is no name ("Dr. Ada Okafor")."""
    words = [w.casefold().strip(".,") for w in name.split()]
    words = [w for w in words if w not in _HONORIFICS] or words
    return (words or [""])[0]


def evaluate(paths: list[Path], *, show_wrong: bool = False) -> dict:
    run = _cli()
    notes = [
        json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    tp = fp = fn = 0
    people_found = people_total = 0
    verdict_right = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for i, note in enumerate(notes):
        if i and i % 50 == 0:
            print(f"  {i} notes logged", file=sys.stderr)
        name = f"Eval prospect {i:04d}"
        day = note["date"]
        run("--today", day, "prospect", "add", name, "--ladder", note["ladder"], "--date", day, "--allow-duplicate")
        log = [
            "--today",
            day,
            "log",
            name,
            "--date",
            day,
            "--notes",
            note["text"],
            "--accept-suggestions",
            "-f",
            "json",
        ]
        run(*log)
        got = json.loads(run("--today", day, "commitment", "list", name, "-f", "json"))
        predicted = Counter((c["rung"] or None, c["status"]) for c in got)
        wanted = Counter(
            (f.get("rung") or None, f.get("status")) for f in note["findings"] if f["kind"] == "commitment"
        )
        hits = sum((predicted & wanted).values())
        tp += hits
        fp += sum(predicted.values()) - hits
        fn += sum(wanted.values()) - hits
        contacts = json.loads(run("--today", day, "contact", "list", name, "-f", "json"))
        roles = {_first(c["name"]): c["role"] for c in contacts}
        for person in note.get("people", []):
            people_total += 1
            people_found += roles.get(_first(person["name"])) == person["role"]
        verdict = json.loads(run("--today", day, "lead", name, "-f", "json"))["verdict"]
        verdict_right += verdict == note["lead_verdict"]
        confusion[(note["lead_verdict"], verdict)] += 1
        if show_wrong and (verdict != note["lead_verdict"] or predicted != wanted):
            print(f"{note['id']} verdict want {note['lead_verdict']} got {verdict}", file=sys.stderr)
            print(
                f"  commitments want {sorted(wanted.elements(), key=str)} got {sorted(predicted.elements(), key=str)}",
                file=sys.stderr,
            )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "notes": len(notes),
        "commitments": {
            "labelled": tp + fn,
            "logged": tp + fp,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
        },
        "people": {
            "labelled": people_total,
            "found_with_role": round(people_found / people_total, 3) if people_total else 0.0,
        },
        "lead_verdict_right": round(verdict_right / len(notes), 3) if notes else 0.0,
        "verdict_confusion": {f"{a}->{b}": n for (a, b), n in sorted(confusion.items()) if a != b},
    }


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT_SETS
    show_wrong = "--show-wrong" in argv
    if show_wrong and any("bench/eval" in str(p.resolve()) for p in paths):
        raise SystemExit("--show-wrong is for development sets; bench/eval is reported, not looked into")
    _setup()
    print(json.dumps(evaluate(paths, show_wrong=show_wrong), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
