"""Metadata rules on the header variants found in the sample reports (all formats)."""

from __future__ import annotations

import pytest

from ingest.header import Issuer, parse_date, parse_number, record_field
from ingest.metadata import (
    extract_metadata,
    find_period,
    find_signer,
    find_unit,
    split_header,
)
from ingest.normalize import Paragraph
from ingest.paragraphs import paragraphs_from_blocks
from ingest.types import Block


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: 3394/BC-UBND", "3394/BC-UBND"),
        ("Số: 97 /TB-UBND", "97/TB-UBND"),
        ("Số 07 -NQ/ĐU", "07-NQ/ĐU"),
        ("Số        -BC/ĐU", None),  # left blank for the clerk to fill in
        ("ĐẢNG ỦY XÃ VŨ QUANG | Số 07-NQ/ĐU", "07-NQ/ĐU"),
        ("Số liệu thống kê", None),
    ],
)
def test_number(line: str, number: str | None) -> None:
    assert parse_number(line) == number


@pytest.mark.parametrize(
    ("line", "date", "place"),
    [
        ("Mường Kim, ngày 19 tháng 6 năm 2026", "2026-06-19", "Mường Kim"),
        ("Quan Son, ngày 27 tháng 4 năm 2026", "2026-04-27", "Quan Son"),
        ("    Lùng Phình, ngày    tháng 5 năm 2026", "2026-05", "Lùng Phình"),
        ("Vũ Quang, ngày 30 tháng 12 năm 2025", "2025-12-30", "Vũ Quang"),
        ("ngày 3 tháng 13 năm 2025", None, None),
    ],
)
def test_date_and_place(line: str, date: str | None, place: str | None) -> None:
    assert parse_date([line]) == (date, place)


def test_commune_spelled_as_the_body_spells_it() -> None:
    body = "Chuẩn bị tài liệu giám sát trên địa bàn xã Quan Sơn. Phối hợp xã Hữu Kiên (cũ)."
    assert find_unit(Issuer(), body, place="Quan Son") == ("xã", "Quan Sơn")
    assert find_unit(Issuer("UBND", "xã", "QUAN SON"), body) == ("xã", "Quan Sơn")


def test_a_town_in_the_date_line_is_not_the_commune() -> None:
    body = "UBND xã Vũ Quang chỉ đạo; xã Vũ Quang đạt chuẩn nông thôn mới."
    assert find_unit(Issuer(), body, place="Hà Tĩnh") == ("xã", "Vũ Quang")
    assert find_unit(Issuer(), "Không nêu tên xã nào.", place="Hà Tĩnh") == (None, "Hà Tĩnh")


def test_commune_only_in_the_body() -> None:
    body = (
        "Xã Hùng Sơn được thành lập trên cơ sở sáp nhập 04 xã; phía Bắc giáp xã Tây Giang. "
        "Ban Thường vụ Đảng ủy xã Hùng Sơn tổ chức hội nghị."
    )
    assert find_unit(Issuer(), body) == ("xã", "Hùng Sơn")


def test_commune_unknown() -> None:
    assert find_unit(Issuer(), "Không nêu tên đơn vị.") == (None, None)


def test_a_name_that_is_a_word_counts_only_written_as_a_name() -> None:
    body = (
        "Đảng ủy xã thống nhất kế hoạch; hội nghị thống nhất chủ trương. "
        "Phường Thống Nhất tổ chức hội nghị."
    )
    assert find_unit(Issuer(), body) == ("phường", "Thống Nhất")


def test_ward_from_the_issuing_body() -> None:
    paragraphs = header(
        "ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY PHƯỜNG BẮC CAM RANH", "*",
        "Độc lập - Tự do - Hạnh phúc Bắc Cam Ranh, ngày 3 tháng 4 năm 2026",
        "KẾ HOẠCH", "Tổ chức hội nghị", "I. MỤC ĐÍCH",
    )  # fmt: skip
    meta = metadata_of(paragraphs)
    assert (meta["unit_kind"], meta["commune"]) == ("phường", "Bắc Cam Ranh")
    assert meta["issuer"] == "Đảng ủy phường Bắc Cam Ranh"


def test_the_motto_line_is_not_a_place() -> None:
    line = "Độc lập - Tự do - Hạnh phúc Bắc Cam Ranh, ngày 3 tháng 4 năm 2026"
    assert parse_date([line]) == ("2026-04-03", "Bắc Cam Ranh")


