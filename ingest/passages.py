"""Passages: the sentences (or long sentences' clauses) that answers quote and rank.

`passage_texts` cuts a chunk's text into verbatim slices, so a quote taken from one
passes verification. It lives here, beside chunking, because the index embeds every
passage at ingest (for passage-level similarity) and the assistant must cut the same
passages to find those vectors.
"""

from __future__ import annotations

import re

# Longer sentences are split at semicolons so a quote stays readable.
MAX_PASSAGE_CHARS = 420
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\-+•*]?[^\W_])")
_CLAUSE_END = re.compile(r"(?<=;)\s+")
# A line that stops mid-sentence, and a next line that carries on in lower case.
_WRAPPED = re.compile(r"[^.!?:;…)\]»”\"]$")
_CONTINUES = re.compile(r"[a-zà-ỹđ0-9(,]")
# Also wrapped: an item cut after its label ("(18) Tỷ lệ người tham gia" + "BHXH: 25%."),
# a label cut before its figure ("Tỷ lệ gia đình văn hóa:" + "94,5%.") and a list number
# cut from its item ("… (21)" + "Tỷ lệ thanh toán …"). Not a roman heading ("II. KẾT").
_ACRONYM = re.compile(r"[^\W\d_]{2,}(?![\w.])")
_LABEL_END = re.compile(r":$")
_FIGURE_START = re.compile(r"\d[\d.,]*\s?(?:%|[a-zà-ỹđ])")
_NUMBER_END = re.compile(r"\(\d{1,3}\)$")
# A table row as the table readers write it (ingest/loaders/tables.py: "Hộ nghèo — Kế
# hoạch: 45 — Thực hiện: 47,52"): a passage of its own, never joined to its neighbours.
TABLE_CELL = " — "
_TABLE_ROW = re.compile(TABLE_CELL + r"[^—]{1,120}?: \S")
# A line this long stopping mid-sentence is a wrapped line, not a heading (headings are
# short): shorter than the shortest wrapped body line of the sample PDFs.
LONG_LINE = 60


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [piece.strip() for piece in pattern.split(text) if piece.strip()]


def passage_texts(text: str) -> list[str]:
    """A chunk's sentences (and over-long sentences' clauses), in order, verbatim."""
    passages: list[str] = []
    for line in paragraphs(text):
        for sentence in _pieces(line, _SENTENCE_END):
            parts = [sentence]
            if len(sentence) > MAX_PASSAGE_CHARS:
                parts = _pieces(sentence, _CLAUSE_END)
            # Fewer than 3 characters ("a)", "-") say nothing on their own.
            passages.extend(part for part in parts if len(part) >= 3)
    return passages


def paragraphs(text: str) -> list[str]:
    """Lines, with PDF hard wraps re-joined ("… năm" + "2026, là …" is one sentence).

    Quotes keep their words; the joining space instead of the line break is whitespace
    that verification normalises anyway.
    """
    joined: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if joined and _continues(joined[-1], line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return joined


def _continues(previous: str, line: str) -> bool:
    if _TABLE_ROW.search(previous) or _TABLE_ROW.search(line):
        return False
    if _NUMBER_END.search(previous):
        return True
    if _LABEL_END.search(previous):
        return _FIGURE_START.match(line) is not None
    if not _WRAPPED.search(previous) or previous.isupper():
        return False
    acronym = _ACRONYM.match(line)
    if _CONTINUES.match(line) is not None or (acronym is not None and acronym[0].isupper()):
        return True
    # A long line stopping mid-sentence carries on even before a capital ("… với HTX" +
    # "Môi trường Vũ Quang; …"): a heading is short.
    return len(previous) >= LONG_LINE and line[:1].isupper()
