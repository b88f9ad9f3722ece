"""Header facts: the document a question is about, the fact, and the line it is written on.

For "Ai ký báo cáo …?" the parsed metadata already holds the answer (signer, number,
date, issuing body); what is chosen here is *which* report (the one whose passages the
evidence model ranks highest among the named unit and document type) and the header or
closing line that prints the fact, so the answer quotes and cites it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.corpus import Corpus
from assistant.evidence.scoring import Evidence, ScoredEvidence
from assistant.passages import Passage
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.doc_filters import named_doc_types
from assistant.understand.glossary import MONTHS
from assistant.understand.header_fields import ASKS_CODE, ASKS_MONTH, HeaderField
from ingest import fold
from ingest.header import number_code, record_field
from ingest.types import CLOSING_LABELS, HEADER_LABELS, ReportMetadata

_PLACE_DATE = re.compile(r"(?:^|\s)[A-ZĐ][^\d,]{1,40},\s*ngày", re.IGNORECASE)
# Passages of a letter's unnumbered opening searched for its number and date line.
MAX_LETTER_HEADER = 8
# Passages from "Nơi nhận" on that hold a signature block (recipients, capacity, name).
MAX_SIGNATURE_PASSAGES = 30
# Recipients quoted at most (a "Nơi nhận" list can run to twenty lines).
MAX_RECIPIENTS = 20
_RECIPIENT = re.compile(r"^\s*[-+•]\s*\S")
# "TM. ỦY BAN NHÂN DÂN", "T/M ĐẢNG UỶ", "KT. CHỦ TỊCH": signing on behalf of a body.
_ON_BEHALF = re.compile(r"^(?:T/M|T/L|K/T|TM|TL|KT|TUQ|Q)\.?\s")
MAX_ROLE_CHARS = 60
# An issuing body's line starts with the body ("UBND PHƯỜNG …"), unlike "Số: 12/BC-UBND".
_BODY_LINE = re.compile(
    r"^\W*(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HĐND|ĐẢNG (?:ỦY|UỶ|BỘ)|BAN CHẤP HÀNH|BAN THƯỜNG VỤ)",
    re.I,
)
# A digital-signature stamp: "ĐẢNG UỶ XÃ … 21-11-2025 15:50:27 +07:00".
_STAMP = re.compile(r"\b(\d{2}-\d{2}-\d{4}) \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}")
_ASKS_STAMP = re.compile(r"\b(?:ky so|digitally signed|digital signature|e-?signed|electronically)")
# A digitised record labels the date "Ngày ban hành: 11/08/2025".
_DATE_LINE = re.compile(
    r"ngày\s*\d{0,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}"
    r"|(?:ngày|[Nn]gày ban hành\s*:)\s*\d{1,2}/\d{1,2}/\d{4}"
)


@dataclass(frozen=True, slots=True)
class HeaderFact:
    """The asked fact of one report, as the answer states it, and the lines that print it.

    `is_blank`: the document has the field but left it blank ("Số -KH/ĐU", "ngày  tháng
    9"): the reports do not say, and no body sentence may stand in for it.
    """

    field: HeaderField
    value: str
    evidence: tuple[Evidence, ...]
    metadata: ReportMetadata

    @property
    def is_blank(self) -> bool:
        return not self.value


# A field the document prints but left blank (as opposed to a field it has not got).
BLANK: tuple[str, list[Passage]] = ("", [])


def select_header(
    analysis: QuestionAnalysis, scored: ScoredEvidence, corpus: Corpus
) -> HeaderFact | None:
    """The header fact `analysis.header_field` of the report the question is about."""
    field = analysis.header_field
    if field is None:
        return None
    report_id = _asked_report(analysis, scored.ranked)
    if report_id is None:
        return None
    passages = corpus.report_passages(report_id)
    if not passages:
        return None
    metadata = passages[0].chunk.metadata  # one report: every passage carries its metadata
    # A letter (công văn) has no type line, so its header lines open the preamble.
    header = [p for p in passages if p.chunk.labels == HEADER_LABELS] or [
        p for p in passages[:MAX_LETTER_HEADER] if not p.chunk.labels
    ]
    # A document whose annex follows its signature has no closing block cut off: its
    # signature block starts at its last "Nơi nhận".
    closing = [p for p in passages if p.chunk.labels == CLOSING_LABELS] or _signature_block(
        passages
    )
    found = _fact(field, metadata, _Parts(header, closing, passages), fold(analysis.text))
    if found == BLANK or (found is None and analysis.communes):
        # A named unit's document without the fact: not in the reports, and no body
        # sentence stands in for it. Unnamed ("Ai ký quyết định tốt nghiệp?") may be a rule.
        return HeaderFact(field, "", (), metadata)
    if found is None or not found[1]:
        return None  # a fact must be quoted from where it is printed
    value, lines = found
    evidence = tuple(Evidence(p, 1.0, frozenset(), 0) for p in lines)
    return HeaderFact(field, value, evidence, metadata)


def _asked_report(analysis: QuestionAnalysis, ranked: Sequence[Evidence]) -> str | None:
    """The report of the best-ranked passage, within the named units, type and month."""
    named_types = named_doc_types(fold(analysis.text))
    months = _named_months(fold(analysis.text))
    wanted = {fold(name) for name in analysis.communes}
    reports = [
        (item.passage.chunk.report_id, item.passage.chunk.metadata)
        for item in ranked
        if not wanted or fold(item.passage.chunk.metadata.commune or "") in wanted
    ]
    # A question naming a document's type or number is about that document: when no
    # indexed report is it ("Kế hoạch số 18-KH/ĐU" cited by another one), the header
    # facts of another report are no answer.
    reports = [
        (report_id, metadata)
        for report_id, metadata in reports
        if (not named_types or metadata.doc_type in named_types)
        and analysis.filters.allows_number(metadata.number)
    ]
    for require_month in (True, False):
        for report_id, metadata in reports:
            date = metadata.date or ""
            if require_month and months and not any(date.startswith(m) for m in months):
                continue
            return report_id
    return None


_MONTH_YEAR = re.compile(r"\bthang (\d{1,2})(?:/| nam )(\d{4})\b")


def _named_months(folded: str) -> set[str]:
    """'tháng 8/2025', 'August 2025' -> {'2025-08'}: the month a document is dated."""
    found = {f"{y}-{int(m):02d}" for m, y in _MONTH_YEAR.findall(folded) if 1 <= int(m) <= 12}
    for index, name in enumerate(MONTHS, 1):
        found |= {f"{y}-{index:02d}" for y in re.findall(rf"\b{name} (\d{{4}})\b", folded)}
    return found


@dataclass(frozen=True, slots=True)
class _Parts:
    """A report's passages: header, closing block, and all of them in document order."""

    header: list[Passage]
    closing: list[Passage]
    every: list[Passage]


def _fact(
    field: HeaderField, metadata: ReportMetadata, parts: _Parts, question: str
) -> tuple[str, list[Passage]] | None:
    if field == "signer":
        return _signer(metadata, parts)
    if field == "recipients":
        return _recipients(parts.closing)
    if field == "number":
        return _number(metadata, parts, asks_code=ASKS_CODE.search(question) is not None)
    if field == "date" and _ASKS_STAMP.search(question):
        return _stamp(metadata, parts)
    if field == "date":
        return _date(metadata, parts, asks_month=ASKS_MONTH.search(question) is not None)
    if field == "title" and metadata.title:
        start = fold(metadata.title)[:30]
        return metadata.title, [p for p in parts.header if start in fold(p.text)][:1]
    if field == "issuer" and metadata.issuer:
        # A record's "Cơ quan ban hành: …" line or a header line writing the issuer as
        # stated, else the header's body lines, the signing body, any line writing it.
        written = fold(metadata.issuer).replace(" ", "")
        lines = (
            _lines_with([p for p in parts.header if record_field(p.text) == "issuer"], written)
            or _lines_with(parts.header, written)
            or [p for p in parts.header if _BODY_LINE.search(p.text)][:2]
            or _signing_body(parts.closing)
            or _lines_with(parts.every, written)
        )
        return (metadata.issuer, lines) if lines else None
    return None


def _number(
    metadata: ReportMetadata, parts: _Parts, *, asks_code: bool
) -> tuple[str, list[Passage]] | None:
    if metadata.number:
        lines = _lines_with(parts.header, fold(metadata.number)) or _lines_with(
            parts.every, fold(metadata.number)
        )
        return (metadata.number, lines) if lines else None
    # "Số -KH/ĐU": the number is blank; only a question about the code is answered.
    numbered = [p for p in parts.header if re.match(r"\s*Số\b", p.text)][:1]
    code = number_code(numbered[0].text) if numbered else None
    if not code:
        return None
    return (code, numbered) if asks_code else BLANK


def _date(
    metadata: ReportMetadata, parts: _Parts, *, asks_month: bool
) -> tuple[str, list[Passage]] | None:
    # "<place>, ngày …" is the document's date; other dated lines cite other documents.
    dated = [p for p in parts.header if _DATE_LINE.search(p.text)]
    lines = (
        [p for p in dated if _PLACE_DATE.search(p.text)]
        or [p for p in dated if record_field(p.text) == "date"]
        or dated
    )[:1]
    match = _DATE_LINE.search(lines[0].text) if lines else None
    if match is None and metadata.date and len(metadata.date) == 10:
        year, month, day = metadata.date.split("-")
        written = re.compile(rf"\b0?{int(day)}/0?{int(month)}/{year}\b")
        lines = [p for p in parts.every if written.search(p.text)][:1]
        match = written.search(lines[0].text) if lines else None
    if match is None or metadata.date is None:
        return None
    # "ngày   tháng 10 năm 2025": the day was left blank; the month still answers.
    is_partial = len(metadata.date) < 10
    return (match.group(0), lines) if asks_month or not is_partial else BLANK


def _signature_block(passages: list[Passage]) -> list[Passage]:
    starts = [i for i, p in enumerate(passages) if fold(p.text).startswith("noi nhan")]
    return passages[starts[-1] : starts[-1] + MAX_SIGNATURE_PASSAGES] if starts else []


def _stamp(metadata: ReportMetadata, parts: _Parts) -> tuple[str, list[Passage]] | None:
    """The date of the digital signature ("ký số"), from the stamp after the signature."""
    stamped = [p for p in parts.every if _STAMP.search(p.text)]
    if not stamped:
        return None
    named = [p for p in stamped if metadata.signer and fold(metadata.signer) in fold(p.text)]
    line = (named or stamped)[0]
    match = _STAMP.search(line.text)
    return (match.group(1), [line]) if match else None


def _signing_body(closing: list[Passage]) -> list[Passage]:
    """'TM. ỦY BAN NHÂN DÂN' in the signature block: the body signed for (no header line).

    Passages split "TM." from the body's name; both are quoted, so they read as printed.
    """
    for at, passage in enumerate(closing):
        if _is_role(passage.text) and _BODY_LINE.search(passage.text):
            before = closing[at - 1] if at else None
            is_cut = before is not None and _ON_BEHALF.match(before.text.strip() + " ")
            return [before, passage] if before is not None and is_cut else [passage]
    return []


def _is_role(text: str) -> bool:
    """A signature block's capacity line: "T/M ĐẢNG UỶ", "CHỦ TỊCH" (short, in capitals)."""
    line = text.strip()
    return bool(_ON_BEHALF.match(line)) or (line.isupper() and len(line) <= MAX_ROLE_CHARS)


def _lines_with(passages: list[Passage], folded_value: str) -> list[Passage]:
    """The line printing a value, the one labelled "Số …" first ("Số: 97 /TB-UBND")."""
    found = [p for p in passages if folded_value in fold(p.text).replace(" ", "")]
    printed = [p for p in found if re.match(r"Số\b", p.text.strip())]
    labelled = [p for p in found if re.match(r"\W*Số\b", p.text.strip())]
    return (printed or labelled or found)[:1]


def _signer(metadata: ReportMetadata, parts: _Parts) -> tuple[str, list[Passage]] | None:
    if not metadata.signer:
        return None
    # The signature block, or where the parser left it (a closing it did not recognise).
    for lines in (parts.closing, parts.every):
        named = [i for i, p in enumerate(lines) if fold(metadata.signer) in fold(p.text)]
        if named:
            at = named[-1]
            break
    else:
        return None
    # The capacity printed above the name: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH".
    roles = [p for p in lines[max(0, at - 3) : at] if _is_role(p.text)]
    role = ", ".join(" ".join(p.text.split()) for p in roles)
    value = f"{metadata.signer} ({role})" if role else metadata.signer
    return value, [*roles, lines[at]]


def _recipients(closing: list[Passage]) -> tuple[str, list[Passage]] | None:
    start = next((i for i, p in enumerate(closing) if fold(p.text).startswith("noi nhan")), None)
    if start is None:
        return None
    lines = []
    for passage in closing[start + 1 :]:
        if not _RECIPIENT.match(passage.text):
            break
        lines.append(passage)
    lines = lines[:MAX_RECIPIENTS]
    if not lines:
        return None
    value = "; ".join(p.text.strip(" -+•;,.") for p in lines)
    return value, [closing[start], *lines]
