"""Vietnamese search terms for the lexical index: syllables, bigrams and folded forms.

Measured on ALQAC (see docs): syllables + syllable bigrams beat word segmentation, and a
diacritic-folded copy of each term keeps queries typed without diacritics working
("nuoc sinh hoat" finds "nước sinh hoạt"). Figures and document numbers stay whole
("8.026", "47,52", "3394/bc-ubnd") so exact matches rank high.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.folding import fold
from ingest.syllables import split_glued

# Bumped whenever `terms` changes, so a saved lexical index made with the old terms is
# rebuilt rather than searched with new ones.
TERMS_VERSION = 2

# A word, or a number/code whose parts are joined by . , / - without spaces.
_TERM = re.compile(r"\w+(?:[./,\-]\w+)*")
_CODE_SPLIT = re.compile(r"[/\-]")


def syllables(text: str) -> list[str]:
    """NFC lower-case syllables and whole numbers/codes, in text order."""
    return [word for word, _ in _words_with_breaks(text)]


def _words_with_breaks(text: str) -> list[tuple[str, bool]]:
    """Words, each flagged when punctuation separates it from the previous word."""
    # Before lower-casing: a capital inside a word is one of the glue marks ("vụĐảng").
    normal = split_glued(unicodedata.normalize("NFC", text)).lower()
    words: list[tuple[str, bool]] = []
    last_end = 0
    for match in _TERM.finditer(normal):
        word = match.group().strip("_")
        if word:
            gap = normal[last_end : match.start()]
            words.append((word, bool(gap.strip())))
        last_end = match.end()
    return words


def _with_parts(words: list[str]) -> list[str]:
    parts: list[str] = []
    for word in words:
        if _CODE_SPLIT.search(word):
            parts.extend(piece for piece in _CODE_SPLIT.split(word) if piece)
    return parts


def _bigrams(words: list[str], breaks: list[bool]) -> list[str]:
    # No bigram across punctuation: "hoạt. Số" is not a phrase.
    return [f"{words[i - 1]}_{words[i]}" for i in range(1, len(words)) if not breaks[i]]


def terms(text: str) -> list[str]:
    """Every term of `text`: syllables and bigrams, plus folded variants where they differ.

    Used for documents and queries alike, so an accented query matches both the accented
    and the folded terms of a document, and an unaccented one matches the folded terms.
    """
    pairs = _words_with_breaks(text)
    words = [word for word, _ in pairs]
    breaks = [is_break for _, is_break in pairs]
    folded = [fold(word) for word in words]
    bigrams = _bigrams(words, breaks)
    out = words + bigrams + _with_parts(words)
    out.extend(f for w, f in zip(words, folded, strict=True) if f != w)
    out.extend(f for w, f in zip(bigrams, _bigrams(folded, breaks), strict=True) if f != w)
    return out


def accent_ratio(text: str) -> float:
    """Share of alphabetic syllables that carry a diacritic (0.0 when there are none)."""
    words = [word for word in syllables(text) if any(char.isalpha() for char in word)]
    if not words:
        return 0.0
    return sum(1 for word in words if fold(word) != word) / len(words)
