"""The Gradio app's pieces without a browser: labels, evaluation tables, the service."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.errors import QuestionTooLongError
from cli.main import build_parser
from index.types import IngestSummary
from tests.ui.scripted import WordOverlapAssistant, make_report
from ui import evaluation
from ui.app import build_app
from ui.i18n import LABELS, t
from ui.service import ForbiddenError, NamedStream, WebService

TEXT = "Mở đầu.\n\nXã Hùng Sơn đề nghị hỗ trợ kinh phí làm đường giao thông nông thôn."


def test_every_label_has_both_languages_and_the_same_fields() -> None:
    for key, (vi, en) in LABELS.items():
        assert vi and en, key
        assert set(re.findall(r"\{(\w+)", vi)) == set(re.findall(r"\{(\w+)", en)), key
    assert t("send") == "Gửi" and t("send", "en") == "Send"
    assert "1001" in t("too_long", "en", n=1001, limit=1000)


def _service(tmp_path: Path, **settings: Any) -> WebService:
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT)])
    return WebService(assistant, Settings(index_dir=str(tmp_path / "index"), **settings))


def test_service_caps_questions_before_the_assistant_sees_them(tmp_path: Path) -> None:
    service = _service(tmp_path, max_question_chars=20)
    with pytest.raises(QuestionTooLongError, match="20-character limit"):
        service.ask("x" * 21)
    assert service.assistant.asked == []  # type: ignore[attr-defined]


def test_failed_upload_names_the_users_file_not_the_server_path(tmp_path: Path) -> None:
    service = _service(tmp_path)
    summary = service.add_files("an", [NamedStream("báo cáo.pdf", io.BytesIO(b"%PDF-1.4"))])
    (failure,) = summary.failed
    assert failure.path == "báo_cáo.pdf" and str(tmp_path) not in failure.error
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.suffix == ".pdf"]


def test_reuploading_known_content_keeps_no_copy_and_no_new_owner(tmp_path: Path) -> None:
    service = _service(tmp_path)
    first = service.add_files("an", [NamedStream("a.txt", io.BytesIO(b"Xin cap cau treo."))])
    again = service.add_files("bo", [NamedStream("b.txt", io.BytesIO(b"Xin cap cau treo."))])
    assert (first.added, again.added, again.unchanged) == (1, 0, 1)
    with pytest.raises(ForbiddenError):
        service.delete("bo", first.report_ids[0])
    assert len([p for p in (tmp_path / "uploads").rglob("*.txt")]) == 1


def test_progress_is_reported_per_file(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    files = [NamedStream(f"{n}.txt", io.BytesIO(f"Báo cáo số {n} xin vốn.".encode())) for n in "ab"]
    _service(tmp_path).add_files("an", files, progress=lambda *step: seen.append(step))
    assert seen == [("a.txt", 0, 2), ("b.txt", 1, 2), ("", 2, 2)]


def test_app_builds_in_both_languages(tmp_path: Path) -> None:
    for code in ("vi", "en"):
        settings = Settings(index_dir=str(tmp_path / "index"), ui_language=code)
        blocks = build_app(WordOverlapAssistant(), settings)
        labels = {getattr(block, "label", None) for block in blocks.blocks.values()}
        assert t("question", code) in labels and t("citations", "vi") not in labels


RUN = {
    "summary": {"questions": 2, "correct": 1, "accuracy": 0.5, "hit_at_5": None, "mrr": 0.25},
    "questions": [
        {"id": "q1", "question": "A?", "expect": {"communes": ["Hùng Sơn"]},
         "answer": {"text": "Xã Hùng Sơn [1]", "abstained": False},
         "checks": {"failed": []}},
        {"id": "q2", "question": "B?", "expect": {"communes": [], "answerable": False},
         "answer": {"text": "x", "abstained": False},
         "checks": {"failed": ["abstention"]}},
    ],
}  # fmt: skip


def test_evaluation_tables_show_metrics_and_which_check_failed() -> None:
    metrics = evaluation._metrics_frame(RUN)
    assert (
        ["Tỷ lệ đúng", "50,0%"] in metrics
        and ["Chứng cứ trong 5 kết quả tìm đầu", "—"] in metrics
        and ["Thứ hạng chứng cứ (MRR)", "0,250"] in metrics
    )
    rows = evaluation._question_frame(RUN)
    assert rows[0] == ["q1", "A?", "Hùng Sơn", "Xã Hùng Sơn [1]", "✓"]
    assert rows[1][2] == "(cần từ chối)" and rows[1][4] == "Lẽ ra phải từ chối"
    assert evaluation._question_frame(RUN, "en")[1][2:] == [
        "(abstain)",
        "x",
        "Should have abstained",
    ]
    chart = evaluation._failure_frame(RUN)
    assert "Đúng" in chart and "Lẽ ra phải từ chối" in chart and "<script" not in chart
    assert "Should have abstained" in evaluation._failure_frame(RUN, "en")


def test_serve_command_takes_host_port_and_users() -> None:
    args = build_parser().parse_args(
        ["serve", "--index", "d", "--host", "0.0.0.0", "--port", "8000", "--users", "u.toml"]
    )
    assert (args.host, args.port, args.users_file, args.index_dir) == (
        "0.0.0.0",
        8000,
        "u.toml",
        "d",
    )


def test_reindex_goes_to_the_index_when_it_offers_one(tmp_path: Path) -> None:
    calls: list[Any] = []

    class RebuildableIndex:
        def reindex(self, *, progress: Any = None) -> IngestSummary:
            calls.append(progress)
            return IngestSummary(updated=1)

    assistant = WordOverlapAssistant()
    service = WebService(assistant, Settings(index_dir=str(tmp_path / "index")))
    assert service.reindex() is None  # nothing to rebuild with: the UI says "re-indexed"
    assistant.index = RebuildableIndex()  # type: ignore[attr-defined]
    assert service.reindex(progress=print) == IngestSummary(updated=1) and calls == [print]


def test_metrics_read_as_numbers_in_the_chosen_language() -> None:
    run = {"summary": {"accuracy": 0.5, "latency_p50_ms": 59.937, "latency_p95_ms": 1234.6}}
    assert evaluation._metrics_frame(run, "vi") == [
        ["Tỷ lệ đúng", "50,0%"],
        ["Thời gian trả lời, trung vị", "60 ms"],
        ["Thời gian trả lời, 95% câu dưới", "1.235 ms"],
    ]
    assert evaluation._metrics_frame(run, "en") == [
        ["Accuracy", "50.0%"],
        ["Answer time, median", "60 ms"],
        ["Answer time, 95th percentile", "1,235 ms"],
    ]


def test_the_evaluation_tab_offers_the_sample_sets_first_with_what_they_are(
    tmp_path: Path,
) -> None:
    sets = {}
    for name, lines in (("blind3", 2), ("conghai-fit1", 1), ("team", 3)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("{}\n" * lines, "utf-8")
        sets[name] = str(path)
    choices = evaluation._set_choices(sets, "vi")
    assert [name for _, name in choices] == ["team", "blind3", "conghai-fit1"]
    assert choices[0][0] == "team (3 câu hỏi, câu hỏi của nhóm, 5 báo cáo mẫu)"
    assert "cần kho văn bản xã Công Hải" in choices[2][0]


def test_a_language_switch_shows_the_last_evaluation_again_in_that_language() -> None:
    _, metrics, chart, table = evaluation._relabel({}, RUN, "en")
    assert metrics.label == "Metrics" and ["Accuracy", "50.0%"] in metrics.value["data"]
    assert "Should have abstained" in chart
    assert table.value["headers"][-1] == "Failed checks"
    assert table.value["data"][1][-1] == "Should have abstained"
    empty = evaluation._relabel({}, None, "vi")
    assert empty[1].label == "Kết quả" and empty[3].label == "Từng câu hỏi"
