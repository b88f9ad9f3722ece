"""Issue 16.7 in real Chromium: Gradio's own words (upload area, toast titles) follow the
page's language switch (Vietnamese or English, kept over a reload), whatever the
browser's own language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.config import Settings
from tests.ui.browsing import DESKTOP, PHONE, open_tab, opened_app
from tests.ui.conftest import PASSWORD, USER, Site
from tests.ui.scripted import WordOverlapAssistant
from tests.ui.serving import running_server
from ui.auth import hash_password
from ui.server import create_server

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


def _upload_words(page: Page) -> str:
    return page.locator("#bc-upload").inner_text()


def _toast_title(page: Page, message: str) -> str:
    """The title of the toast saying `message` as shown: the CSS one on a Vietnamese page."""
    toast = page.locator(".toast-body").filter(has_text=message).first
    expect(toast).to_be_visible()
    title = toast.locator(".toast-title")
    return str(
        title.evaluate(
            "(e) => { const before = getComputedStyle(e, '::before').content;"
            " return before && before !== 'none' ? before.replaceAll('\"', '') : e.innerText; }"
        )
    ).strip()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_gradios_own_labels_follow_the_page_language_and_a_reload(
    browser: Browser, real_site: Site, viewport: dict[str, int]
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        open_tab(page, "Thư viện báo cáo")
        expect(page.locator("#bc-upload")).to_contain_text("Thả tệp vào đây")
        page.locator("#bc-lang").get_by_text("English").click()
        # The upload area already drawn is drawn again in English; the page says it is.
        expect(page.locator("#bc-upload")).to_contain_text("Drop File Here")
        expect(page.locator("#bc-upload")).to_contain_text("Click to Upload")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#bc-reports")).to_contain_text("Status")  # the table's headers
        page.click("#bc-view")
        assert _toast_title(page, "Please pick a report.") == "Warning"
        app.shot(f"gradio-labels-en-{viewport['width']}", full_page=False)
        # A reload keeps the language (remembered per browser), Gradio's words too.
        page.reload()
        page.wait_for_selector("#bc-q textarea", timeout=60_000)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#bc-title")).to_contain_text("Commune report assistant")
        open_tab(page, "Report library")
        expect(page.locator("#bc-upload")).to_contain_text("Drop File Here")
        assert "Thả tệp" not in _upload_words(page)
        # And back: Vietnamese again without a reload.
        page.locator("#bc-lang").get_by_text("Tiếng Việt").click()
        expect(page.locator("#bc-upload")).to_contain_text("Thả tệp vào đây")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.locator("#bc-reports")).to_contain_text("Trạng thái")
        page.click("#bc-view")
        assert _toast_title(page, "Hãy chọn một báo cáo.") == "Lưu ý"


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A server whose default language is English (the small in-memory assistant)."""
    folder = tmp_path_factory.mktemp("english")
    users = folder / "users.toml"
    users.write_text(f'[users]\n{USER} = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    settings = Settings(index_dir=str(folder / "index"), users_file=str(users), ui_language="en")
    with running_server(create_server(WordOverlapAssistant(), settings)) as url:
        yield Site(url, USER, PASSWORD, folder)


def test_a_vietnamese_page_on_an_english_server_has_gradios_words_in_vietnamese(
    browser: Browser, english_site: Site
) -> None:
    with opened_app(browser, english_site, DESKTOP) as app:
        page = app.page
        open_tab(page, "Report library")
        expect(page.locator("#bc-upload")).to_contain_text("Drop File Here")
        page.locator("#bc-lang").get_by_text("Tiếng Việt").click()
        expect(page.locator("#bc-upload")).to_contain_text("Thả tệp vào đây")
        page.click("#bc-view")
        assert _toast_title(page, "Hãy chọn một báo cáo.") == "Lưu ý"
        page.reload()
        page.wait_for_selector("#bc-q textarea", timeout=60_000)
        # The remembered language comes back with the page-load hook (the title says so).
        expect(page.locator("#bc-title")).to_contain_text("Trợ lý báo cáo xã")
        open_tab(page, "Thư viện báo cáo")
        expect(page.locator("#bc-upload")).to_contain_text("Bấm để chọn tệp")
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        app.shot("gradio-labels-vi-on-english-server", full_page=False)
