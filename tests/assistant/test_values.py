"""Values in a sentence and the one an answer leads with."""

import json

import pytest

from assistant.errors import AssistantError
from assistant.evidence.value_choice import (
    VALUE_FEATURES,
    VALUE_MODEL_FILE,
    lead_values,
    load_value_model,
    stated_values,
    value_matrix,
)
from assistant.evidence.values import find_values, fold_chars, roles_of, values_of
from assistant.understand.answer_type import numbering_words

FOREST = (
    "Tổng số vụ vi phạm là 05 vụ, tăng 03 vụ so với cùng kỳ năm 2025(2); công tác "
    "trồng rừng mới được triển khai tích cực(3), đã trồng mới 55 ha rừng, bằng 35,7% kế hoạch."
)
POVERTY = (
    "Dân số là 8.026 người/2060 hộ; tỷ lệ hộ nghèo là 47,52% (979 hộ nghèo), "
    "hộ cận nghèo là 0,53% (11 hộ)."
)


def texts(text, kinds):
    return [value.text for value in find_values(text, kinds)]


def test_quantities_are_not_dates_times_periods_marks_or_document_numbers():
    text = (
        "Trong 6 tháng đầu năm, lúc 16h00 ngày 04/11/2025, theo Nghị quyết 57-NQ/TW, "
        "xã xếp thứ 12/38, trồng 55 ha(2), đạt 35,7%."
    )
    assert texts(text, ["quantity"]) == ["12/38", "55", "35,7%"]
    assert texts(text, ["time"]) == ["16h00"]
    assert texts(text, ["date"]) == ["04/11/2025"]
    assert texts(text, ["document"]) == ["57-NQ/TW"]


def test_a_hectare_figure_is_not_a_clock_time():
    assert texts("Đã trồng 55 ha rừng.", ["time"]) == []


def test_people_and_places():
    text = "Đồng chí Nguyễn Xuân Hoàng chủ trì tại Hội trường UBND xã; ông Lò Văn A dự."
    assert texts(text, ["person"]) == ["Nguyễn Xuân Hoàng", "Lò Văn A"]
    assert texts(text, ["place"]) == ["Hội trường UBND xã"]


def test_the_value_beside_the_weightiest_asked_words_leads():
    asked = [(("trong",), 1.3), (("moi",), 2.3), (("ha",), 3.3), (("rung",), 3.2)]
    [value] = lead_values(FOREST, ["quantity"], asked, counted=("ha",))
    assert value.text == "55"


def test_a_rate_question_is_answered_by_a_percentage():
    asked = [(("ty le",), 3.5), (("ho ngheo",), 3.4)]
    [value] = lead_values(POVERTY, ["quantity"], asked, percent=True)
    assert value.text == "47,52%"
    # ... and without the rate wording, the count beside "hộ nghèo" may win.
    assert lead_values(POVERTY, ["quantity"], asked)[0].text != "8.026"


def test_a_figure_the_question_states_is_not_its_answer():
    text = "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể cân nặng chiếm 14,64%."
    asked = [(("tre em",), 2.0), (("suy dinh duong",), 4.0)]
    assert lead_values(text, ["quantity"], asked)[0].text == "5"
    assert lead_values(text, ["quantity"], asked, stated=["5"])[0].text == "14,64%"


def test_a_document_number_the_question_writes_is_not_its_answer():
    question = "Ngoài Kết luận 156-KL/TW, kế hoạch còn thực hiện kế hoạch nào của Tỉnh uỷ?"
    assert "156-KL/TW" in stated_values(question)
    text = "Thực hiện Kết luận số 156-KL/TW và Kế hoạch số 03-KH/TU của Ban Thường vụ Tỉnh uỷ."
    asked = [(("ket luan",), 2.0)]
    assert lead_values(text, ["document"], asked)[0].text == "156-KL/TW"
    chosen = lead_values(text, ["document"], asked, stated=stated_values(question))
    assert [value.text for value in chosen] == ["03-KH/TU"]
    # Typed without its marks it is still the same number.
    assert (
        lead_values(
            "Nghị quyết 01-NQ/ĐH và Kế hoạch 05-KH/ĐU.", ["document"], asked, stated=["01-NQ/DH"]
        )[0].text
        == "05-KH/ĐU"
    )


