"""What kind of question: a fact, a "which communes…" list, a comparison, or a trend.

The patterns work on folded text (lower-case, no diacritics), so "xa nao" and "xã nào"
are one wording.
"""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["fact", "which", "compare", "trend"]

# Unit words, folded: a list question may ask for any kind ("phường nào", "đơn vị nào").
# "đơn vị nào" only opens a list question (below): it asks which office as often.
UNIT_WORDS = r"(?:xa|phuong|thi tran|dac khu|dia phuong)"
_ENGLISH_UNITS = r"(?:communes?|wards?|townships?|special zones?|units?|localities|locality|places)"
_WHICH = re.compile(
    rf"\b(?:(?:nhung|cac) )?{UNIT_WORDS} nao\b"
    # "Những đơn vị nào …?" opening a question asks which units; "… áp dụng cho các đơn
    # vị nào?" at its end asks which offices a rule covers.
    r"|^(?:nhung |cac )?don vi nao\b"
    rf"|\b(?:which|what) (?:of the )?{_ENGLISH_UNITS}\b|\bwhere\b|\bany {_ENGLISH_UNITS}\b"
)
# "Ngoài Hùng Sơn, xã nào …": other communes than the one named.
_OTHER = re.compile(r"\b(?:ngoai|khac|besides|other|apart from|except)\b")
_HIGHEST = re.compile(
    r"\b(?:cao nhat|nhieu nhat|lon nhat|highest|most|largest|biggest|poorest|richest"
    r"|longest|greatest|best)\b"
)
_LOWEST = re.compile(r"\b(?:thap nhat|it nhat|nho nhat|lowest|least|smallest|fewest)\b")
_COMPARE = re.compile(r"\b(?:so sanh|compare|comparison)\b")
# Comparison wording that is no part of what is compared: "giữa A và B", "cao hơn".
_BETWEEN = re.compile(r"\b(?:giua|between)\b|\b(?:cao|thap|lon|nho|nhieu|it|tot|kem)(?= hon\b)")
# "Among the communes …, which one has the lowest?": a superlative over the communes.
_AMONG = re.compile(r"\b(?:which one|which of them|among (?:the |all )?communes|trong cac xa)\b")
# "Which collected more, A or B?": a comparison between the communes it names.
_MORE = re.compile(
    r"\b(?:more|less|higher|lower|greater|fewer|better|worse|larger|smaller|bigger|poorer"
    r"|richer|longer|shorter|hon)\b"
)
# How a figure moved over a unit's reports: "thay đổi thế nào", "tăng hay giảm", "so với
# cùng kỳ", "qua các quý", "quý nào thấp nhất", "how has … changed", "trend".
_TREND = re.compile(
    r"\b(?:thay doi (?:the nao|ra sao|nhu the nao|nhu nao)|bien dong|dien bien|xu huong"
    r"|tang hay giam|giam hay tang|tang giam|so voi cung ky|qua (?:cac|tung) (?:quy|thang|nam|ky)"
    r"|so voi (?:nam|quy|thang|ky) (?:ngoai|truoc)|compared (?:with|to) (?:last|the previous) year"
    r"|(?:tuan|quy|thang|nam|ky) nao\b.{0,100}\b(?:cao|thap|nhieu|it|lon|nho)\b.{0,60}\bnhat"
    r"|how (?:has|have|did|does|do) .{0,80}\bchang(?:e|ed|ing)|trends?|over time"
    r"|(?:increase|rise|grow|go up)d? or (?:decrease|fall|decline|go down)d?"
    r"|which (?:[\w-]+ ){0,2}(?:week|quarter|month|year|period|half)\b.{0,80}"
    r"\b(?:highest|lowest|most|least|fewest|largest"
    r"|smallest|best|worst|peak)"
    r"|compared (?:with|to) the same period)\b"
)
# Comparison wording, not part of what is compared: blanked out of the question's concepts.
COMPARISON_WORDING = (_HIGHEST, _LOWEST, _COMPARE, _BETWEEN, _MORE)
# A trend's wording and the periods it spans ("từ quý I đến quý II/2026"): every report of
# the series writes its own period, so they are filters, not words to find.
TREND_WORDING = (
    re.compile(
        r"\b(?:thay doi|the nao|ra sao|nhu the nao|bien dong|dien bien|xu huong|tang|giam"
        r"|so voi cung ky|qua (?:cac|tung) (?:quy|thang|nam|ky)|how (?:has|have|did|does|do)"
        r"|chang(?:e|ed|es|ing)|trends?|over time|increased?|decreased?|rise|rose|fall|fell"
        r"|(?:in )?which (?:quarter|month|year|period)s?|compared (?:with|to) the same period"
        r"|(?:tuan|quy|thang|nam|ky) nao)\b"
    ),
    re.compile(
        r"\b(?:tu|den|from|to|between|and|va)?\s*(?:quy|q)\s*(?:i{1,3}|iv|[1-4])\b(?:\s*/\s*\d{4})?"
        r"|\b(?:nam|year|in)\s+\d{4}\b|\b(?:first|second|third|fourth)[ -](?:quarter|half)\b"
        r"|\b(?:6|06|9|09) thang (?:dau|cuoi)(?: nam)?\b|\b(?:cac |moi )?ky\b|\bnhat\b"
        r"|\b(?:half|period|quarter|week)s?\b"
    ),
)


