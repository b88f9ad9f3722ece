"""Sections -> Chunks: section-bounded, sentence-aligned, sized by the embedder's tokenizer.

A chunk never crosses a section boundary, so every hit cites exactly one numbered
section; short sibling items stay separate chunks for the same reason. A chunk's text is
an exact slice of its section's text, so a quote taken from a chunk verifies against
the section.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator

from ingest.types import Chunk, Report, ReportMetadata, Section, make_chunk_id
from ingest.units import unit_label

TokenCounter = Callable[[str], int]
DEFAULT_MAX_TOKENS = 400
WORD_WINDOW = 40
MAX_BREADCRUMB_TITLE_CHARS = 60
# A document's title says what a letter is about (its sections are often "Thời gian",
# "Địa điểm"): kept whole up to this length, which 95% of titles fit (bench/data).
MAX_DOCUMENT_TITLE_CHARS = 140
# Abbreviations after which a period does not end a sentence ("TP. Hà Nội").
ABBREVIATIONS = frozenset(
    {"tp", "tt", "ths", "ts", "pgs", "gs", "bs", "ks", "q", "p", "tx", "st", "v.v", "ông", "bà",
     "đ/c", "đc", "ng", "th", "cn", "k", "tr", "số", "no"}
)  # fmt: skip
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*\s+|\n+")
_FALLBACK_BREAKS = (re.compile(r";\s+"), re.compile(r",\s+"), re.compile(r"\s+"))


def approximate_tokens(text: str) -> int:
    """Rough multilingual-e5 count: ~1.3 tokens per Vietnamese syllable, rounded up.

    The index passes the real tokenizer; this default errs on the large side.
    """
    return math.ceil(len(text.split()) * 1.5) + 6


def chunk_report(
    report: Report,
    *,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    count_tokens: TokenCounter | None = None,
) -> list[Chunk]:
    """Split every non-empty section into chunks of at most `max_tokens` (with breadcrumb)."""
    count = count_tokens or approximate_tokens
    chunks: list[Chunk] = []
    # Header and closing last: body chunks keep their indices (and ids) from before.
    for section in (*report.sections, *(s for s in (report.header, report.closing) if s)):
        breadcrumb = make_breadcrumb(report.metadata, section)
        if count(breadcrumb) > max_tokens // 2:
            breadcrumb = make_breadcrumb(report.metadata, section, with_titles=False)
        budget = max(1, max_tokens - count(breadcrumb))
        for piece in pack_sentences(section.text, budget=budget, count_tokens=count):
            chunks.append(_make_chunk(report, section, piece, breadcrumb, index=len(chunks)))
    return chunks


def _make_chunk(
    report: Report, section: Section, text: str, breadcrumb: str, *, index: int
) -> Chunk:
    return Chunk(
        chunk_id=make_chunk_id(report.report_id, section.labels, index, text),
        report_id=report.report_id,
        source=report.source,
        labels=section.labels,
        heading_path=section.heading_path,
        ordinal=section.ordinal,
        index=index,
        text=text,
        breadcrumb=breadcrumb,
        metadata=report.metadata,
        page_start=section.page_start,
        page_end=section.page_end,
        is_ocr=report.is_ocr(section.page_start, section.page_end),
    )


def make_breadcrumb(metadata: ReportMetadata, section: Section, *, with_titles: bool = True) -> str:
    """'Xã Hùng Sơn | Báo cáo 12/BC-UBND 2026-03-30 Tình hình … | V.3 Kiến nghị'. Kept short."""
    title = _shorten(metadata.title, MAX_DOCUMENT_TITLE_CHARS) if metadata.title else None
    document = " ".join(
        part
        for part in (
            metadata.doc_type,
            metadata.number,
            metadata.date,
            title if with_titles else None,
        )
        if part
    )
    titles = [_shorten(title) for title in section.heading_path if title] if with_titles else []
    place = unit_label(metadata.unit_kind, metadata.commune) if metadata.commune else ""
    where = " ".join(part for part in (section.label, " > ".join(titles[-2:])) if part)
    return " | ".join(part for part in (place, document, where) if part)


def _shorten(title: str, limit: int = MAX_BREADCRUMB_TITLE_CHARS) -> str:
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0] + "…"


def split_sentences(text: str) -> list[str]:
    """Vietnamese sentences, each with its trailing space; "8.026", "TP. Huế" stay whole.

    >>> split_sentences("Đạt 47,52%. Tổng thu 8.026 triệu đồng. TP. Huế giữ vững.")
    ['Đạt 47,52%. ', 'Tổng thu 8.026 triệu đồng. ', 'TP. Huế giữ vững.']
    """
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0).startswith("\n") or _is_sentence_end(text, match.start(), end):
            pieces.append(text[start:end])
            start = end
    if start < len(text):
        pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def _is_sentence_end(text: str, dot: int, after: int) -> bool:
    if after >= len(text) or not (text[after].isupper() or text[after].isdigit()):
        return False
    # Only the word before the dot matters; a bounded window keeps long texts linear.
    words = text[max(0, dot - WORD_WINDOW) : dot].split()
    word = words[-1].lower().lstrip('("“') if words else ""
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False  # "TP. Huế", an initial "Nguyễn V. A"
    return not re.fullmatch(r"\d+(?:\.\d+)+", word)  # "mục 1.4.1. Chỉ đạo" is a label


def pack_sentences(text: str, *, budget: int, count_tokens: TokenCounter) -> Iterator[str]:
    """Greedily pack consecutive sentences into slices of `text` within `budget` tokens."""
    counter = _AdditiveCounter(count_tokens)
    pieces = (
        piece
        for sentence in split_sentences(text)
        for piece in _split_long(sentence, budget, counter, 0)
    )
    yield from (chunk.strip() for chunk in _pack(pieces, budget, counter) if chunk.strip())


def _pack(pieces: Iterable[str], budget: int, counter: _AdditiveCounter) -> Iterator[str]:
    current, used = "", 0
    for piece in pieces:
        cost = counter.cost(piece)
        if current and used + cost > budget:
            yield current
            current, used = "", 0
        current += piece
        used += cost
    if current:
        yield current


class _AdditiveCounter:
    """Token counts of concatenated pieces, summed instead of recounting the whole text.

    A tokenizer adds a fixed overhead (special tokens, a "passage: " prefix) per call;
    subtracting it makes counts add up, so packing stays linear in the text length.
    """

    def __init__(self, count_tokens: TokenCounter) -> None:
        self.count_tokens = count_tokens
        self.overhead = count_tokens("")

    def cost(self, piece: str) -> int:
        return max(0, self.count_tokens(piece) - self.overhead)


def _split_long(piece: str, budget: int, counter: _AdditiveCounter, level: int) -> Iterator[str]:
    """A sentence over budget is cut at '; ', then ', ', then spaces."""
    if counter.cost(piece) <= budget or level >= len(_FALLBACK_BREAKS):
        yield piece
        return
    for part in _pack(_split_after(piece, _FALLBACK_BREAKS[level]), budget, counter):
        yield from _split_long(part, budget, counter, level + 1)


def _split_after(piece: str, separator: re.Pattern[str]) -> list[str]:
    """Cut after each separator, so the parts concatenate back to `piece` exactly."""
    parts: list[str] = []
    start = 0
    for match in separator.finditer(piece):
        parts.append(piece[start : match.end()])
        start = match.end()
    if start < len(piece):
        parts.append(piece[start:])
    return parts
