"""File -> Report: load, clean, split header/sections/closing, read metadata."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ingest.errors import EmptyReportError
from ingest.fingerprint import make_content_key
from ingest.loaders import PageProgress, load_document
from ingest.metadata import extract_metadata, split_header
from ingest.normalize import Paragraph, normalize_text
from ingest.paragraphs import paragraphs_from_blocks, running_lines
from ingest.sections import split_sections
from ingest.types import (
    CLOSING_LABELS,
    HEADER_LABELS,
    LoadedDocument,
    Report,
    Section,
    make_report_id,
)

logger = logging.getLogger(__name__)

# Loaders that emit one block per printed line (hard wraps to join, running headers).
LINE_BASED_FORMATS = frozenset({"txt", "md", "pdf", "image"})
# Formats laid out on printed pages (page numbers, running headers and footers).
PRINTED_FORMATS = frozenset({"pdf", "image"})


def load_report(
    path: str | Path, *, source: str | None = None, on_page: PageProgress | None = None
) -> Report:
    """Parse one file into a Report.

    Args:
        path: the file.
        source: the name to record instead of the path.
        on_page: told of each page OCR'd (pages OCR'd, pages to OCR) when it is a scan.

    Raises:
        IngestError: (a subclass) naming the file when it cannot be read or holds no text.
    """
    document = load_document(Path(path), on_page=on_page)
    return parse_report(replace(document, source=source) if source else document)


def parse_report(doc: LoadedDocument) -> Report:
    """Turn a loader's blocks into a Report (metadata + numbered sections)."""
    is_line_based = doc.file_format in LINE_BASED_FORMATS
    paragraphs = paragraphs_from_blocks(
        doc.blocks, is_line_based=is_line_based, is_printed=doc.file_format in PRINTED_FORMATS
    )
    full_text = "\n".join(p.text for p in paragraphs if p.text)
    if not full_text.strip():
        raise EmptyReportError(doc.source, "no readable text", hint="is it a scanned image?")
    normalised = normalize_text(full_text)
    report_id = make_report_id(normalised)
    header = split_header(paragraphs)
    split = split_sections(paragraphs[header.end :], report_id=report_id)
    body_text = "\n".join(section.text for section in split.sections)
    metadata = extract_metadata(
        paragraphs,
        header,
        body_text=body_text,
        closing=split.closing,
        running=running_lines(doc.blocks) if is_line_based else (),
    )
    warnings = list(doc.warnings)
    if not any(section.labels for section in split.sections):
        warnings.append("no numbered sections found; sections follow styled headings only")
    logger.debug("parsed %s: %d sections", doc.source, len(split.sections))
    count = len(split.sections)
    return Report(
        report_id=report_id,
        content_key=make_content_key(normalised),
        source=doc.source,
        file_format=doc.file_format,
        metadata=metadata,
        sections=split.sections,
        hidden_chars_dropped=doc.hidden_chars_dropped,
        warnings=tuple(warnings),
        ocr_pages=doc.ocr_pages,
        header=_block_section(report_id, paragraphs[: header.end], HEADER_LABELS, count),
        closing=_block_section(report_id, split.closing, CLOSING_LABELS, count + 1),
    )


def _block_section(
    report_id: str, paragraphs: Sequence[Paragraph], labels: tuple[str, ...], ordinal: int
) -> Section | None:
    """The header or closing block as a citable section: its lines, as printed."""
    lines = [p.text for p in paragraphs if p.text.strip() and p.kind not in ("break", "footnote")]
    if not lines:
        return None
    pages = [page for p in paragraphs for page in (p.page_start, p.page_end) if page is not None]
    title = "Phần đầu văn bản" if labels == HEADER_LABELS else "Phần ký và nơi nhận"
    return Section(
        report_id=report_id,
        ordinal=ordinal,
        labels=labels,
        heading_path=(title,),
        title=title,
        text="\n".join(lines),
        page_start=min(pages, default=None),
        page_end=max(pages, default=None),
    )
