"""Glued syllables are split only where the spelling proves a boundary."""

from __future__ import annotations

import pytest

from ingest.syllables import glued_parts, split_glued


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("vụĐảng", ("vụ", "Đảng")),  # a capital inside a word
        ("uỷUBND", ("uỷ", "UBND")),
        ("Uỷban", ("Uỷ", "ban")),  # no syllable ends in "b"
        ("thứba", ("thứ", "ba")),
        ("Dựthảo", ("Dự", "thảo")),  # two tone marks: two syllables
        ("cửcán", ("cử", "cán")),
        ("Đềnghịcác", ("Đề", "nghị", "các")),
        ("từngày", ("từ", "ngày")),  # the shortest coda that leaves an onset
        ("Thườngvụ", ("Thường", "vụ")),  # ... "ng" when "ngv" cannot start a syllable
    ],
)
def test_glued_syllables_are_split(word: str, parts: tuple[str, ...]) -> None:
    assert glued_parts(word) == parts


@pytest.mark.parametrize(
    "word",
    ["người", "nghịch", "quyết", "Nguyễn", "Hoàng", "khuyến", "giữa", "hoà", "Kaspersky", "ĐẢNG"],
)
def test_whole_syllables_stay_whole(word: str) -> None:
    assert glued_parts(word) == (word,)


def test_split_glued_keeps_everything_but_the_new_spaces() -> None:
    text = "Ban Thường vụĐảng uỷ, Uỷban nhân dân: 47,52%."
    assert split_glued(text) == "Ban Thường vụ Đảng uỷ, Uỷ ban nhân dân: 47,52%."
