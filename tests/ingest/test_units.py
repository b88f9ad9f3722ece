"""Unit kinds and names as reports write them (wards, special zones, names that are words)."""

from __future__ import annotations

import pytest

from ingest.units import kind_of, unit_from_text, unit_label, unit_mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND PHƯỜNG SA ĐÉC chỉ đạo", {("phường", "Sa Đéc")}),
        ("Đảng bộ đặc khu DÂN CHỦ lần thứ I", {("đặc khu", "Dân Chủ")}),
        ("trên địa bàn thị xã Ninh Hòa", {("thị xã", "Ninh Hòa")}),  # not "xã Ninh Hòa"
        ("sáp nhập 04 xã: Tr’hy, Axan", set()),
        ("giáp xã Tr’hy, Axan", {("xã", "Tr’hy")}),
        ("Đảng ủy xã thống nhất kế hoạch", set()),  # a verb, not the commune Thống Nhất
        ("KINH TẾ - XÃ HỘI", set()),
        ("UBND XÃ MƯỜNG KIM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {("xã", "Mường Kim")}),
        ("xã Cộng Hòa được công nhận", {("xã", "Cộng Hòa")}),  # a real name, not the motto
        ("XÃ ĐỘC LẬP", {("xã", "Độc Lập")}),
    ],
)
def test_unit_mentions_are_names_after_their_unit_word(text, expected):
    assert set(unit_mentions(text)) == expected


def test_labels_name_the_kind_as_written_and_never_guess_it():
    assert unit_label("phường", "Sa Đéc") == "Phường Sa Đéc"
    assert unit_label("đặc khu", "Phú Quốc", language="en") == "Phú Quốc special zone"
    assert unit_label(None, "Hùng Sơn") == "Hùng Sơn"
    assert unit_label("xã", None) == "Không rõ đơn vị"


def test_kind_of_reads_any_case_and_spelling():
    assert kind_of("PHƯỜNG") == "phường"
    assert kind_of("thi tran") == "thị trấn"
    assert kind_of("tổ") is None


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("xã Tân Hòa", ("xã", "Tân Hòa")),
        ("phường 3", ("phường", "3")),
        ("đặc khu Phú Quốc", ("đặc khu", "Phú Quốc")),
        ("Thị xã  Sơn Tây", ("thị xã", "Sơn Tây")),  # the longest kind, not "xã"
        ("THỊ TRẤN MƯỜNG KIM", ("thị trấn", "Mường Kim")),
        ("xã Ea H'Leo", ("xã", "Ea H'Leo")),
        ("tân hòa", (None, "Tân Hòa")),  # no kind written: none guessed
    ],
)
def test_a_typed_unit_is_read_as_kind_and_name(typed: str, unit: tuple[str | None, str]) -> None:
    assert unit_from_text(typed) == unit


@pytest.mark.parametrize("typed", ["", "  ", "xã", "Thị xã"])
def test_a_typed_unit_without_a_name_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="type the kind and the name"):
        unit_from_text(typed)
