"""DOCX: Word numbering back to printed labels, tables, footnotes, headings, reading order."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.loaders.docx_numbering import format_number
from ingest.types import Block
from tests.data import docx_fixtures as D
from tests.data.make_samples import Samples


@pytest.fixture(scope="module")
def blocks(samples: Samples) -> list[Block]:
    return list(load_document(samples.numbered_docx).blocks)


def test_list_labels_follow_word_numbering(blocks: list[Block]) -> None:
    numbered = [block for block in blocks if block.list_label]
    assert [block.list_label for block in numbered] == D.EXPECTED_LABELS
    assert [block.text.split("<sup>")[0] for block in numbered] == [
        text for text, _ in D.NUMBERED_PARAGRAPHS
    ]


def test_headings_bold_and_centering(blocks: list[Block]) -> None:
    title = blocks[0]
    assert (title.text, title.is_centered, title.is_bold) == ("BÁO CÁO", True, True)
    levels = {block.text: block.heading_level for block in blocks}
    assert levels["KẾT QUẢ THỰC HIỆN NHIỆM VỤ"] == 1
    assert levels["Về kinh tế"] == 2
    assert levels["Nông nghiệp"] is None
    assert not next(b for b in blocks if b.text == "Nông nghiệp").is_bold


def test_table_rows_in_reading_order(blocks: list[Block]) -> None:
    texts = [block.text for block in blocks]
    rows = [block for block in blocks if block.kind == "table_row"]
    # The header row names the columns of the row under it.
    assert [row.text for row in rows] == ["Hộ nghèo (%) — Kế hoạch: 45,0 — Thực hiện: 47,52"]
    assert texts.index(rows[0].text) == texts.index("Về văn hóa - xã hội") + 1


def test_footnote_reference_and_text(blocks: list[Block]) -> None:
    citing = next(block for block in blocks if "<sup>" in block.text)
    assert citing.text == "Trồng trọt đạt 105% kế hoạch<sup>1</sup> và vượt chỉ tiêu."
    notes = [block for block in blocks if block.kind == "footnote"]
    assert [(note.footnote_id, note.text) for note in notes] == [("1", D.FOOTNOTE_TEXT)]


def test_headers_and_hidden_runs_are_left_out(samples: Samples, blocks: list[Block]) -> None:
    text = " ".join(block.text for block in blocks)
    assert "TIÊU ĐỀ TRANG" not in text
    assert "IGNORE" not in text
    assert load_document(samples.numbered_docx).hidden_chars_dropped > 0


def test_restart_and_legal_numbering(tmp_path: Path) -> None:
    body = "".join(
        D.paragraph(D.run(text), num=num)
        for text, num in [("A", (1, 0)), ("B", (1, 1)), ("C", (1, 1)), ("D", (1, 0)), ("E", (1, 1))]
    )
    labels = [b.list_label for b in load_document(D.write_docx(tmp_path / "r.docx", body)).blocks]
    assert labels == ["I.", "1.", "2.", "II.", "1."]


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (14, "upperRoman", "XIV"),
        (1, "lowerLetter", "a"),
        (27, "lowerLetter", "aa"),
        (3, "upperLetter", "C"),
        (7, "decimalZero", "07"),
        (12, "decimal", "12"),
        (5, "chineseCounting", "5"),
    ],
)
def test_format_number(value: int, fmt: str, printed: str) -> None:
    assert format_number(value, fmt) == printed


def test_textbox_and_hyperlink_text_is_read(tmp_path: Path) -> None:
    link = f"<w:hyperlink>{D.run('cổng thông tin')}</w:hyperlink>"
    box = (
        "<w:r><w:pict><w:txbxContent>"
        + D.paragraph(D.run("Nội dung khung"))
        + "</w:txbxContent></w:pict></w:r>"
    )
    body = D.paragraph(D.run("Xem "), link, box)
    document = load_document(D.write_docx(tmp_path / "t.docx", body))
    assert [block.text for block in document.blocks] == ["Xem cổng thông tin", "Nội dung khung"]


def test_outline_level_and_partial_bold(tmp_path: Path) -> None:
    body = D.paragraph(D.run("MỤC TIÊU, CHỈ TIÊU", "<w:b/>"), props='<w:outlineLvl w:val="1"/>')
    body += D.paragraph(D.run("Đậm", "<w:b/>"), D.run(" và thường"))
    blocks = load_document(D.write_docx(tmp_path / "o.docx", body)).blocks
    assert (blocks[0].heading_level, blocks[0].is_bold) == (2, True)
    assert (blocks[1].heading_level, blocks[1].is_bold) == (None, False)
