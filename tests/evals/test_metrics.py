"""Metrics on small hand-made cases: every check can pass and fail."""

from __future__ import annotations

import pytest

from evals.metrics import (
    Observed,
    contains_evidence,
    evidence_rank,
    has_fact,
    names_commune,
    percentile,
    score_question,
    summarise,
)
from evals.questions import Expectation

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"]


@pytest.mark.parametrize(
    ("text", "spellings", "expected"),
    [
        ("tỷ lệ hộ nghèo là 47,52% (979 hộ)", ["47,52", "47.52"], True),
        ("the poverty rate is 47.52%", ["47,52", "47.52"], True),
        ("tỷ lệ 47,5%", ["47,52"], False),
        ("có 15 hộ", ["5"], False),  # a figure is not part of a bigger one
        ("đạt 5,2%", ["5"], False),
        ("05 vụ vi phạm", ["05", "5"], True),
        ("05 vụ vi phạm", ["5"], False),
        ("1.683 học sinh", ["1.683", "1683"], True),
        ("đạt 4/10 tiêu chí", ["4/10"], True),
        ("đạt 14/10", ["4/10"], False),
        ("dân tộc Cơtu", ["cotu"], True),  # names: case- and diacritics-insensitive
        ("", ["1"], False),
    ],
)
def test_has_fact(text: str, spellings: list[str], expected: bool) -> None:
    assert has_fact(text, spellings) is expected


@pytest.mark.parametrize(
    ("text", "commune", "expected"),
    [
        ("Xã Hùng Sơn đề nghị", "Hùng Sơn", True),
        ("xa hung son de nghi", "Hùng Sơn", True),
        ("QUAN SON commune", "Quan Sơn", True),
        ("Xã Hùng Sơn đề nghị", "Quan Sơn", False),
        ("Vũ Quangxyz", "Vũ Quang", False),  # whole words only
    ],
)
def test_names_commune(text: str, commune: str, expected: bool) -> None:
    assert names_commune(text, commune) is expected


def test_evidence_ignores_case_whitespace_and_tone_placement() -> None:
    passage = "Tiến tới xây dựng\n xã  không ma tuý."
    assert contains_evidence(passage, ["xây dựng xã không MA TÚY"])
    assert not contains_evidence(passage, ["xã không ma túy nữa"])
    assert not contains_evidence(passage, ["   "])


def test_evidence_rank_is_first_matching_chunk() -> None:
    hits = ["không liên quan", "có 07 trường học", "Toàn xã có 07 trường học với 82 lớp"]
    assert evidence_rank(hits, ["07 trường học với 82 lớp", "có 07 trường"]) == 2
    assert evidence_rank(hits, ["không có"]) is None
    assert evidence_rank([], ["x"]) is None


def expect(**kwargs: object) -> Expectation:
    return Expectation(**kwargs)  # type: ignore[arg-type]


def observed(
    text: str, *, cited: tuple[str, ...] = (), hits: tuple[str, ...] = (), **kw: object
) -> Observed:
    return Observed(text=text, citation_texts=cited, hit_texts=hits, citations=len(cited), **kw)  # type: ignore[arg-type]


LIST_Q = expect(
    communes=("Hùng Sơn", "Vũ Quang"),
    communes_exclusive=True,
    evidence=("giáp Lào", "Sê Koong"),
)


def test_list_question_all_checks_hold() -> None:
    obs = observed(
        "Xã Hùng Sơn [1] và xã Vũ Quang [2].",
        cited=("tỉnh Sê Koong nước CHDCND Lào", "các thôn giáp Lào"),
        abstained=False,
    )
    checks = score_question(LIST_Q, obs, COMMUNES)
    assert checks.correct and checks.failed == ()


def test_list_question_missing_and_wrong_communes() -> None:
    obs = observed("Xã Hùng Sơn [1] và xã Mường Kim [2].", cited=("Sê Koong",), abstained=False)
    checks = score_question(LIST_Q, obs, COMMUNES)
    assert checks.communes_missing == ("Vũ Quang",)
    assert checks.wrong_communes == ("Mường Kim",)
    assert checks.failed == ("communes", "wrong_communes")


def test_non_exclusive_question_allows_other_communes() -> None:
    question = expect(communes=("Hùng Sơn",), communes_exclusive=False, facts=(("47,52",),))
    obs = observed("Hùng Sơn 47,52%, cao hơn Lùng Phình 25,46%.", abstained=False)
    assert score_question(question, obs, COMMUNES).correct


def test_evidence_must_be_cited_not_just_retrieved() -> None:
    question = expect(communes=("Hùng Sơn",), evidence=("820 đảng viên",))
    obs = observed(
        "Hùng Sơn có 820 đảng viên.",
        cited=("dân số 8.026",),
        hits=("820 đảng viên",),
        abstained=False,
    )
    checks = score_question(question, obs, COMMUNES)
    assert checks.failed == ("evidence",) and checks.evidence_rank == 1


