"""Periods a question names that depend on the library: a month, "this year", "last year".

`doc_filters.named_month` and `doc_filters.relative_year` read them from the question;
this resolves them against the periods of the library's reports.

A quarter, half-year or "báo cáo năm 2025" in a question is a filter on its own
(`doc_filters.question_period`). Two other wordings depend on what the library holds:

- a month ("tháng 5/2026", or "tháng 5": the newest May) names May's report where the
  unit files monthly reports; in a library without one it dates a figure inside other
  reports ("tính đến tháng 9") and stays a word (on the Công Hải questions a month
  filter lost 3 of 165 answers);
- "năm nay", "đầu năm nay", "this year", "năm ngoái", "last year" count from the newest
  report's year, not from today's date: a library is read long after it was filed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.understand.analysis import QuestionAnalysis
from ingest.periods import Span, year_span


def resolve_periods(analysis: QuestionAnalysis, series: Sequence[Span]) -> QuestionAnalysis:
    """`analysis` with the period its relative year or month names in `series` as filter.

    `series` are the spans of the periodic reports the question may be about (its unit's,
    or every unit's when it names none). A trend keeps its own range.
    """
    if analysis.filters.period is not None or analysis.intent == "trend" or not series:
        return analysis
    period = None
    if analysis.relative_year is not None:
        newest = max(series, key=lambda span: (span.end, span.start))
        year = int(newest.end[:4]) + analysis.relative_year
        period = year_span(year)
    elif analysis.named_month is not None and analysis.named_month in series:
        period = analysis.named_month
    elif analysis.month_alone is not None:
        # "tháng 5" with no year: the newest May report.
        months = [
            s for s in series if s.kind == "month" and int(s.start[5:7]) == analysis.month_alone
        ]
        period = max(months, key=lambda span: span.start, default=None)
    if period is None:
        return analysis
    wording = set(analysis.period_wording)
    concepts = tuple(c for c in analysis.concepts if not set(c.phrases) <= wording)
    return replace(analysis, filters=replace(analysis.filters, period=period), concepts=concepts)
