"""Diacritics-insensitive matching keys for user-typed Vietnamese ("quan son" = "Quan Sơn")."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ carry no combining mark: NFD leaves them whole, so they are mapped by hand.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d) and collapse whitespace.

    >>> fold("Xã  QUAN Sơn, Đảng ủy")
    'xa quan son, dang uy'
    """
    if _OUTSIDE_LATIN.search(text) is None:
        # Latin letters fold one by one, so one table lookup each does it: folding every
        # passage of a corpus was most of the cost of reading it.
        return _SPACES.sub(" ", text.translate(_LATIN_TABLE)).strip()
    return _SPACES.sub(" ", _strip_marks(text)).strip()


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# Basic Latin to Latin Extended-B, and Latin Extended Additional (Vietnamese letters):
# none decomposes into, or lower-cases by its neighbours; combining marks are outside.
_LATIN = [*range(0x250), *range(0x1E00, 0x1F00)]
_LATIN_TABLE = str.maketrans({chr(code): _strip_marks(chr(code)) for code in _LATIN})
_OUTSIDE_LATIN = re.compile("[^\u0000-\u024f\u1e00-\u1eff]")
