"""The parser process: answers are plain JSON read defensively; the process is reused."""

from __future__ import annotations

import json

import pytest

from ingest.errors import CorruptFileError, EncryptedFileError, IngestError
from ingest.loaders import LoadLimits, load_document, sandbox
from ingest.loaders.wire import document_from_wire, ok, unpack
from ingest.types import Block, LoadedDocument
from tests.data.make_samples import Samples

DOCUMENT = LoadedDocument(
    source="a.docx",
    file_format="docx",
    blocks=(
        Block(text="I. KẾT QUẢ", heading_level=1, is_bold=True, list_label="I."),
        Block(text="Chỉ tiêu | 47,52", kind="table_row"),
        Block(text="Ghi chú", kind="footnote", footnote_id="1"),
    ),
    hidden_chars_dropped=12,
    warnings=("12 hidden characters dropped",),
)


def test_document_round_trips_through_json() -> None:
    assert unpack(json.dumps(ok(DOCUMENT)).encode(), "a.docx") == DOCUMENT
    assert document_from_wire(ok(DOCUMENT)["ok"]) == DOCUMENT


def test_reported_errors_are_raised_with_the_callers_path() -> None:
    answer = {"error": {"type": "EncryptedFileError", "problem": "locked", "hint": "unlock it"}}
    with pytest.raises(EncryptedFileError, match=r"^Cannot ingest 'mine\.pdf': locked - unlock"):
        unpack(json.dumps(answer).encode(), "mine.pdf")


def test_unknown_error_types_fall_back_to_the_root() -> None:
    answer = {"error": {"type": "os.system", "problem": "x", "hint": "y"}}
    with pytest.raises(IngestError) as caught:
        unpack(json.dumps(answer).encode(), "f.pdf")
    assert type(caught.value) is IngestError


@pytest.mark.parametrize(
    "answer", [b"\x80\x04garbage", b"[]", b'{"ok": {"blocks": [{"text": 1}]}}', b"{}"]
)
def test_garbled_answers_are_corrupt_files(answer: bytes) -> None:
    with pytest.raises(CorruptFileError, match="garbled"):
        unpack(answer, "f.pdf")


def test_parser_survives_a_crashing_request(samples: Samples) -> None:
    """A file that exhausts the parser is one error; the file after it still loads."""
    path = next(path for path in samples.hostile if path.name == "shared_stream.pdf")
    with pytest.raises(IngestError, match=r"memory|crashed"):
        load_document(path, limits=LoadLimits(max_chars=10**9, max_memory_mb=40))
    assert load_document(samples.numbered_docx).blocks
    sandbox.shutdown()
    assert load_document(samples.structured_pdf).blocks
