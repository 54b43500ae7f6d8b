"""Retrain the shipped model: `python -m earnest.analyzer.train` (or `make train`).

Sources, all read at training time and none shipped except the model (training/README.md):
the corpus (corpus.jsonl, its held-out fifth never read), the written examples in training/written/,
Persuasion for Good's 300 annotated dialogues and the Enron intent training file from shared/data.
Each source says which kinds it knows: a Persuasion for Good sentence is evidence for or against a
commitment, rejection, hedge, objection or compliment and says nothing about problems or workarounds,
so each kind's regression is fitted only on the rows that know that kind.

Reproducible: sorted inputs, a fixed seed, a deterministic solver.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import sentences
from .corpus import load_corpus
from .dates import has_date_cue
from .features import sentence_features
from .model import EMBEDDINGS_MODEL_FILE, MODEL_FILE
from .money import find_money
from .result import KINDS, RULE_KINDS
from .speakers import sentence_actor

SEED = 13
REGULARISATION = 1.0
MIN_COUNT = 2
# Unit-length embeddings have small components; scaled up, one L2 penalty suits both kinds of input.
EMBEDDING_SCALE = 4.0
ROOT = Path(__file__).resolve().parents[3]
WRITTEN = ROOT / "training" / "written"
NOTES = ROOT / "training" / "notes"
SHARED_DATA = (ROOT / ".." / "shared" / "data").resolve()
MODEL_KINDS = tuple(k for k in KINDS if k not in RULE_KINDS)

# Persuasion for Good persuadee labels -> earnest kinds (training/README.md explains each).
P4G_KINDS = {
    "agree-donation": "commitment",
    "provide-donation-amount": "commitment",
    "confirm-donation": "commitment",
    "disagree-donation": "rejection",
    "disagree-donation-more": "rejection",
    "neutral-reaction-to-donation": "hedge",
    "negative-reaction-to-donation": "objection",
}
P4G_KNOWS = frozenset({"commitment", "rejection", "hedge", "objection", "compliment"})
# Labels too mixed to say anything: "That's a great cause" (positive reaction) is praise as often
# as it is a yes; "other" and acknowledgements ("ok", "yes of course") are anything.
P4G_UNSURE = frozenset({"positive-reaction-to-donation", "acknowledgement", "other"})
# The persuader's praise of the persuadee ("that is so nice of you") is a compliment in its words.
P4G_PRAISE = "praise-user"
# Enron "Yes" means a request, a proposal or a dated commitment; only those that name a time or a
# meeting are next steps in earnest's sense, and a "Yes" request that names neither says nothing.
ENRON_MEETING = re.compile(
    r"\b(?:meet|meeting|call|conference|schedul\w*|calendar|lunch|dinner|available|get together"
    r"|discuss|appointment|visit|session|invite)\b",
    re.IGNORECASE,
)
ENRON_KNOWS = frozenset({"next_step"})
# How much one sentence of each source counts against one written by us for these notes.
WEIGHTS = {"corpus": 1.0, "written": 1.0, "notes": 0.5, "p4g": 0.5, "enron": 0.5}


@dataclass(frozen=True)
class Row:
    """One labelled text: `knows` are the kinds its source labels at all."""

    text: str
    voice: str
    kinds: frozenset[str]
    knows: frozenset[str]
    source: str


ALL = frozenset(MODEL_KINDS) | frozenset(RULE_KINDS)


def corpus_rows() -> Iterator[Row]:
    for example in load_corpus():
        if not example.heldout and example.voice != "auto":
            yield Row(example.text, example.voice, example.kinds, ALL, "corpus")


def written_rows(folder: Path = WRITTEN) -> Iterator[Row]:
    """training/written/*.txt: a `# voice: notes` line, then `kind,kind<TAB>text` (or `-`)."""
    for path in sorted(folder.glob("*.txt")):
        voice = "notes"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.startswith("# voice:"):
                voice = line.split(":", 1)[1].strip()
            if not line.strip() or line.startswith("#"):
                continue
            labels, sep, text = line.partition("\t")
            kinds = frozenset(k for k in labels.split(",") if k and k != "-")
            if not sep or not kinds <= ALL:
                raise ValueError(f"{path.name}:{number}: expected 'kind,kind<TAB>text'")
            yield Row(text.replace("\\n", "\n"), voice, kinds, ALL, "written")


def labelled_notes(folder: Path = NOTES, skip: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """training/notes/*.jsonl: whole notes labelled by outside writers (bench/eval/BRIEF.md format)."""
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem in skip:
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path.name}:{number}: {error.msg}") from None


def notes_rows(notes: Iterable[dict[str, Any]] | None = None) -> Iterator[Row]:
    """Each sentence of a labelled note, labelled with the kinds whose quotes it overlaps.

    Quotes are clauses; a sentence that holds one shows that kind, which is what the sentence
    model predicts. A note's unlabelled sentences are its negatives."""
    for note in labelled_notes() if notes is None else notes:
        text = note["text"]
        spans = []
        for finding in note["findings"]:
            at = text.find(finding["quote"])
            if at >= 0 and finding["kind"] in ALL:
                spans.append((at, at + len(finding["quote"]), finding["kind"]))
        speakers = (note["me"],) if note.get("me") else ()
        for sentence in sentences(text, "auto", speakers):
            kinds = frozenset(k for a, b, k in spans if a < sentence.end and sentence.start < b)
            yield Row(sentence.text, sentence.voice, kinds, ALL, "notes")


def _p4g_csv(name: str) -> list[dict[str, str]]:
    with (SHARED_DATA / "persuasionforgood" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def p4g_rows() -> Iterator[Row]:
    """The 300 annotated dialogues only: the other 717 stay held out for the donation AUC."""
    for row in _p4g_csv("AnnotatedData__300_dialog.converted.csv"):
        text = row["Unit"].strip()
        if not text:
            continue
        if row["B4"] == "0":
            if P4G_PRAISE in (row["er_label_1"], row["er_label_2"]):
                yield Row(text, "prospect", frozenset({"compliment"}), P4G_KNOWS, "p4g")
            continue
        labels = {row["ee_label_1"], row["ee_label_2"]} - {""}
        if labels & P4G_UNSURE and not labels & set(P4G_KINDS):
            continue
        kinds = frozenset(P4G_KINDS[label] for label in labels if label in P4G_KINDS)
        yield Row(text, "prospect", kinds, P4G_KNOWS, "p4g")


def enron_rows() -> Iterator[Row]:
    path = SHARED_DATA / "parakweet_enron_intent" / "Ask0729-fixed.txt"
    for line in path.read_text("utf-8").splitlines():
        label, sep, text = line.partition("\t")
        if not sep or not text.strip():
            continue
        yes = label.strip().lower() == "yes"
        if yes and not (has_date_cue(text) or ENRON_MEETING.search(text)):
            continue
        yield Row(text.strip(), "prospect", frozenset({"next_step"} if yes else ()), ENRON_KNOWS, "enron")


def all_rows() -> list[Row]:
    missing = [p for p in (SHARED_DATA / "persuasionforgood", SHARED_DATA / "parakweet_enron_intent") if not p.is_dir()]
    if missing:
        raise SystemExit(f"training data not found: {missing[0]} (shared/data beside the checkout)")
    rows = [*corpus_rows(), *written_rows(), *notes_rows(), *p4g_rows(), *enron_rows()]
    return sorted(set(rows), key=lambda r: (r.source, r.text, r.voice, sorted(r.kinds)))


@dataclass
class Sentences:
    features: list[list[str]]
    labels: list[frozenset[str]]
    knows: list[frozenset[str]]
    weights: list[float]
    texts: list[str]


def training_sentences(rows: list[Row]) -> Sentences:
    """Features and labels per sentence of every row; our own sentences are negatives."""
    out = Sentences([], [], [], [], [])
    texts = [(r, s) for r in rows for s in sentences(r.text, r.voice)]
    for row, sentence in texts:
        actor = sentence_actor(sentence.lemmas, sentence.voice)
        out.features.append(
            sentence_features(
                sentence.lemmas,
                sentence.hits,
                actor=actor,
                has_date=has_date_cue(sentence.text),
                has_money=bool(find_money(sentence.text)),
            )
        )
        out.labels.append(row.kinds if actor != "us" else frozenset())
        out.knows.append(row.knows)
        out.weights.append(WEIGHTS[row.source])
        out.texts.append(sentence.text)
    return out


def _embedded(texts: list[str]) -> Any:
    """Embeddings of `texts`, remembered per sentence in the temp folder: each takes milliseconds
    and there are thousands, so a retrain embeds only the sentences it has not seen."""
    import numpy as np

    from .embeddings import embed

    cache = Path(tempfile.gettempdir()) / "earnest-train-embeddings.npz"
    known: dict[str, Any] = dict(np.load(cache)) if cache.exists() else {}
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        vectors = embed([t for _, t in missing])
        known.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
        np.savez(cache, **known)
    return np.stack([known[k] for k in keys])


def train(rows: list[Row] | None = None, *, with_embeddings: bool = False) -> dict[str, object]:
    """Weights per kind; `with_embeddings` adds each sentence's MiniLM embedding as inputs."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    data = training_sentences(all_rows() if rows is None else rows)
    seen = Counter(f for row in data.features for f in row)
    # a word seen once says nothing a regression can generalise, and would only grow model.json
    vocabulary = sorted(f for f, n in seen.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}
    cells = [(r, index[f]) for r, row in enumerate(data.features) for f in row if f in index]
    x = csr_matrix(
        ([1.0] * len(cells), ([r for r, _ in cells], [c for _, c in cells])),
        shape=(len(data.features), len(vocabulary)),
    )
    dims = 0
    if with_embeddings:
        vectors = _embedded(data.texts) * EMBEDDING_SCALE
        dims = vectors.shape[1]
        x = hstack([x, csr_matrix(vectors)]).tocsr()
    dense: list[list[float]] = []
    weights = {f: [0.0] * len(MODEL_KINDS) for f in vocabulary}
    bias = []
    for k, kind in enumerate(MODEL_KINDS):
        rows_known = [r for r, knows in enumerate(data.knows) if kind in knows]
        y = [int(kind in data.labels[r]) for r in rows_known]
        clf = LogisticRegression(
            C=REGULARISATION, class_weight="balanced", solver="liblinear", random_state=SEED, max_iter=1000
        )
        clf.fit(x[rows_known], y, sample_weight=[data.weights[r] for r in rows_known])
        bias.append(round(float(clf.intercept_[0]), 4))
        for f, w in zip(vocabulary, clf.coef_[0][: len(vocabulary)], strict=True):
            weights[f][k] = round(float(w), 4)
        if dims:
            # scaled inputs in training, so the stored weights take the raw unit-length vector
            dense.append([round(float(w) * EMBEDDING_SCALE, 5) for w in clf.coef_[0][-dims:]])
    kept = {f: w for f, w in weights.items() if any(abs(v) >= 0.005 for v in w)}
    model: dict[str, object] = {
        "kinds": list(MODEL_KINDS),
        "bias": bias,
        "weights": kept,
        "thresholds": [0.5] * len(MODEL_KINDS),
        "trained_sentences": len(data.features),
    }
    if dense:
        model["dense"] = dense
    return model


RUNG_MODEL = ROOT / "src" / "earnest" / "domain" / "ladders" / "rung_model.json"
RUNG_REGULARISATION = 5.0


def rung_examples(notes: Iterable[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """(text, rung or NO_RUNG) per built-in ladder: labelled commitments, and each rung's own words."""
    from earnest.domain.ladder_files import builtin_ladders
    from earnest.domain.rung_model import NO_RUNG

    ladders = builtin_ladders()
    out: dict[str, list[tuple[str, str]]] = {key: [] for key in ladders}
    for note in notes:
        for finding in note["findings"]:
            if finding["kind"] == "commitment" and note["ladder"] in out:
                out[note["ladder"]].append((finding["quote"], finding.get("rung") or NO_RUNG))
    for key, ladder in ladders.items():
        for rung in ladder.rungs:  # the label and the ask say what the rung is, in plain words
            out[key] += [(rung.label, rung.key), (rung.ask or rung.label, rung.key)]
    return out


def train_rungs(notes: Iterable[dict[str, Any]]) -> dict[str, object]:
    """One multinomial regression per built-in ladder over rung_features (domain/rung_model.py)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from earnest.domain.rung_model import rung_features

    models: dict[str, object] = {}
    for key, examples in sorted(rung_examples(notes).items()):
        examples.sort()
        rows = [rung_features(text) for text, _ in examples]
        vocabulary = sorted({f for row in rows for f in row})
        index = {f: i for i, f in enumerate(vocabulary)}
        cells = [(r, index[f], 1.0 / len(row) ** 0.5) for r, row in enumerate(rows) for f in row]
        x = csr_matrix(
            ([v for _, _, v in cells], ([r for r, _, _ in cells], [c for _, c, _ in cells])),
            shape=(len(rows), len(vocabulary)),
        )
        clf = LogisticRegression(C=RUNG_REGULARISATION, class_weight="balanced", max_iter=5000)
        clf.fit(x, [rung for _, rung in examples])
        weights = {f: [round(float(clf.coef_[k][i]), 4) for k in range(len(clf.classes_))] for f, i in index.items()}
        models[key] = {
            "classes": [str(c) for c in clf.classes_],
            "bias": [round(float(b), 4) for b in clf.intercept_],
            "weights": {f: w for f, w in weights.items() if any(abs(v) >= 0.01 for v in w)},
        }
    return models


STATUS_MODEL = Path(__file__).with_name("status_model.json")
STATUS_REGULARISATION = 8.0


def train_statuses(notes: Iterable[dict[str, Any]]) -> dict[str, object]:
    """One multinomial regression over status_features (commitment_status.py) of labelled commitments."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from .commitment_status import status_features
    from .status_model import RULE_PREFIX, feature_value

    examples = sorted(
        (f["quote"], f["status"])
        for note in notes
        for f in note["findings"]
        if f["kind"] == "commitment" and f.get("status") in ("fulfilled", "agreed", "declined")
    )
    rows = [status_features(text) for text, _ in examples]
    vocabulary = sorted({f for row in rows for f in row})
    index = {f: i for i, f in enumerate(vocabulary)}
    cells = []
    for r, row in enumerate(rows):
        words = sum(1 for f in row if not f.startswith(RULE_PREFIX))
        cells += [(r, index[f], feature_value(f, words)) for f in row]
    x = csr_matrix(
        ([v for _, _, v in cells], ([r for r, _, _ in cells], [c for _, c, _ in cells])),
        shape=(len(rows), len(vocabulary)),
    )
    clf = LogisticRegression(C=STATUS_REGULARISATION, max_iter=5000)
    clf.fit(x, [status for _, status in examples])
    weights = {f: [round(float(clf.coef_[k][i]), 4) for k in range(len(clf.classes_))] for f, i in index.items()}
    return {
        "classes": [str(c) for c in clf.classes_],
        "bias": [round(float(b), 4) for b in clf.intercept_],
        "weights": {f: w for f, w in weights.items() if any(abs(v) >= 0.01 for v in w)},
    }


ROLE_MODEL = Path(__file__).with_name("role_model.json")
ROLE_REGULARISATION = 1.0


def train_roles(notes: Iterable[dict[str, Any]]) -> dict[str, object]:
    """One multinomial regression over role_features (role_model.py) of the people writers labelled."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from .role_model import role_features
    from .roles import rule_role

    examples = sorted((p.get("title") or "", p["role"]) for note in notes for p in note.get("people", []))
    vectors = DictVectorizer()
    x = vectors.fit_transform([dict.fromkeys(role_features(t, rule_role(t)), 1) for t, _ in examples])
    clf = LogisticRegression(C=ROLE_REGULARISATION, max_iter=5000)
    clf.fit(x, [role for _, role in examples])
    weights = {
        f: [round(float(clf.coef_[k][i]), 4) for k in range(len(clf.classes_))] for f, i in vectors.vocabulary_.items()
    }
    return {
        "classes": [str(c) for c in clf.classes_],
        "bias": [round(float(b), 4) for b in clf.intercept_],
        "weights": {f: w for f, w in sorted(weights.items()) if any(abs(v) >= 0.01 for v in w)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help=f"train {EMBEDDINGS_MODEL_FILE}, with sentence embeddings (optional "
        "packages, see embeddings.py; a few minutes)",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or Path(__file__).with_name(EMBEDDINGS_MODEL_FILE if args.embeddings else MODEL_FILE)
    rows = all_rows()
    counts = {s: sum(r.source == s for r in rows) for s in WEIGHTS}
    model = train(rows, with_embeddings=args.embeddings)
    out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"wrote {out} ({len(model['weights'])} features, "  # type: ignore[arg-type]
        f"{model['trained_sentences']} sentences from {counts})"
    )
    if not args.embeddings:
        rungs = train_rungs(labelled_notes())
        RUNG_MODEL.write_text(json.dumps(rungs, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote {RUNG_MODEL} ({', '.join(sorted(rungs))})")
        statuses = train_statuses(labelled_notes())
        STATUS_MODEL.write_text(json.dumps(statuses, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote {STATUS_MODEL} ({len(statuses['weights'])} features)")  # type: ignore[arg-type]
        roles = train_roles(labelled_notes())
        ROLE_MODEL.write_text(json.dumps(roles, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote {ROLE_MODEL} ({len(roles['weights'])} features)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
