"""REST for saved conversations and users' ratings, against a running server (fake
assistant): each user reaches only their own conversations; the 👎 questions download
as a question set the evals loader reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from evals.questions import load_questions
from tests.ui.scripted import WordOverlapAssistant, make_report
from tests.ui.serving import running_server
from ui.conversations import DEFAULT_FILE_NAME, DISLIKE, ConversationStore, SavedTurn
from ui.server import create_server
from ui.service import LOCAL_USER

TEXT = "Mở đầu.\n\nXã Hùng Sơn đề nghị hỗ trợ kinh phí làm đường giao thông nông thôn."
QUESTION = "xã nào đề nghị hỗ trợ kinh phí làm đường"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, ConversationStore]]:
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT)])
    settings = Settings(index_dir=str(tmp_path / "index"))
    store = ConversationStore(tmp_path / "index" / DEFAULT_FILE_NAME)
    for user in (LOCAL_USER, "khach"):
        key = store.create(user, title=f"Của {user}", language="vi").conversation_id
        store.append(user, key, [SavedTurn(QUESTION, "**md**", assistant.ask(QUESTION))])
        store.set_feedback(user, key, 0, DISLIKE)
    with running_server(create_server(assistant, settings)) as url:
        yield url, store


def test_conversations_are_listed_read_and_deleted_for_their_user_only(
    served: tuple[str, ConversationStore],
) -> None:
    base, store = served
    listed = httpx.get(f"{base}/api/conversations").json()
    assert [item["title"] for item in listed] == ["Của local"]
    assert {"id", "title", "language", "created", "updated"} == set(listed[0])
    mine = listed[0]["id"]
    body = httpx.get(f"{base}/api/conversations/{mine}").json()
    (turn,) = body["turns"]
    assert turn["question"] == QUESTION and turn["feedback"] == DISLIKE
    assert turn["answer"]["citations"][0]["commune"] == "Hùng Sơn"
    (theirs,) = store.list("khach")
    for method in ("GET", "DELETE"):
        refused = httpx.request(method, f"{base}/api/conversations/{theirs.conversation_id}")
        assert refused.status_code == 404 and "error" in refused.json()
    assert httpx.delete(f"{base}/api/conversations/{mine}").status_code == 204
    assert httpx.get(f"{base}/api/conversations").json() == []
    assert httpx.get(f"{base}/api/conversations/{mine}").status_code == 404
    assert [c.title for c in store.list("khach")] == ["Của khach"]


def test_feedback_counts_and_the_disliked_questions_as_a_question_set(
    served: tuple[str, ConversationStore], tmp_path: Path
) -> None:
    base, _ = served
    body = httpx.get(f"{base}/api/feedback").json()
    assert (body["like"], body["dislike"]) == (0, 2)
    assert {item["user"] for item in body["disliked"]} == {LOCAL_USER, "khach"}
    download = httpx.get(f"{base}/api/feedback/questions.jsonl")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    path = tmp_path / "complaints.jsonl"
    path.write_bytes(download.content)
    assert [q.question for q in load_questions(path)] == [QUESTION, QUESTION]
