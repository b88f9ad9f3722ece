"""Document-type, number and period words of a question turned into search filters.

"trong báo cáo tháng 5/2026" -> doc type "Báo cáo", May 2026; "theo Tờ trình số 13" ->
type "Tờ trình", number 13. Every type the parser knows can be named (in Vietnamese or
English); the types are the stored ones, so a word the index does not use filters
nothing, and the engine retries without the filter when nothing answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.understand.glossary import MONTHS
from assistant.understand.language import tokens
from index.types import SearchFilters
from ingest import fold
from ingest.metadata import DOC_TYPES
from ingest.periods import Span, named_spans, parse_span, year_span

# English names of the types, folded; Vietnamese names are the parser's own.
_ENGLISH = {
    "report": "Báo cáo",
    "notice": "Thông báo",
    "announcement": "Thông báo",
    "resolution": "Nghị quyết",
    "plan": "Kế hoạch",
    "submission": "Tờ trình",
    "proposal": "Tờ trình",
    "decision": "Quyết định",
    "conclusion": "Kết luận",
    "programme": "Chương trình",
    "program": "Chương trình",
    "official letter": "Công văn",
    "letter": "Công văn",
    "dispatch": "Công văn",
    "minutes": "Biên bản",
    "guidance": "Hướng dẫn",
    "guideline": "Hướng dẫn",
    "scheme": "Đề án",
    "directive": "Chỉ thị",
    "regulation": "Quy chế",
    "regulations": "Quy chế",
    "telegram": "Công điện",
    "invitation": "Giấy mời",
}
_TYPE_BY_WORD = {fold(name): name for name in DOC_TYPES} | _ENGLISH
_TYPE_WORDS = "|".join(sorted(map(re.escape, _TYPE_BY_WORD), key=len, reverse=True))
# A type named as the document looked in: after "trong/theo/tại/của/in/according to …",
# or followed by its number ("công văn số 101-CV/ĐU"). A type word on its own is not
# enough: "kế hoạch sản xuất", "chương trình nông thôn mới" are topics, not documents.
_DOC_MENTION = re.compile(
    rf"\b(?:trong|theo|tai|cua|in|according to|from|under|per)(?: the| ban| van ban)? "
    # Not "theo quyết định nào / số mấy": that asks which document, it names none.
    rf"({_TYPE_WORDS})\b(?! nao\b| gi\b| so (?:may|nao|bao nhieu)\b)"
    r"(?:[^?]{0,12}?\b(?:thang|month of)?\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})|[^?]{0,12}?\b(\d{4}))?"
)
_NUMBERED = re.compile(rf"\b({_TYPE_WORDS}) (?:so|number|no\.?) ?(\d+(?:[-/][\w.]+)*)(?![\w/-])")


def question_filters(
    folded: str, doc_types: Sequence[str], *, is_list: bool = False
) -> SearchFilters:
    """Filters for the document a folded question names ("theo báo cáo tháng 5/2026")."""
    numbered = _NUMBERED.search(folded)
    first = re.search(rf"\b(?:{_TYPE_WORDS})\b", folded)
    # "Kế hoạch thực hiện Kết luận số 156-KL/TW": the number is of a document the
    # asked one cites; only a number on the first document named is the asked one's.
    if numbered and first is not None and numbered.start() == first.start():
        # A number names one document: its type and number, whatever else is asked.
        return SearchFilters(
            doc_types=_stored(numbered.group(1), doc_types), numbers=(numbered.group(2),)
        )
    match = _DOC_MENTION.search(folded)
    # "Những xã nào … trong báo cáo?" means the reports in general: a list or comparison
    # looks in every document unless a period names one.
    if not match or (is_list and not (match.group(2) or match.group(4))):
        return SearchFilters()
    date_from = date_to = None
    if match.group(2) and match.group(3):
        month = int(match.group(2))
        if 1 <= month <= 12:
            date_from = f"{match.group(3)}-{month:02d}"
            date_to = f"{date_from}-31"
    elif match.group(4):
        date_from, date_to = match.group(4), f"{match.group(4)}-12-31"
    return SearchFilters(
        doc_types=_stored(match.group(1), doc_types), date_from=date_from, date_to=date_to
    )


# A year alone is a period only with a report ("báo cáo năm 2025", "the 2025 report");
# elsewhere "năm 2026" is as often a plan's target ("kế hoạch năm 2026") as the time asked.
_REPORT_YEAR = re.compile(
    r"\b(?:bao cao|report)\s+(?:nam|for|of|in)\s+(\d{4})\b|\b(\d{4})\s+(?:bao cao|report)\b"
)


def question_period(folded: str) -> Span | None:
    """The period a question asks about: a quarter, half-year, nine months or year.

    A month is left out: "giữa tháng 10/2025", "tính đến đầu tháng 9" date a figure
    inside reports of other months as often as they name a monthly report (on the Công
    Hải questions a month filter lost 3 of 165 answers and gained none).
    """
    span = parse_span(folded)
    if span is not None and span.kind not in ("year", "month"):
        return span
    match = _REPORT_YEAR.search(folded)
    return year_span(int(match.group(1) or match.group(2))) if match else None


def question_range(folded: str) -> Span | None:
    """The stretch of time a trend question covers, or None for all of it.

    From the first period it names to the last ("từ quý I đến quý II/2026"), or a year
    it names ("qua các quý năm 2025").

    One quarter alone ("so với cùng kỳ quý II/2026") is a point of the comparison, not
    its range: every period answers.
    """
    spans = named_spans(folded)
    if len(spans) >= 2:
        return Span(min(s.start for s in spans), max(s.end for s in spans), "range")
    return spans[0] if spans and spans[0].kind == "year" else None


# Counted from the newest report (`understand.periods`), not from today.
_THIS_YEAR = re.compile(r"\b(?:nam nay|this year)\b")
# Not "năm trước" ("hằng năm trước ngày 15/12" is a yearly deadline), and not after "so
# với" / "than": "tăng so với năm ngoái" compares two years, it does not pick one.
_LAST_YEAR = re.compile(
    r"(?<!so voi )(?<!compared with )(?<!compared to )(?<!than )"
    r"\b(?:nam ngoai|last year|previous year|the year before)\b"
)


def relative_year(folded: str) -> int | None:
    """0 for "this year", -1 for "last year", None when the question says neither."""
    if _LAST_YEAR.search(folded):
        return -1
    if _THIS_YEAR.search(folded):
        return 0
    return None


# "tháng 5" with no year, not a day's date ("ngày 5 tháng 5") nor "6 tháng đầu năm".
_MONTH_ALONE = re.compile(
    r"(?<!ngay \d )(?<!ngay \d\d )\bthang\s*(\d{1,2})\b(?!\s*(?:/|nam\s+)\s*\d)"
)
_PERIOD_WORDING = re.compile(
    rf"\bthang\s*\d{{1,2}}\s*(?:/|nam\s+)\s*\d{{4}}\b|\b(?:{'|'.join(MONTHS)}) \d{{4}}\b"
    rf"|{_MONTH_ALONE.pattern}|{_THIS_YEAR.pattern}|{_LAST_YEAR.pattern}"
)


def period_wording(folded: str) -> tuple[str, ...]:
    """The words that write a month or a relative year ("thang", "5/2026", "ngoai").

    When the library turns them into a filter they are no longer words to find: the
    report's period is in its title, not in the sentence that answers.
    """
    return tuple(
        dict.fromkeys(token for m in _PERIOD_WORDING.finditer(folded) for token in tokens(m[0]))
    )


def month_alone(folded: str) -> int | None:
    """A month the question writes without its year ("tỷ lệ tháng 5?"), 1-12, or None."""
    match = _MONTH_ALONE.search(folded)
    month = int(match.group(1)) if match else 0
    return month if 1 <= month <= 12 else None


def named_month(folded: str) -> Span | None:
    """The first month with its year the question names ("tháng 5/2026", "May 2026")."""
    return next((span for span in named_spans(folded) if span.kind == "month"), None)


def named_doc_types(folded: str) -> set[str]:
    """Every document type a folded question names, anywhere ("ai ký báo cáo …")."""
    return {_TYPE_BY_WORD[word] for word in re.findall(rf"\b({_TYPE_WORDS})\b", folded)}


def _stored(word: str, doc_types: Sequence[str]) -> tuple[str, ...]:
    wanted = fold(_TYPE_BY_WORD[word])
    return tuple(kind for kind in doc_types if fold(kind) == wanted)
