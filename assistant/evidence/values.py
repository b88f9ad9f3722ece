"""Values in a sentence: quantities, dates, clock times, people, places, document numbers.

An answer to "bao nhiêu / khi nào / lúc mấy giờ / ai / ở đâu / theo nghị quyết nào" leads
with a value taken verbatim from the quoted sentence (which one: `value_choice`). The
patterns read Vietnamese administrative
writing ("08 giờ 00", "16h00", "ngày 03/10/2025", "đồng chí Nguyễn Văn A", "tại Hội
trường UBND xã", "Nghị quyết số 105/NQ-CP").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.evidence.people import person_spans, role_spans
from assistant.understand.answer_type import AnswerType

_DAY_MONTH_YEAR = r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE = re.compile(
    rf"(?<![\d/]){_DAY_MONTH_YEAR}(?![\d/])"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
    r"|(?:tháng|quý)\s+(?:\d{1,2}|[IV]{1,3})\s*(?:/|năm\s+)\d{4}",
    re.IGNORECASE,
)
# "15/12" without a year is a date after a word of time ("trước ngày 05/12", "từ 01/7 -
# 30/9"); otherwise a share: "xã đạt 4/10 tiêu chí", "xếp thứ 64/65".
_DAY_MONTH = re.compile(rf"(?<![\d/.,]){_DAY}/{_MONTH}(?![\d/]|[.,]\d)")
_TIME_WORD = re.compile(r"(?:ngày|mùng|từ|đến|trước|sau|hạn|hôm|[-–])\s*$", re.IGNORECASE)
_TIME = re.compile(
    r"(?<![\d/.,])\d{1,2}\s?(?:giờ|h(?![^\W\d_]))\s?\d{0,2}(?:\s?(?:phút|’+|'+|”|\"))?(?![\d/])",
    re.IGNORECASE,
)
# Letters carrying a tone mark: digitisation drops the space after them ("dư nợ26.664").
_TONED = "".join(
    sorted(
        ch
        for code in range(0xC0, 0x1EFA)
        if (ch := chr(code)).isalpha()
        and set(unicodedata.normalize("NFD", ch)) & set("\u0300\u0301\u0303\u0309\u0323")
    )
)
# A figure may be glued to its noun in digitised text ("200hộ/800 khẩu", "41hồ sơ"), or
# to the word before it when that ends in a tone mark ("nợ26.664", "thứ64/65"); after any
# other letter it is part of a code ("H5N1", "BML-10").
_NUMBER = re.compile(
    rf"(?:(?<![\w.,-])|(?<=[{_TONED}]))(?<!\d/)\d+(?:[.,]\d+)*"
    # "13,76%/14,73%" is two rates; "64/65" one figure; "17/12/2025" not a figure at all.
    r"(?:\s?%(?![\d_-]|[.,]\d)|(?:/\d+(?:[.,]\d+)*)?(?![\d_/-]|[.,]\d))"
)
# "6 tháng đầu năm", "tháng 5", "quý II", "năm 2026", "lần thứ 2": when, not how many.
# "năm" takes a year only: "6 tháng đầu năm 700 tấn" counts 700 tonnes.
_PERIOD = re.compile(
    r"\d+\s+(?:tháng|năm|quý)\b|\b(?:tháng|quý)\s+\d{1,2}(?!\d)|\bnăm\s+\d{4}(?!\d)"
    r"|\b(?:lần thứ|khóa|khoá|kỳ|số)\s+\d+",
    re.IGNORECASE,
)
# A word and the Roman numeral after it ("loại I", "khóa XIII"): a figure when asked.
_ROMAN_AFTER = re.compile(r"\b([^\W\d_]+)\s+([IVXLC]{1,6})(?![\w-])")
# A footnote or list mark, "(2)" or "sao(5)": not a figure.
_MARK = re.compile(r"\(\d{1,2}\)")
_DOCUMENT = re.compile(r"(?<![\w/-])\d+[a-z]?(?:[-/][^\W\d_]{1,10}){1,4}(?![\w-])")
_PLACE = re.compile(r"(?:tại|ở|Địa điểm|địa điểm)\s*:?\s+([^.;,()\n]{3,80})")


_DIGIT = re.compile(r"\d")
# Kinds every pattern of which needs a digit (a Roman numeral counts only when a question
# marks it, which `find_values` never does).
_WRITTEN_WITH_DIGITS = frozenset({"quantity", "date", "time", "document"})


@dataclass(frozen=True, slots=True)
class Value:
    """A value as written in the sentence, where it starts and ends, and its kind."""

    text: str
    start: int
    end: int
    kind: AnswerType


# Passages whose figures are kept: a list question over 1,000 units reads ~6,000.
QUANTITY_CACHE = 8192


def find_values(text: str, kinds: Iterable[AnswerType]) -> list[Value]:
    """Every value of the asked `kinds` in `text`, in text order."""
    found: list[Value] = []
    has_digit = _DIGIT.search(text) is not None
    for kind in kinds:
        # Most sentences hold no figure: their look for one ends at the first test.
        if has_digit or kind not in _WRITTEN_WITH_DIGITS:
            found.extend(values_of(text, kind))
    return sorted(found, key=lambda value: value.start)


def values_of(text: str, kind: AnswerType, *, marks: tuple[str, ...] = ()) -> list[Value]:
    """The values of `kind` in `text`.

    `marks` are the folded words a question writes beside the figure it asks ("bao nhiêu
    năm", "số mấy"): "43 năm" and "số 13" are then figures, not a period and a label.
    """
    if kind == "date":
        return [_value(m, kind) for m in _dates(text)]
    if kind == "time":
        return [_value(m, kind) for m in _TIME.finditer(text)]
    if kind == "document":
        return [_value(m, kind) for m in _DOCUMENT.finditer(text)]
    if kind == "quantity":
        return list(_quantities(text, marks))
    if kind == "person":
        return [Value(text[start:end], start, end, kind) for start, end in person_spans(text)]
    if kind == "place":
        return [
            Value(m.group(1).strip(), m.start(1), m.start(1) + len(m.group(1).strip()), kind)
            for m in _PLACE.finditer(text)
        ]
    return []


def roles_of(text: str) -> list[Value]:
    """Titles and offices standing for who acts where no one is named (`role_spans`)."""
    return [Value(text[start:end], start, end, "person") for start, end in role_spans(text)]


def _dates(text: str) -> list[re.Match[str]]:
    dates = list(_DATE.finditer(text))
    for match in _DAY_MONTH.finditer(text):
        is_inside = any(d.start() <= match.start() < d.end() for d in dates)
        if not is_inside and _TIME_WORD.search(text, max(0, match.start() - 12), match.start()):
            dates.append(match)
    return sorted(dates, key=lambda match: match.start())


# Selection asks whether a passage holds a figure, then compose reads its figures again:
# a list of 1,000 units reads each passage's figures twice or three times (~0.1 ms each).
@functools.lru_cache(maxsize=QUANTITY_CACHE)
def _quantities(text: str, marks: tuple[str, ...]) -> tuple[Value, ...]:
    """Figures that are not part of a date, a clock time, a period or a document number."""
    taken = [(m.start(), m.end()) for m in _dates(text)] + [
        (m.start(), m.end())
        for pattern in (_TIME, _PERIOD, _DOCUMENT, _MARK)
        for m in pattern.finditer(text)
        if not (pattern is _PERIOD and _is_asked(m.group(), marks))
    ]
    figures = [
        _value(m, "quantity")
        for m in _NUMBER.finditer(text)
        if not any(start <= m.start() < end for start, end in taken) and not _is_year(m.group())
    ]
    # "loại mấy" / "khóa mấy": the Roman numeral after that word, with it ("loại I").
    roman = [
        Value(m.group(), m.start(), m.end(), "quantity")
        for m in _ROMAN_AFTER.finditer(text)
        if fold_chars(m.group(1)) in marks
    ]
    return tuple(sorted([*figures, *roman], key=lambda value: value.start))


def _is_asked(period: str, marks: tuple[str, ...]) -> bool:
    """'43 năm' when years are counted, 'số 13' when "số mấy" is asked."""
    words = fold_chars(period).split()
    beside = words[-1] if words[0][:1].isdigit() else words[-2] if len(words) > 1 else ""
    return beside in marks


def _value(match: re.Match[str], kind: AnswerType) -> Value:
    return Value(match.group().strip(), match.start(), match.end(), kind)


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def concept_spans(text: str, phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where the asked-about phrases (folded, any of each tuple) occur in `text`."""
    folded = fold_chars(text)
    spans: list[tuple[int, int]] = []
    for alternatives in phrases:
        for phrase in alternatives:
            words = phrase.split()
            if not words:
                continue
            pattern = r"(?<!\w)" + r"\W+".join(re.escape(word) for word in words) + r"(?!\w)"
            spans.extend((m.start(), m.end()) for m in re.finditer(pattern, folded))
    return spans


def fold_chars(text: str) -> str:
    """Lower-case, diacritics removed, one character for one: positions stay valid."""
    return text.translate(_ONE_FOR_ONE)


class _OneForOne(dict[int, str]):
    """Each character's one-character fold, made on first sight (a str.translate table).

    A superlative over a province folds every unit's sentences: a table lookup per
    character instead of a normalisation.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = "d" if char in "đĐ" else unicodedata.normalize("NFD", char)[:1].lower()
        self[code] = base if len(base) == 1 else char
        return self[code]


_ONE_FOR_ONE = _OneForOne()


def is_specific(value: Value) -> bool:
    """False for a date naming only its month or quarter ("tháng 10/2025", "quý I/2026").

    A letter's date line ("ngày   tháng 10 năm 2025", the day left blank) answers no
    "ngày nào?".
    """
    return value.kind != "date" or not value.text.lower().startswith(("tháng", "quý"))
