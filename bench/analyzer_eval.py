"""Evaluate the notes analyzer, old figures beside new ones, in one command:

    .venv/bin/python bench/analyzer_eval.py              # every evaluation but the final set
    .venv/bin/python bench/analyzer_eval.py corpus p4g   # some of them
    .venv/bin/python bench/analyzer_eval.py --final      # add the reserved final set (report only)

It prints one table (figure, before, now, target) and writes the figures it measured to
bench/results/analyzer_eval.json. The "before" column is read from
bench/results/analyzer_eval_before.json, which the same script wrote when run against the
analyzer as it was before issue 12 (`--before`, with that version's src on PYTHONPATH).

Data: Persuasion for Good, MRDA and Enron are read from `shared/data` beside the checkout and
never copied into the repo. The independent notes (bench/eval/independent/*.jsonl) and the final
set (bench/eval/final/*.jsonl) were written by people who never saw the training corpus; nothing
is trained or tuned on them. Their format: one note per line with its `findings` (kind + exact
quote) and the conversation's `outcome`.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from sklearn.metrics import roc_auc_score

from earnest.analyzer import analyze
from earnest.analyzer.corpus import load_corpus
from earnest.analyzer.result import KINDS, RULE_KINDS

try:
    from earnest.analyzer.model import embeddings_enabled
except ImportError:  # the analyzer before issue 12, run with --before, had no embeddings

    def embeddings_enabled() -> bool:
        return False


ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / "../shared/data").resolve()
EVAL = ROOT / "bench" / "eval"
RESULTS = ROOT / "bench" / "results"
NOW_FILE = RESULTS / "analyzer_eval.json"
BEFORE_FILE = RESULTS / "analyzer_eval_before.json"
# Figures of the optional embedding model (EARNEST_ANALYZER_EMBEDDINGS=1), a third column.
EMBEDDINGS_FILE = RESULTS / "analyzer_eval_embeddings.json"
WHEN = date(2026, 1, 5)
# The corpus had this many rows when the figures were first published; its held-out part (103
# snippets) is reported on its own too, so that figures stay comparable as rows are added.
FIRST_CORPUS_ROWS = 476
# The ten kinds the macro-F1 of issue 12 averages over; no_budget is reported beside them.
TEN_KINDS = tuple(k for k in KINDS if k not in RULE_KINDS)
ALL_KINDS = TEN_KINDS + RULE_KINDS

# MRDA dialogue act -> earnest signal kind (approximate, see docs/analyzer.md).
MRDA_MAPPING = {"cc": "commitment", "ba": "compliment", "am": "hedge", "ar": "rejection"}
# "The persuadee stated an amount": a number with a currency or a currency word, the baseline.
STATED_AMOUNT = re.compile(
    r"\$\s?\d|\d+(?:\.\d+)?\s*(?:dollars?|cents?|bucks|c)\b|\b(?:a|one|two) dollars?\b"
    r"|\b(?:all|half) (?:of )?(?:my|the) (?:payment|earnings|bonus|money)\b",
    re.IGNORECASE,
)
# The three-line baseline: stated an amount, says they will donate, minus negations.
WILL_DONATE = re.compile(
    r"\b(?:i'?ll|i will|i can|i'?m going to|i am going to|i'?d like to"
    r"|i would like to|happy to|willing to)\s+(?:\w+\s+){0,2}(?:donat|give)",
    re.IGNORECASE,
)
NO_DONATION = re.compile(r"\b(?:not|n't|no|never|won'?t)\b[^.!?]{0,25}\b(?:donat|give)", re.IGNORECASE)

# A plain keyword list, frozen here so that the baseline never moves with the analyzer's cues:
# a sentence containing one of a kind's words is that kind.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "compliment": (
        "love",
        "great",
        "awesome",
        "amazing",
        "impressive",
        "cool",
        "nice",
        "slick",
        "brilliant",
        "fantastic",
        "beautiful",
        "excellent",
        "wow",
    ),
    "fluff": (
        "would definitely",
        "would buy",
        "would pay",
        "would use",
        "someday",
        "eventually",
        "in the future",
        "down the road",
        "let me know when",
        "sign me up",
        "no-brainer",
    ),
    "hedge": (
        "think about it",
        "get back to you",
        "circle back",
        "keep in touch",
        "keep me posted",
        "send me",
        "check with",
        "run it by",
        "not right now",
        "maybe",
        "later",
        "next year",
        "let me know",
        "we'll see",
        "not sure",
        "touch base",
        "revisit",
    ),
    "commitment": (
        "agreed",
        "will send",
        "introduce",
        "intro",
        "signed",
        "paid",
        "deposit",
        "purchase order",
        "pilot",
        "committed",
        "i'll",
        "will share",
        "loi",
    ),
    "next_step": (
        "next step",
        "scheduled",
        "booked",
        "calendar",
        "invite",
        "follow-up",
        "follow up",
        "meeting on",
        "call on",
        "demo on",
        "tomorrow",
    ),
    "rejection": (
        "not interested",
        "no thanks",
        "pass",
        "not a fit",
        "not for us",
        "went with",
        "decided against",
        "don't need",
        "no longer",
        "decline",
    ),
    "problem": (
        "pain",
        "problem",
        "issue",
        "struggle",
        "frustrat",
        "hours a week",
        "manual",
        "waste",
        "losing",
        "costs us",
        "nightmare",
    ),
    "workaround": (
        "spreadsheet",
        "excel",
        "script",
        "zapier",
        "intern",
        "by hand",
        "workaround",
        "in-house",
        "homegrown",
        "google sheet",
    ),
    "budget": ("budget", "set aside", "allocated", "funding", "approved"),
    "objection": (
        "concern",
        "worried",
        "expensive",
        "security",
        "compliance",
        "integration",
        "sso",
        "risk",
        "price",
        "too much",
        "legal",
    ),
    "no_budget": ("no budget", "budget frozen", "don't have budget", "no money"),
}
_KEYWORD_RES = {
    kind: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    for kind, words in KEYWORDS.items()
}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")

# (figure, label, target) rows of the table, in order; the key is figure's name in the JSON.
TABLE: tuple[tuple[str, str, str], ...] = (
    ("corpus.micro_f1", "own corpus held-out fifth: micro F1", ""),
    ("corpus.macro_f1", "own corpus held-out fifth: macro F1 (11 kinds)", ""),
    ("corpus.first103_micro_f1", "own corpus, first 103 held-out: micro F1", ""),
    ("independent.notes", "independent notes: how many", ">= 300"),
    ("independent.macro_f1", "independent: macro F1, ten kinds", ">= 0.85"),
    ("independent.keyword_macro_f1", "independent: keyword list, macro F1", ""),
    ("independent.verdict_accuracy", "independent: verdict right", ">= 0.85"),
    ("independent.hedge.r", "independent: hedge recall", ">= 0.85"),
    *((f"independent.{k}.f1", f"independent: {k} F1 (P/R)", "") for k in ALL_KINDS),
    ("final.notes", "final set: how many", ""),
    ("final.macro_f1", "final set: macro F1, ten kinds", ">= 0.85"),
    ("final.keyword_macro_f1", "final set: keyword list, macro F1", ""),
    ("final.verdict_accuracy", "final set: verdict right", ">= 0.85"),
    ("final.hedge.r", "final set: hedge recall", ">= 0.85"),
    ("p4g.heldout_auc", "PfG other 717 (held out): AUC of score", ">= 0.75"),
    ("p4g.heldout_auc_spaces", "PfG held out, words joined by spaces, no date", ">= 0.75"),
    ("p4g.heldout_regex_amount_auc", "PfG held out: 'stated an amount' regex AUC", ""),
    ("p4g.heldout_regex3_auc", "PfG held out: three-line regex AUC", ""),
    ("p4g.annotated_auc", "PfG annotated 300 (trained on): AUC of score", ""),
    ("mrda.cc.f1", "MRDA cc -> commitment F1 (P/R)", ">= 0.45"),
    ("mrda.ba.f1", "MRDA ba -> compliment F1 (P/R)", ">= 0.55"),
    ("mrda.am.f1", "MRDA am -> hedge F1 (P/R)", ">= 0.35"),
    ("mrda.ar.f1", "MRDA ar -> rejection F1 (P/R)", ">= 0.75"),
    ("enron.next_step.f1", "Enron intent test: next step F1 (P/R)", ">= 0.70"),
    ("speed.notes_per_s", "speed: 165-word notes/s, one core", ">= 100"),
)

Figures = dict[str, float]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _put_prf(figures: Figures, prefix: str, tp: int, fp: int, fn: int) -> None:
    p, r, f = _prf(tp, fp, fn)
    figures.update(
        {
            f"{prefix}.p": p,
            f"{prefix}.r": r,
            f"{prefix}.f1": f,
            f"{prefix}.tp": tp,
            f"{prefix}.fp": fp,
            f"{prefix}.fn": fn,
        }
    )


def eval_corpus() -> Figures:
    corpus = load_corpus()
    first = {id(e) for e in corpus[:FIRST_CORPUS_ROWS]}
    examples = [e for e in corpus if e.heldout]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    first_micro = [0, 0, 0]
    for example in examples:
        predicted = analyze(example.text, when=WHEN, voice=example.voice).kinds()
        for kind in ALL_KINDS:
            gold, got = kind in example.kinds, kind in predicted
            outcome = (gold and got, got and not gold, gold and not got)
            for i in range(3):
                counts[kind][i] += outcome[i]
                if id(example) in first:
                    first_micro[i] += outcome[i]
    figures: Figures = {"corpus.snippets": len(examples)}
    for kind in ALL_KINDS:
        _put_prf(figures, f"corpus.{kind}", *counts[kind])
    micro = [sum(c[i] for c in counts.values()) for i in range(3)]
    figures["corpus.micro_f1"] = _prf(*micro)[2]
    figures["corpus.macro_f1"] = sum(_prf(*counts[k])[2] for k in ALL_KINDS) / len(ALL_KINDS)
    figures["corpus.first103_micro_f1"] = _prf(*first_micro)[2]
    return figures


# --- the independent hand-labelled notes -------------------------------------------------------


def load_notes(folder: Path) -> list[dict[str, object]]:
    notes = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                notes.append(json.loads(line))
    return notes


def _quote_span(text: str, quote: str) -> tuple[int, int] | None:
    at = text.find(quote)
    if at < 0:
        at = text.lower().find(quote.lower())
    return (at, at + len(quote)) if at >= 0 else None


def _keyword_spans(text: str) -> list[tuple[str, int, int]]:
    found = []
    for sentence in _SENTENCE.finditer(text):
        for kind, pattern in _KEYWORD_RES.items():
            if pattern.search(sentence.group(0)):
                found.append((kind, sentence.start(), sentence.end()))
    return found


def _match(
    gold: Sequence[tuple[str, int, int]], predicted: Sequence[tuple[str, int, int]], counts: dict[str, list[int]]
) -> None:
    """A prediction is right when a finding of its kind overlaps it, and a finding is found
    when a prediction of its kind overlaps it."""

    def overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
        return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]

    for finding in gold:
        found = any(overlaps(finding, p) for p in predicted)
        counts[finding[0]][0 if found else 2] += 1
    for p in predicted:
        if not any(overlaps(p, g) for g in gold):
            counts[p[0]][1] += 1


def _macro(counts: dict[str, list[int]]) -> float:
    """Mean F1 over the ten kinds; a kind neither labelled nor predicted has no F1 to count."""
    present = [k for k in TEN_KINDS if sum(counts[k])]
    return sum(_prf(*counts[k])[2] for k in present) / len(present) if present else 0.0


def eval_notes(name: str, folder: Path) -> Figures:
    notes = load_notes(folder)
    if not notes:
        print(f"  ({folder} holds no notes yet)", file=sys.stderr)
        return {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    keyword_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_style: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    right, unplaced = 0, 0
    for note in notes:
        text = str(note["text"])
        when = date.fromisoformat(str(note["date"])) if note.get("date") else WHEN
        me = [str(note["me"])] if note.get("me") else []
        result = analyze(text, when=when, our_speakers=me)
        gold = []
        for finding in note.get("findings") or []:  # type: ignore[attr-defined]
            span = _quote_span(text, finding["quote"])
            if span is None:
                unplaced += 1
                continue
            gold.append((finding["kind"], *span))
        predicted = [(s.kind, s.start, s.end) for s in result.signals]
        _match(gold, predicted, counts)
        _match(gold, [p for p in predicted if p[0] in ALL_KINDS], by_style[str(note.get("style"))])
        _match(gold, _keyword_spans(text), keyword_counts)
        right += result.verdict == note.get("outcome")
    figures: Figures = {f"{name}.notes": len(notes), f"{name}.unplaced_quotes": unplaced}
    for kind in ALL_KINDS:
        _put_prf(figures, f"{name}.{kind}", *counts[kind])
    figures[f"{name}.macro_f1"] = _macro(counts)
    figures[f"{name}.keyword_macro_f1"] = _macro(keyword_counts)
    figures[f"{name}.verdict_accuracy"] = right / len(notes)
    for style, style_counts in sorted(by_style.items()):
        figures[f"{name}.style.{style}.macro_f1"] = _macro(style_counts)
    return figures


def eval_independent() -> Figures:
    return eval_notes("independent", EVAL / "independent")


def eval_final() -> Figures:
    return eval_notes("final", EVAL / "final")


# --- Persuasion for Good, MRDA, Enron ----------------------------------------------------------


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / "persuasionforgood" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _auc(labels: list[int], scores: Iterable[float]) -> float:
    return float(roc_auc_score(labels, list(scores)))


def _regex3(text: str) -> float:
    return bool(STATED_AMOUNT.search(text)) + bool(WILL_DONATE.search(text)) - bool(NO_DONATION.search(text))


def eval_p4g() -> Figures:
    persuadee_words: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv("FullData__full_dialog.csv"):
        if row["B4"] == "1":
            persuadee_words[row["B2"]].append(row["Unit"])
    gave = {r["B2"]: float(r["B6"] or 0) > 0 for r in _read_csv("FullData__full_info.csv") if r["B4"] == "1"}
    annotated = {r["B2"] for r in _read_csv("AnnotatedData__300_info.converted.csv") if r["B4"] == "1"}
    figures: Figures = {}
    for part, ids in (("annotated", sorted(annotated)), ("heldout", sorted(set(gave) - annotated))):
        ids = [i for i in ids if i in gave and i in persuadee_words]
        labels = [int(gave[i]) for i in ids]
        texts = {i: "\n".join(persuadee_words[i]) for i in ids}
        scores = [analyze(texts[i], when=WHEN, voice="prospect").score for i in ids]
        figures[f"p4g.{part}_n"] = len(ids)
        figures[f"p4g.{part}_auc"] = _auc(labels, scores)
        figures[f"p4g.{part}_regex_amount_auc"] = _auc(
            labels, [float(bool(STATED_AMOUNT.search(texts[i]))) for i in ids]
        )
        figures[f"p4g.{part}_regex3_auc"] = _auc(labels, [_regex3(texts[i]) for i in ids])
        if part == "heldout":
            # as issue 12 measured it: the words joined by spaces, and no conversation date
            spaced = [analyze(" ".join(persuadee_words[i]), voice="prospect").score for i in ids]
            figures["p4g.heldout_auc_spaces"] = _auc(labels, spaced)
    return figures


def _count(gold: list[bool], predicted: list[bool]) -> tuple[int, int, int]:
    pairs = list(zip(gold, predicted, strict=True))
    return (sum(g and p for g, p in pairs), sum(p and not g for g, p in pairs), sum(g and not p for g, p in pairs))


def eval_mrda() -> Figures:
    utterances: list[tuple[str, str]] = []
    for path in sorted((DATA / "mrda" / "test").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("|")
            if len(parts) == 5:
                utterances.append((parts[1], parts[4]))
    predicted = [analyze(text, when=WHEN, voice="prospect").kinds() for text, _ in utterances]
    figures: Figures = {"mrda.utterances": len(utterances)}
    for tag, kind in MRDA_MAPPING.items():
        gold = [label == tag for _, label in utterances]
        _put_prf(figures, f"mrda.{tag}", *_count(gold, [kind in p for p in predicted]))
    return figures


def eval_enron() -> Figures:
    path = DATA / "parakweet_enron_intent" / "testSet-qualifiedBatch-fixed.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t", 1) for line in lines if "\t" in line]
    gold = [label.strip().lower() == "yes" for label, _ in rows]
    predicted = [analyze(text, when=WHEN, voice="prospect").kinds() for _, text in rows]
    figures: Figures = {"enron.sentences": len(rows)}
    _put_prf(figures, "enron.next_step", *_count(gold, ["next_step" in p for p in predicted]))
    _put_prf(figures, "enron.step_or_commit", *_count(gold, [bool({"next_step", "commitment"} & p) for p in predicted]))
    return figures


def eval_speed() -> Figures:
    """bench/analyzer_speed.py in its own process: it pins itself to one core."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "analyzer_speed.py"), "500"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"earnest analyzer:\s+([\d,]+) notes/s", out)
    return {"speed.notes_per_s": float(found.group(1).replace(",", ""))} if found else {}


