"""Ingest lifecycle: files -> reports -> chunks -> vectors -> store, incrementally.

Order of writes per file (so re-running ingest repairs any crash): parse saved ->
registry "pending" -> one upsert of the new chunks -> old version's chunks deleted ->
registry "done". `reconcile` undoes whatever a crash left half-done.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from index.cache import EmbeddingCache, EmbedProgress
from index.chunk_vectors import embed_chunks
from index.embedders import Embedder
from index.registry import Registry, ReportEntry
from index.types import FailedFile
from index.unit_edit import kept_unit
from ingest.types import Chunk, Report

if TYPE_CHECKING:
    from index.store import ChromaStore

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (
    ".docx", ".doc", ".md", ".pdf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"
)  # fmt: skip
PageProgress = Callable[[int, int], None]


class LoadReport(Protocol):
    """File -> Report; `on_page` hears (pages OCR'd, pages to OCR) while a scan is read."""

    def __call__(self, path: Path, *, on_page: PageProgress | None = None) -> Report: ...


ChunkReport = Callable[..., list[Chunk]]
Outcome = Literal["added", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class FileResult:
    report: Report | None
    report_id: str
    outcome: Outcome
    chunks_embedded: int
    # Set when another file with the same text (any format) is indexed: its source name.
    duplicate_of: str | None = None


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FailedFile]]:
    """Expand folders (recursively, sorted) into supported files; missing paths fail."""
    files: list[Path] = []
    failed: list[FailedFile] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        elif path.is_file():
            files.append(path)
        else:
            failed.append(
                FailedFile(str(raw), f"Cannot ingest {str(raw)!r}: no such file", "missing")
            )
    return list(dict.fromkeys(files)), failed


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def path_key(path: Path) -> str:
    return str(path.expanduser().resolve())


