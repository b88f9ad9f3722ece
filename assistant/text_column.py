"""Many short texts in one byte string with offsets: saved and loaded as two arrays."""

from __future__ import annotations

import mmap
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


class TextColumn:
    """Texts 0..n-1, UTF-8 encoded end to end; text i is `data[offsets[i]:offsets[i+1]]`."""

    def __init__(self, data: bytes | mmap.mmap, offsets: Ints) -> None:
        self.data = data
        self.offsets = offsets
        self._starts: list[int] | None = None

    @classmethod
    def of(cls, texts: Sequence[str]) -> TextColumn:
        encoded = [text.encode() for text in texts]
        sizes = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        return cls(b"".join(encoded), _offsets(sizes))

    @classmethod
    def joined(cls, columns: Sequence[tuple[TextColumn, npt.NDArray[np.bool_]]]) -> TextColumn:
        """The kept texts of each column (by mask), in order."""
        pieces: list[bytes | mmap.mmap] = []
        sizes: list[Ints] = []
        for column, kept in columns:
            starts, ends = column.offsets[:-1][kept], column.offsets[1:][kept]
            sizes.append(ends - starts)
            if kept.all():
                pieces.append(column.data)
            else:
                spans = zip(starts.tolist(), ends.tolist(), strict=True)
                pieces.extend(column.data[a:b] for a, b in spans)
        return cls(b"".join(pieces), _offsets(np.concatenate(sizes) if sizes else np.zeros(0)))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def text(self, first: int, end: int | None = None) -> str:
        """Text `first`, or texts first..end-1 run together."""
        stop = first + 1 if end is None else end
        return self.data[self.offsets[first] : self.offsets[stop]].decode()

    def holding(self, needles: Sequence[bytes], numbers: Sequence[int]) -> list[int]:
        """Those of `numbers` whose text holds any of `needles` (no text is decoded).

        One look in each text's span, never a scan of all the bytes: over a province's
        64 MB a scan for a phrase of common words cost more than looking in each of its
        150,000 candidates (bench/bench_phrase_count.py, bench/RESULTS.md).
        """
        if self._starts is None:
            self._starts = self.offsets.tolist()
        starts, find = self._starts, self.data.find
        first, *others = needles
        if not others:
            return [n for n in numbers if find(first, starts[n], starts[n + 1]) != -1]
        return [
            n
            for n in numbers
            if find(first, starts[n], starts[n + 1]) != -1
            or any(find(needle, starts[n], starts[n + 1]) != -1 for needle in others)
        ]

    def numbers_at(self, positions: Sequence[int]) -> Ints:
        """The sorted numbers of the texts the byte `positions` fall in."""
        at = np.searchsorted(self.offsets, np.asarray(positions, dtype=np.int64), side="right")
        return np.unique(at - 1)


def _offsets(sizes: npt.NDArray[np.int64] | npt.NDArray[np.float64]) -> Ints:
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
