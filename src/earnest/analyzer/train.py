"""Retrain the shipped model from corpus.jsonl: `python -m earnest.analyzer.train`.

Reproducible: sorted inputs, a fixed seed, a deterministic solver; held-out rows are never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .analysis import sentences
from .corpus import load_corpus
from .dates import has_date_cue
from .features import sentence_features
from .model import MODEL_FILE
from .money import find_money
from .result import KINDS, RULE_KINDS
from .speakers import sentence_actor

SEED = 13
REGULARISATION = 1.0


def training_rows() -> tuple[list[list[str]], list[frozenset[str]]]:
    """Features and labels per sentence of every training example (multi-speaker rows stay out)."""
    features, labels = [], []
    for example in sorted(load_corpus(), key=lambda e: e.text):
        if example.heldout or example.voice == "auto":
            continue
        for sentence in sentences(example.text, example.voice):
            actor = sentence_actor(sentence.lemmas, sentence.voice)
            features.append(sentence_features(
                sentence.lemmas, sentence.hits, actor=actor, has_date=has_date_cue(sentence.text),
                has_money=bool(find_money(sentence.text))))
            labels.append(example.kinds if actor != "us" else frozenset())
    return features, labels


def train() -> dict[str, object]:
    from sklearn.linear_model import LogisticRegression

    features, labels = training_rows()
    vocabulary = sorted({f for row in features for f in row})
    index = {f: i for i, f in enumerate(vocabulary)}
    from scipy.sparse import lil_matrix

    matrix = lil_matrix((len(features), len(vocabulary)))
    for r, row in enumerate(features):
        for f in row:
            matrix[r, index[f]] = 1.0
    x = matrix.tocsr()
    kinds = [k for k in KINDS if k not in RULE_KINDS]
    weights = {f: [0.0] * len(kinds) for f in vocabulary}
    bias = []
    for k, kind in enumerate(kinds):
        y = [int(kind in row) for row in labels]
        clf = LogisticRegression(C=REGULARISATION, class_weight="balanced", solver="liblinear",
                                 random_state=SEED, max_iter=1000)
        clf.fit(x, y)
        bias.append(round(float(clf.intercept_[0]), 4))
        for f, w in zip(vocabulary, clf.coef_[0], strict=True):
            weights[f][k] = round(float(w), 4)
    kept = {f: w for f, w in weights.items() if any(abs(v) >= 0.005 for v in w)}
    return {"kinds": kinds, "bias": bias, "weights": kept,
            "thresholds": [0.5] * len(kinds), "trained_sentences": len(features)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(MODEL_FILE))
    args = parser.parse_args()
    model = train()
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} features, "  # type: ignore[arg-type]
          f"{model['trained_sentences']} sentences)")


if __name__ == "__main__":
    main()
