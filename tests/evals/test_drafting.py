"""Drafting questions from a report and checking a set's evidence against reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from evals.drafting import draft_questions, figures, missing_evidence
from evals.questions import load_questions
from ingest import load_report

ROOT = Path(__file__).resolve().parents[2]
HUNG_SON = ROOT / "samples" / "reports" / "text" / "000_5662c8cb383135c1.txt"


def test_figures_skip_years_and_single_digits() -> None:
    assert figures("Năm 2026 đạt 47,52% với 8.026 người, 3 thôn, 4/10 tiêu chí") == [
        "47,52",
        "8.026",
        "4/10",
    ]


def test_drafts_are_loadable_and_grounded(tmp_path: Path) -> None:
    report = load_report(HUNG_SON)
    drafts = draft_questions(report, limit=5)
    assert len(drafts) == 5
    path = tmp_path / "drafts.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), "utf-8")
    questions = load_questions(path)
    assert all(q.expect.communes == ("Hùng Sơn",) for q in questions)
    assert missing_evidence(questions, [report]) == []


def test_missing_evidence_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    row = {"id": "x", "question": "?", "expect": {"evidence": ["không có trong báo cáo"]}}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    missing = missing_evidence(load_questions(path), [load_report(HUNG_SON)])
    assert missing == [("x", "không có trong báo cáo")]


def test_eval_draft_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "drafts.jsonl"
    assert main(["eval-draft", str(HUNG_SON), "--per-report", "3", "--out", str(out)]) == 0
    assert [q.id for q in load_questions(out)] == ["draft-001", "draft-002", "draft-003"]
    assert main(["eval-draft", "--check", str(out), str(HUNG_SON)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    rows[0]["expect"]["evidence"] = ["một câu không có trong báo cáo"]
    out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    assert main(["eval-draft", "--check", str(out), str(HUNG_SON)]) == 1
    assert "evidence not in any report" in capsys.readouterr().out
