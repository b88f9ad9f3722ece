from __future__ import annotations

import pytest

from assistant.types import Answer, Citation
from tests.ui.scripted import make_report
from ui import render

PAYLOADS = [
    "<img src=http://8.8.8.8/x.png onerror=alert(1)>",
    "![x](http://8.8.8.8/y.png)",
    "[click](javascript:alert(1))",
    "<script>alert(1)</script>",
    "see http://8.8.8.8/z and www.example.com",
]


def _citation(number: int = 1, quote: str = "đề nghị hỗ trợ", text: str = "") -> Citation:
    return Citation(
        number=number, quote=quote, chunk_id="c", report_id="r", source="a.docx",
        commune="Hùng Sơn", document="Xã Hùng Sơn — Báo cáo", labels=("V", "4"),
        heading_path=("KIẾN NGHỊ", "Đề xuất"), section_text=text or f"Xã {quote} làm đường.",
        page=3,
    )  # fmt: skip


def _answer(text: str, citations: tuple[Citation, ...] = (), *, abstained: bool = False) -> Answer:
    return Answer("q", text, citations, abstained, "vi")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_untrusted_text_cannot_make_links_images_or_html(payload: str) -> None:
    out = render.neutralize_markdown(payload)
    assert "<" not in out
    assert "![" not in out and "](" not in out
    assert "http://" not in out and "www." not in out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_html_has_no_tags_or_template_syntax(payload: str) -> None:
    out = render.escape_html(payload + " ${x} {{y}}")
    assert "<" not in out and "{" not in out and "$" not in out


def test_known_markers_link_to_the_citation_panel_and_unknown_stay_text() -> None:
    out = render.link_markers("Xã A [1], xã B [2,3] và [9].", {1, 2, 3})
    assert "[\\[1\\]](#cite-1)" in out
    assert "(#cite-2)" in out and "(#cite-3)" in out
    assert "#cite-9" not in out and "\\[9\\]" in out


def test_answer_lists_its_sources_and_abstention_looks_different() -> None:
    cited = render.answer_markdown(_answer("Xã Hùng Sơn đề nghị [1]", (_citation(),)))
    assert "#cite-1" in cited and "V.4" in cited and "trang 3" in cited
    assert "Xã Hùng Sơn — Xã Hùng Sơn" not in cited  # commune named once
    refused = render.answer_markdown(_answer("Không có.", abstained=True), "en")
    assert refused.startswith("> ") and "Not found in the reports" in refused


def test_payload_inside_an_answer_stays_text() -> None:
    answer = _answer(f"Xã A: {PAYLOADS[1]} {PAYLOADS[0]} [1]", (_citation(quote=PAYLOADS[0]),))
    markdown = render.answer_markdown(answer)
    assert "![" not in markdown and "<img" not in markdown
    cards = render.citations_html(answer)
    assert "<img" not in cards and "&lt;img" in cards


def test_highlight_marks_the_quote_across_whitespace_and_escapes_the_rest() -> None:
    text = "Mở đầu <b>x</b>.\nXã đề   nghị\nhỗ trợ làm đường. Hết."
    out = render.highlight(text, "đề nghị hỗ trợ làm đường.")
    assert "<mark class='bc-quote'>đề   nghị<br>hỗ trợ làm đường.</mark>" in out
    assert "&lt;b&gt;" in out


def test_highlight_without_match_shows_text_unmarked() -> None:
    assert "<mark" not in render.highlight("abc", "xyz")


def test_source_view_names_place_and_page() -> None:
    out = render.source_html(_citation())
    assert "V.4" in out and "trang 3" in out and "<mark" in out
    assert "KIẾN NGHỊ › Đề xuất" in out


def test_plain_answer_is_unformatted_with_quotes() -> None:
    out = render.plain_answer(_answer("Xã Hùng Sơn [1]", (_citation(),)))
    assert out.startswith("Xã Hùng Sơn [1]") and "“đề nghị hỗ trợ”" in out and "\\" not in out


def test_stream_prefixes_grow_and_stop_before_the_full_text() -> None:
    text = " ".join(str(i) for i in range(30))
    prefixes = list(render.stream_prefixes(text, step=10))
    assert prefixes == [" ".join(str(i) for i in range(n)) for n in (10, 20)]


def test_report_tree_escapes_sections() -> None:
    report = make_report("<b>r</b>.txt", "Một <script>alert(1)</script>.\n\nHai.")
    out = render.report_tree_html(report)
    assert "<script>" not in out and "&lt;script&gt;" in out and "margin-left" in out


def test_a_ward_is_labelled_as_a_ward_and_header_citations_say_so() -> None:
    ward = Citation(
        number=1,
        quote="Số: 3394/BC-UBND",
        chunk_id="c1",
        report_id="r",
        source="a.txt",
        commune="An Ninh",
        document="Phường An Ninh — Báo cáo 3394/BC-UBND (2026-06-19)",
        labels=("phần đầu",),
        heading_path=("Phần đầu văn bản",),
        section_text="Số: 3394/BC-UBND",
        unit_kind="phường",
    )
    label = render.citation_label(ward)
    assert label.startswith("Phường An Ninh — Báo cáo 3394/BC-UBND")
    assert "Xã" not in label and "Phần đầu văn bản" in label
