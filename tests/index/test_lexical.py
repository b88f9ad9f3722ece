"""Vietnamese terms, BM25 and fusion (pure, fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.fusion import (
    DEFAULT_DENSE_WEIGHT,
    DEFAULT_FOREIGN_DENSE_WEIGHT,
    DEFAULT_UNACCENTED_DENSE_WEIGHT,
    dense_weight,
    fuse,
    query_kind,
)
from index.lexical import LexicalIndex
from index.terms import accent_ratio, terms

DOCS = {
    "water": "Đề nghị hỗ trợ xây dựng công trình nước sinh hoạt cho 8.026 hộ.",
    "number": "Báo cáo số 3394/BC-UBND về tình hình kinh tế - xã hội.",
    "roads": "Hoàn thành 12 km đường giao thông nông thôn, tỷ lệ 47,52%.",
    "school": "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh.",
    "other_number": "Báo cáo số 3395/BC-UBND về công tác quốc phòng.",
}


@pytest.fixture
def lexical() -> LexicalIndex:
    return LexicalIndex.build(list(DOCS), list(DOCS.values()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nước sinh hoạt", {"nước", "nước_sinh", "nuoc", "nuoc_sinh", "sinh_hoat"}),
        ("Số 3394/BC-UBND", {"3394/bc-ubnd", "3394", "ubnd", "so"}),
        ("đạt 8.026 hộ, 47,52%", {"8.026", "47,52", "dat", "đạt_8.026"}),
        ("NƯỚC", {"nước", "nuoc"}),
    ],
)
def test_terms_keep_numbers_and_add_folded_forms(text: str, expected: set[str]) -> None:
    assert expected <= set(terms(text))


def test_no_bigram_across_punctuation() -> None:
    assert "hoạt_số" not in terms("nước sinh hoạt. Số liệu")


def test_terms_are_nfc() -> None:
    decomposed = "nước".encode().decode()  # already NFC; build an NFD variant below
    import unicodedata

    assert terms(unicodedata.normalize("NFD", decomposed)) == terms(decomposed)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("nuoc sinh hoat", "water"),
        ("nước sinh hoạt", "water"),
        ("3394/BC-UBND", "number"),
        ("47,52", "roads"),
        ("1.683 hoc sinh", "school"),
    ],
)
def test_bm25_finds_the_right_document(lexical: LexicalIndex, query: str, best: str) -> None:
    assert lexical.search(query, k=3)[0][0] == best


def test_bm25_respects_the_allowed_set(lexical: LexicalIndex) -> None:
    hits = lexical.search("báo cáo số", k=5, allowed={"other_number"})
    assert [cid for cid, _ in hits] == ["other_number"]


def test_unknown_query_finds_nothing(lexical: LexicalIndex) -> None:
    assert lexical.search("zebra crossing", k=5) == []
    assert LexicalIndex.build([], []).search("nước", k=5) == []


def test_saved_index_loads_with_its_fingerprint(lexical: LexicalIndex, tmp_path: Path) -> None:
    lexical.save(tmp_path / "lexical", fingerprint="f1")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded is not None and LexicalIndex.saved_fingerprint(tmp_path / "lexical") == "f1"
    assert loaded.search("nuoc sinh hoat", k=1) == lexical.search("nuoc sinh hoat", k=1)
    assert LexicalIndex.load(tmp_path / "missing") is None


def test_accent_ratio() -> None:
    assert accent_ratio("nuoc sinh hoat") == 0.0
    assert accent_ratio("nước sinh hoạt") == pytest.approx(2 / 3)
    assert accent_ratio("12345") == 0.0


def test_unaccented_vietnamese_leans_on_lexical(lexical: LexicalIndex) -> None:
    unaccented = dense_weight(
        accent_ratio("nuoc sinh hoat"), lexical.known_fraction("nuoc sinh hoat")
    )
    english = dense_weight(accent_ratio("drinking water"), lexical.known_fraction("drinking water"))
    accented = dense_weight(1.0, 1.0)
    assert unaccented == DEFAULT_UNACCENTED_DENSE_WEIGHT
    assert accented == DEFAULT_DENSE_WEIGHT
    assert english == DEFAULT_FOREIGN_DENSE_WEIGHT


def test_an_english_question_naming_a_commune_is_still_foreign(lexical: LexicalIndex) -> None:
    # "Hùng Sơn" carries diacritics, but the question's words are not the index's.
    question = "What is the drinking water coverage in Hùng Sơn?"
    kind = query_kind(accent_ratio(question), lexical.known_fraction(question))
    assert kind == "foreign"
    assert query_kind(1.0, 1.0) == "accented" and query_kind(0.0, 1.0) == "unaccented"


def test_fuse_min_max_weights_both_sides() -> None:
    dense = {"a": 0.9, "b": 0.8, "c": 0.1}
    lexical = {"c": 12.0, "b": 6.0}
    assert [key for key, _ in fuse(dense, lexical, dense_weight=1.0)][:1] == ["a"]
    assert [key for key, _ in fuse(dense, lexical, dense_weight=0.0)][:1] == ["c"]
    fused = dict(fuse(dense, lexical, dense_weight=0.5))
    assert fused["b"] == pytest.approx(0.5 * (0.7 / 0.8) + 0.5 * 0.0)
    assert fuse({}, {}, dense_weight=0.5) == []
    assert fuse({"x": 0.3}, {}, dense_weight=0.5) == [("x", 0.5)]
