"""A period named in a question becomes a constraint on the reports that answer."""

from __future__ import annotations

import pytest

from assistant.understand.analysis import analyse
from assistant.understand.periods import resolve_periods
from ingest.periods import Span, parse_span

UNITS = ["Hùng Sơn"]


@pytest.mark.parametrize(
    ("question", "period"),
    [
        (
            "Tỷ lệ hộ nghèo của xã Hùng Sơn quý II/2026?",
            Span("2026-04-01", "2026-06-30", "quarter"),
        ),
        ("What was the poverty rate in Q2 2026?", Span("2026-04-01", "2026-06-30", "quarter")),
        ("Kết quả 6 tháng đầu năm 2025?", Span("2025-01-01", "2025-06-30", "half")),
        ("Báo cáo năm 2025 nêu gì?", Span("2025-01-01", "2025-12-31", "year")),
        ("Kế hoạch năm 2026 đặt chỉ tiêu gì?", None),  # a plan's target year
        ("Giữa tháng 10/2025 gieo trồng được bao nhiêu?", None),  # a month dates a figure
    ],
)
def test_question_periods(question, period):
    assert analyse(question, communes=UNITS).filters.period == period


@pytest.mark.parametrize(
    ("question", "period"),
    [
        # A trend spans the periods it names, not the first of them.
        (
            "Tỷ lệ hộ nghèo xã Hùng Sơn thay đổi thế nào từ quý I đến quý II/2026?",
            Span("2026-01-01", "2026-06-30", "range"),
        ),
        (
            "How has the poverty rate of Hùng Sơn changed in 2025?",
            Span("2025-01-01", "2025-12-31", "year"),
        ),
        ("Tỷ lệ hộ nghèo xã Hùng Sơn tăng hay giảm so với cùng kỳ quý II/2026?", None),
    ],
)
def test_trend_questions_span_the_periods_they_name(question, period):
    analysis = analyse(question, communes=UNITS)
    assert analysis.intent == "trend"
    assert analysis.filters.period == period


@pytest.mark.parametrize(
    "question",
    [
        "Quý nào tỷ lệ hộ nghèo của xã Hùng Sơn thấp nhất?",
        "In which quarter was the poverty rate of Hung Son lowest?",
        "How has the poverty rate of Hùng Sơn changed?",
        "Tỷ lệ hộ nghèo của xã Hùng Sơn biến động ra sao qua các quý?",
    ],
)
def test_trend_wording_is_not_a_word_to_find(question):
    analysis = analyse(question, communes=UNITS)
    labels = {concept.label for concept in analysis.concepts}
    assert analysis.intent == "trend"
    assert not labels & {"quy", "changed", "thay", "bien", "dong", "quarter", "lowest", "thap"}


def test_a_figure_question_without_trend_wording_stays_a_fact():
    assert analyse("Tỷ lệ hộ nghèo của xã Hùng Sơn?", communes=UNITS).intent == "fact"


@pytest.mark.parametrize(
    ("question", "series", "period"),
    [
        # From the newest report's year, in either language.
        (
            "What was the poverty rate of Hùng Sơn last year?",
            ["quý I/2026", "năm 2025"],
            "năm 2025",
        ),
        ("Tổng thu ngân sách xã Hùng Sơn đầu năm nay?", ["quý I/2026", "năm 2025"], "năm 2026"),
        # "so với năm ngoái" compares; it does not pick last year.
        ("Tỷ lệ hộ nghèo xã Hùng Sơn tăng so với năm ngoái không?", ["năm 2025"], None),
        # A month is a filter only where a monthly report of it exists.
        ("Tỷ lệ hộ nghèo xã Hùng Sơn tháng 5/2026?", ["tháng 5/2026"], "tháng 5/2026"),
        ("Tỷ lệ hộ nghèo xã Hùng Sơn tháng 5/2026?", ["quý II/2026"], None),
        ("Tỷ lệ hộ nghèo xã Hùng Sơn năm ngoái?", [], None),  # no series: nothing to count from
    ],
)
def test_relative_years_and_months_resolve_against_the_librarys_periods(question, series, period):
    analysis = resolve_periods(analyse(question, communes=UNITS), [parse_span(p) for p in series])
    assert analysis.filters.period == (parse_span(period) if period else None)
    if period:
        assert not {c.label for c in analysis.concepts} & {"ngoai", "nay", "thang", "5/2026"}


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("Tỷ lệ hộ nghèo xã Hùng Sơn tháng 5?", "tháng 5/2026"),  # the newest May
        ("Tỷ lệ hộ nghèo xã Hùng Sơn tháng 4?", "tháng 4/2025"),
        ("Kết quả ngày 5 tháng 5 của xã Hùng Sơn?", None),  # a day, not a month
        ("Kết quả 6 tháng đầu năm của xã Hùng Sơn?", None),  # half a year, no month
    ],
)
def test_a_month_without_its_year_names_the_newest_report_of_that_month(question, period):
    series = [parse_span(p) for p in ("tháng 5/2026", "tháng 5/2025", "tháng 4/2025")]
    analysis = resolve_periods(analyse(question, communes=UNITS), series)
    assert analysis.filters.period == (parse_span(period) if period else None)
