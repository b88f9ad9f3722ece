"""Every chunk's stored vector, row by row with the lexical index, for exact dense sweeps.

A dense "which units …" sweep wants each unit's nearest chunks. Chroma answers "the N
nearest of the whole corpus", where a unit's own nearest chunk can rank anywhere (at 1,000
units it was outside the 4,000 nearest for most units of a question), and its graph can
skip true neighbours among many near-equal reports. One product with every chunk's vector
(92k x 384 floats: ~7 ms) ranks each unit's own chunks exactly, whatever the number of
units (bench/RESULTS.md, "An exact dense sweep").

The vectors are the store's own, read once and kept in `folder` by chunk id (an id is a
hash of the chunk's content, so a kept vector never goes stale); later only the chunks
added since are read. `current.json`, replaced last, names the embedder and the two
array files of the latest save, so a save cut short leaves the previous one readable;
the vectors are mapped from disk, not read, when they match the index row for row.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from index.lexical import LexicalIndex

if TYPE_CHECKING:
    from index.store import ChromaStore

logger = logging.getLogger(__name__)

Matrix = npt.NDArray[np.float32]
CURRENT_FILE = "current.json"


class SweepVectors:
    """The vector of each lexical row (zeros for rows the store lacks), kept up to date."""

    def __init__(
        self,
        folder: Path,
        *,
        store: Callable[[], ChromaStore],
        model_id: str,
        dimension: int,
        is_writer: bool,
    ) -> None:
        self.folder = folder
        self._store = store
        self._model_id = model_id
        self._dimension = dimension
        self._is_writer = is_writer
        self._lock = threading.Lock()
        self._ids: tuple[str, ...] | None = None
        self._vectors: Matrix = np.zeros((0, dimension), dtype=np.float32)
        self._built_for: LexicalIndex | None = None

    def matrix(self, lexical: LexicalIndex) -> Matrix:
        """One row per `lexical.rows` entry: its unit vector (zeros: removed, or not stored)."""
        with self._lock:
            if self._built_for is not lexical:
                self._align(lexical)
                self._built_for = lexical
            return self._vectors

    def _align(self, lexical: LexicalIndex) -> None:
        """Kept vectors moved to the lexical rows; the rest read from the store."""
        if self._ids is None:
            self._ids, self._vectors = self._load()
        live = set(lexical.chunk_ids)  # rows of removed chunks stay, as zeros ("" ids)
        if self._ids == tuple(cid if cid in live else "" for cid in lexical.rows):
            return
        known = {cid: row for row, cid in enumerate(self._ids) if cid}
        positions = np.array(
            [known.get(cid, -1) if cid in live else -1 for cid in lexical.rows], dtype=np.intp
        )
        has = positions >= 0
        matrix = self._vectors[np.maximum(positions, 0)] if known else None
        if matrix is None:
            matrix = np.zeros((len(lexical.rows), self._dimension), dtype=np.float32)
        matrix[~has] = 0.0
        missing = [lexical.rows[r] for r in np.flatnonzero(~has) if lexical.rows[r] in live]
        read_ids, read = self._store().vectors(list(dict.fromkeys(missing)))
        if read_ids:
            rows = lexical.rows_of(read_ids)
            matrix[rows] = read
            has[rows] = True
        self._ids = tuple(cid if has[row] else "" for row, cid in enumerate(lexical.rows))
        self._vectors = matrix
        # Saved whenever the rows moved: a save costs ~50 ms at 92k chunks, and an opening
        # whose saved rows differ from the index's gathers every row again (~0.6 s).
        if self._is_writer:
            self._save()
        logger.info("Sweep vectors: %s kept, %s read from the store", len(known), len(read_ids))

    def _load(self) -> tuple[tuple[str, ...], Matrix]:
        empty = np.zeros((0, self._dimension), dtype=np.float32)
        try:
            current = json.loads((self.folder / CURRENT_FILE).read_text(encoding="utf-8"))
            ids = np.load(self.folder / current["ids"])
            vectors = np.load(self.folder / current["vectors"], mmap_mode="r")
        except (OSError, ValueError, KeyError, TypeError):
            return (), empty
        if current.get("model") != self._model_id or vectors.shape != (
            len(ids),
            self._dimension,
        ):
            logger.info("Sweep vectors in %s are another index's: read again", self.folder)
            return (), empty
        return tuple(cid.decode("ascii") for cid in ids), vectors

    def _save(self) -> None:
        """Arrays under new names, then `current.json` replaced, then the old arrays removed."""
        assert self._ids is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        names = {"ids": f"ids-{token}.npy", "vectors": f"vectors-{token}.npy"}
        np.save(self.folder / names["ids"], np.array([c.encode("ascii") for c in self._ids]))
        np.save(self.folder / names["vectors"], self._vectors)
        aside = self.folder / (CURRENT_FILE + ".tmp")
        aside.write_text(json.dumps({"model": self._model_id, **names}), encoding="utf-8")
        os.replace(aside, self.folder / CURRENT_FILE)
        for old in self.folder.glob("*.npy"):
            if old.name not in names.values():
                old.unlink(missing_ok=True)