def test_two_figures_asked_lead_with_two_in_text_order():
    text = "Cấp phát 65,760 tấn gạo hỗ trợ cho 989 hộ/4.384 nhân khẩu."
    asked = [(("ho",), 1.0), (("nhan khau",), 3.0), (("gao",), 2.0)]
    found = lead_values(text, ["quantity"], asked, counted=("ho",), slots=2)
    assert [value.text for value in found] == ["989", "4.384"]


def test_a_date_naming_its_day_beats_a_month():
    text = "Công Hải, ngày tháng 11 năm 2025. Thời gian: Vào lúc 14 giờ 00, ngày 06/11/2025."
    [time, date] = lead_values(text, ["time", "date"], [(("thoi gian",), 1.0)])
    assert (time.text, date.text) == ("14 giờ 00", "06/11/2025")


def test_fold_chars_keeps_positions():
    text = "Đảng uỷ xã Hùng Sơn"
    assert fold_chars(text) == "dang uy xa hung son"
    assert len(fold_chars(text)) == len(text)


@pytest.mark.parametrize("text", ["Năm 2026", "Tháng 5", "Quý II", "6 tháng đầu năm 2026"])
def test_periods_are_not_quantities(text):
    assert texts(text, ["quantity"]) == []


@pytest.mark.parametrize(
    ("text", "dates", "figures"),
    [
        ("Kết quả: xã đạt 4/10 tiêu chí, xếp thứ 64/65.", [], ["4/10", "64/65"]),
        ("Hoàn thành trước ngày 05/12 hằng năm.", ["05/12"], []),
        ("Thời gian từ 01/7 - 30/9, có 43 hồ sơ.", ["01/7", "30/9"], ["43"]),
    ],
)
def test_a_day_and_month_is_a_date_after_a_word_of_time_else_a_share(text, dates, figures):
    assert texts(text, ["date"]) == dates
    assert texts(text, ["quantity"]) == figures


def test_two_counted_nouns_each_lead_their_figure():
    text = "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh."
    asked = [(("truong hoc",), 2.0), (("hoc sinh",), 2.0)]
    found = lead_values(text, ["quantity"], asked, counted=("truong", "hoc"), slots=2)
    assert [value.text for value in found] == ["07", "1.683"]


def test_a_figure_glued_to_its_noun_is_a_figure():
    text = "Nhân dân đang thiếu nước sinh hoạt (gần 200hộ/800 khẩu)."
    assert texts(text, ["quantity"]) == ["200", "800"]
    [value] = lead_values(text, ["quantity"], [(("thieu nuoc",), 2.0)], counted=("ho",))
    assert value.text == "200"


def test_a_figure_after_the_word_for_year_is_counted_unless_it_is_a_year():
    text = "Sản lượng chè 6 tháng đầu năm 700 tấn, năm 2025 đạt 35/68 tỷ đồng."
    assert texts(text, ["quantity"]) == ["700", "35/68"]


def test_value_features_see_the_counted_noun_the_percent_sign_and_the_asked_words():
    asked = [(("ho ngheo",), 3.0)]
    found = find_values(POVERTY, ["quantity"])
    rows = value_matrix(POVERTY, found, asked, counted=("ho",), percent=True)
    column = {name: i for i, name in enumerate(VALUE_FEATURES)}
    by_text = {value.text: row for value, row in zip(found, rows, strict=True)}
    assert by_text["979"][column["counted"]] == 1.0
    assert by_text["8.026"][column["counted"]] == 0.0
    assert by_text["47,52%"][column["percent"]] == 1.0
    assert by_text["979"][column["percent"]] == 0.0
    # "hộ nghèo" stands just after 979 and well before 8.026 is not.
    assert by_text["979"][column["near_after"]] > by_text["8.026"][column["near_after"]]
    assert by_text["47,52%"][column["near_before"]] > 0.0


