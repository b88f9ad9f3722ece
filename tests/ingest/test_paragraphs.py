"""Loader lines -> paragraphs: markup removal, de-wrapping, running headers, footnotes."""

from __future__ import annotations

import pytest

from ingest.normalize import Paragraph, clean_line
from ingest.paragraphs import drop_running_lines, paragraphs_from_blocks
from ingest.types import Block


def lines(*texts: str, page: int | None = 1) -> list[Block]:
    return [Block(text=text, page=page) for text in texts]


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs if p.kind != "break"]


@pytest.mark.parametrize(
    ("raw", "text", "level"),
    [
        ("## **2. Hạn chế, khó khăn**", "2. Hạn chế, khó khăn", 2),
        ("### ***1.2. Thực hiện nhiệm vụ", "1.2. Thực hiện nhiệm vụ", 3),
        ("*\\* Đối với lĩnh vực công nghiệp.*", "* Đối với lĩnh vực công nghiệp.", None),
        ("**13.** Tiếp tục chỉ đạo", "13. Tiếp tục chỉ đạo", None),
        ("[bookmark: _GoBack]I. KHÁI QUÁT", "I. KHÁI QUÁT", None),
        ("- tích cực<sup>4</sup>. Triển khai", "- tích cực(4). Triển khai", None),
        ("**TM. ỦY BAN NHÂN DÂN  ", "TM. ỦY BAN NHÂN DÂN", None),
        ("- Sản lượng 2*3 = 6", "- Sản lượng 2*3 = 6", None),
    ],
)
def test_clean_line_strips_markdown_and_word_artefacts(
    raw: str, text: str, level: int | None
) -> None:
    cleaned = clean_line(raw)
    assert (cleaned.text, cleaned.heading_level) == (text, level)


def test_horizontal_rules_become_breaks() -> None:
    assert clean_line("-----").is_rule
    assert clean_line("---").is_rule
    assert not clean_line("- Lưu VT.").is_rule


HARD_WRAPPED = [
    "I. KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO PHÁT TRIỂN KINH TẾ -",
    "XÃ HỘI, QUỐC PHÒNG, AN NINH NĂM 2025",
    "Năm 2025, thực hiện nhiệm vụ phát triển kinh tế - xã hội, đảm bảo quốc",
    "phòng - an ninh trong bối cảnh có nhiều thuận lợi và khó khăn đan xen. Tuy",
    "nhiên, được sự quan tâm của lãnh đạo và các sở, ban, ngành cấp tỉnh, tình",
    "hình phát triển kinh tế - xã hội năm 2025 đạt nhiều kết quả quan trọng.",
    "1. Mục tiêu tổng quát",
    "Thúc đẩy tăng trưởng gắn với cơ cấu lại nền kinh tế, giá trị sản phẩm đạt",
    "2.659.682 triệu đồng, tăng 11,47% so với cùng kỳ năm trước và đạt kế hoạch.",
    "2. Các chỉ tiêu cụ thể",
]


def test_hard_wraps_are_joined_but_numbered_lines_start_paragraphs() -> None:
    result = texts(paragraphs_from_blocks(lines(*HARD_WRAPPED), is_line_based=True))
    assert result[0] == (
        "I. KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO PHÁT TRIỂN KINH TẾ - XÃ HỘI, QUỐC PHÒNG, AN NINH NĂM 2025"
    )
    assert result[1].startswith("Năm 2025, thực hiện")
    assert result[1].endswith("đạt nhiều kết quả quan trọng.")
    assert "Tuy nhiên, được" in result[1]
    # "2.659.682 triệu đồng" starts a printed line but is not a numbered item.
    assert result[2:] == [
        "1. Mục tiêu tổng quát",
        "Thúc đẩy tăng trưởng gắn với cơ cấu lại nền kinh tế, giá trị sản phẩm đạt "
        "2.659.682 triệu đồng, tăng 11,47% so với cùng kỳ năm trước và đạt kế hoạch.",
        "2. Các chỉ tiêu cụ thể",
    ]


def test_unwrapped_text_keeps_one_paragraph_per_line() -> None:
    result = texts(
        paragraphs_from_blocks(
            lines(
                "1. Công tác xây dựng Đảng, hệ thống chính trị",
                "Ngay từ đầu năm, Thường trực Đảng ủy tập trung lãnh đạo.",
                "Tập trung lãnh đạo, chỉ đạo công tác bầu cử đại biểu Quốc hội.",
            ),
            is_line_based=True,
        )
    )
    assert len(result) == 3


