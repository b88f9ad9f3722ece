"""Turn Word automatic numbering back into the labels a reader sees ("II.", "1.2.", "a)").

Auto-numbered headings carry no number in their text, yet the section tree and every
citation need it. We replay Word's counters over numbering.xml (abstractNum levels:
start, numFmt, lvlText, lvlRestart, isLgl; num: lvlOverride/startOverride), simplified:
a num with overrides counts on its own, other nums share their abstractNum's counters.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

from ingest.loaders.docx_styles import Element, StyleSheet

_LEVELS = 9
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_BULLET_LABEL = "-"
_PLAIN_BULLETS = frozenset({"-", "+", "*", "–"})


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # 1-based level whose use restarts this one; 0 = never
    is_legal: bool = False


def format_number(value: int, fmt: str) -> str:
    """One counter value in a Word number format (unknown formats print as decimal)."""
    if fmt in ("upperRoman", "lowerRoman") and value > 0:
        roman = _to_roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        # Word repeats the letter past z: 27 -> "aa", 28 -> "bb".
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _to_roman(value: int) -> str:
    out = []
    for number, letters in _ROMAN:
        count, value = divmod(value, number)
        out.append(letters * count)
    return "".join(out)


class ListNumbering:
    """Replays Word's list counters paragraph by paragraph, in document order."""

    def __init__(self, numbering_element: Element | None, styles: StyleSheet) -> None:
        self._styles = styles
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._abstract_links: dict[str, str] = {}  # abstractNumId -> numStyleLink style
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        if numbering_element is not None:
            self._read(numbering_element)

    def _read(self, numbering: Element) -> None:
        for abstract in numbering.iterfind(qn("w:abstractNum")):
            abstract_id = str(abstract.get(qn("w:abstractNumId")))
            self._abstract[abstract_id] = {
                int(lvl.get(qn("w:ilvl"), "0")): _read_level(lvl)
                for lvl in abstract.iterfind(qn("w:lvl"))
            }
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None:
                self._abstract_links[abstract_id] = str(link.get(qn("w:val")))
        for num in numbering.iterfind(qn("w:num")):
            abstract_ref = num.find(qn("w:abstractNumId"))
            if abstract_ref is None:
                continue
            overrides: dict[int, int] = {}
            for override in num.iterfind(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start.get(qn("w:val")))
            self._nums[str(num.get(qn("w:numId")))] = (
                str(abstract_ref.get(qn("w:val"))),
                overrides,
            )

    def label(self, ppr: Element | None, para_style: str | None) -> str | None:
        """The printed label of this paragraph (advancing the counters), or None."""
        num_pr = self._styles.paragraph_property(ppr, para_style, "w:numPr")
        if num_pr is None:
            return None
        num_id = _child_val(num_pr, "w:numId")
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        ilvl = _child_val(num_pr, "w:ilvl")
        level = min(max(int(ilvl), 0), _LEVELS - 1) if ilvl and ilvl.isdigit() else 0
        abstract_id, overrides = self._nums[num_id]
        levels = self._levels(abstract_id)
        if level not in levels:
            return None
        key = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
        counters = self._counters.get(key)
        if counters is None:
            counters = [overrides.get(i) for i in range(_LEVELS)]
            counters = [None if value is None else value - 1 for value in counters]
            self._counters[key] = counters
        self._advance(counters, levels, level)
        return _render(levels, counters, level)

    def _levels(self, abstract_id: str) -> dict[int, _Level]:
        # A list defined by a numbering style points at that style's own num.
        style_id = self._abstract_links.get(abstract_id)
        if style_id is not None:
            num_pr = self._styles.paragraph_property(None, style_id, "w:numPr")
            linked = _child_val(num_pr, "w:numId") if num_pr is not None else None
            if linked in self._nums and self._nums[linked][0] != abstract_id:
                return self._abstract.get(self._nums[linked][0], {})
        return self._abstract.get(abstract_id, {})

    @staticmethod
    def _advance(counters: list[int | None], levels: dict[int, _Level], level: int) -> None:
        current = counters[level]
        counters[level] = levels[level].start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            spec = levels.get(deeper)
            restart = spec.restart if spec is not None and spec.restart is not None else deeper
            if level < restart:
                counters[deeper] = None


def _render(levels: dict[int, _Level], counters: list[int | None], level: int) -> str | None:
    spec = levels[level]
    if spec.fmt == "none" or not spec.text.strip():
        return None
    if spec.fmt == "bullet":
        text = spec.text.strip()
        return text if text in _PLAIN_BULLETS else _BULLET_LABEL
    label = spec.text
    for index in range(_LEVELS):
        placeholder = f"%{index + 1}"
        if placeholder not in label:
            continue
        other = levels.get(index, _Level())
        value = counters[index] if counters[index] is not None else other.start
        fmt = "decimal" if spec.is_legal else other.fmt
        label = label.replace(placeholder, format_number(value or 0, fmt))
    return label.strip() or None


def _read_level(lvl: Element) -> _Level:
    start = _child_val(lvl, "w:start")
    restart = _child_val(lvl, "w:lvlRestart")
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=_child_val(lvl, "w:numFmt") or "decimal",
        text=_child_val(lvl, "w:lvlText") or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        is_legal=lvl.find(qn("w:isLgl")) is not None,
    )


def _child_val(parent: Element, tag: str) -> str | None:
    child = parent.find(qn(tag))
    if child is None:
        return None
    value = child.get(qn("w:val"))
    return str(value) if value is not None else None
