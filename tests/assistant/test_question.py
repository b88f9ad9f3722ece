import pytest

from assistant.types import Turn
from assistant.understand.analysis import analyse, find_communes, history_turns, keep_commune
from assistant.understand.language import detect_language

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"]


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?", "vi"),
        ("ty le ho ngheo cua xa hung son la bao nhieu", "vi"),
        ("What is the 2026 theme (chủ đề năm) adopted by Quan Sơn commune?", "en"),
        ("Which commune asked for funding for foreign relations with Laos?", "en"),
        ("How many tourists visited Quan Sơn in April 2026?", "en"),
        ("Còn tỷ lệ cận nghèo thì sao?", "vi"),
    ],
)
def test_detect_language(question, language):
    assert detect_language(question) == language


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("xa Hung Son", ("Hùng Sơn",)),
        ("Hung Son commune", ("Hùng Sơn",)),
        ("QUAN SON và Vũ Quang", ("Quan Sơn", "Vũ Quang")),
        ("Quang Sơn", ()),
        ("Sơn", ()),
    ],
)
def test_find_communes_is_diacritics_and_case_insensitive(text, found):
    assert find_communes(text, COMMUNES) == found


def test_which_question_intent_in_english():
    analysis = analyse(
        "Which commune asked for funding for foreign relations with Laos?", communes=COMMUNES
    )
    assert analysis.intent == "which"
    assert analysis.language == "en"
    # No word list translates it: the search embeds the question as asked.
    assert analysis.search_query.startswith(analysis.text)


def test_where_inside_a_named_commune_is_a_fact_scoped_to_it():
    scoped = analyse("Where does Hùng Sơn plan to build its new commune centre?", communes=COMMUNES)
    assert scoped.intent == "fact"
    assert scoped.communes == ("Hùng Sơn",)
    assert analyse("Where is the new market being built?", communes=COMMUNES).intent == "which"


def test_superlative_is_a_comparison_without_its_words_as_concepts():
    analysis = analyse("Xã nào có tỷ lệ hộ nghèo cao nhất?", communes=COMMUNES)
    assert analysis.intent == "compare"
    assert analysis.wants_highest is True
    labels = [concept.label for concept in analysis.concepts]
    assert "cao" not in labels and "nhat" not in labels
    assert (
        analyse("Which commune has the lowest poverty rate?", communes=COMMUNES).wants_highest
        is False
    )


def test_follow_up_inherits_commune_and_figure_intent():
    history = history_turns(
        [
            {"role": "user", "content": "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?"},
            {"role": "assistant", "content": "Tỷ lệ hộ nghèo của xã Hùng Sơn là 47,52%."},
        ]
    )
    analysis = analyse("Còn tỷ lệ cận nghèo thì sao?", communes=COMMUNES, history=history)
    assert analysis.communes == ("Hùng Sơn",)
    assert analysis.commune_from_history and analysis.is_follow_up
    assert analysis.wants_figure


def test_named_commune_beats_history():
    history = [Turn("user", "Xã Hùng Sơn có bao nhiêu trường?")]
    analysis = analyse("Còn xã Mường Kim?", communes=COMMUNES, history=history)
    assert analysis.communes == ("Mường Kim",)


def test_english_words_unknown_to_the_reports_are_not_required():
    analysis = analyse(
        "What share of Vũ Quang residents had health insurance in 2025?",
        communes=COMMUNES,
        in_vocabulary=lambda word: word == "2025",
    )
    labels = [concept.label for concept in analysis.concepts]
    assert "residents" not in labels and "insurance" not in labels
    assert "2025" in labels
    assert analysis.communes == ("Vũ Quang",)


@pytest.mark.parametrize(
    ("question", "doc_types", "date_from", "date_to"),
    [
        ("Theo nghị quyết, chỉ tiêu rừng trồng là bao nhiêu?", ("Nghị quyết",), None, None),
        (
            "Trong thông báo tháng 4/2026, công an xã làm gì?",
            ("Thông báo",),
            "2026-04",
            "2026-04-31",
        ),
        ("In the resolution of 2025, what is the target?", ("Nghị quyết",), "2025", "2025-12-31"),
        ("Tỷ lệ hộ nghèo là bao nhiêu?", (), None, None),
    ],
)
def test_document_type_and_period_words_become_filters(question, doc_types, date_from, date_to):
    analysis = analyse(
        question, communes=COMMUNES, doc_types=["Báo cáo", "Nghị quyết", "Thông báo"]
    )
    assert analysis.filters.doc_types == doc_types
    assert (analysis.filters.date_from, analysis.filters.date_to) == (date_from, date_to)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("Tỷ lệ hộ nghèo của xã Tây Giang là bao nhiêu?", ("Tây Giang",)),
        ("What is the poverty rate of Ta Xua commune?", ("Ta Xua",)),
        ("What is the poverty rate of Quan Son commune?", ()),
        ("Which commune has the most schools?", ()),
        ("UBND xã tổ chức hội nghị gì?", ()),
        ("Những xã nào giáp Lào?", ()),
    ],
)
def test_communes_no_report_covers_are_noticed(question, unknown):
    assert analyse(question, communes=COMMUNES).unknown_communes == unknown


def test_follow_up_naming_another_year_drops_the_previous_year():
    history = [Turn(role="user", content="How much budget revenue did Vũ Quang collect in 2025?")]
    analysis = analyse(
        "And what is the revenue target for 2026?", communes=COMMUNES, history=history
    )
    labels = [concept.label for concept in analysis.concepts]
    assert "2026" in labels and "2025" not in labels
    assert analysis.communes == ("Vũ Quang",)


def test_standalone_retry_keeps_the_conversation_commune():
    history = [Turn(role="user", content="How much budget revenue did Vũ Quang collect in 2025?")]
    follow_up = analyse("And the revenue target?", communes=COMMUNES, history=history)
    standalone = analyse("And the revenue target?", communes=COMMUNES)
    assert keep_commune(standalone, follow_up).communes == ("Vũ Quang",)
    named = analyse("And the revenue target of Mường Kim?", communes=COMMUNES)
    assert keep_commune(named, follow_up).communes == ("Mường Kim",)


def test_day_month_matches_a_date_written_with_its_year():
    from assistant.passages import contains

    folded = " tinh den ngay 28/5/2026 , co 43 nhiem vu hoan thanh "
    assert contains(folded, "28/5")
    assert not contains(folded, "28/6")
    assert not contains(" so 28/5/tw ", "5/tw")


def test_or_is_not_a_concept():
    analysis = analyse("Xã nào tổ chức lễ cúng rừng hoặc lễ tạ ơn rừng?", communes=COMMUNES)
    labels = [concept.label for concept in analysis.concepts]
    assert "hoac" not in labels and "cung" in labels
