"""The extractive answer: the value first, quotes grouped by unit, comparisons ranked."""

from assistant.compose.text import compose, compose_comparison
from assistant.evidence.scoring import Evidence
from assistant.passages import split_passages
from assistant.understand.analysis import analyse
from tests.assistant.memory_index import make_chunk

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Vũ Quang"]


def evidence(commune, text, *, probability=0.9, labels=("I", "2"), concepts=0):
    """A scored passage mentioning the first `concepts` concepts of its question."""
    passage = split_passages(make_chunk(commune, text, labels=labels))[0]
    return Evidence(passage, probability, frozenset(range(concepts)), 0)


def weights_of(analysis):
    return [1.0] * len(analysis.concepts)


def test_a_figure_question_leads_with_the_figure_and_where_it_is_from():
    analysis = analyse("Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?", communes=COMMUNES)
    item = evidence(
        "Hùng Sơn", "Tỷ lệ hộ nghèo là 47,52% (979 hộ nghèo).", concepts=len(analysis.concepts)
    )
    text, citations = compose(analysis, [item], lead=item, weights=weights_of(analysis))
    first, second = text.splitlines()
    assert first == "47,52% — Xã Hùng Sơn, Báo cáo 1/BC (2026-05-20), mục I.2 [1]"
    assert second == "Xã Hùng Sơn: «Tỷ lệ hộ nghèo là 47,52% (979 hộ nghèo).» [1]"
    assert citations[0].quote == item.passage.text


def test_an_english_question_gets_an_english_frame_and_a_vietnamese_quote():
    analysis = analyse("What is the poverty rate of Hùng Sơn?", communes=COMMUNES)
    item = evidence("Hùng Sơn", "Tỷ lệ hộ nghèo là 47,52%.", concepts=len(analysis.concepts))
    text, _ = compose(analysis, [item], lead=item, weights=weights_of(analysis))
    assert text.splitlines()[0].endswith(
        "Hùng Sơn commune, Báo cáo 1/BC (2026-05-20), section I.2 [1]"
    )
    assert "«Tỷ lệ hộ nghèo là 47,52%.»" in text


def test_a_description_question_leads_with_the_quote():
    analysis = analyse("Công an xã được giao nhiệm vụ gì?", communes=COMMUNES)
    item = evidence(
        "Hùng Sơn",
        "Công an xã chủ trì tuần tra ban đêm từ ngày 15/3/2026.",
        concepts=len(analysis.concepts),
    )
    text, _ = compose(analysis, [item], lead=item, weights=weights_of(analysis))
    assert text.startswith("Xã Hùng Sơn: «")


def test_the_lead_comes_from_the_next_quote_when_the_best_has_no_value():
    analysis = analyse("Khối chính quyền được bao nhiêu biên chế?", communes=COMMUNES)
    best = evidence(
        "Hùng Sơn",
        "Biên chế được giao theo quy định.",
        probability=0.9,
        concepts=len(analysis.concepts),
    )
    other = evidence(
        "Hùng Sơn",
        "Khối chính quyền được giao 41 biên chế.",
        probability=0.6,
        concepts=len(analysis.concepts),
    )
    text, _ = compose(analysis, [best, other], lead=best, weights=weights_of(analysis))
    assert text.startswith("41 — Xã Hùng Sơn") and text.splitlines()[0].endswith("[2]")


def test_a_list_names_every_unit_then_quotes_each():
    analysis = analyse("Những xã nào giáp Lào?", communes=COMMUNES)
    items = [
        evidence("Hùng Sơn", "Xã giáp Lào.", concepts=len(analysis.concepts)),
        evidence("Vũ Quang", "Có đường biên giáp Lào.", concepts=len(analysis.concepts)),
    ]
    text, citations = compose(analysis, items)
    assert text.startswith("Các xã: Hùng Sơn, Vũ Quang.")
    assert [c.commune for c in citations] == ["Hùng Sơn", "Vũ Quang"]


def test_a_comparison_ranks_figures_of_one_unit():
    analysis = analyse("Xã nào có tỷ lệ hộ nghèo cao nhất?", communes=COMMUNES)
    items = [
        evidence("Lùng Phình", "Tỷ lệ hộ nghèo (25,46%) còn cao.", concepts=len(analysis.concepts)),
        evidence(
            "Hùng Sơn", "Tỷ lệ hộ nghèo là 47,52% (979 hộ nghèo).", concepts=len(analysis.concepts)
        ),
    ]
    text, _ = compose_comparison(analysis, items, weights_of(analysis))
    assert text.startswith("Xã Hùng Sơn có số liệu cao nhất.")
    assert text.index("47,52%") < text.index("25,46%")


def test_a_comparison_does_not_rank_a_percentage_against_an_amount():
    analysis = analyse(
        "Which collected more budget revenue, Hùng Sơn or Vũ Quang?", communes=COMMUNES
    )
    items = [
        evidence(
            "Hùng Sơn",
            "Tổng thu ngân sách đạt 101,29% so với dự toán.",
            concepts=len(analysis.concepts),
        ),
        evidence(
            "Vũ Quang",
            "Thu ngân sách trên địa bàn đạt 19,655 tỷ đồng.",
            concepts=len(analysis.concepts),
        ),
    ]
    text, _ = compose_comparison(analysis, items, weights_of(analysis))
    assert text.startswith("Figures in the reports:")
