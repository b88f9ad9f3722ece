"""The chat handler as a generator (what Gradio streams), without a browser."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from assistant.config import Settings
from index.types import ReportRecord
from ingest.periods import parse_span
from tests.ui.scripted import WordOverlapAssistant, make_report
from ui.chat import answer_question
from ui.chat_filters import FilterInputs, filter_choices
from ui.citation_panel import open_citation
from ui.service import WebService
from ui.workqueue import WorkQueue

LONG = " ".join(f"từ{i}" for i in range(40))
TEXT = f"Mở đầu.\n\nXã Hùng Sơn đề nghị hỗ trợ kinh phí làm đường giao thông nông thôn {LONG}."
QUESTION = "xã nào đề nghị hỗ trợ kinh phí làm đường"


def _service(tmp_path: Path, *, queue: WorkQueue | None = None) -> WebService:
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT)])
    settings = Settings(index_dir=str(tmp_path / "index"), max_question_chars=100)
    return WebService(assistant, settings, queue=queue)


def _run(
    service: WebService, question: str, date_from: str = "", *, answers: Any = ()
) -> list[tuple[Any, ...]]:
    return list(
        answer_question(service, question, [], [], list(answers), [], [], None, date_from, "", "vi")
    )


def test_answer_streams_then_fills_citations_and_history(tmp_path: Path) -> None:
    steps = _run(_service(tmp_path), QUESTION)
    assert "Đang tìm" in steps[0][0][-1]["content"]
    streamed = [step[0][-1]["content"] for step in steps[1:-1]]
    assert streamed and all(len(a) < len(b) for a, b in itertools.pairwise(streamed))
    chat, cites, picker, _, shown, turns, plain, _, answers = steps[-1]
    assert "#cite-0-1" in chat[-1]["content"] and "Nguồn" in chat[-1]["content"]
    assert "data-cite='1' data-answer='0'" in cites and picker.choices[0][1] == "0:1"
    (answer,) = answers
    assert shown == 0
    assert turns == [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": answer.text},
    ]
    assert plain.startswith("Xã Hùng Sơn:")
    assert "<mark" in open_citation("0:1:click-1", answers, "vi")[2]


def test_each_answer_keeps_its_citations_and_opens_its_own_source(tmp_path: Path) -> None:
    bridge = make_report("r2.txt", "Xã Tà Xùa xin hỗ trợ xây cầu treo bản Pá Khoang.")
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT), bridge])
    service = WebService(assistant, Settings(index_dir=str(tmp_path / "index")))
    first = _run(service, QUESTION)[-1][-1]
    last = _run(service, "xã nào xin xây cầu treo", answers=first)[-1]
    chat, _, _, _, shown, _, _, _, answers = last
    assert shown == 1 and "#cite-1-1" in chat[-1]["content"]
    cites, picker, source, shown = open_citation("0:1:click-7", answers, "vi")
    assert "đường giao thông" in source and "cầu treo" not in source
    assert "data-answer='0'" in cites and picker.value == "0:1" and shown == 0
    assert "data-opened='0:1:click-7'" in source
    later = open_citation("1:1:click-8", answers, "vi")[2]
    assert "cầu treo" in later and "đường giao thông" not in later
    skipped = open_citation("5:1:x", answers, "vi")
    assert all(isinstance(part, type(gr.skip())) for part in skipped)


@pytest.mark.parametrize(
    ("question", "date_from", "warning"),
    [
        ("   ", "", "Hãy nhập câu hỏi"),
        ("x" * 101, "", "quá dài \\(101 ký tự, tối đa 100\\)"),
        (QUESTION, "tháng 5", "không hợp lệ"),
    ],
)
def test_bad_input_is_one_warning_and_no_answer(
    tmp_path: Path, question: str, date_from: str, warning: str
) -> None:
    service = _service(tmp_path)
    with pytest.warns(UserWarning, match=warning):
        steps = _run(service, question, date_from)
    assert service.assistant.asked == []  # type: ignore[attr-defined]
    assert all(isinstance(step[-1], type(gr.skip())) for step in steps)


def test_busy_server_says_so(tmp_path: Path) -> None:
    service = _service(tmp_path, queue=WorkQueue(workers=1, max_waiting=0, wait_s=0.01))
    with service.queue.slot(), pytest.warns(UserWarning, match="Máy chủ đang bận"):
        steps = _run(service, QUESTION)
    assert steps[-1][-2] == QUESTION  # the question stays in the box to retry
    assert steps[-1][0] == []  # and leaves the chat, so a re-send shows it once


def test_not_found_answer_has_no_citations(tmp_path: Path) -> None:
    chat, cites, *_ = _run(_service(tmp_path), "thời tiết hôm nay thế nào")[-1]
    assert chat[-1]["content"].startswith("> **Không tìm thấy")
    assert "data-cite" not in cites


def test_the_period_picker_offers_the_librarys_periods_newest_first_and_filters_by_one() -> None:
    records = [
        ReportRecord("a", "a.txt", "Hùng Sơn", "Báo cáo", None, None, None, "quý I/2026", 1, 1),
        ReportRecord("b", "b.txt", "Hùng Sơn", "Báo cáo", None, None, None, "năm 2025", 1, 1),
        ReportRecord("c", "c.txt", "Hùng Sơn", "Báo cáo", None, None, None, "quý II/2026", 1, 1),
    ]
    _, _, periods = filter_choices(records)
    assert [choice[0] for choice in periods.choices] == ["quý II/2026", "quý I/2026", "năm 2025"]
    filters = FilterInputs((), (), "quý II/2026", "", "").to_filters("vi")
    assert filters is not None and filters.period == parse_span("quý II/2026")
    assert FilterInputs((), (), None, "", "").to_filters("vi") is None


def test_not_found_under_a_filter_notes_the_filter_and_found_does_not(tmp_path: Path) -> None:
    service = _service(tmp_path)
    chat, *_ = _run(service, "thời tiết hôm nay thế nào", "30/12/2025")[-1]
    assert chat[-1]["content"].endswith(
        "_Lưu ý: bộ lọc đang bật (Từ ngày: 30/12/2025); xoá bộ lọc để tìm trong mọi báo cáo._"
    )
    assert service.assistant.asked[-1][2].date_from == "2025-12-30"  # type: ignore[attr-defined]
    assert "bộ lọc" not in _run(service, "thời tiết hôm nay thế nào")[-1][0][-1]["content"]
    assert "bộ lọc" not in _run(service, QUESTION, "30/12/2025")[-1][0][-1]["content"]
