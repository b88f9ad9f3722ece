"""Answer-quality mechanisms: key-term abstention, figures beside the indicator, PDF wraps.

Each test uses inline sentences modelled on the sample reports, over the in-memory index.
"""

import pytest

from assistant import Assistant, Turn
from assistant.evidence.scoring import has_concept, nearest_figure, score_passages
from assistant.passages import Passage, TermStats, fold_tokens, paragraphs
from assistant.understand.analysis import analyse
from tests.assistant.memory_index import InMemoryIndex, make_chunk

COMMUNES = ["Hùng Sơn", "Mường Kim", "Vũ Quang"]
FOREST = (
    "Đã trồng mới 55 ha rừng, bằng 35,7% kế hoạch.\n"
    "Trong 6 tháng đầu năm trên địa bàn xã xảy ra 02 vụ cháy rừng, 03 vụ chặt phá rừng.\n"
    "Diện tích trồng rừng sản xuất đã rà soát, đã đo đạc 160,35/160ha."
)
REVENUE_HUNG_SON = (
    "Tổng thu ngân sách nhà nước đến ngày 15/3/2026 là: 257.840.450.000/ 254.561.000.000 "
    "đồng, đạt 101,29 % so với dự toán được giao; tổng chi ngân sách nhà nước tháng 2 là "
    "37.364.755.901 đồng."
)
REVENUE_VU_QUANG = (
    "Thu ngân sách trên địa bàn đạt 19,655 tỷ đồng, đạt 151 % so với dự toán HĐND xã giao.\n"
    "(2) Tổng thu ngân sách trên địa bàn: 12.990 triệu đồng."
)
TARGETS_PDF = (
    "- Về VH-XH: (16) Tỷ lệ thôn Văn hóa: 96,7%. Tỷ lệ gia đình văn hóa:\n"
    "94,5%. (17) Tỷ lệ trường đạt chuẩn quốc gia: 85,7% (18) Tỷ lệ người tham gia\n"
    "BHXH: 25%. (19) Tỷ lệ người tham gia BHYT: 94%"
)


@pytest.fixture
def index():
    return InMemoryIndex(
        [
            make_chunk("Mường Kim", FOREST),
            make_chunk("Hùng Sơn", REVENUE_HUNG_SON),
            make_chunk("Vũ Quang", REVENUE_VU_QUANG),
            make_chunk(
                "Vũ Quang",
                TARGETS_PDF,
                labels=("II", "1"),
                heading_path=("MỤC TIÊU, CHỈ TIÊU NĂM 2026", "Các chỉ tiêu cụ thể"),
                ordinal=1,
            ),
            make_chunk(
                "Hùng Sơn",
                "Tỷ lệ tham gia BHXH thấp (20,5%).",
                heading_path=("TỒN TẠI, HẠN CHẾ",),
                ordinal=1,
            ),
        ]
    )


def test_unit_question_without_its_key_term_abstains(index):
    # "rừng" and "ha" are there, next to a figure, but nothing says how much burned.
    answer = Assistant(index).ask("How many hectares of forest burned in Mường Kim?")
    assert answer.abstained and not answer.citations


def test_unit_question_with_its_key_term_is_answered(index):
    answer = Assistant(index).ask("How many hectares of forest were planted in Mường Kim?")
    assert not answer.abstained
    assert "55 ha" in answer.text


def test_key_term_missing_halves_a_passages_coverage():
    analysis = analyse("How many hectares of forest burned?", communes=COMMUNES)
    chunk = make_chunk("Mường Kim", FOREST)
    passages = [
        Passage(chunk, text, fold_tokens(text), fold_tokens("KẾT QUẢ"), n)
        for n, text in enumerate(FOREST.splitlines())
    ]
    scored = {
        item.passage.text: item
        for item in score_passages(analysis, passages, TermStats(passages), {})
    }
    planted = scored[FOREST.splitlines()[0]]
    # Two of three concepts, a hectare figure beside them, but no "cháy": below the bar.
    assert planted.coverage < 0.6


def test_comparison_takes_the_figure_against_the_asked_indicator(index):
    answer = Assistant(index).ask(
        "Which collected more budget revenue against its estimate, Hùng Sơn or Vũ Quang?"
    )
    assert {c.commune for c in answer.citations} == {"Hùng Sơn", "Vũ Quang"}
    assert "151 %" in answer.text and "101,29 %" in answer.text
    assert "12.990" not in answer.text


