"""A learned reading of whether a commitment was given, promised or refused.

The tense rules in commitment_status read "introduced", "will introduce" and "turned down" well,
and miss what their author did not list ("I'll have to pass on that one", "the board froze new
spend"). This model was fitted on commitments that outside writers labelled with their status
(training/notes, `make train`): the rules' own verdict and which of their patterns fired, beside
word beginnings and pairs of them, as plain JSON weights. Without the file the rules decide alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "status_model.json"
# Features that stand for the rules' verdict weigh 1 each; word features share a weight of 1.
RULE_PREFIX = "rule:"


@dataclass(frozen=True)
class StatusModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def status(self, features: Sequence[str]) -> str:
        """The most likely status for a commitment with these features."""
        words = sum(1 for f in features if not f.startswith(RULE_PREFIX))
        totals = list(self.bias)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                w = feature_value(feature, words)
                totals = [t + w * v for t, v in zip(totals, row, strict=True)]
        best = max(range(len(totals)), key=lambda i: (totals[i], -i))
        return self.classes[best]


def feature_value(feature: str, word_count: int) -> float:
    """The value a feature takes in training, the same as StatusModel.status gives it."""
    return 1.0 if feature.startswith(RULE_PREFIX) else 1.0 / math.sqrt(word_count or 1)


def model_from_json(data: dict[str, Any]) -> StatusModel:
    return StatusModel(tuple(data["classes"]), tuple(data["bias"]), {f: tuple(w) for f, w in data["weights"].items()})


@lru_cache(maxsize=1)
def shipped_status_model() -> StatusModel | None:
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return model_from_json(json.loads(path.read_text("utf-8")))
