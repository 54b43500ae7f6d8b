"""Per-kind logistic regression stored as plain JSON weights (no pickle), scored in pure Python."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class KindModel:
    kinds: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    thresholds: tuple[float, ...]

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        totals = list(self.bias)
        for feature in features:
            row = self.weights.get(feature)
            if row:
                for i, w in enumerate(row):
                    totals[i] += w
        return {k: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
                for k, t in zip(self.kinds, totals, strict=True)}

    def threshold(self, kind: str) -> float:
        return self.thresholds[self.kinds.index(kind)]


def model_from_json(data: dict[str, Any]) -> KindModel:
    kinds = tuple(str(k) for k in data["kinds"])
    return KindModel(
        kinds=kinds,
        bias=tuple(float(b) for b in data["bias"]),
        weights={f: tuple(w) for f, w in data["weights"].items()},
        thresholds=tuple(data.get("thresholds", [0.5] * len(kinds))),
    )


@lru_cache(maxsize=1)
def shipped_model() -> KindModel:
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text("utf-8")
    return model_from_json(json.loads(text))
