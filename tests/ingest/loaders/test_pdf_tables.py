"""Ruled tables in PDFs become rows with column names, as DOCX tables do (issue 14)."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_document
from tests.data.pdf_fixtures import (
    write_long_table_pdf,
    write_table_pdf,
    write_unruled_table_pdf,
)

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "reports" / "pdf"

ROWS = [
    "Tỷ lệ hộ nghèo — Đơn vị: % — Kế hoạch 2026: 45 — Thực hiện: 47,52 — Tỷ lệ (%): 105,6",
    "Thu ngân sách nhà nước trên địa bàn — Đơn vị: triệu đồng — Kế hoạch 2026: 2.500"
    " — Thực hiện: 2.532,4 — Tỷ lệ (%): 101,29",
]


def _texts(path: Path) -> list[str]:
    return [block.text for block in load_document(path).blocks]


def test_a_ruled_table_is_read_row_by_row_with_its_column_names(tmp_path: Path) -> None:
    texts = _texts(write_table_pdf(tmp_path / "bieu.pdf"))
    heading = texts.index("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    # The rows replace the table's scattered printed lines, in place.
    assert texts[heading + 1 : heading + 3] == ROWS
    assert texts[heading + 3] == "II. NHIỆM VỤ"
    assert not any(text.startswith("TT Chỉ tiêu") for text in texts)


def test_hidden_text_in_a_table_keeps_the_table_out(tmp_path: Path) -> None:
    texts = _texts(write_table_pdf(tmp_path / "bieu.pdf", hidden_in_cell="BOGUSFIGURE"))
    assert not any("BOGUSFIGURE" in text for text in texts)
    assert not any(text in ROWS for text in texts)  # read as pypdf sees it instead
    assert any("47,52" in text for text in texts)


def test_a_table_going_on_over_the_next_page_keeps_its_column_names(tmp_path: Path) -> None:
    blocks = load_document(write_long_table_pdf(tmp_path / "thon.pdf")).blocks
    rows = [block for block in blocks if block.kind == "table_row"]
    assert len(rows) == 40 and {block.page for block in rows} == {1, 2}
    last = next(block for block in rows if block.text.startswith("Thôn 40 "))
    assert last.page == 2
    assert last.text == "Thôn 40 — Số hộ: 140 — Hộ nghèo: 4"


def test_a_table_without_ruling_lines_is_read_from_where_its_words_stand(
    tmp_path: Path,
) -> None:
    blocks = load_document(write_unruled_table_pdf(tmp_path / "khupho.pdf")).blocks
    rows = [block.text for block in blocks if block.kind == "table_row"]
    assert rows[0] == (
        "Khu phố Bình Minh mở rộng phía đông — Số hộ phải nộp: 612"
        " — Số thuế đã thu (nghìn đồng): 32.870 — Tỷ lệ đã thu (%): 79,48"
    )  # a label wrapped around its figures' line is joined
    assert rows[-1].startswith("Tổng cộng — Số hộ phải nộp: 1.865")
    assert len(rows) == 4
    texts = [block.text for block in blocks]
    # Its printed lines are replaced; the prose around it is not.
    assert not any(text.startswith("STT") for text in texts)
    assert "I. KẾT QUẢ THU THUẾ THEO KHU PHỐ" in texts and "II. NHIỆM VỤ" in texts


def test_reports_without_tables_gain_no_table_rows() -> None:
    # The sample reports write figures in sentences and lists, never in columns.
    for path in sorted(SAMPLES.glob("*.pdf")):
        assert not [b for b in load_document(path).blocks if b.kind == "table_row"], path.name
