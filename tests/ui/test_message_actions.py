"""The chat's per-answer actions without a browser: regenerate (on screen and in the saved
conversation), 👍/👎 stored for the open conversation, and the evaluation tab's 👎 list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from assistant.config import Settings
from tests.ui.scripted import WordOverlapAssistant, make_report
from ui.chat import answer_question
from ui.conversation_list import _Actions
from ui.conversations import DISLIKE, LIKE
from ui.feedback import RatedTurn
from ui.feedback_panel import SHOWN, disliked_html, feedback_view
from ui.message_actions import _Recorder, regenerate
from ui.service import LOCAL_USER, WebService
from ui.workqueue import WorkQueue

NO_REQUEST: Any = None  # outside Gradio: the handlers act for the local user
QUESTION = "xã nào đề nghị hỗ trợ kinh phí làm đường"
ROAD = "Mở đầu.\n\nXã Hùng Sơn đề nghị hỗ trợ kinh phí làm đường."
BETTER = "Xã nào ở Tà Xùa cũng đề nghị hỗ trợ kinh phí làm đường giao thông."
NO_FILTERS = ([], [], None, "", "", "vi")


def _asked(service: WebService) -> tuple[Any, ...]:
    """The chat's view after asking QUESTION once, and it saved as a conversation."""
    view = list(answer_question(service, QUESTION, [], [], [], *NO_FILTERS))[-1]
    key = _Actions(service).save(view[0], view[-1], None, "vi", NO_REQUEST)[0]
    return (*view, key)


@pytest.fixture
def service(tmp_path: Path) -> WebService:
    assistant = WordOverlapAssistant([make_report("r1.txt", ROAD)])
    return WebService(assistant, Settings(index_dir=str(tmp_path / "index")))


def test_regenerate_replaces_the_last_answer_on_screen_and_in_the_saved_conversation(
    service: WebService, tmp_path: Path
) -> None:
    chat, *_, turns, _, _, answers, key = _asked(service)
    # The library changed since: asked again, the answer now cites the better report.
    (tmp_path / "r2.txt").write_text(BETTER, encoding="utf-8")
    service.assistant.ingest([tmp_path / "r2.txt"])
    service.conversations.set_feedback(LOCAL_USER, key, 0, DISLIKE)
    steps = list(regenerate(service, "đang gõ", chat, turns, answers, *NO_FILTERS))
    new_chat, *_, box, new_answers = steps[-1]
    assert len(new_chat) == 2 and "Tà Xùa" in new_chat[-1]["content"]
    assert [a.question for a in new_answers] == [QUESTION] and isinstance(box, type(gr.skip()))
    recorder = _Recorder(service, _Actions(service).save)
    assert (
        recorder.save_regenerated(new_chat, new_answers, key, "vi", NO_REQUEST) == (gr.skip(),) * 4
    )
    saved = service.conversations.load(LOCAL_USER, key)
    assert saved is not None and len(saved.turns) == 1
    assert "Tà Xùa" in saved.turns[0].answer.text and "Tà Xùa" in saved.turns[0].markdown
    assert saved.turns[0].feedback is None  # the 👎 was about the old answer


def test_a_regenerate_that_fails_leaves_the_old_answer(tmp_path: Path) -> None:
    assistant = WordOverlapAssistant([make_report("r1.txt", ROAD)])
    queue = WorkQueue(workers=1, max_waiting=0, wait_s=0.01)
    service = WebService(assistant, Settings(index_dir=str(tmp_path / "index")), queue=queue)
    chat, *_, turns, _, _, answers, _ = _asked(service)
    with queue.slot(), pytest.warns(UserWarning, match="Máy chủ đang bận"):
        steps = list(regenerate(service, "", chat, turns, answers, *NO_FILTERS))
    assert steps[-1][0] == chat and "Hùng Sơn" in steps[-1][0][-1]["content"]


def test_feedback_is_stored_for_the_answer_clicked_and_listed_for_analysts(
    service: WebService,
) -> None:
    chat, *_, key = _asked(service)
    recorder = _Recorder(service, _Actions(service).save, wait_s=0.2)
    shown = [{"type": "text", "text": chat[1]["content"]}]  # as Gradio hands it back
    # The chat's message 1 is answer 0; Gradio sends False for 👎, True for 👍, "" for none.
    for liked, stored in ((True, LIKE), ("", None), (False, DISLIKE)):
        data = gr.LikeData(None, {"index": 1, "value": shown, "liked": liked})
        recorder.record_feedback(key, "vi", data, NO_REQUEST)
        saved = service.conversations.load(LOCAL_USER, key)
        assert saved is not None and saved.turns[0].feedback == stored
    counts, listing, link = feedback_view(service, "vi")
    assert counts.endswith("Người dùng đánh giá: 0 câu trả lời tốt, 1 câu trả lời chưa tốt.")
    assert QUESTION in listing and "Hùng Sơn" in listing and LOCAL_USER in listing
    assert "href='/api/feedback/questions.jsonl'" in link


def test_a_click_before_the_save_finds_its_answer_by_text_and_never_guesses(
    service: WebService,
) -> None:
    chat, *_, key = _asked(service)
    recorder = _Recorder(service, _Actions(service).save, wait_s=0.2)
    # Clicked while the conversation's id had not reached the page: found by its text.
    clicked = gr.LikeData(None, {"index": 1, "value": [chat[1]["content"]], "liked": True})
    recorder.record_feedback(None, "vi", clicked, NO_REQUEST)
    saved = service.conversations.load(LOCAL_USER, key)
    assert saved is not None and saved.turns[0].feedback == LIKE
    other = gr.LikeData(None, {"index": 1, "value": ["another answer"], "liked": False})
    with pytest.warns(UserWarning, match="chưa được lưu"):
        recorder.record_feedback(None, "vi", other, NO_REQUEST)
    saved = service.conversations.load(LOCAL_USER, key)
    assert saved is not None and saved.turns[0].feedback == LIKE


def test_feedback_on_an_unsaved_answer_warns(service: WebService) -> None:
    recorder = _Recorder(service, _Actions(service).save, wait_s=0.2)
    data = gr.LikeData(None, {"index": 1, "value": ["x"], "liked": False})
    with pytest.warns(UserWarning, match="chưa được lưu"):
        recorder.record_feedback(None, "vi", data, NO_REQUEST)
    assert feedback_view(service, "en")[2] == ""  # nothing to download


def test_the_list_shows_the_latest_answers_and_says_how_many_more_are_in_the_download(
    service: WebService,
) -> None:
    answer = service.assistant.ask(QUESTION)
    rated = [RatedTurn("canbo", f"c{i}", 0, answer, 1_700_000_000 - i) for i in range(SHOWN + 3)]
    listing = disliked_html(rated, "vi")
    assert listing.count("class='bc-rated'") == SHOWN
    assert "… và 3 câu trả lời cũ hơn (có trong tệp tải về)." in listing
    assert "Chưa có câu trả lời nào" in disliked_html([], "vi")
