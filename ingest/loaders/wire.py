"""What crosses the pipe between the caller and the parser process: length-prefixed JSON.

JSON, not pickle: the parser process has just read a hostile file, so its answers are
read back as plain data only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from ingest.errors import (
    CorruptFileError,
    EmptyReportError,
    EncryptedFileError,
    FileTooLargeError,
    IngestError,
    MissingToolError,
    UnsupportedFileError,
)
from ingest.loaders.limits import LoadLimits
from ingest.types import Block, LoadedDocument

HEADER_BYTES = 8  # big-endian length of the JSON message that follows
REPAIR_HINT = "the file is probably damaged; open it in Word or LibreOffice and save it again"
# Errors cross the pipe by class name and are raised again on the caller's side.
ERRORS: dict[str, type[IngestError]] = {
    cls.__name__: cls
    for cls in (
        IngestError,
        CorruptFileError,
        EmptyReportError,
        EncryptedFileError,
        FileTooLargeError,
        MissingToolError,
        UnsupportedFileError,
    )
}
_BLOCK_FIELDS = tuple(field.name for field in fields(Block))


def frame(message: dict[str, Any]) -> bytes:
    """One message as it goes down the pipe: length header, then UTF-8 JSON."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return len(body).to_bytes(HEADER_BYTES, "big") + body


def request(kind: str, path: str, limits: LoadLimits, page: int | None = None) -> dict[str, Any]:
    return {"kind": kind, "path": path, "limits": asdict(limits), "page": page}


def limits_from_request(message: dict[str, Any]) -> LoadLimits:
    return LoadLimits(**message["limits"])


def ok(document: LoadedDocument) -> dict[str, Any]:
    return {"ok": asdict(document)}


def error(name: str, problem: str, hint: str) -> dict[str, Any]:
    return {"error": {"type": name, "problem": problem, "hint": hint}}


def unpack(answer: bytes, path: str) -> LoadedDocument:
    """Turn the parser's JSON answer back into a document, or raise the error it reports."""
    try:
        outcome = json.loads(answer)
        if "error" in outcome:
            reported = outcome["error"]
            cls = ERRORS.get(str(reported["type"]), IngestError)
            problem, hint = str(reported["problem"]), str(reported["hint"])
        else:
            return document_from_wire(outcome["ok"])
    except (ValueError, KeyError, TypeError) as err:
        raise CorruptFileError(path, "the parser sent a garbled answer", hint=REPAIR_HINT) from err
    raise cls(path, problem, hint=hint)


def document_from_wire(data: dict[str, Any]) -> LoadedDocument:
    blocks = tuple(Block(**{name: item[name] for name in _BLOCK_FIELDS}) for item in data["blocks"])
    return LoadedDocument(
        source=str(data["source"]),
        file_format=str(data["file_format"]),
        blocks=blocks,
        hidden_chars_dropped=int(data["hidden_chars_dropped"]),
        warnings=tuple(str(warning) for warning in data["warnings"]),
        ocr_pages=tuple(int(page) for page in data.get("ocr_pages", ())),
        pages_without_text=tuple(int(page) for page in data.get("pages_without_text", ())),
    )
