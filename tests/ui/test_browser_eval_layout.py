"""Issue 16.8 in real Chromium: the evaluation tab on a phone (390x844) and a desktop.

Every control is on screen and can be tapped (nothing lies over it), the page never
scrolls sideways, the metrics table fits the width, and the wider per-question table
scrolls sideways inside itself, to its last column. Checked before and after a run.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.browsing import DESKTOP, PHONE, open_tab, opened_app
from tests.ui.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Controls of the open tab and the page's top: where each is (or the box that scrolls it
# sideways, for one inside a table), and whether something else covers its centre.
_CONTROLS = """() => {
  const panel = [...document.querySelectorAll('[role=tabpanel]')]
    .find((el) => el.getClientRects().length);
  const scope = [panel, document.querySelector('#bc-lang'),
    document.querySelector('[role=tablist]')];
  const out = [];
  for (const root of scope.filter(Boolean)) {
    for (const el of root.querySelectorAll(
        'button, input:not([type=file]), textarea, select, [role=button], [role=tab], a[href]')) {
      if (!el.getClientRects().length || getComputedStyle(el).visibility !== 'visible') continue;
      let shown = el;
      for (let up = el.parentElement; up && up !== root; up = up.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) { shown = up; break; }
      }
      shown.scrollIntoView({block: 'center', inline: 'nearest'});
      const box = shown.getBoundingClientRect();
      const mine = el.getBoundingClientRect();
      const x = Math.min(Math.max(mine.left + mine.width / 2, 1), innerWidth - 1);
      const y = Math.min(Math.max(mine.top + mine.height / 2, 1), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      const label = el.closest('label');
      const reachable = !!hit && (el.contains(hit) || hit.contains(el)
        || (label && label.contains(hit)) || (shown !== el && shown.contains(hit)));
      out.push({name: el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30)
                || el.tagName, left: box.left, right: box.right, width: box.width,
                reachable: reachable || shown !== el});
    }
  }
  return out;
}"""


def _layout_problems(page: Page, width: int, when: str) -> list[str]:
    problems = []
    wide = page.evaluate("() => document.scrollingElement.scrollWidth")
    if wide > width:
        problems.append(f"{when}: the page scrolls sideways ({wide}px wide on {width}px)")
    controls: list[dict[str, Any]] = page.evaluate(_CONTROLS)
    assert len(controls) >= 4, f"{when}: only {len(controls)} controls found"
    for control in controls:
        if control["left"] < -1 or control["right"] > width + 1:
            problems.append(f"{when}: {control['name']!r} off screen ({control})")
        elif not control["reachable"]:
            problems.append(f"{when}: {control['name']!r} is covered by something else")
    return problems


def _table_problems(page: Page, width: int) -> list[str]:
    """The metrics fit; the per-question table scrolls inside itself to its last column."""
    problems = []
    for table, must_fit in (("#bc-eval-metrics", True), ("#bc-eval-table", False)):
        scroller = page.locator(f"{table} .virtual-table-viewport")
        found = scroller.evaluate(
            "(el) => ({scroll: el.scrollWidth, client: el.clientWidth,"
            " overflow: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right})"
        )
        if found["right"] > width + 1:
            problems.append(f"{table} is cut off by the screen's edge: {found}")
        if must_fit and found["scroll"] > found["client"] + 1:
            problems.append(f"{table} does not fit the width: {found}")
        if found["scroll"] > found["client"] + 1 and found["overflow"] not in ("auto", "scroll"):
            problems.append(f"{table} is wider than its box and cannot scroll: {found}")
        scroller.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
        last = page.locator(f"{table} thead th").last
        box = last.bounding_box()
        if box is None or box["x"] < 0 or box["x"] + min(box["width"], 60) > width + 1:
            problems.append(f"{table}: its last column cannot be scrolled into view: {box}")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_evaluation_tab_fits_the_screen_and_every_control_can_be_used(
    browser: Browser, real_site: Site, viewport: dict[str, int]
) -> None:
    width = viewport["width"]
    with opened_app(browser, real_site, viewport) as app:
        page = app.page
        open_tab(page, "Đánh giá")
        expect(page.locator("#bc-eval-run")).to_be_visible()
        problems = _layout_problems(page, width, "before a run")
        # Used as a person would: pick the set from the list, then run it.
        page.locator("#bc-eval-pick input").click()
        page.get_by_role("option").filter(has_text="mini").click()
        page.locator("#bc-eval-run").click()
        metrics = page.locator("#bc-eval-metrics")
        expect(metrics).to_contain_text("Số câu hỏi", timeout=120_000)
        expect(page.locator("#bc-eval-table")).to_contain_text("Câu hỏi")
        problems += _layout_problems(page, width, "after a run")
        problems += _table_problems(page, width)
        page.evaluate("() => window.scrollTo(0, 0)")
        app.shot(f"eval-layout-{width}")
        assert problems == [], "\n".join(problems)
