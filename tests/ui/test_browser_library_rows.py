"""Issue 16 in real Chromium, desktop and phone: a report row is picked by clicking it,
given its unit by hand (then answers as that unit's), and deleted after a confirmation
naming its file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.browsing import DESKTOP, PHONE, Watched, ask_next, open_tab, opened_app
from tests.ui.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A report whose file names no unit: no header, no "xã …" in the body.
UNITLESS = """BÁO CÁO
tình hình thực hiện nhiệm vụ tháng 6 năm 2026

I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ
1. Kinh tế
Hoàn thành nạo vét 12 km kênh mương nội đồng trước mùa mưa.

II. KIẾN NGHỊ, ĐỀ XUẤT
1. Đề nghị Ủy ban nhân dân tỉnh hỗ trợ kinh phí xây dựng cầu treo bản {village} để \
phục vụ đi lại của nhân dân.
"""
# (viewport, village, unit typed, the unit's name, the unit as citations name it)
CASES = [
    ("desktop", DESKTOP, "Nà Mòn", "xã Tân Hòa", "Tân Hòa", "Xã Tân Hòa"),
    ("phone", PHONE, "Pá Hốc", "đặc khu Côn Đảo", "Côn Đảo", "Đặc khu Côn Đảo"),
]


def _row(page: Page, name: str):  # type: ignore[no-untyped-def]  # playwright Locator
    return page.locator("#bc-reports").get_by_role("row").filter(has_text=name)


def _send(app: Watched, path: Path) -> None:
    """Put `path` in the upload area of the library and press "Thêm vào thư viện"."""
    page = app.page
    open_tab(page, "Thư viện báo cáo")
    page.set_input_files("#bc-upload input[type=file]", str(path))
    shown = re.compile(re.escape(path.stem) + r"\s*" + re.escape(path.suffix))
    expect(page.locator("#bc-upload")).to_contain_text(shown, timeout=60_000)
    page.click("#bc-add")


def _upload(app: Watched, path: Path) -> None:
    _send(app, path)
    expect(app.page.locator("#bc-lib-status")).to_contain_text("Đã thêm 1", timeout=120_000)


@pytest.mark.parametrize(("label", "viewport", "village", "typed", "name", "unit"), CASES)
def test_a_row_is_given_its_unit_then_deleted_from_the_table(
    browser: Browser,
    real_site: Site,
    tmp_path: Path,
    label: str,
    viewport: dict[str, int],
    village: str,
    typed: str,
    name: str,
    unit: str,
) -> None:
    path = tmp_path / f"bao-cao-{label}.txt"
    path.write_text(UNITLESS.format(village=village), encoding="utf-8")
    question = f"Xã nào đề nghị hỗ trợ xây dựng cầu treo bản {village}?"
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        _upload(app, path)
        row = _row(page, path.name)
        expect(row).to_contain_text("⚠ Không tìm thấy đơn vị")
        row.get_by_role("gridcell").first.click()
        status = page.locator("#bc-lib-status")
        expect(status).to_contain_text(f"Đã chọn {path.name}")
        page.fill("#bc-unit textarea", typed)
        app.shot(f"library-unit-typed-{label}", full_page=False)
        page.click("#bc-set-unit")
        expect(status).to_contain_text(f"Đã đặt đơn vị của {path.name}")
        expect(row).to_contain_text("Sẵn sàng (đơn vị nhập tay)")
        expect(row).to_contain_text(typed)
        app.shot(f"library-unit-set-{label}", full_page=False)

        open_tab(page, "Hỏi đáp")
        ask_next(app, question)
        expect(page.locator("#bc-chat")).to_contain_text(name)
        expect(page.locator("#bc-cites")).to_contain_text(f"[1] {unit} — Báo cáo tháng 6/2026")
        expect(page.locator("#bc-cites")).to_contain_text(f"cầu treo bản {village}")
        app.shot(f"library-unit-answered-{label}", full_page=False)

        open_tab(page, "Thư viện báo cáo")
        _row(page, path.name).get_by_role("gridcell").first.click()
        expect(status).to_contain_text(f"Đã chọn {path.name}")
        page.click("#bc-delete")
        expect(status).to_contain_text(f"Xoá báo cáo {path.name}")
        app.shot(f"library-row-delete-asks-{label}", full_page=False)
        page.click("#bc-confirm")
        expect(status).to_contain_text(f"Đã xoá báo cáo {path.name}")
        expect(_row(page, path.name)).to_have_count(0)


SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
SAMPLE = "002_86d390b8add63a4d"  # indexed as DOCX on the site; the PDF is the same report


def _upload_twin(app: Watched, path: Path, existing: str) -> None:
    """Upload a file the library holds as `existing`: the keep-or-replace choice appears."""
    page = app.page
    _send(app, path)
    choice = page.locator("#bc-dup-text")
    expect(choice).to_contain_text(
        f"{path.name} có cùng nội dung với {existing} đã có trong thư viện", timeout=120_000
    )
    expect(page.locator("#bc-keep")).to_be_visible()
    expect(page.locator("#bc-replace")).to_be_visible()


def test_a_duplicate_is_kept_by_default_on_a_phone(browser: Browser, real_site: Site) -> None:
    pdf = SAMPLES / "pdf" / f"{SAMPLE}.pdf"
    with opened_app(browser, real_site, PHONE) as app:
        page = app.page
        _upload_twin(app, pdf, f"{SAMPLE}.docx")
        page.locator("#bc-dup-box").scroll_into_view_if_needed()
        app.shot("library-duplicate-choice-phone", full_page=False)
        page.click("#bc-keep")
        expect(page.locator("#bc-lib-status")).to_contain_text(
            f"Đã giữ {SAMPLE}.docx; không thay đổi gì."
        )
        expect(page.locator("#bc-keep")).to_be_hidden()
        expect(_row(page, f"{SAMPLE}.docx")).to_have_count(1)
        expect(_row(page, f"{SAMPLE}.pdf")).to_have_count(0)


def test_a_duplicate_replaces_the_indexed_file_on_desktop(
    browser: Browser, real_site: Site
) -> None:
    docx, pdf = SAMPLES / "docx" / f"{SAMPLE}.docx", SAMPLES / "pdf" / f"{SAMPLE}.pdf"
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        _upload_twin(app, pdf, docx.name)
        app.shot("library-duplicate-choice-desktop", full_page=False)
        page.click("#bc-replace")
        status = page.locator("#bc-lib-status")
        expect(status).to_contain_text(f"Đã thay {docx.name} bằng {pdf.name}.", timeout=120_000)
        expect(_row(page, pdf.name)).to_contain_text("Sẵn sàng")
        expect(_row(page, docx.name)).to_have_count(0)
        app.shot("library-duplicate-replaced-desktop", full_page=False)
        # And back, so the site's other tests find the DOCX where it was.
        _upload_twin(app, docx, pdf.name)
        page.click("#bc-replace")
        expect(status).to_contain_text(f"Đã thay {pdf.name} bằng {docx.name}.", timeout=120_000)
        expect(_row(page, docx.name)).to_have_count(1)
        expect(_row(page, pdf.name)).to_have_count(0)


# How far the report table's viewport scrolls sideways (its content past its width).
SIDEWAYS = """() => { const e = document.querySelector('#bc-reports .virtual-table-viewport')
  || document.querySelector('#bc-reports'); return e.scrollWidth - e.clientWidth; }"""


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_failed_file_stays_as_a_row_until_dismissed(
    browser: Browser, real_site: Site, tmp_path: Path, label: str, viewport: dict[str, int]
) -> None:
    fake = tmp_path / f"bien-ban-{label}.docx"
    fake.write_text("Biên bản họp, không phải tệp Word.\n", encoding="utf-8")
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        open_tab(page, "Thư viện báo cáo")
        expect(page.locator("#bc-reports")).to_contain_text("Sẵn sàng")
        before = page.evaluate(SIDEWAYS)
        _send(app, fake)
        row = _row(page, fake.name)
        expect(row).to_contain_text("✗ Không thêm được: tệp bị hỏng", timeout=120_000)
        # Its long reason wraps in its cell: the table is no wider than before.
        assert page.evaluate(SIDEWAYS) <= before + 2, (before, page.evaluate(SIDEWAYS))
        page.reload()  # still there on the next visit (the page load lists it)
        page.wait_for_selector("#bc-q textarea", timeout=60_000)
        open_tab(page, "Thư viện báo cáo")
        expect(row).to_contain_text("✗ Không thêm được")
        page.locator("#bc-lang").get_by_text("English").click()  # the reason follows
        expect(row).to_contain_text(f"✗ Not added: Cannot ingest '{fake.name}'")
        page.locator("#bc-lang").get_by_text("Tiếng Việt").click()
        expect(row).to_contain_text("✗ Không thêm được")
        row.get_by_role("gridcell").first.click()
        expect(page.locator("#bc-lib-status")).to_contain_text(f"{fake.name} không thêm được")
        row.scroll_into_view_if_needed()
        app.shot(f"library-failed-row-{label}", full_page=False)
        page.click("#bc-dismiss")
        expect(page.locator("#bc-lib-status")).to_contain_text(f"Đã bỏ dòng lỗi: {fake.name}")
        expect(row).to_have_count(0)
        expect(page.locator("#bc-dismiss")).to_be_hidden()