def intent_of(folded: str, named: int, *, wants_figure: bool = False) -> Intent:
    """What a (folded) question asks, given how many communes it names."""
    # One unit's figure over its reports; two units named over time is still a comparison.
    if named <= 1 and _TREND.search(folded):
        return "trend"
    # Two communes named in a figure question ("How do Vũ Quang and Mường Kim rank …?")
    # ask for both figures, side by side.
    if _COMPARE.search(folded) or (named >= 2 and (_MORE.search(folded) or wants_figure)):
        return "compare"
    has_superlative = _HIGHEST.search(folded) or _LOWEST.search(folded)
    which = _WHICH.search(folded)
    # "Where does Hùng Sơn plan …?" asks a place inside the named commune; "nào" after
    # another noun ("Đảng bộ xã … ngày nào", "xã Mường Kim có những sản phẩm nào") asks
    # which thing, never which commune (measured: conghai-fit +4 questions, none lost).
    # A question naming one commune asks about its own things ("xã Hùng Sơn được thành
    # lập trên cơ sở sáp nhập những xã nào?"), unless it asks for the others.
    is_inside = named == 1 and _OTHER.search(folded) is None
    if which and not (named and (_asks_inside(which.group()) or is_inside)):
        return "compare" if has_superlative else "which"
    if has_superlative and _AMONG.search(folded) and not named:
        return "compare"
    return "fact"


def _asks_inside(wording: str) -> bool:
    # "where …" about a named commune asks a place inside it.
    return wording == "where"


# "nhiều … hơn" / "cao hơn": Vietnamese comparatives put "hơn" after the adjective.
_MORE_WORDS = re.compile(
    r"\b(?:more|higher|greater|better|larger|bigger|(?:nhieu|cao|lon|tot)\b.{0,30}\bhon)\b"
)
_LESS_WORDS = re.compile(
    r"\b(?:less|lower|fewer|worse|smaller|(?:it|thap|nho|kem)\b.{0,30}\bhon)\b"
)


# "nhiều hồ sơ … nhất": a Vietnamese superlative may put its noun between.
_MOST_SPLIT = re.compile(r"\b(?:nhieu|cao|lon)\b.{0,60}\bnhat\b")
_LEAST_SPLIT = re.compile(r"\b(?:it|thap|nho)\b.{0,60}\bnhat\b")


def direction_of(folded: str) -> bool | None:
    """For a comparison: True for the highest, False for the lowest, None if unsaid."""
    if _HIGHEST.search(folded) or _MORE_WORDS.search(folded):
        return True
    if _LOWEST.search(folded) or _LESS_WORDS.search(folded):
        return False
    if _MOST_SPLIT.search(folded):
        return True
    if _LEAST_SPLIT.search(folded):
        return False
    return None
