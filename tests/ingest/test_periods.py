"""Report periods and the periods questions name, as normalised spans."""

from __future__ import annotations

import pytest

from ingest.periods import Span, named_spans, parse_span, report_span


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("quý II/2026", Span("2026-04-01", "2026-06-30", "quarter")),
        ("Q2 2026", Span("2026-04-01", "2026-06-30", "quarter")),
        ("the second quarter of 2025", Span("2025-04-01", "2025-06-30", "quarter")),
        ("the 4th quarter of 2025", Span("2025-10-01", "2025-12-31", "quarter")),
        ("6 tháng đầu năm 2025", Span("2025-01-01", "2025-06-30", "half")),
        ("in the first half of 2025", Span("2025-01-01", "2025-06-30", "half")),
        ("6 tháng cuối năm 2025", Span("2025-07-01", "2025-12-31", "half")),
        ("9 tháng năm 2025", Span("2025-01-01", "2025-09-30", "nine_months")),
        ("tháng 2/2024", Span("2024-02-01", "2024-02-29", "month")),
        ("November 2025", Span("2025-11-01", "2025-11-30", "month")),
        ("năm 2025", Span("2025-01-01", "2025-12-31", "year")),
        ("by 28 May 2026", None),  # a day, not a period
        ("không có kỳ nào", None),
    ],
)
def test_periods_as_written_become_spans(text, span):
    assert parse_span(text) == span


def test_a_report_without_a_period_spans_its_date():
    assert report_span(None, "2026-04-27") == Span("2026-04-27", "2026-04-27", "day")
    assert report_span(None, "2026-05") == Span("2026-05-01", "2026-05-31", "month")
    assert report_span("quý I/2026", "2026-03-30").kind == "quarter"
    assert report_span(None, None) is None


def test_a_quarter_covers_its_months_and_not_the_next_quarter():
    q1 = parse_span("quý I/2026")
    assert q1.overlaps(parse_span("tháng 2/2026"))
    assert not q1.overlaps(parse_span("quý II/2026"))


def test_a_weekly_report_spans_its_days():
    assert parse_span("tuần 15/10/2025 - 22/10/2025") == Span("2025-10-15", "2025-10-22", "week")
    assert parse_span("tuần 22/10/2025 - 15/10/2025") is None  # ends before it starts


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # The first quarter borrows the year written after the second.
        ("từ quý I đến quý II/2026", [("2026-01-01", "quarter"), ("2026-04-01", "quarter")]),
        ("from Q1 to Q3 2026", [("2026-01-01", "quarter"), ("2026-07-01", "quarter")]),
        (
            "6 tháng đầu năm 2024 và 6 tháng đầu năm 2025",
            [("2024-01-01", "half"), ("2025-01-01", "half")],
        ),
        ("tháng 5/2026 và năm 2025", [("2026-05-01", "month"), ("2025-01-01", "year")]),
        ("quý III", []),  # no year anywhere: no period
    ],
)
def test_every_period_a_text_names_in_order(text, spans):
    assert [(span.start, span.kind) for span in named_spans(text)] == spans
