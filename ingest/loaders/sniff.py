"""Tell a file's type from its content, never from its extension (issue 7).

Officials rename files freely: a ".pdf" that is really a DOCX is read as DOCX, and a
scanned page renamed ".docx" is read by OCR as the image it is. A ".docx" or ".doc" that
is really plain text is refused (issue 16): read as text it became a report with no unit
and no sections, and the user is better served by a clear error naming the file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from ingest.errors import (
    CorruptFileError,
    EmptyReportError,
    EncryptedFileError,
    UnsupportedFileError,
)

FileKind = Literal["pdf", "docx", "doc", "image", "text"]

SUPPORTED = "supported: .docx, .doc, .md, .pdf, .txt, and scans as .png, .jpg, .tif"
HEAD_BYTES = 8192
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A PDF header may follow some junk (the spec tolerates 1 KB of it, readers too).
_PDF_HEADER_WINDOW = 1024
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Scans and photos read by OCR (Tesseract reads these losslessly or as scanners write them).
_OCR_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_OTHER_IMAGES = {b"GIF87a": "GIF image", b"GIF89a": "GIF image"}
_WORD_SUFFIXES = (".docx", ".doc")
_SCAN_HINT = "save the scan as PNG, JPEG, TIFF or PDF"
# Bytes that never occur in a text report (control characters other than tab/newlines).
_BINARY_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def sniff_type(path: str, head: bytes) -> FileKind:
    """Classify a file from its first bytes (`head`); zips and OLE files are opened too.

    Raises:
        EmptyReportError: the file is empty.
        EncryptedFileError: a password-protected Office file.
        UnsupportedFileError: anything else we cannot read (names the type found).
        CorruptFileError: a zip whose directory cannot be read.
    """
    if not head:
        raise EmptyReportError(path, "the file is empty (0 bytes)", hint="export it again")
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(_OCR_IMAGES):
        return "image"
    for magic, name in _OTHER_IMAGES.items():
        if head.startswith(magic):
            raise _unsupported(path, name, _SCAN_HINT)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise _unsupported(path, "WebP image", _SCAN_HINT)
    kind = _sniff_text(path, head)
    suffix = Path(path).suffix.lower()
    if suffix in _WORD_SUFFIXES:
        raise CorruptFileError(
            path,
            f"it is not a Word document ({suffix}) but plain text",
            hint="save it as .docx again or rename it to .txt",
        )
    return kind


def _sniff_zip(path: str) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise CorruptFileError(
            path,
            f"the archive is damaged or truncated ({err})",
            hint="open it in Word or LibreOffice and save it again",
        ) from err
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise _unsupported(path, "Excel workbook (xlsx)", "copy the report text into a .docx")
    if any(name.startswith("ppt/") for name in names):
        raise _unsupported(path, "PowerPoint file (pptx)", "export it as PDF")
    if "mimetype" in names:
        raise _unsupported(path, "OpenDocument file", "save it as .docx from LibreOffice")
    raise _unsupported(path, "ZIP archive", "unpack it and ingest the reports inside")


def _sniff_ole(path: str) -> FileKind:
    # Old Office binaries and encrypted OOXML share the OLE container; the directory
    # entry names (UTF-16LE) tell them apart. Files are capped in size before this.
    data = Path(path).read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedFileError(
            path,
            "the document is password-protected",
            hint="open it in Word, remove the password (File > Info > Protect) and save again",
        )
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data:
        raise _unsupported(path, "Excel 97-2003 workbook (.xls)", "copy the text into a .docx")
    raise _unsupported(path, "OLE compound file", "save it as .docx or .pdf")


def _sniff_text(path: str, head: bytes) -> FileKind:
    if head.startswith(_BOMS):
        return "text"
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html")) or b"<html" in stripped[:1024]:
        raise _unsupported(path, "HTML page", "save the page as PDF or copy its text into .docx")
    if stripped.startswith(b"<?xml"):
        # Word 2003 XML / Flat OPC: the text would come out buried in markup.
        raise _unsupported(path, "XML document", "open it in Word and save it as .docx")
    if stripped.startswith(b"{\\rtf"):
        raise _unsupported(path, "RTF document", "save it as .docx")
    if _looks_like_utf16(head):
        return "text"
    binary = sum(1 for byte in head if byte in _BINARY_BYTES)
    # A few stray NULs or control bytes happen in exported text; more means binary.
    if binary > max(4, len(head) // 100):
        raise _unsupported(path, "binary file", "convert it to .docx, .pdf or UTF-8 .txt")
    return "text"


def _looks_like_utf16(head: bytes) -> bool:
    # UTF-16 without a BOM: spaces and ASCII letters put NULs at every other byte.
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 8:
        return False
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    return max(odd_nuls, even_nuls) > half * 0.3 and min(odd_nuls, even_nuls) < half * 0.02


def _unsupported(path: str, found: str, hint: str) -> UnsupportedFileError:
    problem = f"unsupported type {found!r} ({SUPPORTED})"
    return UnsupportedFileError(path, problem, hint=hint)
