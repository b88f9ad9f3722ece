"""PDF loader: one Block per printed line, with its 1-based page (pypdf).

Runs inside the parser process of `ingest.loaders.sandbox` (it can be killed there), so
it only needs to enforce the budgets it can count: pages and characters. Lines are
returned as printed: joining hard wraps and hyphenation is the normalizer's job.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError, PyPdfError
from pypdf.generic import ContentStream, NameObject

from ingest.errors import CorruptFileError, EncryptedFileError, FileTooLargeError
from ingest.loaders.limits import LoadLimits
from ingest.loaders.pdf_forms import FormsTooLargeError, inline_forms
from ingest.loaders.pdf_tables import (
    PageTable,
    page_tables,
    table_reader,
    with_tables,
)
from ingest.loaders.pdf_visibility import VisibilityTracker
from ingest.types import Block, LoadedDocument

logger = logging.getLogger(__name__)

# A page with an image and fewer visible characters than this is a scan (its text, if any,
# a stamp or page number) and goes to OCR; a page of text holds hundreds.
SCAN_MAX_CHARS = 40
# Pages drawing fewer rules (rectangles and line segments) than this hold no ruled table,
# so pdfplumber, which costs ~60 ms a page, is not asked (a 3x2 table draws 7 or more).
MIN_TABLE_RULES = 7
_RULES = frozenset({b"re", b"l"})
_REPAIR_HINT = "the file is damaged or truncated; open it and save (or print) it again as PDF"
_PASSWORD_HINT = "open it, remove the password, and save an unprotected copy"


def load_pdf(path: str, limits: LoadLimits) -> LoadedDocument:
    """Extract the visible text of a PDF, line by line.

    Raises:
        EncryptedFileError: protected by a password other than the empty one.
        FileTooLargeError: over the page or character budget.
        CorruptFileError: pypdf cannot read the file.
    """
    try:
        return _extract(path, limits)
    except FormsTooLargeError as err:
        raise FileTooLargeError(
            path, f"its pages draw {err}", hint="the file looks crafted; print it again as PDF"
        ) from err
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as err:
        raise CorruptFileError(path, f"pypdf could not read it ({err})", hint=_REPAIR_HINT) from err


def _extract(path: str, limits: LoadLimits) -> LoadedDocument:
    reader = PdfReader(path)
    _unlock(reader, path)
    _check_pages(reader, path, limits)
    with table_reader(path) as tables:
        return _read_pages(path, reader, tables, limits)


def _read_pages(path: str, reader: PdfReader, tables: Any, limits: LoadLimits) -> LoadedDocument:
    blocks: list[Block] = []
    scanned: list[int] = []
    hidden_chars = 0
    total_chars = 0
    last: PageTable | None = None  # the last table of the page before
    for number, page in enumerate(reader.pages, start=1):
        # Budget checked before extraction too: pypdf cannot be stopped mid-page, and a
        # crafted page can hold millions of characters (the shared 5 MB stream case).
        text, hidden, rules = _page_text(page, reader, budget=limits.max_chars - total_chars)
        if text is None or total_chars + len(text) > limits.max_chars:
            raise FileTooLargeError(
                path,
                f"more than {limits.max_chars} characters of text by page {number}",
                hint="the file is unusually large or crafted; split it or raise "
                "LoadLimits.max_chars",
            )
        total_chars += len(text)
        hidden_chars += hidden
        if _is_scan(text, page):
            scanned.append(number)
            continue
        printed = _lines(text)
        lines = [(line, "paragraph") for line in printed]
        found: list[PageTable] = []
        unruled: list[PageTable] = []
        figure_rows = _has_figure_rows(printed)
        has_rules = rules >= MIN_TABLE_RULES
        if has_rules or figure_rows:
            found, unruled = page_tables(
                tables, number - 1, before=last, ruled=has_rules, unruled=figure_rows
            )
        if found or unruled:
            lines = with_tables(printed, [*found, *unruled])
        last = found[-1] if found else None
        blocks.extend(Block(text=line, page=number, kind=kind) for line, kind in lines)
    warnings = (f"{hidden_chars} hidden characters dropped",) if hidden_chars else ()
    return LoadedDocument(
        source=path,
        file_format="pdf",
        blocks=tuple(blocks),
        hidden_chars_dropped=hidden_chars,
        warnings=warnings,
        pages_without_text=tuple(scanned),
    )


def _is_scan(text: str, page: Any) -> bool:
    visible = sum(1 for char in text if not char.isspace())
    return visible < SCAN_MAX_CHARS and _has_image(page)


def _has_image(page: Any) -> bool:
    """Whether the page's resources hold an image (looked up, never decoded)."""
    resources = page.get("/Resources")
    objects = resources.get_object().get("/XObject") if resources is not None else None
    if objects is None:
        return False
    for reference in objects.get_object().values():
        item = reference.get_object()
        if item.get("/Subtype") == "/Image":
            return True
    return False


