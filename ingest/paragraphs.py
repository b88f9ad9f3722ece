"""Loader blocks -> paragraphs: drop running headers/footers, join hard wraps, find footnotes.

PDF and text loaders give one block per printed line; DOCX gives whole paragraphs. Lines
are joined back into paragraphs, but a numbered item, a bullet or a heading always
starts a new one, so the section parser sees one line per structural element.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ingest.folding import fold
from ingest.footnotes import SUP_START, as_footnote, footnote_refs, mark_printed_footnotes
from ingest.normalize import Paragraph, clean_line
from ingest.numbering import is_bullet, parse_marker
from ingest.types import Block

_TERMINAL = tuple(".!?:;")
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang|page)?\s*\d{1,3}(?:\s*/\s*\d{1,3})?[-–\s]*$", re.I)
_DECORATION = re.compile(r"^[\W_]*$")
# A line shorter than this share of the usual line width ends its paragraph (PDF wraps).
SHORT_LINE_RATIO = 0.62
HEADING_LINE_RATIO = 0.85
_GLUED_HYPHEN = re.compile(r"\w-$")
_DASH_CONTINUATION = re.compile(r"^[-–]\s+(\w)")
_EDGE_LINES = 2
# Capitalised words that continue a sentence on a new printed line ("… có hiệu quả" /
# "Nghị quyết năm 2026"): a line starting with one does not start a body after a heading.
PROPER_STARTS = frozenset((
    "Nghị", "Thành", "Tỉnh", "Huyện", "Đảng", "Nhà", "Nhân", "Ủy", "Uỷ", "Trung", "Chính",
    "Quốc", "Bộ", "Sở", "Mặt", "Hội", "Việt", "Lào", "Thường", "Chủ", "Phó", "Bí", "Đoàn",
    "Chi", "Xã", "Phòng", "Trạm", "Trường", "Đồn", "Ban", "Luật", "Quyết", "Chương", "Kế",
    "Văn"
))  # fmt: skip
# The narrower set that almost never opens a body sentence after a heading.
NAME_CONTINUATIONS = frozenset(
    ("Nghị", "Quyết", "Luật", "Chương", "Trung", "Chính", "Quốc", "Nhà", "Việt", "Lào")
)


def paragraphs_from_blocks(
    blocks: Sequence[Block], *, is_line_based: bool, is_printed: bool = False
) -> list[Paragraph]:
    """Clean blocks and join wrapped lines into paragraphs.

    Args:
        blocks: the loader's blocks in reading order.
        is_line_based: one block per printed line (PDF, text): drop running lines.
        is_printed: a PDF, whose footnote markers print as plain raised digits.
    """
    kept = drop_running_lines(blocks) if is_line_based else list(range(len(blocks)))
    lines = [_clean_block(blocks[i], i) for i in kept]
    if is_printed:
        lines = mark_printed_footnotes(lines)
    # Paragraph formats also split headings and sentences over two paragraphs, so they go
    # through the same joiner; only the width rule is for printed lines.
    lines = join_wrapped_lines(lines)
    return [p for p in lines if p.text or p.kind == "break"]


def _clean_block(block: Block, index: int) -> Paragraph:
    cleaned = clean_line(block.text)
    text = cleaned.text
    if block.list_label and not text.startswith(block.list_label):
        text = f"{block.list_label} {text}"
    if _DECORATION.match(text):
        text = ""  # lone "*" or "___" under a header is decoration, not content
    kind = "break" if cleaned.is_rule else block.kind
    sup = SUP_START.match(block.text)
    if sup:
        kind = "footnote"  # "<sup>1</sup> Thiếu 03 biên chế …" (markdown export)
    return Paragraph(
        text=text,
        page_start=block.page,
        page_end=block.page,
        heading_level=cleaned.heading_level or block.heading_level,
        is_bold=block.is_bold,
        kind=kind,
        footnote_id=sup.group(1) if sup else block.footnote_id,
        block_index=index,
    )


def drop_running_lines(blocks: Sequence[Block]) -> list[int]:
    """Indices of blocks to keep: running headers/footers and page numbers removed.

    A line counts as running when, with digits masked, it sits among the first or last
    lines of at least half the pages (and of two pages or more).
    """
    by_page: dict[int, list[int]] = defaultdict(list)
    for index, block in enumerate(blocks):
        if block.text.strip() and block.page is not None:
            by_page[block.page].append(index)
    if len(by_page) < 2:
        return list(range(len(blocks)))
    edges = {page: ids[:_EDGE_LINES] + ids[-_EDGE_LINES:] for page, ids in by_page.items()}
    pages_with: dict[str, set[int]] = defaultdict(set)
    for page, ids in edges.items():
        for index in ids:
            pages_with[_running_key(blocks[index].text)].add(page)
    needed = max(2, (len(by_page) + 1) // 2)
    dropped = {
        index
        for page, ids in edges.items()
        for index in ids
        if len(pages_with[_running_key(blocks[index].text)]) >= needed
        or _PAGE_NUMBER.match(blocks[index].text.strip())
    }
    return [index for index in range(len(blocks)) if index not in dropped]


def running_lines(blocks: Sequence[Block]) -> list[str]:
    """The distinct running header/footer lines (not page numbers), e.g. 'UBND XÃ X - …'."""
    kept = set(drop_running_lines(blocks))
    texts = [block.text.strip() for i, block in enumerate(blocks) if i not in kept]
    return list(dict.fromkeys(t for t in texts if t and not _PAGE_NUMBER.match(t)))


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", fold(text))


def join_wrapped_lines(lines: Sequence[Paragraph]) -> list[Paragraph]:
    """Join printed lines back into paragraphs (de-wrap, de-hyphenate, mark footnotes)."""
    # Some DOCX files are hard-wrapped too (one paragraph per printed line).
    is_wrapped = _looks_hard_wrapped(lines)
    width = _typical_width(lines) if is_wrapped else None
    refs = footnote_refs(lines)
    out: list[Paragraph] = []
    after_blank = False
    last_printed = ""  # the previous printed line: its length tells a wrap from an end
    for raw in lines:
        if not raw.text:
            after_blank = after_blank or raw.kind != "break"
            if raw.kind == "break":
                out.append(raw)
            continue
        line = as_footnote(raw, refs)
        target = _join_target(out, line)
        if target is not None and target < len(out) - 1:
            joins = _continues_across_notes(out[target], line)
        else:
            joins = target is not None and _continues(
                out[target], line, last_printed, width, after_blank=after_blank
            )
        if target is not None and joins:
            out[target] = _merge(out[target], line)
        else:
            out.append(line)
        after_blank = False
        last_printed = line.text
    return out


def _join_target(out: list[Paragraph], line: Paragraph) -> int | None:
    """Which paragraph `line` may continue: the last one, or across a footnote block.

    A note wraps onto the following lines of its own page. A page break can fall
    mid-sentence with the page's notes printed in between: on the next page (or in a
    format without pages) the sentence continues the last body paragraph instead.
    """
    if not out or out[-1].kind not in ("paragraph", "footnote"):
        return None
    last = len(out) - 1
    if out[-1].kind == "paragraph":
        return last
    if line.page_start is not None and out[-1].page_end == line.page_start:
        return last
    if line.text[0].islower() or line.text[0].isdigit():
        body = [i for i in range(last, -1, -1) if out[i].kind == "paragraph"]
        return body[0] if body else None
    return None


def _continues_across_notes(previous: Paragraph, line: Paragraph) -> bool:
    """A sentence cut by a page break, with that page's footnotes printed in between."""
    if line.kind != "paragraph" or starts_structure(line.text):
        return False
    return not previous.text.rstrip().endswith(_TERMINAL)


