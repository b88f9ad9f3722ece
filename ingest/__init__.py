"""Files -> Report (metadata + numbered sections) -> Chunks; no embeddings here.

>>> from ingest import load_report, chunk_report
>>> report = load_report("samples/reports/text/000_5662c8cb383135c1.txt")  # doctest: +SKIP
>>> chunks = chunk_report(report, max_tokens=400)  # doctest: +SKIP
"""

from __future__ import annotations

from ingest.chunking import chunk_report, split_sentences
from ingest.errors import (
    CorruptFileError,
    EmptyReportError,
    EncryptedFileError,
    FileTooLargeError,
    IngestError,
    UnsupportedFileError,
)
from ingest.folding import fold
from ingest.loaders import load_document
from ingest.normalize import normalize_text
from ingest.pipeline import load_report, parse_report
from ingest.types import Block, Chunk, LoadedDocument, Report, ReportMetadata, Section

__all__ = [
    "Block",
    "Chunk",
    "CorruptFileError",
    "EmptyReportError",
    "EncryptedFileError",
    "FileTooLargeError",
    "IngestError",
    "LoadedDocument",
    "Report",
    "ReportMetadata",
    "Section",
    "UnsupportedFileError",
    "chunk_report",
    "fold",
    "load_document",
    "load_report",
    "normalize_text",
    "parse_report",
    "split_sentences",
]
