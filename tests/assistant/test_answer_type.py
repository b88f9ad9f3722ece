"""What kind of value a question asks for, and how many figures."""

import pytest

from assistant.evidence.value_choice import lead_values
from assistant.understand.answer_type import (
    MONEY_UNITS,
    answer_types_of,
    counted_nouns,
    lead_types_of,
    numbering_words,
    quantity_slots,
)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn?", ("quantity",)),
        ("Xã có mấy thôn?", ("quantity",)),
        ("xa co bao nhieu thon", ("quantity",)),
        ("How many pupils were enrolled in May 2026?", ("quantity",)),
        ("Hội nghị diễn ra lúc mấy giờ, ngày nào?", ("time", "date")),
        ("Cuộc họp bắt đầu lúc nào?", ("time", "date")),
        ("When is the deadline for the report?", ("date",)),
        ("Ai chủ trì hội nghị?", ("person",)),
        ("Who chaired the meeting?", ("person",)),
        ("Cuộc họp được tổ chức ở đâu?", ("place",)),
        ("Where was the in-person venue?", ("place",)),
        ("Phương án được xây dựng theo nghị quyết nào?", ("document",)),
        ("Theo quyết định số mấy?", ("document",)),
        ("Which decision set the staffing quota?", ("document",)),
        ("Ban Thường vụ có đồng ý không?", ("yesno",)),
        ("Kế hoạch đã hoàn thành chưa?", ("yesno",)),
        ("Has the commune finished the plan?", ("yesno",)),
        ("What did the commune request?", ("other",)),
        ("Công an xã được giao xây dựng kế hoạch gì?", ("other",)),
        ("Ban Thường vụ họp căn cứ quy định nào của Tỉnh ủy?", ("document",)),
        ("Những xã nào giáp Lào?", ("other",)),
        # "may" typed without its mark is the English word or a machine, not "mấy".
        ("Xa co may thon?", ("other",)),
    ],
)
def test_answer_types(question, kinds):
    assert answer_types_of(question) == kinds


@pytest.mark.parametrize(
    ("question", "slots"),
    [
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn?", 1),
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?", 1),
        ("Xã Hùng Sơn có bao nhiêu trường học và bao nhiêu học sinh?", 2),
        ("Xã Mường Kim có bao nhiêu hộ kinh doanh và hợp tác xã?", 2),
        ("Tỷ lệ hộ nghèo và cận nghèo là bao nhiêu?", 2),
        ("How many households and people received rice?", 2),
        # A comma between figures the question states joins nothing.
        ("Bao nhiêu học sinh đạt giải kỳ thi lớp 8, 9 cấp tỉnh?", 1),
        ("Có bao nhiêu xã, phường, thị trấn và đặc khu?", 3),
    ],
)
def test_quantity_slots(question, slots):
    assert quantity_slots(question) == slots


@pytest.mark.parametrize(
    ("question", "language", "words"),
    [
        ("Cơn bão số mấy?", "vi", ("so",)),
        ("Xã xếp thứ mấy, loại mấy?", "vi", ("thu", "loai")),
        # Unmarked "may" is a machine as often as "mấy"; English has no such word.
        ("may tinh so may", "vi", ()),
        ("Which storm number was it, how many?", "en", ()),
    ],
)
def test_numbering_words_are_written_just_before_the_interrogative(question, language, words):
    assert numbering_words(question, language) == words


@pytest.mark.parametrize(
    ("question", "kinds", "lead"),
    [
        ("Việc kiểm tra được thực hiện vào quý nào?", ("other",), ("date",)),
        ("In which quarter was the inspection held?", ("other",), ("date",)),
        ("Giao cho ai và vào quý nào?", ("person",), ("person", "date")),
        # Reports assign work to offices: "who" is often a body.
        ("Cơ quan nào chủ trì xây dựng dự thảo?", ("other",), ("person",)),
        ("Which office leads the drafting?", ("other",), ("person",)),
        ("Tỷ lệ hộ nghèo?", ("quantity",), ("quantity",)),
        ("Xã đã đề nghị gì?", ("other",), ("other",)),
    ],
)
def test_lead_only_kinds_do_not_change_what_the_question_asks(question, kinds, lead):
    assert answer_types_of(question) == kinds
    assert lead_types_of(question, kinds) == lead


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        ("Xã có bao nhiêu hộ nghèo?", ("ho",)),
        ("Bao nhiêu tỷ đồng?", ("ty",)),
        # Money is counted in đồng / triệu / tỷ, not in "tiền" or "kinh phí".
        ("Mỗi trường hợp được hỗ trợ bao nhiêu tiền?", MONEY_UNITS),
        ("Kinh phí tổ chức hội nghị là bao nhiêu?", MONEY_UNITS),
        ("How much money was spent?", ()),
    ],
)
def test_counted_nouns(question, nouns):
    language = "en" if question.startswith("How") else "vi"
    assert counted_nouns(question, language) == nouns


def test_a_money_question_leads_with_the_amount_not_the_count_beside_it():
    text = "hỗ trợ 02 trường hợp tử vong 25.000.000đ/01 trường hợp"
    asked = [(("tu vong",), 2.0), (("truong hop",), 1.0)]
    counted = counted_nouns("Mỗi trường hợp tử vong được hỗ trợ bao nhiêu tiền?", "vi")
    [value] = lead_values(text, ["quantity"], asked, counted=counted)
    assert value.text == "25.000.000"
