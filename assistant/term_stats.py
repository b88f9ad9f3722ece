"""Term statistics: in how many passages of the corpus a phrase occurs.

They weight the words of a question (rare words say more). Counts are exact over the
passages of the reports indexed now, whatever segments (`assistant.term_segment`) hold
them: reports deleted since a segment was made are left out of its counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.passages import Passage
from assistant.term_segment import Ints, Segment
from ingest import fold
from ingest.types import Chunk

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class LivePart:
    """A segment and the keys of its reports that are no longer indexed."""

    segment: Segment
    dropped: frozenset[str] = frozenset()

    @property
    def dead(self) -> npt.NDArray[np.bool_] | None:
        """Per passage, whether its report was dropped (None: none was)."""
        if not self.dropped:
            return None
        gone = [n for n, key in enumerate(self.segment.keys) if key in self.dropped]
        return np.isin(self.segment.report_of, gone)

    @property
    def dropped_passages(self) -> int:
        dead = self.dead
        return int(dead.sum()) if dead is not None else 0

    @property
    def dropped_reports(self) -> npt.NDArray[np.int64]:
        return np.asarray(
            [n for n, key in enumerate(self.segment.keys) if key in self.dropped], dtype=np.int64
        )


class TermStats:
    """Passage frequencies over the whole corpus, for weighting question words.

    Each segment's inverted index keeps `weight` cheap at any corpus size: a phrase is only
    checked in the passages holding all of its words.
    """

    def __init__(
        self, passages: Sequence[Passage] = (), *, parts: Sequence[LivePart] | None = None
    ) -> None:
        self.parts = tuple(parts) if parts is not None else (LivePart(Segment.build(passages)),)
        self._dead = [part.dead for part in self.parts]
        self._dead_reports = [part.dropped_reports for part in self.parts]
        self._size = sum(
            len(part.segment) - (int(dead.sum()) if dead is not None else 0)
            for part, dead in zip(self.parts, self._dead, strict=True)
        )
        self._cache: dict[tuple[str, ...], int] = {}
        self._held: frozenset[str] | None = None
        # Per part, the segment numbers of the reports a question asks about: the same
        # thousand reports for each of its phrases.
        self._among: tuple[frozenset[str], list[tuple[Ints, Mask]]] | None = None

    def __len__(self) -> int:
        return self._size

    def uses_word(self, typed: str) -> bool:
        """Whether the reports use a word as typed (lower case only if they write it so).

        The English "put" is not the village "Put", nor "he" the Vietnamese "hè".
        """
        if not typed.islower():
            word = fold(typed)
            return any(
                self._live(n, part.segment.words.get(word)) > 0 for n, part in enumerate(self.parts)
            )
        for part, gone in zip(self.parts, self._dead_reports, strict=True):
            reports = part.segment.lower.get(typed)
            if len(reports) and (not len(gone) or len(np.setdiff1d(reports, gone))):
                return True
        return False

    def holds(self, report_id: str) -> bool:
        """Whether a segment holds the report as indexed now."""
        if self._held is None:
            self._held = frozenset(
                rid
                for part in self.parts
                for rid, key in zip(part.segment.report_ids, part.segment.keys, strict=True)
                if key not in part.dropped
            )
        return report_id in self._held

    def reports_with(
        self, phrases: Iterable[str], *, among: Collection[str] | None = None
    ) -> frozenset[str]:
        """Ids of the reports indexed now with a passage holding one of folded `phrases`.

        Only the reports `among` are looked at when given.
        """
        wanted = tuple(phrases)

        def holding(segment: Segment, numbers: Ints | None) -> Mask:
            found = np.zeros(len(segment.keys), dtype=bool)
            for phrase in wanted:
                found |= segment.reports_with(phrase, numbers)
            return found

        return self._report_ids(holding, among)

    def reports_writing(
        self, words: Iterable[str], *, among: Collection[str] | None = None
    ) -> frozenset[str]:
        """Ids of the reports indexed now (of those `among`) writing one of `words` alone.

        `words` are lower case; a report's capitalised "Chợ" writes "chợ".
        """
        wanted = tuple(words)

        def writing(segment: Segment, numbers: Ints | None) -> Mask:
            found = np.zeros(len(segment.keys), dtype=bool)
            for word in wanted:
                found[segment.reports_writing(word)] = True
            return found

        return self._report_ids(writing, among)

    def _report_ids(
        self,
        holding: Callable[[Segment, Ints | None], Mask],
        among: Collection[str] | None,
    ) -> frozenset[str]:
        found: set[str] = set()
        asked = self._numbers_among(among) if among is not None else None
        for n, part in enumerate(self.parts):
            segment = part.segment
            numbers, kept = asked[n] if asked is not None else (None, None)
            mask = holding(segment, numbers)
            if kept is not None:
                mask &= kept
            found.update(
                segment.report_ids[n]
                for n in np.flatnonzero(mask).tolist()
                if segment.keys[n] not in part.dropped
            )
        return frozenset(found)

    def _numbers_among(self, among: Collection[str]) -> list[tuple[Ints, Mask]]:
        """Per part, the numbers of the reports `among` and the mask they set."""
        key = frozenset(among)
        if self._among is None or self._among[0] != key:
            numbers_and_masks = []
            for part in self.parts:
                segment = part.segment
                numbers = np.asarray(
                    [n for rid in key for n in segment.numbers_of(rid)], dtype=np.int64
                )
                kept = np.zeros(len(segment.keys), dtype=bool)
                kept[numbers] = True
                numbers_and_masks.append((numbers, kept))
            self._among = (key, numbers_and_masks)
        return self._among[1]

    def chunk_passages(self, chunk: Chunk) -> tuple[list[str], list[str]] | None:
        """(texts, folded) of `chunk`'s passages as counted, None if no segment holds them."""
        for part in reversed(self.parts):
            segment = part.segment
            for number in segment.numbers_of(chunk.report_id):
                if segment.keys[number] in part.dropped:
                    continue
                texts, folded = segment.chunk_passages(number, chunk.chunk_id)
                if texts:
                    return texts, folded
        return None

    def has_any(self, phrases: Iterable[str]) -> bool:
        """Whether any passage of the corpus holds one of `phrases`."""
        return self._count(tuple(phrases)) > 0

    def weight(self, phrases: Iterable[str]) -> float:
        """IDF of "any of these phrases"; unseen phrases get the highest weight."""
        found = self._count(tuple(phrases))
        return max(math.log((len(self) + 1) / (found + 0.5)), 0.1)

    def _count(self, phrases: tuple[str, ...]) -> int:
        """How many passages hold any of `phrases` (cached: a question asks several times).

        Each segment keeps its own counts (by phrases and dropped reports), so they
        outlive these statistics: after an upload only the new segment counts anew.
        """
        if phrases not in self._cache:
            total = 0
            for n, part in enumerate(self.parts):
                key = (phrases, part.dropped)
                counts = part.segment.counts
                if key not in counts:
                    counts[key] = self._count_in(n, phrases)
                total += counts[key]
            self._cache[phrases] = total
        return self._cache[phrases]

    def _count_in(self, part: int, phrases: tuple[str, ...]) -> int:
        segment = self.parts[part].segment
        found = [numbers for numbers in map(segment.passages_with, phrases) if len(numbers)]
        if not found:
            return 0
        return self._live(part, found[0] if len(found) == 1 else np.unique(np.concatenate(found)))

    def _live(self, part: int, numbers: npt.NDArray[np.int64]) -> int:
        dead = self._dead[part]
        return len(numbers) if dead is None else int(np.count_nonzero(~dead[numbers]))
