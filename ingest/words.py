"""Content words of a passage as written: what an English question's words are mapped to.

An English question shares no words with a Vietnamese report, so lexical search and word
matching see nothing in it. The multilingual embedder places an English word near its
Vietnamese rendering ("poverty" near "nghèo", "meeting" near "họp"), so the assistant
maps each English word to the nearest of these words in the passages it retrieved. The
index embeds them at ingest, as it embeds passages, so the mapping reads vectors from the
cache instead of embedding at question time. Both sides cut words here, so they agree.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.folding import fold
from ingest.syllables import split_glued

_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = frozenset("aeiouy")
# Punctuation and figures end a run of words: no pair spans them ("gồm 28 máy").
_RUN_BREAK = re.compile(r"[^\w\s]|\d")


def word_set(text: str) -> frozenset[str]:
    """The distinct words of a space-separated list."""
    return frozenset(text.split())


# Folded Vietnamese syllables that carry no content in a question or a word pair.
VIETNAMESE_STOPWORDS = word_set(
    "xa nao cua la gi bao nhieu co khong duoc va cac nhung thi sao con the ai o tai "
    "nhu mot may hay da dang se voi cho den tu theo ve hien nay do day kia dau vay a "
    "u chu nhi hoi cho biet ra sao nhieu it gap cu hoac roi"
)

# The same words as typed with their marks: a word typed with other marks is a content
# word ("đảng" is not "đang", "chợ" not "cho", "hội" not "hỏi"); typed without marks it
# may be either, and counts as the stopword.
MARKED_STOPWORDS = word_set(
    "xã nào của là gì bao nhiêu có không được và các những thì sao còn thế ai ở tại như "
    "một mấy hay đã đang sẽ với cho đến từ theo về hiện nay đó đây kia đâu vậy à ạ ừ chứ "
    "nhỉ hỏi biết ra nhiều ít gặp cứ hoặc rồi"
)


def content_words(text: str) -> list[str]:
    """Distinct words and adjacent word pairs of `text`: NFC, lower-case, in text order.

    Left out: pairs with a function word ("của xã"), a lone unaccented syllable ("an",
    "so": an English word's vector lands near them for their spelling, not their sense)
    and spaced-out letters ("c l", digitisation noise).
    """
    found: dict[str, None] = {}
    for run in _RUN_BREAK.split(split_glued(unicodedata.normalize("NFC", text)).lower()):
        syllables = _WORD.findall(run)
        is_content = [_is_content(syllable) for syllable in syllables]
        for i, syllable in enumerate(syllables):
            if is_content[i] and not syllable.isascii():
                found.setdefault(syllable)
            if i + 1 < len(syllables) and is_content[i] and is_content[i + 1]:
                found.setdefault(f"{syllable} {syllables[i + 1]}")
    return list(found)


def _is_content(syllable: str) -> bool:
    # A one-letter syllable is a vowel ("y tế", "ý kiến"); a lone consonant is noise.
    folded = fold(syllable)
    is_word = len(syllable) > 1 or folded in _VOWELS
    if syllable == folded:
        return is_word and folded not in VIETNAMESE_STOPWORDS
    return is_word and syllable not in MARKED_STOPWORDS
