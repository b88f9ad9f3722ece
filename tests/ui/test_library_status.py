"""Per-file status in the library (issue 16): indexing, ready, warning and failed rows.

A real ReportIndex (real parser, real Chroma in tmp_path, HashEmbedder) behind the
service the web UI shares; the library's handlers called as Gradio would call them.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from ui.failed_uploads import FailedUploads
from ui.library import LibraryActions
from ui.library_rows import RowActions
from ui.library_table import listing_updates
from ui.service import NamedStream, WebService

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "reports" / "docx"
FAKE = "ghi chú.docx"  # stored as ghi_chú.docx
NOTES = "Ghi chú họp giao ban.\n\nKhông có số liệu.\n".encode()  # text, not a .docx


def _rows(service: WebService, user: str | None, lang: str = "vi") -> list[list[object]]:
    table = listing_updates(service, lang, user=user)[0]
    return [list(row) for row in table.value["data"]] if table.value else []


def test_a_failed_file_stays_as_a_row_until_added_again(service: WebService) -> None:
    service.add_files("an", [NamedStream(FAKE, io.BytesIO(NOTES))])
    (row,) = _rows(service, "an")
    assert (
        row[0] == "✗ Không thêm được: tệp bị hỏng hoặc không đúng loại như đuôi tệp - hãy lưu "
        "lại đúng định dạng (hoặc đổi đuôi tệp cho đúng) rồi tải lên lại"
    )
    assert (row[-2], row[-1]) == ("ghi_chú.docx", "")
    (english,) = _rows(service, "an", "en")
    assert str(english[0]).startswith("✗ Not added: Cannot ingest 'ghi_chú.docx'")
    assert _rows(service, "bình") == []  # each user sees their own
    assert listing_updates(service, "vi", user="an")[2].visible  # "Dismiss failed row"
    real = (SAMPLE / "002_86d390b8add63a4d.docx").read_bytes()
    service.add_files("an", [NamedStream(FAKE, io.BytesIO(real))])
    assert [row[0] for row in _rows(service, "an")] == ["Sẵn sàng"]
    assert not listing_updates(service, "vi", user="an")[2].visible


def test_a_failed_row_is_dismissed_alone_or_all_at_once(service: WebService) -> None:
    for name in ("a.docx", "b.docx", "c.docx"):  # no login (request None): the local user
        service.add_files("local", [NamedStream(name, io.BytesIO(NOTES))])
    rows = RowActions(service)
    status, picked, table, *_ = rows.dismiss("b.docx", "vi", None)  # type: ignore[arg-type]
    assert status.replace("\\", "") == "Đã bỏ dòng lỗi: b.docx." and picked is None
    assert [row[-2] for row in table.value["data"]] == ["a.docx", "c.docx"]
    status, *_ = rows.dismiss(None, "en", None)  # type: ignore[arg-type]
    assert status == "Dismissed: a.docx, c.docx." and _rows(service, "local") == []


def test_files_show_as_indexing_until_their_rows_are_ready(
    service: WebService, tmp_path: Path
) -> None:
    held = tmp_path / "gradio" / "bao-cao.docx"
    held.parent.mkdir()
    shutil.copy(SAMPLE / "002_86d390b8add63a4d.docx", held)
    steps = LibraryActions(service).add_files([str(held)], "vi", [], None)  # type: ignore[arg-type]
    first = next(steps)
    assert first[2].value["data"][0][0] == "⏳ Đang lập chỉ mục…"
    assert service.reports() == []  # nothing indexed before the first update shows
    final = next(steps)
    assert [row[0] for row in final[2].value["data"]] == ["Sẵn sàng"]


def test_failed_uploads_keep_the_latest_attempt_last() -> None:
    from index.types import FailedFile

    failures = FailedUploads()
    failures.record("an", "a.pdf", FailedFile("a.pdf", "x", "corrupt"))
    failures.record("an", "b.pdf", FailedFile("b.pdf", "y", "empty"))
    failures.record("an", "a.pdf", FailedFile("a.pdf", "z", "empty"))
    assert [(name, f.error) for name, f in failures.of("an")] == [("b.pdf", "y"), ("a.pdf", "z")]
    failures.record("an", "b.pdf", None)
    assert [name for name, _ in failures.of("an")] == ["a.pdf"]
    assert failures.dismiss("an", "missing.pdf") == [] and failures.of(None) == []
