"""The fixed-vocabulary header lines: issuing body, "Số: …", "<place>, ngày … tháng … năm …".

Headers come as two-column tables (DOCX rows "A | B"), as PDF lines where both columns
ran together ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), or one field per
line. `header_cells` cuts them into single fields and drops the national motto, so each
rule below reads one field at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.folding import fold
from ingest.units import LOCAL_KINDS, MOTTOS, kind_of

_CELL_SPLIT = re.compile(r"\s*\|\s*|\s{3,}|\t+")
# "Số: 12/BC-UBND"; digitised records label it "Số ký hiệu: 01-NQ/ĐH".
_NUMBER_AT = re.compile(r"(?<!\w)Số(?:\s+(?:ký\s+)?hiệu)?\s*:?\s*(?=[\d\s/-])")
_NUMBER_TOKEN = re.compile(r"^[\dA-ZĐ/.\-][\w/.\-]*$")
_DATE_WORDS = re.compile(
    r"ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})\s*năm\s*(?P<year>\d{4})"
)
_DATE_DIGITS = re.compile(
    r"ngày\s*(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})"
)
_PLACE = re.compile(r"([^\W\d_][^\W\d_’'.-]*(?:\s+[^\W\d_][^\W\d_’'.-]*){0,4})\s*,\s*$")
_BODIES = (
    ("uy ban nhan dan", "UBND"),
    ("ubnd", "UBND"),
    ("hoi dong nhan dan", "HĐND"),
    ("hdnd", "HĐND"),
    ("ban chap hanh dang bo", "Đảng ủy"),
    ("dang uy", "Đảng ủy"),
    ("dang bo", "Đảng ủy"),
)
_BODY = re.compile(
    r"^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|BAN CHẤP HÀNH ĐẢNG BỘ|"
    r"ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ)(?:\s+(.*))?$",
    re.IGNORECASE,
)
# "XÃ HỘI" in a run-together motto is not a commune called "Hội"; "THỊ XÃ" before "XÃ".
_LEVEL = re.compile(
    r"^(THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU|HUYỆN|QUẬN|THÀNH PHỐ|TỈNH)\s+(?!HỘI\b)([^\W\d_].*)$",
    re.IGNORECASE,
)
# Digitised archive records list a document's fields one per line ("- Cơ quan ban hành:
# Đại hội đại biểu Đảng bộ …", "- Trích yếu / tiêu đề: …", "- Người ký: …", "- Ngày ban
# hành: 11/08/2025"): the archival field names every Vietnamese document register uses.
_RECORD_FIELD = re.compile(
    r"^\W*(?P<field>Cơ quan ban hành|Trích yếu(?:\s*/\s*tiêu đề)?|Người ký|Ngày ban hành)"
    r"\s*:\s*(?P<value>\S.*?)\s*$",
    re.IGNORECASE,
)
_RECORD_KEYS = {"co quan ban hanh": "issuer", "nguoi ky": "signer", "ngay ban hanh": "date"}
_SIGNATURE_ROLE = re.compile(r"^(?:TM|T/M|TL|T/L|KT|K/T|Q|TUQ)\s*[./]|^(?:CHỦ TỊCH|BÍ THƯ)")


def header_cells(lines: Sequence[str]) -> list[str]:
    """Single header fields: table cells and run-together columns split, mottos removed."""
    cells: list[str] = []
    for line in lines:
        for motto in MOTTOS:
            line = motto.sub("  |  ", line)
        cells.extend(cell.strip() for cell in _CELL_SPLIT.split(line) if cell.strip())
    return cells


def parse_number(text: str) -> str | None:
    """'Số: 97 /TB-UBND' -> '97/TB-UBND'; a blank number ('Số   -BC/ĐU') -> None.

    >>> parse_number("Số: 45/2026/NQ-HĐND Mường Kim, ngày 3 tháng 4 năm 2026")
    '45/2026/NQ-HĐND'
    """
    raw = _number_text(text)
    if not raw or not raw[0].isdigit():
        return None
    return raw if re.search(r"[^\W\d_]", raw) else None


def number_code(text: str) -> str | None:
    """The code after the number, even when the number is blank: 'Số   -BC/ĐU' -> 'BC/ĐU'."""
    raw = _number_text(text)
    code = re.sub(r"^[\d\s./-]+", "", raw or "")
    return code or None


def _number_text(text: str) -> str | None:
    for line in text.splitlines():
        match = _NUMBER_AT.search(line)
        if not match:
            continue
        tokens: list[str] = []
        for token in line[match.end() :].split():
            is_word = tokens and token[0].isupper() and "/" not in token and "-" not in token
            if not _NUMBER_TOKEN.match(token) or is_word:
                break
            tokens.append(token)
        if tokens:
            return "".join(tokens).rstrip(".,;")
    return None


def parse_date(lines: Sequence[str]) -> tuple[str | None, str | None]:
    """(ISO date, place) from '<place>, ngày 19 tháng 6 năm 2026'; partial if day blank."""
    for line in lines:
        match = _DATE_WORDS.search(line) or _DATE_DIGITS.search(line)
        if not match or not 1 <= int(match["month"]) <= 12:
            continue
        iso = f"{match['year']}-{int(match['month']):02d}"
        if match["day"] and 1 <= int(match["day"]) <= 31:
            iso += f"-{int(match['day']):02d}"
        return iso, _place_before(line[: match.start()])
    return None, None


def _place_before(prefix: str) -> str | None:
    """'Số: 12/BC-UBND Mường Kim, ' -> 'Mường Kim' (upper-case codes are not a place)."""
    # "Độc lập - Tự do - Hạnh phúc Bắc Cam Ranh, ngày …": the motto ran into the place.
    cell = header_cells([prefix])[-1] if header_cells([prefix]) else ""
    match = _PLACE.search(cell)
    if not match:
        return None
    words = match.group(1).split()
    while words and ((words[0].isupper() and len(words[0]) > 1) or "-" in words[0]):
        words.pop(0)
    # "Số:.222 /TB-UBND, ngày …" (OCR) has no place: a number line never names one.
    if not words or fold(words[0]) == "so" or not all(w[:1].isupper() for w in words):
        return None
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing body and the unit it belongs to: UBND of phường Sa Đéc."""

    body: str | None = None
    kind: str | None = None
    name: str | None = None


