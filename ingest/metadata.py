"""Report metadata by rules: number, date, document type, title, issuer, commune, period, signer.

The header of a Vietnamese administrative document has a fixed vocabulary ("Số: …",
"<place>, ngày … tháng … năm …", a document type in capitals, then the title), but any
field may be blank or missing, so every rule has a fallback in the body or closing block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.folding import fold
from ingest.header import (
    Issuer,
    header_cells,
    issuer_from_code_or_closing,
    number_code,
    parse_date,
    parse_issuer,
    parse_number,
    record_fields,
)
from ingest.normalize import Paragraph
from ingest.numbering import parse_marker
from ingest.periods import YEAR_WRITTEN
from ingest.tones import place_tone_marks
from ingest.types import ReportMetadata
from ingest.units import LOCAL_KINDS, MAX_NAME_WORDS, unit_mentions

DOC_TYPES = (
    "Báo cáo", "Thông báo", "Nghị quyết", "Kế hoạch", "Tờ trình", "Quyết định", "Kết luận",
    "Chương trình", "Công văn", "Biên bản", "Hướng dẫn", "Đề án", "Chỉ thị", "Quy chế",
    "Công điện", "Giấy mời",
)  # fmt: skip
_DOC_TYPE_BY_FOLD = {fold(name): name for name in DOC_TYPES}
_DOC_TYPE_BY_CODE = {
    "BC": "Báo cáo", "TB": "Thông báo", "NQ": "Nghị quyết", "KH": "Kế hoạch",
    "TTR": "Tờ trình", "QĐ": "Quyết định", "KL": "Kết luận", "CTR": "Chương trình",
    "CV": "Công văn", "BB": "Biên bản", "HD": "Hướng dẫn", "CT": "Chỉ thị",
}  # fmt: skip
_PERSON_NAME = re.compile(r"^(?:[A-ZĐ][^\W\d_]*\s){1,4}[A-ZĐ][^\W\d_]*$")
# The periods a title may name; the first one written is the report's ("nhiệm vụ quý III
# và nhiệm vụ trọng tâm quý IV năm 2025" reports on quý III, plans quý IV). A quarter or
# half written without its year takes the next year written ("quý III, năm 2025").
_DAY = r"\d{1,2}/\d{1,2}(?:/\d{4})?"
_PERIODS = (
    re.compile(
        rf"\btuần\b[^.;]{{0,20}}?\btừ\s+(?:ngày\s+)?(?P<d1>{_DAY})\s*(?:-|–|đến)\s*"
        r"(?:ngày\s+)?(?P<d2>\d{1,2}/\d{1,2}/(?P<y>\d{4}))",
        re.I,
    ),
    re.compile(r"\bquý\s+(?P<q>IV|I{1,3}|[1-4])\b(?:\s*(?:/|,?\s*năm\s+)(?P<y>\d{4}))?", re.I),
    re.compile(
        r"\b(?P<n>6|06|9|09)\s+tháng\s+(?P<half>đầu|cuối)\b(?:\s+năm\s+(?P<y>\d{4}))?", re.I
    ),
    re.compile(r"\btháng\s+(?P<m>\d{1,2})\b(?:[^.;]{0,60}?(?:/|năm\s+)(?P<y>\d{4}))?", re.I),
    re.compile(r"\bnăm\s+(?P<y>\d{4})", re.I),
)
_MAX_TITLE_CHARS = 220
MAX_TYPE_LINE_CHARS = 60
MAX_HEADER_PARAGRAPHS = 30
_HEADER_FIELD = re.compile(r"ngày\s*\d{0,2}\s*tháng\s*\d{1,2}\s*năm|^Số\s*:?\s*[\d/-]")
_BODY_OPENERS = ("Thực hiện", "Căn cứ", "Kính gửi", "Ngày ", "Sau khi", "Hôm nay")
_NUMBER_LINE = re.compile(r"^Số\b", re.I)
_MOTTO = re.compile(r"Độc lập\s*-\s*Tự do|CỘNG HÒA|CỘNG HOÀ", re.I)


@dataclass(frozen=True, slots=True)
class HeaderSplit:
    """Where the header ends and which of its paragraphs are the type and the title."""

    end: int
    doc_type_index: int | None
    title_indices: tuple[int, ...]
    first_marker: int = 0


def split_header(paragraphs: Sequence[Paragraph]) -> HeaderSplit:
    """Find the document type line and the title after it; the body starts after them."""
    first_marker = next(
        (i for i, p in enumerate(paragraphs) if p.kind == "paragraph" and _is_heading_marker(p)),
        len(paragraphs),
    )
    type_index = next((i for i in range(first_marker) if doc_type_of(paragraphs[i].text)), None)
    if type_index is None:
        breaks = [i for i in range(min(first_marker, 20)) if paragraphs[i].kind == "break"]
        subject = _letter_subject(paragraphs, first_marker)
        return HeaderSplit(breaks[0] + 1 if breaks else 0, None, subject, first_marker)
    titles: list[int] = []
    end = type_index + 1
    for index in range(type_index + 1, first_marker):
        text = paragraphs[index].text
        if paragraphs[index].kind == "break":
            end = index + 1
            break
        if text.startswith("(") or _is_header_field(text):
            end = index + 1  # "(Phục vụ Hội nghị …)" or a date line: still header
            continue
        if _is_title_line(text, titles, index, type_index):
            titles.append(index)
            end = index + 1
            continue
        break
    return HeaderSplit(end, type_index, tuple(titles), first_marker)


def _letter_subject(paragraphs: Sequence[Paragraph], first_marker: int) -> tuple[int, ...]:
    """A letter's subject lines (trích yếu), which stand under its number ("Số 12-CV/ĐU").

    A công văn has no type line: its title is "V/v …" or a plain phrase ("Mời dự Hội
    nghị …") printed in the number's column, up to the motto, the date or "Kính gửi".
    """
    limit = min(first_marker, MAX_HEADER_PARAGRAPHS)
    number = next((i for i in range(limit) if _NUMBER_LINE.match(paragraphs[i].text.strip())), None)
    if number is None:
        return ()
    lines: list[int] = []
    for index in range(number + 1, limit):
        text = paragraphs[index].text.strip()
        if not text and not lines:
            continue
        # "Thực hiện chế độ …" opens a body, but right under the number it is the subject.
        if not _is_subject_line(text, is_first=not lines):
            break
        lines.append(index)
    return tuple(lines)


def _is_subject_line(text: str, *, is_first: bool) -> bool:
    return (
        bool(text)
        and not text.isupper()
        and len(text) <= _MAX_TITLE_CHARS
        and not _HEADER_FIELD.search(text)
        and not _MOTTO.search(text)
        and not text.startswith("Kính gửi")
        and (is_first or not text.startswith(_BODY_OPENERS))
    )


def _is_header_field(text: str) -> bool:
    return len(text) <= MAX_TYPE_LINE_CHARS * 2 and bool(_HEADER_FIELD.search(text))


def _is_title_line(text: str, titles: list[int], index: int, type_index: int) -> bool:
    if len(text) > _MAX_TITLE_CHARS or text.startswith(_BODY_OPENERS) or text.endswith("."):
        return False
    if _HEADER_FIELD.search(text):
        return False  # a date or number line printed under the title
    return index == type_index + 1 or (bool(titles) and titles[-1] == index - 1)


def _is_heading_marker(paragraph: Paragraph) -> bool:
    marker = parse_marker(paragraph.text)
    return marker is not None and marker.kind != "letter"


def doc_type_of(line: str) -> str | None:
    """'BÁO CÁO' -> 'Báo cáo' for a capitalised type line ("NGHỊ QUYẾT CỦA BAN …" too)."""
    text = line.strip(" :*#")
    if not text.isupper() or len(text) > MAX_TYPE_LINE_CHARS:
        return None
    key = fold(text)
    for folded, name in _DOC_TYPE_BY_FOLD.items():
        if key == folded or key.startswith(folded + " "):
            return name
    return None


def extract_metadata(
    paragraphs: Sequence[Paragraph],
    header: HeaderSplit,
    *,
    body_text: str,
    closing: Sequence[Paragraph] = (),
    running: Sequence[str] = (),
) -> ReportMetadata:
    """Metadata from the header paragraphs, the body text and the closing block.

    `running` holds the running headers/footers removed from the pages; they may be
    the only place that names the issuing body.
    """
    head_count = min(max(header.end, header.first_marker), MAX_HEADER_PARAGRAPHS)
    head_lines = [p.text for p in paragraphs[:head_count] if p.text and p.kind != "footnote"]
    closing_texts = [p.text for p in closing]
    header_lines = [p.text for p in paragraphs[: header.end] if p.text] or head_lines
    # The header's own date first: a preamble's "Ngày 23 tháng 4 …" dates a meeting.
    date, place = parse_date(header_lines)
    if date is None:
        date, _ = parse_date(closing_texts)  # some reports date the signature instead
    issuer = parse_issuer(header_cells(head_lines))
    if issuer.body is None:
        issuer = parse_issuer(header_cells(running))
    kind, found = find_unit(issuer, body_text, place=place)
    # One tone-mark spelling, so "Hòa Bình" and "Hoà Bình" are the same unit everywhere.
    commune = place_tone_marks(found) if found else None
    code = number_code("\n".join(head_lines))
    issuer_body = issuer.body or issuer_from_code_or_closing(code, closing_texts)
    metadata = _assemble(
        paragraphs,
        header,
        unit=(kind, commune),
        issuer_body=issuer_body,
        code=code,
        date=date,
        closing=closing,
        body_text=body_text,
    )
    return _with_record(metadata, [p.text for p in paragraphs[:MAX_HEADER_PARAGRAPHS]])


def _with_record(metadata: ReportMetadata, lines: Sequence[str]) -> ReportMetadata:
    """`metadata` with what a digitised record's field lines state outright.

    Its issuer as named; the title and signer where the header gave none (a record
    writes "Không thấy rõ" for a signer it could not read: not a name, so not taken).
    """
    fields = record_fields(lines)
    signer = fields.get("signer", "")
    return replace(
        metadata,
        issuer=fields.get("issuer") or metadata.issuer,
        title=metadata.title or fields.get("title"),
        signer=metadata.signer or (signer if _PERSON_NAME.match(signer) else None),
    )


def _assemble(
    paragraphs: Sequence[Paragraph],
    header: HeaderSplit,
    *,
    unit: tuple[str | None, str | None],
    issuer_body: str | None,
    code: str | None,
    date: str | None,
    closing: Sequence[Paragraph],
    body_text: str,
) -> ReportMetadata:
    head_lines = [p.text for p in paragraphs[: max(header.end, header.first_marker)]]
    title = _title(paragraphs, header)
    kind, commune = unit
    written = " ".join(part for part in (kind, commune) if part)
    issuer = f"{issuer_body} {written}" if issuer_body and commune else None
    return ReportMetadata(
        commune=commune,
        unit_kind=kind,
        doc_type=_doc_type(paragraphs, header, code),
        number=parse_number("\n".join(head_lines[:MAX_HEADER_PARAGRAPHS])),
        date=date,
        issuer=issuer or issuer_body,
        signer=find_signer(closing) or find_signer(_signature_in_body(paragraphs)),
        title=title,
        period=find_period(title or "", year=date[:4] if date else None)
        or find_period(body_text[:3000], strict=True),
    )


def _title(paragraphs: Sequence[Paragraph], header: HeaderSplit) -> str | None:
    lines = [paragraphs[i].text for i in header.title_indices]
    # "CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ" under the type belongs to it; an all-caps title stays.
    kept = [line for line in lines if not line.isupper()] or lines
    title = " ".join(" ".join(kept).split())
    return title or None


def _doc_type(paragraphs: Sequence[Paragraph], header: HeaderSplit, code: str | None) -> str | None:
    if header.doc_type_index is not None:
        return doc_type_of(paragraphs[header.doc_type_index].text)
    for part in re.split(r"[-/]", code or ""):
        if part.upper() in _DOC_TYPE_BY_CODE:
            return _DOC_TYPE_BY_CODE[part.upper()]
    return None


def find_unit(
    issuer: Issuer, body_text: str, *, place: str | None = None
) -> tuple[str | None, str | None]:
    """(kind, name) of the report's unit, the name spelled as the body spells it.

    The issuing body ("UBND PHƯỜNG SA ĐÉC", "UBND HUYỆN …") is trusted; the `place` of
    the date line only when the body writes it as a unit ("xã Quan Sơn"), since reports
    may be dated from a town. Otherwise the commune-level unit the body names most
    ("Xã Hùng Sơn được thành lập …"), else the place with its kind unknown.
    """
    mentions = [unit for unit, _ in unit_mentions(body_text).most_common()]
    if issuer.name:
        # A header cell may run on ("XÃ CÔNG HẢI Có 23 tổ chức …"): the body's spelling
        # of its first words is the name.
        issued = fold(issuer.name) + " "
        runs_on = len(issued.split()) > MAX_NAME_WORDS
        spelled = [
            name
            for _, name in mentions
            if issued == fold(name) + " " or (runs_on and issued.startswith(fold(name) + " "))
        ]
        return issuer.kind, max(spelled, key=len) if spelled else issuer.name
    for kind, name in mentions:
        if place and fold(name) == fold(place):
            return kind, name
    local = [unit for unit in mentions if unit[0] in LOCAL_KINDS]
    if local:
        return local[0]
    return None, place


def find_signer(closing: Sequence[Paragraph]) -> str | None:
    """The last line (or column) of the closing block that reads like a person's name."""
    for paragraph in reversed(closing):
        cells = re.split(r"\s*\|\s*|\s{3,}|[.;:]\s+", paragraph.text.strip())
        for cell in reversed(cells):
            name = cell.strip(" .")
            if _PERSON_NAME.match(name) and not name.isupper() and not name.startswith("Nơi"):
                return name
    return None


# Lines after "Nơi nhận:" in which a signature block is looked for: the recipients, the
# capacity ("T/M BAN THƯỜNG VỤ", "BÍ THƯ") and the name.
MAX_SIGNATURE_LINES = 25


def _signature_in_body(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """The signature block of a document whose annex follows it (so no closing was cut).

    "Nơi nhận:", the recipients ("- …"), then the capacity and the name; the annex
    ("ĐỀ CƯƠNG …") after them is left out.
    """
    starts = [i for i, p in enumerate(paragraphs) if p.text.lstrip(" *").startswith("Nơi nhận")]
    if not starts:
        return []
    block: list[Paragraph] = []
    for paragraph in paragraphs[starts[-1] + 1 : starts[-1] + 1 + MAX_SIGNATURE_LINES]:
        block.append(paragraph)
        if _PERSON_NAME.match(paragraph.text.strip(" .*")) and not paragraph.text.isupper():
            break
    return block


def find_period(text: str, *, year: str | None = None, strict: bool = False) -> str | None:
    """The first period a title writes: 'quý I/2026', 'tháng 5/2026' or 'năm 2025'.

    Also '6 tháng đầu năm 2026' and weeks ('tuần 15/10/2025 - 22/10/2025').

    `year` (from the document date) completes a period printed without one; `strict`
    skips the bare "năm 2025", too common in a body to name the period.
    """
    patterns = _PERIODS[:-1] if strict else _PERIODS
    found = sorted(
        (match.start(), order, match)
        for order, pattern in enumerate(patterns)
        for match in pattern.finditer(text)
    )
    for _, _, match in found:
        period = _period_text(match.groupdict(), _year_after(text, match) or year)
        if period is not None:
            return period
    return None


def _year_after(text: str, match: re.Match[str]) -> str | None:
    """The match's own year, else the next year written after it."""
    if match.groupdict().get("y"):
        return match.group("y")
    later = YEAR_WRITTEN.search(text, match.end())
    return later.group() if later and later.start() - match.end() < 40 else None


def _period_text(groups: dict[str, str | None], year: str | None) -> str | None:
    if groups.get("d1"):
        first, last = groups["d1"] or "", groups["d2"] or ""
        first = first if first.count("/") == 2 else f"{first}/{year}"
        return f"tuần {first} - {last}"
    if not year:
        return None
    if groups.get("q"):
        return f"quý {(groups['q'] or '').upper()}/{year}"
    if groups.get("half"):
        return f"{int(groups['n'] or 6)} tháng {(groups['half'] or '').lower()} năm {year}"
    if groups.get("m"):
        return f"tháng {int(groups['m'] or 0)}/{year}"
    return f"năm {year}"
