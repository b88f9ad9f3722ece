"""The saved-conversations SQLite file: its tables, their upgrades, and damage handling.

Every write is one SQLite transaction, so a crash leaves the file as it was before the
write. A file SQLite cannot read is moved aside (`*.damaged-<time>`) with a warning and a
new, empty file takes its place: the chat keeps working, only the old history is set aside.
Files written before a column existed get it added on open (`_ADDED_COLUMNS`); no row
changes, so nothing saved is lost.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, title TEXT NOT NULL, language TEXT NOT NULL,
    created REAL NOT NULL, updated REAL NOT NULL);
CREATE INDEX IF NOT EXISTS conversations_by_user ON conversations (user, updated);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL, question TEXT NOT NULL, markdown TEXT NOT NULL,
    answer TEXT NOT NULL, PRIMARY KEY (conversation, position));
"""
# Columns added after the first release, (name, type): a 👍/👎 on an answer and its time.
_ADDED_COLUMNS = (("feedback", "TEXT"), ("feedback_at", "REAL"))


class ConversationDatabase:
    """Connections to the file, which is created (or upgraded, or replaced) on first use."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._is_ready = False

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        with closing(self._connect()) as db, db:  # one transaction: all or nothing
            yield db

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with closing(self._connect()) as db:
            yield db

    def _connect(self) -> sqlite3.Connection:
        with self._lock:
            if not self._is_ready:
                self._prepare()
                self._is_ready = True
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def _prepare(self) -> None:
        """Create the tables; a file SQLite cannot read is set aside for a fresh one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            _create_schema(self.path)
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.OperationalError):
                raise  # locked, unreadable folder, disk full: not damage, keep the file
            aside = self.path.with_name(f"{self.path.name}.damaged-{int(self._clock())}")
            self.path.replace(aside)
            # A stale journal must not be replayed into the new file: set it aside too.
            for suffix in ("-wal", "-shm", "-journal"):
                stale = self.path.with_name(self.path.name + suffix)
                if stale.exists():
                    stale.replace(aside.with_name(aside.name + suffix))
            logger.warning(
                "Conversation file %s is damaged (%s); moved it to %s and started a new one",
                self.path,
                err,
                aside,
            )
            _create_schema(self.path)


def _create_schema(path: Path) -> None:
    with closing(sqlite3.connect(path, timeout=10)) as db:
        (verdict,) = db.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise sqlite3.DatabaseError(verdict)
        db.executescript(_SCHEMA)
        with db:
            present = {row[1] for row in db.execute("PRAGMA table_info(turns)")}
            for name, kind in _ADDED_COLUMNS:
                if name not in present:
                    db.execute(f"ALTER TABLE turns ADD COLUMN {name} {kind}")
        db.execute("PRAGMA journal_mode = WAL")