def test_a_number_line_never_names_the_unit() -> None:
    paragraphs = header(
        "Số:.222 /TB-UBND, ngày 5 tháng 11 năm 2025", "THÔNG BÁO", "Kết luận", "I. NỘI DUNG"
    )
    assert metadata_of(paragraphs)["commune"] is None


def test_a_district_notice_is_the_districts_not_a_commune_it_mentions() -> None:
    paragraphs = header(
        "ỦY BAN NHÂN DÂN", "HUYỆN ĐỨC THỌ", "THÔNG BÁO", "Kết luận",
        "I. Giao UBND xã Đức Xuyên, xã Đức Lạng triển khai.",
    )  # fmt: skip
    meta = metadata_of(paragraphs)
    assert (meta["unit_kind"], meta["commune"]) == ("huyện", "Đức Thọ")


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Tình hình các mặt công tác quý I/2026, nhiệm vụ trọng tâm", "quý I/2026"),
        ("Công tác chỉ đạo 6 tháng đầu năm 2026; Phương hướng", "6 tháng đầu năm 2026"),
        ("Kết luận Hội nghị giao ban tháng 4, nhiệm vụ tháng 5 năm 2026", "tháng 4/2026"),
        ("Báo cáo tháng 5/2026", "tháng 5/2026"),
        ("Về tình hình kinh tế - xã hội năm 2025; mục tiêu năm 2026", "năm 2025"),
        ("kết quả hoạt động của Thường trực Đảng ủy", None),
        # The first period written is the report's; a later one is its plan.
        ("thực hiện nhiệm vụ quý III và nhiệm vụ trọng tâm quý IV năm 2025", "quý III/2025"),
        ("Tình hình công tác xây dựng đảng quý III, năm 2025", "quý III/2025"),
        (
            "Tình hình thực hiện công tác tuần (từ ngày 15/10/2025 - 22/10/2025) và nhiệm vụ",
            "tuần 15/10/2025 - 22/10/2025",
        ),
    ],
)
def test_period(title: str, period: str | None) -> None:
    assert find_period(title) == period


def test_signer_is_the_name_line_of_the_closing_block() -> None:
    closing = [
        Paragraph("Nơi nhận:"),
        Paragraph("- Lưu: VT, VP (HTY)."),
        Paragraph("TL. CHỦ TỊCH"),
        Paragraph("CHÁNH VĂN PHÒNG"),
        Paragraph("Lâm Trung Đức"),
    ]
    assert find_signer(closing) == "Lâm Trung Đức"
    assert find_signer(closing[:3]) is None


def header(*lines: str) -> list[Paragraph]:
    blocks = [Block(text=line, page=1) for line in lines]
    return paragraphs_from_blocks(blocks, is_line_based=True)


def metadata_of(
    paragraphs: list[Paragraph], body: str = "", closing: tuple[Paragraph, ...] = ()
) -> dict[str, str | None]:
    split = split_header(paragraphs)
    return extract_metadata(paragraphs, split, body_text=body, closing=closing).to_dict()


def test_party_resolution_header() -> None:
    paragraphs = header(
        "ĐẢNG BỘ TĨNH HÀ TĨNH",
        "ĐẢNG ỦY XÃ VŨ QUANG",
        "*",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Vũ Quang, ngày 30 tháng 12 năm 2025",
        "Số 07 -NQ/ĐU",
        "NGHỊ QUYẾT",
        "CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ",
        "Về tình hình kinh tế - xã hội, quốc phòng, an ninh năm 2025;",
        "mục tiêu, nhiệm vụ, giải pháp năm 2026",
        "-----",
        "I. KẾT QUẢ LÃNH ĐẠO",
    )
    meta = metadata_of(paragraphs, body="Đảng ủy xã Vũ Quang lãnh đạo.")
    assert meta == {
        "commune": "Vũ Quang",
        "unit_kind": "xã",
        "doc_type": "Nghị quyết",
        "number": "07-NQ/ĐU",
        "date": "2025-12-30",
        "issuer": "Đảng ủy xã Vũ Quang",
        "signer": None,
        "title": "Về tình hình kinh tế - xã hội, quốc phòng, an ninh năm 2025; "
        "mục tiêu, nhiệm vụ, giải pháp năm 2026",
        "period": "năm 2025",
    }
    assert paragraphs[split_header(paragraphs).end].text == "I. KẾT QUẢ LÃNH ĐẠO"


