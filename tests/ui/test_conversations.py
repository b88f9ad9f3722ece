"""The conversation store on a real SQLite file: save, load, rename, delete, per user, damage."""

from __future__ import annotations

import itertools
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from assistant.config import Settings
from assistant.types import Answer
from tests.ui.scripted import WordOverlapAssistant, make_report
from ui.chat import clear_view
from ui.conversation_list import _Actions, list_label
from ui.conversations import (
    ConversationNotFoundError,
    ConversationStore,
    ConversationSummary,
    SavedTurn,
    short_title,
)
from ui.service import WebService

# Called outside Gradio there is no request: the handlers act for the local user.
NO_REQUEST: Any = None
REPORT = make_report(
    "hung-son.txt", "Tỷ lệ hộ nghèo giảm còn 4,2%.\n\nXã đề nghị hỗ trợ kinh phí đối ngoại với Lào."
)


def _answer(question: str) -> Answer:
    return WordOverlapAssistant([REPORT]).ask(question)


def _turn(question: str) -> SavedTurn:
    return SavedTurn(question, f"**{question}** [\\[1\\]](#cite-0-1)", _answer(question))


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    ticks = itertools.count(1000)
    return ConversationStore(tmp_path / "index" / "conversations.sqlite", clock=lambda: next(ticks))


def test_a_saved_conversation_loads_back_with_its_answers_and_citations(
    store: ConversationStore,
) -> None:
    made = store.create("canbo", title="Tỷ lệ hộ nghèo?", language="vi")
    first, second = _turn("Tỷ lệ hộ nghèo giảm còn bao nhiêu?"), _turn("Đề nghị hỗ trợ Lào?")
    store.append("canbo", made.conversation_id, [first])
    store.append("canbo", made.conversation_id, [second], language="en")
    loaded = store.load("canbo", made.conversation_id)
    assert loaded is not None
    assert loaded.turns == (first, second)  # citations and their section text, unchanged
    assert loaded.turns[0].answer.citations[0].section_text.startswith("Tỷ lệ hộ nghèo")
    assert loaded.summary.title == "Tỷ lệ hộ nghèo?"
    assert loaded.summary.language == "en"
    assert loaded.summary.updated > loaded.summary.created


def test_the_list_is_newest_first_and_rename_and_delete_change_it(
    store: ConversationStore,
) -> None:
    old = store.create("canbo", title="Cũ", language="vi")
    new = store.create("canbo", title="Mới", language="vi")
    assert [c.title for c in store.list("canbo")] == ["Mới", "Cũ"]
    store.append("canbo", old.conversation_id, [_turn("Hộ nghèo?")])
    assert [c.title for c in store.list("canbo")] == ["Cũ", "Mới"]
    store.rename("canbo", new.conversation_id, "  Đổi   tên ")
    assert [c.title for c in store.list("canbo")] == ["Đổi tên", "Cũ"]
    store.delete("canbo", old.conversation_id)
    assert [c.title for c in store.list("canbo")] == ["Đổi tên"]
    assert store.load("canbo", old.conversation_id) is None
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM turns").fetchone() == (0,)
    with pytest.raises(ValueError, match="type a title"):
        store.rename("canbo", new.conversation_id, "   ")


def test_users_see_and_change_only_their_own_conversations(store: ConversationStore) -> None:
    mine = store.create("canbo", title="Của tôi", language="vi")
    store.create("khach", title="Của khách", language="en")
    assert [c.title for c in store.list("canbo")] == ["Của tôi"]
    assert [c.title for c in store.list("khach")] == ["Của khách"]
    assert store.load("khach", mine.conversation_id) is None
    for change in (
        lambda: store.rename("khach", mine.conversation_id, "x"),
        lambda: store.delete("khach", mine.conversation_id),
        lambda: store.append("khach", mine.conversation_id, [_turn("Hộ nghèo?")]),
    ):
        with pytest.raises(ConversationNotFoundError, match="pick one from the list"):
            change()
    assert store.load("canbo", mine.conversation_id) is not None


