"""What the assistant remembers about the indexed corpus between questions.

Term statistics are kept on disk and brought up to date when a report is added or
deleted, including by another process such as `baocao ingest` while the web app runs.
Passages are split per report when a question first touches it and kept: reading and
splitting every chunk costs ~0.5 s per 1k chunks, a minute at 100k, so opening a large
index must not.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.passages import Passage, passages_from, split_passages
from assistant.report_parts import ReportParts, ReportPassages
from assistant.term_stats import TermStats
from assistant.term_store import TermStatsStore
from index.types import ReportRecord, SearchFilters
from ingest.periods import Span, series_span
from ingest.types import Chunk

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Corpus:
    """The indexed reports as questions see them: records, term weights, passages on demand."""

    key: tuple[str, ...]
    stats: TermStats
    communes: tuple[str, ...]
    doc_types: tuple[str, ...]
    records: tuple[ReportRecord, ...]
    parts: ReportParts = field(compare=False)
    _by_id: dict[str, ReportRecord] = field(default_factory=dict, compare=False)

    def series(self, unit: str | None, *, within: Span | None = None) -> list[ReportRecord]:
        """`unit`'s periodic reports (`ingest.periods.series_span`), newest first.

        Every unit's when `unit` is None.
        """
        return [record for _, record in self._dated(unit, within)]

    def series_spans(self, unit: str | None) -> list[Span]:
        """The periods of `series(unit)`, newest first."""
        return [span for span, _ in self._dated(unit, None)]

    def _dated(self, unit: str | None, within: Span | None) -> list[tuple[Span, ReportRecord]]:
        dated = []
        for record in self.records:
            span = series_span(record.doc_type, record.period)
            if span is None or (unit is not None and record.commune != unit):
                continue
            if within is None or within.contains(span):
                dated.append((span, record))
        dated.sort(key=lambda item: (item[0].end, item[0].start), reverse=True)
        return dated

    def load(self, report_ids: Iterable[str]) -> None:
        """Split the reports of `report_ids` not split yet, in one read of the index."""
        wanted = [self._by_id[rid] for rid in dict.fromkeys(report_ids) if rid in self._by_id]
        self.parts.get(wanted, cut=self.cut)

    def chunk_count(self, report_id: str) -> int:
        """How many chunks a report has (0 if the corpus does not hold it), without reading it."""
        record = self._by_id.get(report_id)
        return record.chunks if record is not None else 0

    def report(self, report_id: str) -> ReportPassages | None:
        """A report's passages and sections (None if the corpus does not hold it)."""
        record = self._by_id.get(report_id)
        if record is None:
            return None
        return self.parts.get([record], cut=self.cut).get(report_id)

    def section_passages(self, chunk: Chunk) -> list[Passage]:
        """Passages of every chunk of `chunk`'s section (footnotes may sit in another)."""
        part = self.report(chunk.report_id)
        if part is None:
            return list(self.passages_of(chunk))
        siblings = part.sections.get((chunk.report_id, chunk.labels), (chunk.chunk_id,))
        return [p for chunk_id in siblings for p in part.passages.get(chunk_id, ())]

    def passages_of(self, chunk: Chunk) -> tuple[Passage, ...]:
        """`chunk`'s passages: those already split, else split now (not read from the index)."""
        part = self.parts.peek(chunk.report_id)
        found = part.passages.get(chunk.chunk_id) if part is not None else None
        return found if found is not None else self.parts.split_chunk(chunk, cut=self.cut)

    def cut(self, chunk: Chunk) -> list[Passage]:
        """`chunk`'s passages, read from the term statistics when they hold it, else cut.

        The statistics keep every passage cut and folded: reading them costs a fraction
        of cutting again, which a list question over a province did for a thousand chunks.
        """
        counted = self.stats.chunk_passages(chunk)
        return passages_from(chunk, *counted) if counted is not None else split_passages(chunk)

    def report_passages(self, report_id: str) -> list[Passage]:
        """Every passage of a report, in document order."""
        part = self.report(report_id)
        return [p for ps in part.passages.values() for p in ps] if part is not None else []