def test_figure_beside_a_lone_term_beats_a_cluster_without_one():
    # "thu ngân sách" has no figure within reach; "dự toán" has 101,29% right before it.
    analysis = analyse("How much budget revenue against the estimate?", communes=COMMUNES)
    chunk = make_chunk("Hùng Sơn", REVENUE_HUNG_SON)
    text = REVENUE_HUNG_SON
    passage = Passage(chunk, text, fold_tokens(text), fold_tokens("KẾT QUẢ"))
    [item] = score_passages(analysis, [passage], TermStats([passage]), {})
    assert nearest_figure(analysis, item) == "101,29%"


def test_follow_up_carries_the_topic_across_a_pdf_wrap(index):
    history = [
        Turn("user", "What is the social insurance participation rate in Hùng Sơn?"),
        Turn("assistant", "Hùng Sơn: social insurance participation is low (20,5%) [1]."),
    ]
    answer = Assistant(index).ask("What about Vũ Quang's target for that?", history=history)
    assert answer.communes == ("Vũ Quang",)
    assert "BHXH: 25%" in answer.text


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
def test_paragraphs_rejoin_pdf_wraps_only(lines, expected):
    assert paragraphs(lines) == expected


def test_vietnamese_unit_question_without_its_rare_word_abstains(index):
    # The rarest word asked about ("cháy") must sit by the hectare figure.
    answer = Assistant(index).ask("Xã Mường Kim có bao nhiêu ha rừng bị cháy?")
    assert answer.abstained and not answer.citations


def test_figure_after_a_label_beats_one_just_before_it():
    text = "Dân tộc Cơtu chiếm hơn 95% tỷ lệ hộ nghèo là 47,52% (979 hộ nghèo)."
    analysis = analyse("Which commune has the lowest poverty rate?", communes=COMMUNES)
    passage = Passage(make_chunk("Hùng Sơn", text), text, fold_tokens(text), " ")
    [item] = score_passages(analysis, [passage], TermStats([passage]), {})
    assert nearest_figure(analysis, item) == "47,52%"


@pytest.mark.parametrize(
    ("question", "highest"),
    [
        ("Xã nào có nhiều học sinh hơn, Hùng Sơn hay Mường Kim?", True),
        ("Xã nào có tỷ lệ hộ nghèo thấp hơn, Hùng Sơn hay Vũ Quang?", False),
        ("So sánh tỷ lệ hộ nghèo của Hùng Sơn và Vũ Quang", None),
    ],
)
def test_vietnamese_comparatives_set_the_direction(question, highest):
    analysis = analyse(question, communes=COMMUNES)
    assert analysis.intent == "compare"
    assert analysis.wants_highest is highest


def test_term_whose_syllables_fold_to_stopwords_still_counts(index):
    # "đảng" folds to the stopword "đang": the glossary keeps "đảng viên" whole.
    index.add(
        [
            make_chunk("Hùng Sơn", "Đảng bộ xã có 37 chi bộ với 820 đảng viên.", ordinal=2),
            make_chunk("Vũ Quang", "Tiếp nhận 03 viên chức khuyến nông.", ordinal=2),
        ]
    )
    assistant = Assistant(index)
    assert "820 đảng viên" in assistant.ask("Xã Hùng Sơn có bao nhiêu đảng viên?").text
    assert assistant.ask("Xã Vũ Quang có bao nhiêu đảng viên?").abstained


def test_one_syllable_glossary_terms_match_as_written():
    # "village" -> "bản": folded, it would also match "địa bàn" and "Ban Chỉ huy".
    village = analyse("Which villages?", communes=COMMUNES).concepts[0]
    assert ("ban", "bản") in village.spelled
    for text, found in [
        ("Chi trả 11.191.034.653 đồng/42 bản.", True),
        ("Tổng thu ngân sách trên địa bàn: 12.990 triệu đồng.", False),
        ("Kiện toàn Ban Chỉ huy Phòng thủ dân sự.", False),
    ]:
        assert has_concept(village, fold_tokens(text), text.lower()) is found, text


def test_village_question_is_not_answered_from_dia_ban(index):
    index.add([make_chunk("Mường Kim", "Toàn xã có 42 bản với 3.100 hộ.", ordinal=3)])
    assistant = Assistant(index)
    assert "42 bản" in assistant.ask("How many villages does Mường Kim have?").text
    assert assistant.ask("How many villages does Vũ Quang have?").abstained


def test_comparison_does_not_rank_a_percentage_against_an_amount(index):
    answer = Assistant(index).ask(
        "Which collected more budget revenue against its estimate, Hùng Sơn or Vũ Quang?"
    )
    # Vũ Quang's figure beside the question's words is "19,655" (tỷ đồng), Hùng Sơn's a %.
    assert answer.text.startswith("Figures in the reports:")
