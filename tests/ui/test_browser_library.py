"""Issue 16.5 in real Chromium: duplicates and junk refused or flagged, deletes confirmed,
and the id a delete shows is one the REST API takes."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.browsing import DESKTOP, opened_app
from tests.ui.conftest import ROOT, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTES = "Ghi chú họp giao ban tuần\n\nRà soát tiến độ sửa chữa đường nội đồng và kênh mương.\n"


def _add(page: Page, path: Path) -> None:
    """Upload `path` from the library tab and wait for the library's answer."""
    page.get_by_role("tab", name="Thư viện báo cáo").click()
    page.set_input_files("#bc-upload input[type=file]", str(path))
    # Gradio prints the stem and the extension in two elements ("bao-cao .md").
    shown = re.compile(re.escape(path.stem) + r"\s*" + re.escape(path.suffix))
    expect(page.locator("#bc-upload")).to_contain_text(shown, timeout=60_000)
    page.click("#bc-add")
    expect(page.locator("#bc-lib-status")).to_contain_text("Đã thêm", timeout=120_000)


def _pick(page: Page, name: str) -> None:
    page.locator("#bc-report-pick input").click()
    page.get_by_role("option", name=re.compile(re.escape(name))).click()


def test_a_duplicate_and_a_fake_docx_are_refused_with_one_line_each(
    browser: Browser, real_site: Site, tmp_path: Path
) -> None:
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        _add(page, ROOT / "samples" / "reports" / "pdf" / "002_86d390b8add63a4d.pdf")
        status = page.locator("#bc-lib-status")
        expect(status).to_contain_text(
            re.compile(
                r"002_86d390b8add63a4d\.pdf: đã có trong thư viện: .*002_86d390b8add63a4d\.docx"
            )
        )
        expect(page.locator("#bc-reports")).not_to_contain_text("002_86d390b8add63a4d.pdf")
        app.shot("library-duplicate-refused", full_page=False)
        fake = tmp_path / "ghi-chu.docx"
        fake.write_text(NOTES, encoding="utf-8")
        _add(page, fake)
        expect(status).to_contain_text("ghi-chu.docx")
        expect(status).to_contain_text("tệp bị hỏng hoặc không đúng loại như đuôi tệp")
        expect(status).not_to_contain_text("Cannot ingest")
        # Not a report, but not forgotten either: a failed row with its reason (issue 16).
        failed = page.locator("#bc-reports").get_by_role("row").filter(has_text="ghi-chu.docx")
        expect(failed).to_contain_text("✗ Không thêm được: tệp bị hỏng")
        failed.get_by_role("gridcell").first.click()
        page.click("#bc-dismiss")
        expect(failed).to_have_count(0)


def test_a_report_without_a_unit_is_a_warning_row_and_delete_asks_first(
    browser: Browser, real_site: Site, tmp_path: Path
) -> None:
    notes = tmp_path / "ghi-chu-hop.txt"
    notes.write_text(NOTES, encoding="utf-8")
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        _add(page, notes)
        row = page.locator("#bc-reports").get_by_role("row").filter(has_text="ghi-chu-hop.txt")
        expect(row).to_contain_text("⚠ Không tìm thấy đơn vị")
        expect(
            page.locator("#bc-reports").get_by_role("row").filter(has_text="Hùng Sơn")
        ).to_contain_text("Sẵn sàng")
        app.shot("library-warning-row", full_page=False)
        _pick(page, "ghi-chu-hop.txt")
        page.click("#bc-delete")
        expect(page.locator("#bc-lib-status")).to_contain_text("Bấm «Xác nhận» để xoá")
        page.wait_for_timeout(1500)  # one click alone must not delete, even given time
        expect(row).to_have_count(1)
        page.click("#bc-cancel")
        expect(page.locator("#bc-confirm")).to_be_hidden()
        expect(row).to_have_count(1)
        page.click("#bc-delete")
        page.click("#bc-confirm")
        expect(page.locator("#bc-lib-status")).to_contain_text("Đã xoá báo cáo ghi-chu-hop.txt")
        expect(row).to_have_count(0)
        shown = re.findall(r"\(mã ([0-9a-f]+)\)", page.locator("#bc-lib-status").inner_text())
        app.shot("library-deleted-after-confirm", full_page=False)
    # The id shown is the one REST takes: upload the same report again and delete by it.
    auth = (real_site.user, real_site.password)
    files = [("files", (notes.name, notes.read_bytes()))]
    added = httpx.post(f"{real_site.url}/api/reports", files=files, auth=auth, timeout=120)
    assert added.json()["report_ids"] == shown
    deleted = httpx.delete(f"{real_site.url}/api/reports/{shown[0]}", auth=auth)
    assert deleted.status_code == 204


def test_reindex_asks_first(browser: Browser, real_site: Site) -> None:
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        page.get_by_role("tab", name="Thư viện báo cáo").click()
        page.click("#bc-reindex")
        expect(page.locator("#bc-lib-status")).to_contain_text("Lập chỉ mục lại cả thư viện?")
        expect(page.locator("#bc-confirm")).to_be_visible()
        page.wait_for_timeout(1000)
        expect(page.locator("#bc-lib-status")).not_to_contain_text("Đã lập chỉ mục lại")
        page.click("#bc-cancel")
        expect(page.locator("#bc-lib-status")).to_contain_text("Đã huỷ")
        expect(page.locator("#bc-confirm")).to_be_hidden()