class Builder:
    """Writes reports into the store, the registry and the embedding cache."""

    def __init__(
        self,
        *,
        open_store: Callable[[], ChromaStore],
        registry: Registry,
        embedder: Embedder,
        cache: EmbeddingCache | None,
        chunk_tokens: int,
        load_report: LoadReport,
        chunk_report: ChunkReport,
    ) -> None:
        self._open_store = open_store
        self._store: ChromaStore | None = None
        # Threads that ask together (web requests, API users) must share one client: two
        # Chroma clients opened at once on one folder break each other.
        self._store_lock = threading.Lock()
        self.registry = registry
        self.embedder = embedder
        self.cache = cache
        self.chunk_tokens = chunk_tokens
        self._load_report = load_report
        self._chunk_report = chunk_report

    @property
    def store(self) -> ChromaStore:
        """The vector store, opened on first use (unchanged files never need it)."""
        with self._store_lock:
            if self._store is None:
                self._store = self._open_store()
            return self._store

    @property
    def has_open_store(self) -> bool:
        return self._store is not None

    def reopen_store(self) -> None:
        """Drop the client so the next use opens a fresh one.

        An embedded Chroma client keeps its vector index in memory and does not see what
        another process wrote since; a reader reopens when the registry says it changed.
        """
        with self._store_lock:
            store, self._store = self._store, None
        if store is not None:
            store.close()

    def chunk(self, report: Report) -> list[Chunk]:
        return self._chunk_report(
            report, max_tokens=self.chunk_tokens, count_tokens=self.embedder.count_tokens
        )

    def ingest_file(
        self,
        path: Path,
        *,
        source_name: str | None = None,
        replace_twin: bool = False,
        on_page: PageProgress | None = None,
        on_embed: EmbedProgress | None = None,
    ) -> FileResult:
        """Add or update one file; raises the ingest error if it cannot be parsed.

        A file whose report is indexed from another file (`duplicate_of`) is skipped, or
        with `replace_twin` takes that report's place: the new version is written whole
        before the old one is deleted, so a failure leaves the old one.
        `on_page` hears of a scan's OCR page by page, `on_embed` of texts embedded.
        """
        key = path_key(path)
        sha = file_sha256(path)
        previous = self.registry.by_path(key)
        if previous is not None and previous.file_sha256 == sha:
            return FileResult(None, previous.report_id, "unchanged", 0)
        loaded = self._load(path, source_name=source_name, on_page=on_page)
        same = self.registry.entries.get(loaded.report_id)
        if same is not None and same.state == "done" and same.path_key == key:
            # The same file re-saved with the same text: nothing to embed.
            return FileResult(kept_unit(loaded, previous), loaded.report_id, "unchanged", 0)
        twin = self.duplicate_of(loaded, key=key)
        if twin is not None and not replace_twin:
            # The same report from another file (another name or format): index it once.
            return FileResult(None, twin.report_id, "unchanged", 0, duplicate_of=twin.source)
        old = twin or previous
        report = kept_unit(loaded, old)
        # The very same text keeps its id: rewritten in place, not deleted afterwards.
        replaces = old.report_id if old is not None and old.report_id != report.report_id else None
        embedded = self._write(
            report,
            key=key,
            sha=sha,
            replaces=replaces,
            on_embed=on_embed,
            unit_set_by_hand=report is not loaded,
        )
        return FileResult(report, report.report_id, "updated" if old else "added", embedded)

    def _load(self, path: Path, *, source_name: str | None, on_page: PageProgress | None) -> Report:
        report = self._load_report(path, on_page=on_page)
        return replace(report, source=source_name) if source_name else report

    def duplicate_of(self, report: Report, *, key: str) -> ReportEntry | None:
        """An indexed report of another file with the same text, in any format."""
        for entry in self.registry.done():
            if entry.path_key == key:
                continue
            if entry.report_id == report.report_id or (
                report.content_key and entry.content_key == report.content_key
            ):
                return entry
        return None

    def _write(
        self,
        report: Report,
        *,
        key: str,
        sha: str,
        replaces: str | None,
        on_embed: EmbedProgress | None = None,
        unit_set_by_hand: bool = False,
    ) -> int:
        chunks = self.chunk(report)
        self.registry.save_parse(report)
        entry = ReportEntry(
            report_id=report.report_id,
            source=report.source,
            path_key=key,
            file_sha256=sha,
            file_format=report.file_format,
            metadata=report.metadata.to_dict(),
            sections=len(report.sections),
            chunk_ids=tuple(chunk.chunk_id for chunk in chunks),
            state="pending",
            replaces=replaces,
            stored_path=key,
            writer=self.registry.writer_id,
            content_key=report.content_key,
            unit_set_by_hand=unit_set_by_hand,
        )
        self.registry.put(entry)
        vectors, embedded = embed_chunks(self.embedder, chunks, self.cache, on_progress=on_embed)
        self.store.upsert(chunks, vectors)
        if replaces is not None:
            self.store.delete_report(replaces)
            self.registry.remove(replaces)
        self.registry.embedder_id = self.embedder.model_id
        self.registry.put(entry.with_state("done"))
        logger.info("Indexed %s: %s chunks, %s embedded", report.source, len(chunks), embedded)
        return embedded

    def delete(self, report_id: str) -> None:
        entry = self.registry.entries[report_id]
        self.registry.put(entry.with_state("deleting"))
        self.store.delete_report(report_id)
        self.registry.remove(report_id)

    def reconcile(self) -> int:
        """Undo what a crash left half-done; returns how many entries were repaired.

        A pending report's chunks are removed (re-running ingest adds it again); the
        version it was replacing stays if its chunks are whole, else it goes too.
        """
        # Only our own: on a shared server another instance may be mid-ingest.
        mine = self.registry.writer_id
        broken = [
            e
            for e in list(self.registry.entries.values())
            if e.state != "done" and e.writer in ("", mine)
        ]
        for entry in broken:
            logger.warning("Repairing %s left %s by an interrupted run", entry.source, entry.state)
            self.store.delete_report(entry.report_id)
            old = self.registry.entries.get(entry.replaces or "")
            if old is not None and self.store.ids_of(old.report_id) != set(old.chunk_ids):
                self.store.delete_report(old.report_id)
                self.registry.remove(old.report_id)
            self.registry.remove(entry.report_id)
        return len(broken)

    def rechunk_all(self, entries: Sequence[ReportEntry]) -> Iterable[tuple[list[Chunk], str]]:
        """Every saved parse re-chunked for the current embedder (for reindex)."""
        for entry in entries:
            report = self.registry.load_parse(entry.report_id)
            if report is None:
                logger.warning("No saved parse for %s; re-ingest its file", entry.source)
                continue
            yield self.chunk(report), entry.report_id


def default_loader() -> LoadReport:
    from ingest import load_report

    return load_report


def default_chunker() -> ChunkReport:
    from ingest import chunk_report

    return chunk_report
