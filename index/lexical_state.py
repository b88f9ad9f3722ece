"""Keeps the in-memory BM25 index in step with the registry (loaded, or rebuilt)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.lexical import LexicalIndex
from index.registry import Registry
from ingest.types import Chunk

if TYPE_CHECKING:
    from index.store import ChromaStore

logger = logging.getLogger(__name__)

# See `max_changed`; bench/bench_lexical_delta.py (bench/RESULTS.md, "Chunks added to a
# built BM25 index"): top-10 overlap with a full build 0.986 at 10%, 0.955 at 50%.
MIN_CHANGED = 2_000
CHANGED_SHARE = 0.1


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
            lexical = None if force else self._updated(fingerprint)
            if lexical is None:
                done = {entry.report_id for entry in self._registry.done()}
                chunks = self._store().get(report_ids=done) if done else []
                lexical = LexicalIndex.from_chunks(chunks)
                if self._is_writer:
                    lexical.save(self.folder, fingerprint=fingerprint)
                logger.info("Rebuilt the lexical index over %s chunks", len(chunks))
            self.current, self._fingerprint = lexical, fingerprint
            return lexical

    def rescore(self, chunks: Sequence[Chunk], replaced: Collection[str]) -> None:
        """Score `chunks` anew in place of `replaced`, though their ids may be the same.

        For a unit set by hand: the chunks' breadcrumbs changed, not their texts or ids,
        so the fingerprint alone would not tell `fresh` which chunks to read again.
        """
        with self._lock:
            fingerprint = self._registry.fingerprint()
            lexical = self.current.changed(chunks, replaced)
            if self._is_writer and LexicalIndex.saved_fingerprint(self.folder) is not None:
                lexical.save_delta(self.folder, fingerprint=fingerprint)
            self.current, self._fingerprint = lexical, fingerprint

    def _updated(self, fingerprint: str) -> LexicalIndex | None:
        """The saved or current index brought up to the registry, if a small change does it.

        None when a rebuild is due: nothing to start from, or more chunks changed since
        the last build than `max_changed` allows.
        """
        base = self.current if self._fingerprint is not None else None
        saved = LexicalIndex.saved_fingerprint(self.folder)
        if saved == fingerprint and (base is None or not self._is_writer):
            # What the writer saved for exactly this registry: a reader takes it rather
            # than diffing ids, which misses chunks re-scored in place (`rescore`).
            loaded = LexicalIndex.load(self.folder)
            if loaded is not None:
                return loaded
        if base is None and saved is not None:
            base = LexicalIndex.load(self.folder)
        if base is None:
            return None
        wanted = {cid for entry in self._registry.done() for cid in entry.chunk_ids}
        live = set(base.chunk_ids)
        added, removed = wanted - live, live - wanted
        if len(base.delta) + len(base.removed) + len(added) + len(removed) > max_changed(
            len(base.built_ids)
        ):
            return None
        chunks = self._store().get(ids=sorted(added)) if added else []
        lexical = base.changed(chunks, removed)
        if self._is_writer:
            lexical.save_delta(self.folder, fingerprint=fingerprint)
        logger.info("Lexical index: %s chunks added, %s removed", len(added), len(removed))
        return lexical


def max_changed(built: int) -> int:
    """Changed chunks scored beside the built index before it is rebuilt.

    Beyond this the built part's document frequencies drift from the corpus (the
    ranking moves away from a full build's) and the saved delta grows.
    """
    return max(MIN_CHANGED, int(CHANGED_SHARE * built))
