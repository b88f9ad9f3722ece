"""What the assistant remembers about the indexed corpus between questions.

Passages of every chunk and their term statistics are computed once per set of indexed
reports (not per question) and brought up to date when a report is added or deleted,
including by another process such as `baocao ingest` while the web app runs. Passages are
kept per report, so a change splits only the reports it added: fetching and splitting
every chunk again costs ~0.5 s per 1k chunks, a minute at 100k.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.passages import Passage, TermStats, split_passages
from index.types import ReportRecord, SearchFilters
from ingest.periods import Span, series_span
from ingest.types import Chunk

logger = logging.getLogger(__name__)

SectionKey = tuple[str, tuple[str, ...]]
# Passages added or removed since the term statistics were built, as a share of them,
# beyond which they are built again. Counts are exact either way: this bounds the
# memory and time of counting apart, not answers.
MAX_CHANGED_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Corpus:
    """Passages by chunk id, corpus-wide term weights, communes and document types."""

    key: tuple[str, ...]
    passages: dict[str, tuple[Passage, ...]]
    stats: TermStats
    communes: tuple[str, ...]
    doc_types: tuple[str, ...]
    sections: dict[SectionKey, tuple[str, ...]]
    # Report id -> its chunk ids in document order (a question's neighbouring sections).
    report_chunks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    records: tuple[ReportRecord, ...] = ()
    # Report id -> its passages joined (folded, lower-case) and their folded words, made
    # on first use.
    _report_texts: dict[str, tuple[str, str, frozenset[str]]] = field(
        default_factory=dict, compare=False
    )

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

    def section_passages(self, chunk: Chunk) -> list[Passage]:
        """Passages of every chunk of `chunk`'s section (footnotes may sit in another)."""
        siblings = self.sections.get((chunk.report_id, chunk.labels), (chunk.chunk_id,))
        return [p for chunk_id in siblings for p in self.passages.get(chunk_id, ())]

    def passages_of(self, chunk: Chunk) -> tuple[Passage, ...]:
        """Cached passages of `chunk` (split on the fly if the index is newer)."""
        found = self.passages.get(chunk.chunk_id)
        return found if found is not None else tuple(split_passages(chunk))

    def report_text(self, report_id: str) -> tuple[str, str, frozenset[str]] | None:
        """A report's passages joined (folded; as written, lower case) and its folded words.

        None when the corpus does not know the report.
        """
        found = self._report_texts.get(report_id)
        passages = self.report_passages(report_id) if found is None else []
        if passages:
            folded = "".join(p.folded for p in passages)
            written = "\n".join(p.text for p in passages).lower()
            found = (folded, written, frozenset(folded.split()))
            self._report_texts[report_id] = found
        return found

    def report_passages(self, report_id: str) -> list[Passage]:
        """Every passage of a report, in document order."""
        return [p for cid in self.report_chunks.get(report_id, ()) for p in self.passages[cid]]


@dataclass(frozen=True, slots=True)
class ReportPassages:
    """One report's share of the corpus: its chunks' passages and its sections."""

    chunks: int
    passages: dict[str, tuple[Passage, ...]]
    sections: dict[SectionKey, tuple[str, ...]]


class CorpusIndex(Protocol):
    """The index reads the corpus needs (`index.ReportIndex` and the fakes have them)."""

    def reports(self) -> list[ReportRecord]: ...
    def chunks(self, *, filters: SearchFilters | None = None) -> list[Chunk]: ...
    def communes(self) -> list[str]: ...


def build_corpus(
    records: Sequence[ReportRecord], chunks: Sequence[Chunk], communes: Sequence[str]
) -> Corpus:
    """The corpus of `records` from all their chunks at once."""
    return assemble(records, split_reports(records, chunks), communes)


def split_reports(
    records: Sequence[ReportRecord], chunks: Sequence[Chunk]
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
            passages={chunk.chunk_id: tuple(split_passages(chunk)) for chunk in items},
            sections={key: tuple(ids) for key, ids in sections.items()},
        )
    return parts


