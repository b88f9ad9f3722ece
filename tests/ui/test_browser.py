"""The web UI in headless Chromium against the real server over the real sample index.

Screenshots go to test-artifacts/screenshots/ (see tests/ui/browsing.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.ui.browsing import SHOTS, Watched, opened_app
from tests.ui.browsing import login as _login
from tests.ui.conftest import Site
from tests.ui.reports import (
    HOSTILE_COMMUNE,
    HOSTILE_QUESTION,
    HOSTILE_REPORT,
    NEW_COMMUNE,
    NEW_QUESTION,
    NEW_REPORT,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAO_QUESTION = "Xã nào đề nghị hỗ trợ kinh phí cho công tác đối ngoại với Lào?"


@pytest.fixture
def app(browser: Browser, real_site: Site) -> Iterator[Watched]:
    with opened_app(browser, real_site, {"width": 1400, "height": 1000}) as watched:
        yield watched


def _ask(app: Watched, question: str) -> None:
    page = app.page
    rows = page.locator("#bc-chat .message-row")
    if rows.count():
        page.click("#bc-clear")
        expect(rows).to_have_count(0)
    page.fill("#bc-q textarea", question)
    page.click("#bc-send")
    # The final message carries the sources line (or the not-found look).
    try:
        page.wait_for_function(
            "() => { const t = document.querySelector('#bc-chat').innerText;"
            " return t.includes('Nguồn') || t.includes('Không tìm thấy'); }",
            timeout=60_000,
        )
    except PlaywrightTimeoutError:
        app.shot("ask-timed-out")
        raise


def test_wrong_password_is_refused(browser: Browser, real_site: Site) -> None:
    context = browser.new_context()
    page = context.new_page()
    _login(page, real_site, "sai-mật-khẩu")
    expect(page.locator("#login-error")).to_contain_text("Sai tên hoặc mật khẩu")
    assert page.url.endswith("/login") and page.locator("#bc-q").count() == 0
    page.screenshot(path=str(SHOTS / "login-refused.png"))
    context.close()


def test_ask_shows_a_cited_answer_and_the_highlighted_source(app: Watched) -> None:
    page = app.page
    _ask(app, LAO_QUESTION)
    chat = page.locator("#bc-chat")
    expect(chat).to_contain_text("Hùng Sơn")
    card = page.locator("#bc-cites [data-cite='1']")
    expect(card).to_contain_text("Hùng Sơn")
    quote = card.locator("blockquote").inner_text()
    app.shot("answer")
    chat.locator("a[href='#cite-0-1']").first.click()
    mark = page.locator("#bc-source mark.bc-quote")
    expect(mark).to_be_visible()
    assert " ".join(mark.inner_text().split())[:60] in " ".join(quote.split())
    expect(page.locator("#bc-source")).to_contain_text("V.4")
    app.shot("source-highlighted")
    page.click("#bc-copy")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Hùng Sơn" in copied and "[1]" in copied and "\\" not in copied


def test_logout_ends_the_session(app: Watched, real_site: Site) -> None:
    page = app.page
    page.locator("#bc-logout button").click()
    page.wait_for_url("**/login")
    page.goto(real_site.url + "/")
    expect(page.locator("#login")).to_be_visible()


def test_not_found_answer_looks_different(app: Watched) -> None:
    _ask(app, "Giá vé máy bay từ Hà Nội đi Paris tháng 7 là bao nhiêu?")
    expect(app.page.locator("#bc-chat blockquote")).to_contain_text("Không tìm thấy")
    expect(app.page.locator("#bc-cites [data-cite]")).to_have_count(0)
    app.shot("not-found")


def _upload(app: Watched, tmp_path: Path, name: str, text: str) -> None:
    page = app.page
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.get_by_role("tab", name="Thư viện báo cáo").click()
    page.set_input_files("#bc-upload input[type=file]", str(path))
    try:
        # Gradio prints the stem and the extension in two elements ("bao-cao .md").
        stem, dot, ext = name.rpartition(".")
        shown = re.compile(re.escape(stem) + r"\s*" + re.escape(dot + ext))
        expect(page.locator("#bc-upload")).to_contain_text(shown, timeout=60_000)
        page.click("#bc-add")
        expect(page.locator("#bc-lib-status")).to_contain_text("Đã thêm 1", timeout=120_000)
    except AssertionError:
        app.shot(f"upload-failed-{name}")
        raise
    page.get_by_role("tab", name="Hỏi đáp").click()


def test_upload_makes_a_report_answerable_and_delete_removes_it(
    app: Watched, tmp_path: Path
) -> None:
    page = app.page
    _upload(app, tmp_path, "bao-cao-ta-xua.md", NEW_REPORT)
    _ask(app, NEW_QUESTION)
    expect(page.locator("#bc-cites [data-cite='1']")).to_contain_text(NEW_COMMUNE)
    app.shot("uploaded-answerable")
    page.get_by_role("tab", name="Thư viện báo cáo").click()
    expect(page.locator("#bc-reports")).to_contain_text("bao-cao-ta-xua.md")
    page.locator("#bc-report-pick input").click()
    page.get_by_role("option", name="bao-cao-ta-xua.md").click()
    page.click("#bc-view")
    expect(page.locator("#bc-tree")).to_contain_text("KIẾN NGHỊ")
    app.shot("library-tree")
    page.click("#bc-delete")
    page.click("#bc-confirm")  # delete asks first (tests/ui/test_browser_library.py)
    expect(page.locator("#bc-lib-status")).to_contain_text("Đã xoá")
    expect(page.locator("#bc-reports")).not_to_contain_text("bao-cao-ta-xua.md")
    page.get_by_role("tab", name="Hỏi đáp").click()
    _ask(app, NEW_QUESTION)
    expect(page.locator("#bc-chat")).not_to_contain_text(NEW_COMMUNE)
    expect(page.locator("#bc-cites")).not_to_contain_text(NEW_COMMUNE)
    app.shot("deleted-not-answerable")


def test_hostile_markup_in_a_report_is_shown_as_text(app: Watched, tmp_path: Path) -> None:
    page = app.page
    _upload(app, tmp_path, "hostile.txt", HOSTILE_REPORT)
    _ask(app, HOSTILE_QUESTION)
    expect(page.locator("#bc-cites")).to_contain_text(HOSTILE_COMMUNE)
    page.locator("#bc-cites [data-cite='1']").click()
    expect(page.locator("#bc-source mark.bc-quote")).to_be_visible()
    for area in ("#bc-chat", "#bc-cites", "#bc-source"):
        assert page.locator(f"{area} img, {area} script").count() == 0, area
        assert page.locator(f"{area} a[href^='http']").count() == 0, area
    expect(page.locator("#bc-source")).to_contain_text("alert('xss')")
    expect(page.locator("#bc-chat")).to_contain_text("![logo]")
    app.shot("hostile-neutralised")


def test_english_labels_on_request(app: Watched) -> None:
    page = app.page
    page.locator("#bc-lang").get_by_text("English").click()
    expect(page.locator("#bc-send")).to_have_text("Send")
    expect(page.get_by_role("tab", name="Report library")).to_be_visible()
    expect(page.locator("#bc-cites")).to_contain_text("No citations yet.")
    placeholder = page.locator("#bc-q textarea").get_attribute("placeholder") or ""
    assert placeholder.startswith("E.g.")
    app.shot("english")


def test_evaluation_tab_runs_a_question_set(app: Watched) -> None:
    page = app.page
    page.get_by_role("tab", name="Đánh giá").click()
    page.click("#bc-eval-run")
    table = page.locator("#bc-eval-table")
    expect(table).to_contain_text("d01", timeout=120_000)
    expect(page.locator("#bc-eval-metrics")).to_contain_text("Tỷ lệ đúng")
    expect(page.locator("#bc-eval-metrics")).to_contain_text(" ms")
    expect(page.locator("#bc-eval-chart .bc-bar")).not_to_have_count(0)
    app.shot("evaluation")


def test_over_long_question_is_one_readable_line(app: Watched) -> None:
    page = app.page
    page.fill("#bc-q textarea", "nước " * 300)
    page.click("#bc-send")
    expect(page.get_by_text("Câu hỏi quá dài (1499 ký tự, tối đa 1000)")).to_be_visible()
    expect(page.locator("#bc-chat .message-row")).to_have_count(0)
    assert "Traceback" not in page.content()
    app.shot("too-long-warning")
