"""Vietnamese administrative numbering: "Phần I", "Chương 2", "II.", "1.4.1.", "a)", bullets.

A `Marker` says where a line sits in the hierarchy: its `label` as printed (without the
trailing dot) and a `rank` (smaller = higher up). Arabic numbers rank by depth, so
"1.4.1." sits under "1.4." which sits under "1.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RANK_PART, RANK_CHAPTER, RANK_SECTION, RANK_ARTICLE = 0, 1, 2, 3
RANK_PART_LETTER, RANK_ROMAN = 4, 5  # "A. TÌNH HÌNH CHUNG" groups Roman sections
RANK_LETTER = 20

_NAMED = re.compile(
    r"^(?P<word>Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+"
    r"(?P<num>thứ\s+\w+|THỨ\s+\w+|[IVXLC]{1,6}|\d{1,3})\s*[.:\-–]?\s*(?P<rest>.*)$"
)
_NAMED_RANKS = {"phần": RANK_PART, "chương": RANK_CHAPTER, "mục": RANK_SECTION}
_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,7})\s*(?:[.):]|\s[-–])\s*(?P<rest>.+)$")
_ARABIC = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?:(?P<dot>[.)])\s*|\s+)(?P<rest>.+)$")
_LETTER = re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<rest>\S.*)$")
_LETTER_DOT = re.compile(r"^(?P<num>[a-zđ])\.\s+(?P<rest>\S.*)$")
_PART_LETTER = re.compile(r"^(?P<num>[A-HJ-KM-UWYZĐ])\.\s+(?P<rest>\S.*)$")
# "Biểu 01", "PHỤ LỤC 02", "Phụ lục số 3: DANH MỤC …": a table or appendix heading alone on
# its line ("Phụ lục 02 kèm theo Quy định này." is a sentence that cites one).
_APPENDIX = re.compile(
    r"^(?P<word>Phụ lục|PHỤ LỤC|Biểu mẫu|BIỂU MẪU|Biểu|BIỂU)"
    r"(?:\s+(?:(?:số|SỐ)\s+)?(?P<num>[IVXLC]{1,6}|\d{1,3}[a-z]?))?"
    r"(?:\s*[.:\-–]\s*(?P<rest>\S.*))?$"
)
BULLET = re.compile(r"^[-*+•–—]\s*(?=\S)")
_VALID_ROMAN = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering prefix found at the start of a line."""

    kind: str  # part | chapter | section | article | part_letter | roman | arabic | letter
    label: str
    rank: int
    rest: str


def parse_marker(line: str) -> Marker | None:
    """Recognise a numbering prefix; None for body text, bullets and wrapped numbers.

    >>> parse_marker("1.4.1. Chỉ đạo phát triển kinh tế").label
    '1.4.1'
    >>> parse_marker("2.659.682 triệu đồng") is None
    True
    """
    text = line.strip()
    named = _NAMED.match(text)
    if named and _named_ok(named):
        word = named["word"].lower()
        rank = _NAMED_RANKS.get(word, RANK_ARTICLE)
        label = f"{named['word'].capitalize()} {named['num']}"
        return Marker(word_kind(word), label, rank, named["rest"].strip())
    roman = _ROMAN.match(text)
    if roman and _VALID_ROMAN.match(roman["num"]) and starts_upper(roman["rest"]):
        return Marker("roman", roman["num"], RANK_ROMAN, roman["rest"].strip())
    arabic = _ARABIC.match(text)
    if arabic and (arabic["dot"] == "." or "." in arabic["num"]) and starts_upper(arabic["rest"]):
        depth = arabic["num"].count(".") + 1
        return Marker("arabic", arabic["num"], RANK_ROMAN + depth, arabic["rest"].strip())
    letter = _LETTER.match(text) or _LETTER_DOT.match(text)
    if letter and (letter.re is _LETTER or starts_upper(letter["rest"])):
        return Marker("letter", letter["num"], RANK_LETTER, letter["rest"].strip())
    part = _PART_LETTER.match(text)
    if part and starts_upper(part["rest"]):
        return Marker("part_letter", part["num"], RANK_PART_LETTER, part["rest"].strip())
    return None


def parse_appendix(line: str) -> Marker | None:
    """A table or appendix heading ("Biểu 01", "PHỤ LỤC 02: …"), labelled as printed.

    >>> parse_appendix("PHỤ LỤC 02").label
    'Phụ lục 02'
    >>> parse_appendix("Phụ lục 02 kèm theo Quy định này.") is None
    True
    """
    match = _APPENDIX.match(line.strip())
    if match is None or (match["rest"] and not starts_upper(match["rest"])):
        return None
    word = match["word"].capitalize() if match["word"].isupper() else match["word"]
    label = f"{word} {match['num']}" if match["num"] else word
    return Marker("appendix", label, RANK_PART, (match["rest"] or "").strip())


def word_kind(word: str) -> str:
    return {"phần": "part", "chương": "chapter", "mục": "section"}.get(word, "article")


def _named_ok(match: re.Match[str]) -> bool:
    # "Mục tiêu ..." and "Điều chỉnh ..." are words, not numbering: require a number.
    num = match["num"]
    return num.isdigit() or bool(_VALID_ROMAN.match(num)) or num.lower().startswith("thứ")


def starts_upper(text: str) -> bool:
    """True when the first letter (after opening quotes/brackets) is a capital."""
    stripped = text.lstrip("\"“‘'([*")
    return bool(stripped) and stripped[0].isupper()


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line.strip()))
