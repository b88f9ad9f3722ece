"""Errors raised by the index layer.

IndexingError                   the index could not do what was asked
 ├── IndexNotBuiltError         no index at the given place yet
 ├── EmbedderMismatchError      the index was built with another embedder
 ├── IndexLockedError           another process is writing this index
 ├── IndexDamagedError          the store on disk is unreadable
 ├── ReportNotFoundError        no report with that id
 ├── UnitNameError              a unit typed by hand names no unit
 └── StoreUnavailableError      the Chroma server cannot be reached
"""

from __future__ import annotations


class IndexingError(Exception):
    """Root of index errors; messages name the input and the next step."""


class IndexNotBuiltError(IndexingError):
    """No index exists at the given location."""


class EmbedderMismatchError(IndexingError):
    """The collection was embedded with a different model."""


class IndexLockedError(IndexingError):
    """Another process holds the writer lock."""


class IndexDamagedError(IndexingError):
    """The local store is damaged and must be rebuilt."""


class ReportNotFoundError(IndexingError):
    """No report with the given id is indexed."""


class UnitNameError(IndexingError):
    """A unit typed by hand has no name ("", or "xã" alone)."""


class StoreUnavailableError(IndexingError):
    """The vector store (e.g. a Chroma server) cannot be reached."""
