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
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
