"""Parser process: `python -m ingest.loaders.worker MEMORY_MB` (run by `ingest.loaders.sandbox`).

Caps its own address space, then answers requests until stdin closes: each request is
a framed JSON {"kind", "path", "limits"}, each answer a framed JSON {"ok": document}
or {"error": {"type", "problem", "hint"}} (see `ingest.loaders.wire`).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
from typing import Any, BinaryIO

from ingest.errors import IngestError
from ingest.loaders import wire
from ingest.loaders.docx import load_docx
from ingest.loaders.limits import MB, LoadLimits
from ingest.loaders.ocr import ocr_image_page, ocr_pdf_page, probe_image
from ingest.loaders.pdf import load_pdf

_LOADERS = {"pdf": load_pdf, "docx": load_docx, "image": probe_image}
_PAGE_LOADERS = {"ocr-pdf": ocr_pdf_page, "ocr-image": ocr_image_page}


def parse(kind: str, path: str, limits: LoadLimits, page: int | None = None) -> dict[str, Any]:
    """Run one loader (one page of it for OCR) and describe the outcome as JSON-ready data."""
    try:
        if kind in _PAGE_LOADERS:
            return wire.ok(_PAGE_LOADERS[kind](path, limits, page or 1))
        return wire.ok(_LOADERS[kind](path, limits))
    except IngestError as err:
        return wire.error(type(err).__name__, err.problem, err.hint)
    except MemoryError:
        problem = f"parsing needed more than {limits.max_memory_mb} MB of memory"
        return wire.error("FileTooLargeError", problem, "split the document or save it again")
    except RecursionError:
        return wire.error(
            "CorruptFileError", "its structure is nested too deeply", wire.REPAIR_HINT
        )
    # The process boundary: any parser bug must become one line, not a traceback.
    except Exception as err:
        problem = f"the parser failed ({type(err).__name__}: {str(err)[:200]})"
        return wire.error("CorruptFileError", problem, wire.REPAIR_HINT)


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer framed requests until the caller closes the pipe."""
    while (header := _read_exactly(requests, wire.HEADER_BYTES)) is not None:
        body = _read_exactly(requests, int.from_bytes(header, "big"))
        if body is None:
            return
        message = json.loads(body)
        outcome = parse(
            message["kind"],
            message["path"],
            wire.limits_from_request(message),
            message.get("page"),
        )
        answers.write(wire.frame(outcome))
        answers.flush()


def main() -> None:
    cap = int(sys.argv[1]) * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # Keep stdout for answers alone, whatever a library prints.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    logging.basicConfig(level=logging.ERROR)
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
