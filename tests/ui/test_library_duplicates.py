"""The same report uploaded again (issue 16): keep the indexed one, or replace it.

A real ReportIndex (real parser, real Chroma in tmp_path, HashEmbedder) behind the
service the web UI and the REST API share; the library's handlers called as Gradio would.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.config import Settings
from index import ReportIndex
from index.types import IngestSummary
from tests.fakes import HashEmbedder
from tests.ui.serving import running_server
from ui import library_duplicates
from ui.library_duplicates import DuplicateActions, Twin, offer
from ui.server import create_server
from ui.service import ForbiddenError, NamedStream, WebService

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
SAMPLE = "002_86d390b8add63a4d"  # the same report as DOCX and as PDF
DOCX = SAMPLES / "docx" / f"{SAMPLE}.docx"
PDF = SAMPLES / "pdf" / f"{SAMPLE}.pdf"


def _stream(path: Path, name: str | None = None) -> NamedStream:
    return NamedStream(name or path.name, io.BytesIO(path.read_bytes()))


def _held(tmp_path: Path, source: Path) -> str:
    """A copy standing for Gradio's temporary file of an upload."""
    folder = tmp_path / "gradio" / source.stem
    folder.mkdir(parents=True)
    return str(shutil.copy(source, folder / source.name))


def test_the_pdf_replaces_the_docx_and_its_stored_file(service: WebService) -> None:
    (old_id,) = service.add_files("an", [_stream(DOCX)]).report_ids
    assert service.add_files("an", [_stream(PDF)]).duplicates  # refused: a choice follows
    summary = service.replace_file("an", _stream(PDF), old_id)
    assert summary.updated == 1 and not summary.failed
    (new_id,) = summary.report_ids
    assert [r.source for r in service.reports()] == [PDF.name]
    assert service.uploads.owner(new_id) == "an" and service.uploads.owner(old_id) is None
    assert [p.name for p in service.uploads.root.rglob("*.d*")] == []  # no DOCX left
    assert [p.name for p in service.uploads.root.rglob("*.pdf")] == [PDF.name]


def test_only_the_uploader_replaces_and_a_bad_file_replaces_nothing(
    service: WebService, tmp_path: Path
) -> None:
    (old_id,) = service.add_files("an", [_stream(DOCX)]).report_ids
    with pytest.raises(ForbiddenError):
        service.replace_file("bình", _stream(PDF), old_id)
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    summary = service.replace_file("an", _stream(broken), old_id)
    assert summary.failed and not summary.report_ids
    assert [r.report_id for r in service.reports()] == [old_id]


def test_the_choice_is_offered_kept_by_default_or_replaced(
    service: WebService, tmp_path: Path
) -> None:
    # No login (request None): the local user, who uploaded the DOCX.
    service.add_files("local", [_stream(DOCX)])
    held = _held(tmp_path, PDF)
    summary = service.add_files("local", [_stream(PDF)])
    twins, box, text = offer(summary, [held, "/tmp/other.txt"], "vi")
    assert [(tw.name, tw.existing) for tw in twins] == [(PDF.name, DOCX.name)]
    assert box.visible and "Giữ bản đang có (không thay đổi gì)" in text
    kept = DuplicateActions(service).keep(twins, "en")
    assert kept[0].replace("\\", "") == f"Kept {DOCX.name}; nothing changed."
    assert not Path(held).exists() and [r.source for r in service.reports()] == [DOCX.name]

    held = _held(tmp_path / "again", PDF)
    twins = [Twin(held, PDF.name, DOCX.name, service.reports()[0].report_id)]
    status, remaining, box, _, table, *_ = DuplicateActions(service).replace(twins, "vi", None)  # type: ignore[arg-type]
    assert status.replace("\\", "") == f"Đã thay {DOCX.name} bằng {PDF.name}."
    assert remaining == [] and not box.visible and not Path(held).exists()
    assert table.value["data"][0][-2] == PDF.name


def test_no_duplicates_no_choice() -> None:
    assert offer(IngestSummary(added=1), ["/tmp/a.pdf"], "vi")[0] == []
    assert library_duplicates.forget_files(None) is None


def test_rest_replaces_a_duplicate_only_when_asked(tmp_path: Path) -> None:
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        app = create_server(Assistant(index), Settings(index_dir=str(tmp_path / "index")))
        with running_server(app) as url:
            docx = [("files", (DOCX.name, DOCX.read_bytes()))]
            pdf = [("files", (PDF.name, PDF.read_bytes()))]
            (old_id,) = httpx.post(f"{url}/api/reports", files=docx, timeout=120).json()[
                "report_ids"
            ]
            kept = httpx.post(f"{url}/api/reports", files=pdf, timeout=120).json()
            assert kept["duplicates"][0]["report_id"] == old_id and kept["unchanged"] == 1
            asked = f"{url}/api/reports?on_duplicate=replace"
            replaced = httpx.post(asked, files=pdf, timeout=120).json()
            assert (replaced["updated"], replaced["unchanged"], replaced["duplicates"]) == (
                1,
                0,
                [],
            )
            (new_id,) = replaced["report_ids"]
            listed = httpx.get(f"{url}/api/reports").json()
            assert [(r["id"], r["source"]) for r in listed] == [(new_id, PDF.name)]
