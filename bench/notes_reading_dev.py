"""A fast, per-note look at what the notes reading gets wrong, for DEVELOPMENT sets only.

It runs the same reading as `earnest log` (`ledger.services.findings.reading_of`) without a
database and prints, for each note, the labelled commitments and people it missed or got wrong.
Point it at notes you are allowed to study (training/notes/*.jsonl). Never point it at
bench/eval/: those notes are reported by bench/meeting_loop_eval.py and not looked into, so that
their figures stay an honest measure.

Usage: python bench/notes_reading_dev.py FILE... [--quiet]
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("EARNEST_HOME", "/tmp/earnest-dev-reading")
    os.environ.setdefault("EARNEST_SECRET_KEY", "evaluation-only-key-0123456789-0123456789")
    os.environ.pop("EARNEST_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "earnest.web.settings"
    import django

    django.setup()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


from meeting_loop_eval import _first  # noqa: E402  (one matching rule for names)


def _commitment_lines(note: dict, reading, tally: Counter[str]) -> list[str]:
    text = note["text"]
    lines: list[str] = []
    logged = [o for o in reading.offers if o.finding.kind == "commitment" and o.ticked]
    offered = [o for o in reading.offers if o.finding.kind == "commitment"]
    wanted = [f for f in note["findings"] if f["kind"] == "commitment"]
    spans = [(text.find(f["quote"]), text.find(f["quote"]) + len(f["quote"])) for f in wanted]
    used: set[int] = set()
    for f, span in zip(wanted, spans, strict=True):
        tally["labelled"] += 1
        key = (f.get("rung") or None, f.get("status"))
        hit = next((o for o in logged if id(o) not in used and (o.rung, o.status) == key), None)
        if hit is not None:
            used.add(id(hit))
            tally["right"] += 1
            continue
        near = [o for o in offered if _overlap(span, (o.finding.start, o.finding.end))]
        if not near:
            tally["missed"] += 1
            lines.append(f"  MISS {key}: {f['quote']!r}")
            continue
        o = near[0]
        why = ("rung" if o.rung != key[0] else "") + (" status" if o.status != key[1] else "")
        why = why.strip() or ("not ticked" if not o.ticked else "other")
        tally[f"wrong {why}"] += 1
        lines.append(f"  WRONG {why}: want {key} got ({o.rung}, {o.status}, ticked={o.ticked}) {o.finding.text!r}")
    for o in logged:
        if id(o) not in used and not any(_overlap((o.finding.start, o.finding.end), s) for s in spans):
            tally["false positive"] += 1
            lines.append(f"  FP ({o.rung}, {o.status}): {o.finding.text!r}")
    tally["logged"] += len(logged)
    return lines


def _people_lines(note: dict, reading, tally: Counter[str]) -> list[str]:
    lines: list[str] = []
    people = {_first(o.finding.name): o.finding.role for o in reading.offers if o.finding.kind == "person"}
    for person in note.get("people", []):
        tally["people"] += 1
        got = people.get(_first(person["name"]))
        if got == person["role"]:
            tally["people right"] += 1
        else:
            lines.append(f"  PERSON {person['name']} ({person.get('title')}) want {person['role']} got {got}")
    return lines


def score(notes: list[dict], *, quiet: bool = True) -> Counter[str]:
    """Read each note as `earnest log` would and count what matches its labels."""
    from earnest.domain.ladder_files import builtin_ladders
    from earnest.ledger.services.findings import reading_of

    ladders = builtin_ladders()
    tally: Counter[str] = Counter()
    for note in notes:
        # no speaker named as us: `earnest log --notes` as the evaluation calls it names none either
        reading = reading_of(note["text"], ladders[note["ladder"]], date.fromisoformat(note["date"]))
        lines = _commitment_lines(note, reading, tally) + _people_lines(note, reading, tally)
        if lines and not quiet:
            print(f"{note['id']} [{note['ladder']}]")
            print("\n".join(lines))
    return tally


def summary(tally: Counter[str]) -> dict[str, float | int]:
    right, labelled, logged = tally["right"], tally["labelled"], tally["logged"]
    return {
        "commitment_precision": round(right / logged, 3) if logged else 0.0,
        "commitment_recall": round(right / labelled, 3) if labelled else 0.0,
        "people_right": round(tally["people right"] / tally["people"], 3) if tally["people"] else 0.0,
        **dict(sorted(tally.items())),
    }


def read_notes(paths: list[Path]) -> list[dict]:
    if any("bench/eval" in str(p.resolve()) for p in paths):
        raise SystemExit("bench/eval is for reporting only; use bench/meeting_loop_eval.py")
    return [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines() if line.strip()]


def main(argv: list[str]) -> None:
    notes = read_notes([Path(a) for a in argv if not a.startswith("--")])
    _setup()
    print(json.dumps(summary(score(notes, quiet="--quiet" in argv)), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
