"""Answers over a unit's reports in time: each period's figure, the change, the newest first."""

from assistant.compose.periods import compose_history, compose_trend
from assistant.evidence.scoring import Evidence
from assistant.evidence.series import PeriodEvidence, period_of
from assistant.passages import split_passages
from assistant.understand.analysis import analyse
from tests.assistant.memory_index import make_chunk

COMMUNES = ["Hùng Sơn"]


def in_period(text: str, period: str, *, doc_type: str = "Báo cáo") -> PeriodEvidence:
    chunk = make_chunk("Hùng Sơn", text, period=period, doc_type=doc_type)
    found = period_of(Evidence(split_passages(chunk)[0], 0.9, frozenset(), 0))
    assert found is not None
    return found


def test_an_english_trend_says_the_change_in_percentage_points():
    analysis = analyse("How has the poverty rate of Hùng Sơn changed?", communes=COMMUNES)
    series = [
        in_period("Tỷ lệ hộ nghèo là 47,52%.", "quý I/2026"),
        in_period("Tỷ lệ hộ nghèo là 45,10%.", "quý II/2026"),
        in_period("Tỷ lệ hộ nghèo là 46,00%.", "quý III/2026"),
    ]
    text, citations = compose_trend(analysis, series, [1.0] * len(analysis.concepts))
    lines = text.splitlines()
    assert lines[0] == (
        "Hùng Sơn commune by period: quý I/2026: 47,52% [1]; quý II/2026: 45,10% [2]; "
        "quý III/2026: 46,00% [3]."
    )
    assert lines[1] == "From quý I/2026 to quý III/2026: down 1,52 percentage points [1, 3]."
    assert [c.quote for c in citations] == [p.item.passage.text for p in series]


def test_counts_change_in_their_own_noun_and_other_measures_are_not_subtracted():
    analysis = analyse("Số hộ nghèo của xã Hùng Sơn thay đổi thế nào?", communes=COMMUNES)
    weights = [1.0] * len(analysis.concepts)
    counts = [
        in_period("Xã có 979 hộ nghèo.", "quý I/2026"),
        in_period("Xã có 930 hộ nghèo.", "quý II/2026"),
    ]
    assert "giảm 49 hộ [1, 2]." in compose_trend(analysis, counts, weights)[0]
    mixed = [
        in_period("Xã có 979 hộ nghèo.", "quý I/2026"),
        in_period("Tỷ lệ hộ nghèo là 45,10%.", "quý II/2026"),
    ]
    assert "giảm" not in compose_trend(analysis, mixed, weights)[0]


def test_history_shows_only_earlier_periods_whose_figure_differs():
    analysis = analyse("Tỷ lệ hộ nghèo của xã Hùng Sơn?", communes=COMMUNES)
    weights = [1.0] * len(analysis.concepts)
    history = [
        in_period("Tỷ lệ hộ nghèo là 45,10%.", "quý III/2026"),
        in_period("Tỷ lệ hộ nghèo là 45,10%.", "quý II/2026"),
        in_period("Tỷ lệ hộ nghèo là 47,52%.", "quý I/2026"),
    ]
    composed = compose_history(analysis, history, weights)
    assert composed is not None
    text, citations = composed
    assert text.splitlines()[0].startswith("45,10% (quý III/2026, kỳ gần nhất)")
    assert "Các kỳ trước: quý I/2026: 47,52% [2]." in text
    assert len(citations) == 2  # quý II says what quý III says: not repeated


def test_only_reports_make_a_series():
    chunk = make_chunk("Hùng Sơn", "Tỷ lệ 5%.", period="tháng 5/2026", doc_type="Công văn")
    assert period_of(Evidence(split_passages(chunk)[0], 0.9, frozenset(), 0)) is None
