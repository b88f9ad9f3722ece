"""Renderings of the sample reports we generate ourselves must parse like the originals.

Each variant mimics a way the same report reaches us: a PDF dump (lines wrapped at a
narrower width, running header, page numbers), a Word file whose numbers are automatic
(list labels instead of text), and a heading broken over two lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from ingest import Report, load_report, parse_report
from ingest.normalize import clean_line
from ingest.numbering import parse_marker
from ingest.types import Block, LoadedDocument

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples/reports/text").glob("*.txt"))


@cache
def original(path: Path) -> Report:
    return load_report(path)


def printed(path: Path, width: int, *, lines_per_page: int = 45) -> list[Block]:
    wrapped = [
        piece
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for piece in textwrap.wrap(line, width)
    ]
    blocks: list[Block] = []
    for start in range(0, len(wrapped), lines_per_page):
        page = start // lines_per_page + 1
        blocks.append(Block("Báo cáo của xã - lưu hành nội bộ", page=page))
        blocks += [Block(line, page=page) for line in wrapped[start : start + lines_per_page]]
        blocks.append(Block(f"- {page} -", page=page))
    return blocks


def word_numbered(path: Path) -> list[Block]:
    blocks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = parse_marker(clean_line(line).text)
        if marker and marker.kind in ("roman", "arabic", "letter"):
            label = marker.label + (")" if marker.kind == "letter" else ".")
            blocks.append(Block(marker.rest, list_label=label))
        else:
            blocks.append(Block(line))
    return blocks


def broken_headings(path: Path) -> list[Block]:
    blocks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = clean_line(line).text
        marker = parse_marker(text)
        if marker and marker.kind == "roman" and text.isupper() and len(text) > 30:
            cut = text.rfind(" ", 0, len(text) // 2 + 5)
            blocks += [Block(text[:cut], page=1), Block(text[cut + 1 :], page=1)]
        else:
            blocks.append(Block(line, page=1))
    return blocks


def printed_narrow(path: Path) -> list[Block]:
    return printed(path, 60)


def printed_wide(path: Path) -> list[Block]:
    return printed(path, 90, lines_per_page=38)


VARIANTS: dict[str, tuple[Callable[[Path], list[Block]], str]] = {
    "pdf-60": (printed_narrow, "pdf"),
    "pdf-90": (printed_wide, "pdf"),
    "word-numbering": (word_numbered, "docx"),
    "broken-headings": (broken_headings, "txt"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name[:3])
def test_variant_keeps_labels_and_metadata(path: Path, variant: str) -> None:
    make, file_format = VARIANTS[variant]
    report = parse_report(LoadedDocument(str(path), file_format, tuple(make(path))))
    assert report.metadata == original(path).metadata
    assert [s.labels for s in report.sections] == [s.labels for s in original(path).sections]
    assert not any("lưu hành nội bộ" in s.text for s in report.sections)
