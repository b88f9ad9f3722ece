"""SQLite files an index keeps beside its store, shared by one writer and many readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_sqlite(path: Path, *, read_only: bool, schema: str) -> sqlite3.Connection:
    """A connection any thread may use: a reader's is read-only and never creates the file.

    The writer's file is in WAL mode (readers read while it writes) with `schema` applied.
    """
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    with db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)
    return db