EVALUATIONS: dict[str, Callable[[], Figures]] = {
    "corpus": eval_corpus,
    "independent": eval_independent,
    "p4g": eval_p4g,
    "mrda": eval_mrda,
    "enron": eval_enron,
    "speed": eval_speed,
    "final": eval_final,
}


# --- the table ---------------------------------------------------------------------------------


def _cell(figures: Figures, key: str) -> str:
    if key not in figures:
        return "-"
    value = figures[key]
    if key.endswith((".notes", "notes_per_s")):
        return f"{value:,.0f}"
    if key.endswith(".f1") and key[:-3] + ".p" in figures:
        base = key[:-3]
        return f"{value:.2f} ({figures[base + '.p']:.2f}/{figures[base + '.r']:.2f})"
    return f"{value:.3f}" if "auc" in key else f"{value:.2f}"


def table(columns: dict[str, Figures]) -> str:
    """One row per figure of TABLE that any column has, one column per set of figures."""
    head = "".join(f" {name:>18}" for name in columns)
    lines = [f"{'figure':<50}{head}  target", "-" * (60 + 19 * len(columns))]
    for key, label, target in TABLE:
        if any(key in figures for figures in columns.values()):
            cells = "".join(f" {_cell(figures, key):>18}" for figures in columns.values())
            lines.append(f"{label:<50}{cells}  {target}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"evaluations to run: {', '.join(EVALUATIONS)} (default: all but final)",
    )
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=ROOT / "bench" / "eval",
        help="folder holding independent/ and final/ (default: bench/eval)",
    )
    parser.add_argument("--final", action="store_true", help="also report the reserved final set")
    parser.add_argument(
        "--before", action="store_true", help=f"write the figures to {BEFORE_FILE.name} (run with the old src)"
    )
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(EVALUATIONS)
    if unknown:
        parser.error(f"unknown evaluation {', '.join(sorted(unknown))}")
    global EVAL
    EVAL = args.eval_dir
    names = args.names or [n for n in EVALUATIONS if n != "final"]
    if args.final and "final" not in names:
        names.append("final")
    out = BEFORE_FILE if args.before else EMBEDDINGS_FILE if embeddings_enabled() else NOW_FILE
    figures: Figures = json.loads(out.read_text("utf-8")) if out.exists() else {}
    if "final" not in names:
        # the final set's figures stand only beside the model they were measured on
        figures = {k: v for k, v in figures.items() if not k.startswith("final.")}
    for name in names:
        started = time.perf_counter()
        measured = EVALUATIONS[name]()
        figures = {k: v for k, v in figures.items() if not k.startswith(name + ".")} | measured
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", "utf-8")
    columns = {
        name: json.loads(path.read_text("utf-8"))
        for name, path in (("before", BEFORE_FILE), ("now", NOW_FILE), ("with embeddings", EMBEDDINGS_FILE))
        if path.exists()
    }
    columns[{BEFORE_FILE: "before", NOW_FILE: "now"}.get(out, "with embeddings")] = figures
    print(table(columns))


if __name__ == "__main__":
    main(sys.argv[1:])
