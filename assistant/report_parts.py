"""Reports' passages and sections, split when a question first touches them and kept.

A question reads the reports it touches, not the whole corpus: opening a large index
costs nothing here. Report and chunk ids are content hashes, so what is kept stays right.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from assistant.passages import Passage, split_passages
from index.types import ReportRecord, SearchFilters
from ingest.types import Chunk

SectionKey = tuple[str, tuple[str, ...]]
# A chunk's passages: `split_passages`, or the same read from where they were kept.
Cut = Callable[[Chunk], Sequence[Passage]]
# Chunks split one by one kept at most (a province's 100k chunks: every chunk once).
MAX_LOOSE_CHUNKS = 200_000


@dataclass(frozen=True, slots=True)
class ReportPassages:
    """One report's share of the corpus: its chunks' passages and its sections."""

    chunks: int
    passages: dict[str, tuple[Passage, ...]]
    sections: dict[SectionKey, tuple[str, ...]]


class ReportParts:
    """Reports' passages and sections, split on first use and kept (report ids are hashes).

    A question reads the reports it touches, not the whole corpus: opening a large index
    costs nothing here.
    """

    def __init__(self, read: Callable[[SearchFilters | None], list[Chunk]]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._parts: dict[str, ReportPassages] = {}
        # Chunks split one by one (hits of reports not read whole); chunk ids are hashes.
        self._chunks: dict[str, tuple[Passage, ...]] = {}

    def get(
        self,
        records: Sequence[ReportRecord],
        *,
        every_report: bool = False,
        cut: Cut = split_passages,
    ) -> dict[str, ReportPassages]:
        """The parts of `records`, reading the chunks of those not split yet in one call.

        `every_report` says `records` are all the index holds: one unfiltered read is
        cheaper than naming thousands of reports. `cut` gives a chunk's passages.
        """
        with self._lock:
            missing = [r for r in records if self.peek(r.report_id, r.chunks) is None]
            if missing:
                ids = tuple(sorted({r.report_id for r in missing}))
                read = self._read(None if every_report else SearchFilters(report_ids=ids))
                wanted = set(ids)
                self._parts.update(
                    split_reports(missing, [c for c in read if c.report_id in wanted], cut=cut)
                )
            return {
                r.report_id: self._parts[r.report_id] for r in records if r.report_id in self._parts
            }

    def peek(self, report_id: str, chunks: int | None = None) -> ReportPassages | None:
        """The part of a report if already split (and of `chunks` chunks when given)."""
        part = self._parts.get(report_id)
        return part if part is not None and chunks in (None, part.chunks) else None

    def split_chunk(self, chunk: Chunk, *, cut: Cut = split_passages) -> tuple[Passage, ...]:
        """A chunk's passages, kept: a list question's hits are the next one's too."""
        found = self._chunks.get(chunk.chunk_id)
        if found is None:
            if len(self._chunks) >= MAX_LOOSE_CHUNKS:
                self._chunks.clear()
            found = self._chunks[chunk.chunk_id] = tuple(cut(chunk))
        return found

    def forget(self, report_ids: Collection[str]) -> None:
        """Drop what was split of `report_ids`, whose chunks changed under the same ids.

        A unit set by hand changes each chunk's metadata and breadcrumb, not its text.
        """
        gone = set(report_ids)
        with self._lock:
            for report_id in gone & set(self._parts):
                del self._parts[report_id]
            stale = [
                cid for cid, ps in self._chunks.items() if ps and ps[0].chunk.report_id in gone
            ]
            for chunk_id in stale:
                del self._chunks[chunk_id]

    def keep_only(self, report_ids: Collection[str]) -> None:
        """Forget the parts of reports no longer indexed."""
        with self._lock:
            for report_id in set(self._parts) - set(report_ids):
                del self._parts[report_id]


def split_reports(
    records: Sequence[ReportRecord], chunks: Sequence[Chunk], *, cut: Cut = split_passages
) -> dict[str, ReportPassages]:
    """Passages and sections of each report of `chunks` (in document order)."""
    by_report: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_report.setdefault(chunk.report_id, []).append(chunk)
    counts = {record.report_id: record.chunks for record in records}
    parts: dict[str, ReportPassages] = {}
    for report_id, items in by_report.items():
        sections: dict[SectionKey, list[str]] = {}
        for chunk in items:
            sections.setdefault((report_id, chunk.labels), []).append(chunk.chunk_id)
        parts[report_id] = ReportPassages(
            chunks=counts.get(report_id, len(items)),
            passages={chunk.chunk_id: tuple(cut(chunk)) for chunk in items},
            sections={key: tuple(ids) for key, ids in sections.items()},
        )
    return parts
