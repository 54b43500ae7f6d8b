"""Evaluate the notes analyzer on its own held-out corpus and on real text. One command:

    .venv/bin/python bench/analyzer_eval.py            # all four evaluations
    .venv/bin/python bench/analyzer_eval.py corpus p4g # some of them

Data is read from the `shared/data` folder beside the checkout and never copied into the repo.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from sklearn.metrics import roc_auc_score

from earnest.analyzer import KINDS, analyze
from earnest.analyzer.corpus import load_corpus

DATA = (Path(__file__).resolve().parents[1] / "../shared/data").resolve()
WHEN = date(2026, 1, 5)
# The corpus had this many rows when the figures were first published; its held-out part (103
# snippets) is reported on its own too, so that figures stay comparable as rows are added.
FIRST_CORPUS_ROWS = 476

# MRDA dialogue act -> earnest signal kind (approximate, see docs/analyzer.md).
MRDA_MAPPING = {"cc": "commitment", "ba": "compliment", "am": "hedge", "ar": "rejection"}
# "The persuadee stated an amount": a number with a currency or a currency word, the baseline.
STATED_AMOUNT = re.compile(
    r"\$\s?\d|\d+(?:\.\d+)?\s*(?:dollars?|cents?|bucks|c)\b|\b(?:a|one|two) dollars?\b"
    r"|\b(?:all|half) (?:of )?(?:my|the) (?:payment|earnings|bonus|money)\b", re.IGNORECASE)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _row(name: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = _prf(tp, fp, fn)
    return f"  {name:<12} P {p:.2f}  R {r:.2f}  F1 {f:.2f}   (tp {tp}, fp {fp}, fn {fn})"


def eval_corpus() -> None:
    corpus = load_corpus()
    first = {id(e) for e in corpus[:FIRST_CORPUS_ROWS]}
    examples = [e for e in corpus if e.heldout]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    first_micro, first_n = [0, 0, 0], 0
    exact = 0
    for example in examples:
        predicted = analyze(example.text, when=WHEN, voice=example.voice).kinds()
        exact += predicted == example.kinds
        first_n += id(example) in first
        for kind in KINDS:
            gold, got = kind in example.kinds, kind in predicted
            counts[kind][0] += gold and got
            counts[kind][1] += got and not gold
            counts[kind][2] += gold and not got
            if id(example) in first:
                first_micro[0] += gold and got
                first_micro[1] += got and not gold
                first_micro[2] += gold and not got
    print(f"Own corpus, held-out part ({len(examples)} snippets never trained on)")
    for kind in KINDS:
        print(_row(kind, *counts[kind]))
    micro = [sum(c[i] for c in counts.values()) for i in range(3)]
    print(_row("micro", *micro))
    macro_f1 = sum(_prf(*c)[2] for c in counts.values()) / len(KINDS)
    print(f"  macro F1 {macro_f1:.2f}; exact kind set {exact}/{len(examples)}")
    if first_n < len(examples):
        print(_row(f"micro, first {first_n}", *first_micro))


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / "persuasionforgood" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _auc(labels: list[int], scores: Iterable[float]) -> float:
    return float(roc_auc_score(labels, list(scores)))


def eval_p4g() -> None:
    persuadee_words: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv("FullData__full_dialog.csv"):
        if row["B4"] == "1":
            persuadee_words[row["B2"]].append(row["Unit"])
    gave = {r["B2"]: float(r["B6"] or 0) > 0 for r in _read_csv("FullData__full_info.csv")
            if r["B4"] == "1"}
    annotated_info = _read_csv("AnnotatedData__300_info.converted.csv")
    stated = {r["B2"]: float(r["B5"] or 0) > 0 for r in annotated_info if r["B4"] == "1"}
    print("Persuasion for Good: does score(persuadee's words) predict a donation? (ROC AUC)")
    for part, ids in (("annotated 300 (developed on)", sorted(stated)),
                      ("other dialogues (held out)", sorted(set(gave) - set(stated)))):
        ids = [i for i in ids if i in gave and i in persuadee_words]
        labels = [int(gave[i]) for i in ids]
        texts = {i: "\n".join(persuadee_words[i]) for i in ids}
        scores = [analyze(texts[i], when=WHEN, voice="prospect").score for i in ids]
        regex = [float(bool(STATED_AMOUNT.search(texts[i]))) for i in ids]
        print(f"  {part}: n {len(ids)}, donated {sum(labels)}")
        print(f"    earnest score AUC {_auc(labels, scores):.3f}")
        print(f"    baseline 'stated an amount' (regex on the words) AUC {_auc(labels, regex):.3f}")
        if part.startswith("annotated"):
            annotated = [float(stated[i]) for i in ids]
            auc = _auc(labels, annotated)
            print(f"    baseline 'stated an amount' (human label B5 > 0) AUC {auc:.3f}")


def _precision_recall(name: str, gold: list[bool], predicted: list[bool]) -> str:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return _row(name, tp, fp, fn)


def eval_mrda() -> None:
    utterances: list[tuple[str, str]] = []
    for path in sorted((DATA / "mrda" / "test").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("|")
            if len(parts) == 5:
                utterances.append((parts[1], parts[4]))
    predicted = [analyze(text, when=WHEN, voice="prospect").kinds() for text, _ in utterances]
    print(f"MRDA test split ({len(utterances)} utterances, each alone, as the speaker's own words)")
    for tag, kind in MRDA_MAPPING.items():
        gold = [label == tag for _, label in utterances]
        print(_precision_recall(f"{tag}->{kind}", gold, [kind in p for p in predicted]))
    gold = [label == "cc" for _, label in utterances]
    either = [bool({"commitment", "next_step"} & p) for p in predicted]
    print(_precision_recall("cc->c|step", gold, either))


def eval_enron() -> None:
    path = DATA / "parakweet_enron_intent" / "testSet-qualifiedBatch-fixed.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t", 1) for line in lines if "\t" in line]
    gold = [label.strip().lower() == "yes" for label, _ in rows]
    predicted = [analyze(text, when=WHEN, voice="prospect").kinds() for _, text in rows]
    print(f"Enron intent test set ({len(rows)} sentences, 'Yes' = request/proposal/dated commit)")
    print(_precision_recall("next_step", gold, ["next_step" in p for p in predicted]))
    print(_precision_recall("step|commit", gold,
                            [bool({"next_step", "commitment"} & p) for p in predicted]))


EVALUATIONS: dict[str, Callable[[], None]] = {
    "corpus": eval_corpus, "p4g": eval_p4g, "mrda": eval_mrda, "enron": eval_enron,
}


def main(names: list[str]) -> None:
    for name in names or list(EVALUATIONS):
        started = time.perf_counter()
        EVALUATIONS[name]()
        print(f"  ({time.perf_counter() - started:.1f} s)\n")


if __name__ == "__main__":
    main(sys.argv[1:])
