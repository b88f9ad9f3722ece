"""Plain-text and Markdown loader: detect the encoding, emit one Block per printed line.

Accepted: UTF-8 (with or without BOM), UTF-16 with a BOM, and the two legacy 8-bit
Vietnamese encodings still found on office machines — Windows-1258 and TCVN3 (ABC, the
.VnTime fonts). Legacy bytes are decoded with each candidate and the result that reads
most like Vietnamese wins, instead of guessing a Western code page and mangling text.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path

from ingest.errors import CorruptFileError, EmptyReportError
from ingest.tones import TONE_MARKS, tone_position
from ingest.types import Block, LoadedDocument

logger = logging.getLogger(__name__)
UNICODE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16"})
# TCVN3 (ABC) byte -> character. Upper-case toned letters lived in a separate font that
# reused these bytes, so plain text can only hold the lower-case forms listed here.
_TCVN3_PAIRS = (
    "¸á µà ¶ả ·ã ¹ạ ¨ă ¾ắ »ằ ¼ẳ ½ẵ Æặ ©â Êấ Çầ Èẩ Éẫ Ëậ ®đ Ðé Ìè Îẻ Ïẽ Ñẹ ªê Õế Òề Óể Ôễ Öệ "
    "Ýí ×ì Øỉ Üĩ Þị ãó ßò áỏ âõ äọ «ô èố åồ æổ çỗ éộ ¬ơ íớ êờ ëở ìỡ îợ óú ïù ñủ òũ ôụ "
    "\u00adư øứ õừ öử ÷ữ ùự ýý úỳ ûỷ üỹ þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3_TABLE = {ord(pair[0]): pair[1] for pair in _TCVN3_PAIRS.split(" ")}
_VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)
_WORD = re.compile(r"[^\W\d_]+")
_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyzăâđêôơư")
_TONED_LETTERS = frozenset(
    ch
    for ch in _VIETNAMESE_LETTERS
    if any(m in TONE_MARKS for m in unicodedata.normalize("NFD", ch))
)
_PAIRS = frozenset({"oa", "oe", "uy"})
_JUNK = frozenset("¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞ«¬\ufffd")


def load_text(path: str | Path, *, source: str | None = None) -> LoadedDocument:
    """Read a .txt/.md file into line blocks (page = 1 + form feeds seen).

    Raises:
        EmptyReportError: the file holds no text.
        CorruptFileError: NUL bytes without a UTF-16 byte-order mark (a binary file).
    """
    path = Path(path)
    name = source or str(path)
    text, encoding = decode_bytes(path.read_bytes(), name)
    warnings = () if encoding in UNICODE_ENCODINGS else (f"decoded from legacy {encoding}",)
    if warnings:
        logger.info("%s: decoded from legacy %s", name, encoding)
    blocks: list[Block] = []
    for page, page_text in enumerate(text.split("\f"), start=1):
        blocks.extend(Block(text=line.rstrip(), page=page) for line in page_text.splitlines())
    if not any(block.text.strip() for block in blocks):
        raise EmptyReportError(name, "the file holds no text", hint="check it is not empty")
    file_format = "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"
    return LoadedDocument(
        source=name, file_format=file_format, blocks=tuple(blocks), warnings=warnings
    )


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8/UTF-16 (by BOM) or a detected legacy Vietnamese encoding."""
    return decode_bytes(data, name)[0]


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """(NFC text, encoding used): BOM first, then UTF-8, then the best legacy guess."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding
    if b"\x00" in data:
        raise CorruptFileError(
            name,
            "the file contains NUL bytes, so it is binary or UTF-16 without a byte-order mark",
            hint="save it as UTF-8 text",
        )
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        return decode_legacy(data)


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick Windows-1258 or TCVN3, whichever reads most like Vietnamese."""
    candidates = [
        (unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "Windows-1258"),
        (unicodedata.normalize("NFC", data.decode("latin-1").translate(TCVN3_TABLE)), "TCVN3"),
    ]
    return max(candidates, key=lambda candidate: vietnamese_score(candidate[0]))


def vietnamese_score(text: str) -> float:
    """Share of words that are well-formed Vietnamese syllables, diacritics weighing more.

    A wrong code page yields letters with two tone marks, marks on impossible vowels or
    symbols such as "¸" and "µ", so the right decoding scores clearly higher.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    good = sum(
        (1.5 if not word.isascii() else 1.0) for word in words if is_plausible_syllable(word)
    )
    junk = sum(1 for ch in text if ch in _JUNK)
    return (good - 2 * junk) / len(words)


def is_plausible_syllable(word: str) -> bool:
    """One tone mark at most, Vietnamese letters only, the mark on a vowel that can carry it."""
    parts = unicodedata.normalize("NFD", word)
    tones = [i for i, ch in enumerate(parts) if ch in TONE_MARKS]
    bare = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in TONE_MARKS))
    if len(tones) > 1 or any(ch not in _ALPHABET for ch in bare):
        return False
    if not tones:
        return True
    position = tone_position(bare)
    marked = next(
        (i for i, ch in enumerate(unicodedata.normalize("NFC", word)) if ch in _TONED_LETTERS),
        None,
    )
    if position is None or marked is None:
        return False
    # Either convention: the traditional one marks the first vowel of open "oa", "oe", "uy".
    return marked == position or (marked == position - 1 and bare[marked : position + 1] in _PAIRS)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return unicodedata.normalize("NFC", data.decode(encoding))
    except UnicodeDecodeError as err:
        raise CorruptFileError(
            name, f"invalid {encoding} text at byte {err.start}", hint="re-save it as UTF-8"
        ) from err
