"""The shipped question sets: well-formed, big enough, and grounded in the sample reports."""

from __future__ import annotations

import importlib
import json
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from evals.drafting import missing_evidence
from evals.errors import QuestionSetError
from evals.metrics import normalise_passage
from evals.questions import Question, load_questions
from ingest import load_report

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "evals" / "questions"
REPORTS = ROOT / "samples" / "reports"
COMMUNES = {"Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"}
SETS = (
    "dev.jsonl",
    "team.jsonl",
    "holdout.jsonl",
    "blind.jsonl",
    "blind2.jsonl",
    "blind3.jsonl",
    "blind4.jsonl",
    "blind5.jsonl",
    "blind6.jsonl",
    "blind7.jsonl",
    "blind8.jsonl",
    "blind9.jsonl",
    "blind10.jsonl",
    "blind11.jsonl",
    "blind12.jsonl",
    "blind13.jsonl",
    "blind14.jsonl",
    "blind15.jsonl",
    "blind16.jsonl",
    "blind17.jsonl",
    "blind18.jsonl",
    "blind19.jsonl",
    "blind20.jsonl",
    "blind21.jsonl",
)


def _all(name: str) -> list[Question]:
    return load_questions(QUESTIONS / name)


def test_team_set_covers_what_the_assistant_issue_asks() -> None:
    team = _all("team.jsonl")
    answerable = [q for q in team if q.expect.answerable]
    assert len(team) >= 60
    assert sum(q.lang == "en" for q in team) >= 20
    assert sum(bool(q.history) for q in team) >= 6
    lists = [q for q in answerable if len(q.expect.communes) > 1 and q.expect.communes_exclusive]
    assert len(lists) >= 6
    assert all(len(q.expect.evidence) >= len(q.expect.communes) for q in lists)
    assert sum(not q.expect.answerable for q in team) >= 10
    assert sum(bool(q.expect.facts) for q in team) >= 30
    assert {c for q in team for c in q.expect.communes} == COMMUNES


def test_holdout_is_separate_and_large_enough() -> None:
    sets = {name: _all(name) for name in SETS}
    assert len(sets["holdout.jsonl"]) >= 20
    ids = [q.id for qs in sets.values() for q in qs]
    assert len(ids) == len(set(ids)), "question ids must be unique across sets"
    texts = [normalise_passage(q.question) for qs in sets.values() for q in qs]
    assert len(texts) == len(set(texts)), "no question may be copied between sets"


@pytest.mark.parametrize("name", SETS)
def test_every_answerable_question_has_evidence_and_communes(name: str) -> None:
    for question in _all(name):
        if question.expect.answerable:
            assert question.expect.evidence and question.expect.communes, question.id
        else:
            assert not question.expect.evidence and not question.expect.facts, question.id
        assert set(question.expect.communes) <= COMMUNES, question.id
        assert unicodedata.is_normalized("NFC", question.question)


def _text_reports() -> list[str]:
    return [
        normalise_passage(p.read_text("utf-8")) for p in sorted((REPORTS / "text").glob("*.txt"))
    ]


@pytest.mark.parametrize("name", SETS)
def test_evidence_is_verbatim_in_the_text_reports(name: str) -> None:
    reports = _text_reports()
    for question in _all(name):
        for evidence in question.expect.evidence:
            assert any(normalise_passage(evidence) in text for text in reports), (
                question.id,
                evidence,
            )


@cache
def _parsed_sections(fmt: str) -> tuple[str, ...]:
    load_report: Callable[..., object] | None = getattr(
        importlib.import_module("ingest"), "load_report", None
    )
    if load_report is None:
        pytest.skip("ingest.load_report is not built yet")
    texts: list[str] = []
    for path in sorted((REPORTS / fmt).iterdir()):
        report = load_report(path)
        texts.extend(normalise_passage(section.text) for section in report.sections)  # type: ignore[attr-defined]
    return tuple(texts)


@pytest.mark.parametrize("fmt", ["text", "docx", "pdf"])
def test_evidence_survives_parsing_of_every_format(fmt: str) -> None:
    """An evidence string must sit inside one parsed section, whatever the file format."""
    sections = _parsed_sections(fmt)
    missing = [
        (q.id, evidence)
        for name in SETS
        for q in _all(name)
        for evidence in q.expect.evidence
        if not any(normalise_passage(evidence) in text for text in sections)
    ]
    assert not missing


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"id": "x", "question": "q"}', "'expect' must be an object"),
        ('{"id": "x", "question": "q", "expect": {"facts": ["47,52"]}}', "'facts' must be a list"),
        ('{"id": "x", "question": "q", "expect": {}, "extra": 1}', "unknown key"),
        (
            '{"id": "x", "question": "q", "expect": {}, "history": [{"role": "bot"}]}',
            "history turn",
        ),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "question": "q", "expect": {}}\n' + line + "\n", "utf-8")
    with pytest.raises(QuestionSetError, match=re.escape(message)) as info:
        load_questions(path)
    assert f"{path}:2" in str(info.value)


def test_duplicate_ids_and_missing_files_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    row = json.dumps({"id": "a", "question": "q", "expect": {}})
    path.write_text(row + "\n" + row + "\n", "utf-8")
    with pytest.raises(QuestionSetError, match="duplicate question id 'a'"):
        load_questions(path)
    with pytest.raises(QuestionSetError, match="check the path"):
        load_questions(tmp_path / "missing.jsonl")


@pytest.mark.parametrize("name", ["units-fit.jsonl", "units-fit-header.jsonl"])
def test_units_sets_are_grounded_in_their_reissued_reports(name: str) -> None:
    # Header questions quote header and signature lines: they must survive parsing too.
    reports = [load_report(p) for p in sorted((ROOT / "bench/data/units/fit").glob("*.txt"))]
    assert missing_evidence(load_questions(QUESTIONS / name), reports) == []


@pytest.mark.parametrize(("part", "suffix"), [("fit", ".docx"), ("held", ".docx"), ("fit", ".pdf")])
def test_table_sets_are_grounded_in_their_reports(part: str, suffix: str) -> None:
    # Evidence is a row's label cell: it must survive the DOCX (and printed PDF) table reader.
    folder = ROOT / "bench/data/tables" / part
    reports = [load_report(p) for p in sorted(folder.glob(f"*{suffix}"))]
    assert len(reports) >= 4
    questions = load_questions(QUESTIONS / f"tables-{part}.jsonl")
    assert len(questions) >= 40
    assert missing_evidence(questions, reports) == []
