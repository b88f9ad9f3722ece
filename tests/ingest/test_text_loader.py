"""Text loader: UTF-8/UTF-16 by BOM, legacy Windows-1258 and TCVN3 detected by content."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import load_report
from ingest.errors import CorruptFileError, EmptyReportError
from ingest.loaders.text import TCVN3_TABLE, decode_text, load_text, vietnamese_score
from ingest.tones import TONE_MARKS

SAMPLE = (
    "BÁO CÁO\nXã Hùng Sơn được thành lập trên cơ sở sáp nhập 04 xã; tỷ lệ hộ nghèo còn cao.\n"
    "V. KIẾN NGHỊ, ĐỀ XUẤT\n1. Kính đề nghị hỗ trợ kinh phí công trình nước sinh hoạt.\n"
)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 stores tone marks as combining characters after the base letter."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def to_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC) has lower-case toned letters only; upper case lived in another font."""
    reverse = {char: chr(code) for code, char in TCVN3_TABLE.items()}
    lowered = "".join(c.lower() if c.lower() in reverse and c.lower() != c else c for c in text)
    return "".join(reverse.get(c, c) for c in lowered).encode("latin-1")


def test_utf8_with_and_without_bom() -> None:
    assert decode_text(SAMPLE.encode("utf-8"), "a.txt") == SAMPLE
    assert decode_text(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "a.txt") == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    data = SAMPLE.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_text(data, "a.txt") == SAMPLE


def test_decomposed_utf8_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", SAMPLE)
    assert decode_text(decomposed.encode("utf-8"), "a.txt") == SAMPLE


def test_windows_1258_is_detected() -> None:
    assert decode_text(to_cp1258(SAMPLE), "a.txt") == SAMPLE


def test_tcvn3_is_detected() -> None:
    decoded = decode_text(to_tcvn3(SAMPLE), "a.txt")
    # Upper-case toned letters cannot be told apart in TCVN3 text: compare case-folded.
    assert decoded.lower() == SAMPLE.lower()
    assert "hùng sơn" in decoded.lower()


def test_scores_prefer_real_vietnamese() -> None:
    assert vietnamese_score(SAMPLE) > vietnamese_score(to_tcvn3(SAMPLE).decode("cp1258"))


def test_nul_bytes_without_bom_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"BAO CAO\x00\x00\x01binary")
    with pytest.raises(CorruptFileError, match=r"broken\.txt"):
        load_text(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(EmptyReportError, match=r"empty\.txt"):
        load_text(path)


def test_lines_become_blocks_with_pages_split_by_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("Trang một\n\nvẫn trang một\fTrang hai\n", encoding="utf-8")
    document = load_text(path)
    assert document.file_format == "md"
    assert [(b.text, b.page) for b in document.blocks] == [
        ("Trang một", 1),
        ("", 1),
        ("vẫn trang một", 1),
        ("Trang hai", 2),
    ]


@pytest.mark.parametrize(("encode", "label"), [(to_cp1258, "Windows-1258"), (to_tcvn3, "TCVN3")])
def test_legacy_file_parses_end_to_end_with_a_warning(
    tmp_path: Path, encode: Callable[[str], bytes], label: str
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(encode(SAMPLE))
    report = load_report(path)
    assert f"decoded from legacy {label}" in report.warnings
    assert [s.labels for s in report.sections] == [(), ("V",), ("V", "1")]
    assert report.metadata.commune == "Hùng Sơn"
