"""Text clean-up shared by every format: NFC, markup and artefacts, comparison form.

`normalize_text` is the *comparison* form (one tone-mark convention, straight quotes,
single spaces): `verify` applies it to both a quote and its section. `clean_line` is the
*display* form kept in sections: NFC, markdown and Word artefacts removed, tone marks
as printed so quotes stay verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.tones import place_tone_marks

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_SUP = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:sub|sup|u|b|i|em|strong|br|span)[^>]*>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
# Emphasis never spans another "*" (escaped ones are hidden first), which keeps the
# pattern linear on hostile lines such as "*a *a *a …".
_MD_EMPHASIS = re.compile(
    r"(?<![*\w])(\*{1,3}|__)(?=[^\s*])([^*\n]{1,1000}?)(?<=[^\s*])\1(?![*\w])"
)
_MD_LEFTOVER = re.compile(r"\*{2,}")
_ESCAPED_STAR = "\ue000"  # a private-use character stands in for "\*" meanwhile
_MD_ESCAPE = re.compile(r"\\([*_#\[\]()\-.+!`>])")
_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")


@dataclass(frozen=True, slots=True)
class CleanLine:
    """A line after markup removal; `heading_level` comes from markdown `#` markers."""

    text: str
    heading_level: int | None = None
    is_rule: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of display text with its pages; footnotes carry their number."""

    text: str
    page_start: int | None = None
    page_end: int | None = None
    heading_level: int | None = None
    is_bold: bool = False
    kind: str = "paragraph"  # "paragraph" | "footnote" | "table_row" | "break"
    footnote_id: str | None = None
    block_index: int = 0
    # Where each joined printed line starts in `text`: a heading that ran into its
    # body in a PDF ends at one of these.
    line_starts: tuple[int, ...] = ()


def normalize_text(text: str) -> str:
    r"""Comparison form: NFC, modern tone marks, straight quotes, one space; idempotent.

    >>> normalize_text("Đảng  ủy xã “Hùng Sơn”\\n hòa")
    'Đảng uỷ xã "Hùng Sơn" hoà'
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = place_tone_marks(text.translate(_QUOTES))
    return " ".join(text.split())


def clean_line(raw: str) -> CleanLine:
    """Strip markdown, HTML and Word artefacts from one line; keep the words as printed.

    >>> clean_line("## **2. Hạn chế, khó khăn**")
    CleanLine(text='2. Hạn chế, khó khăn', heading_level=2, is_rule=False)
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", raw)).replace("\t", " ")
    if _RULE.match(text):
        return CleanLine("", is_rule=True)
    text = _BOOKMARK.sub("", text)
    # Footnote markers print as "(4)", the form the PDF and DOCX loaders give, so a
    # report reads the same whatever its format.
    text = _SUP.sub(r"(\1)", text)
    text = _HTML_TAG.sub("", text)
    heading = _MD_HEADING.match(text)
    level = len(heading.group(1)) if heading else None
    if heading:
        text = text[heading.end() :]
    text = text.replace("\\*", _ESCAPED_STAR)
    for _ in range(2):  # nested emphasis: "***x***", "**_x_**"
        text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_LEFTOVER.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text).replace(_ESCAPED_STAR, "*")
    return CleanLine(_SPACES.sub(" ", text).strip(), heading_level=level)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