def assemble(
    records: Sequence[ReportRecord],
    parts: Mapping[str, ReportPassages],
    communes: Sequence[str],
    *,
    previous: Corpus | None = None,
) -> Corpus:
    """One `Corpus` from per-report parts.

    Term statistics are corpus-wide: those of `previous` are brought up to date with the
    reports added and removed since (`TermStats.changed`), or rebuilt once those exceed
    `MAX_CHANGED_SHARE` of it.
    """
    passages: dict[str, tuple[Passage, ...]] = {}
    sections: dict[SectionKey, tuple[str, ...]] = {}
    report_chunks: dict[str, tuple[str, ...]] = {}
    for record in sorted(records, key=lambda r: r.report_id):
        part = parts.get(record.report_id)
        if part is not None:
            passages.update(part.passages)
            sections.update(part.sections)
            report_chunks[record.report_id] = tuple(part.passages)
    key = corpus_key(records)
    return Corpus(
        key=key,
        passages=passages,
        stats=_term_stats(key, parts, passages, previous),
        communes=tuple(communes),
        doc_types=tuple(sorted({r.doc_type for r in records if r.doc_type})),
        sections=sections,
        report_chunks=report_chunks,
        records=tuple(records),
    )


def _term_stats(
    key: tuple[str, ...],
    parts: Mapping[str, ReportPassages],
    passages: Mapping[str, tuple[Passage, ...]],
    previous: Corpus | None,
) -> TermStats:
    if previous is not None:
        before, now = set(previous.key), set(key)
        removed = {pair.rsplit("/", 1)[0] for pair in before - now}
        added = sorted(pair.rsplit("/", 1)[0] for pair in now - before)
        new = [
            p for rid in added if rid in parts for ps in parts[rid].passages.values() for p in ps
        ]
        stats = previous.stats.changed(new, removed)
        if stats.changed_share <= MAX_CHANGED_SHARE:
            return stats
    return TermStats([p for items in passages.values() for p in items])


def corpus_key(records: Sequence[ReportRecord]) -> tuple[str, ...]:
    # The chunk count catches a re-chunked report (`baocao reindex` keeps report ids).
    return tuple(sorted(f"{record.report_id}/{record.chunks}" for record in records))


class CorpusCache:
    """Thread-safe holder of the current `Corpus` (the web app answers concurrently).

    `current` builds under a lock: concurrent questions after a change wait for one build
    instead of each scanning the corpus.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        # The corpus before `clear()`: its term statistics are brought up to date.
        self._previous: Corpus | None = None
        self._parts: dict[str, ReportPassages] = {}

    def current(self, index: CorpusIndex) -> Corpus:
        """The corpus of the reports `index` holds now, updated for added/deleted ones."""
        records = index.reports()
        key = corpus_key(records)
        with self._lock:
            if self._corpus is None or self._corpus.key != key:
                self._corpus = self._update(index, records)
            return self._corpus

    def get(self, key: tuple[str, ...]) -> Corpus | None:
        with self._lock:
            corpus = self._corpus
        return corpus if corpus is not None and corpus.key == key else None

    def put(self, corpus: Corpus) -> None:
        with self._lock:
            self._corpus = corpus

    def clear(self) -> None:
        """Forget the assembled corpus; per-report passages stay (report ids are hashes)."""
        with self._lock:
            self._previous = self._corpus or self._previous
            self._corpus = None

    def _update(self, index: CorpusIndex, records: Sequence[ReportRecord]) -> Corpus:
        started = time.perf_counter()
        parts = {
            record.report_id: self._parts[record.report_id]
            for record in records
            if record.report_id in self._parts
            and self._parts[record.report_id].chunks == record.chunks
        }
        missing = tuple(sorted({r.report_id for r in records} - parts.keys()))
        if missing:
            # Every report new (the first question): one unfiltered read is cheaper.
            filters = None if not parts else SearchFilters(report_ids=missing)
            parts.update(split_reports(records, index.chunks(filters=filters)))
        self._parts = parts
        previous = self._corpus or self._previous
        corpus = assemble(records, parts, index.communes(), previous=previous)
        self._previous = None
        logger.info(
            "Corpus of %s reports ready in %.2f s (%s reports split)",
            len(records),
            time.perf_counter() - started,
            len(missing),
        )
        return corpus