def parse_issuer(cells: Sequence[str]) -> Issuer:
    """Issuer('UBND', 'xã', 'Mường Kim') from 'ỦY BAN NHÂN DÂN' + 'XÃ MƯỜNG KIM'.

    A header names the superior body above the issuer ("ĐẢNG BỘ TỈNH KHÁNH HÒA" over
    "ĐẢNG UỶ XÃ CÔNG HẢI"): the commune-level body wins, a higher one only when alone.
    """
    found: list[Issuer] = []
    for index, cell in enumerate(cells):
        match = _BODY.match(cell)
        if not match:
            continue
        rest = match.group(2) or (cells[index + 1] if index + 1 < len(cells) else "")
        level = _LEVEL.match(rest.strip())
        if level:
            body = dict(_BODIES)[fold(match.group(1))]
            # "XÃ HÙNG SƠN - Báo cáo quý I" (a running header): the name ends at the dash.
            raw = re.split(r"\s[-–]\s|[,(;:]", level.group(2))[0]
            name = " ".join(word.capitalize() for word in raw.split()).strip(" .")
            found.append(Issuer(body, kind_of(level.group(1)), name or None))
    local = [issuer for issuer in found if issuer.kind in LOCAL_KINDS]
    return (local or found or [Issuer()])[0]


def record_fields(lines: Sequence[str]) -> dict[str, str]:
    """A digitised record's labelled fields: {"issuer"|"title"|"signer"|"date": as written}.

    >>> record_fields(["- Cơ quan ban hành: Đảng ủy xã Công Hải", "- Người ký: Lê Văn A"])
    {'issuer': 'Đảng ủy xã Công Hải', 'signer': 'Lê Văn A'}
    """
    fields: dict[str, str] = {}
    for line in lines:
        match = _RECORD_FIELD.match(line.strip())
        if match:
            fields.setdefault(_RECORD_KEYS.get(fold(match["field"]), "title"), match["value"])
    return fields


def record_field(line: str) -> str | None:
    """Which field a record line states ("issuer", "title", "signer", "date"), if any."""
    found = record_fields([line])
    return next(iter(found), None)


def issuer_from_code_or_closing(code: str | None, closing_texts: Sequence[str]) -> str | None:
    """The issuing body from the number's code ('-UBND', '/ĐU') or the signature block."""
    key = fold(code or "")
    if key.endswith("ubnd"):
        return "UBND"
    if key.endswith("hdnd"):
        return "HĐND"
    if key.endswith("du"):
        return "Đảng ủy"
    for text in closing_texts:
        folded = fold(text)
        is_signature = bool(_SIGNATURE_ROLE.match(text))
        if (is_signature and "uy ban" in folded) or "ubnd xa" in folded:
            return "UBND"
        if (is_signature or text.startswith("Trên đây")) and "dang uy" in folded:
            return "Đảng ủy"
    return None
