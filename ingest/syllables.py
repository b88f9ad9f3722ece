"""Vietnamese syllables glued together by digitisation ("Thường vụĐảng uỷ", "Uỷban").

PDF text layers and OCR often lose the space after a syllable ending in a toned vowel:
"Dựthảo", "bộxã", "Tờtrình". Matching needs the syllables apart; quotes keep the text
as written, so this is only used to make search and matching terms.

A word is split only where the spelling proves a boundary: a lower-case letter before a
capital ("vụĐảng"), a second tone mark (one syllable carries one), or after a toned vowel a
consonant that cannot end a syllable ("Uỷban": no syllable ends in "b"). The split point
is the one that leaves the second part a Vietnamese onset followed by a vowel.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
# Codas, longest first; stops (c, ch, p, t) only follow a rising or falling-glottal tone.
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})
_STOP_TONES = frozenset("\u0301\u0323")
_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def split_glued(text: str) -> str:
    """`text` with a space wherever glued syllables are proven (words only change)."""
    return _WORD.sub(lambda match: " ".join(glued_parts(match.group())), text)


@lru_cache(maxsize=65536)
def glued_parts(word: str) -> tuple[str, ...]:
    """'vụĐảng' -> ('vụ', 'Đảng'); 'Uỷban' -> ('Uỷ', 'ban'); 'Đảng' -> ('Đảng',)."""
    parts: list[str] = []
    rest = word
    while True:
        cut = _boundary(rest)
        if cut is None:
            return (*parts, rest)
        parts.append(rest[:cut])
        rest = rest[cut:]


def _boundary(word: str) -> int | None:
    for i in range(1, len(word)):
        if word[i - 1].islower() and word[i].isupper():
            return i
    letters = [(ch, _tone(ch)) for ch in word]
    toned = [i for i, (_, tone) in enumerate(letters) if tone]
    if not toned:
        return None
    first = toned[0]
    after = _vowel_run_end(word, first)
    if len(toned) == 1 and after < len(word) and not _can_end(word, after, letters[first][1]):
        # "Uỷban": what follows the toned vowel cannot close its syllable.
        return _split_after(word, after, letters[first][1])
    if len(toned) >= 2:
        return _split_after(word, after, letters[first][1])
    return None


def _split_after(word: str, start: int, tone: str) -> int | None:
    """The cut after the vowels ending at `start`: the shortest coda leaving an onset."""
    lower = word.lower()
    for coda in ("", *_CODAS):
        if coda and (not lower.startswith(coda, start) or not _coda_fits(coda, tone)):
            continue
        cut = start + len(coda)
        if cut < len(word) and _starts_syllable(lower[cut:]):
            return cut
    return None


def _starts_syllable(rest: str) -> bool:
    for onset in _ONSETS:
        if rest.startswith(onset) and len(rest) > len(onset) and _is_vowel(rest[len(onset)]):
            return True
    return False


def _can_end(word: str, start: int, tone: str) -> bool:
    """Whether the letters from `start` on can all belong to the syllable before them."""
    tail = word[start:].lower()
    return any(tail == coda and _coda_fits(coda, tone) for coda in _CODAS)


def _coda_fits(coda: str, tone: str) -> bool:
    return coda not in _STOP_CODAS or tone in _STOP_TONES


def _vowel_run_end(word: str, position: int) -> int:
    end = position + 1
    while end < len(word) and _is_vowel(word[end]):
        end += 1
    return end


def _tone(ch: str) -> str:
    return next((mark for mark in unicodedata.normalize("NFD", ch) if mark in _TONES), "")


def _is_vowel(ch: str) -> bool:
    base = unicodedata.normalize("NFD", ch.lower())
    # The base letter with its shape marks (ă, â, ê, ô, ơ, ư) but without the tone.
    shaped = unicodedata.normalize("NFC", "".join(c for c in base if c not in _TONES))
    return shaped in _VOWELS
