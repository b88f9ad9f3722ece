"""Postings: for each word, the sorted numbers (of passages, of reports) that hold it.

Kept as one vocabulary and two arrays (CSR), so they save and load as arrays and merge
with numpy rather than word by word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
_EMPTY = np.zeros(0, dtype=np.int64)


class Postings:
    """Word -> sorted numbers; word n's numbers are `values[pointers[n]:pointers[n+1]]`."""

    def __init__(self, vocabulary: Sequence[str], pointers: Ints, values: Ints) -> None:
        self.vocabulary = list(vocabulary)
        self._number = {word: n for n, word in enumerate(self.vocabulary)}
        self.pointers = pointers
        self.values = values

    @classmethod
    def of(cls, lists: Mapping[str, Sequence[int]]) -> Postings:
        """From word -> sorted numbers."""
        words = sorted(lists)
        sizes = np.fromiter((len(lists[w]) for w in words), dtype=np.int64, count=len(words))
        pointers = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        values = np.fromiter(
            (n for word in words for n in lists[word]), dtype=np.int64, count=int(pointers[-1])
        )
        return cls(words, pointers, values)

    def get(self, word: str) -> Ints:
        found = self._number.get(word)
        if found is None:
            return _EMPTY
        return self.values[self.pointers[found] : self.pointers[found + 1]]

    def arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        vocabulary = "\n".join(self.vocabulary).encode()
        return {
            prefix: np.frombuffer(vocabulary, dtype=np.uint8),
            f"{prefix}_pointers": self.pointers,
            f"{prefix}_values": self.values,
        }

    @classmethod
    def from_arrays(cls, saved: Mapping[str, npt.NDArray[Any]], prefix: str) -> Postings:
        text = saved[prefix].tobytes().decode()
        return cls(
            text.split("\n") if text else [],
            saved[f"{prefix}_pointers"],
            saved[f"{prefix}_values"],
        )

    @classmethod
    def combined(cls, parts: Sequence[tuple[Postings, Ints]], *, unique: bool = False) -> Postings:
        """Several postings as one, each part's values renumbered by its map (-1: dropped).

        Parts come in order (part 2's new numbers above part 1's), so a stable sort by
        word keeps every list sorted; `unique` sorts and deduplicates values anyway
        (reports' numbers may repeat when two parts hold one key).
        """
        vocabulary = sorted({word for postings, _ in parts for word in postings.vocabulary})
        number = {word: n for n, word in enumerate(vocabulary)}
        owners, values = [], []
        for postings, new_numbers in parts:
            local = np.fromiter(
                (number[w] for w in postings.vocabulary),
                dtype=np.int64,
                count=len(postings.vocabulary),
            )
            owner = np.repeat(local, np.diff(postings.pointers))
            mapped = new_numbers[postings.values] if len(postings.values) else _EMPTY
            kept = mapped >= 0
            owners.append(owner[kept])
            values.append(mapped[kept])
        owner = np.concatenate(owners) if owners else _EMPTY
        value = np.concatenate(values) if values else _EMPTY
        if unique:
            order = np.lexsort((value, owner))
            owner, value = owner[order], value[order]
            keep = np.ones(len(owner), dtype=bool)
            keep[1:] = (owner[1:] != owner[:-1]) | (value[1:] != value[:-1])
            owner, value = owner[keep], value[keep]
        else:
            order = np.argsort(owner, kind="stable")
            owner, value = owner[order], value[order]
        counts = np.bincount(owner, minlength=len(vocabulary)) if len(vocabulary) else _EMPTY
        return cls(vocabulary, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), value)