def test_the_shipped_value_model_uses_known_features_and_a_broken_file_says_how_to_refit(
    tmp_path,
):
    model = load_value_model()
    assert set(model.features) <= set(VALUE_FEATURES)
    data = json.loads(VALUE_MODEL_FILE.read_text(encoding="utf-8"))
    assert "bench/fit_values.py" in data["provenance"]["command"]
    data["features"] = [*data["features"][:-1], "not_a_feature"]
    (tmp_path / "other.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AssistantError, match=r"fit_values\.py"):
        load_value_model(tmp_path / "other.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(AssistantError, match="reinstall baocao"):
        load_value_model(tmp_path / "broken.json")


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("đồng chí Phó Bí thư Đảng ủy Nguyễn Văn A chủ trì", ["Nguyễn Văn A"]),
        ("đồng chí Chủ tịch UBND xã chủ trì hội nghị", []),  # a title, no name
        ("thống nhất đồng chí Nguyễn Hùng Mạnh, Phó Bí thư Đảng ủy", ["Nguyễn Hùng Mạnh"]),
    ],
)
def test_a_title_before_a_name_is_not_the_name(text, people):
    assert texts(text, ["person"]) == people


def test_a_figure_glued_after_a_toned_syllable_is_a_figure_but_not_inside_a_code():
    text = "Tổng dư nợ26.664 triệu đồng, xếp thứ64/65; ổ dịch H5N1 với 21.000 con, BML-10."
    assert texts(text, ["quantity"]) == ["26.664", "64/65", "21.000"]


def test_a_span_of_years_is_a_count_when_the_question_counts_years():
    text = "Thăm 09 cơ sở giáo dục nhân kỷ niệm 43 năm Ngày Nhà giáo Việt Nam."
    assert texts(text, ["quantity"]) == ["09"]
    found = values_of(text, "quantity", marks=("nam",))
    assert [value.text for value in found] == ["09", "43"]
    [value] = lead_values(text, ["quantity"], [(("nha giao",), 2.0)], counted=("nam",))
    assert value.text == "43"


def test_a_numbered_label_is_the_figure_when_the_question_asks_its_number():
    text = "Chủ động ứng phó với bão gần Biển Đông (Cơn bão số 13 Kalmaegi), lần thứ 2."
    assert texts(text, ["quantity"]) == []
    asked = [(("bao",), 2.0)]
    [value] = lead_values(text, ["quantity"], asked, numbered=numbering_words("bão số mấy?", "vi"))
    assert value.text == "13"


def test_a_roman_numeral_after_the_asked_word_is_the_figure():
    text = "Xây dựng đề án phân loại đơn vị hành chính (Mường Kim thuộc xã loại I), khóa XIII."
    assert texts(text, ["quantity"]) == []
    [value] = lead_values(text, ["quantity"], [], numbered=numbering_words("loại mấy?", "vi"))
    assert value.text == "loại I"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("do đồng chí Bí thư Đảng uỷ xã làm Trưởng ban.", "Bí thư Đảng uỷ"),
        (
            "Phân công đồng chí Phó Bí thư Thường trực Đảng uỷtrực tiếp chỉ đạo",
            "Phó Bí thư Thường trực Đảng uỷ",  # ends where the next word is glued on
        ),
        ("giao đồng chí Chủ tịch UBND xã, chủ trì", "Chủ tịch UBND xã"),
    ],
)
def test_a_title_after_comrade_answers_who_when_no_name_follows(text, role):
    assert [value.text for value in lead_values(text, ["person"], [])] == [role]


def test_a_name_after_comrade_is_the_person_not_the_title():
    text = "đồng chí Phó Bí thư Đảng ủy Nguyễn Văn A chủ trì"
    assert [value.text for value in lead_values(text, ["person"], [])] == ["Nguyễn Văn A"]


