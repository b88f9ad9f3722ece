"""Which language a question is asked in, and the folded tokens we match it with.

Questions mix languages ("What is the chủ đề năm of Quan Sơn?"), so the decision counts
function words of each language rather than looking for diacritics alone.
"""

from __future__ import annotations

import re

from assistant.types import Language
from ingest import fold, normalize_text
from ingest.syllables import split_glued
from ingest.words import MARKED_STOPWORDS, VIETNAMESE_STOPWORDS, word_set

_TOKEN = re.compile(r"[0-9]+(?:[.,/][0-9]+)*(?:\s?%)?|[^\W\d_]+", re.UNICODE)

# Folded function words: frequent in questions, useless for matching evidence.
_ENGLISH = word_set(
    "a an the of in on at to for from by with and or is are was were be been did do "
    "does what which who whom whose how many much when where why whether than that "
    "this these those it its their there has have had any all each per about as into "
    "over under commune communes ward please tell me list show give"
)
_VIETNAMESE = word_set(
    "xa nao cua la gi bao nhieu co khong duoc va cac nhung thi sao con the ai o tai "
    "trong nam thang ngay nhu mot may hay da dang se voi cho den tu theo ve hien"
)
ENGLISH_STOPWORDS = _ENGLISH | word_set(
    "report reports reported say says said mention mentioned according can could "
    "would should will do did get got make made so far yet still already now just also "
    "only too very since ever"
)


def is_stopword(written: str, *, language: Language, is_marked_question: bool = False) -> bool:
    """Whether a question word, as typed, carries no content.

    English stopwords count in English questions only ("to" is also "tổ"). In a question
    typed with diacritics every word means what it says: "vay" (borrow) is not "vậy",
    "chợ" not "cho"; without diacritics anywhere, "vay" may be either and is dropped.
    """
    folded = fold(written)
    if language == "en" and folded in ENGLISH_STOPWORDS:
        return True
    if folded not in VIETNAMESE_STOPWORDS:
        return False
    lower = normalize_text(written).lower()
    return lower in MARKED_STOPWORDS or (lower == folded and not is_marked_question)


def tokens(text: str) -> list[str]:
    """Folded word and number tokens: 'Tỷ lệ 47,52%' -> ['ty', 'le', '47,52%']."""
    # "101,29 %" and "101,29%" are one token either way.
    return [token.replace(" ", "") for token in _TOKEN.findall(fold(split_glued(text)))]


def phrase_key(text: str) -> str:
    """How a phrase is matched against passages: its folded tokens, space-joined."""
    return " ".join(tokens(text)) or fold(text)


def detect_language(text: str) -> Language:
    """Return 'en' when English function words outnumber Vietnamese ones, else 'vi'."""
    words = tokens(text)
    english = sum(1 for word in words if word in _ENGLISH)
    vietnamese = sum(1 for word in words if word in _VIETNAMESE)
    if english == vietnamese:
        return "vi" if fold(text) != text.lower() else "en"
    return "en" if english > vietnamese else "vi"
