"""What kinds of value a question asks for: a quantity, a date, a time, a person, a place.

The answer then leads with that value, and a passage holding no value of the kind is
less likely to answer. Read from the question's wording alone (folded: "bao nhieu" and
"bao nhiêu" are one), in both languages; "yes/no" questions are told apart so that their
answer can say yes or no first.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Literal

from assistant.types import Language
from assistant.understand.language import is_stopword
from ingest import fold, normalize_text

AnswerType = Literal["quantity", "date", "time", "person", "place", "document", "yesno", "other"]

# Checked in this order: "mấy giờ" is a time before "mấy" is a quantity, and "khi nào"
# a date before a trailing "không" makes a yes/no question.
_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        "time",
        re.compile(r"\b(?:may gio|luc may|luc nao|what time|which time|at what hour|gio nao)\b"),
    ),
    (
        "date",
        re.compile(
            r"\b(?:khi nao|bao gio|ngay nao|hom nao|luc nao|thoi gian nao|thoi diem nao|thang nao"
            r"|nam nao|ngay bao nhieu|han (?:chot|cuoi)|thoi han|when|what date|which date"
            r"|which day|what day|deadline|by what date|how soon)\b"
        ),
    ),
    (
        "quantity",
        re.compile(
            r"\b(?:bao nhieu|may|so luong|ty le|ti le|phan tram|tong so|how many|how much"
            r"|what (?:share|percentage|proportion|rate|number|amount|total)|number of"
            r"|percent(?:age)?|rate of|how (?:large|big|long|far))\b"
        ),
    ),
    (
        "person",
        re.compile(
            r"\b(?:ai|nguoi nao|dong chi nao|ong nao|ba nao|who|whom|whose|which official"
            r"|which person)\b"
        ),
    ),
    (
        "place",
        re.compile(
            r"\b(?:o dau|tai dau|noi nao|cho nao|dia diem nao|dia diem|where|what venue"
            r"|which venue|what place|which place|what location)\b"
        ),
    ),
    (
        "document",
        re.compile(
            r"\b(?:nghi quyet|quyet dinh|ke hoach|cong van|van ban|thong bao|ket luan|to trinh"
            r"|chi thi|chuong trinh|bao cao|huong dan|nghi dinh|thong tu|quy dinh|quy che"
            r"|de an)(?: so)? (?:nao|may)\b"
            r"|\bso hieu\b|\b(?:which|what) (?:decision|resolution|plan|document|directive"
            r"|letter|conclusion|decree|circular|report|instruction)s?\b"
            r"|\b(?:number|reference) of the (?:decision|resolution|plan|document|letter)\b"
        ),
    ),
    (
        "yesno",
        re.compile(
            r"\b(?:co\b.*\bkhong|co phai|phai khong|dung khong|da\b.*\bchua|chua)\s*\??$"
            r"|^(?:is|are|was|were|does|do|did|has|have|had|can|could|will|should|must)\b"
        ),
    ),
)
# "mấy" is "how many" only when typed with its mark: folded it is also "may" (machine).
# "mấy" is matched as written: it folds to "may".
MAY = re.compile(r"\bmấy\b", re.IGNORECASE)
_MAY_HOUR = re.compile(r"\bmấy\s+giờ\b", re.IGNORECASE)


def answer_types_of(question: str) -> tuple[AnswerType, ...]:
    """The kinds of value `question` asks for, in a fixed order; ("other",) for none.

    "Lúc mấy giờ, ngày nào?" asks a time and a date; "theo nghị quyết nào?" a document
    number; a yes/no question asks nothing else.
    """
    folded = fold(question).strip()
    # "mấy" of "lúc mấy giờ" asks the time, not how many.
    has_marked_may = MAY.search(_MAY_HOUR.sub(" ", question)) is not None
    kinds: list[AnswerType] = []
    for kind, pattern in _PATTERNS:
        if kind == "yesno" and kinds:
            break
        if any(m.group() != "may" or has_marked_may for m in pattern.finditer(folded)):
            kinds.append(kind)
    if "document" in kinds and "quantity" in kinds:
        kinds.remove("quantity")  # "nghị quyết số mấy": the number is the document's
    return tuple(kinds) or ("other",)


# Kinds an answer may lead with that do not make a passage without them less likely to
# answer: "quý nào" is also a trend question's wording ("quý nào … thấp nhất"), and the
# office of "cơ quan nào chủ trì" is no person's name (bench/RESULTS.md, third round).
# "quý nào / which quarter": a quarter answers, not a day.
_QUARTER_ASK = re.compile(r"\bquy nao\b|\b(?:which|what) quarter\b")
_LEAD_ONLY: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("date", _QUARTER_ASK),
    (
        "person",
        re.compile(r"\b(?:co quan|bo phan) nao\b|\bwhich (?:body|agency|office|department)\b"),
    ),
)


def lead_types_of(question: str, answer_types: tuple[AnswerType, ...]) -> tuple[AnswerType, ...]:
    """The kinds of value an answer leads with: `answer_types` and the lead-only kinds."""
    folded = fold(question)
    extra = [kind for kind, pattern in _LEAD_ONLY if pattern.search(folded)]
    kinds = [kind for kind in answer_types if kind != "other"]
    return tuple(dict.fromkeys([*kinds, *extra])) or answer_types


# What asks for one figure, and what joins a second thing asked about.
_QUANTITY_ASK = re.compile(
    r"\b(?:bao nhieu|how many|how much|what (?:share|percentage|proportion|rate|number))\b"
)
# A rate named before its "bao nhiêu" ("tỷ lệ … là bao nhiêu") is the same one figure.
_RATE_ASK = re.compile(r"\b(?:ty le|ti le)\b")
_JOINED = re.compile(r"\b(?:va|and)\b|,(?!\s*\d)")
# At most this many figures lead an answer: more would bury the quote.
MAX_SLOTS = 3


def asks_value(question: str) -> bool:
    """Whether a question asks for a value an answer should state (not yes/no, not "what")."""
    return bool(set(answer_types_of(question)) - {"yesno", "other"})


def quantity_slots(question: str) -> int:
    """How many figures a question asks for ("bao nhiêu hộ và bao nhiêu nhân khẩu": 2).

    Each "bao nhiêu / how many / tỷ lệ" asks one; so does each thing joined after the
    first one ("bao nhiêu hộ kinh doanh và hợp tác xã": 2).
    """
    folded = fold(question)
    asks = [m.start() for m in _QUANTITY_ASK.finditer(folded)]
    rates = [m.start() for m in _RATE_ASK.finditer(folded)]
    count = max(len(asks) + len(MAY.findall(_MAY_HOUR.sub(" ", question))), len(rates))
    if not count:
        return 1
    joined = len(_JOINED.findall(folded[min(asks + rates, default=0) :]))
    return min(max(count, 1 + joined), MAX_SLOTS)


# The noun a Vietnamese count question counts ("có bao nhiêu thôn", "mấy lớp", "nhiều
# văn bản hơn").
_COUNTED = re.compile(
    r"\b(?:bao nhieu|maymark)\s+([^\W\d_]+)|\bnhieu\s+([^\W\d_]+)\b[^?]{0,30}\bhon\b"
)
_WORDS = re.compile(r"[^\W\d_]+")
_MONEY_ASK = re.compile(
    r"\bbao nhieu tien\b|\b(?:kinh phi|so tien|chi phi)\b.*\bbao nhieu\b"
    r"|\bbao nhieu\b.*\b(?:kinh phi|so tien|chi phi)\b"
)
MONEY_UNITS = ("dong", "d", "trieu", "ty", "nghin", "ngan")


def counted_nouns(question: str, language: Language) -> tuple[str, ...]:
    """The nouns a count question counts, folded ("bao nhiêu hộ" -> ("ho",))."""
    if language != "vi":
        return ()
    # "mấy" is matched as written (it folds to "may"); "bao nhiêu" is safe folded.
    folded = fold(MAY.sub("maymark", question))
    nouns = (match.group(1) or match.group(2) for match in _COUNTED.finditer(folded))
    # Money is counted in đồng, not in the noun asked ("bao nhiêu tiền", "kinh phí … bao
    # nhiêu"): the figure that answers is written before "đồng / đ / triệu / tỷ".
    money = MONEY_UNITS if _MONEY_ASK.search(folded) else ()
    kept = (n for n in nouns if n != "tien" and not _is_stopword_noun(question, n))
    return tuple(dict.fromkeys([*kept, *money]))


def _is_stopword_noun(question: str, noun: str) -> bool:
    # A noun typed with its marks means that word ("bao nhiêu đảng viên" counts party
    # members, not the stopword "đang"); "bao nhiêu con" (head of livestock) typed without
    # marks in a question that has them is the word too, not "còn".
    is_marked = fold(question) != normalize_text(question).lower()
    written = _counted_as_typed(question, noun)
    return is_stopword(written, language="vi", is_marked_question=is_marked)


def _counted_as_typed(question: str, noun: str) -> str:
    """The counted noun as the question types it: the word after "bao nhiêu / nhiều / mấy"."""
    words: list[str] = _WORDS.findall(normalize_text(question))
    for before, word in pairwise(words):
        if fold(word) == noun and (fold(before) == "nhieu" or before.lower() == "mấy"):
            return word
    return noun


# "bão số mấy", "xếp thứ mấy", "lần thứ bao nhiêu": the word before the interrogative
# numbers the thing asked, so "số 13" is then the value, not a label.
_NUMBERED = re.compile(r"\b([^\W\d_]+)\s+(?:maymark|bao nhieu)\b")


def numbering_words(question: str, language: Language) -> tuple[str, ...]:
    """The folded words written just before "mấy / bao nhiêu" ("số mấy" -> ("so",)).

    A question asking which quarter is marked "quy" in either language, as "quý mấy" is.
    """
    folded = fold(MAY.sub("maymark", question))
    quarter = ("quy",) if _QUARTER_ASK.search(folded) else ()
    if language != "vi":
        return quarter
    found = (match.group(1) for match in _NUMBERED.finditer(folded))
    return tuple(dict.fromkeys([*found, *quarter]))
