"""What users said of answers (👍/👎 in the chat), read across users for the evaluation tab.

Analysts turn complaints into test questions: `question_lines` writes the 👎 answers as a
question set in the evals JSONL format (docs/question-sets.md), with the earlier turns as
`history` so a follow-up keeps its context. What a correct answer must show is for the
analyst to fill in: `expect` says only that the question should be answered.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.types import Answer
from ui.answer_json import answer_from_json
from ui.conversations import DISLIKE, LIKE, ConversationStore


@dataclass(frozen=True, slots=True)
class RatedTurn:
    """An answer a user rated, with the turns before it in its conversation."""

    user: str
    conversation_id: str
    position: int
    answer: Answer
    rated_at: float
    history: tuple[tuple[str, str], ...] = ()  # (question, answer text) of earlier turns


def feedback_counts(store: ConversationStore) -> dict[str, int]:
    """How many answers, of every user, are marked LIKE and DISLIKE."""
    with store.database.reading() as db:
        rows = db.execute(
            "SELECT feedback, COUNT(*) FROM turns WHERE feedback IS NOT NULL GROUP BY feedback"
        ).fetchall()
    return {LIKE: 0, DISLIKE: 0} | dict(rows)


def disliked_turns(store: ConversationStore) -> list[RatedTurn]:
    """Every user's answers marked DISLIKE, the latest rated first."""
    with store.database.reading() as db:
        rows = db.execute(
            "SELECT c.user, t.conversation, t.position, t.answer, t.feedback_at FROM turns t "
            "JOIN conversations c ON c.id = t.conversation WHERE t.feedback = ? "
            "ORDER BY t.feedback_at DESC, t.position DESC",
            (DISLIKE,),
        ).fetchall()
        return [
            RatedTurn(user, key, position, answer_from_json(json.loads(answer)), when,
                      _history_before(db, key, position))
            for user, key, position, answer, when in rows
        ]  # fmt: skip


def _history_before(db: sqlite3.Connection, key: str, position: int) -> tuple[tuple[str, str], ...]:
    rows = db.execute(
        "SELECT question, answer FROM turns WHERE conversation = ? AND position < ? "
        "ORDER BY position",
        (key, position),
    ).fetchall()
    return tuple((question, json.loads(answer)["text"]) for question, answer in rows)


def question_lines(rated: Sequence[RatedTurn]) -> str:
    """The rated answers' questions as a JSONL question set, one line each."""
    lines = []
    for item in rated:
        question: dict[str, object] = {
            # Stable across downloads, so a set built from two downloads has no duplicates.
            "id": f"feedback-{item.conversation_id[:12]}-{item.position + 1}",
            "lang": item.answer.language if item.answer.language in ("vi", "en") else "vi",
            "question": item.answer.question,
        }
        if item.history:
            question["history"] = [
                {"role": role, "content": text}
                for asked, answered in item.history
                for role, text in (("user", asked), ("assistant", answered))
            ]
        question["expect"] = {"answerable": True}
        lines.append(json.dumps(question, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