def test_markdown_notice_header_without_issuer_line() -> None:
    lines = [
        "Số: 97 /TB-UBND",
        "",
        "Quan Son, ngày 27 tháng 4 năm 2026",
        "",
        "## THÔNG BÁO",
        "",
        "### Kết luận Hội nghị giao ban thường kỳ tháng 4",
        "",
        "Ngày 23 tháng 4 năm 2026, UBND xã tổ chức Hội nghị giao ban thường kỳ. "
        "Sau khi nghe các báo cáo, Chủ tịch UBND xã kết luận như sau:",
        "#### I. ĐÁNH GIÁ CHUNG",
    ]
    paragraphs = header(*lines)
    meta = metadata_of(paragraphs, body="trên địa bàn xã Quan Sơn.")
    assert meta["commune"] == "Quan Sơn"
    assert meta["doc_type"] == "Thông báo"
    assert meta["number"] == "97/TB-UBND"
    assert meta["issuer"] == "UBND xã Quan Sơn"
    assert meta["title"] == "Kết luận Hội nghị giao ban thường kỳ tháng 4"
    assert meta["period"] == "tháng 4/2026"
    assert paragraphs[split_header(paragraphs).end].text.startswith("Ngày 23 tháng 4")


def test_blank_number_and_day() -> None:
    paragraphs = header(
        "                               *",
        "            Số        -BC/ĐU",
        "\t ĐẢNG CỘNG SẢN VIỆT NAM",
        "    Lùng Phình, ngày    tháng 5 năm 2026",
        "BÁO CÁO",
        "kết quả hoạt động của Thường trực Đảng ủy giữa hai kỳ họp",
        "-----",
        "I. VỀ TỔ CHỨC HỘI NGHỊ",
    )
    meta = metadata_of(paragraphs, body="Đảng ủy xã Lùng Phình tổ chức.")
    assert (meta["number"], meta["date"]) == (None, "2026-05")
    assert meta["doc_type"] == "Báo cáo"
    assert meta["issuer"] == "Đảng ủy xã Lùng Phình"  # from the code "/ĐU"
    assert meta["title"] == "kết quả hoạt động của Thường trực Đảng ủy giữa hai kỳ họp"


def test_no_header_at_all() -> None:
    paragraphs = header(
        " BÁO CÁO",
        "Tình hình các mặt công tác quý I/2026, nhiệm vụ trọng tâm ",
        "trong thời gian tới và những kiến nghị, đề xuất",
        "(Phục vụ Hội nghị Đảng ủy lần 4)",
        "-----",
        "I. KHÁI QUÁT TÌNH HÌNH CHUNG",
    )
    closing = [Paragraph("Trên đây là Báo cáo của Ban Thường vụ Đảng ủy xã Hùng Sơn.")]
    meta = metadata_of(paragraphs, body="Xã Hùng Sơn được thành lập.", closing=tuple(closing))
    assert meta["commune"] == "Hùng Sơn"
    assert meta["number"] is None and meta["date"] is None
    assert meta["issuer"] == "Đảng ủy xã Hùng Sơn"
    assert meta["period"] == "quý I/2026"
    assert meta["title"] == (
        "Tình hình các mặt công tác quý I/2026, nhiệm vụ trọng tâm trong thời gian tới "
        "và những kiến nghị, đề xuất"
    )


def test_two_column_header_from_a_word_table() -> None:
    paragraphs = header(
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÃ MƯỜNG KIM | Độc lập - Tự do - Hạnh phúc",
        "Số: 3394/BC-UBND | Mường Kim, ngày 19 tháng 6 năm 2026",
        "BÁO CÁO",
        "Công tác chỉ đạo, điều hành 6 tháng đầu năm 2026",
        "I. CÔNG TÁC CHỈ ĐẠO",
    )
    meta = metadata_of(paragraphs, body="UBND xã Mường Kim chỉ đạo.")
    assert (meta["issuer"], meta["commune"]) == ("UBND xã Mường Kim", "Mường Kim")
    assert (meta["number"], meta["date"]) == ("3394/BC-UBND", "2026-06-19")


