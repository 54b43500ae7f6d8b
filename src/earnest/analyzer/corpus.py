"""The labelled corpus shipped with the analyzer, and its fixed train / held-out split."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources

CORPUS_FILE = "corpus.jsonl"
HELDOUT_BUCKET = 0  # rows whose text hashes into bucket 0 of 5 (about 20%) are never trained on


@dataclass(frozen=True)
class Example:
    text: str
    voice: str
    kinds: frozenset[str]

    @property
    def heldout(self) -> bool:
        return split_bucket(self.text) == HELDOUT_BUCKET


def split_bucket(text: str) -> int:
    """Stable across runs and machines: the split depends only on the text itself."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 5


def load_corpus() -> list[Example]:
    raw = resources.files(__package__).joinpath(CORPUS_FILE).read_text("utf-8")
    rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
    return [Example(r["text"], r.get("voice", "auto"), frozenset(r["kinds"])) for r in rows]
