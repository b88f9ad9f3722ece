"""Vectors of single passages (sentences), for passage-level similarity to a question.

Chunks are what the store searches; the assistant then ranks the sentences inside them,
and a sentence's own vector says far more about whether it answers than its chunk's.
Ingest embeds every passage into the embedding cache; here they are read back. A passage
missing from the cache (an index built elsewhere, on a Chroma server) is embedded on
first use and remembered, in the cache when this process may write it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.cache import EmbeddingCache, text_key
from index.embedders.base import Embedder, Vectors

logger = logging.getLogger(__name__)

# Passages kept in memory, read from the cache or not yet writable to it: a few questions'
# worth (a list question over a province reads ~5,000 passages twice: for the chunks'
# vectors, then its own; 20,000 rows are 30 MB).
MEMORY_PASSAGES = 20_000


class PassageVectors:
    """`vectors(texts)` -> one L2-normalised row per text, cached by content hash."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None) -> None:
        self._embedder = embedder
        self._cache = cache
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, Vectors] = OrderedDict()

    @classmethod
    def reading(cls, embedder: Embedder, path: Path) -> PassageVectors:
        """Over an existing cache file opened read-only (no cache when there is none)."""
        try:
            cache = EmbeddingCache(path, read_only=True) if path.exists() else None
        except sqlite3.Error as err:
            logger.warning("Embedding cache %s unreadable (%s); embedding on demand", path, err)
            cache = None
        return cls(embedder, cache)

    def vectors(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self._embedder.dimension), dtype=np.float32)
        keys = [text_key(text) for text in texts]
        found = self._known(keys)
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            fresh = self._embedder.embed_passages([text_of[key] for key in missing])
            new = {key: fresh[row] for row, key in enumerate(missing)}
            self._remember(new)
            found.update(new)
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)

    def _known(self, keys: Sequence[str]) -> dict[str, Vectors]:
        with self._lock:
            found = {key: self._memory[key] for key in keys if key in self._memory}
        rest = [key for key in keys if key not in found]
        if rest and self._cache is not None:
            try:
                read = self._cache.get_many(self._embedder.model_id, rest)
            except sqlite3.Error as err:  # a reader racing a writer's first schema write
                logger.debug("Embedding cache read failed: %s", err)
            else:
                found.update(read)
                self._keep(read)
        return found

    def _remember(self, new: dict[str, Vectors]) -> None:
        if self._cache is not None and not self._cache.read_only:
            self._cache.put_many(self._embedder.model_id, new)
        self._keep(new)

    def _keep(self, vectors: dict[str, Vectors]) -> None:
        with self._lock:
            self._memory.update(vectors)
            while len(self._memory) > MEMORY_PASSAGES:
                self._memory.popitem(last=False)
