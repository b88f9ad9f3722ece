"""BM25 over Vietnamese terms (bm25s), persisted beside the local store.

The lexical index is derived data: it is rebuilt from the chunk texts (the dense store
holds them) whenever its fingerprint does not match the registry, so a crash between
the two writes, or a Chroma server shared by several app instances, only costs a rebuild.
"""

from __future__ import annotations

import json
import logging
import shutil
from array import array
from collections.abc import Collection, Sequence
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from index.terms import TERMS_VERSION, terms
from ingest.types import Chunk

logger = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG when imported, so every index build would print a
# line through the CLI's log handler; give it back the usual threshold.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_IDS_FILE = "chunk_ids.json"


def lexical_text(chunk: Chunk) -> str:
    """What BM25 sees of a chunk: its embedding text plus the report number.

    The number ("3394/BC-UBND") sits in the report header, usually in no section, yet
    people search by it.
    """
    number = chunk.metadata.number
    return f"{chunk.embedding_text}\n{number}" if number else chunk.embedding_text


class LexicalIndex:
    """BM25 scores for chunk ids; immutable once built (rebuild to change).

    Example:
        >>> lexical = LexicalIndex.build(["c1", "c2"], ["nước sinh hoạt", "giao thông"])
        >>> lexical.search("nuoc sinh hoat", k=1)[0][0]
        'c1'
    """

    def __init__(self, chunk_ids: Sequence[str], retriever: bm25s.BM25 | None) -> None:
        self.chunk_ids = tuple(chunk_ids)
        self._retriever = retriever
        self._vocab: Collection[str] = retriever.vocab_dict if retriever is not None else ()
        self._positions = {chunk_id: row for row, chunk_id in enumerate(self.chunk_ids)}

    @classmethod
    def from_chunks(cls, chunks: Sequence[Chunk]) -> LexicalIndex:
        return cls.build([c.chunk_id for c in chunks], [lexical_text(c) for c in chunks])

    @classmethod
    def build(cls, chunk_ids: Sequence[str], texts: Sequence[str]) -> LexicalIndex:
        if not chunk_ids:
            return cls((), None)
        # Term ids in compact arrays, not lists of strings: 100k chunks x ~300 terms
        # would otherwise hold tens of millions of str objects at once.
        vocab: dict[str, int] = {}
        ids = [array("I", [vocab.setdefault(t, len(vocab)) for t in terms(text)]) for text in texts]
        retriever = bm25s.BM25()
        retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
        return cls(chunk_ids, retriever)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def known_fraction(self, query: str) -> float:
        """Share of the query's terms that occur in the corpus (0.0 for an empty query)."""
        query_terms = terms(query)
        if not query_terms:
            return 0.0
        return sum(1 for term in query_terms if term in self._vocab) / len(query_terms)

    def search(
        self, query: str, *, k: int, allowed: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """Best `k` (chunk_id, BM25 score) pairs with a positive score, best first.

        Args:
            query: what the user typed.
            k: how many to return.
            allowed: if given, only these chunk ids may be returned.
        """
        if self._retriever is None or k <= 0:
            return []
        query_terms = [term for term in terms(query) if term in self._vocab]
        if not query_terms:
            return []
        scores = np.asarray(self._retriever.get_scores(query_terms), dtype=np.float32)
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            mask[[self._positions[cid] for cid in allowed if cid in self._positions]] = True
            scores = np.where(mask, scores, 0.0)
        top = min(k, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in best if scores[i] > 0]

    def save(self, folder: Path, *, fingerprint: str) -> None:
        """Write atomically: built aside, then renamed, so a half-written index is never read."""
        staging = folder.with_name(folder.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(staging), show_progress=False)
        meta = {
            "fingerprint": fingerprint,
            "terms": TERMS_VERSION,
            "chunk_ids": list(self.chunk_ids),
        }
        (staging / _IDS_FILE).write_text(json.dumps(meta), encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def saved_fingerprint(folder: Path) -> str | None:
        try:
            meta = json.loads((folder / _IDS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("terms") != TERMS_VERSION:
            return None  # made with other search terms: rebuilt, whatever it covers
        return str(meta.get("fingerprint")) if meta.get("fingerprint") else None

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The saved index, or None when it is missing or unreadable (then rebuild)."""
        try:
            meta = json.loads((folder / _IDS_FILE).read_text(encoding="utf-8"))
            chunk_ids = meta["chunk_ids"]
            if not chunk_ids:
                return cls((), None)
            retriever = bm25s.BM25.load(str(folder), show_progress=False)
        except (OSError, ValueError, KeyError) as err:
            logger.info("Lexical index in %s unreadable (%s); it will be rebuilt", folder, err)
            return None
        return cls(chunk_ids, retriever)
