"""Per-kind logistic regression stored as plain JSON weights (no pickle), scored in pure Python."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "model.json"
# The same regression with 384 more inputs, a sentence's embedding (embeddings.py); optional.
EMBEDDINGS_MODEL_FILE = "model_embeddings.json"
EMBEDDINGS_FLAG = "EARNEST_ANALYZER_EMBEDDINGS"


def embeddings_enabled() -> bool:
    """Whether EARNEST_ANALYZER_EMBEDDINGS asks for the optional embedding model."""
    return os.environ.get(EMBEDDINGS_FLAG, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class KindModel:
    kinds: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    thresholds: tuple[float, ...]
    dense: tuple[tuple[float, ...], ...] = ()  # per kind, weights of the embedding's dimensions

    def probabilities(self, features: Iterable[str], vector: Sequence[float] | None = None) -> dict[str, float]:
        totals = list(self.bias)
        for feature in features:
            row = self.weights.get(feature)
            if row:
                for i, w in enumerate(row):
                    totals[i] += w
        if self.dense and vector is not None:
            for i, weights in enumerate(self.dense):
                totals[i] += sum(w * v for w, v in zip(weights, vector, strict=True))
        return {k: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t)))) for k, t in zip(self.kinds, totals, strict=True)}

    def threshold(self, kind: str) -> float:
        return self.thresholds[self.kinds.index(kind)]


def model_from_json(data: dict[str, Any]) -> KindModel:
    kinds = tuple(str(k) for k in data["kinds"])
    return KindModel(
        kinds=kinds,
        bias=tuple(float(b) for b in data["bias"]),
        weights={f: tuple(w) for f, w in data["weights"].items()},
        thresholds=tuple(data.get("thresholds", [0.5] * len(kinds))),
        dense=tuple(tuple(float(w) for w in row) for row in data.get("dense", [])),
    )


@lru_cache(maxsize=2)
def shipped_model(embeddings: bool = False) -> KindModel:
    name = EMBEDDINGS_MODEL_FILE if embeddings else MODEL_FILE
    text = resources.files(__package__).joinpath(name).read_text("utf-8")
    return model_from_json(json.loads(text))