@pytest.mark.parametrize(
    ("text", "kind", "asked", "lead"),
    [
        (
            "Là tập thể, cá nhân có tổng điểm đánh giá đạt từ 70 đến dưới 90 điểm.",
            "quantity",
            "diem",
            "từ 70 đến dưới 90",
        ),
        (
            "Mốc thời gian lấy số liệu báo cáo: từ ngày 01/01/2021 đến ngày 30/6/2025.",
            "date",
            "so lieu",
            "từ ngày 01/01/2021 đến ngày 30/6/2025",
        ),
        (
            "Nội dung 3 (từ10 giờ00’ – 11 giờ00’): nghe tư vấn",
            "time",
            "tu van",
            "từ10 giờ00’ – 11 giờ00’",
        ),
        ("mỗi xã được bố trí 02 xe ô tô, hiện nay mới có 01 xe", "quantity", "xe", "01"),
    ],
)
def test_a_value_written_as_one_end_of_a_range_leads_with_both_ends(text, kind, asked, lead):
    [value] = lead_values(text, [kind], [((asked,), 1.0)], ranges=True)
    assert value.text == lead
    assert text[value.start : value.end] == lead


def test_without_ranges_a_lead_is_one_value():
    text = "đạt từ 70 đến dưới 90 điểm"
    [value] = lead_values(text, ["quantity"], [(("diem",), 1.0)])
    assert value.text in {"70", "90"}


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "(Giao Uỷ ban Kiểm tra Đảng uỷ chủtrì, tham mưu trong quý IV/2026)",
            ["Uỷ ban Kiểm tra Đảng uỷ"],
        ),
        ("nhiệm kỳ 2027 – 2030 Ban Xây dựng Đảng chủtrì, phối hợp", ["Ban Xây dựng Đảng"]),
        ("Văn phòng Đảng uỷchủtrì, phối hợp với các cơ quan", ["Văn phòng Đảng uỷ"]),
        ("Giao Ban Xây dựng Đảng tham mưu kế hoạch", ["Ban Xây dựng Đảng"]),
        ("các đơn vị chủ trì thực hiện; giao cho các thôn triển khai", []),
    ],
)
def test_a_body_assigned_or_leading_the_work_answers_who(text, roles):
    assert [value.text for value in roles_of(text)] == roles


def test_a_quarter_question_leads_with_the_quarter_not_a_day():
    text = (
        "Giám sát các trường học (Giao Uỷ ban Kiểm tra chủ trì trong quý IV/2026), ngày 15/3/2026."
    )
    asked = [(("giam sat",), 1.0)]
    numbered = numbering_words("Cuộc giám sát được giao vào quý nào?", "vi")
    assert numbered == ("quy",)
    assert numbering_words("In which quarter was it held?", "en") == ("quy",)
    [value] = lead_values(text, ["date"], asked, numbered=numbered)
    assert value.text == "quý IV/2026"
    [value] = lead_values(text, ["date"], asked)
    assert value.text == "15/3/2026"


def test_rates_written_as_achieved_over_planned_are_two_rates():
    text = "Trẻ suy dinh dưỡng thể cân nặng chiếm 13,76%/14,73%, đạt 94,60% kế hoạch."
    assert texts(text, ["quantity"]) == ["13,76%", "14,73%", "94,60%"]
    assert texts("Tỷ lệ đạt 64/65 thôn.", ["quantity"]) == ["64/65"]


def test_folding_keeps_one_character_for_each_so_positions_stay_valid() -> None:
    assert fold_chars("Đường Hùng Sơn, 47,52%") == "duong hung son, 47,52%"
    assert fold_chars("İ ẞ ﬁ") == "i ß ﬁ"
    text = "".join(chr(code) for code in range(0x20, 0x2000))
    assert len(fold_chars(text)) == len(text)
