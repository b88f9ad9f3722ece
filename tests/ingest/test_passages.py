"""Passages (the sentences answers quote): PDF wraps re-joined, verbatim slices."""

from __future__ import annotations

import pytest

from ingest.passages import MAX_PASSAGE_CHARS, paragraphs, passage_texts


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("(18) Tỷ lệ người tham gia\nBHXH: 25%.", ["(18) Tỷ lệ người tham gia BHXH: 25%."]),
        ("Tỷ lệ gia đình văn hóa:\n94,5%.", ["Tỷ lệ gia đình văn hóa: 94,5%."]),
        ("đạt ≥ 80%; (21)\nTỷ lệ thanh toán", ["đạt ≥ 80%; (21) Tỷ lệ thanh toán"]),
        ("… năm\n2026, là năm", ["… năm 2026, là năm"]),
        ("như sau:\n1. Kinh tế", ["như sau:", "1. Kinh tế"]),
        ("II. KẾT QUẢ\nUBND xã chỉ đạo.", ["II. KẾT QUẢ", "UBND xã chỉ đạo."]),
        ("Tỷ lệ hộ nghèo\nTỷ lệ cận nghèo", ["Tỷ lệ hộ nghèo", "Tỷ lệ cận nghèo"]),
        (
            "Xây dựng đề án thu gom, vận chuyển rác và ký hợp đồng với HTX\nMôi trường Vũ Quang.",
            ["Xây dựng đề án thu gom, vận chuyển rác và ký hợp đồng với HTX Môi trường Vũ Quang."],
        ),
        ("An sinh xã hội\nCác chính sách an sinh.", ["An sinh xã hội", "Các chính sách an sinh."]),
    ],
)
def test_paragraphs_rejoin_pdf_wraps_only(lines: str, expected: list[str]) -> None:
    assert paragraphs(lines) == expected


def test_passages_are_sentences_in_order() -> None:
    text = "Tổng thu đạt 101%. Tổng chi đạt 14,49%.\nXã có 24 thôn."
    assert passage_texts(text) == ["Tổng thu đạt 101%.", "Tổng chi đạt 14,49%.", "Xã có 24 thôn."]


def test_an_over_long_sentence_is_cut_at_its_semicolons() -> None:
    clause = "thực hiện nhiệm vụ " * 12
    text = f"{clause.strip()}; {clause.strip()}; {clause.strip()}."
    assert len(text) > MAX_PASSAGE_CHARS
    pieces = passage_texts(text)
    assert len(pieces) == 3 and all(piece in text for piece in pieces)