def test_missing_fact_fails() -> None:
    question = expect(facts=(("25,46", "25.46"), ("18,36", "18.36")))
    checks = score_question(question, observed("nghèo 25,46%", abstained=False), COMMUNES)
    assert checks.facts_missing == (("18,36", "18.36"),) and checks.failed == ("facts",)


def test_false_abstention() -> None:
    question = expect(communes=("Hùng Sơn",))
    checks = score_question(
        question, observed("Các báo cáo không có thông tin.", abstained=True), COMMUNES
    )
    assert "false_abstention" in checks.failed


@pytest.mark.parametrize(
    ("abstained", "cited", "correct"),
    [(True, (), True), (True, ("x",), False), (False, (), False)],
)
def test_unanswerable_needs_abstention_without_citations(
    abstained: bool, cited: tuple[str, ...], correct: bool
) -> None:
    question = expect(answerable=False)
    checks = score_question(question, observed("…", cited=cited, abstained=abstained), COMMUNES)
    assert checks.correct is correct
    assert checks.wrong_communes == ()  # exclusivity is not judged on unanswerables


def test_error_is_its_own_failure() -> None:
    checks = score_question(expect(), observed("", abstained=False, error="boom"), COMMUNES)
    assert checks.failed == ("error",)


def test_percentile_nearest_rank() -> None:
    assert percentile([], 0.5) == 0.0
    assert percentile([10.0], 0.95) == 10.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 0.95) == 95.0


def test_summary_by_hand() -> None:
    answerable = expect(communes=("Hùng Sơn",), evidence=("A",), facts=(("1",),))
    checks = [
        # correct, evidence at rank 1
        score_question(
            answerable, observed("Hùng Sơn 1", cited=("A",), hits=("A",), abstained=False), COMMUNES
        ),
        # wrong fact, evidence at rank 2
        score_question(
            answerable,
            observed("Hùng Sơn 2", cited=("A",), hits=("x", "A"), abstained=False),
            COMMUNES,
        ),
        # false abstention, evidence not retrieved
        score_question(answerable, observed("không có", abstained=True), COMMUNES),
        # unanswerable that abstained
        score_question(expect(answerable=False), observed("không có", abstained=True), COMMUNES),
    ]
    summary = summarise(checks, [100.0, 200.0, 300.0, 400.0])
    assert summary.questions == 4 and summary.correct == 2
    assert summary.accuracy == pytest.approx(0.5)
    assert summary.evidence_cited == pytest.approx(2 / 3)
    assert summary.facts == pytest.approx(1 / 3)
    assert summary.commune_recall == pytest.approx(2 / 3)
    assert summary.abstention == 1.0 and summary.false_abstentions == 1
    assert summary.hit_at_1 == pytest.approx(1 / 3)
    assert summary.hit_at_5 == pytest.approx(2 / 3)
    assert summary.mrr == pytest.approx((1 + 0.5 + 0) / 3)
    assert summary.latency_p50_ms == 200.0 and summary.latency_p95_ms == 400.0


def test_summary_of_nothing_is_not_applicable() -> None:
    summary = summarise([], [])
    assert summary.accuracy is None and summary.hit_at_5 is None and summary.abstention is None


def test_a_figure_in_the_quote_alone_is_not_stated() -> None:
    # "How many pupils?" answered only by quoting a sentence that holds some figure.
    question = expect(facts=(("1.683", "1683"),))
    quoted = observed("Xã Hùng Sơn: «… 82 lớp, 1.683 học sinh» [1]", abstained=False)
    stated = observed("1.683 — Xã Hùng Sơn, mục V [1]\n«… 1.683 học sinh» [1]", abstained=False)
    assert score_question(question, quoted, COMMUNES, wants_value=True).failed == ("facts",)
    assert score_question(question, stated, COMMUNES, wants_value=True).correct
    # "Which road …?": the quote naming "ĐT 606" answers it.
    assert score_question(question, quoted, COMMUNES, wants_value=False).correct


def test_a_value_question_reads_the_lead_whatever_the_fact() -> None:
    question = expect(facts=(("Ban Xây dựng Đảng",),))
    answer = observed("Xã Công Hải: «Giao Ban Xây dựng Đảng chủ trì.» [1]", abstained=False)
    assert score_question(question, answer, COMMUNES).correct
    assert not score_question(question, answer, COMMUNES, wants_value=True).correct


def test_an_item_label_copied_with_the_evidence_is_not_required() -> None:
    # Writers copy "II. Thời gian: …"; "II." is the section's number, not its text.
    assert contains_evidence(
        "Thời gian: Vào lúc 08 giờ 00, ngày 03/10/2025.",
        ["II. Thời gian: Vào lúc 08 giờ 00, ngày 03/10/2025."],
    )
    assert contains_evidence("Đồng chí Phó Bí thư chủ trì.", ["- Đồng chí Phó Bí thư chủ trì."])
    assert not contains_evidence("Thời gian: ngày 03/10/2025.", ["II. Địa điểm: Hội trường."])
