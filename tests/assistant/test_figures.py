import pytest

from assistant.figures import find_figures, format_number, parse_number


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1.683", 1683.0),
        ("47,52", 47.52),
        ("47,52%", 47.52),
        ("2,528,008", 2528008.0),
        ("8.026", 8026.0),
        ("1.234,5", 1234.5),
        ("07", 7.0),
        ("20,5", 20.5),
        ("abc", None),
        ("12/38", None),
    ],
)
def test_parse_number_reads_vietnamese_and_english_spellings(printed, value):
    assert parse_number(printed) == value


def test_find_figures_keeps_percent_and_position():
    figures = find_figures("tỷ lệ hộ nghèo là 47,52% (979 hộ nghèo)")
    assert [(f.text, f.is_percent) for f in figures] == [("47,52%", True), ("979", False)]


@pytest.mark.parametrize(
    ("value", "printed"), [(1683, "1.683"), (47.52, "47,52"), (2528008, "2.528.008"), (7, "7")]
)
def test_format_number_uses_dot_thousands_and_comma_decimals(value, printed):
    assert format_number(value) == printed
