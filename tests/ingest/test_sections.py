"""Numbering markers and the section tree built from paragraphs."""

from __future__ import annotations

import pytest

from ingest.normalize import Paragraph
from ingest.numbering import parse_appendix, parse_marker
from ingest.sections import split_item, split_sections


@pytest.mark.parametrize(
    ("line", "kind", "label"),
    [
        ("I. KHÁI QUÁT TÌNH HÌNH CHUNG", "roman", "I"),
        ("IV. MỘT SỐ NHIỆM VỤ", "roman", "IV"),
        ("II - NHIỆM VỤ NĂM 2026", "roman", "II"),
        ("1. Công tác xây dựng Đảng", "arabic", "1"),
        ("1.4.1. Chỉ đạo phát triển kinh tế", "arabic", "1.4.1"),
        ("1.4.2 Về phát triển lĩnh vực Văn hóa", "arabic", "1.4.2"),
        ("a) Chấp hành nguyên tắc làm việc", "letter", "a"),
        ("đ) Công tác dân vận", "letter", "đ"),
        ("Phần I. TÌNH HÌNH", "part", "Phần I"),
        ("Chương 2: QUY ĐỊNH CHUNG", "chapter", "Chương 2"),
        ("Mục 3. Tổ chức thực hiện", "section", "Mục 3"),
        ("Điều 1. Phạm vi điều chỉnh", "article", "Điều 1"),
        ("13. Tiếp tục chỉ đạo", "arabic", "13"),
        ("b. Kết quả thực hiện", "letter", "b"),
        ("1.4.1.Chỉ đạo phát triển kinh tế", "arabic", "1.4.1"),
        ("A. TÌNH HÌNH CHUNG", "part_letter", "A"),
    ],
)
def test_markers_are_recognised(line: str, kind: str, label: str) -> None:
    marker = parse_marker(line)
    assert marker is not None
    assert (marker.kind, marker.label) == (kind, label)


@pytest.mark.parametrize(
    "line",
    [
        "2.659.682 triệu đồng. Trong đó",  # a wrapped number
        "3.900 tấn, phấn đấu trồng mới",
        "2025-2030.",
        "11 sản phẩm OCOP đã được chứng nhận",
        "20 tháng cuối quý) tổng hợp báo cáo",
        "Mục tiêu tổng quát",  # "Mục" as a word, not "Mục 2"
        "- Cơ sở hạ tầng khó khăn",
        "1. trong đó",  # a number followed by lower case continues a sentence
        "VI TRÍ quy hoạch",  # roman letters without a dot
        "v. v. các nội dung khác",  # a lower-case word after "v."
        "10.000 đồng/người",
        "12.5% kế hoạch",
    ],
)
def test_non_markers_are_body_text(line: str) -> None:
    assert parse_marker(line) is None


def para(text: str, page: int = 1, **kwargs: object) -> Paragraph:
    return Paragraph(text=text, page_start=page, page_end=page, **kwargs)  # type: ignore[arg-type]


REPORT = [
    para("Thực hiện Kế hoạch số 36/KH-HĐND, UBND xã báo cáo như sau:"),
    para("I. KẾT QUẢ ĐẠT ĐƯỢC"),
    para("1. Kinh tế"),
    para("1.1. Nông nghiệp", page=2),
    para("- Tổng đàn gia súc chính: 19.670 con, đạt 89,98% kế hoạch(2)."),
    para("* Thương mại - dịch vụ:"),
    para("a) Chợ"),
    para("Chợ trung tâm hoạt động ổn định."),
    para("(2) Đàn trâu 5.000 con.", kind="footnote", footnote_id="2"),
    para("2. Văn hóa - xã hội", page=3),
    para("Toàn xã có 07 trường học với 82 lớp.", page=3),
    para("II. KIẾN NGHỊ, ĐỀ XUẤT"),
    para("1. Kính đề nghị cấp có thẩm quyền phân bổ vốn san ủi mặt bằng khu dân cư."),
    para("Quan tâm hỗ trợ kinh phí sửa chữa tuyến đường."),
    para(
        "2. Trong đợt mưa bão 2025 đã gây hư hỏng công trình nước sinh hoạt. Kính đề nghị hỗ trợ."
    ),
    para("Trên đây là báo cáo của UBND xã."),
    para("Nơi nhận:"),
    para("- Lưu VT."),
    para("TM. ỦY BAN NHÂN DÂN"),
    para("Lâm Trung Đức"),
]


