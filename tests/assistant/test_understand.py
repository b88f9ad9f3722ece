"""Question understanding: concepts as written, intents, counted nouns, comparisons.

Pure `analyse` and concept-matching checks, no index (kept from the earlier concept and
answer-quality tests where the mechanism still exists).
"""

import pytest

from assistant.passages import fold_tokens
from assistant.understand.analysis import analyse
from assistant.understand.answer_type import MONEY_UNITS
from assistant.understand.concepts import has_concept, written_variants

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"]


def _concept(question, label, **kwargs):
    analysis = analyse(question, communes=COMMUNES, **kwargs)
    return next(c for c in analysis.concepts if c.label == label)


def _has(concept, text):
    return has_concept(concept, fold_tokens(text), text.lower())


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


def test_mention_words_are_not_concepts():
    analysis = analyse("Những xã nào nhắc đến Đề án 06 trong báo cáo?", communes=COMMUNES)
    labels = {concept.label for concept in analysis.concepts}
    assert not labels & {"nhac", "cao"}
    assert analysis.filters.is_empty


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Xa Quan Son co bao nhieu thon?", ("thon",)),
        ("Xã có mấy trường học?", ("truong",)),
        # Money is counted in its units ("25.000.000 đồng"), not in "tiền".
        ("Hỗ trợ bao nhiêu tiền?", MONEY_UNITS),
        ("Tỷ lệ hộ nghèo là bao nhiêu?", ()),
        # Typed with its marks, "đảng" is the word, not the stopword "đang" it folds to.
        ("Đảng bộ xã có bao nhiêu đảng viên?", ("dang",)),
        ("dang bo xa co bao nhieu dang vien?", ()),
        ("Xã có bao nhiêu trường học và bao nhiêu học sinh?", ("truong", "hoc")),
    ],
)
def test_count_questions_know_the_counted_noun(question, counted):
    assert analyse(question, communes=COMMUNES).counted == counted


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


def test_vietnamese_word_typed_with_marks_matches_only_as_written():
    border_post = _concept("Những xã nào phối hợp với Đồn Biên phòng?", "don")
    assert _has(border_post, "Phối hợp với các Đồn Biên phòng Gary tổ chức tuần tra.")
    assert not _has(border_post, "Phối hợp đơn vị thi công giải phóng mặt bằng.")
    # Typed without marks, the word may be either: folded matching keeps both.
    unmarked = _concept("Nhung xa nao phoi hop voi Don Bien phong?", "don")
    assert _has(unmarked, "Phối hợp đơn vị thi công giải phóng mặt bằng.")


def test_either_tone_placement_and_hoi_or_nga_are_the_same_word():
    assert set(written_variants("tuý")) == {"tuý", "túy"}
    assert set(written_variants("lở")) == {"lở", "lỡ"}
    assert written_variants("đồn") == ["đồn"]
    drugs = _concept("Xã nào phòng chống ma túy?", "tuy")
    assert _has(drugs, "Kiềm chế tội phạm, tiến tới xây dựng xã không ma tuý.")


def test_lower_case_words_after_xa_are_not_an_unknown_commune():
    question = "Còn tuyến giao thông bị sạt lở thì xã đề nghị hỗ trợ gì?"
    assert analyse(question, communes=COMMUNES).unknown_communes == ()
    assert analyse("Xã Tây Giang có bao nhiêu thôn?", communes=COMMUNES).unknown_communes


def test_english_day_and_month_is_matched_as_the_reports_write_dates():
    question = "How many tasks were completed by 28 May 2026 in Lùng Phình?"
    date = _concept(question, "28/5")
    assert _has(date, "Tính đến ngày 28/5/2026, có 43 nhiệm vụ hoàn thành.")
    assert not _has(date, "Tính đến ngày 10/6/2026, đã hoàn thành 02 nhiệm vụ.")
    # "28" and "may" do not count again on their own.
    labels = {c.label for c in analyse(question, communes=COMMUNES).concepts}
    assert "28" not in labels and "may" not in labels


def test_a_removed_commune_name_does_not_join_the_words_around_it():
    question = "Which villages in Hùng Sơn need land levelled for resettlement?"
    labels = {c.label for c in analyse(question, communes=COMMUNES).concepts}
    assert "in need" not in labels


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Xã Mường Kim có những sản phẩm OCOP nào?", "fact"),
        ("Where does Hùng Sơn plan to build its new centre?", "fact"),
        ("Xã nào có sản phẩm OCOP?", "which"),
        ("Trong hai xã Mường Kim và Vũ Quang, xã nào có sản phẩm OCOP?", "which"),
        ("xa Hung Son duoc thanh lap tren co so sap nhap nhung xa nao?", "fact"),
        ("Ngoài Hùng Sơn, những xã nào còn giáp Lào?", "which"),
        # "xã" of "Đảng bộ xã" with no unit named: "nào" asks which day, not which unit.
        ("Hội nghị Ban Chấp hành Đảng bộ xã lần thứ 5 diễn ra vào ngày nào?", "fact"),
        ("Ban Thường vụ Đảng ủy xã cho ý kiến những dự thảo nghị quyết nào?", "fact"),
        ("Are any communes holding a forest ceremony? List them all.", "which"),
        ("Did Hùng Sơn or Vũ Quang collect the larger share of revenue?", "compare"),
    ],
)
def test_which_asks_for_communes_only_when_it_says_so(question, intent):
    assert analyse(question, communes=COMMUNES).intent == intent


