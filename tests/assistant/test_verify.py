import pytest

from assistant.types import Citation
from assistant.verify.checks import is_quoted_from, marker_numbers, verify

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim"]
SECTION = "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh. Tỷ lệ hộ nghèo 47,52%."


def citation(number, quote, commune="Hùng Sơn", section=SECTION):
    return Citation(
        number=number,
        quote=quote,
        chunk_id=f"c{number}",
        report_id="r",
        source="a.docx",
        commune=commune,
        document="Xã Hùng Sơn — Báo cáo",
        labels=("II",),
        heading_path=("KẾT QUẢ",),
        section_text=section,
    )


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("a [1]", 2, [1]),
        ("a [0]", 2, []),
        ("a [3]", 2, []),
        ("a [2,3]", 3, [2, 3]),
        ("a [1, 2] b [2] c [1]", 2, [1, 2]),
        ("a [2; 1]", 2, [2, 1]),
        ("no markers", 2, []),
        ("a [12]", 2, []),
        ("[source 1]", 2, []),
    ],
)
def test_marker_numbers_is_bounds_checked(text, count, expected):
    assert marker_numbers(text, count=count) == expected


def test_quote_check_ignores_whitespace_and_tone_mark_style():
    assert is_quoted_from("07  trường học\nvới 82 lớp", SECTION)
    assert is_quoted_from("Tỷ lệ hộ nghèo", "tỉ lệ x. Tỷ lệ hộ nghèo")
    assert not is_quoted_from("08 trường học", SECTION)
    assert not is_quoted_from("   ", SECTION)


def test_failed_citation_drops_its_claim_and_renumbers():
    text = "Xã Hùng Sơn có 08 trường [1]. Xã Hùng Sơn có 82 lớp [2]."
    cites = [citation(1, "08 trường học"), citation(2, "82 lớp")]
    result = verify(text, cites, communes=COMMUNES)
    assert result.text == "Xã Hùng Sơn có 82 lớp [1]."
    assert [c.number for c in result.citations] == [1]
    assert result.citations[0].quote == "82 lớp"
    assert result.dropped == 1


def test_commune_without_supporting_citation_is_removed():
    text = "Xã Hùng Sơn có 82 lớp [1].\nXã Mường Kim cũng vậy."
    result = verify(text, [citation(1, "82 lớp")], communes=COMMUNES)
    assert "Mường Kim" not in result.text
    assert result.communes == ("Hùng Sơn",)


def test_out_of_range_marker_is_removed_and_valid_one_kept():
    result = verify("Xã Hùng Sơn có 82 lớp [1, 5].", [citation(1, "82 lớp")], communes=COMMUNES)
    assert result.text == "Xã Hùng Sơn có 82 lớp [1]."


def test_nothing_verifiable_leaves_no_citation():
    result = verify("Xã Hùng Sơn có 9 lớp [1].", [citation(1, "9 lớp")], communes=COMMUNES)
    assert result.citations == ()
    assert result.text == ""
