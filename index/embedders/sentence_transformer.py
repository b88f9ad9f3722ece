"""Any local sentence-transformers model directory (optional extra `baocao[st]`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embedders.base import Vectors
from index.errors import IndexingError

DEFAULT_BATCH_SIZE = 32


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder, never from a hub.

    `HF_HUB_OFFLINE=1` is set before loading so a missing file fails fast instead of
    trying the network. The model loads on first use.

    Example:
        >>> embedder = SentenceTransformerEmbedder("/models/my-vietnamese-model")
        >>> embedder.embed_passages(["nước sinh hoạt"]).shape[0]
        1
    """

    def __init__(self, path: str | Path, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self._path = Path(path).expanduser().resolve()
        if not (self._path / "modules.json").exists() and not (self._path / "config.json").exists():
            raise IndexingError(
                f"No sentence-transformers model in {str(self._path)!r} - give the folder "
                "holding modules.json / config.json (e.g. --embedder st:/path/to/model)"
            )
        self._batch_size = batch_size
        self._model: Any = None
        self._dimension: int | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        # Two path parts: bundled models often sit in a folder just called "model".
        return "st:" + "/".join(self._path.parts[-2:])

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            model = self._loaded()
            # sentence-transformers 5 renamed the method; accept both.
            size = getattr(model, "get_embedding_dimension", None)
            if size is None:
                size = model.get_sentence_embedding_dimension
            self._dimension = int(size())
        return self._dimension

    def _loaded(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(
                        str(self._path), device="cpu", local_files_only=True
                    )
        return self._model

    def _encode(self, texts: list[str]) -> Vectors:
        vectors = self._loaded().encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encode(list(texts))

    def embed_query(self, text: str) -> Vectors:
        return self._encode([text]).reshape(-1)

    def count_tokens(self, text: str) -> int:
        tokenizer = self._loaded().tokenizer
        return len(tokenizer(text, add_special_tokens=True)["input_ids"])
