"""Issue 16.8 in real Chromium: each answer's copy, 👍/👎 and regenerate buttons (labelled
in Vietnamese), the 👎 answers in the evaluation tab with their download, example
questions that are asked on a click, and the hint on an empty question; on a desktop and
on a phone-sized screen.

The feedback and regenerate checks read the server's conversations file itself. Pictures
of the message actions and of the evaluation tab's 👎 list go to /tmp/shots/.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.browsing import DESKTOP, PHONE, ask_next, open_tab, opened_app
from tests.ui.conftest import Site
from tests.ui.test_browser_citations import LAO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path("/tmp/shots")
POVERTY = "Tỷ lệ hộ nghèo của xã Lùng Phình là bao nhiêu?"
VIEWPORTS = [(DESKTOP, "desktop"), (PHONE, "phone")]
ENGLISH = {"Like", "Dislike", "Liked", "Disliked", "Retry", "Copy", "Copy message", "Clear"}


def _latest_turn(site: Site) -> tuple[int, str | None, dict[str, Any]]:
    """The turn count, last feedback and last answer of the newest saved conversation."""
    with sqlite3.connect(site.folder / "index" / "conversations.sqlite") as db:
        (key,) = db.execute("SELECT id FROM conversations ORDER BY updated DESC").fetchone()
        turns = db.execute(
            "SELECT feedback, answer FROM turns WHERE conversation = ? ORDER BY position", (key,)
        ).fetchall()
    if not turns:  # created, its first answer not stored yet
        return 0, None, {}
    feedback, answer = turns[-1]
    return len(turns), feedback, json.loads(answer)


def _eventually(check: Any, page: Page, *, seconds: float = 15) -> Any:
    """`check()` once it is truthy (the server stores after the page shows)."""
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert found, "the server did not store it in time"
    return found


def _answer_button(page: Page, label: str) -> Any:
    """The last answer's button named `label`."""
    return page.locator("#bc-chat .message-buttons-left").last.locator(
        f"button[aria-label='{label}']"
    )


@pytest.mark.parametrize(("viewport", "name"), VIEWPORTS)
def test_copy_and_feedback_on_an_answer_then_regenerate_replaces_it(
    browser: Browser, real_site: Site, viewport: dict[str, int], name: str
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        ask_next(app, POVERTY)
        labels = page.locator("#bc-chat button").evaluate_all(
            "(all) => all.map((b) => b.getAttribute('aria-label'))"
        )
        assert not ENGLISH & set(labels), labels
        # What a screen reader says of the answer: Vietnamese, the text as read.
        read = page.locator("#bc-chat [data-testid='bot']").last
        expect(read).to_have_attribute("aria-label", re.compile(r"^Câu trả lời: 25,46%"))
        assert "](#" not in (read.get_attribute("aria-label") or "")
        if name == "phone":  # finger-sized, not Gradio's ~24 px icons
            box = _answer_button(page, "Trả lời lại").bounding_box()
            assert box is not None and box["height"] >= 40 and box["width"] >= 40, box
        _answer_button(page, "Sao chép câu trả lời và nguồn").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "Lùng Phình" in copied and "[1]" in copied and "Nguồn:" in copied, copied
        assert not any(mark in copied for mark in ("\\", "](#", "**")), copied
        _answer_button(page, "Câu trả lời chưa tốt").click()
        expect(_answer_button(page, "Đã đánh giá: chưa tốt")).to_have_count(1)
        _eventually(lambda: _latest_turn(real_site)[1] == "dislike", page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("#bc-chat").screenshot(path=str(SHOTS / f"message-actions-{name}.png"))
        page.reload()  # the saved conversation comes back with its 👎 shown
        expect(_answer_button(page, "Đã đánh giá: chưa tốt")).to_have_count(1, timeout=60_000)
        # Asked again under a filter no report passes: the new answer is "not found",
        # in the old one's place on screen and in the saved conversation.
        page.locator("#bc-filters").get_by_text("Bộ lọc").click()
        page.fill("#bc-date-from input, #bc-date-from textarea", "30/12/2099")
        _answer_button(page, "Trả lời lại").click()
        rows = page.locator("#bc-chat .message-row")
        expect(rows.nth(1)).to_contain_text("Không tìm thấy", timeout=60_000)
        expect(rows).to_have_count(2)
        expect(page.locator("#bc-chat")).not_to_contain_text("25,46%")
        count, feedback, answer = _eventually(
            lambda: (found := _latest_turn(real_site))[2].get("abstained") and found, page
        )
        assert (count, feedback, answer["question"]) == (1, None, POVERTY)
        # The old answer's 👎 is not shown on the new one.
        expect(_answer_button(page, "Câu trả lời chưa tốt")).to_have_count(1)


@pytest.mark.parametrize(("viewport", "name"), VIEWPORTS)
def test_disliked_answers_are_listed_in_the_evaluation_tab_and_download_as_questions(
    browser: Browser, real_site: Site, viewport: dict[str, int], name: str
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        ask_next(app, LAO)
        _answer_button(page, "Câu trả lời chưa tốt").click()
        _eventually(lambda: _latest_turn(real_site)[1] == "dislike", page)
        open_tab(page, "Đánh giá")
        counts = page.locator("#bc-feedback-counts")
        expect(counts).to_contain_text("câu trả lời chưa tốt")
        table = page.locator("#bc-feedback-list")
        expect(table).to_contain_text("công tác đối ngoại với Lào")
        expect(table).to_contain_text(time.strftime("%d/%m/%Y"))
        page.locator("#bc-feedback-list").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"feedback-list-{name}.png"), full_page=True)
        with page.expect_download() as downloading:
            page.click("#bc-feedback-download a")
        lines = Path(downloading.value.path()).read_text(encoding="utf-8").splitlines()
        questions = [json.loads(line) for line in lines]
        assert LAO in [item["question"] for item in questions]
        assert all(
            set(item) <= {"id", "lang", "question", "history", "expect"} for item in questions
        )


@pytest.mark.parametrize(("viewport", "name"), VIEWPORTS)
def test_an_example_question_is_asked_when_clicked(
    browser: Browser, real_site: Site, viewport: dict[str, int], name: str
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        page.locator("#bc-examples").get_by_text(POVERTY).click()
        rows = page.locator("#bc-chat .message-row")
        expect(rows).to_have_count(2, timeout=60_000)
        expect(rows.nth(0)).to_contain_text(POVERTY)
        expect(rows.nth(1)).to_contain_text("25,46%", timeout=60_000)
        expect(rows.nth(1)).to_contain_text("Nguồn")
        # Saved like a typed question.
        _eventually(lambda: _latest_turn(real_site)[2].get("question") == POVERTY, page)
        # Gradio's trash icon on the chat clears it as the "Xoá hội thoại" button does.
        page.locator("#bc-chat button[aria-label='Xoá hội thoại']").click()
        expect(rows).to_have_count(0)
        expect(page.locator("#bc-cites")).to_contain_text("Chưa có trích dẫn")


@pytest.mark.parametrize(("viewport", "name"), VIEWPORTS)
def test_an_empty_question_gets_a_hint_and_nothing_is_sent(
    browser: Browser, real_site: Site, viewport: dict[str, int], name: str
) -> None:
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        page.fill("#bc-q textarea", "   ")
        page.click("#bc-send")
        expect(page.get_by_text("Hãy nhập câu hỏi.")).to_be_visible()
        expect(page.locator(".toast-title.warning").first).to_be_visible()
        expect(page.locator("#bc-chat .message-row")).to_have_count(0)
