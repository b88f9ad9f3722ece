"""Issue 16.6 in real Chromium: a calendar beside each filter date box, on desktop and on a
phone. Picking a date writes it as dd/mm/yyyy (the box stays a text field: typed dates work
as before), the calendar opens at the date typed, and the picked date filters the answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.browsing import DESKTOP, PHONE, ask_next, opened_app
from tests.ui.conftest import Site
from tests.ui.test_browser_citations import LAO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FROM, TO = "#bc-date-from", "#bc-date-to"


def _box(field: str) -> str:
    return f"{field} input:not([type=date])"


def _calendar(field: str) -> str:
    return f"{field} .bc-date-pick input[type=date]"


def _assert_on_screen(page: Page, selector: str, viewport: dict[str, int]) -> None:
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not drawn"
    assert box["width"] >= 24 and box["height"] >= 24, f"{selector} too small to tap: {box}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_picked_date_fills_the_box_day_first_and_filters_the_answer(
    browser: Browser, real_site: Site, viewport: dict[str, int]
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.locator("#bc-filters").get_by_text("Bộ lọc").click()
        for field in (FROM, TO):
            _assert_on_screen(page, _calendar(field), viewport)
            expect(page.locator(_calendar(field))).to_have_attribute(
                "aria-label", "Chọn ngày trên lịch"
            )
        # The calendar opens at what is typed ("12/2025": its first day).
        page.fill(_box(TO), "12/2025")
        page.locator(_calendar(TO)).click()
        expect(page.locator(_calendar(TO))).to_have_value("2025-12-01")
        page.keyboard.press("Escape")
        page.fill(_box(TO), "")
        # Picking a date (the native picker's choice) writes it day first into the box.
        page.locator(_calendar(FROM)).fill("2025-12-31")
        expect(page.locator(_box(FROM))).to_have_value("31/12/2025")
        app.shot(f"date-picker-{viewport['width']}", full_page=False)
        # The server reads the picked date: Vũ Quang's resolution of 30/12/2025 is out.
        ask_next(app, LAO)
        answer = page.locator("#bc-chat .message-row").nth(1)
        expect(answer).to_contain_text("Mường Kim")
        expect(answer).not_to_contain_text("Vũ Quang")
        assert errors == [], errors


def test_the_calendar_is_named_in_the_page_language(browser: Browser, real_site: Site) -> None:
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        page.locator("#bc-lang").get_by_text("English").click()
        page.locator("#bc-filters").get_by_text("Filters").click()
        expect(page.locator(_calendar(FROM))).to_have_attribute(
            "aria-label", "Pick a date on the calendar"
        )
        # A date typed in ISO opens the calendar at that day too.
        page.fill(_box(FROM), "2025-12-31")
        page.locator(_calendar(FROM)).click()
        expect(page.locator(_calendar(FROM))).to_have_value("2025-12-31")
