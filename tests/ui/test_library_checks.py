"""What the library refuses or flags (issue 16.5), through WebService over a real index.

A real ReportIndex (real parser, real Chroma in tmp_path, HashEmbedder) behind the
service the web UI and the REST API share.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.config import Settings
from index.types import DuplicateFile, IngestSummary, ReportRecord
from tests.ui.scripted import WordOverlapAssistant, make_report
from ui import library, library_table
from ui.service import NamedStream, WebService

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
SAMPLE = "002_86d390b8add63a4d"  # its PDF and DOCX differ in report_id, not in content


def _upload(service: WebService, path: Path, name: str | None = None) -> IngestSummary:
    return service.add_files("an", [NamedStream(name or path.name, io.BytesIO(path.read_bytes()))])


def test_the_same_report_as_pdf_is_refused_naming_the_docx(service: WebService) -> None:
    first = _upload(service, SAMPLES / "docx" / f"{SAMPLE}.docx")
    again = _upload(service, SAMPLES / "pdf" / f"{SAMPLE}.pdf")
    (report_id,) = first.report_ids
    assert again.duplicates == (DuplicateFile(f"{SAMPLE}.pdf", f"{SAMPLE}.docx", report_id),)
    assert [r.source for r in service.reports()] == [f"{SAMPLE}.docx"]
    assert not list((service.uploads.root).rglob("*.pdf"))  # no second copy kept
    # The status is markdown: "\_" shows as "_".
    shown = {lang: library._summary_text(again, lang).replace("\\", "") for lang in ("vi", "en")}
    assert f"{SAMPLE}.pdf: đã có trong thư viện: {SAMPLE}.docx" in shown["vi"]
    assert f"{SAMPLE}.pdf is already in the library as {SAMPLE}.docx" in shown["en"]


def test_text_renamed_docx_is_refused_in_one_line(service: WebService, tmp_path: Path) -> None:
    renamed = tmp_path / "ghi chú.docx"
    renamed.write_text("Ghi chú họp giao ban.\n\nKhông có số liệu.\n", encoding="utf-8")
    summary = _upload(service, renamed)
    (failure,) = summary.failed
    assert failure.error == (
        "Cannot ingest 'ghi_chú.docx': it is not a Word document (.docx) but plain text"
        " - save it as .docx again or rename it to .txt"
    )
    assert failure.kind == "corrupt"
    # The page says it in its language: one Vietnamese line, no English inside.
    shown = {lang: library._summary_text(summary, lang).replace("\\", "") for lang in ("vi", "en")}
    assert "ghi_chú.docx" in shown["vi"] and "không đúng loại như đuôi tệp" in shown["vi"]
    assert "Cannot ingest" not in shown["vi"] and "save it as .docx" in shown["en"]
    assert service.reports() == []


@pytest.mark.parametrize(
    ("commune", "sections", "vi", "en"),
    [
        ("Hùng Sơn", 3, "Sẵn sàng", "Ready"),
        (None, 3, "⚠ Không tìm thấy đơn vị", "⚠ No unit found"),
        ("Hùng Sơn", 0, "⚠ Không có mục", "⚠ No sections"),
    ],
)
def test_a_report_without_unit_or_sections_is_a_warning_row(
    commune: str | None, sections: int, vi: str, en: str
) -> None:
    record = ReportRecord("id", "a.txt", commune, None, None, None, None, None, sections, 1)
    assert (library_table.status_text(record, "vi"), library_table.status_text(record, "en")) == (
        vi,
        en,
    )


def test_library_table_starts_with_the_status_column(tmp_path: Path) -> None:
    report = make_report("ghi-chu.txt", "Ghi chú.\n\nKhông có đơn vị.", commune=None)
    service = WebService(WordOverlapAssistant([report]), Settings(index_dir=str(tmp_path)))
    table = library_table.listing_updates(service, "vi")[0]
    assert table.headers[0] == "Trạng thái"  # type: ignore[attr-defined]
    first_row = table.value["data"][0]  # type: ignore[attr-defined]
    assert first_row[0] == "⚠ Không tìm thấy đơn vị" and first_row[-2] == "ghi-chu.txt"
    assert first_row[-1] == report.report_id[:12]  # the id prefix the CLI takes
