"""A period named in a question becomes a constraint on the reports that answer."""

from __future__ import annotations

import pytest

from assistant.understand.analysis import analyse
from ingest.periods import Span

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