def test_hyphenated_words_are_rejoined() -> None:
    wrapped = ["Tập trung thực hiện Nghị quyết Đại hội nhiệm kỳ 2025-", "2030, kế hoạch kinh tế-"]
    wrapped += ["xã hội; đưa cổng thông tin lên Inter-", "net để người dân tra cứu."]
    result = texts(paragraphs_from_blocks(lines(*wrapped), is_line_based=True))
    assert result == [
        "Tập trung thực hiện Nghị quyết Đại hội nhiệm kỳ 2025-2030, kế hoạch kinh tế-xã hội; "
        "đưa cổng thông tin lên Internet để người dân tra cứu."
    ]


def test_sentence_cut_by_a_blank_line_is_rejoined() -> None:
    result = texts(
        paragraphs_from_blocks(
            lines("Triển khai các phương án, kế hoạc", "", "các sự kiện chính trị diễn ra."),
            is_line_based=True,
        )
    )
    assert result == ["Triển khai các phương án, kế hoạc các sự kiện chính trị diễn ra."]


def test_title_under_a_type_line_and_subtitle_stay_apart() -> None:
    result = texts(
        paragraphs_from_blocks(
            lines(
                "BÁO CÁO",
                "kết quả hoạt động của Thường trực Đảng ủy",
                "(trình kỳ họp thứ 5 HĐND xã khóa XXII)",
                "Thực hiện Kế hoạch số 36/KH-HĐND của HĐND xã, UBND xã báo cáo như sau:",
            ),
            is_line_based=True,
        )
    )
    assert result[:3] == [
        "BÁO CÁO",
        "kết quả hoạt động của Thường trực Đảng ủy",
        "(trình kỳ họp thứ 5 HĐND xã khóa XXII)",
    ]


def _paged(pages: list[list[str]]) -> list[Block]:
    return [Block(text=t, page=n) for n, page in enumerate(pages, start=1) for t in page]


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    bodies = [
        ["Tình hình kinh tế - xã hội ổn định.", "Thu ngân sách đạt 151%."],
        ["Công tác giáo dục được quan tâm.", "Tỷ lệ hộ nghèo giảm còn 2,77%."],
        ["An ninh chính trị được giữ vững.", "Không có vụ việc phức tạp."],
    ]
    pages = [
        ["UBND XÃ MƯỜNG KIM - Báo cáo 6 tháng", *body, f"Trang {n}/3"]
        for n, body in enumerate(bodies, start=1)
    ]
    pages[1].append("- 2 -")
    blocks = _paged(pages)
    kept = [blocks[i].text for i in drop_running_lines(blocks)]
    assert kept == [line for body in bodies for line in body]


def test_a_line_on_one_page_only_is_kept() -> None:
    blocks = _paged([["BÁO CÁO", "Nội dung."], ["Nội dung khác.", "Hết."]])
    assert len(drop_running_lines(blocks)) == 4


def test_footnotes_are_marked_and_a_page_break_sentence_continues_the_body() -> None:
    blocks = [
        Block("Công tác xây dựng nông thôn mới tiếp tục được triển khai tích cực(4). Kết", page=1),
        Block("quả: xã đạt 4/10 tiêu chí, đang tiếp tục triển khai xây dựng nông", page=1),
        Block("(4) Ban hành Kế hoạch thực hiện Chương trình mục tiêu quốc gia.", page=1),
        Block("thôn mới trên địa bàn các bản.", page=2),
    ]
    result = paragraphs_from_blocks(blocks, is_line_based=True)
    assert [p.kind for p in result] == ["paragraph", "footnote"]
    assert result[0].text.endswith("xây dựng nông thôn mới trên địa bàn các bản.")
    assert (result[0].page_start, result[0].page_end) == (1, 2)
    assert result[1].footnote_id == "4"


def test_markdown_sup_footnote_is_a_footnote_even_without_a_reference() -> None:
    result = paragraphs_from_blocks(
        lines("<sup>1</sup> Thiếu 03 biên chế: Văn phòng HĐND và UBND 01 biên chế."),
        is_line_based=True,
    )
    assert (result[0].kind, result[0].footnote_id) == ("footnote", "1")
    assert result[0].text.startswith("(1) Thiếu 03")


def test_enumeration_in_the_text_is_not_a_footnote() -> None:
    result = paragraphs_from_blocks(
        lines("- Về kinh tế: giá trị sản phẩm đạt kế hoạch;", "(1) Giá trị sản phẩm tăng."),
        is_line_based=True,
    )
    assert all(p.kind == "paragraph" for p in result)
