"""Load any supported file into blocks: sniff its type by content, then parse within budgets.

`load_document(path)` is the one entry point. PDF and DOCX are parsed in a killable child
process (`sandbox`, `worker`) under time and memory caps; plain text is read in-process,
since a size cap is all it needs.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import replace
from pathlib import Path

from ingest.errors import CorruptFileError, EmptyReportError, FileTooLargeError
from ingest.loaders.limits import DEFAULT_LIMITS, MB, LoadLimits
from ingest.loaders.sandbox import run_isolated
from ingest.loaders.sniff import HEAD_BYTES, FileKind, sniff_type
from ingest.loaders.text import load_text
from ingest.types import LoadedDocument

__all__ = ["DEFAULT_LIMITS", "LoadLimits", "load_document", "sniff_file"]

logger = logging.getLogger(__name__)

# Control characters never belong in report text (NULs come from broken exports).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load_document(
    path: str | os.PathLike[str], *, limits: LoadLimits | None = None
) -> LoadedDocument:
    """Read a report file into blocks, whatever its extension says.

    Args:
        path: a PDF, DOCX, TXT or Markdown file (the type is taken from the content).
        limits: safety budgets; `DEFAULT_LIMITS` when None.

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
    if kind == "pdf":
        document = run_isolated("pdf", name, limits)
    elif kind == "docx":
        document = run_isolated("docx", name, limits)
    else:
        document = load_text(name)
    return _checked(_cleaned(document), name)


def sniff_file(path: str, *, limits: LoadLimits | None = None) -> FileKind:
    """The file's type by content ("pdf", "docx" or "text"), after the size cap.

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
