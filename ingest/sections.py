"""Paragraphs -> numbered section tree (labels path, heading path, text, pages).

Every numbering marker opens a section: higher markers close the open ones below them,
so numbering that restarts under a new parent gets a fresh path (["II", "1"] after
["I", "3"]). A numbered paragraph that is a whole sentence ("3. Trong đợt mưa bão …")
is an item: its text is the paragraph and its title a short prefix of it. Footnotes
go to the section whose text references them; the closing block is cut off.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.normalize import Paragraph
from ingest.numbering import RANK_ROMAN, Marker, is_bullet, parse_appendix, parse_marker
from ingest.paragraphs import PROPER_STARTS, is_closing_start
from ingest.types import Section

MAX_HEADING_CHARS = 300
MAX_ITEM_TITLE_CHARS = 80
MAX_RECIPIENT_CHARS = 80
MAX_STYLED_HEADING_CHARS = 150
MAX_RUN_IN_LINES, MAX_RUN_IN_CHARS = 2, 120
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+(\S)")
_ITEM_END = (".", ";", "!", "?", "…", '."', ".”", ".)")


@dataclass(slots=True)
class _Draft:
    """A section being filled while paragraphs stream past (mutable builder state)."""

    labels: tuple[str, ...]
    heading_path: tuple[str, ...]
    title: str
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SectionSplit:
    """What `split_sections` found: the sections and the closing block it cut off."""

    sections: tuple[Section, ...]
    closing: tuple[Paragraph, ...]


def split_sections(
    paragraphs: Sequence[Paragraph], *, report_id: str, preamble_title: str = ""
) -> SectionSplit:
    """Build the section tree from body paragraphs (header already removed).

    A table or appendix heading ("Biểu 01", "PHỤ LỤC 02") opens a section of its own. In
    the body it stands beside the numbering, which goes on after it; after the closing
    block it starts the appendices, numbered inside themselves.
    """
    drafts: list[_Draft] = [_Draft((), (), preamble_title)]
    stack: list[tuple[int, str, str]] = []  # (rank, label, title) of open sections
    footnotes: list[tuple[int, Paragraph]] = []
    closing: list[Paragraph] = []
    appendices = [parse_appendix(p.text) if p.kind == "paragraph" else None for p in paragraphs]
    tail_at = _appendices_start(paragraphs, appendices)
    closing_at = find_closing(paragraphs[:tail_at])
    markers = [
        None if closing_at <= i < tail_at else appendices[i] or _marker(p)
        for i, p in enumerate(paragraphs)
    ]
    # Without any numbering, headings by style (markdown "##", Word heading, capitals)
    # still cut the text into titled sections; their labels stay empty, as printed.
    use_styles = not any(marker and marker.kind != "appendix" for marker in markers)
    for index, paragraph in enumerate(paragraphs):
        marker = markers[index]
        if paragraph.kind == "footnote":
            footnotes.append((len(drafts) - 1, paragraph))
        elif closing_at <= index < tail_at:
            closing.append(paragraph)
        elif marker is not None and marker.kind == "appendix" and index < tail_at:
            drafts.append(_Draft((marker.label,), (marker.rest,), marker.rest))
            _add(drafts[-1], "", paragraph)
        elif marker is not None:
            if index == tail_at:
                stack.clear()
            drafts.append(_open(marker, stack, paragraph))
        elif _is_appendix_title(drafts[-1], paragraph):
            _retitle(drafts[-1], stack, paragraph.text)
        elif use_styles and is_styled_heading(paragraph):
            drafts.append(_Draft((), (paragraph.text,), paragraph.text, pages=_pages(paragraph)))
        elif paragraph.kind != "break":
            _add(drafts[-1], paragraph.text, paragraph)
    for position, note in footnotes:
        _attach_footnote(drafts, position, note)
    sections = tuple(
        _to_section(draft, report_id, ordinal)
        for ordinal, draft in enumerate(d for d in drafts if d.labels or d.lines or d.title)
    )
    return SectionSplit(sections=sections, closing=tuple(closing))


def _appendices_start(paragraphs: Sequence[Paragraph], appendices: Sequence[Marker | None]) -> int:
    """Where appendices start: the first table/appendix heading after a closing line."""
    closed = False
    for index, paragraph in enumerate(paragraphs):
        if appendices[index] is not None and closed:
            return index
        closed = closed or (paragraph.kind == "paragraph" and is_closing_start(paragraph.text))
    return len(paragraphs)


def _is_appendix_title(draft: _Draft, paragraph: Paragraph) -> bool:
    """The line under "Biểu 01" that names the table ("KẾT QUẢ THU NGÂN SÁCH …")."""
    return (
        bool(draft.labels)
        and parse_appendix(draft.labels[-1]) is not None
        and not draft.title
        and not draft.lines
        and paragraph.kind == "paragraph"
        and len(paragraph.text) <= MAX_STYLED_HEADING_CHARS
        and not paragraph.text.startswith("(")
        and not paragraph.text.endswith((".", ":"))
    )


def _retitle(draft: _Draft, stack: list[tuple[int, str, str]], title: str) -> None:
    draft.title = title
    draft.heading_path = (*draft.heading_path[:-1], title)
    if stack and stack[-1][1] == draft.labels[-1]:
        stack[-1] = (stack[-1][0], stack[-1][1], title)


def _marker(paragraph: Paragraph) -> Marker | None:
    if paragraph.kind == "break" or is_bullet(paragraph.text):
        return None
    return parse_marker(paragraph.text)


def is_styled_heading(paragraph: Paragraph) -> bool:
    """An unnumbered heading: markdown/Word heading style, or a short line in capitals."""
    text = paragraph.text
    if paragraph.kind != "paragraph" or is_bullet(text) or len(text) > MAX_STYLED_HEADING_CHARS:
        return False
    if paragraph.heading_level is not None or (paragraph.is_bold and not text.endswith(".")):
        return True
    return text.isupper() and len(text.split()) >= 2


def find_closing(paragraphs: Sequence[Paragraph]) -> int:
    """Index where the closing block starts ("Trên đây là…", "Nơi nhận:", "TM. …").

    A candidate followed by more numbered content ("Trên đây là" closing a part in the
    middle of a report) is not the closing block; a short numbered recipient list is.
    """
    markers = [(i, parse_marker(p.text)) for i, p in enumerate(paragraphs) if not is_bullet(p.text)]
    first = next((i for i, marker in markers if marker is not None), 0)
    for index in range(first + 1, len(paragraphs)):
        if not is_closing_start(paragraphs[index].text):
            continue
        later = [(i, marker) for i, marker in markers if i > index and marker is not None]
        if not any(
            marker.rank <= RANK_ROMAN or len(paragraphs[i].text) > MAX_RECIPIENT_CHARS
            for i, marker in later
        ):
            return index
    return len(paragraphs)


def _open(marker: Marker, stack: list[tuple[int, str, str]], paragraph: Paragraph) -> _Draft:
    offset = len(paragraph.text) - len(marker.rest)
    title, body = split_item(
        marker.rest, line_starts=tuple(start - offset for start in paragraph.line_starts)
    )
    while stack and stack[-1][0] >= marker.rank:
        stack.pop()
    stack.append((marker.rank, marker.label, title))
    draft = _Draft(
        labels=tuple(label for _, label, _ in stack),
        heading_path=tuple(heading for _, _, heading in stack),
        title=title,
    )
    _add(draft, body, paragraph)
    if not body:
        draft.pages.extend(_pages(paragraph))
    return draft


def split_item(rest: str, *, line_starts: tuple[int, ...] = ()) -> tuple[str, str]:
    """(title, body) for the text after a number: a heading has no body of its own.

    An item keeps its whole paragraph as text. Its title is the first printed line when
    that line reads as a heading running into an upper-case body line (PDF wraps);
    otherwise the first clause.

    >>> split_item("KIẾN NGHỊ, ĐỀ XUẤT")
    ('KIẾN NGHỊ, ĐỀ XUẤT', '')
    >>> split_item("Kính đề nghị Thành ủy chỉ đạo sớm triển khai.")[1]
    'Kính đề nghị Thành ủy chỉ đạo sớm triển khai.'
    """
    text = rest.strip()
    is_heading = text.isupper() or (
        len(text) <= MAX_HEADING_CHARS
        and not text.endswith(_ITEM_END)
        and not any(match[1].isupper() for match in _SENTENCE_INSIDE.finditer(text))
    )
    if is_heading:
        return text.rstrip(" :").strip(), ""
    return _run_in_heading(rest, line_starts) or item_title(text), text


def _run_in_heading(rest: str, line_starts: tuple[int, ...]) -> str | None:
    for start in line_starts[:MAX_RUN_IN_LINES]:
        head = rest[:start].strip()
        if not 0 < start < len(rest) or len(head) > MAX_RUN_IN_CHARS:
            return None
        if re.search(r"[.;:!?]", head) or head.endswith((",", "-", "–")):
            return None  # the heading would end mid-sentence
        word = rest[start:].split()[0].strip(".,;:()")
        if word[:1].isupper() and not word.isupper() and word not in PROPER_STARTS:
            return head  # "… nông thôn mới" + "Tiếp tục chỉ đạo …"
    return None


def item_title(text: str) -> str:
    """A short title for a numbered paragraph: its first clause, cut at a word boundary."""
    clause = re.split(r"(?<=[^\d\s])[.:;](?=\s|$)", text, maxsplit=1)[0].strip()
    if len(clause) <= MAX_ITEM_TITLE_CHARS:
        return clause
    cut = clause[:MAX_ITEM_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;-–")
    return cut + "…"


def _add(draft: _Draft, text: str, paragraph: Paragraph) -> None:
    if text:
        draft.lines.append(text)
        draft.pages.extend(_pages(paragraph))


def _pages(paragraph: Paragraph) -> list[int]:
    return [page for page in (paragraph.page_start, paragraph.page_end) if page is not None]


def _attach_footnote(drafts: list[_Draft], position: int, note: Paragraph) -> None:
    """Append a footnote to the section that cites it, searching back from where it sits."""
    # A reference is "(4)" glued to the word before it; the footnote itself starts "(4) ".
    pattern = re.compile(rf"(?<=[^\s(])\({re.escape(note.footnote_id or '')}\)")
    order = list(range(position, -1, -1)) + list(range(position + 1, len(drafts)))
    target = next(
        (
            i
            for i in order
            if note.footnote_id and any(pattern.search(line) for line in drafts[i].lines)
        ),
        position,
    )
    drafts[target].lines.append(note.text)


def _to_section(draft: _Draft, report_id: str, ordinal: int) -> Section:
    return Section(
        report_id=report_id,
        ordinal=ordinal,
        labels=draft.labels,
        heading_path=draft.heading_path,
        title=draft.title,
        text="\n".join(draft.lines),
        page_start=min(draft.pages) if draft.pages else None,
        page_end=max(draft.pages) if draft.pages else None,
    )
