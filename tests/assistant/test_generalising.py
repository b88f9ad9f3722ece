"""Mechanisms for unseen questions: list framing, topic lists, counted nouns, glossary.

Inline sentences modelled on the sample reports, over the in-memory index.
"""

import pytest

from assistant import Assistant
from assistant.understand.analysis import analyse
from tests.assistant.memory_index import InMemoryIndex, make_chunk

COMMUNES = ["Mường Kim", "Quan Sơn", "Vũ Quang", "Lùng Phình"]


@pytest.fixture
def index():
    return InMemoryIndex(
        [
            make_chunk(
                "Mường Kim",
                "Nâng cao hiệu quả công tác phòng chống tội phạm, ma túy, buôn lậu.\n"
                "Tuyên truyền phòng cháy, chữa cháy, phòng chống đuối nước trong mùa nắng nóng.\n"
                "Hoàn thành tổng kiểm kê tài sản công với 19/19 đơn vị, tổng số tài sản được "
                "kiểm kê: 1.173 tài sản.",
            ),
            make_chunk(
                "Quan Sơn",
                "Đẩy mạnh đấu tranh tội phạm, tàng trữ, sử dụng trái phép chất ma túy.\n"
                "Triển khai thực hiện Đề án 06 về dữ liệu dân cư.\n"
                "Khảo sát 02 dự án đường giao thông nông thôn.",
                doc_type="Kế hoạch",
            ),
            make_chunk(
                "Vũ Quang",
                "Kiềm chế tội phạm, tiến tới xây dựng xã không ma tuý.",
                doc_type="Nghị quyết",
            ),
            make_chunk(
                "Lùng Phình",
                "Thực hiện nghiêm túc công tác phòng, chống tham nhũng, lãng phí.\n"
                "Toàn xã có 24 thôn, bản.",
            ),
            # Reports say "phòng, chống" about many things: it is not what a topic is.
            make_chunk(
                "Lùng Phình",
                "Chủ động phòng, chống thiên tai.\nPhòng chống dịch bệnh trên cây trồng.\n"
                "Chống lãng phí trong chi tiêu.\nPhòng chống rét cho gia súc.",
                ordinal=1,
            ),
        ]
    )


def test_list_finds_every_commune_naming_the_topic(index):
    # Only one commune echoes "phòng, chống"; the others name "ma túy" in their own words,
    # and they are not "báo cáo" documents: "trong báo cáo" is no document filter here.
    answer = Assistant(index).ask(
        "Những xã nào đề cập đến công tác phòng, chống ma túy trong báo cáo?"
    )
    assert set(answer.communes) == {"Mường Kim", "Quan Sơn", "Vũ Quang"}


def test_list_typed_without_diacritics_is_answered(index):
    answer = Assistant(index).ask("Nhung xa nao nhac den De an 06?")
    assert not answer.abstained
    assert answer.communes == ("Quan Sơn",)


def test_english_list_uses_the_glossary(index):
    answer = Assistant(index).ask("Which communes mention drowning prevention?")
    assert answer.communes == ("Mường Kim",)


def test_english_fact_with_domain_words_is_answered(index):
    answer = Assistant(index).ask(
        "How many assets were counted in Mường Kim's public asset inventory?"
    )
    assert "1.173" in answer.text


def test_mention_words_are_not_concepts():
    analysis = analyse("Những xã nào nhắc đến Đề án 06 trong báo cáo?", communes=COMMUNES)
    labels = {concept.label for concept in analysis.concepts}
    assert not labels & {"nhac", "cao"}
    assert analysis.filters.is_empty


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Xa Quan Son co bao nhieu thon?", "thon"),
        ("Xã có mấy trường học?", "truong"),
        ("Hỗ trợ bao nhiêu tiền?", None),
        ("Tỷ lệ hộ nghèo là bao nhiêu?", None),
    ],
)
def test_count_questions_know_the_counted_noun(question, counted):
    assert analyse(question, communes=COMMUNES).counted == counted


def test_count_of_one_noun_is_not_answered_by_another_count(index):
    # "02 dự án … nông thôn" counts projects, not villages.
    answer = Assistant(index).ask("Xã Quan Sơn có bao nhiêu thôn?")
    assert answer.abstained


def test_count_beside_its_noun_is_answered(index):
    answer = Assistant(index).ask("Xã Lùng Phình có bao nhiêu thôn?")
    assert "24 thôn" in answer.text


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        (
            "Among the communes whose reports give a poverty rate, which one has the lowest?",
            "compare",
        ),
        ("Which one is the highest mountain in Quan Sơn?", "fact"),
        ("What is the poverty rate of Vũ Quang?", "fact"),
    ],
)
def test_superlative_among_the_communes_is_a_comparison(question, intent):
    assert analyse(question, communes=COMMUNES).intent == intent


def test_grade_written_as_a_roman_numeral_answers_loai_may():
    index = InMemoryIndex(
        [
            make_chunk(
                "Mường Kim",
                "Xây dựng đề án phân loại đơn vị hành chính xã (Mường Kim thuộc xã loại I).\n"
                "Xử lý các văn bản các loại của đơn vị.",
            )
        ]
    )
    answer = Assistant(index).ask("Xã Mường Kim được phân loại là đơn vị hành chính loại mấy?")
    assert "loại I" in answer.text


def test_comparison_states_each_named_communes_count_of_the_asked_noun():
    index = InMemoryIndex(
        [
            make_chunk(
                "Mường Kim",
                "Tiếp nhận và cấp phát gạo cho 196 hộ/953 nhân khẩu.\n"
                "Xem xét, xử lý hơn 7.350 văn bản đến các loại.",
            ),
            make_chunk("Lùng Phình", "Đảng ủy xã tiếp nhận trên 300 văn bản đến."),
            make_chunk("Vũ Quang", "Ban hành 12 văn bản chỉ đạo.\nTiếp nhận 03 viên chức."),
        ]
    )
    answer = Assistant(index).ask(
        "Xã nào tiếp nhận nhiều văn bản đến hơn, Mường Kim hay Lùng Phình?"
    )
    assert "7.350" in answer.text and "300" in answer.text
    assert "953" not in answer.text


def test_passage_ending_on_a_colon_is_quoted_with_what_follows():
    # A break after "là:" (a PDF page, a list) splits the figure from its label.
    index = InMemoryIndex(
        [
            make_chunk(
                "Hùng Sơn",
                "Tổng thu ngân sách đạt 101,29 % so với dự toán; tổng chi ngân sách nhà nước "
                "tháng 2 năm 2026 là:\n- 37.364.755.901 đồng, đạt 14,49 % dự toán được giao.",
            )
        ]
    )
    answer = Assistant(index).ask(
        "Tổng chi ngân sách nhà nước tháng 2 năm 2026 của xã Hùng Sơn đạt bao nhiêu phần trăm "
        "dự toán?"
    )
    assert "14,49" in answer.text


def test_count_next_to_its_noun_but_far_from_the_asked_indicator_abstains():
    # "công dân số" is not "dân số": the count of people sits by "định danh", not by it.
    index = InMemoryIndex(
        [
            make_chunk(
                "Mường Kim",
                "Triển khai tháng cao điểm đẩy mạnh công dân số, tích hợp trên VneID, tổng số "
                "công dân trong độ tuổi từ 6 đến dưới 14 tuổi đã thu nhận định danh 2.581 người.",
            )
        ]
    )
    assert Assistant(index).ask("Dân số của xã Mường Kim là bao nhiêu người?").abstained
