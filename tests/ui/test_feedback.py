"""👍/👎 on saved answers, a regenerated answer in place of the old one, the upgrade of
older conversation files, and the 👎 list as a question set the evals loader accepts."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from evals.questions import load_questions
from tests.ui.test_conversations import _answer, _turn
from ui.conversations import DISLIKE, LIKE, ConversationNotFoundError, ConversationStore
from ui.feedback import disliked_turns, feedback_counts, question_lines

# The conversations file as the first release wrote it (no feedback columns).
OLD_SCHEMA = """
CREATE TABLE conversations (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, title TEXT NOT NULL, language TEXT NOT NULL,
    created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE turns (
    conversation TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL, question TEXT NOT NULL, markdown TEXT NOT NULL,
    answer TEXT NOT NULL, PRIMARY KEY (conversation, position));
"""


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    ticks = itertools.count(1000)
    return ConversationStore(tmp_path / "conversations.sqlite", clock=lambda: next(ticks))


def _conversation(store: ConversationStore, user: str, *questions: str) -> str:
    key = store.create(user, title=questions[0], language="vi").conversation_id
    store.append(user, key, [_turn(question) for question in questions])
    return key


def test_feedback_is_stored_with_its_answer_and_can_be_taken_back(
    store: ConversationStore,
) -> None:
    key = _conversation(store, "canbo", "Tỷ lệ hộ nghèo giảm còn bao nhiêu?", "Đề nghị Lào?")
    store.set_feedback("canbo", key, 1, DISLIKE)
    store.set_feedback("canbo", key, 0, LIKE)
    with sqlite3.connect(store.path) as db:
        rows = db.execute(
            "SELECT position, feedback, feedback_at IS NOT NULL FROM turns ORDER BY position"
        ).fetchall()
    assert rows == [(0, LIKE, 1), (1, DISLIKE, 1)]
    loaded = store.load("canbo", key)
    assert loaded is not None and [t.feedback for t in loaded.turns] == [LIKE, DISLIKE]
    store.set_feedback("canbo", key, 0, None)
    assert feedback_counts(store) == {LIKE: 0, DISLIKE: 1}


def test_feedback_goes_only_to_the_users_own_existing_answers(store: ConversationStore) -> None:
    key = _conversation(store, "canbo", "Hộ nghèo?")
    with pytest.raises(ConversationNotFoundError, match="pick one from the list"):
        store.set_feedback("khach", key, 0, DISLIKE)
    with pytest.raises(ConversationNotFoundError, match="No answer 5"):
        store.set_feedback("canbo", key, 5, DISLIKE)
    with pytest.raises(ValueError, match="Unknown feedback 'meh'"):
        store.set_feedback("canbo", key, 0, "meh")
    assert feedback_counts(store) == {LIKE: 0, DISLIKE: 0}


def test_a_regenerated_answer_replaces_the_last_one_and_its_feedback(
    store: ConversationStore,
) -> None:
    key = _conversation(store, "canbo", "Hộ nghèo?", "Tỷ lệ hộ nghèo giảm còn bao nhiêu?")
    store.set_feedback("canbo", key, 1, DISLIKE)
    again = _turn("Tỷ lệ hộ nghèo giảm còn bao nhiêu?")
    again = type(again)(again.question, "**câu trả lời mới**", again.answer)
    store.replace_last("canbo", key, again)
    loaded = store.load("canbo", key)
    assert loaded is not None and len(loaded.turns) == 2
    assert loaded.turns[1].markdown == "**câu trả lời mới**"
    assert loaded.turns[1].feedback is None and loaded.turns[0].question == "Hộ nghèo?"
    empty = store.create("canbo", title="Trống", language="vi").conversation_id
    with pytest.raises(ConversationNotFoundError, match="no answer to replace"):
        store.replace_last("canbo", empty, again)


def test_a_file_from_before_feedback_is_upgraded_without_losing_a_turn(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite"
    answer = json.dumps(
        {"question": "Hộ nghèo?", "text": "Xã Hùng Sơn: 4,2% [1]", "abstained": False,
         "language": "vi", "communes": ["Hùng Sơn"], "notes": [], "mode": "extractive",
         "citations": []}, ensure_ascii=False,
    )  # fmt: skip
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
        db.execute("INSERT INTO conversations VALUES ('c1', 'canbo', 'Cũ', 'vi', 1, 2)")
        db.execute("INSERT INTO turns VALUES ('c1', 0, 'Hộ nghèo?', '**4,2%**', ?)", (answer,))
    store = ConversationStore(path)
    loaded = store.load("canbo", "c1")
    assert loaded is not None and loaded.turns[0].markdown == "**4,2%**"
    assert loaded.turns[0].answer.text == "Xã Hùng Sơn: 4,2% [1]"
    store.set_feedback("canbo", "c1", 0, DISLIKE)
    assert [item.answer.question for item in disliked_turns(store)] == ["Hộ nghèo?"]
    assert not list(tmp_path.glob("*.damaged-*"))


def test_the_disliked_answers_of_every_user_become_a_question_set(
    store: ConversationStore, tmp_path: Path
) -> None:
    first = _conversation(store, "canbo", "Hộ nghèo?", "Tỷ lệ hộ nghèo giảm còn bao nhiêu?")
    other = _conversation(store, "khach", "Which commune asked about Laos?")
    store.set_feedback("canbo", first, 1, DISLIKE)
    store.set_feedback("canbo", first, 0, LIKE)
    store.set_feedback("khach", other, 0, DISLIKE)
    assert feedback_counts(store) == {LIKE: 1, DISLIKE: 2}
    rated = disliked_turns(store)
    assert [(item.user, item.position) for item in rated] == [("khach", 0), ("canbo", 1)]
    assert rated[1].history == (("Hộ nghèo?", _answer("Hộ nghèo?").text),)
    path = tmp_path / "complaints.jsonl"
    path.write_text(question_lines(rated), encoding="utf-8")
    questions = load_questions(path)  # the evals loader is strict: unknown keys fail
    assert [q.question for q in questions] == [
        "Which commune asked about Laos?",
        "Tỷ lệ hộ nghèo giảm còn bao nhiêu?",
    ]
    assert questions[1].history == (("user", "Hộ nghèo?"), ("assistant", rated[1].history[0][1]))
    assert questions[1].expect.answerable and len({q.id for q in questions}) == 2