@pytest.fixture()
def sections() -> list[tuple[tuple[str, ...], str, str]]:
    split = split_sections(REPORT, report_id="r1")
    return [(s.labels, s.title, s.text) for s in split.sections]


def test_labels_path_follows_the_hierarchy(
    sections: list[tuple[tuple[str, ...], str, str]],
) -> None:
    assert [labels for labels, _, _ in sections] == [
        (),
        ("I",),
        ("I", "1"),
        ("I", "1", "1.1"),
        ("I", "1", "1.1", "a"),
        ("I", "2"),
        ("II",),
        ("II", "1"),
        ("II", "2"),
    ]


def test_numbering_restarts_under_a_new_parent(
    sections: list[tuple[tuple[str, ...], str, str]],
) -> None:
    titles = {labels: title for labels, title, _ in sections}
    assert titles[("I", "2")] == "Văn hóa - xã hội"
    assert titles[("II", "1")].startswith("Kính đề nghị cấp có thẩm quyền")


def test_bullets_stay_in_their_section(sections: list[tuple[tuple[str, ...], str, str]]) -> None:
    text = dict((labels, text) for labels, _, text in sections)[("I", "1", "1.1")]
    assert text.startswith("- Tổng đàn gia súc chính")
    assert "* Thương mại - dịch vụ:" in text


def test_numbered_paragraph_is_an_item_with_its_whole_text(
    sections: list[tuple[tuple[str, ...], str, str]],
) -> None:
    by_label = {labels: (title, text) for labels, title, text in sections}
    title, text = by_label[("II", "2")]
    assert (
        text
        == "Trong đợt mưa bão 2025 đã gây hư hỏng công trình nước sinh hoạt. Kính đề nghị hỗ trợ."
    )
    assert title == "Trong đợt mưa bão 2025 đã gây hư hỏng công trình nước sinh hoạt"
    title, text = by_label[("II", "1")]
    assert text.endswith("Quan tâm hỗ trợ kinh phí sửa chữa tuyến đường.")


def test_closing_block_is_cut_off() -> None:
    split = split_sections(REPORT, report_id="r1")
    assert "Trên đây" not in split.sections[-1].text
    assert "Nơi nhận" not in split.sections[-1].text
    assert [p.text for p in split.closing][-1] == "Lâm Trung Đức"


def test_footnote_goes_to_the_section_that_cites_it() -> None:
    split = split_sections(REPORT, report_id="r1")
    by_label = {s.labels: s for s in split.sections}
    assert "(2) Đàn trâu 5.000 con." in by_label[("I", "1", "1.1")].text
    assert "Đàn trâu" not in by_label[("I", "1", "1.1", "a")].text


def test_pages_span_the_section() -> None:
    split = split_sections(REPORT, report_id="r1")
    by_label = {s.labels: s for s in split.sections}
    assert (by_label[("I", "1")].page_start, by_label[("I", "1")].page_end) == (1, 1)
    assert (by_label[("I", "2")].page_start, by_label[("I", "2")].page_end) == (3, 3)
    assert all(s.report_id == "r1" for s in split.sections)
    assert [s.ordinal for s in split.sections] == list(range(len(split.sections)))


