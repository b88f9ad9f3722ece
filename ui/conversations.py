"""Saved conversations: one small SQLite file in the index folder, rows kept per user.

Each conversation keeps its title, UI language, created/updated times and its turns: the
question, the answer's markdown as the chat showed it, and the answer itself (text and
citations, as JSON) so the citation panel opens the right source after a reload.

Every write is one SQLite transaction, so a crash leaves the file as it was before the
write. A file SQLite cannot read is moved aside (`*.damaged-<time>`) with a warning and a
new, empty file takes its place: the chat keeps working, only the old history is set aside.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.types import Answer, Citation

logger = logging.getLogger(__name__)

DEFAULT_FILE_NAME = "conversations.sqlite"
TITLE_CHARS = 60
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


class ConversationNotFoundError(LookupError):
    """No such conversation for this user (deleted, or another user's)."""


@dataclass(frozen=True, slots=True)
class SavedTurn:
    """One question and its answer, as shown (`markdown`) and as answered (`answer`)."""

    question: str
    markdown: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """A line of the conversation list."""

    conversation_id: str
    title: str
    language: str
    created: float
    updated: float


@dataclass(frozen=True, slots=True)
class Conversation:
    summary: ConversationSummary
    turns: tuple[SavedTurn, ...]


def short_title(question: str) -> str:
    """The default title: the first question on one line, cut at a word near 60 characters."""
    line = " ".join(question.split())
    if len(line) <= TITLE_CHARS:
        return line
    cut = line[:TITLE_CHARS].rsplit(" ", 1)[0] or line[:TITLE_CHARS]
    return cut + "…"


class ConversationStore:
    """Conversations of every user in one SQLite file; each method touches one user's rows.

    >>> store = ConversationStore(Path("data/index") / DEFAULT_FILE_NAME)
    >>> summary = store.create("canbo", title="Hộ nghèo?", language="vi")
    >>> store.append("canbo", summary.conversation_id, [turn])
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._is_ready = False

    def create(self, user: str, *, title: str, language: str) -> ConversationSummary:
        now = self._clock()
        summary = ConversationSummary(uuid.uuid4().hex, title, language, now, now)
        with self._write() as db:
            db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?, ?, ?)",
                (summary.conversation_id, user, title, language, now, now),
            )
        return summary

    def append(
        self, user: str, conversation_id: str, turns: Sequence[SavedTurn], *, language: str = ""
    ) -> None:
        """Add `turns` after the conversation's last one (all of them or, on a crash, none)."""
        with self._write() as db:
            self._owned(db, user, conversation_id)
            (count,) = db.execute(
                "SELECT COUNT(*) FROM turns WHERE conversation = ?", (conversation_id,)
            ).fetchone()
            db.executemany(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                [
                    (conversation_id, count + i, turn.question, turn.markdown, _answer_json(turn))
                    for i, turn in enumerate(turns)
                ],
            )
            db.execute(
                "UPDATE conversations SET updated = ?, language = COALESCE(NULLIF(?, ''), "
                "language) WHERE id = ?",
                (self._clock(), language, conversation_id),
            )

    def list(self, user: str) -> list[ConversationSummary]:
        """The user's conversations, the most recently updated first."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, title, language, created, updated FROM conversations "
                "WHERE user = ? ORDER BY updated DESC, created DESC",
                (user,),
            ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def load(self, user: str, conversation_id: str) -> Conversation | None:
        """The user's conversation with its turns; None when it is not theirs or is gone."""
        with self._read() as db:
            row = db.execute(
                "SELECT id, title, language, created, updated FROM conversations "
                "WHERE id = ? AND user = ?",
                (conversation_id, user),
            ).fetchone()
            if row is None:
                return None
            turns = db.execute(
                "SELECT question, markdown, answer FROM turns WHERE conversation = ? "
                "ORDER BY position",
                (conversation_id,),
            ).fetchall()
        saved = tuple(SavedTurn(q, md, answer_from_json(json.loads(a))) for q, md, a in turns)
        return Conversation(ConversationSummary(*row), saved)

    def rename(self, user: str, conversation_id: str, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise ValueError(f"Cannot rename conversation {conversation_id!r}: type a title")
        with self._write() as db:
            self._owned(db, user, conversation_id)
            db.execute(
                "UPDATE conversations SET title = ?, updated = ? WHERE id = ?",
                (title, self._clock(), conversation_id),
            )

    def delete(self, user: str, conversation_id: str) -> None:
        with self._write() as db:
            self._owned(db, user, conversation_id)
            db.execute("DELETE FROM turns WHERE conversation = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    @staticmethod
    def _owned(db: sqlite3.Connection, user: str, conversation_id: str) -> None:
        found = db.execute(
            "SELECT 1 FROM conversations WHERE id = ? AND user = ?", (conversation_id, user)
        ).fetchone()
        if found is None:
            raise ConversationNotFoundError(
                f"No conversation {conversation_id!r} for user {user!r} - pick one from the list"
            )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with closing(self._connect()) as db, db:  # one transaction: all or nothing
            yield db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
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
        db.execute("PRAGMA journal_mode = WAL")


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """What an answer keeps in a saved conversation (its retrieved hits are dropped)."""
    return {
        "question": answer.question,
        "text": answer.text,
        "abstained": answer.abstained,
        "language": answer.language,
        "communes": list(answer.communes),
        "notes": list(answer.notes),
        "mode": answer.mode,
        "citations": [dataclasses.asdict(citation) for citation in answer.citations],
    }


def answer_from_json(data: dict[str, Any]) -> Answer:
    citations = tuple(
        Citation(**{**c, "labels": tuple(c["labels"]), "heading_path": tuple(c["heading_path"])})
        for c in data["citations"]
    )
    return Answer(
        data["question"],
        data["text"],
        citations,
        data["abstained"],
        data["language"],
        communes=tuple(data["communes"]),
        notes=tuple(data["notes"]),
        mode=data["mode"],
    )


def _answer_json(turn: SavedTurn) -> str:
    return json.dumps(answer_to_json(turn.answer), ensure_ascii=False)
