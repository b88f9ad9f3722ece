"""Errors the assistant raises, and the whole tree callers may catch.

Exception
 ├── IngestError (ingest.errors)          a file could not become a report
 │    ├── UnsupportedFileError, EmptyReportError, CorruptFileError,
 │    └── EncryptedFileError, FileTooLargeError
 ├── IndexingError (index.errors)         the index could not do what was asked
 │    ├── IndexNotBuiltError, EmbedderMismatchError, IndexLockedError,
 │    └── IndexDamagedError, ReportNotFoundError, StoreUnavailableError
 └── AssistantError                       a question could not be handled
      ├── ConfigError                     bad settings / config file
      ├── QuestionTooLongError            over the question length cap
      └── ChatModelError                  the optional LLM failed (callers fall back)

"The reports do not say" is an Answer with `abstained=True`, never an exception.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Root of assistant errors."""


class ConfigError(AssistantError):
    """Settings could not be read; the message names the key or file."""


class QuestionTooLongError(AssistantError):
    """The question exceeds the configured maximum length."""


class ChatModelError(AssistantError):
    """The optional chat model failed, timed out or answered garbage."""