class CorpusIndex(Protocol):
    """The index reads the corpus needs (`index.ReportIndex` and the fakes have them)."""

    def reports(self) -> list[ReportRecord]: ...
    def chunks(self, *, filters: SearchFilters | None = None) -> list[Chunk]: ...
    def communes(self) -> list[str]: ...


def build_corpus(
    records: Sequence[ReportRecord], chunks: Sequence[Chunk], communes: Sequence[str]
) -> Corpus:
    """The corpus of `records` from all their chunks at once (every report split now)."""
    parts = ReportParts(lambda _: list(chunks))
    passages_of = _passage_reader(parts, records)
    stats = TermStatsStore(None).current(corpus_key(records), passages_of)
    return _corpus(records, parts, stats, communes)


def corpus_key(records: Sequence[ReportRecord]) -> tuple[str, ...]:
    # The chunk count catches a re-chunked report (`baocao reindex` keeps report ids).
    return tuple(sorted(f"{record.report_id}/{record.chunks}" for record in records))


def _passage_reader(
    parts: ReportParts, records: Sequence[ReportRecord]
) -> Callable[[Sequence[str]], list[Passage]]:
    """Passages of given reports, for counting them into the term statistics."""
    by_id = {record.report_id: record for record in records}

    def passages_of(report_ids: Sequence[str]) -> list[Passage]:
        wanted = [by_id[rid] for rid in report_ids if rid in by_id]
        found = parts.get(wanted, every_report=len(wanted) == len(by_id))
        return [
            p
            for rid in report_ids
            if rid in found
            for ps in found[rid].passages.values()
            for p in ps
        ]

    return passages_of


def _corpus(
    records: Sequence[ReportRecord], parts: ReportParts, stats: TermStats, communes: Sequence[str]
) -> Corpus:
    return Corpus(
        key=corpus_key(records),
        stats=stats,
        communes=tuple(communes),
        doc_types=tuple(sorted({r.doc_type for r in records if r.doc_type})),
        records=tuple(records),
        parts=parts,
        _by_id={record.report_id: record for record in records},
    )


def _moved_units(corpus: Corpus | None, records: Sequence[ReportRecord]) -> set[str]:
    """Reports of `corpus` whose unit is not the one `records` give them now."""
    if corpus is None:
        return set()
    before = {r.report_id: (r.commune, r.unit_kind) for r in corpus.records}
    return {
        r.report_id
        for r in records
        if before.get(r.report_id, (r.commune, r.unit_kind)) != (r.commune, r.unit_kind)
    }


class CorpusCache:
    """Thread-safe holder of the current `Corpus` (the web app answers concurrently).

    `current` updates under a lock: concurrent questions after a change wait for one update
    instead of each counting the corpus. Term statistics are kept in `folder` when given
    (`assistant.term_store`), so a new process counts only the reports added since.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._stats = TermStatsStore(folder)
        self._parts: ReportParts | None = None

    def current(self, index: CorpusIndex) -> Corpus:
        """The corpus of the reports `index` holds now, updated for any change.

        Added and deleted reports change the key; a unit set by hand changes no key
        (same reports, same chunks), only the records' units.
        """
        records = index.reports()
        key = corpus_key(records)
        with self._lock:
            moved = _moved_units(self._corpus, records)
            if self._corpus is None or self._corpus.key != key or moved:
                if self._parts is not None:
                    self._parts.forget(moved)
                self._corpus = self._update(index, records)
            return self._corpus

    def clear(self) -> None:
        """Forget the assembled corpus; split reports and term statistics stay."""
        with self._lock:
            self._corpus = None

    def _update(self, index: CorpusIndex, records: Sequence[ReportRecord]) -> Corpus:
        started = time.perf_counter()
        if self._parts is None:
            self._parts = ReportParts(lambda filters: index.chunks(filters=filters))
        self._parts.keep_only({record.report_id for record in records})
        stats = self._stats.current(corpus_key(records), _passage_reader(self._parts, records))
        corpus = _corpus(records, self._parts, stats, index.communes())
        logger.info(
            "Corpus of %s reports ready in %.2f s", len(records), time.perf_counter() - started
        )
        return corpus