def test_pdf_columns_run_together() -> None:
    paragraphs = header(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÃ QUAN SƠN Độc lập - Tự do - Hạnh phúc",
        "Số: 45/2026/NQ-HĐND Quan Sơn, ngày 27/4/2026",
        "NGHỊ QUYẾT VỀ KẾ HOẠCH ĐẦU TƯ CÔNG",
        "I. MỤC TIÊU",
    )
    meta = metadata_of(paragraphs)
    assert meta["issuer"] == "UBND xã Quan Sơn"
    assert meta["number"] == "45/2026/NQ-HĐND"
    assert meta["date"] == "2026-04-27"
    assert meta["doc_type"] == "Nghị quyết"
    assert meta["commune"] == "Quan Sơn"


def test_all_caps_title_is_kept() -> None:
    paragraphs = header("KẾ HOẠCH", "TRIỂN KHAI NHIỆM VỤ NĂM 2026", "I. MỤC ĐÍCH")
    meta = metadata_of(paragraphs)
    assert (meta["doc_type"], meta["title"], meta["period"]) == (
        "Kế hoạch",
        "TRIỂN KHAI NHIỆM VỤ NĂM 2026",
        "năm 2026",
    )


def test_type_from_the_number_and_date_from_the_signature() -> None:
    paragraphs = header("Số: 15/TTr-UBND", "Về việc đề nghị hỗ trợ kinh phí", "I. SỰ CẦN THIẾT")
    closing = (
        Paragraph("Hùng Sơn, ngày 2 tháng 3 năm 2026"),
        Paragraph("- Lưu: VT.     Nguyễn Văn An"),
    )
    meta = metadata_of(paragraphs, closing=closing)
    assert (meta["doc_type"], meta["number"]) == ("Tờ trình", "15/TTr-UBND")
    assert meta["date"] == "2026-03-02"
    assert meta["signer"] == "Nguyễn Văn An"


def test_date_printed_under_the_title_is_not_part_of_it() -> None:
    paragraphs = header(
        "THÔNG BÁO",
        "Kết luận giao ban tháng 4",
        "Quan Sơn, ngày 27 tháng 4 năm 2026",
        "I. ĐÁNH GIÁ CHUNG",
    )
    meta = metadata_of(paragraphs)
    assert (meta["title"], meta["date"]) == ("Kết luận giao ban tháng 4", "2026-04-27")


def test_a_meeting_date_in_the_preamble_is_not_the_document_date() -> None:
    paragraphs = header(
        "THÔNG BÁO",
        "Kết luận giao ban",
        "-----",
        "Ngày 23 tháng 4 năm 2026, UBND xã tổ chức Hội nghị giao ban thường kỳ tháng 4.",
        "I. ĐÁNH GIÁ CHUNG",
    )
    assert metadata_of(paragraphs)["date"] is None


def test_issuer_name_stops_at_a_dash() -> None:
    paragraphs = header("UBND XÃ HÙNG SƠN - Báo cáo quý I/2026", "BÁO CÁO", "Tình hình", "I. A B")
    assert metadata_of(paragraphs)["issuer"] == "UBND xã Hùng Sơn"


def test_commune_gets_one_tone_mark_spelling() -> None:
    old_style = metadata_of(header("UBND XÃ HÒA BÌNH", "BÁO CÁO", "Tình hình", "I. A B"))
    new_style = metadata_of(header("UBND XÃ HOÀ BÌNH", "BÁO CÁO", "Tình hình", "I. A B"))
    assert old_style["commune"] == new_style["commune"] == "Hoà Bình"


def test_two_columns_separated_by_spaces_in_plain_text() -> None:
    paragraphs = header(
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "   XÃ MƯỜNG KIM                Độc lập - Tự do - Hạnh phúc",
        "Số: 3394/BC-UBND          Mường Kim, ngày 19 tháng 6 năm 2026",
        "BÁO CÁO",
        "Công tác chỉ đạo, điều hành",
        "I. CÔNG TÁC CHỈ ĐẠO",
    )
    meta = metadata_of(paragraphs)
    assert (meta["issuer"], meta["number"], meta["date"]) == (
        "UBND xã Mường Kim",
        "3394/BC-UBND",
        "2026-06-19",
    )


