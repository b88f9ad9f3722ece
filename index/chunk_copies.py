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
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

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
    open it read-only and never create it.
    """

    def __init__(self, path: Path, *, is_read_only: bool) -> None:
        self.path = path
        self.is_read_only = is_read_only
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        # Bumped by every change, so a chunk read from the store before a change is not
        # copied after it (`fill`).
        self.generation = 0

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None:
            if self.is_read_only:
                if not self.path.exists():
                    return None
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                with self._db:
                    self._db.execute("PRAGMA journal_mode=WAL")
                    self._db.executescript(_SCHEMA)
        return self._db

    def get(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        """The copied chunks among `chunk_ids` (none when the file is unreadable)."""
        found: dict[str, Chunk] = {}
        try:
            with self._lock:
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
        except sqlite3.Error as err:  # a reader racing the writer's first schema write
            logger.info("Chunk copies in %s unreadable (%s); reading the store", self.path, err)
            return {}
        return found

    def put(self, chunks: Iterable[Chunk]) -> None:
        """Copy `chunks` just written to the store, replacing older copies of the same ids."""
        self._write(chunks, generation=None)

    def fill(self, chunks: Iterable[Chunk], *, generation: int) -> None:
        """Copy `chunks` read from the store, unless the copies changed since `generation`."""
        self._write(chunks, generation=generation)

    def _write(self, chunks: Iterable[Chunk], *, generation: int | None) -> None:
        if self.is_read_only:
            return
        rows = [(c.chunk_id, c.report_id, _record(c)) for c in chunks]
        with self._lock:
            if generation is None:
                self.generation += 1
            elif generation != self.generation or not rows:
                return
            db = self._connection()
            assert db is not None
            with db:
                db.executemany("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?)", rows)

    def delete(self, chunk_ids: Collection[str]) -> None:
        self._delete("chunk_id", sorted(chunk_ids))

    def delete_reports(self, report_ids: Collection[str]) -> None:
        self._delete("report_id", sorted(report_ids))

    def clear(self) -> None:
        if self.is_read_only:
            return
        with self._lock:
            self.generation += 1
            db = self._connection()
            assert db is not None
            with db:
                db.execute("DELETE FROM chunks")

    def _delete(self, column: str, values: list[str]) -> None:
        if self.is_read_only or not values:
            return
        with self._lock:
            self.generation += 1
            db = self._connection()
            assert db is not None
            with db:
                for start in range(0, len(values), _PAGE):
                    page = values[start : start + _PAGE]
                    db.execute(
                        f"DELETE FROM chunks WHERE {column} IN ({','.join('?' * len(page))})",
                        page,
                    )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _record(chunk: Chunk) -> bytes:
    # The store's own flat form, so a copy reads back exactly as the store's chunk does.
    flat = json.dumps([chunk.text, chunk.to_metadata()], ensure_ascii=False)
    return zlib.compress(flat.encode("utf-8"), 1)


def _chunk_from_record(chunk_id: str, record: bytes) -> Chunk:
    text, flat = json.loads(zlib.decompress(record).decode("utf-8"))
    return Chunk.from_metadata(chunk_id, text, flat)