def _continues(
    previous: Paragraph,
    line: Paragraph,
    last_printed: str,
    width: int | None,
    *,
    after_blank: bool,
) -> bool:
    if line.kind != "paragraph" or line.heading_level:
        return False
    dash = _DASH_CONTINUATION.match(line.text)
    if dash and dash.group(1).islower() and not previous.text.rstrip().endswith(_TERMINAL):
        return True  # "… phát triển kinh tế" / "- xã hội, …": a compound cut at its dash
    if starts_structure(line.text):
        return False
    if _is_parenthetical(line.text) or _is_parenthetical(previous.text):
        return False  # "(trình kỳ họp thứ 5 …)" under a title stands alone
    if previous.heading_level and not after_blank:
        return _caps_continuation(previous.text, line.text)
    head = previous.text.rstrip()
    ends_open = not head.endswith(_TERMINAL)
    if head.isupper() and line.text[0].islower():
        return False  # "BÁO CÁO" then "kết quả hoạt động …": a title under a type line
    if ends_open and (line.text[0].islower() or _GLUED_HYPHEN.search(head)):
        return True  # a sentence or a word ("2025-" / "2030") cut by a wrap or page break
    is_heading = parse_marker(previous.text) is not None
    if after_blank or not ends_open:
        return False
    if _caps_continuation(head, line.text) or (is_heading and len(line.text.split()) <= 2):
        return True  # "... KINH TẾ -" / "XÃ HỘI", "... giải quyết" / "TTHC"
    if width is None:
        return False
    # A numbered heading ends early on its line; body lines run almost to the margin.
    # A heading line followed by "Nghị quyết …" still runs on: a name, not a body.
    runs_on = is_heading and line.text.split()[0].strip(".,;:()") in NAME_CONTINUATIONS
    ratio = HEADING_LINE_RATIO if is_heading and not runs_on else SHORT_LINE_RATIO
    return len(last_printed) >= width * ratio