@pytest.mark.parametrize(
    ("rest", "is_heading"),
    [
        ("KIẾN NGHỊ, ĐỀ XUẤT", True),
        ("Công tác xây dựng Đảng, hệ thống chính trị", True),
        ("Tiếp tục đẩy mạnh cải cách hành chính; nâng cao hiệu lực, hiệu quả TTHC", True),
        ("Kính đề nghị Thành ủy chỉ đạo sớm triển khai việc đầu tư.", False),
        ("Trong tháng đã ban hành 05 kết luận. Tổng số 90 nhiệm vụ", False),
    ],
)
def test_heading_or_item(rest: str, is_heading: bool) -> None:
    title, body = split_item(rest)
    assert (body == "") is is_heading
    assert title


def test_heading_wrapped_over_two_lines_keeps_one_label() -> None:
    from ingest.paragraphs import paragraphs_from_blocks
    from ingest.types import Block

    blocks = [
        Block("I. KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO PHÁT TRIỂN KINH TẾ -", page=1),
        Block("XÃ HỘI, QUỐC PHÒNG, AN NINH NĂM 2025", page=1),
        Block("Năm 2025, tình hình kinh tế - xã hội đạt nhiều kết quả.", page=1),
    ]
    split = split_sections(paragraphs_from_blocks(blocks, is_line_based=True), report_id="r")
    assert [s.labels for s in split.sections] == [("I",)]
    assert split.sections[0].title.endswith("KINH TẾ - XÃ HỘI, QUỐC PHÒNG, AN NINH NĂM 2025")


def test_part_letters_group_roman_sections() -> None:
    paragraphs = [
        para("A. TÌNH HÌNH"),
        para("I. KINH TẾ"),
        para("1. Nông nghiệp"),
        para("B. NHIỆM VỤ"),
    ]
    split = split_sections(paragraphs, report_id="r")
    assert [s.labels for s in split.sections] == [("A",), ("A", "I"), ("A", "I", "1"), ("B",)]


def test_summary_sentence_in_the_middle_does_not_cut_the_report() -> None:
    paragraphs = [
        para("I. KẾT QUẢ"),
        para("Xã đạt 18/24 chỉ tiêu."),
        para("Trên đây là kết quả nổi bật của năm 2025."),
        para("II. NHIỆM VỤ NĂM 2026"),
        para("1. Tập trung phát triển kinh tế."),
        para("Nơi nhận:"),
        para("1. Sở Nội vụ;"),
        para("2. Lưu VT."),
        para("(3) Số liệu thống kê năm 2025.", kind="footnote", footnote_id="3"),
    ]
    split = split_sections(paragraphs, report_id="r")
    assert [s.labels for s in split.sections] == [("I",), ("II",), ("II", "1")]
    assert "Trên đây là kết quả nổi bật" in split.sections[0].text
    assert [p.text for p in split.closing] == ["Nơi nhận:", "1. Sở Nội vụ;", "2. Lưu VT."]
    # A footnote printed after the signature still lands in the body.
    assert split.sections[-1].text.endswith("(3) Số liệu thống kê năm 2025.")


def test_unnumbered_report_is_cut_at_styled_headings() -> None:
    paragraphs = [
        para("Mở đầu của báo cáo."),
        para("KẾT QUẢ ĐẠT ĐƯỢC"),
        para("Thu ngân sách đạt 151% dự toán."),
        para("Khó khăn", heading_level=2),
        para("- Hạ tầng giao thông còn yếu."),
        para("Nơi nhận:"),
        para("- Lưu VT."),
    ]
    split = split_sections(paragraphs, report_id="r")
    assert [(s.labels, s.title, s.text) for s in split.sections] == [
        ((), "", "Mở đầu của báo cáo."),
        ((), "KẾT QUẢ ĐẠT ĐƯỢC", "Thu ngân sách đạt 151% dự toán."),
        ((), "Khó khăn", "- Hạ tầng giao thông còn yếu."),
    ]
    assert [p.text for p in split.closing] == ["Nơi nhận:", "- Lưu VT."]


