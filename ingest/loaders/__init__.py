"""Load any supported file into blocks: sniff its type by content, then parse within budgets.

`load_document(path)` is the one entry point. PDF and DOCX are parsed in a killable child
process (`sandbox`, `worker`) under time and memory caps; plain text is read in-process,
since a size cap is all it needs. PDF pages without text and image files are OCR'd in the
same child, a page per request (`ocr`), so each page has its own time budget and the
caller sees progress page by page.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ingest.errors import CorruptFileError, EmptyReportError, FileTooLargeError
from ingest.loaders.doc import convert_doc
from ingest.loaders.limits import DEFAULT_LIMITS, MB, LoadLimits
from ingest.loaders.ocr import ocr_available, require_ocr
from ingest.loaders.sandbox import ParserKind, run_isolated
from ingest.loaders.sniff import HEAD_BYTES, FileKind, sniff_type
from ingest.loaders.text import load_text
from ingest.types import LoadedDocument

__all__ = ["DEFAULT_LIMITS", "LoadLimits", "PageProgress", "load_document", "sniff_file"]

PageProgress = Callable[[int, int], None]
"""Called with (pages OCR'd, pages to OCR) as a scan is read."""

logger = logging.getLogger(__name__)

# Control characters never belong in report text (NULs come from broken exports).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load_document(
    path: str | os.PathLike[str],
    *,
    limits: LoadLimits | None = None,
    on_page: PageProgress | None = None,
) -> LoadedDocument:
    """Read a report file into blocks, whatever its extension says.

    Args:
        path: a PDF, DOCX, TXT or Markdown file, or a scan (PNG, JPEG, TIFF); the type is
            taken from the content.
        limits: safety budgets; `DEFAULT_LIMITS` when None.
        on_page: told of each page OCR'd, when pages need OCR.

    Returns:
        The blocks in reading order, with the count of hidden characters dropped.

    Raises:
        IngestError: a subclass naming the file and the next step (unsupported, empty,
            corrupt, encrypted or over a budget).
    """
    limits = limits or DEFAULT_LIMITS
    name = str(path)
    kind = sniff_file(name, limits=limits)
    logger.info("Loading %s as %s", name, kind)
    if kind == "text":
        document = load_text(name)
    elif kind == "doc":
        document = _load_doc(name, limits)
    else:
        document = run_isolated(kind, name, limits)
    if document.pages_without_text:
        document = _with_ocr(document, name, limits, on_page)
    return _checked(_cleaned(document), name)


def _load_doc(path: str, limits: LoadLimits) -> LoadedDocument:
    """A Word 97-2003 file: LibreOffice converts it, the DOCX parser reads the result."""
    with tempfile.TemporaryDirectory(prefix="baocao-doc-") as folder:
        converted = convert_doc(path, Path(folder), limits)
        document = run_isolated("docx", str(converted), limits)
    return replace(document, source=path, file_format="doc")


def _with_ocr(
    document: LoadedDocument, path: str, limits: LoadLimits, on_page: PageProgress | None
) -> LoadedDocument:
    """The document with the text of its image pages read by OCR, in page order."""
    pages = document.pages_without_text
    if not ocr_available():
        if not any(block.text.strip() for block in document.blocks):
            require_ocr(path)
        # A mixed PDF keeps its text pages; the scanned ones are named in a warning.
        warning = f"{len(pages)} scanned pages not read: Tesseract is not installed"
        logger.warning("%s: %s", path, warning)
        return replace(document, warnings=(*document.warnings, warning), pages_without_text=())
    if len(pages) > limits.max_ocr_pages:
        raise FileTooLargeError(
            path,
            f"{len(pages)} pages to OCR (limit {limits.max_ocr_pages})",
            hint="split the scan or raise LoadLimits.max_ocr_pages",
        )
    kind: ParserKind = "ocr-pdf" if document.file_format == "pdf" else "ocr-image"
    read = {}
    chars = sum(len(block.text) for block in document.blocks)
    for done, page in enumerate(pages, start=1):
        read[page] = run_isolated(kind, path, limits, page=page).blocks
        # OCR'd text counts against the same budget as a text layer's.
        chars += sum(len(block.text) for block in read[page])
        if chars > limits.max_chars:
            raise FileTooLargeError(
                path,
                f"more than {limits.max_chars} characters of text by page {page}",
                hint="the scan is unusually large; split it or raise LoadLimits.max_chars",
            )
        if on_page is not None:
            on_page(done, len(pages))
    blocks = [*document.blocks, *(block for page in pages for block in read[page])]
    blocks.sort(key=lambda block: block.page or 0)
    return replace(
        document, blocks=tuple(blocks), ocr_pages=tuple(sorted(pages)), pages_without_text=()
    )


def sniff_file(path: str, *, limits: LoadLimits | None = None) -> FileKind:
    """The file's type by content ("pdf", "docx", "doc", "image" or "text"), after the size cap.

    Raises:
        FileTooLargeError, EmptyReportError, UnsupportedFileError, EncryptedFileError,
        CorruptFileError: see `ingest.errors`.
    """
    limits = limits or DEFAULT_LIMITS
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as err:
        raise CorruptFileError(
            path, f"cannot be read ({err.strerror})", hint="check the path"
        ) from err
    if size > limits.max_bytes:
        raise FileTooLargeError(
            path,
            f"{size / MB:.1f} MB (limit {limits.max_bytes / MB:.0f} MB)",
            hint="split the document or raise LoadLimits.max_bytes",
        )
    return sniff_type(path, head)


def _cleaned(document: LoadedDocument) -> LoadedDocument:
    # Blank blocks are kept: the text loader marks paragraph gaps with them.
    blocks = tuple(replace(block, text=_CONTROL.sub("", block.text)) for block in document.blocks)
    return replace(document, blocks=blocks)


def _checked(document: LoadedDocument, path: str) -> LoadedDocument:
    if any(block.text.strip() for block in document.blocks):
        return document
    if document.hidden_chars_dropped:
        raise EmptyReportError(
            path,
            f"all {document.hidden_chars_dropped} characters of text are hidden",
            hint="make the text visible in the original and save it again",
        )
    raise EmptyReportError(
        path,
        "no text could be extracted (a scanned document?)",
        hint="run OCR on it or export it again with its text",
    )
