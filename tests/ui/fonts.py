"""What the font tests read: the fonts installed (fontconfig), which of them have
Vietnamese, each visible text's CSS font stack, and the fonts Chromium really drew with.

A stack passes when the first family in it that this machine has covers Vietnamese and no
generic family ("sans-serif", "monospace", "system-ui"...) comes before it: a generic is
whatever font each computer picks, and Debian's monospace (DejaVu Sans Mono) splits "ố"
into "ô" + a loose accent ("Sô´mục"). Chromium's own answer (CDP's
CSS.getPlatformFontsForNode) checks what was drawn.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import CDPSession, Page

VIETNAMESE = "Số mục · Người ký · Đặc khu"
GENERIC = frozenset(
    {
        "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
        "ui-sans-serif", "ui-monospace", "ui-rounded", "math", "emoji", "fangsong",
    }
)  # fmt: skip
# Emoji fonts sit at a stack's end for pictographs only; they never draw letters.
EMOJI = frozenset({"apple color emoji", "segoe ui emoji", "segoe ui symbol", "noto color emoji"})

# Every visible element with text of its own (or a text box): its stack and a short name.
# Each is marked data-bc-text=<n> so that one can be probed afterwards.
_VISIBLE_TEXTS = """() => {
  document.querySelectorAll('[data-bc-text]').forEach((el) => el.removeAttribute('data-bc-text'));
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility !== 'visible') continue;
    const box = ['INPUT', 'TEXTAREA'].includes(el.tagName) && !['radio', 'checkbox', 'file',
      'range', 'color', 'date', 'hidden'].includes(el.type);
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
    if (!own && !box) continue;
    el.setAttribute('data-bc-text', String(out.length));
    const first = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
    const kind = first ? '.' + first : '';
    out.push({name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + kind,
              family: style.fontFamily, is_box: box,
              text: (box ? el.value || el.placeholder : el.textContent).trim().slice(0, 40)});
  }
  return out;
}"""


@functools.cache
def _families(spec: str) -> frozenset[str]:
    listed = subprocess.run(
        ["fc-list", spec, "family"], capture_output=True, text=True, check=True
    ).stdout
    return frozenset(
        name.strip().lower() for line in listed.splitlines() for name in line.split(",")
    )


def installed() -> frozenset[str]:
    return _families(":")


def vietnamese() -> frozenset[str]:
    """The installed families that fontconfig says cover Vietnamese."""
    return _families(":lang=vi")


def stack_problem(family: str) -> str:
    """Why the CSS stack `family` may not draw Vietnamese here ("" when it does)."""
    for name in (part.strip().strip("\"'").lower() for part in family.split(",")):
        if name in GENERIC:
            return f"the generic {name!r} comes before any installed font"
        if name in installed():
            return "" if name in vietnamese() else f"{name!r} has no Vietnamese"
    return "no font of the stack is installed"


@dataclass(frozen=True, slots=True)
class TextFont:
    """A visible text element: its place among the page's texts, name, CSS stack, text."""

    mark: int
    name: str
    family: str
    is_box: bool
    text: str


def visible_texts(page: Page) -> list[TextFont]:
    """Every visible text element of the page, in document order."""
    found: list[dict[str, Any]] = page.evaluate(_VISIBLE_TEXTS)
    return [
        TextFont(n, item["name"], item["family"], item["is_box"], item["text"])
        for n, item in enumerate(found)
    ]


def drawn_with(page: Page, cdp: CDPSession, text: TextFont, probe: str) -> set[str]:
    """The font families Chromium draws `probe` with in the element `text` (its own first
    text replaced by `probe`; a text box gets it as its value)."""
    page.evaluate(
        """([mark, probe]) => {
          const el = document.querySelector(`[data-bc-text="${mark}"]`);
          if (['INPUT', 'TEXTAREA'].includes(el.tagName)) {
            el.value = probe;
            return;
          }
          const node = [...el.childNodes].find((n) => n.nodeType === 3 && n.data.trim());
          node.data = probe;
        }""",
        [text.mark, probe],
    )
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send(
        "DOM.querySelector", {"nodeId": root, "selector": f'[data-bc-text="{text.mark}"]'}
    )
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    return {str(font["familyName"]).lower() for font in fonts}
