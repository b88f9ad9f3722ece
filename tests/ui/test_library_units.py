"""Setting a report's unit from the library and over REST (issue 16), on a real index.

A real ReportIndex (real parser, real Chroma in tmp_path, HashEmbedder) behind the
service the web UI and the REST API share.
"""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from assistant.config import Settings
from index import ReportIndex
from tests.fakes import HashEmbedder
from tests.index.test_unit_edit import NOTES
from tests.ui.serving import running_server
from ui import library_rows, library_table
from ui.server import create_server
from ui.service import NamedStream, WebService


def _notes(service: WebService, user: str = "an") -> str:
    summary = service.add_files(user, [NamedStream("ghi-chu.txt", io.BytesIO(NOTES.encode()))])
    (report_id,) = summary.report_ids
    return report_id


def _row(service: WebService, lang: str = "vi") -> list[object]:
    (row,) = library_table.listing_updates(service, lang)[0].value["data"]
    return list(row)


def test_the_unit_typed_for_a_warning_row_makes_it_ready(service: WebService) -> None:
    report_id = _notes(service)
    assert _row(service)[:2] == ["⚠ Không tìm thấy đơn vị", ""]
    status, table, pick, *_ = library_rows.set_unit(service, report_id, "phường 3", "vi", "an")
    assert pick.value == report_id  # still picked, to fix a typo at once
    assert status.replace("\\", "").startswith("Đã đặt đơn vị của ghi-chu.txt: Phường 3.")
    assert table.value["data"][0][:2] == ["Sẵn sàng (đơn vị nhập tay)", "phường 3"]
    assert _row(service, "en")[0] == "Ready (unit set by hand)"
    assert service.assistant.communes() == ["3"]


def test_a_unit_without_a_name_or_from_another_user_changes_nothing(
    service: WebService,
) -> None:
    report_id = _notes(service)
    with pytest.warns(UserWarning, match="Hãy nhập loại và tên đơn vị"):
        library_rows.set_unit(service, report_id, "xã", "vi", "an")
    with pytest.warns(UserWarning, match="Chỉ người đã tải lên mới đặt được đơn vị"):
        library_rows.set_unit(service, report_id, "xã Tân Hòa", "vi", "bình")
    assert _row(service)[:2] == ["⚠ Không tìm thấy đơn vị", ""]


def test_rest_sets_the_unit_and_says_what_is_wrong(tmp_path: Path) -> None:
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        app = create_server(Assistant(index), Settings(index_dir=str(tmp_path / "index")))
        with running_server(app) as url:
            files = [("files", ("ghi-chu.txt", NOTES.encode()))]
            (report_id,) = httpx.post(f"{url}/api/reports", files=files).json()["report_ids"]
            unit = f"{url}/api/reports/{report_id}/unit"
            done = httpx.put(unit, json={"unit": "đặc khu Phú Quốc"})
            assert done.status_code == 200
            assert (done.json()["unit_kind"], done.json()["commune"]) == ("đặc khu", "Phú Quốc")
            listed = httpx.get(f"{url}/api/reports").json()
            assert [(r["commune"], r["unit_set_by_hand"]) for r in listed] == [("Phú Quốc", True)]
            bad = httpx.put(unit, json={"unit": "đặc khu"})
            assert bad.status_code == 422 and "type the kind and the name" in bad.json()["error"]
            missing = httpx.put(f"{url}/api/reports/abc/unit", json={"unit": "xã Tân Hòa"})
            assert missing.status_code == 404