def _check_pages(reader: PdfReader, path: str, limits: LoadLimits) -> None:
    page_count = len(reader.pages)
    if page_count > limits.max_pages:
        raise FileTooLargeError(
            path,
            f"{page_count} pages (limit {limits.max_pages})",
            hint="split the document or raise LoadLimits.max_pages",
        )


def _unlock(reader: PdfReader, path: str) -> None:
    if not reader.is_encrypted:
        return
    try:
        # Many "protected" PDFs only restrict printing: the empty user password opens them.
        opened = reader.decrypt("")
    except DependencyError as err:
        raise EncryptedFileError(
            path,
            "the PDF is encrypted with AES, which needs the 'cryptography' package",
            hint=f"pip install cryptography, or {_PASSWORD_HINT}",
        ) from err
    if not opened:
        raise EncryptedFileError(path, "the PDF is password-protected", hint=_PASSWORD_HINT)


def _page_text(page: Any, reader: PdfReader, *, budget: int) -> tuple[str | None, int, int]:
    """Visible text of one page, its hidden non-blank characters, and its rules drawn.

    Rules are rectangles and line segments: a ruled table draws many.

    Returns None for the text, without extracting, when the page's strings alone must give
    more than `budget` characters.
    """
    if "/Contents" not in page:
        return "", 0, 0
    # "bytes" keeps string operands undecoded, as pypdf's own extractor needs them.
    contents = ContentStream(page[NameObject("/Contents")].get_object(), reader, "bytes")
    operations = inline_forms(list(contents.operations), page, reader)
    split = VisibilityTracker(_visible_box(page)).split(operations)
    if split.visible_bytes // 2 > budget:
        return None, 0, 0
    rules = sum(operator in _RULES for _, operator in operations)
    page[NameObject("/Contents")] = _stream(split.visible, reader)
    text: str = page.extract_text(extraction_mode="plain")
    hidden = 0
    if split.hidden_shows:
        page[NameObject("/Contents")] = _stream(split.hidden, reader)
        hidden_text: str = page.extract_text(extraction_mode="plain")
        hidden = sum(1 for char in hidden_text if not char.isspace())
        logger.info("Dropped %s hidden characters on a page", hidden)
    return text, hidden, rules


def _visible_box(page: Any) -> tuple[float, float, float, float]:
    box = page.cropbox
    left, right = sorted((float(box.left), float(box.right)))
    bottom, top = sorted((float(box.bottom), float(box.top)))
    return left, bottom, right, top


def _stream(operations: list[Any], reader: PdfReader) -> ContentStream:
    stream = ContentStream(None, reader, "bytes")
    stream.operations = operations
    return stream


def _lines(text: str) -> list[str]:
    lines = (unicodedata.normalize("NFC", line).rstrip() for line in text.splitlines())
    return [line for line in lines if line.strip()]


# A printed line of a table without rules: two or more figures standing apart.
_FIGURE_TOKEN = re.compile(r"^[-+]?\d[\d.,]*%?$")
# Lines like that on a page before pdfplumber is asked where its words stand.
MIN_FIGURE_ROWS = 3


def _has_figure_rows(lines: Sequence[str]) -> bool:
    rows = sum(
        sum(bool(_FIGURE_TOKEN.match(token)) for token in line.split()) >= 2 for line in lines
    )
    return rows >= MIN_FIGURE_ROWS
