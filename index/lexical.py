"""BM25 over Vietnamese terms (bm25s), persisted beside the local store.

The lexical index is derived data: it is rebuilt from the chunk texts (the dense store
holds them) whenever its fingerprint does not match the registry, so a crash between
the two writes, or a Chroma server shared by several app instances, only costs a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from array import array
from collections.abc import Collection, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import numpy.typing as npt
from bm25s.tokenization import Tokenized

from index.lexical_delta import LexicalDelta
from index.terms import TERMS_VERSION, terms
from ingest.types import Chunk

logger = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG when imported, so every index build would print a
# line through the CLI's log handler; give it back the usual threshold.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_IDS_FILE = "chunk_ids.json"
_DELTA_FILE = "delta.json"


def lexical_text(chunk: Chunk) -> str:
    """What BM25 sees of a chunk: its embedding text plus the report number.

    The number ("3394/BC-UBND") sits in the report header, usually in no section, yet
    people search by it.
    """
    number = chunk.metadata.number
    return f"{chunk.embedding_text}\n{number}" if number else chunk.embedding_text


class LexicalIndex:
    """BM25 scores for chunk ids: a built bm25s index plus the chunks changed since.

    Immutable: `changed` returns a new index sharing the built part. Rows are the built
    chunks then the added ones; a removed built chunk keeps its row and scores 0.

    Example:
        >>> lexical = LexicalIndex.build(["c1", "c2"], ["nước sinh hoạt", "giao thông"])
        >>> lexical.search("nuoc sinh hoat", k=1)[0][0]
        'c1'
    """

    def __init__(
        self,
        chunk_ids: Sequence[str],
        retriever: bm25s.BM25 | None,
        *,
        average_length: float = 0.0,
        delta: LexicalDelta | None = None,
        removed: Collection[str] = (),
    ) -> None:
        self.built_ids = tuple(chunk_ids)
        self.delta = delta or LexicalDelta()
        self.average_length = average_length
        self._retriever = retriever
        self._vocab: Collection[str] = retriever.vocab_dict if retriever is not None else ()
        self.rows = self.built_ids + self.delta.chunk_ids
        built = {chunk_id: row for row, chunk_id in enumerate(self.built_ids)}
        # Removed from the built part; an updated chunk may come back in the delta.
        self.removed = frozenset(cid for cid in removed if cid in built)
        self._removed_rows = np.array([built[cid] for cid in self.removed], dtype=np.intp)
        self._positions = {cid: row for cid, row in built.items() if cid not in self.removed}
        start = len(self.built_ids)
        self._positions.update((cid, start + n) for n, cid in enumerate(self.delta.chunk_ids))
        self.chunk_ids = (
            tuple(cid for cid in self.built_ids if cid not in self.removed) + self.delta.chunk_ids
        )
        self._indptr = np.asarray(retriever.scores["indptr"]) if retriever is not None else None

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
        average = sum(len(doc) for doc in ids) / len(ids)
        return cls(chunk_ids, retriever, average_length=average)

    def changed(self, added: Sequence[Chunk], removed: Collection[str]) -> LexicalIndex:
        """This index with `added` chunks scored alongside and `removed` ones gone."""
        new = [(c.chunk_id, tuple(terms(lexical_text(c)))) for c in added]
        gone = set(removed) | {cid for cid, _ in new}  # an updated chunk is re-added
        return LexicalIndex(
            self.built_ids,
            self._retriever,
            average_length=self.average_length,
            delta=self.delta.changed(new, gone),
            removed=(self.removed | gone) & set(self.built_ids),
        )

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def positions(self, chunk_ids: Iterable[str]) -> npt.NDArray[np.intp]:
        """Rows of the given chunk ids (ids the index does not hold are skipped)."""
        found = [self._positions[cid] for cid in chunk_ids if cid in self._positions]
        return np.array(found, dtype=np.intp)

    def known_fraction(self, query: str) -> float:
        """Share of the query's terms that occur in the corpus (0.0 for an empty query)."""
        query_terms = terms(query)
        if not query_terms:
            return 0.0
        return sum(1 for term in query_terms if self._knows(term)) / len(query_terms)

    def _knows(self, term: str) -> bool:
        return term in self._vocab or self.delta.knows(term)

    def _scores(self, query: str) -> npt.NDArray[np.float32] | None:
        """BM25 of every row for `query`; None when no term of it is in the index."""
        query_terms = [term for term in terms(query) if self._knows(term)]
        if not query_terms:
            return None
        built = [term for term in query_terms if term in self._vocab]
        if self._retriever is not None and built:
            main = np.asarray(self._retriever.get_scores(built), dtype=np.float32)
        else:
            main = np.zeros(len(self.built_ids), dtype=np.float32)
        added = self.delta.scores(
            query_terms,
            built_freq=self._built_freq,
            built_docs=len(self.built_ids),
            average_length=self.average_length,
        )
        scores = np.concatenate([main, added]) if len(added) else main
        scores[self._removed_rows] = 0.0
        return scores

    def _built_freq(self, term: str) -> int:
        """How many built chunks hold `term` (its column's length in bm25s's matrix)."""
        tid = self._vocab.get(term) if isinstance(self._vocab, dict) else None
        if tid is None or self._indptr is None:
            return 0
        return int(self._indptr[tid + 1] - self._indptr[tid])

    def search(
        self, query: str, *, k: int, allowed: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """Best `k` (chunk_id, BM25 score) pairs with a positive score, best first.

        Args:
            query: what the user typed.
            k: how many to return.
            allowed: if given, only these chunk ids may be returned.
        """
        scores = self._scores(query) if k > 0 else None
        if scores is None or not len(scores):
            return []
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            mask[self.positions(allowed)] = True
            scores = np.where(mask, scores, 0.0)
        top = min(k, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.rows[i], float(scores[i])) for i in best if scores[i] > 0]

    def best_per_group(
        self,
        query: str,
        *,
        groups: npt.NDArray[np.int32],
        k: int,
        max_total: int | None = None,
    ) -> list[tuple[str, float]]:
        """Each group's best `k` (chunk_id, score) pairs from one scoring of every chunk.

        Args:
            query: what the user typed.
            groups: the group of each row (`rows`); -1 leaves it out.
            k: how many per group.
            max_total: if given, each group keeps max_total // groups found (1 at least,
                `k` at most), so many matching groups do not bring k each.

        Returns:
            Pairs with a positive score; groups by their best score, best first, and within
            a group best first.
        """
        scores = self._scores(query) if k > 0 else None
        if scores is None:
            return []
        found = np.flatnonzero((scores > 0) & (groups >= 0))
        kept = keep_per_group(scores[found], groups[found], k=k, max_total=max_total)
        return [(self.rows[found[i]], float(scores[found[i]])) for i in kept]

    def rows_of(self, chunk_ids: Sequence[str]) -> npt.NDArray[np.intp]:
        """Row of each chunk id, in the order given; -1 for ids the index does not hold."""
        return np.array([self._positions.get(cid, -1) for cid in chunk_ids], dtype=np.intp)

    @cached_property
    def built_key(self) -> str:
        """Names the built part, so a saved delta is only read over the index it extends."""
        digest = hashlib.sha256()
        for chunk_id in self.built_ids:
            digest.update(chunk_id.encode("ascii", "replace"))
        return digest.hexdigest()

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
            "chunk_ids": list(self.built_ids),
            "average_length": self.average_length,
            "built": self.built_key,
        }
        (staging / _IDS_FILE).write_text(json.dumps(meta), encoding="utf-8")
        if len(self.delta) or self.removed:
            self.save_delta(staging, fingerprint=fingerprint)
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    def save_delta(self, folder: Path, *, fingerprint: str) -> None:
        """Write only the changes since the built part (which `folder` already holds)."""
        data = {
            "built": self.built_key,
            "fingerprint": fingerprint,
            "chunk_ids": list(self.delta.chunk_ids),
            "terms": [list(doc) for doc in self.delta.terms],
            "removed": sorted(self.removed),
        }
        temp = folder / (_DELTA_FILE + ".tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, folder / _DELTA_FILE)

    @staticmethod
    def saved_fingerprint(folder: Path) -> str | None:
        meta = _read_json(folder / _IDS_FILE)
        if meta is None or meta.get("terms") != TERMS_VERSION or "built" not in meta:
            return None  # other search terms or an older layout: rebuilt, whatever it covers
        delta = _read_json(folder / _DELTA_FILE)
        if delta is not None and delta.get("built") == meta["built"]:
            return str(delta.get("fingerprint") or "") or None
        return str(meta.get("fingerprint")) if meta.get("fingerprint") else None

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The saved index, or None when it is missing or unreadable (then rebuild)."""
        try:
            meta = json.loads((folder / _IDS_FILE).read_text(encoding="utf-8"))
            chunk_ids = meta["chunk_ids"]
            # Mapped, not read: a province's index is ~400 MB, of which a search touches
            # the columns of its few terms. Saving renames a new folder in, so a mapped
            # file is never rewritten under a reader.
            retriever = (
                bm25s.BM25.load(str(folder), show_progress=False, mmap=True) if chunk_ids else None
            )
            average = float(meta.get("average_length", 0.0))
        except (OSError, ValueError, KeyError) as err:
            logger.info("Lexical index in %s unreadable (%s); it will be rebuilt", folder, err)
            return None
        delta = _read_json(folder / _DELTA_FILE)
        if delta is None or delta.get("built") != meta.get("built"):
            return cls(chunk_ids, retriever, average_length=average)
        added = LexicalDelta(tuple(delta["chunk_ids"]), tuple(tuple(doc) for doc in delta["terms"]))
        return cls(
            chunk_ids, retriever, average_length=average, delta=added, removed=delta["removed"]
        )


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def keep_per_group(
    scores: npt.NDArray[np.floating[Any]],
    group_of: npt.NDArray[np.int32],
    *,
    k: int,
    max_total: int | None = None,
) -> npt.NDArray[np.intp]:
    """Positions (into `scores`) of each group's best `k`, as `best_per_group` orders them.

    Groups come by their best score (ties by group), members best first (ties keep the
    order given). With `max_total`, each group keeps max_total // groups (1 at least, `k`
    at most). Lexical and dense sweeps by unit both pick with this.
    """
    if not len(scores) or k <= 0:
        return np.zeros(0, dtype=np.intp)
    # Sorted by group, then by score within it (stable: ties keep the given order).
    order = np.lexsort((-scores, group_of))
    grouped = group_of[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    if max_total is not None:
        k = max(1, min(k, max_total // len(starts)))
    best: npt.NDArray[np.floating[Any]] = np.repeat(scores[order[starts]], sizes)
    kept = np.flatnonzero(rank < k)
    chosen = kept[np.lexsort((rank[kept], grouped[kept], -best[kept]))]
    return np.asarray(order[chosen], dtype=np.intp)
