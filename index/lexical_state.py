"""Keeps the in-memory BM25 index in step with the registry (loaded, or rebuilt)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.lexical import LexicalIndex
from index.registry import Registry

if TYPE_CHECKING:
    from index.store import ChromaStore

logger = logging.getLogger(__name__)


class LexicalState:
    """The current `LexicalIndex` for a registry, refreshed when its fingerprint moves.

    Fresh = built over exactly the registry's "done" chunk ids. It is loaded from
    `folder` when the saved one matches, else rebuilt from the chunk texts in the store
    (and saved, by the writer only).
    """

    def __init__(
        self,
        folder: Path,
        *,
        store: Callable[[], ChromaStore],
        registry: Registry,
        is_writer: bool,
    ) -> None:
        self.folder = folder
        self._store = store
        self._registry = registry
        self._is_writer = is_writer
        self._lock = threading.Lock()
        self.current = LexicalIndex((), None)
        self._fingerprint: str | None = None

    def fresh(self, *, force: bool = False) -> LexicalIndex:
        with self._lock:
            fingerprint = self._registry.fingerprint()
            if fingerprint == self._fingerprint and not force:
                return self.current
            lexical = None
            if not force and LexicalIndex.saved_fingerprint(self.folder) == fingerprint:
                lexical = LexicalIndex.load(self.folder)
            if lexical is None:
                done = {entry.report_id for entry in self._registry.done()}
                chunks = self._store().get(report_ids=done) if done else []
                lexical = LexicalIndex.from_chunks(chunks)
                if self._is_writer:
                    lexical.save(self.folder, fingerprint=fingerprint)
                logger.info("Rebuilt the lexical index over %s chunks", len(chunks))
            self.current, self._fingerprint = lexical, fingerprint
            return lexical
