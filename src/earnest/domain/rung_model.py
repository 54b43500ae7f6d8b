"""A learned second opinion on a commitment's rung, for the built-in ladders.

Cue phrases (rung_match) are exact and explainable but miss words their author did not think
of. This model was fitted on commitments that outside writers labelled with their rung
(training/notes, `make train`): word beginnings and pairs of them, one multinomial regression per
built-in ladder, stored as plain JSON weights. A ladder the model does not know (your own) is
matched by its cues alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "rung_model.json"
# The class of a commitment that fits no rung of the ladder.
NO_RUNG = "-"
PREFIX = 4
_WORD = re.compile(r"[a-z0-9$€£']+")


def rung_features(text: str) -> list[str]:
    """Word beginnings and neighbouring pairs of them: "shared drawings" -> share, drawi, share_drawi."""
    stems = [w[:PREFIX] for w in _WORD.findall(text.lower())]
    return sorted(set(stems) | {f"{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)})


@dataclass(frozen=True)
class LadderModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, text: str, allowed: Iterable[str]) -> dict[str, float]:
        """Probability of each allowed class (rung keys and NO_RUNG) for the commitment `text`."""
        every = rung_features(text)
        features = [f for f in every if f in self.weights]
        scale = 1.0 / math.sqrt(len(every) or 1)
        wanted = {*allowed, NO_RUNG}
        keep = [i for i, c in enumerate(self.classes) if c in wanted]
        totals = {i: self.bias[i] + scale * sum(self.weights[f][i] for f in features) for i in keep}
        top = max(totals.values(), default=0.0)
        exps = {i: math.exp(t - top) for i, t in totals.items()}
        total = sum(exps.values()) or 1.0
        return {self.classes[i]: e / total for i, e in exps.items()}


def model_from_json(data: dict[str, Any]) -> dict[str, LadderModel]:
    return {
        key: LadderModel(tuple(m["classes"]), tuple(m["bias"]), {f: tuple(w) for f, w in m["weights"].items()})
        for key, m in data.items()
    }


@lru_cache(maxsize=1)
def shipped_rung_models() -> dict[str, LadderModel]:
    """The models of the built-in ladders, by ladder key; {} when none ships."""
    path = resources.files(__package__).joinpath("ladders", MODEL_FILE)
    if not path.is_file():
        return {}
    return model_from_json(json.loads(path.read_text("utf-8")))
