"""Chunks added to a built BM25 index, scored with the same formula, until the next build.

bm25s cannot add documents to a built index, and rebuilding it over 100k chunks takes
longer than a user waits for one uploaded report. The chunks added since the last build
are kept here, as term lists, and scored with bm25s's Lucene BM25: the built index's
document frequencies plus the added chunks' own, and its average length.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float32]
# bm25s's defaults (the built index uses them too).
K1 = 1.5
B = 0.75


@dataclass(frozen=True, slots=True)
class LexicalDelta:
    """Added chunks: their ids and search terms, in the order they were added."""

    chunk_ids: tuple[str, ...] = ()
    terms: tuple[tuple[str, ...], ...] = ()
    # term -> (rows holding it, how often each holds it), as arrays: scored by numpy.
    _postings: dict[str, tuple[Ints, Ints]] = field(default_factory=dict, compare=False)
    _lengths: Floats = field(default_factory=lambda: np.zeros(0, np.float32), compare=False)

    def __post_init__(self) -> None:
        found: dict[str, tuple[list[int], list[int]]] = {}
        for row, doc in enumerate(self.terms):
            for term, count in Counter(doc).items():
                rows, counts = found.setdefault(term, ([], []))
                rows.append(row)
                counts.append(count)
        for term, (rows, counts) in found.items():
            self._postings[term] = (
                np.array(rows, dtype=np.intp),
                np.array(counts, dtype=np.float32),
            )
        object.__setattr__(
            self, "_lengths", np.array([len(doc) for doc in self.terms], dtype=np.float32)
        )

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def knows(self, term: str) -> bool:
        return term in self._postings

    def doc_freq(self, term: str) -> int:
        return len(self._postings.get(term, ()))

    def changed(
        self, added: Sequence[tuple[str, tuple[str, ...]]], removed: Collection[str]
    ) -> LexicalDelta:
        """A delta without `removed` and with `added` (chunk id, terms) appended."""
        kept = [(cid, doc) for cid, doc in zip(self.chunk_ids, self.terms, strict=True)]
        kept = [item for item in kept if item[0] not in removed] + list(added)
        return LexicalDelta(tuple(cid for cid, _ in kept), tuple(doc for _, doc in kept))

    def scores(
        self,
        query_terms: Sequence[str],
        *,
        built_freq: Callable[[str], int],
        built_docs: int,
        average_length: float,
    ) -> npt.NDArray[np.float32]:
        """BM25 (Lucene variant, as bm25s) of every added chunk for `query_terms`."""
        out = np.zeros(len(self.terms), dtype=np.float32)
        if not self.terms:
            return out
        docs = built_docs + len(self.terms)
        average = average_length or float(self._lengths.mean())
        norms = K1 * ((1 - B) + B * self._lengths / average)
        for term in query_terms:  # repeated terms count again, as in bm25s
            postings = self._postings.get(term)
            if postings is None:
                continue
            rows, counts = postings
            freq = built_freq(term) + len(rows)
            idf = math.log(1 + (docs - freq + 0.5) / (freq + 0.5))
            out[rows] += idf * counts / (norms[rows] + counts)
        return out
