"""One tone-mark convention (modern placement) and the comparison form used by verify."""

from __future__ import annotations

import pytest

from ingest import fold, normalize_text
from ingest.tones import place_tone_marks, tone_position


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("hòa", "hoà"),
        ("hoà", "hoà"),
        ("thủy lợi", "thuỷ lợi"),
        ("Đảng ủy", "Đảng uỷ"),
        ("ĐẢNG ỦY", "ĐẢNG UỶ"),
        ("xóa đói", "xoá đói"),
        ("khỏe", "khoẻ"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: mark stays on the last vowel
        ("quốc phòng", "quốc phòng"),  # "qu" is a consonant
        ("người", "người"),  # "ươ": on ơ
        ("giữ gìn", "giữ gìn"),  # "gi" is a consonant
        ("quý", "quý"),
        ("mùa", "mùa"),
        ("khuya", "khuya"),
        ("tuổi", "tuổi"),
        ("Tr’hy", "Tr’hy"),  # a local name without a tone is left alone
    ],
)
def test_tone_marks_move_to_the_modern_vowel(printed: str, expected: str) -> None:
    assert place_tone_marks(printed) == expected


@pytest.mark.parametrize("word", ["thủy", "thuỷ", "hòa", "Hoà", "quả", "chuyển", "ương"])
def test_tone_placement_is_idempotent(word: str) -> None:
    once = place_tone_marks(word)
    assert place_tone_marks(once) == once


def test_decomposed_input_is_composed_first() -> None:
    decomposed = "ho\u0300a"  # "hòa" typed with a combining grave accent
    assert place_tone_marks(decomposed) == "hoà"


def test_tone_position_gives_up_on_non_syllables() -> None:
    assert tone_position("bcd") is None
    assert tone_position("banana") is None  # two vowel groups: not one syllable


def test_normalize_text_unifies_spellings_whitespace_and_quotes() -> None:
    a = normalize_text("Thành  ủy hòa\n“Da’ding” – 8.026")
    b = normalize_text('Thành uỷ hoà "Da\'ding" - 8.026')
    assert a == b == 'Thành uỷ hoà "Da\'ding" - 8.026'


def test_normalize_text_is_idempotent_on_a_report() -> None:
    text = "Xã Hùng Sơn được thành lập… tỷ lệ hộ nghèo còn cao (47,52%); Đảng ủy, thủy lợi."
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_fold_strips_diacritics_and_case() -> None:
    assert fold("Xã  QUAN Sơn, Đảng ủy") == "xa quan son, dang uy"
    assert fold("Quan Son") == fold("Quan Sơn")
    assert fold("hòa") == fold("hoà") == "hoa"
