"""Time spans of reports and questions: "quý II/2026" -> 2026-04-01 .. 2026-06-30.

A commune files weekly, monthly, quarterly, half-yearly and yearly reports; the parser
reads each one's period as written (`ReportMetadata.period`), and this module turns it
(or, when none is written, the report's date) into a normalised span, so that a period
named in a question can be matched against every report's.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

from ingest.folding import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True, slots=True)
class Span:
    """An inclusive span of ISO dates, with the granularity it was written in."""

    start: str
    end: str
    kind: str  # "week", "month", "quarter", "half", "nine_months", "year", "day", "range"

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """A report covers an asked period when their spans share a day."""
        return self.start <= other.end and other.start <= self.end


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _months(year: int, first: int, last: int, kind: str) -> Span:
    return Span(f"{year}-{first:02d}-01", _month_end(year, last), kind)


# Folded wordings, in Vietnamese and English; the year is required (a bare "tháng 5" is
# resolved against a report's own year by `report_span`, not guessed for a question).
_QUARTER = re.compile(r"\b(?:quy|q)\s*(i{1,3}|iv|[1-4])\s*(?:/|nam\s+|\s)\s*(\d{4})\b")
_QUARTER_EN = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?(\d{4})\b")
_HALF = re.compile(r"\b(?:6|06|sau) thang (dau|cuoi) nam\s*(\d{4})\b")
_HALF_EN = re.compile(r"\b(first|second) half (?:of )?(\d{4})\b")
_NINE = re.compile(r"\b(?:9|09|chin) thang (?:dau )?nam\s*(\d{4})\b")
# A day before the month ("ngày 28 tháng 5 năm 2026", "28 May 2026") makes it a date,
# not a period.
_MONTH = re.compile(r"(?<!ngay \d )(?<!ngay \d\d )\bthang\s*(\d{1,2})\s*(?:/|nam\s+)\s*(\d{4})\b")
_MONTH_EN = re.compile(
    r"(?<!\d )(?<!\d\d )(?<!\d(?:st|nd|rd|th) )(?<!\d\d(?:st|nd|rd|th) )"
    r"\b(january|february|march|april|may|june|july|august|september|october|november"
    r"|december) (\d{4})\b"
)
_YEAR = re.compile(r"\b(?:nam|year|in)\s+(\d{4})\b")
_ORDINAL = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip
_MONTHS_EN = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


# Every question reads its unit's series and every trend its candidates' periods: the
# same few period strings, parsed once.
@functools.lru_cache(maxsize=4096)
def parse_span(text: str) -> Span | None:
    """The first period `text` names with its year: 'quý II/2026', 'first half of 2025'."""
    folded = fold(text)
    for finder in (_week, _quarter, _half, _nine, _month, _year):
        found = finder(folded)
        if found is not None:
            return found
    return None


# A quarter or half whose year comes later or earlier in the sentence: "từ quý I đến
# quý II/2026", "6 tháng đầu và 6 tháng cuối năm 2025".
_QUARTER_ANY = re.compile(r"\b(?:quy|q)\s*(i{1,3}|iv|[1-4])\b(?:\s*(?:/|nam\s+|\s)\s*(\d{4})\b)?")
_QUARTER_EN_ANY = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter\b(?: (?:of )?(\d{4})\b)?"
)
_HALF_ANY = re.compile(r"\b(?:6|06|sau) thang (dau|cuoi)(?: nam\s*(\d{4})\b)?")
_HALF_EN_ANY = re.compile(r"\b(first|second) half\b(?: (?:of )?(\d{4})\b)?")
# A year written anywhere ("2026", "ii/2026"), not part of a longer number.
YEAR_WRITTEN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def named_spans(text: str) -> list[Span]:
    """Every period `text` names, in order.

    A quarter or half without its year takes the year written nearest after it (else
    before): "từ quý I đến quý II/2026".
    """
    folded = fold(text)
    found: list[tuple[int, Span]] = []
    for pattern, first_months in (
        (_QUARTER_ANY, _quarter_months),
        (_QUARTER_EN_ANY, _quarter_months),
        (_HALF_ANY, _half_months),
        (_HALF_EN_ANY, _half_months),
    ):
        for match in pattern.finditer(folded):
            year = match.group(2) or _year_near(folded, match.end(), match.start())
            if year is not None:
                first, last, kind = first_months(match.group(1))
                found.append((match.start(), _months(int(year), first, last, kind)))
            folded = folded[: match.start()] + " " * len(match.group()) + folded[match.end() :]
    for match in _WEEK.finditer(folded):
        week = _week(match.group())
        if week is not None:
            found.append((match.start(), week))
    for match in _MONTH.finditer(folded):
        if 1 <= int(match.group(1)) <= 12:
            month = int(match.group(1))
            found.append((match.start(), _months(int(match.group(2)), month, month, "month")))
    for match in _YEAR.finditer(folded):
        found.append((match.start(), year_span(int(match.group(1)))))
    return [span for _, span in sorted(found, key=lambda item: item[0])]


def _year_near(folded: str, after: int, before: int) -> str | None:
    later = YEAR_WRITTEN.search(folded, after)
    if later is not None:
        return later.group()
    earlier = YEAR_WRITTEN.findall(folded[:before])
    return earlier[-1] if earlier else None


def _quarter_months(raw: str) -> tuple[int, int, str]:
    quarter = _ROMAN.get(raw) or _ORDINAL.get(raw) or int(raw)
    return 3 * quarter - 2, 3 * quarter, "quarter"


def _half_months(raw: str) -> tuple[int, int, str]:
    first = raw in ("dau", "first")
    return (1, 6, "half") if first else (7, 12, "half")


def _quarter(folded: str) -> Span | None:
    match = _QUARTER.search(folded) or _QUARTER_EN.search(folded)
    return _months(int(match.group(2)), *_quarter_months(match.group(1))) if match else None


_WEEK = re.compile(
    r"\btuan\b\D{0,20}?(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:-|–|den)\s*(?:ngay\s+)?"
    r"(\d{1,2})/(\d{1,2})/(\d{4})"
)


def _week(folded: str) -> Span | None:
    """'tuần 15/10/2025 - 22/10/2025': a weekly report's days."""
    match = _WEEK.search(folded)
    if not match:
        return None
    d1, m1, y1, d2, m2, y2 = (int(group) for group in match.groups())
    try:
        start, end = datetime.date(y1, m1, d1), datetime.date(y2, m2, d2)
    except ValueError:
        return None
    return Span(start.isoformat(), end.isoformat(), "week") if start <= end else None


