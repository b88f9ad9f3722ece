"""Document-type and period words of a question turned into search filters.

"trong báo cáo tháng 5/2026" -> doc type "Báo cáo", May 2026; the types are the stored
ones, so a word the index does not use filters nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.types import SearchFilters
from ingest import fold

_DOC_WORDS = {
    "bao cao": "bao cao",
    "thong bao": "thong bao",
    "nghi quyet": "nghi quyet",
    "ke hoach": "ke hoach",
    "report": "bao cao",
    "notice": "thong bao",
    "announcement": "thong bao",
    "resolution": "nghi quyet",
    "plan": "ke hoach",
}
_DOC_MENTION = re.compile(
    r"\b(?:trong|theo|tai|cua|in|according to|from)(?: the| ban| van ban)? "
    r"(bao cao|thong bao|nghi quyet|ke hoach|report|notice|announcement|resolution|plan)\b"
    r"(?:[^?]{0,12}?\b(?:thang|month of)?\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})|[^?]{0,12}?\b(\d{4}))?"
)


def question_filters(
    folded: str, doc_types: Sequence[str], *, is_list: bool = False
) -> SearchFilters:
    """Filters for the document a folded question names ("theo báo cáo tháng 5/2026")."""
    match = _DOC_MENTION.search(folded)
    # "Những xã nào … trong báo cáo?" means the reports in general: a list or comparison
    # looks in every document unless a period names one.
    if not match or (is_list and not (match.group(2) or match.group(4))):
        return SearchFilters()
    wanted = _DOC_WORDS[match.group(1)]
    stored = tuple(kind for kind in doc_types if fold(kind) == wanted)
    date_from = date_to = None
    if match.group(2) and match.group(3):
        month = int(match.group(2))
        if 1 <= month <= 12:
            date_from = f"{match.group(3)}-{month:02d}"
            date_to = f"{date_from}-31"
    elif match.group(4):
        date_from, date_to = match.group(4), f"{match.group(4)}-12-31"
    return SearchFilters(doc_types=stored, date_from=date_from, date_to=date_to)