def test_a_letters_subject_under_its_number_is_its_title() -> None:
    # A công văn has no type line: its subject (trích yếu) stands under "Số …".
    paragraphs = header(
        "ĐẢNG BỘ TỈNH KHÁNH HOÀ",
        "ĐẢNG UỶ XÃ CÔNG HẢI",
        "Số -CV/ĐU",
        "Mời dự Hội nghị Ban Chấp hành Đảng bộ xã đánh giá tình hình thực hiện nhiệm vụ",
        "Quý III/2025",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Công Hải, ngày tháng 10 năm 2025",
        "Kính gửi: - Các đồng chí Đảng uỷ viên,",
        "1. Thời gian: Vào lúc 08 giờ 00, ngày 03/10/2025.",
    )
    title = metadata_of(paragraphs)["title"]
    assert title == (
        "Mời dự Hội nghị Ban Chấp hành Đảng bộ xã đánh giá tình hình thực hiện nhiệm vụ "
        "Quý III/2025"
    )


def test_a_letters_subject_may_open_like_a_body_sentence() -> None:
    paragraphs = header(
        "Số -CV/ĐU",
        "Thực hiện chế độ thông tin, báo cáo công tác",
        "Nội chính, phòng, chống tham nhũng",
        "Công Hải, ngày tháng 8 năm 2025",
        "Kính gửi:",
        "1. Nội dung.",
    )
    assert metadata_of(paragraphs)["title"] == (
        "Thực hiện chế độ thông tin, báo cáo công tác Nội chính, phòng, chống tham nhũng"
    )


def test_no_number_line_no_letter_subject() -> None:
    paragraphs = header("Về việc gì đó", "Kính gửi: UBND xã", "1. Nội dung.")
    assert metadata_of(paragraphs)["title"] is None


def test_a_digitised_records_fields_name_issuer_title_and_signer() -> None:
    paragraphs = header(
        "# Nghị quyết số 01-NQ/ĐH ngày 11/08/2025 của Đại hội đại biểu Đảng bộ đặc khu Dân Chủ",
        "## Thông tin văn bản",
        "- Số ký hiệu: 01-NQ/ĐH",
        "- Ngày ban hành: 11/08/2025",
        "- Cơ quan ban hành: Đại hội đại biểu Đảng bộ đặc khu DÂN CHỦ lần thứ I",
        "- Trích yếu / tiêu đề: Nghị quyết Đại hội đại biểu Đảng bộ đặc khu DÂN CHỦ lần thứ I",
        "- Người ký: Không thấy rõ trong nguồn",
        "Đại hội đại biểu Đảng bộ đặc khu Dân Chủ tiến hành từ ngày 07 tháng 8 năm 2025.",
        "## I. TÁN THÀNH",
    )
    meta = metadata_of(paragraphs, body="Đảng bộ đặc khu Dân Chủ.")
    assert meta["issuer"] == "Đại hội đại biểu Đảng bộ đặc khu DÂN CHỦ lần thứ I"
    assert meta["title"] == "Nghị quyết Đại hội đại biểu Đảng bộ đặc khu DÂN CHỦ lần thứ I"
    assert meta["signer"] is None  # "not legible" is no name
    assert meta["number"] == "01-NQ/ĐH"


def test_a_records_signer_is_taken_when_it_is_a_name() -> None:
    paragraphs = header(
        "ĐẢNG UỶ XÃ CÔNG HẢI",
        "Số: 05-NQ/ĐU",
        "- Người ký: Trần Văn Nam",
        "NGHỊ QUYẾT",
        "I. PHƯƠNG HƯỚNG",
    )
    meta = metadata_of(paragraphs, body="Đảng uỷ xã Công Hải.")
    assert meta["signer"] == "Trần Văn Nam"
    assert meta["issuer"] == "Đảng ủy xã Công Hải"  # no record issuer: the header's


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("- Cơ quan ban hành: Đảng ủy xã Công Hải", "issuer"),
        ("• Trích yếu / tiêu đề: Báo cáo tình hình tháng 5", "title"),
        ("+ Người ký: Lê Văn A", "signer"),
        ("- Ngày ban hành: 11/08/2025", "date"),
        ("- Ngày ban hành:", None),
        ("Cơ quan ban hành văn bản là UBND xã", None),
        ("Ngày 11/08/2025, UBND xã ban hành kế hoạch", None),
    ],
)
def test_record_field_names_the_field_a_record_line_states(line: str, field: str | None) -> None:
    assert record_field(line) == field
