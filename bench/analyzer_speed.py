"""Notes per second on one core: earnest's analyzer against a plain compiled-regex keyword scan.

    .venv/bin/python bench/analyzer_speed.py [NOTES]

Both read the same notes in the same run: about 165 words each, stitched deterministically from
the shipped corpus. The analyzer is warmed up first (spaCy and the model load once, on first use).
"""

from __future__ import annotations

import os
import random
import re
import sys
import time

from earnest.analyzer import analyze
from earnest.analyzer.corpus import load_corpus
from earnest.analyzer.patterns import cues


def make_notes(count: int, words: int = 165) -> list[str]:
    rng = random.Random(0)
    snippets = sorted(e.text for e in load_corpus())
    notes = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < words:
            parts.append(rng.choice(snippets))
        notes.append(" ".join(parts))
    return notes


def keyword_regex() -> re.Pattern[str]:
    phrases = sorted({p for group in cues().values() for p in group if p.strip("?")}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def rate(count: int, started: float) -> float:
    return count / (time.perf_counter() - started)


def main(count: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    notes = make_notes(count)
    analyze(notes[0])  # warm-up: loads spaCy, the lemma table, dateparser and the model
    pattern = keyword_regex()
    started = time.perf_counter()
    for note in notes:
        pattern.findall(note)
    regex_rate = rate(len(notes), started)
    started = time.perf_counter()
    for note in notes:
        analyze(note)
    analyzer_rate = rate(len(notes), started)
    print(f"{len(notes)} notes of ~165 words, one core")
    print(f"  regex keyword scan: {regex_rate:,.0f} notes/s")
    print(f"  earnest analyzer:   {analyzer_rate:,.0f} notes/s")
    print(
        f"  ratio analyzer/regex: {analyzer_rate / regex_rate:.3f} "
        f"(the analyzer is {regex_rate / analyzer_rate:.1f}x slower)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
