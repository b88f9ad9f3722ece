"""Issue 16.6 in real Chromium: filter dates as officials write them, a bad date that
leaves the chat as it was, and a "not found" that says a filter was active."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.browsing import DESKTOP, ask_next, opened_app
from tests.ui.conftest import Site
from tests.ui.test_browser_citations import LAO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_bad_date_is_refused_once_and_the_fixed_question_appears_once(
    browser: Browser, real_site: Site
) -> None:
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        page.locator("#bc-filters").get_by_text("Bộ lọc").click()
        page.fill("#bc-date-from input, #bc-date-from textarea", "32/12/2025")
        page.fill("#bc-q textarea", LAO)
        page.click("#bc-send")
        expect(page.get_by_text("Từ ngày: ngày '32/12/2025' không hợp lệ")).to_be_visible()
        app.shot("filter-bad-date", full_page=False)
        expect(page.locator("#bc-chat .message-row")).to_have_count(0)
        expect(page.locator("#bc-q textarea")).to_have_value(LAO)  # kept, to send again
        # Day first: Vũ Quang's resolution of 30/12/2025 is now out, Mường Kim's June report in.
        page.fill("#bc-date-from input, #bc-date-from textarea", "31/12/2025")
        ask_next(app, LAO)
        rows = page.locator("#bc-chat .message-row")
        expect(rows).to_have_count(2)  # the question once, then its answer
        expect(rows.filter(has_text="đối ngoại với Lào")).to_have_count(1)
        expect(rows.nth(1)).to_contain_text("Mường Kim")
        expect(rows.nth(1)).not_to_contain_text("Vũ Quang")
        expect(rows.nth(1)).not_to_contain_text("bộ lọc đang bật")  # found: no note


def test_not_found_under_a_filter_says_the_filter_was_active(
    browser: Browser, real_site: Site
) -> None:
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        page.locator("#bc-filters").get_by_text("Bộ lọc").click()
        page.fill("#bc-date-from input, #bc-date-from textarea", "30/12/2099")
        ask_next(app, LAO)
        answer = page.locator("#bc-chat .message-row").nth(1)
        expect(answer).to_contain_text("Không tìm thấy")
        expect(answer).to_contain_text("Lưu ý: bộ lọc đang bật (Từ ngày: 30/12/2099)")
        app.shot("filter-not-found-note", full_page=False)
