"""A local copy of each stored chunk's text and metadata, read by id far faster than Chroma.

A "which units …" question over a province reads about a thousand chunks by id (each
unit's best), and Chroma's `get` of a thousand ids costs 100 ms when its pages are in
memory and 300 ms when they are not (92,015 chunks; bench/RESULTS.md, "Chunks read by
id"); the same rows from this file cost about 30 ms. Chroma stays the store of record:
the copy is written after each write to it (deleted before a change, so a reader between
the two reads the store), and a chunk missing here is read from the store (and copied,
when this process writes the index).

Only the local store has a copy: on a Chroma server another machine may change a chunk's
metadata (a unit set by hand) without this folder knowing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

from index.sqlite_files import open_sqlite
from ingest.types import Chunk

logger = logging.getLogger(__name__)

COPIES_FILE = "chunk-copies.sqlite"
# SQLite's default limit on the number of `?` in one statement is 32,766; pages stay
# well under it and keep each statement's memory small.
_PAGE = 500

# A rowid table: rows of ~1 KB in a WITHOUT ROWID table, inserted in hash order, left the
# file 3.6 times the records' size (92,015 chunks: 354 MB for 98 MB).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL,
    record BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_report ON chunks (report_id);
"""


class ChunkCopies:
    """Chunks by id in one SQLite file (see the module docstring).

    Several processes may share it: one writer (the index lock) and any readers, which
    open it read-only and never create it. A file the writer cannot use (damaged) is
    removed and started afresh: a copy is only ever a shortcut to the store.
    """

    def __init__(self, path: Path, *, is_read_only: bool) -> None:
        self.path = path
        self.is_read_only = is_read_only
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._opened: tuple[int, int] | None = None  # (device, inode) of the open file
        self._is_broken = False
        # Bumped by every change, so a chunk read from the store before a change is not
        # copied after it (`fill`).
        self.generation = 0

    def get(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        """The copied chunks among `chunk_ids` (none when the file is missing or unreadable)."""
        found: dict[str, Chunk] = {}
        with self._lock:
            try:
                db = self._connection()
                if db is None:
                    return found
                for start in range(0, len(chunk_ids), _PAGE):
                    page = list(chunk_ids[start : start + _PAGE])
                    rows = db.execute(
                        f"SELECT chunk_id, record FROM chunks WHERE chunk_id IN "
                        f"({','.join('?' * len(page))})",
                        page,
                    ).fetchall()
                    found.update((cid, _chunk_from_record(cid, record)) for cid, record in rows)
            except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError) as err:
                # A reader racing the writer's first schema write, or a damaged file.
                logger.info("Chunk copies in %s unreadable (%s); reading the store", self.path, err)
                return {}
        return found

    def put(self, chunks: Iterable[Chunk]) -> None:
        """Copy `chunks` just written to the store, replacing older copies of the same ids."""
        rows = _rows(chunks)
        self._change(lambda db: db.executemany(_INSERT, rows))

    def fill(self, chunks: Iterable[Chunk], *, generation: int) -> None:
        """Copy `chunks` read from the store, unless the copies changed since `generation`."""
        if self.is_read_only:
            return
        rows = _rows(chunks)
        with self._lock:
            if generation == self.generation and rows:
                self._run(lambda db: db.executemany(_INSERT, rows))

    def delete(self, chunk_ids: Collection[str]) -> None:
        self._delete("chunk_id", sorted(chunk_ids))

    def delete_reports(self, report_ids: Collection[str]) -> None:
        self._delete("report_id", sorted(report_ids))

    def clear(self) -> None:
        self._change(lambda db: db.execute("DELETE FROM chunks"))

    def _delete(self, column: str, values: list[str]) -> None:
        def delete(db: sqlite3.Connection) -> None:
            for start in range(0, len(values), _PAGE):
                page = values[start : start + _PAGE]
                marks = ",".join("?" * len(page))
                db.execute(f"DELETE FROM chunks WHERE {column} IN ({marks})", page)

        if values:
            self._change(delete)

    def _change(self, action: Callable[[sqlite3.Connection], object]) -> None:
        if self.is_read_only:
            return
        with self._lock:
            self.generation += 1
            self._run(action)

    def _run(self, action: Callable[[sqlite3.Connection], object]) -> None:
        """`action` in one transaction; on failure the file is dropped (called locked)."""
        try:
            db = self._connection()
            if db is not None:
                with db:
                    action(db)
        except sqlite3.Error as err:
            # A change that did not land would leave a stale copy: drop them all.
            logger.warning("Chunk copies in %s unusable (%s); starting afresh", self.path, err)
            self._close()
            try:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            except OSError as unlink_err:
                logger.warning("Cannot remove %s (%s); not copying chunks", self.path, unlink_err)
                self._is_broken = True

    def _connection(self) -> sqlite3.Connection | None:
        """The open file; reopened when the writer replaced it (called locked)."""
        if self._is_broken:
            return None
        try:
            status = self.path.stat()
        except FileNotFoundError:
            status = None
        identity = (status.st_dev, status.st_ino) if status is not None else None
        if self._db is not None and identity == self._opened:
            return self._db
        self._close()
        if self.is_read_only and identity is None:
            return None
        self._db = open_sqlite(self.path, read_only=self.is_read_only, schema=_SCHEMA)
        if identity is None:  # the writer just made it
            status = self.path.stat()
            identity = (status.st_dev, status.st_ino)
        self._opened = identity
        return self._db

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db, self._opened = None, None

    def close(self) -> None:
        with self._lock:
            self._close()


_INSERT = "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?)"


def _rows(chunks: Iterable[Chunk]) -> list[tuple[str, str, bytes]]:
    return [(c.chunk_id, c.report_id, _record(c)) for c in chunks]


def _record(chunk: Chunk) -> bytes:
    # The store's own flat form, so a copy reads back exactly as the store's chunk does.
    flat = json.dumps([chunk.text, chunk.to_metadata()], ensure_ascii=False)
    return zlib.compress(flat.encode("utf-8"), 1)


def _chunk_from_record(chunk_id: str, record: bytes) -> Chunk:
    text, flat = json.loads(zlib.decompress(record).decode("utf-8"))
    return Chunk.from_metadata(chunk_id, text, flat)
