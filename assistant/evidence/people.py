"""Who a sentence says acts: people's names, and the titles and offices that stand for them.

Spans (start, end) into the sentence; `values.py` makes them values of kind "person".
Vietnamese reports name a person after "đồng chí / ông / bà", often past their title
("đồng chí Phó Bí thư Đảng ủy Nguyễn Văn A"), and assign work to offices ("Giao Ban Xây
dựng Đảng chủ trì"), so an office can be the answer to "ai …?".
"""

from __future__ import annotations

import re

from ingest.syllables import glued_parts

Span = tuple[int, int]
_NAME_WORD = r"[A-ZĐ][^\W\d_]*"
_PERSON = re.compile(
    rf"(?:đồng chí|đ/c|ông|bà|Đồng chí|Ông|Bà)\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
)
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


def person_spans(text: str) -> list[Span]:
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
            found.append((start, end.end()))
    return found


def role_spans(text: str) -> list[Span]:
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
        if _PERSON.match(text, match.start()) and person_spans(match.group() + window):
            continue
        roles.extend(_title_at(text, match.end(), _TITLE_WORDS))
    for match in _ASSIGNS.finditer(text):
        roles.extend(_title_at(text, match.end(), _BODY_WORDS))
    for match in _LEADS.finditer(text):
        start = _title_start(text, match.start())
        if start is not None:
            roles.extend(_title_at(text, start, _BODY_WORDS, stop=match.start()))
    return sorted(set(roles))


def _title_at(
    text: str, start: int, openers: frozenset[str], *, stop: int | None = None
) -> list[Span]:
    end = _title_end(text[start : min(start + MAX_TITLE_CHARS, stop or len(text))], openers)
    return [(start, start + end)] if end else []


def _title_start(text: str, end: int) -> int | None:
    """Where the capitalised title or body written just before `end` starts, if any."""
    offset = max(0, end - MAX_TITLE_CHARS)
    tokens = list(re.finditer(r"\S+", text[offset:end]))
    start = None
    for i in range(len(tokens) - 1, -1, -1):
        word = glued_parts(tokens[i].group())[-1] if tokens[i].group().isalpha() else ""
        left = tokens[i - 1].group() if i > 0 else ""
        if word[:1].isupper() and word.isalpha():
            start = offset + tokens[i].start()
        elif not (word.isalpha() and left[:1].isupper() and left.isalpha()):
            break
    return start


def _title_end(window: str, openers: frozenset[str]) -> int:
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
