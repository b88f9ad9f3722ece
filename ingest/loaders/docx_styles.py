"""Effective Word formatting: direct properties, then style chains, then document defaults.

python-docx answers only for direct formatting (`run.font.hidden` is None when the
hiding comes from a style), but hidden text and headings usually come from styles.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

Element = Any  # an lxml element from python-docx's tree (lxml ships no usable stubs here)

_FALSE_VALUES = frozenset({"0", "false", "off", "none"})
# Colours at or above this on every channel (0-255) count as white on a white page.
_NEAR_WHITE = 242
_WHITE_THEME_COLOURS = frozenset({"background1", "light1"})
_TINY_HALF_POINTS = 4  # w:sz is in half-points: below 2 pt nobody can read it
_MAX_STYLE_DEPTH = 20  # basedOn chains are short; a loop in a crafted file must end


class StyleSheet:
    """Looks up paragraph and run properties the way Word resolves them."""

    def __init__(self, styles_element: Element | None) -> None:
        self._styles: dict[str, Element] = {}
        self._default_paragraph: str | None = None
        self._default_rpr: Element | None = None
        self._default_ppr: Element | None = None
        if styles_element is None:
            return
        for style in styles_element.iterfind(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id:
                self._styles[style_id] = style
                is_default = style.get(qn("w:default")) in ("1", "true")
                if is_default and style.get(qn("w:type")) == "paragraph":
                    self._default_paragraph = style_id
        defaults = styles_element.find(qn("w:docDefaults"))
        if defaults is not None:
            self._default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            self._default_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")

    def chain(self, style_id: str | None, *, paragraph: bool = False) -> list[Element]:
        """The style and the styles it is based on, most specific first."""
        if style_id is None and paragraph:
            style_id = self._default_paragraph
        found: list[Element] = []
        while style_id and style_id in self._styles and len(found) < _MAX_STYLE_DEPTH:
            style = self._styles[style_id]
            if any(style is seen for seen in found):
                break
            found.append(style)
            based_on = style.find(qn("w:basedOn"))
            style_id = based_on.get(qn("w:val")) if based_on is not None else None
        return found

    def style_name(self, style_id: str | None) -> str:
        style = self._styles.get(style_id or "")
        name = style.find(qn("w:name")) if style is not None else None
        return str(name.get(qn("w:val"), "")) if name is not None else ""

    def run_property(
        self, run_rpr: Element | None, run_style: str | None, para_style: str | None, tag: str
    ) -> Element | None:
        """First `tag` element found in run, character style, paragraph style, defaults."""
        candidates = [run_rpr]
        candidates += [s.find(qn("w:rPr")) for s in self.chain(run_style)]
        candidates += [s.find(qn("w:rPr")) for s in self.chain(para_style, paragraph=True)]
        candidates.append(self._default_rpr)
        for rpr in candidates:
            if rpr is not None and (found := rpr.find(qn(tag))) is not None:
                return found
        return None

    def paragraph_property(self, ppr: Element | None, para_style: str | None, tag: str) -> Any:
        candidates = [ppr]
        candidates += [s.find(qn("w:pPr")) for s in self.chain(para_style, paragraph=True)]
        candidates.append(self._default_ppr)
        for candidate in candidates:
            if candidate is not None and (found := candidate.find(qn(tag))) is not None:
                return found
        return None

    def heading_level(self, ppr: Element | None, para_style: str | None) -> int | None:
        """1-based heading level from a "Heading N" style or an outline level."""
        for style in self.chain(para_style, paragraph=True):
            name = self.style_name(style.get(qn("w:styleId"))).lower()
            if name.startswith("heading ") and name[8:].strip().isdigit():
                return int(name[8:].strip())
        outline = self.paragraph_property(ppr, para_style, "w:outlineLvl")
        value = _int_value(outline)
        # Outline level 9 means "body text".
        return value + 1 if value is not None and 0 <= value < 9 else None


def is_on(element: Element | None) -> bool:
    """A toggle property (w:b, w:vanish...) is on when present without a false value."""
    if element is None:
        return False
    return str(element.get(qn("w:val"), "true")).lower() not in _FALSE_VALUES


def is_white(color: Element | None) -> bool:
    if color is None:
        return False
    if color.get(qn("w:themeColor")) in _WHITE_THEME_COLOURS:
        return True
    value = str(color.get(qn("w:val"), "auto"))
    if len(value) != 6:
        return False
    try:
        channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return min(channels) >= _NEAR_WHITE


def is_tiny(size: Element | None) -> bool:
    value = _int_value(size)
    return value is not None and value < _TINY_HALF_POINTS


def has_background(shading: Element | None, highlight: Element | None) -> bool:
    """True when a run sits on a coloured background, so white text is legible there."""
    if is_on(highlight):
        return True
    if shading is None:
        return False
    fill = str(shading.get(qn("w:fill"), "auto")).lower()
    return fill not in ("auto", "ffffff", "")


def _int_value(element: Element | None) -> int | None:
    if element is None:
        return None
    try:
        return int(str(element.get(qn("w:val"))))
    except ValueError:
        return None
