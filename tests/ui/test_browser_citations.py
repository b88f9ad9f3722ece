"""Issue 16 in real Chromium: the library on first open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.browsing import DESKTOP, opened_app
from tests.ui.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_library_lists_the_reports_when_first_opened(browser: Browser, real_site: Site) -> None:
    with opened_app(browser, real_site, DESKTOP) as app:
        page = app.page
        page.get_by_role("tab", name="Thư viện báo cáo").click()
        table = page.locator("#bc-reports")
        for commune in ("Hùng Sơn", "Mường Kim", "Lùng Phình"):
            expect(table).to_contain_text(commune)
        app.shot("library-first-open", full_page=False)
        page.locator("#bc-report-pick input").click()
        expect(page.get_by_role("option", name=re.compile("Hùng Sơn"))).not_to_have_count(0)
