"""PDF: one block per printed line with its page; nothing joined or dropped here."""

from __future__ import annotations

import pytest

from ingest.loaders import load_document
from ingest.loaders.pdf_visibility import IDENTITY, VisibilityTracker, multiply
from tests.data import pdf_fixtures as P
from tests.data.make_samples import Samples


@pytest.fixture(scope="module")
def lines(samples: Samples) -> list[tuple[int | None, str]]:
    return [(block.page, block.text) for block in load_document(samples.structured_pdf).blocks]


def test_running_header_and_footer_on_every_page(lines: list[tuple[int | None, str]]) -> None:
    assert (1, P.HEADER) in lines and (2, P.HEADER) in lines
    assert (1, "Trang 1/2") in lines and (2, "Trang 2/2") in lines


def test_wrapped_heading_and_hyphenation_kept_as_printed(
    lines: list[tuple[int | None, str]],
) -> None:
    texts = [text for _, text in lines]
    first = texts.index(P.WRAPPED_HEADING[0])
    assert texts[first + 1] == P.WRAPPED_HEADING[1]
    hyphen = texts.index(P.HYPHENATED[0])
    assert texts[hyphen + 1] == P.HYPHENATED[1]


def test_page_break_mid_sentence(lines: list[tuple[int | None, str]]) -> None:
    assert (1, P.PAGE_BREAK_HEAD) in lines
    assert (2, P.PAGE_BREAK_TAIL) in lines
    assert lines.index((1, P.PAGE_BREAK_HEAD)) < lines.index((2, P.PAGE_BREAK_TAIL))


def test_footnote_marker_and_note(lines: list[tuple[int | None, str]]) -> None:
    texts = [text for _, text in lines]
    assert P.FOOTNOTED_LINE + "1" in texts  # the raised marker stays glued, as pypdf reads it
    assert P.FOOTNOTE_LINE in texts


def test_pages_are_one_based(lines: list[tuple[int | None, str]]) -> None:
    assert {page for page, _ in lines} == {1, 2}


def test_matrix_product_order() -> None:
    scale = (2.0, 0.0, 0.0, 2.0, 0.0, 0.0)
    shift = (1.0, 0.0, 0.0, 1.0, 10.0, 20.0)
    assert multiply(scale, shift)[4:] == (10.0, 20.0)
    assert multiply(shift, scale)[4:] == (20.0, 40.0)
    assert multiply(IDENTITY, scale) == scale


def test_state_is_restored_after_q_Q() -> None:
    ops = [
        ([], b"q"), ([1], b"g"), ([], b"BT"), (["/F1", 12], b"Tf"), ([b"white"], b"Tj"),
        ([], b"ET"), ([], b"Q"), ([], b"BT"), (["/F1", 12], b"Tf"), ([72, 700], b"Td"),
        ([b"black"], b"Tj"), ([], b"ET"),
    ]  # fmt: skip
    split = VisibilityTracker((0, 0, 595, 842)).split(ops)
    assert split.hidden_shows == 1
    assert ([b"black"], b"Tj") in split.visible and ([b"white"], b"Tj") not in split.visible


def test_scaled_down_text_counts_as_tiny() -> None:
    ops = [([0.05, 0, 0, 0.05, 0, 0], b"cm"), ([], b"BT"), (["/F1", 12], b"Tf"),
           ([72, 700], b"Td"), ([b"tiny"], b"Tj"), ([], b"ET")]  # fmt: skip
    assert VisibilityTracker((0, 0, 595, 842)).split(ops).hidden_shows == 1


def test_text_inside_a_page_sized_clip_stays_visible() -> None:
    ops = [([0, 0, 595, 842], b"re"), ([], b"W*"), ([], b"n"), ([], b"BT"),
           (["/F1", 12], b"Tf"), ([72, 700], b"Td"), ([b"shown"], b"Tj"), ([], b"ET")]  # fmt: skip
    assert VisibilityTracker((0, 0, 595, 842)).split(ops).hidden_shows == 0


def test_rgb_and_cmyk_white_are_hidden() -> None:
    for colour in (([1, 1, 1], b"rg"), ([0, 0, 0, 0], b"k"), ([0.98], b"sc")):
        ops = [colour, ([], b"BT"), (["/F1", 12], b"Tf"), ([72, 700], b"Td"),
               ([b"white"], b"Tj"), ([], b"ET")]  # fmt: skip
        assert VisibilityTracker((0, 0, 595, 842)).split(ops).hidden_shows == 1, colour
