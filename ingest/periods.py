"""Time spans of reports and questions: "quý II/2026" -> 2026-04-01 .. 2026-06-30.

A commune files weekly, monthly, quarterly, half-yearly and yearly reports; the parser
reads each one's period as written (`ReportMetadata.period`), and this module turns it
(or, when none is written, the report's date) into a normalised span, so that a period
named in a question can be matched against every report's.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ingest.folding import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True, slots=True)
class Span:
    """An inclusive span of ISO dates, with the granularity it was written in."""

    start: str
    end: str
    kind: str  # "month", "quarter", "half", "nine_months", "year", "day"

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
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}
_MONTHS_EN = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


def parse_span(text: str) -> Span | None:
    """The first period `text` names with its year: 'quý II/2026', 'first half of 2025'."""
    folded = fold(text)
    for finder in (_quarter, _half, _nine, _month, _year):
        found = finder(folded)
        if found is not None:
            return found
    return None


def _quarter(folded: str) -> Span | None:
    match = _QUARTER.search(folded)
    if match:
        raw = match.group(1)
        quarter = _ROMAN.get(raw) or int(raw)
        return _months(int(match.group(2)), 3 * quarter - 2, 3 * quarter, "quarter")
    match = _QUARTER_EN.search(folded)
    if match:
        quarter = _ORDINAL[match.group(1)]
        return _months(int(match.group(2)), 3 * quarter - 2, 3 * quarter, "quarter")
    return None


def _half(folded: str) -> Span | None:
    match = _HALF.search(folded) or _HALF_EN.search(folded)
    if not match:
        return None
    first = match.group(1) in ("dau", "first")
    return _months(int(match.group(2)), 1 if first else 7, 6 if first else 12, "half")


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
    return _months(int(match.group(1)), 1, 12, "year") if match else None


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
