"""Administrative units: the kinds (xã, phường, thị trấn, đặc khu …) and how names are written.

Since the 2025 reorganisation a province's reports come from xã, phường and đặc khu
(older ones from thị trấn, huyện, quận); many names are ordinary words ("Thống Nhất",
"Đoàn Kết"). A name therefore counts only where it is written as a name: after its unit
word ("phường Thống Nhất", "UBND XÃ ĐOÀN KẾT"), never a lower-case "thống nhất".
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.folding import fold

# Commune level first: the units a report of a commune office is about.
LOCAL_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
HIGHER_KINDS = ("thị xã", "huyện", "quận", "thành phố", "tỉnh")
UNIT_KINDS = LOCAL_KINDS + HIGHER_KINDS
ENGLISH_KINDS = {
    "xã": "commune",
    "phường": "ward",
    "thị trấn": "township",
    "đặc khu": "special zone",
    "thị xã": "town",
    "huyện": "district",
    "quận": "urban district",
    "thành phố": "city",
    "tỉnh": "province",
}
DEFAULT_KIND = "xã"
_KIND_BY_FOLD = {fold(kind): kind for kind in UNIT_KINDS}
# Longest first, so "thị xã" is not read as "xã".
_KIND_WORDS = "|".join(sorted((re.escape(kind) for kind in UNIT_KINDS), key=len, reverse=True))
MAX_NAME_WORDS = 3
_WORD = r"[^\W\d_]+(?:[’'][^\W\d_]+)?"
# The kind word in any case; the name's case is checked in code (a regex class cannot
# tell Vietnamese capitals from small letters).
UNIT_MENTION = re.compile(
    rf"(?<![^\W\d_])((?i:{_KIND_WORDS}))(?=((?:[ \t]+{_WORD}){{1,{MAX_NAME_WORDS}}}))"
)
# Words that follow a unit word without being a name ("XÃ HỘI" in capitals is society).
_NOT_NAMES = frozenset({"hoi", "nha", "ta", "minh", "nay", "do", "va", "cua", "la"})
# The national and Party mottos, which run into the unit's line in two-column headers
# ("UBND XÃ MƯỜNG KIM CỘNG HÒA XÃ HỘI …"); "Cộng Hòa" alone is a real commune name.
MOTTOS = (
    re.compile(r"CỘNG HO?[ÀÒ]A? XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    re.compile(r"ĐẢNG CỘNG SẢN VIỆT NAM"),
    re.compile(r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE),
)


def kind_of(word: str) -> str | None:
    """'PHƯỜNG' -> 'phường'; None when `word` is no unit kind."""
    return _KIND_BY_FOLD.get(fold(" ".join(word.split())))


def unit_label(kind: str | None, name: str | None, *, language: str = "vi") -> str:
    """'Phường Sa Đéc' / 'Sa Đéc ward'; the kind is left out when unknown, never guessed."""
    if not name:
        return "Unknown unit" if language == "en" else "Không rõ đơn vị"
    if kind is None:
        return name
    if language == "en":
        return f"{name} {ENGLISH_KINDS.get(kind, kind)}"
    return f"{kind[:1].upper()}{kind[1:]} {name}"


def unit_mentions(text: str) -> Counter[tuple[str, str]]:
    """(kind, name) written as names in `text`: "phường Sa Đéc", "XÃ CÔNG HẢI" -> Công Hải.

    A name's syllables must be capitalised (or the whole mention in capitals, as in a
    header): "xã thống nhất kế hoạch" mentions nothing.
    """
    found: Counter[tuple[str, str]] = Counter()
    for motto in MOTTOS:
        text = motto.sub(" | ", text)
    for match in UNIT_MENTION.finditer(text):
        kind_text = match.group(1)
        kind = kind_of(kind_text)
        name = _trim_name(match.group(2), is_capitals=kind_text.isupper())
        if kind and name:
            found[(kind, name)] += 1
    return found


def _trim_name(words_text: str, *, is_capitals: bool) -> str | None:
    words: list[str] = []
    for word in words_text.split():
        # In a capitals line every word is capitalised: the name is the words after the
        # unit word up to the next line's field; elsewhere a name's syllables are capitals.
        is_name_word = word.isupper() if is_capitals else word[:1].isupper()
        if not is_name_word or fold(word) in _NOT_NAMES:
            break
        words.append(word.capitalize() if word.isupper() and len(word) > 1 else word)
    return " ".join(words) or None


def unit_from_text(text: str) -> tuple[str | None, str]:
    """(kind, name) of a unit a person typed: "xã Tân Hòa", "phường 3", "Đặc khu Phú Quốc".

    The kind is the leading unit word if there is one (the longest: "thị xã" before "xã")
    and None otherwise; it is never guessed, as a bare "Tân Hòa" may be a phường.

    Raises:
        ValueError: `text` holds no name (empty, or a unit word alone) - type the name too.
    """
    words = text.split()
    for size in (2, 1):
        kind = kind_of(" ".join(words[:size])) if len(words) > size else None
        if kind is not None:
            return kind, _name_case(words[size:])
    if not words or kind_of(" ".join(words)) is not None:
        raise ValueError(
            f"No unit name in {text!r} - type the kind and the name, e.g. 'xã Tân Hòa', "
            "'phường 3' or 'đặc khu Phú Quốc'"
        )
    return None, _name_case(words)


def _name_case(words: list[str]) -> str:
    # Stored as headers are read ("TÂN HÒA", "tân hòa" -> "Tân Hòa"); "H'Leo" stays.
    return " ".join((w.capitalize() if w.isupper() else w[:1].upper() + w[1:]) for w in words)
