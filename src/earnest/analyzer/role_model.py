"""A learned reading of the role a title suggests, over the rules in people.py.

The rules know what a title's words usually mean ("CFO" holds the budget, "head of" decides), but
outside writers disagree with them where titles are vague: an engineering manager or a data team
lead decides what their team adopts, a principal engineer uses the product. This regression was
fitted on the people outside writers labelled in training/notes (`make train`): the rules' role
beside the title's words, word pairs and last word, as plain JSON weights. Without the file the
rules decide alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "role_model.json"
_WORD = re.compile(r"[a-zß-öø-ÿ\u0100-\u017f]+")


def role_features(title: str, rule_role: str) -> list[str]:
    """What the model reads of a title: the rules' role, its words, pairs of them, its last word."""
    words = _WORD.findall(title.lower())
    features = [
        f"rule:{rule_role}",
        *(f"w:{w}" for w in words),
        *(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)),
    ]
    if words:
        features.append(f"last:{words[-1]}")
    return features


@dataclass(frozen=True)
class RoleModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def role(self, title: str, rule_role: str) -> str:
        totals = list(self.bias)
        for feature in role_features(title, rule_role):
            row = self.weights.get(feature)
            if row is not None:
                totals = [t + v for t, v in zip(totals, row, strict=True)]
        best = max(range(len(totals)), key=lambda i: (totals[i], -i))
        return self.classes[best]


def model_from_json(data: dict[str, Any]) -> RoleModel:
    return RoleModel(tuple(data["classes"]), tuple(data["bias"]), {f: tuple(w) for f, w in data["weights"].items()})


@lru_cache(maxsize=1)
def shipped_role_model() -> RoleModel | None:
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return model_from_json(json.loads(path.read_text("utf-8")))
