"""Footnotes in every format end up as "(4)" markers and "(4) …" note paragraphs.

DOCX and Markdown exports print a reference as "tích cực(4)" (or `<sup>4</sup>`) and the
note as a paragraph "(4) Ban hành …". A PDF prints the raised marker as a plain digit
glued to the word ("đạt 96,2%1") and the note as "1 Theo số liệu …" at the foot of the
page; `mark_printed_footnotes` turns those into the same "(1)" form, so the section
parser attaches every note to the section that cites it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ingest.normalize import Paragraph

FOOTNOTE_START = re.compile(r"^\((\d{1,3})\)\s*(?=\S)")
FOOTNOTE_REF = re.compile(r"(?<=[^\s(])\((\d{1,3})\)")
SUP_START = re.compile(r"^\s*<sup>\s*(\d{1,3})\s*</sup>", re.IGNORECASE)
_PRINTED_NOTE = re.compile(r"^(\d{1,2})\s+(?=\S)")
# Lines at the foot of a page that may hold notes (a note can wrap over a few lines).
FOOT_LINES = 6


def as_footnote(line: Paragraph, refs: set[str]) -> Paragraph:
    """Mark "(4) Ban hành …" as footnote 4 when the text cites "(4)" somewhere."""
    start = FOOTNOTE_START.match(line.text)
    if line.kind == "footnote":
        number = line.footnote_id or (start.group(1) if start else None)
        text = line.text if start or not number else f"({number}) {line.text}"
        return replace(line, text=text, footnote_id=number)
    if line.kind == "paragraph" and start and start.group(1) in refs:
        return replace(line, kind="footnote", footnote_id=start.group(1))
    return line


def footnote_refs(lines: Sequence[Paragraph]) -> set[str]:
    """Numbers cited as footnotes: "(4)" glued to the word before it ("tích cực(4).")."""
    return {number for line in lines for number in FOOTNOTE_REF.findall(line.text)}


def mark_printed_footnotes(lines: Sequence[Paragraph]) -> list[Paragraph]:
    """Rewrite PDF notes "1 Theo …" (foot of a page) and their glued markers as "(1)".

    A note counts only when the same page cites its number as a digit glued to a word
    or a percent sign; "11 sản phẩm OCOP" starting a wrapped line is left alone.
    """
    out = list(lines)
    by_page: dict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(out):
        if line.text and line.page_start is not None and line.kind == "paragraph":
            by_page[line.page_start].append(index)
    for indices in by_page.values():
        for note_index in indices[-FOOT_LINES:]:
            _mark_note(out, indices, note_index)
    return out


def _mark_note(out: list[Paragraph], indices: list[int], note_index: int) -> None:
    note = out[note_index]
    match = _PRINTED_NOTE.match(note.text)
    rest = note.text[match.end() :] if match else ""
    if not match or not rest[:1].isupper():
        return
    number = match.group(1)
    glued = re.compile(rf"(?<=[^\W\d_]|[%)\]])({number})(?=[\s.,;:)]|$)")
    for ref_index in reversed([i for i in indices if i < note_index]):
        ref = out[ref_index]
        found = list(glued.finditer(ref.text))
        if found and out[ref_index].kind == "paragraph":
            where = found[-1]
            text = f"{ref.text[: where.start()]}({number}){ref.text[where.end() :]}"
            out[ref_index] = replace(ref, text=text)
            out[note_index] = replace(
                note, text=f"({number}) {rest}", kind="footnote", footnote_id=number
            )
            return
