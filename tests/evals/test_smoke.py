"""Three questions through `baocao eval` with a scripted assistant, so evals/ can't rot."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import pytest

from cli.evaluation import run_eval
from cli.main import main
from tests.evals.scripted import ScriptedAssistant, make_answer

QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "s1",
        "lang": "vi",
        "question": "Xã Hùng Sơn có bao nhiêu đảng viên?",
        "expect": {
            "communes": ["Hùng Sơn"],
            "communes_exclusive": True,
            "evidence": ["với 820 đảng viên"],
            "facts": [["820"]],
            "answerable": True,
        },
    },
    {
        "id": "s2",
        "lang": "en",
        "question": "Which communes border Laos?",
        "expect": {
            "communes": ["Hùng Sơn", "Vũ Quang"],
            "communes_exclusive": True,
            "evidence": ["Sê Koong", "các thôn giáp Lào"],
            "facts": [],
            "answerable": True,
        },
    },
    {
        "id": "s3",
        "lang": "vi",
        "question": "Ai là Chủ tịch UBND xã Lùng Phình?",
        "history": [
            {"role": "user", "content": "Xã Lùng Phình?"},
            {"role": "assistant", "content": "…"},
        ],
        "expect": {
            "communes": [],
            "communes_exclusive": True,
            "evidence": [],
            "facts": [],
            "answerable": False,
        },
    },
]

GOOD = {
    QUESTIONS[0]["question"]: make_answer(
        QUESTIONS[0]["question"],
        "Xã Hùng Sơn: Đảng bộ xã có 37 chi, đảng bộ với 820 đảng viên [1].",
        quotes=[("Hùng Sơn", "Đảng bộ xã có 37 chi, đảng bộ trực thuộc với 820 đảng viên.")],
        hits=["dân số là 8.026 người", "với 820 đảng viên"],
    ),
    QUESTIONS[1]["question"]: make_answer(
        QUESTIONS[1]["question"],
        "Hùng Sơn [1]; Vũ Quang [2].",
        quotes=[("Hùng Sơn", "tỉnh Sê Koong nước CHDCND Lào"), ("Vũ Quang", "các thôn giáp Lào")],
        hits=["tỉnh Sê Koong nước CHDCND Lào"],
    ),
    QUESTIONS[2]["question"]: make_answer(
        QUESTIONS[2]["question"], "Các báo cáo không có thông tin về việc này.", abstained=True
    ),
}


def write_questions(tmp_path: Path) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", "utf-8")
    return path


def eval_args(questions: Path, json_out: Path, html_out: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(
        questions=str(questions),
        json_out=str(json_out),
        html_out=str(html_out) if html_out else None,
        failures_only=False,
    )


def test_eval_scores_answers_and_writes_json_and_html(tmp_path: Path) -> None:
    assistant = ScriptedAssistant(GOOD)
    out = io.StringIO()
    run = run_eval(
        eval_args(write_questions(tmp_path), tmp_path / "a.json", tmp_path / "a.html"),
        assistant,
        out=out,
    )
    assert run.summary.accuracy == 1.0 and run.summary.hit_at_1 == 0.5 and run.summary.mrr == 0.75
    assert assistant.asked[2][1] == QUESTIONS[2]["history"]  # follow-ups carry their history
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert [q["checks"]["correct"] for q in data["questions"]] == [True, True, True]
    assert "accuracy (all checks hold)" in out.getvalue() and "1.000" in out.getvalue()
    assert "820 đảng viên" in (tmp_path / "a.html").read_text("utf-8")


def test_eval_compare_reports_what_broke(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = write_questions(tmp_path)
    run_eval(eval_args(questions, tmp_path / "a.json"), ScriptedAssistant(GOOD), out=io.StringIO())
    worse = dict(GOOD)
    worse[QUESTIONS[1]["question"]] = make_answer(
        QUESTIONS[1]["question"],
        "Hùng Sơn [1]; Mường Kim [2].",
        quotes=[("Hùng Sơn", "tỉnh Sê Koong nước CHDCND Lào")],
    )
    del worse[QUESTIONS[2]["question"]]  # the scripted assistant raises: recorded as an error
    out = io.StringIO()
    run = run_eval(eval_args(questions, tmp_path / "b.json"), ScriptedAssistant(worse), out=out)
    assert run.summary.errors == 1 and run.summary.wrong_communes == 1
    assert "missing Vũ Quang" in out.getvalue()

    assert main(["eval", "--compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 0
    report = capsys.readouterr().out
    assert "Broken (passed before, fail now): 2" in report
    assert "s2" in report and "wrong: Mường Kim" in report
    assert "accuracy (all checks hold)" in report and "worse" in report


def test_eval_without_questions_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval"]) == 1
    assert "Give a question set" in capsys.readouterr().err
