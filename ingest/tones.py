"""One tone-mark placement for Vietnamese syllables ("hòa" and "hoà" become one spelling).

Reports mix the traditional placement (hòa, thủy, ủy) with the modern one that puts the
mark on the main vowel (hoà, thuỷ, uỷ). The two only differ for open syllables ending in
"oa", "oe" and "uy"; we choose the modern placement (kiểu mới) and apply it to every
syllable, so comparing two texts never depends on which keyboard typed them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks: grave, acute, tilde, hook above, dot below.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_SHAPED_VOWELS = frozenset("ăâêôơư")
# Open two-vowel nuclei where the modern convention marks the second vowel.
_SECOND_VOWEL_NUCLEI = frozenset({"oa", "oe", "uy"})
_WORD = re.compile(r"[^\W\d_]+")
# Words, not texts, repeat: Vietnamese has ~7,000 syllables, and a list answer over a
# province normalises a thousand lines of the same unit words and names.
WORD_CACHE = 65_536


def place_tone_marks(text: str) -> str:
    """Return `text` (NFC) with every Vietnamese syllable's tone mark on the modern vowel.

    >>> place_tone_marks("Hòa bình, Đảng ủy, THỦY LỢI")
    'Hoà bình, Đảng uỷ, THUỶ LỢI'
    """
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda match: _retone_word(match.group(0)), text)


@lru_cache(maxsize=WORD_CACHE)
def _retone_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    position = tone_position(bare)
    if position is None:
        return word
    marked = unicodedata.normalize("NFD", bare[position]) + tones[0]
    return unicodedata.normalize("NFC", bare[:position] + marked + bare[position + 1 :])


def tone_position(bare: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless syllable, or None if unsure.

    >>> tone_position("hoa"), tone_position("quoc"), tone_position("nguoi")
    (2, 2, 3)
    """
    lower = bare.lower()
    start = next((i for i, ch in enumerate(lower) if ch in _VOWELS), None)
    if start is None:
        return None
    end = start
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    if any(ch in _VOWELS for ch in lower[end:]):
        return None  # two vowel groups: not a single Vietnamese syllable
    # "qu" and "gi" (before another vowel) are initial consonants, not part of the nucleus.
    if (lower[:start] == "q" and lower[start] == "u") or (
        lower[:start] == "g" and lower[start] == "i" and end - start > 1
    ):
        start += 1
    nucleus = lower[start:end]
    if not nucleus:
        return None
    return start + _nucleus_index(nucleus, has_final=end < len(lower))


def _nucleus_index(nucleus: str, *, has_final: bool) -> int:
    shaped = [i for i, ch in enumerate(nucleus) if ch in _SHAPED_VOWELS]
    if shaped:
        return shaped[-1]  # "ươ" -> ơ, "iê" -> ê, "uô" -> ô
    if has_final or len(nucleus) == 1:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1  # "oai", "uya", "oay"
    return 1 if nucleus in _SECOND_VOWEL_NUCLEI else 0
