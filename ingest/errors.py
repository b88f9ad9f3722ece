"""Errors raised while turning a file into a Report.

IngestError                 a file could not be turned into a report
 ├── UnsupportedFileError   type not supported (by content, not extension)
 ├── EmptyReportError       no readable text (0 bytes, scanned image, all hidden)
 ├── CorruptFileError       truncated / damaged / not what its extension says
 ├── EncryptedFileError     password-protected
 ├── FileTooLargeError      over a size, page, character, pixel, zip-ratio or time budget
 └── MissingToolError       a program the file needs is not installed (Tesseract, LibreOffice)
"""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be turned into a report; the message names the file.

    `kind` names the condition for those who tell it in another language (the web app).
    """

    kind = "other"

    def __init__(self, path: str, problem: str, *, hint: str = "") -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        message = f"Cannot ingest {path!r}: {problem}"
        if hint:
            message += f" - {hint}"
        super().__init__(message)


class UnsupportedFileError(IngestError):
    """The file's content is not a type we read."""

    kind = "unsupported"


class EmptyReportError(IngestError):
    """The file holds no readable text."""

    kind = "empty"


class CorruptFileError(IngestError):
    """The file is damaged or truncated."""

    kind = "corrupt"


class EncryptedFileError(IngestError):
    """The file is password-protected."""

    kind = "encrypted"


class FileTooLargeError(IngestError):
    """The file exceeds a safety budget (size, pages, characters, time)."""

    kind = "too_large"


class MissingToolError(IngestError):
    """A program the file needs is not installed; the hint says how to install it.

    Tesseract (with its Vietnamese model) reads scans, LibreOffice reads .doc files.
    """

    kind = "missing_tool"
