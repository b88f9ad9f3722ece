"""Values in a sentence: quantities, dates, clock times, people, places, document numbers.

An answer to "bao nhiêu / khi nào / lúc mấy giờ / ai / ở đâu / theo nghị quyết nào" leads
with a value taken verbatim from the quoted sentence (which one: `value_choice`). The
patterns read Vietnamese administrative
writing ("08 giờ 00", "16h00", "ngày 03/10/2025", "đồng chí Nguyễn Văn A", "tại Hội
trường UBND xã", "Nghị quyết số 105/NQ-CP").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.understand.answer_type import AnswerType
from ingest.syllables import glued_parts

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
    rf"(?:(?<![\w.,-])|(?<=[{_TONED}]))(?<!\d/)\d+(?:[.,]\d+)*(?:\s?%|/\d+(?:[.,]\d+)*)?"
    r"(?![\d_/-]|[.,]\d)"
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
_NAME_WORD = r"[A-ZĐ][^\W\d_]*"
_PERSON = re.compile(
    rf"(?:đồng chí|đ/c|ông|bà|Đồng chí|Ông|Bà)\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
)
_PLACE = re.compile(r"(?:tại|ở|Địa điểm|địa điểm)\s*:?\s+([^.;,()\n]{3,80})")
# Capitalised words of a title written before a name ("Phó Bí thư", "Chủ tịch UBND").
_TITLE_WORDS = frozenset(
    [
        "Phó",
        "Bí",
        "Chủ",
        "Trưởng",
        "Giám",
        "Thường",
        "Ủy",
        "Uỷ",
        "Tổng",
        "Chánh",
        "Hiệu",
        "Đại",
        "Thứ",
        "Bộ",
        "Ban",
    ]
)
_NAME_RUN = re.compile(
    rf"(?!(?:{'|'.join(sorted(_TITLE_WORDS))}|Đảng|UBND|HĐND|MTTQ)\b)"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
)
_COMRADE = re.compile(r"\b(?:đồng chí|Đồng chí|đ/c|Đ/c)\s+")
# Words that assign work to the body after them, or that the body before them does.
_ASSIGNS = re.compile(r"\b(?:[Gg]iao(?: cho)?|[Pp]hân công)\s+")
_LEADS = re.compile(r"chủ\s?trì|phụ\s?trách")
_ACTS = re.compile(
    r"(?:chủ\s?trì|tham\s?mưu|phối\s?hợp|phụ\s?trách|thực\s?hiện|trực\s?tiếp|triển\s?khai"
    r"|theo\s?dõi|xây\s?dựng|hướng\s?dẫn|kiểm\s?tra|giám\s?sát|tổ\s?chức|báo\s?cáo)"
)
# The first word of a body or office ("Ban Xây dựng Đảng", "Văn phòng Đảng uỷ").
_BODY_WORDS = _TITLE_WORDS | {
    "Văn",
    "UBND",
    "HĐND",
    "MTTQ",
    "Đảng",
    "Mặt",
    "Hội",
    "Đoàn",
    "Công",
    "Trung",
    "Phòng",
    "Trạm",
    "Chi",
    "Tổ",
    "Cơ",
    "Sở",
    "Trường",
    "Quân",
}
# How far after a title its holder's name is looked for.
MAX_TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Value:
    """A value as written in the sentence, where it starts and ends, and its kind."""

    text: str
    start: int
    end: int
    kind: AnswerType


def find_values(text: str, kinds: Iterable[AnswerType]) -> list[Value]:
    """Every value of the asked `kinds` in `text`, in text order."""
    found: list[Value] = []
    for kind in kinds:
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
        return _quantities(text, marks)
    if kind == "person":
        return _people(text)
    if kind == "place":
        return [
            Value(m.group(1).strip(), m.start(1), m.start(1) + len(m.group(1).strip()), kind)
            for m in _PLACE.finditer(text)
        ]
    return []


def _people(text: str) -> list[Value]:
    """Names after "đồng chí / ông / bà"; past a title first ("đồng chí Phó Bí thư … A")."""
    found = []
    for match in _PERSON.finditer(text):
        start = match.start(1)
        if match.group(1).split()[0] in _TITLE_WORDS:
            # The title's words are capitalised too: the name is the next run of
            # capitalised words not opening with a title or a body ("Đảng ủy", "UBND").
            after = _NAME_RUN.search(text, match.end(1), match.end(1) + MAX_TITLE_CHARS)
            if after is None:
                continue
            start = after.start()
        end = _NAME_RUN.match(text, start)
        if end is not None:
            found.append(Value(end.group(), start, end.end(), "person"))
    return found


def roles_of(text: str) -> list[Value]:
    """Titles and bodies that stand for who acts, where the sentence names no one.

    A title after "đồng chí" that no name follows ("đồng chí Bí thư Đảng uỷ xã làm …"), a
    body after "giao / phân công" ("Giao Uỷ ban Kiểm tra Đảng uỷ chủ trì") or written
    before "chủ trì / phụ trách" ("Ban Xây dựng Đảng chủ trì"): the answer to "ai …?"
    in reports that assign work to offices. A title runs over capitalised words and the
    syllable after each ("Bí thư", "Thường trực"), up to punctuation or a glued syllable
    ("Đảng uỷtrực tiếp").
    """
    roles = []
    for match in _COMRADE.finditer(text):
        window = text[match.end() : match.end() + MAX_TITLE_CHARS]
        if _PERSON.match(text, match.start()) and _people(match.group() + window):
            continue
        roles.extend(_title_at(text, match.end(), _TITLE_WORDS))
    for match in _ASSIGNS.finditer(text):
        roles.extend(_title_at(text, match.end(), _BODY_WORDS))
    for match in _LEADS.finditer(text):
        start = _title_start(text, match.start())
        if start is not None:
            roles.extend(_title_at(text, start, _BODY_WORDS, stop=match.start()))
    unique = {(role.start, role.end): role for role in roles}
    return sorted(unique.values(), key=lambda role: role.start)


def _title_at(
    text: str, start: int, openers: frozenset[str], *, stop: int | None = None
) -> list[Value]:
    end = _title_end(text[start : min(start + MAX_TITLE_CHARS, stop or len(text))], openers)
    return [Value(text[start : start + end], start, start + end, "person")] if end else []


def _title_start(text: str, end: int) -> int | None:
    """Where the capitalised title or body written just before `end` starts, if any."""
    tokens = list(re.finditer(r"\S+", text[max(0, end - MAX_TITLE_CHARS) : end]))
    offset = max(0, end - MAX_TITLE_CHARS)
    start = None
    for i in range(len(tokens) - 1, -1, -1):
        word = glued_parts(tokens[i].group())[-1] if tokens[i].group().isalpha() else ""
        left = tokens[i - 1].group() if i > 0 else ""
        if word[:1].isupper() and word.isalpha():
            start = offset + tokens[i].start()
        elif not (word.isalpha() and left[:1].isupper() and left.isalpha()):
            break
    return start


def _title_end(window: str, openers: frozenset[str] = _TITLE_WORDS) -> int:
    """Where the title opening `window` ends (0: it opens with none of `openers`)."""
    end, after_capital = 0, False
    for token in re.finditer(r"\S+", window):
        word = token.group()
        core = word.rstrip(",;:.)")
        parts = glued_parts(core) if core.isalpha() else (core,)
        first = parts[0]
        is_capital = first[:1].isupper()
        if not first.isalpha() or not (is_capital or after_capital):
            break
        if not is_capital and _ACTS.match(window, token.start()):
            break  # "Ban Xây dựng Đảng tham mưu": the body ends where its work begins
        if end == 0 and first not in openers:
            return 0
        end, after_capital = token.start() + len(first), is_capital
        if len(parts) > 1 or core != word:
            break
    return end


def _dates(text: str) -> list[re.Match[str]]:
    dates = list(_DATE.finditer(text))
    for match in _DAY_MONTH.finditer(text):
        is_inside = any(d.start() <= match.start() < d.end() for d in dates)
        if not is_inside and _TIME_WORD.search(text, max(0, match.start() - 12), match.start()):
            dates.append(match)
    return sorted(dates, key=lambda match: match.start())


def _quantities(text: str, marks: tuple[str, ...]) -> list[Value]:
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
    return sorted([*figures, *roman], key=lambda value: value.start)


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
    return "".join(_FOLDED.get(ch) or _fold_char(ch) for ch in text)


_FOLDED = {"đ": "d", "Đ": "d"}


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else ch


def is_specific(value: Value) -> bool:
    """False for a date naming only its month or quarter ("tháng 10/2025", "quý I/2026").

    A letter's date line ("ngày   tháng 10 năm 2025", the day left blank) answers no
    "ngày nào?".
    """
    return value.kind != "date" or not value.text.lower().startswith(("tháng", "quý"))
