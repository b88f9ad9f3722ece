"""Saved conversations: one small SQLite file in the index folder, rows kept per user.

Each conversation keeps its title, UI language, created/updated times and its turns: the
question, the answer's markdown as the chat showed it, the answer itself (text and
citations, as JSON) so the citation panel opens the right source after a reload, and the
user's 👍/👎 on it (with its time) for the evaluation tab.

The file itself (tables, their upgrades, damage) is ui/conversation_db.py; what users
said of answers, across users, is read by ui/feedback.py.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.types import Answer
from ui.answer_json import answer_from_json, answer_to_json
from ui.conversation_db import ConversationDatabase

DEFAULT_FILE_NAME = "conversations.sqlite"
TITLE_CHARS = 60
LIKE, DISLIKE = "like", "dislike"


class ConversationNotFoundError(LookupError):
    """No such conversation for this user (deleted, or another user's)."""


@dataclass(frozen=True, slots=True)
class SavedTurn:
    """One question and its answer, as shown (`markdown`) and as answered (`answer`)."""

    question: str
    markdown: str
    answer: Answer
    feedback: str | None = None  # LIKE, DISLIKE or None


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
        self.database = ConversationDatabase(path, clock=clock)
        self.path = self.database.path
        self._clock = clock

    def create(self, user: str, *, title: str, language: str) -> ConversationSummary:
        now = self._clock()
        summary = ConversationSummary(uuid.uuid4().hex, title, language, now, now)
        with self.database.writing() as db:
            db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?, ?, ?)",
                (summary.conversation_id, user, title, language, now, now),
            )
        return summary

    def append(
        self, user: str, conversation_id: str, turns: Sequence[SavedTurn], *, language: str = ""
    ) -> None:
        """Add `turns` after the conversation's last one (all of them or, on a crash, none)."""
        with self.database.writing() as db:
            self._owned(db, user, conversation_id)
            (count,) = db.execute(
                "SELECT COUNT(*) FROM turns WHERE conversation = ?", (conversation_id,)
            ).fetchone()
            db.executemany(
                "INSERT INTO turns (conversation, position, question, markdown, answer) "
                "VALUES (?, ?, ?, ?, ?)",
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
        with self.database.reading() as db:
            rows = db.execute(
                "SELECT id, title, language, created, updated FROM conversations "
                "WHERE user = ? ORDER BY updated DESC, created DESC",
                (user,),
            ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def load(self, user: str, conversation_id: str) -> Conversation | None:
        """The user's conversation with its turns; None when it is not theirs or is gone."""
        with self.database.reading() as db:
            row = db.execute(
                "SELECT id, title, language, created, updated FROM conversations "
                "WHERE id = ? AND user = ?",
                (conversation_id, user),
            ).fetchone()
            if row is None:
                return None
            turns = db.execute(
                "SELECT question, markdown, answer, feedback FROM turns WHERE conversation = ? "
                "ORDER BY position",
                (conversation_id,),
            ).fetchall()
        saved = tuple(
            SavedTurn(q, md, answer_from_json(json.loads(a)), feedback)
            for q, md, a, feedback in turns
        )
        return Conversation(ConversationSummary(*row), saved)

    def replace_last(self, user: str, conversation_id: str, turn: SavedTurn) -> None:
        """Put a regenerated answer in place of the last one; the old answer's feedback goes."""
        with self.database.writing() as db:
            self._owned(db, user, conversation_id)
            (last,) = db.execute(
                "SELECT MAX(position) FROM turns WHERE conversation = ?", (conversation_id,)
            ).fetchone()
            if last is None:
                raise ConversationNotFoundError(
                    f"Conversation {conversation_id!r} has no answer to replace - ask first"
                )
            db.execute(
                "UPDATE turns SET question = ?, markdown = ?, answer = ?, feedback = NULL, "
                "feedback_at = NULL WHERE conversation = ? AND position = ?",
                (turn.question, turn.markdown, _answer_json(turn), conversation_id, last),
            )
            db.execute(
                "UPDATE conversations SET updated = ? WHERE id = ?",
                (self._clock(), conversation_id),
            )

    def set_feedback(
        self, user: str, conversation_id: str, position: int, feedback: str | None
    ) -> None:
        """Record the user's 👍 (LIKE) or 👎 (DISLIKE) on answer `position`; None takes it back."""
        if feedback not in (LIKE, DISLIKE, None):
            raise ValueError(f"Unknown feedback {feedback!r} (known: {LIKE!r}, {DISLIKE!r})")
        with self.database.writing() as db:
            self._owned(db, user, conversation_id)
            changed = db.execute(
                "UPDATE turns SET feedback = ?, feedback_at = ? WHERE conversation = ? "
                "AND position = ?",
                (feedback, self._clock() if feedback else None, conversation_id, position),
            ).rowcount
        if not changed:
            raise ConversationNotFoundError(
                f"No answer {position} in conversation {conversation_id!r} - ask it again"
            )

    def rename(self, user: str, conversation_id: str, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise ValueError(f"Cannot rename conversation {conversation_id!r}: type a title")
        with self.database.writing() as db:
            self._owned(db, user, conversation_id)
            db.execute(
                "UPDATE conversations SET title = ?, updated = ? WHERE id = ?",
                (title, self._clock(), conversation_id),
            )

    def delete(self, user: str, conversation_id: str) -> None:
        with self.database.writing() as db:
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


def _answer_json(turn: SavedTurn) -> str:
    return json.dumps(answer_to_json(turn.answer), ensure_ascii=False)
