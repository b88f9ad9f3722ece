"""Issue 16.7 in real Chromium: every visible text of every tab (titles, tabs, buttons,
text boxes, dropdowns, tables, the chat, the sources, toasts) is set in a font stack
whose first font here covers Vietnamese, and "Số mục", "Người ký", "Đặc khu" are drawn
with one such font in each kind of text, at 1400x900 and 390x844."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui import fonts
from tests.ui.browsing import DESKTOP, PHONE, Watched, ask_next, open_tab, opened_app
from tests.ui.conftest import Site
from tests.ui.test_browser_citations import LAO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _fill_chat(app: Watched) -> None:
    """An answer with its citations and source, and Vietnamese in the text boxes."""
    page = app.page
    ask_next(app, LAO)
    page.locator("#bc-chat a[href^='#cite-']").first.click()
    expect(page.locator("#bc-source mark.bc-quote")).to_be_visible()
    page.locator("#bc-filters").get_by_text("Bộ lọc").click()
    page.fill("#bc-q textarea", fonts.VIETNAMESE)
    page.fill("#bc-date-from input:not([type=date])", "Đặc khu")


def _fill_library(page: Page) -> None:
    """The report table, a warning toast, and a report's section tree."""
    open_tab(page, "Thư viện báo cáo")
    expect(page.locator("#bc-reports")).to_contain_text("Số mục")
    page.click("#bc-view")  # no report picked: a warning toast
    expect(page.locator(".toast-body").first).to_be_visible()
    page.locator("#bc-report-pick input").click()
    page.get_by_role("option").first.click()
    page.click("#bc-view")
    expect(page.locator("#bc-tree li").first).to_be_visible()


def _fill_evaluation(page: Page) -> None:
    open_tab(page, "Đánh giá")
    page.click("#bc-eval-run")
    expect(page.locator("#bc-eval-metrics")).to_contain_text("Số câu hỏi", timeout=120_000)


def _audit(page: Page, where: str) -> list[str]:
    """Each visible text whose stack fails, and each stack that draws the words badly."""
    texts = fonts.visible_texts(page)
    assert len(texts) > 20, f"{where}: only {len(texts)} visible texts - the page did not draw"
    problems = [
        f"{where}: {text.name} {text.text!r}: {problem} ({text.family})"
        for text in texts
        if (problem := fonts.stack_problem(text.family))
    ]
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    # One element per distinct stack (and kind: a box draws its value its own way).
    kinds = {(text.family, text.is_box): text for text in reversed(texts)}
    for text in kinds.values():
        drawn = fonts.drawn_with(page, cdp, text, fonts.VIETNAMESE)
        if text.is_box and not drawn:
            continue  # Chromium reports no fonts for a box's value; its stack was checked
        if len(drawn) != 1 or not drawn <= fonts.vietnamese():
            problems.append(f"{where}: {text.name}: {fonts.VIETNAMESE!r} drawn with {drawn}")
    cdp.detach()
    return problems


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_visible_text_is_set_in_a_font_with_vietnamese(
    browser: Browser, real_site: Site, viewport: dict[str, int]
) -> None:
    problems: list[str] = []
    width = viewport["width"]
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        _fill_chat(app)
        app.shot(f"fonts-chat-{width}", full_page=False)
        problems += _audit(page, "chat")
    # A fresh page per tab: the audit writes its probe words into the texts it checks.
    for name, fill in (("library", _fill_library), ("eval", _fill_evaluation)):
        with opened_app(browser, real_site, viewport) as app:
            fill(app.page)
            app.shot(f"fonts-{name}-{width}", full_page=False)
            problems += _audit(app.page, name)
    assert problems == [], "\n".join(problems)