def test_vietnamese_synonyms_are_searched_in_every_spelling():
    analysis = analyse("So sánh thứ hạng cải cách hành chính của hai xã", communes=COMMUNES)
    assert "CCHC" in analysis.search_query


def test_question_framing_and_particles_are_not_concepts():
    labels = {
        c.label
        for c in analyse(
            "Những xã nào có địa bàn giáp với nước Lào rồi?", communes=COMMUNES
        ).concepts
    }
    assert not labels & {"dia", "ban", "roi"}


def test_framing_words_typed_with_diacritics_are_dropped_but_not_their_look_alikes():
    labels = {
        c.label
        for c in analyse(
            "Năm 2025 Mường Kim đứng thứ mấy trong tỉnh, dự kiến định làm gì?", communes=COMMUNES
        ).concepts
    }
    assert not labels & {"trong", "dinh", "du", "kien"}
    planted = {
        c.label
        for c in analyse("Xã Mường Kim trồng được bao nhiêu ha rừng?", communes=COMMUNES).concepts
    }
    assert "trong" in planted


def test_a_rank_question_is_not_a_count():
    analysis = analyse("Năm 2025 Mường Kim đứng thứ mấy trong tỉnh?", communes=COMMUNES)
    assert analysis.wants_figure and not analysis.wants_count


def test_an_unmarked_counted_noun_in_a_marked_question_is_the_word_itself():
    livestock = analyse("Còn đàn lợn thì chỉ tiêu năm 2026 là bao nhiêu con?", communes=COMMUNES)
    assert livestock.counted == ("con",)
    still = analyse("Xã Vũ Quang bao nhiêu còn lại?", communes=COMMUNES)
    assert still.counted == ()


def test_a_percentage_is_asked_in_words_or_with_the_sign():
    percent = _concept("Xã giải ngân được bao nhiêu phần trăm vốn?", "phần trăm")
    assert _has(percent, "Giải ngân vốn đầu tư công đạt 4,74% kế hoạch.")


def test_an_english_month_is_the_reports_thang():
    november = _concept("How many meetings were held in November 2025?", "tháng 11")
    assert _has(november, "Trong tháng 11/2025, Ban Thường vụ họp 04 lần.")
    assert not _has(november, "Trong tháng 1/2025, Ban Thường vụ họp 02 lần.")


def test_where_asking_which_commune_is_not_a_place():
    analysis = analyse(
        "Of the communes covered, where is poverty most widespread?", communes=COMMUNES
    )
    assert analysis.intent == "compare"
    place = analyse("Where does Hùng Sơn plan to build its new centre?", communes=COMMUNES)
    assert place.intent == "fact" and place.answer_types == ("place",)


def test_a_word_typed_with_its_marks_is_not_the_stopword_it_folds_to():
    # "đảng" folds like the stopword "đang", "chợ" like "cho", "hội" like "hỏi".
    labels = {
        c.label for c in analyse("Chợ nào do Hội Nông dân quản lý?", communes=COMMUNES).concepts
    }
    assert {"cho", "hoi"} <= labels
    typed_bare = {
        c.label for c in analyse("cho nao do hoi nong dan quan ly", communes=COMMUNES).concepts
    }
    assert not {"cho", "hoi"} & typed_bare


@pytest.mark.parametrize(
    ("question", "kept", "left_out"),
    [
        ("Xã nào có tỷ lệ hộ nghèo cao nhất?", "hộ nghèo", ("xã", "nào", "cao", "nhất")),
        ("Phường nào đề nghị hỗ trợ nước sinh hoạt?", "nước sinh hoạt", ("phường", "nào")),
        ("Xã Hùng Sơn có bao nhiêu hộ nghèo?", "hộ nghèo", ("hùng", "sơn", "bao", "nhiêu")),
    ],
)
def test_the_sweep_query_keeps_what_is_asked_as_written_and_leaves_the_frame(
    question, kept, left_out
):
    analysis = analyse(question, communes=["Hùng Sơn"])
    words = analysis.sweep_query.split()
    assert kept in analysis.sweep_query
    assert not set(left_out) & set(words)
