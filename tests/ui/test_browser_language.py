"""Issue 16.7 in real Chromium: Gradio's own words (upload area, toast titles) follow the
app's Vietnamese, whatever the browser's own language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.browsing import DESKTOP, PHONE, open_tab, opened_app
from tests.ui.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_gradios_own_labels_are_vietnamese(
    browser: Browser, real_site: Site, viewport: dict[str, int]
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        open_tab(page, "Thư viện báo cáo")
        upload = page.locator("#bc-upload")
        expect(upload).to_contain_text("Thả tệp vào đây")
        expect(upload).to_contain_text("Bấm để chọn tệp")
        expect(upload).not_to_contain_text("Drop File Here")
        # A warning (view a report without picking one) is titled in Vietnamese too.
        page.click("#bc-view")
        toast = page.locator(".toast-body").first
        expect(toast).to_contain_text("Hãy chọn một báo cáo.")
        # Gradio writes the type ("Warning") as the title; the page shows it in Vietnamese.
        title = toast.locator(".toast-title")
        shown = title.evaluate(
            "(e) => getComputedStyle(e, '::before').content + '|' + getComputedStyle(e).fontSize"
        )
        assert shown == '"Lưu ý"|0px', shown
        app.shot(f"gradio-labels-vi-{viewport['width']}", full_page=False)