def _half(folded: str) -> Span | None:
    match = _HALF.search(folded) or _HALF_EN.search(folded)
    return _months(int(match.group(2)), *_half_months(match.group(1))) if match else None


def _nine(folded: str) -> Span | None:
    match = _NINE.search(folded)
    return _months(int(match.group(1)), 1, 9, "nine_months") if match else None


def _month(folded: str) -> Span | None:
    match = _MONTH.search(folded)
    if match and 1 <= int(match.group(1)) <= 12:
        return _months(int(match.group(2)), int(match.group(1)), int(match.group(1)), "month")
    match = _MONTH_EN.search(folded)
    if match:
        month = _MONTHS_EN.index(match.group(1)) + 1
        return _months(int(match.group(2)), month, month, "month")
    return None


def _year(folded: str) -> Span | None:
    match = _YEAR.search(folded)
    return year_span(int(match.group(1))) if match else None


def year_span(year: int) -> Span:
    """The whole of `year`: "năm 2025"."""
    return _months(year, 1, 12, "year")


def report_span(period: str | None, date: str | None) -> Span | None:
    """A report's span: its written period, else its own date (a day or a month)."""
    span = parse_span(period) if period else None
    if span is not None or not date:
        return span
    if len(date) == 10:
        return Span(date, date, "day")
    if len(date) == 7:
        return _months(int(date[:4]), int(date[5:7]), int(date[5:7]), "month")
    return None


def series_span(doc_type: str | None, period: str | None) -> Span | None:
    """The span of a periodic report: a báo cáo whose period is written.

    Only reports make a series: a letter or notice dated in a month is not that month's
    account, and its figures are not the month's.
    """
    if not period or fold(doc_type or "") != "bao cao":
        return None
    return parse_span(period)
