"""What the browser tests share: a watched page, login, asking (Chromium: conftest.py).

Screenshots go to test-artifacts/screenshots/. Every page records requests: none may
leave 127.0.0.1, whatever the reports contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.ui.conftest import ROOT, Site

SHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


class Watched:
    """A page plus what it did: requests leaving loopback, dialogs (alert = XSS)."""

    def __init__(self, page: Page, site: Site) -> None:
        self.page = page
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request: object) -> None:
        url = getattr(request, "url", "")
        if urlparse(url).hostname not in ("127.0.0.1", None):
            self.outside.append(url)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(getattr(dialog, "message", ""))
        getattr(dialog, "dismiss")()  # noqa: B009 - keep the page usable

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def login(page: Page, site: Site, password: str) -> None:
    page.goto(site.url + "/")
    page.fill("#username", site.user)
    page.fill("#password", password)
    page.click("#login")


@contextmanager
def opened_app(browser: Browser, site: Site, viewport: dict[str, int]) -> Iterator[Watched]:
    """A logged-in page of the app at `viewport`; fails if it called outside or ran script."""
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]  # playwright's ViewportSize TypedDict
        locale="vi-VN",
        permissions=["clipboard-read", "clipboard-write"],
        is_mobile=viewport["width"] < 500,
        has_touch=viewport["width"] < 500,
    )
    try:
        watched = Watched(context.new_page(), site)
        login(watched.page, site, site.password)
        watched.page.wait_for_selector("#bc-q textarea", timeout=60_000)
        yield watched
        assert watched.outside == [], f"requests left loopback: {watched.outside}"
        assert watched.dialogs == [], f"script ran in the page: {watched.dialogs}"
    finally:
        context.close()


def ask_next(app: Watched, question: str) -> None:
    """Ask in the same conversation and wait for the answer's final message (its sources)."""
    page = app.page
    answered = page.locator("#bc-chat .message-row").count()
    page.fill("#bc-q textarea", question)
    page.click("#bc-send")
    # A final message carries the sources line (or the not-found look); count them.
    try:
        page.wait_for_function(
            "(before) => { const t = document.querySelector('#bc-chat').innerText;"
            " const done = t.split('Nguồn:').length + t.split('Không tìm thấy').length - 2;"
            " return document.querySelectorAll('#bc-chat .message-row').length > before"
            " && done * 2 >= document.querySelectorAll('#bc-chat .message-row').length; }",
            arg=answered,
            timeout=60_000,
        )
    except PlaywrightTimeoutError:
        app.shot("ask-timed-out")
        raise


def open_tab(page: Page, name: str) -> None:
    """Click the tab `name`; on a phone Gradio keeps the later tabs behind "More tabs"."""
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.first.is_visible():
        tab.first.click()
        return
    page.get_by_role("button", name="More tabs").click()
    page.locator(".overflow-dropdown button", has_text=name).click()


def open_citation(page: Page, link: str, place: str, section: str) -> None:
    """Click a [n] link in the chat: its source opens, scrolled to the highlighted quote."""
    page.locator(f"#bc-chat a[href='#{link}']").first.click()
    source = page.locator("#bc-source")
    expect(source).to_contain_text(place)
    expect(source.locator(".bc-source-head")).to_contain_text(section)
    mark = source.locator("mark.bc-quote")
    expect(mark).to_have_class(re.compile("bc-current"))
    expect(mark).to_be_in_viewport()