def _is_parenthetical(text: str) -> bool:
    return text.startswith("(") and text.rstrip(" .").endswith(")")


def _caps_continuation(previous: str, line: str) -> bool:
    """A capitalised heading wrapped over two lines ("... KINH TẾ -" / "XÃ HỘI, ...")."""
    return (
        previous.isupper()
        and line.isupper()
        and parse_marker(previous) is not None
        and not previous.endswith(_TERMINAL)
    )


def _merge(previous: Paragraph, line: Paragraph) -> Paragraph:
    head = previous.text.rstrip()
    if _GLUED_HYPHEN.search(head):
        # Vietnamese syllables are never split by hyphenation, so "kinh tế-" + "xã hội" is
        # a compound that keeps its hyphen; only a foreign word ("Inter-" + "net") joins.
        before = head[:-1].split()[-1] if head[:-1].split() else ""
        after = line.text.split()[0]
        is_split_word = before.isascii() and after.isascii() and after[0].islower()
        text = (head[:-1] if is_split_word else head) + line.text
    else:
        text = f"{head} {line.text}"
    return replace(
        previous,
        text=text,
        page_end=line.page_end or previous.page_end,
        line_starts=(*previous.line_starts, len(text) - len(line.text)),
    )


def starts_structure(text: str) -> bool:
    """A numbered heading/item, a bullet or a closing-block line starts a paragraph."""
    return parse_marker(text) is not None or is_bullet(text) or is_closing_start(text)


_CLOSING = re.compile(
    r"^(?:Nơi nhận\s*:?|(?:TM|T/M|TL|T/L|KT|K/T|Q|TUQ)\s*[./]\s*[A-ZĐÂ]\S*|Trên đây là\b)",
)


def is_closing_start(text: str) -> bool:
    """The closing block: "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "T/M ĐẢNG ỦY", "Trên đây là"."""
    return bool(_CLOSING.match(text.strip()))


def _looks_hard_wrapped(lines: Sequence[Paragraph]) -> bool:
    texts = [line.text for line in lines if line.text]
    pairs = list(itertools.pairwise(texts))
    if not pairs:
        return False
    cut = sum(1 for a, b in pairs if not a.endswith(_TERMINAL) and b[0].islower())
    return cut / len(pairs) > 0.12


def _typical_width(lines: Sequence[Paragraph]) -> int:
    lengths = sorted(len(line.text) for line in lines if line.text)
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.9)]