def test_styled_lines_do_not_cut_a_numbered_report() -> None:
    paragraphs = [para("I. KẾT QUẢ"), para("NỘI DUNG CHÍNH"), para("Xã đạt kế hoạch.")]
    split = split_sections(paragraphs, report_id="r")
    assert [s.labels for s in split.sections] == [("I",)]
    assert split.sections[0].text == "NỘI DUNG CHÍNH\nXã đạt kế hoạch."


def test_heading_run_into_its_body_gets_its_own_title() -> None:
    rest = "Phát triển nông nghiệp Tiếp tục chỉ đạo chuyển đổi cơ cấu cây trồng."
    title, body = split_item(rest, line_starts=(rest.index("Tiếp"),))
    assert (title, body) == ("Phát triển nông nghiệp", rest)


def test_a_proper_noun_on_the_next_line_does_not_end_the_title() -> None:
    rest = "Tiếp tục triển khai có hiệu quả Nghị quyết năm 2026 của Đảng ủy xã."
    title, _ = split_item(rest, line_starts=(rest.index("Nghị"),))
    assert title == "Tiếp tục triển khai có hiệu quả Nghị quyết năm 2026 của Đảng ủy xã"


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(text) for text in texts]


def test_a_table_heading_in_the_body_is_its_own_section_and_numbering_goes_on() -> None:
    split = split_sections(
        _paragraphs(
            "I. KẾT QUẢ THU NGÂN SÁCH",
            "2. Kết quả thu",
            "Thu ngân sách đạt khá, chi tiết tại Biểu 01.",
            "Biểu 01",
            "KẾT QUẢ THU NGÂN SÁCH 6 THÁNG",
            "Thuế thu nhập cá nhân — Thực hiện: 1.187,6",
            "3. Kết quả thu thuế sử dụng đất",
            "Các khu phố thu đạt tỷ lệ cao.",
        ),
        report_id="r",
    )
    found = {s.labels: s for s in split.sections}
    table = found[("Biểu 01",)]
    assert table.title == "KẾT QUẢ THU NGÂN SÁCH 6 THÁNG"
    assert table.text == "Thuế thu nhập cá nhân — Thực hiện: 1.187,6"
    # The body's numbering is not taken under the table heading.
    assert ("I", "3") in found and ("Biểu 01", "3") not in found


def test_appendices_after_the_closing_block_restart_their_numbering() -> None:
    split = split_sections(
        _paragraphs(
            "I. TÌNH HÌNH CHUNG",
            "Các chỉ tiêu cơ bản đạt kế hoạch; thực hiện theo Phụ lục 02 kèm theo Quy định này.",
            "Nơi nhận:",
            "- Như trên;",
            "PHỤ LỤC 01",
            "DANH MỤC HỒ SƠ",
            "I. Đối với tập thể",
            "- Báo cáo kiểm điểm.",
        ),
        report_id="r",
    )
    labels = [s.labels for s in split.sections]
    assert labels == [("I",), ("Phụ lục 01",), ("Phụ lục 01", "I")]
    assert [p.text for p in split.closing] == ["Nơi nhận:", "- Như trên;"]
    assert split.sections[1].title == "DANH MỤC HỒ SƠ"


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Biểu 01", "Biểu 01"),
        ("BIỂU SỐ 2: KẾT QUẢ THU", "Biểu 2"),
        ("PHỤ LỤC 02", "Phụ lục 02"),
        ("Phụ lục số 3. DANH MỤC", "Phụ lục 3"),
        ("Biểu mẫu số 01", "Biểu mẫu 01"),
        ("Phụ lục 02 kèm theo Quy định này.", None),
        ("Biểu dương khen thưởng kịp thời", None),
        ("(Đính kèm Phụ lục số 01)", None),
    ],
)
def test_table_and_appendix_headings(line: str, label: str | None) -> None:
    marker = parse_appendix(line)
    assert (marker.label if marker else None) == label
