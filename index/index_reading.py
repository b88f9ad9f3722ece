"""The reading half of `ReportIndex`: searches, sweeps, vectors, reports and units.

Kept apart from the writing half (`index.report_index`) so each fits on a few screens; it
reads the parts `ReportIndex.__init__` sets and keeps reads in step with the writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from index.build import Builder
from index.chunk_vectors import compose_chunk_vectors
from index.embedders import Embedder
from index.embedders.base import Vectors
from index.errors import ReportNotFoundError
from index.lexical import LexicalIndex
from index.lexical_state import LexicalState
from index.passage_vectors import PassageVectors
from index.registry import Registry
from index.search import Mode, search_hybrid
from index.sweep_vectors import SweepVectors
from index.types import Hit, ReportRecord, SearchFilters
from index.unit_groups import UnitGroups
from index.unit_sweep import SweepMode, sweep_by_unit
from ingest.types import Chunk, Report

if TYPE_CHECKING:
    from pathlib import Path

    from index.lock import WriterLock
    from index.store import ChromaStore


class IndexReading:
    """Searches and reads of an open index (the base of `ReportIndex`, which sets the parts)."""

    index_dir: Path
    _builder: Builder
    _passages: PassageVectors
    _lexical: LexicalState
    _lock: WriterLock | None
    _is_server: bool
    _is_writing: bool
    _unit_groups: UnitGroups
    _sweep_vectors: SweepVectors
    _records: tuple[Registry, int, list[ReportRecord]] | None

    @property
    def embedder(self) -> Embedder:
        return self._builder.embedder

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """Best chunks for `query` (hybrid = dense + lexical, fused)."""
        lexical = self._searchable_lexical()
        reports = self._allowed(filters)
        chunk_ids = None
        if reports is not None:
            entries = self._builder.registry.entries
            chunk_ids = {cid for rid in reports if rid in entries for cid in entries[rid].chunk_ids}
        return search_hybrid(
            query,
            k=k,
            mode=mode,
            store=self._builder.store,
            lexical=lexical,
            embedder=self.embedder,
            report_ids=reports,
            chunk_ids=chunk_ids,
            passage_vectors=self._passages.vectors,
        )

    def search_by_unit(
        self,
        query: str,
        *,
        k: int,
        filters: SearchFilters | None = None,
        max_chunks: int | None = None,
        mode: SweepMode = "lexical",
        body_only: bool = False,
    ) -> list[Hit]:
        """Each unit's best `k` chunks from one pass over the corpus (not once per unit).

        Units come by their best chunk's score, best first; a unit with no matching chunk
        is absent. `mode` "lexical" scores by BM25 (no query embedding); "dense" takes
        each unit's nearest chunks by their stored vectors (every unit has some). With
        `max_chunks`, each unit keeps max_chunks // units matching (1 at least). With
        `body_only`, header and closing chunks are never taken.
        """
        lexical = self._searchable_lexical()
        registry = self._builder.registry
        allowed = self._allowed(filters)
        groups = self._unit_groups.of(
            lexical,
            registry.done(),
            fingerprint=registry.fingerprint(),
            allowed_reports=allowed,
            body_only=body_only,
        )
        return sweep_by_unit(
            query,
            mode=mode,
            k=k,
            max_chunks=max_chunks,
            lexical=lexical,
            groups=groups,
            store=self._builder.store,
            embedder=self.embedder,
            vectors=self._sweep_vectors,
        )

    @property
    def store(self) -> ChromaStore:
        """The dense store, for tools that query it by vector (bench/bench_ann.py)."""
        return self._builder.store

    def known_fraction(self, query: str) -> float:
        """Share of the query's search terms the index holds (a Vietnamese query's most)."""
        return self._fresh_lexical().known_fraction(query)

    def passage_vectors(self, texts: list[str] | tuple[str, ...]) -> Vectors:
        """Vectors of single passages (as `ingest.passages.passage_texts` cuts them)."""
        return self._passages.vectors(texts)

    def chunk_vectors(
        self, chunks: Sequence[Chunk], *, passages: Sequence[Sequence[str]] | None = None
    ) -> Vectors:
        """The vectors dense search holds for `chunks`, made again from passage vectors.

        `passages`: each chunk's passage texts when the caller has cut them already.
        """
        return compose_chunk_vectors(
            chunks, self._passages.vectors, dimension=self.embedder.dimension, passages=passages
        )

    def query_vector(self, text: str) -> Vectors:
        """The vector of a question, as searches embed it."""
        return self.embedder.embed_query(text)

    def chunks(self, *, filters: SearchFilters | None = None) -> list[Chunk]:
        """Every indexed chunk (matching `filters`) in report and document order."""
        self._refresh()
        reports = self._allowed(filters)
        done = {entry.report_id for entry in self._builder.registry.done()}
        found = self._builder.store.get(report_ids=done if reports is None else reports)
        return sorted(found, key=lambda c: (c.source, c.report_id, c.ordinal, c.index))

    def reports(self) -> list[ReportRecord]:
        self._refresh()
        registry = self._builder.registry
        # Asked before every question: 3,000 records cost ~0.1 s to make, so they are
        # made again only after a change.
        if self._records is None or self._records[:2] != (registry, registry.version):
            records = [entry.to_record() for entry in registry.done()]
            records.sort(key=lambda r: (r.commune or "", r.date or "", r.source))
            self._records = (registry, registry.version, records)
        return list(self._records[2])

    def report(self, report_id: str) -> Report:
        """The full parse of one report (for the source viewer)."""
        self._refresh()
        entry = self._builder.registry.entries.get(report_id)
        report = self._builder.registry.load_parse(report_id) if entry else None
        if report is None:
            raise ReportNotFoundError(
                f"No report {report_id!r} in {str(self.index_dir)!r} - list them with "
                "'baocao reports'"
            )
        return report

    def communes(self) -> list[str]:
        """Canonical commune names of the indexed reports, sorted."""
        self._refresh()
        names = {e.metadata.get("commune") for e in self._builder.registry.done()}
        return sorted(name for name in names if name)

    # -- keeping reads in step with the writer ------------------------------------

    def _refresh(self) -> None:
        # Readers in another process pick up what the writer committed.
        changed = self._builder.registry.reload_if_changed()
        if changed and self._lock is None and not self._is_server:
            self._builder.reopen_store()

    def _searchable_lexical(self) -> LexicalIndex:
        # During a write, searches keep the previous BM25 until the write ends.
        return self._lexical.current if self._is_writing else self._fresh_lexical()

    def _fresh_lexical(self, *, force: bool = False) -> LexicalIndex:
        """The lexical index matching the registry: loaded from disk or rebuilt."""
        self._refresh()
        return self._lexical.fresh(force=force)

    def _allowed(self, filters: SearchFilters | None) -> set[str] | None:
        if filters is None or filters.is_empty:
            return None
        return self._builder.registry.matching(filters)