def test_a_failed_write_leaves_the_conversation_as_it_was(store: ConversationStore) -> None:
    made = store.create("canbo", title="t", language="vi")
    store.append("canbo", made.conversation_id, [_turn("Hộ nghèo?")])
    broken = SavedTurn("Lào?", "x", _answer("Lào?"))
    # The second turn of the batch cannot be stored (position taken): neither is kept.
    with sqlite3.connect(store.path) as db:
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON turns WHEN NEW.question = 'Lào?' "
                   "BEGIN SELECT RAISE(ABORT, 'disk full'); END")  # fmt: skip
    with pytest.raises(sqlite3.DatabaseError):
        store.append("canbo", made.conversation_id, [_turn("Đề nghị?"), broken])
    loaded = store.load("canbo", made.conversation_id)
    assert loaded is not None and [t.question for t in loaded.turns] == ["Hộ nghèo?"]


def test_a_damaged_file_is_moved_aside_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "conversations.sqlite"
    path.write_bytes(b"this is not a database " * 200)
    store = ConversationStore(path)
    with caplog.at_level(logging.WARNING, logger="ui.conversation_db"):
        assert store.list("canbo") == []
    aside = list(tmp_path.glob("conversations.sqlite.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert "damaged" in caplog.text and str(aside[0]) in caplog.text
    made = store.create("canbo", title="Mới", language="vi")
    assert [c.conversation_id for c in store.list("canbo")] == [made.conversation_id]


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("  Tỷ lệ   hộ nghèo?\n", "Tỷ lệ hộ nghèo?"),
        ("Xã nào " * 20, "Xã nào " * 8 + "Xã…"),  # cut at a space, not mid-word
    ],
)
def test_the_default_title_is_the_first_question_shortened(question: str, title: str) -> None:
    assert short_title(question) == title


def test_the_sidebar_saves_each_new_answer_once_and_reopens_it(tmp_path: Path) -> None:
    service = WebService(WordOverlapAssistant([REPORT]), Settings(index_dir=str(tmp_path)))
    actions = _Actions(service)
    answers = [_answer("Tỷ lệ hộ nghèo giảm còn bao nhiêu?")]
    chat = [{"role": "user", "content": "q"}, {"role": "assistant", "content": [{"text": "**a**"}]}]
    key, _, title, remembered = actions.save(chat, answers, None, "vi", NO_REQUEST)
    assert key == remembered and title == "Tỷ lệ hộ nghèo giảm còn bao nhiêu?"
    # Saved again with no new answer (e.g. a refused question): nothing is added.
    assert actions.save(chat, answers, key, "vi", NO_REQUEST) == (gr.skip(),) * 4
    loaded = service.conversations.load("local", key)
    assert loaded is not None and [t.markdown for t in loaded.turns] == ["**a**"]
    view = actions.open(key, "vi", NO_REQUEST)
    assert len(view) == len(clear_view("vi")) + 4
    assert view[-1] == key and view[len(clear_view("vi")) - 1] == answers


def test_an_unwritable_store_warns_and_the_chat_goes_on(tmp_path: Path) -> None:
    blocked = tmp_path / "index"
    blocked.write_text("a file where the index folder should be", encoding="utf-8")
    service = WebService(WordOverlapAssistant([REPORT]), Settings(index_dir=str(blocked)))
    answers = [_answer("Tỷ lệ hộ nghèo giảm còn bao nhiêu?")]
    with pytest.warns(UserWarning, match="could not be saved"):
        updates = _Actions(service).save([], answers, None, "en", NO_REQUEST)
    assert len(updates) == 4 and blocked.read_text(encoding="utf-8").startswith("a file")


def test_conversations_with_the_same_title_are_told_apart_by_their_time() -> None:
    def summary(updated: float) -> ConversationSummary:
        return ConversationSummary("c", "Tỷ lệ hộ nghèo?", "vi", created=updated, updated=updated)

    morning = time.mktime((2026, 12, 6, 9, 5, 0, 0, 0, -1))
    assert list_label(summary(morning)) == "Tỷ lệ hộ nghèo? · 06/12 09:05"
    assert list_label(summary(morning + 3600)) != list_label(summary(morning))
