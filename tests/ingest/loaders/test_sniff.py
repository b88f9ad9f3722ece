"""Type sniffing by content, never by extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ingest.errors import (
    CorruptFileError,
    EmptyReportError,
    EncryptedFileError,
    FileTooLargeError,
    UnsupportedFileError,
)
from ingest.loaders import LoadLimits, sniff_file
from ingest.loaders.sniff import SUPPORTED, sniff_type

TEXT = "Báo cáo tình hình kinh tế - xã hội quý I/2026.\n"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"\r\n\r\n  junk before the header %PDF-1.4\n", "pdf"),
        (TEXT.encode("utf-8"), "text"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "text"),
        (TEXT.encode("utf-16"), "text"),
        (TEXT.encode("utf-16-le"), "text"),
        (b"# B\xc3\xa1o c\xc3\xa1o\n\n## I. K\xe1\xba\xbeT QU\xe1\xba\xa2\n", "text"),
        (b"Bao cao\x00 with one stray NUL but otherwise plain text of a report" * 3, "text"),
        # Scans and photos go to OCR.
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image"),
        (b"II*\x00\x08\x00\x00\x00", "image"),
        (b"MM\x00*\x00\x00\x00\x08", "image"),
    ],
)
def test_readable_types(head: bytes, kind: str) -> None:
    assert sniff_type("x", head) == kind


@pytest.mark.parametrize(
    ("head", "found"),
    [
        (b"GIF89a\x01\x00", "GIF image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"<!DOCTYPE html>\n<html><body>", "HTML page"),
        (b"  <HTML lang='vi'>", "HTML page"),
        (b"{\\rtf1\\ansi\\deff0", "RTF document"),
        (b'<?xml version="1.0"?><w:wordDocument>', "XML document"),
        (bytes(range(256)), "binary file"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "binary file"),
    ],
)
def test_unsupported_types_name_what_was_found(head: bytes, found: str) -> None:
    with pytest.raises(UnsupportedFileError) as caught:
        sniff_type("scan.docx", head)
    assert repr(found) in str(caught.value)
    assert SUPPORTED in str(caught.value)
    assert "'scan.docx'" in str(caught.value)


def test_empty_file() -> None:
    with pytest.raises(EmptyReportError, match="0 bytes"):
        sniff_type("empty.pdf", b"")


def _zip(path: Path, names: list[str]) -> str:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return str(path)


def test_zip_containers(tmp_path: Path) -> None:
    head = b"PK\x03\x04"
    assert sniff_type(_zip(tmp_path / "a.pdf", ["word/document.xml"]), head) == "docx"
    with pytest.raises(UnsupportedFileError, match="xlsx"):
        sniff_type(_zip(tmp_path / "b.docx", ["xl/workbook.xml"]), head)
    with pytest.raises(UnsupportedFileError, match="pptx"):
        sniff_type(_zip(tmp_path / "c.docx", ["ppt/presentation.xml"]), head)
    broken = tmp_path / "d.docx"
    broken.write_bytes(head + b"\0" * 40)
    with pytest.raises(CorruptFileError, match="damaged or truncated"):
        sniff_type(str(broken), head)


def test_encrypted_office_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(EncryptedFileError, match="password"):
        sniff_type(str(path), path.read_bytes()[:8192])


def test_size_cap_comes_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 100, encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="limit"):
        sniff_file(str(path), limits=LoadLimits(max_bytes=1000))
    assert sniff_file(str(path)) == "text"


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CorruptFileError, match="cannot be read"):
        sniff_file(str(tmp_path / "nope.pdf"))


@pytest.mark.parametrize("field", ["max_bytes", "max_pages", "max_chars", "timeout_s"])
def test_limits_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        LoadLimits(**{field: 0})


def test_text_renamed_docx_is_refused_naming_the_file(tmp_path: Path) -> None:
    renamed = tmp_path / "báo cáo tháng 6.docx"
    renamed.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CorruptFileError) as caught:
        sniff_file(str(renamed))
    message = str(caught.value)
    assert repr(str(renamed)) in message and "\n" not in message
    assert "is not a Word document (.docx)" in message
    assert "save it as .docx again or rename it to .txt" in message
    renamed.rename(tmp_path / "báo cáo tháng 6.txt")
    assert sniff_file(str(tmp_path / "báo cáo tháng 6.txt")) == "text"
